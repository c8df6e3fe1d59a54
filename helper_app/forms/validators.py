"""Value parsers and checks for the Vietnamese identifiers and formats a dossier holds.

Pure functions, no I/O and no clock (``today`` is always passed in): personal ID numbers, phone
numbers, dates, names, e-mail, integers, text and times. Each ``parse_*`` turns what a person
typed into the canonical stored value or raises :class:`ValidationError` (one problem, in both
languages); each ``check_*`` returns every :class:`~helper_app.forms.problems.Problem` of a stored
value, warnings included. The rules and their sources are listed in ``docs/forms.md``; only rules
marked [S] there produce errors, the others warn.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from helper_app.forms.id_codes import PROVINCE_ID_PREFIXES
from helper_app.forms.model import Severity
from helper_app.forms.problems import Problem

ERROR = Severity.ERROR
WARNING = Severity.WARNING


class ValidationError(ValueError):
    """A value that cannot be accepted; carries one problem's code and both messages.

    The exception text is the English message only, which never contains the value itself
    (values are personal data and exception texts may reach a log).
    """

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(message_en)

    def problem(self, path: str, severity: Severity = ERROR) -> Problem:
        """This error as a :class:`Problem` at ``path``."""
        return Problem(
            path=path,
            code=self.code,
            severity=severity,
            message_vi=self.message_vi,
            message_en=self.message_en,
        )


def problem(path: str, code: str, severity: Severity, vi: str, en: str) -> Problem:
    """Shorthand constructor used by every check."""
    return Problem(path=path, code=code, severity=severity, message_vi=vi, message_en=en)


# ------------------------------------------------------------------ personal ID number (§2.1)

_PID_STRIP = re.compile(r"[\s.\-]")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def parse_personal_id(raw: str, *, allow_legacy_cmnd: bool = False) -> str:
    """The digits of a personal ID number (12 digits, or a 9-digit CMND where allowed).

    Spaces, dots and dashes are removed; the result is a string (leading zeros matter).
    """
    digits = _PID_STRIP.sub("", raw)
    if not _ASCII_DIGITS.fullmatch(digits):
        raise ValidationError(
            "pid.format",
            "Số định danh cá nhân chỉ gồm chữ số (12 chữ số).",
            "A personal ID number has digits only (12 digits).",
        )
    if len(digits) == 12:
        return digits
    if len(digits) == 9:
        if allow_legacy_cmnd:
            return digits
        raise ValidationError(
            "pid.legacy_cmnd",
            "Số CMND 9 số cũ không còn dùng ở đây; hãy nhập số định danh cá nhân 12 số.",
            "An old 9-digit ID (CMND) is not accepted here; enter the 12-digit personal ID.",
        )
    raise ValidationError(
        "pid.length",
        f"Số định danh cá nhân phải có 12 chữ số (đã nhập {len(digits)}).",
        f"A personal ID number has 12 digits ({len(digits)} given).",
    )


def pid_birth_year(pid: str) -> int | None:
    """The birth year encoded in digits 4-6 (None when digit 4 is not a century code 0-9)."""
    if len(pid) != 12 or not pid.isdigit():
        return None
    return 1900 + 100 * (int(pid[3]) // 2) + int(pid[4:6])


def pid_is_female(pid: str) -> bool:
    """Digit 4 is even for men, odd for women (0/1: 1900s, 2/3: 2000s)."""
    return int(pid[3]) % 2 == 1


def check_personal_id(
    value: str,
    path: str,
    *,
    today: dt.date,
    birth_date: object = None,
    gender: object = None,
    allow_legacy_cmnd: bool = False,
) -> list[Problem]:
    """Every problem of a stored personal ID number, cross-checked with birth date and gender.

    Args:
        value: the stored (normalized) number.
        path: where to report problems.
        today: reference date for the "birth year in the future" rule.
        birth_date: the form's birth-date value (ISO, possibly partial ``yyyy``), if any.
        gender: the form's gender value (``Nam`` / ``Nữ``), if any.
        allow_legacy_cmnd: a 9-digit CMND is acceptable (old-document fields only).
    """
    try:
        pid = parse_personal_id(value, allow_legacy_cmnd=allow_legacy_cmnd)
    except ValidationError as err:
        return [err.problem(path)]
    if pid != value:
        return [_not_normalized(path, "12 chữ số liền nhau", "12 digits with no separators")]
    if len(pid) == 9:
        return []
    problems: list[Problem] = []
    if pid[:3] not in PROVINCE_ID_PREFIXES:
        problems.append(
            problem(
                path,
                "pid.province",
                WARNING,
                f"Mã tỉnh {pid[:3]} (3 số đầu) không có trong danh sách 63 mã; hãy kiểm tra lại.",
                f"Province code {pid[:3]} (first 3 digits) is not one of the 63 known codes; "
                "please double-check.",
            )
        )
    if pid[3] not in "0123":
        problems.append(
            problem(
                path,
                "pid.century",
                ERROR,
                "Chữ số thứ 4 (thế kỷ và giới tính) phải là 0, 1, 2 hoặc 3.",
                "The 4th digit (century and gender) must be 0, 1, 2 or 3.",
            )
        )
        return problems
    year = pid_birth_year(pid)
    assert year is not None
    if year > today.year:
        problems.append(
            problem(
                path,
                "pid.future_year",
                ERROR,
                f"Năm sinh theo số định danh ({year}) ở tương lai.",
                f"The birth year in the ID number ({year}) is in the future.",
            )
        )
    birth_year = _year_of(birth_date)
    if birth_year is not None and birth_year != year:
        problems.append(
            problem(
                path,
                "pid.birth_year_mismatch",
                ERROR,
                f"Số định danh ghi năm sinh {year}, khác năm sinh đã khai ({birth_year}).",
                f"The ID number encodes birth year {year}, not the declared {birth_year}.",
            )
        )
    declared = unicodedata.normalize("NFC", gender).strip() if isinstance(gender, str) else None
    if declared in ("Nam", "Nữ") and (declared == "Nữ") != pid_is_female(pid):
        problems.append(
            problem(
                path,
                "pid.gender_mismatch",
                ERROR,
                f"Chữ số thứ 4 của số định danh ứng với giới tính khác với đã khai ({declared}).",
                "The 4th digit of the ID number encodes a different gender from the one declared.",
            )
        )
    return problems


def _year_of(value: object) -> int | None:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", value):
        return int(value[:4])
    return None


def _not_normalized(path: str, expected_vi: str, expected_en: str) -> Problem:
    return problem(
        path,
        "not_normalized",
        ERROR,
        f"Giá trị chưa ở dạng chuẩn; cần: {expected_vi}.",
        f"The value is not in canonical form; expected: {expected_en}.",
    )


# ------------------------------------------------------------------ phone numbers (§2.3)

MOBILE_RE = re.compile(r"0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])[0-9]{7}")
OLD_MOBILE_PREFIXES = {
    "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",
    "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036",
    "0167": "037", "0168": "038", "0169": "039",
    "0186": "056", "0188": "058", "0199": "059",
}  # fmt: skip
_PHONE_STRIP = re.compile(r"[\s.\-()]")


def clean_phone(raw: str) -> str:
    """Separators removed and an international +84/84/0084 prefix turned into a leading 0."""
    s = _PHONE_STRIP.sub("", raw)
    if s.startswith("+84"):
        s = "0" + s[3:]
    elif s.startswith("0084"):
        s = "0" + s[4:]
    elif s.startswith("84") and len(s) in (11, 12) and s.isdigit():
        s = "0" + s[2:]
    return s


def parse_phone(raw: str, *, mobile_only: bool = False) -> str:
    """A phone number as stored: ``0`` + 9 digits (mobile) or ``02`` + 9 digits (landline).

    Raises:
        ValidationError: not digits, wrong length, an old 11-digit mobile number (the
            converted number is suggested), an unknown mobile prefix, or a landline in a
            mobile-only field.
    """
    s = clean_phone(raw)
    if not _ASCII_DIGITS.fullmatch(s) or not s.startswith("0"):
        raise ValidationError(
            "phone.format",
            "Số điện thoại gồm chữ số, bắt đầu bằng 0 (hoặc +84).",
            "A phone number is digits starting with 0 (or +84).",
        )
    if len(s) == 11 and s[:4] in OLD_MOBILE_PREFIXES:
        new = OLD_MOBILE_PREFIXES[s[:4]] + s[4:]
        raise ValidationError(
            "phone.old_11_digit",
            f"Số 11 số cũ đã chuyển sang 10 số từ 2018: dùng {new}.",
            f"Old 11-digit mobile numbers were converted to 10 digits in 2018: use {new}.",
        )
    if len(s) == 11 and s.startswith("02"):
        if mobile_only:
            raise ValidationError(
                "phone.landline",
                "Cần số di động (10 số), không dùng số cố định.",
                "A mobile number (10 digits) is needed here, not a landline.",
            )
        return s
    if len(s) != 10:
        raise ValidationError(
            "phone.length",
            f"Số di động có 10 chữ số (đã nhập {len(s)}).",
            f"A mobile number has 10 digits ({len(s)} given).",
        )
    if not MOBILE_RE.fullmatch(s) and not s.startswith("095"):
        raise ValidationError(
            "phone.prefix",
            f"Đầu số {s[:3]} không phải đầu số di động đang dùng.",
            f"{s[:3]} is not a mobile prefix in use.",
        )
    return s


def check_phone(value: str, path: str, *, mobile_only: bool = False) -> list[Problem]:
    """Every problem of a stored phone number (defunct 095 and landlines warn)."""
    try:
        s = parse_phone(value, mobile_only=mobile_only)
    except ValidationError as err:
        return [err.problem(path)]
    if s != value:
        return [_not_normalized(path, "0 và 9 chữ số", "0 followed by 9 digits")]
    if s.startswith("095"):
        return [
            problem(
                path,
                "phone.defunct_prefix",
                WARNING,
                "Đầu số 095 (S-Fone cũ) không còn hoạt động; hãy kiểm tra lại.",
                "Prefix 095 (former S-Fone) is no longer in service; please double-check.",
            )
        ]
    if len(s) == 11:
        return [
            problem(
                path,
                "phone.landline",
                WARNING,
                "Đây là số cố định; nếu có, nên ghi số di động để nhận tin nhắn.",
                "This is a landline; a mobile number is better for text messages.",
            )
        ]
    return []


# ------------------------------------------------------------------ dates (§2.4)

MIN_YEAR, MAX_YEAR = 1800, 2199
_D = "[0-9]"
_DMY = re.compile(rf"({_D}{{1,2}})([/.\-])({_D}{{1,2}})\2({_D}{{4}})")
_ISO = re.compile(rf"({_D}{{4}})-({_D}{{1,2}})-({_D}{{1,2}})")
_TWO_DIGIT_YEAR = re.compile(rf"{_D}{{1,2}}[/.\-]{_D}{{1,2}}[/.\-]{_D}{{2}}")
_MY = re.compile(rf"({_D}{{1,2}})[/.\-]({_D}{{4}})")
_ISO_YM = re.compile(rf"({_D}{{4}})-({_D}{{2}})")
_Y = re.compile(rf"{_D}{{4}}")

_DATE_FORMAT_VI = "Ngày ghi dạng ngày/tháng/năm, ví dụ 05/09/2019."
_DATE_FORMAT_EN = "Write dates as day/month/year, e.g. 05/09/2019."


def _iso(year: int, month: int, day: int) -> str:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            "date.range",
            f"Năm phải trong khoảng {MIN_YEAR}-{MAX_YEAR}.",
            f"The year must be between {MIN_YEAR} and {MAX_YEAR}.",
        )
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValidationError(
            "date.invalid",
            "Ngày này không có trên lịch (kiểm tra ngày, tháng, năm nhuận).",
            "This date does not exist (check day, month and leap years).",
        ) from None


def _partial(year: int, month: int | None, allow_partial: bool) -> str:
    if not allow_partial:
        raise ValidationError(
            "date.partial",
            "Cần ghi đủ ngày, tháng, năm.",
            "A full date (day, month and year) is needed.",
        )
    if month is None:
        return _iso(year, 1, 1)[:4]
    if not 1 <= month <= 12:
        raise ValidationError("date.invalid", "Tháng phải từ 1 đến 12.", "Month must be 1-12.")
    return _iso(year, month, 1)[:7]


def parse_date(raw: str, *, allow_partial: bool = False) -> str:
    """An ISO date string (``yyyy-mm-dd``; ``yyyy-mm``/``yyyy`` when ``allow_partial``).

    Accepts dd/mm/yyyy, d/m/yyyy with ``/``, ``-`` or ``.`` and ISO yyyy-mm-dd. Two-digit years
    are refused: "05/09/19" could be 1919 or 2019.
    """
    s = raw.strip()
    if m := _DMY.fullmatch(s):
        return _iso(int(m[4]), int(m[3]), int(m[1]))
    if m := _ISO.fullmatch(s):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if _TWO_DIGIT_YEAR.fullmatch(s):
        raise ValidationError(
            "date.two_digit_year",
            "Năm phải ghi đủ 4 chữ số.",
            "Write the year with 4 digits.",
        )
    if m := _MY.fullmatch(s):
        return _partial(int(m[2]), int(m[1]), allow_partial)
    if m := _ISO_YM.fullmatch(s):
        return _partial(int(m[1]), int(m[2]), allow_partial)
    if _Y.fullmatch(s):
        return _partial(int(s), None, allow_partial)
    raise ValidationError("date.format", _DATE_FORMAT_VI, _DATE_FORMAT_EN)


def format_date(value: str) -> str:
    """The display form of a stored ISO date: dd/mm/yyyy, mm/yyyy or yyyy."""
    parts = value.split("-")
    return "/".join(reversed(parts))


def date_upper_bound(value: str) -> dt.date:
    """The last day a (possibly partial) ISO date can stand for."""
    if len(value) == 4:
        return dt.date(int(value), 12, 31)
    if len(value) == 7:
        y, m = int(value[:4]), int(value[5:])
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date.fromisoformat(value)


def date_lower_bound(value: str) -> dt.date:
    """The first day a (possibly partial) ISO date can stand for."""
    if len(value) == 4:
        return dt.date(int(value), 1, 1)
    if len(value) == 7:
        return dt.date(int(value[:4]), int(value[5:]), 1)
    return dt.date.fromisoformat(value)


def check_date(
    value: str,
    path: str,
    *,
    today: dt.date,
    allow_partial: bool = False,
    not_future: bool = False,
    not_before: str | None = None,
) -> list[Problem]:
    """Every problem of a stored ISO date (``not_before`` is the other date's stored value)."""
    try:
        iso = parse_date(value, allow_partial=allow_partial)
    except ValidationError as err:
        return [err.problem(path)]
    if iso != value:
        return [_not_normalized(path, "năm-tháng-ngày (ISO)", "ISO yyyy-mm-dd")]
    problems: list[Problem] = []
    if not_future and date_lower_bound(iso) > today:
        problems.append(
            problem(
                path,
                "date.future",
                ERROR,
                "Ngày này không được sau ngày hôm nay.",
                "This date cannot be after today.",
            )
        )
    if isinstance(not_before, str):
        try:
            other = parse_date(not_before, allow_partial=True)
        except ValidationError:
            other = None
        if other is not None and date_upper_bound(iso) < date_lower_bound(other):
            problems.append(
                problem(
                    path,
                    "date.before",
                    ERROR,
                    f"Ngày này không được trước ngày {format_date(other)}.",
                    f"This date cannot be before {format_date(other)}.",
                )
            )
    return problems


# ------------------------------------------------------------------ names and text (§2.6)

_SPACES = re.compile(r"\s+")
_NAME_MARKS = frozenset("'’-.")


def clean_text(raw: str, *, single_line: bool = True) -> str:
    """NFC, trimmed; single-line text also has runs of whitespace collapsed to one space."""
    s = unicodedata.normalize("NFC", raw).strip()
    return _SPACES.sub(" ", s) if single_line else s


def clean_name(raw: str, *, upper: bool = False) -> str:
    """A name as stored: NFC, trimmed, one space between words, upper-cased where asked.

    ``str.upper`` is correct for Vietnamese on NFC text (đ -> Đ, ư -> Ư, ễ -> Ễ); the result is
    normalized again because upper-casing may produce decomposed sequences for a few scripts.
    """
    s = clean_text(raw)
    return unicodedata.normalize("NFC", s.upper()) if upper else s


def name_problem(value: str) -> ValidationError | None:
    """Why ``value`` is not a plausible personal name, or None.

    Letters (any script, with their combining marks), spaces, apostrophe, hyphen and dot are
    allowed. One word is fine: some ethnic-minority names have no family name.
    """
    if not value.strip():
        return ValidationError("name.empty", "Tên không được để trống.", "The name is empty.")
    for ch in value:
        cat = unicodedata.category(ch)
        if cat.startswith("N"):
            return ValidationError(
                "name.digits", "Tên không được chứa chữ số.", "A name cannot contain digits."
            )
        if not (cat.startswith("L") or cat.startswith("M") or ch == " " or ch in _NAME_MARKS):
            return ValidationError(
                "name.characters",
                "Tên chỉ gồm chữ cái, dấu cách và các dấu ' - .",
                "A name may contain letters, spaces and the marks ' - . only.",
            )
    return None


def check_text(
    value: str,
    path: str,
    *,
    min_len: int | None = None,
    max_len: int | None = None,
    single_line: bool = True,
    is_name: bool = False,
    upper: bool = False,
) -> list[Problem]:
    """Length (counted on NFC characters), normal form and, for names, the character set."""
    canonical = (
        clean_name(value, upper=upper) if is_name else clean_text(value, single_line=single_line)
    )
    if canonical != value:
        expected = "chữ IN HOA, " if upper else ""
        return [
            _not_normalized(
                path,
                f"{expected}NFC, không có khoảng trắng thừa",
                ("UPPER CASE, " if upper else "") + "NFC, no extra spaces",
            )
        ]
    problems: list[Problem] = []
    if is_name and (err := name_problem(value)) is not None:
        problems.append(err.problem(path))
    n = len(value)
    if min_len is not None and n < min_len:
        problems.append(
            problem(
                path,
                "text.too_short",
                ERROR,
                f"Cần ít nhất {min_len} ký tự (hiện có {n}).",
                f"At least {min_len} characters are needed ({n} given).",
            )
        )
    if max_len is not None and n > max_len:
        problems.append(
            problem(
                path,
                "text.too_long",
                ERROR,
                f"Tối đa {max_len} ký tự (hiện có {n}).",
                f"At most {max_len} characters are allowed ({n} given).",
            )
        )
    return problems


# ------------------------------------------------------------------ e-mail, integer, time

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


def parse_email(raw: str) -> str:
    """A trimmed e-mail address with a lower-cased domain (the local part is kept as typed)."""
    s = raw.strip()
    if len(s) > 254 or not _EMAIL.fullmatch(s):
        raise ValidationError(
            "email.format",
            "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.com).",
            "Not a valid e-mail address (example: name@example.com).",
        )
    local, _, domain = s.partition("@")
    return f"{local}@{domain.lower()}"


def parse_integer(raw: str) -> int:
    """An integer from ASCII digits with an optional sign (at most 15 digits)."""
    s = raw.strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,15}", s):
        raise ValidationError(
            "integer.format", "Cần một số nguyên, ví dụ 2.", "A whole number is needed, e.g. 2."
        )
    return int(s)


def check_integer(value: int, path: str, *, lo: int | None, hi: int | None) -> list[Problem]:
    """Bounds of a stored integer."""
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        lo_s = "" if lo is None else str(lo)
        hi_s = "" if hi is None else str(hi)
        return [
            problem(
                path,
                "integer.range",
                ERROR,
                f"Giá trị phải trong khoảng {lo_s}..{hi_s}.",
                f"The value must be in the range {lo_s}..{hi_s}.",
            )
        ]
    return []


def parse_time(raw: str) -> str:
    """A time of day as ``HH:MM`` (24 h); ``7:05`` and ``07h05`` are accepted on input."""
    m = re.fullmatch(r"([0-9]{1,2})[:hH]([0-9]{2})", raw.strip())
    if m is None or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValidationError(
            "time.format",
            "Giờ ghi dạng giờ:phút (24 giờ), ví dụ 14:30.",
            "Write the time as hours:minutes (24 h), e.g. 14:30.",
        )
    return f"{int(m[1]):02d}:{m[2]}"
