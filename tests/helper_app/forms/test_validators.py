"""Identifier and format validators: personal ID, phone, dates, names, e-mail, integer, time."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from helper_app.forms import Problem
from helper_app.forms import validators as v
from helper_app.forms.id_codes import PROVINCE_ID_PREFIXES, province_name
from helper_app.forms.model import Severity

TODAY = dt.date(2026, 1, 15)


def codes(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.code, p.severity.value) for p in problems]


# ------------------------------------------------------------------ personal ID


def test_province_codes_are_the_63_legacy_codes() -> None:
    assert len(PROVINCE_ID_PREFIXES) == 63
    assert province_name("027") == "Bắc Ninh"
    assert province_name("024") == "Bắc Giang"
    # a public validator swapped these two; ours must not
    assert province_name("019") == "Thái Nguyên"
    assert province_name("025") == "Phú Thọ"
    assert province_name("003") is None
    assert all(len(c) == 3 and c.isdigit() for c in PROVINCE_ID_PREFIXES)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("027 090 001 234", "027090001234"),
        ("027.090.001.234", "027090001234"),
        ("027-090-001234", "027090001234"),
        ("001099012345", "001099012345"),
    ],
)
def test_pid_separators_removed_and_leading_zeros_kept(raw: str, expected: str) -> None:
    assert v.parse_personal_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("02709000123", "pid.length"),
        ("0270900012345", "pid.length"),
        ("02709000123A", "pid.format"),
        ("０２７０９００００１２３", "pid.format"),  # full-width digits
        ("", "pid.format"),
        ("123456789", "pid.legacy_cmnd"),
        ("'; DROP TABLE x;--", "pid.format"),
    ],
)
def test_pid_malformed(raw: str, code: str) -> None:
    with pytest.raises(v.ValidationError) as info:
        v.parse_personal_id(raw)
    assert info.value.code == code
    assert info.value.message_vi and info.value.message_en
    assert raw.strip() == "" or raw not in str(info.value)  # no personal data in exceptions


def test_legacy_cmnd_only_where_allowed() -> None:
    assert v.parse_personal_id("123 456 789", allow_legacy_cmnd=True) == "123456789"
    assert v.check_personal_id("123456789", "p", today=TODAY, allow_legacy_cmnd=True) == []
    assert codes(v.check_personal_id("123456789", "p", today=TODAY)) == [
        ("pid.legacy_cmnd", "error")
    ]


def test_pid_valid_with_matching_birth_year_and_gender() -> None:
    assert (
        v.check_personal_id("027090001234", "p", today=TODAY, birth_date="1990-03-04", gender="Nam")
        == []
    )
    assert (
        v.check_personal_id("001305001234", "p", today=TODAY, birth_date="2005", gender="Nữ") == []
    )
    nfd_female = unicodedata.normalize("NFD", "Nữ")
    assert v.check_personal_id("001305001234", "p", today=TODAY, gender=nfd_female) == []


@pytest.mark.parametrize(
    ("pid", "kwargs", "expected"),
    [
        ("003090001234", {}, [("pid.province", "warning")]),
        ("027490001234", {}, [("pid.century", "error")]),
        ("027990001234", {}, [("pid.century", "error")]),
        ("027227001234", {}, [("pid.future_year", "error")]),
        ("027090001234", {"birth_date": "1991-03-04"}, [("pid.birth_year_mismatch", "error")]),
        ("027210001234", {"birth_date": "1990-03-04"}, [("pid.birth_year_mismatch", "error")]),
        ("027190001234", {"gender": "Nam"}, [("pid.gender_mismatch", "error")]),
        ("027090001234", {"gender": "Nữ"}, [("pid.gender_mismatch", "error")]),
        ("027090001234", {"gender": "Khác", "birth_date": 12}, []),
        ("027 090001234", {}, [("not_normalized", "error")]),
    ],
)
def test_pid_rules(pid: str, kwargs: dict[str, object], expected: list[tuple[str, str]]) -> None:
    assert codes(v.check_personal_id(pid, "p", today=TODAY, **kwargs)) == expected  # type: ignore[arg-type]


def test_pid_birth_year_from_century_digit() -> None:
    assert v.pid_birth_year("027090001234") == 1990
    assert v.pid_birth_year("027325001234") == 2025
    assert v.pid_birth_year("123") is None


# ------------------------------------------------------------------ phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        ("(091) 234-5678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("0552345678", "0552345678"),  # Reddi 055 is a valid prefix
        ("0872345678", "0872345678"),
        ("0951234567", "0951234567"),  # defunct but only a warning
        ("02223 812 345", "02223812345"),  # Bắc Ninh landline: warning
        ("+84 222 3812345", "02223812345"),
    ],
)
def test_phone_normalisation(raw: str, expected: str) -> None:
    assert v.parse_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code", "suggestion"),
    [
        ("0169 567 8945", "phone.old_11_digit", "0395678945"),
        ("01205678945", "phone.old_11_digit", "0705678945"),
        ("01995678945", "phone.old_11_digit", "0595678945"),
        ("0123 456 7890", "phone.old_11_digit", "0834567890"),
        ("0112345678", "phone.prefix", None),
        ("0942345678x", "phone.format", None),
        ("091234567", "phone.length", None),
        ("", "phone.format", None),
        ("+1 202 555 0100", "phone.format", None),
    ],
)
def test_phone_errors(raw: str, code: str, suggestion: str | None) -> None:
    with pytest.raises(v.ValidationError) as info:
        v.parse_phone(raw)
    assert info.value.code == code
    if suggestion:
        assert suggestion in info.value.message_vi and suggestion in info.value.message_en


def test_phone_warnings_and_mobile_only() -> None:
    assert codes(v.check_phone("0951234567", "p")) == [("phone.defunct_prefix", "warning")]
    assert codes(v.check_phone("02223812345", "p")) == [("phone.landline", "warning")]
    assert codes(v.check_phone("02223812345", "p", mobile_only=True)) == [
        ("phone.landline", "error")
    ]
    assert v.check_phone("0981234567", "p") == []


@pytest.mark.parametrize(
    "prefix",
    [
        "032",
        "039",
        "052",
        "056",
        "058",
        "059",
        "070",
        "076",
        "079",
        "081",
        "089",
        "090",
        "094",
        "096",
        "099",
    ],
)
def test_current_mobile_prefixes_accepted(prefix: str) -> None:
    assert v.check_phone(prefix + "1234567", "p") == []


@pytest.mark.parametrize("prefix", ["031", "050", "051", "053", "071", "075", "080"])
def test_unused_prefixes_rejected(prefix: str) -> None:
    assert codes(v.check_phone(prefix + "1234567", "p")) == [("phone.prefix", "error")]


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05/09/2019", "2019-09-05"),
        ("5/9/2019", "2019-09-05"),
        ("05-09-2019", "2019-09-05"),
        ("05.09.2019", "2019-09-05"),
        ("2019-09-05", "2019-09-05"),
        (" 29/02/2024 ", "2024-02-29"),
    ],
)
def test_date_formats(raw: str, expected: str) -> None:
    assert v.parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("29/02/2023", "date.invalid"),
        ("31/04/2020", "date.invalid"),
        ("00/01/2020", "date.invalid"),
        ("05/09/19", "date.two_digit_year"),
        ("5-9-19", "date.two_digit_year"),
        ("05/09-2019", "date.format"),
        ("2019", "date.partial"),
        ("09/2019", "date.partial"),
        ("01/01/1700", "date.range"),
        ("hôm qua", "date.format"),
        ("٠٥/٠٩/٢٠١٩", "date.format"),  # Arabic-Indic digits are not accepted
        ("", "date.format"),
    ],
)
def test_date_errors(raw: str, code: str) -> None:
    with pytest.raises(v.ValidationError) as info:
        v.parse_date(raw)
    assert info.value.code == code


def test_partial_dates_when_allowed() -> None:
    assert v.parse_date("1940", allow_partial=True) == "1940"
    assert v.parse_date("3/1940", allow_partial=True) == "1940-03"
    assert v.parse_date("1940-03", allow_partial=True) == "1940-03"
    assert v.format_date("1940-03") == "03/1940"
    with pytest.raises(v.ValidationError):
        v.parse_date("13/1940", allow_partial=True)


def test_date_not_future_and_not_before() -> None:
    assert codes(v.check_date("2026-01-16", "d", today=TODAY, not_future=True)) == [
        ("date.future", "error")
    ]
    assert v.check_date("2026-01-15", "d", today=TODAY, not_future=True) == []
    assert v.check_date("2026", "d", today=TODAY, allow_partial=True, not_future=True) == []
    assert codes(v.check_date("2020-01-01", "d", today=TODAY, not_before="2020-01-02")) == [
        ("date.before", "error")
    ]
    assert v.check_date("2020-01-01", "d", today=TODAY, not_before="2020") == []
    assert v.check_date("2020-01-01", "d", today=TODAY, not_before="garbage") == []
    assert codes(v.check_date("05/09/2019", "d", today=TODAY)) == [("not_normalized", "error")]


# ------------------------------------------------------------------ names and text


def test_name_cleaning_nfc_trim_collapse_upper() -> None:
    nfd = unicodedata.normalize("NFD", "  nguyễn   thị  ánh ")
    assert v.clean_name(nfd) == "nguyễn thị ánh"
    assert v.clean_name(nfd, upper=True) == "NGUYỄN THỊ ÁNH"
    assert v.clean_name("đặng ưng", upper=True) == "ĐẶNG ƯNG"


@pytest.mark.parametrize("name", ["Hờ A Páo", "Y", "H'Hen Niê", "Lò Văn-Tiến", "Nguyễn T. Lan"])
def test_plausible_names(name: str) -> None:
    assert v.name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Nguyen Van 2", "name.digits"),
        ("An 123", "name.digits"),
        ("An_x", "name.characters"),
        ("Bình@", "name.characters"),
        ("Lan; DROP", "name.characters"),
        ("  ", "name.empty"),
    ],
)
def test_implausible_names(name: str, code: str) -> None:
    err = v.name_problem(name)
    assert err is not None and err.code == code


def test_text_length_counted_on_nfc() -> None:
    nfc = "Nguyễn"
    assert len(unicodedata.normalize("NFD", nfc)) > 6
    assert v.check_text(nfc, "t", max_len=6) == []
    assert codes(v.check_text(nfc, "t", max_len=5)) == [("text.too_long", "error")]
    assert codes(v.check_text("ab", "t", min_len=3)) == [("text.too_short", "error")]
    assert codes(v.check_text(unicodedata.normalize("NFD", nfc), "t")) == [
        ("not_normalized", "error")
    ]
    assert codes(v.check_text("AN", "t", is_name=True, upper=True)) == []
    assert codes(v.check_text("An", "t", is_name=True, upper=True)) == [("not_normalized", "error")]


# ------------------------------------------------------------------ e-mail, integer, time


def test_email() -> None:
    assert v.parse_email(" An.Nguyen+x@Example.COM.vn ") == "An.Nguyen+x@example.com.vn"
    for bad in ["an", "an@", "@x.vn", "a b@x.vn", "an@x", "an@@x.vn", "a@x." + "v" * 300]:
        with pytest.raises(v.ValidationError):
            v.parse_email(bad)


def test_integer() -> None:
    assert v.parse_integer(" 12 ") == 12
    assert v.parse_integer("-3") == -3
    for bad in ["1.5", "", "x", "1" * 16, "١٢"]:
        with pytest.raises(v.ValidationError):
            v.parse_integer(bad)
    assert codes(v.check_integer(11, "n", lo=0, hi=10)) == [("integer.range", "error")]
    assert v.check_integer(10, "n", lo=0, hi=10) == []


def test_time() -> None:
    assert v.parse_time("7:05") == "07:05"
    assert v.parse_time("07h05") == "07:05"
    for bad in ["24:00", "12:60", "1205", "12:5"]:
        with pytest.raises(v.ValidationError):
            v.parse_time(bad)


def test_problem_severity_type() -> None:
    p = v.check_phone("0951234567", "x")[0]
    assert p.severity is Severity.WARNING and not p.is_error
