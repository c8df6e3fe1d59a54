"""normalize(): canonical stored values; unparseable values are left for validate()."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from helper_app.forms import ProcedureDefinition, normalize, validate
from tests.helper_app.forms.forms_fixtures import TODAY, VALID_DATA


def test_typed_values_become_canonical(birth: ProcedureDefinition) -> None:
    typed = {
        "requester_name": unicodedata.normalize("NFD", "  Nguyễn   Văn  An "),
        "requester_dob": "4/3/1990",
        "requester_gender": unicodedata.normalize("NFD", "Nam"),
        "requester_pid": "027.090.001.234",
        "phone": "+84 912 345 678",
        "email": " An@Example.VN ",
        "child_name": "nguyễn thị bình",
        "child_dob": "10-01-2026",
        "birth_time": "7h05",
        "copies": " 2 ",
        "paternity_declared": "false",
        "consent": True,
        "siblings": [{"name": " lê  an ", "dob": "01.02.2010", "junk": 1}],
        "residence": {
            "detail": unicodedata.normalize("NFD", " Thôn Đông "),
            "commune_code": " 07627",
            "province_code": "24",
        },
        "unknown": " kept ",
    }
    out = normalize(birth, typed)
    assert out["requester_name"] == "Nguyễn Văn An"
    assert out["requester_dob"] == "1990-03-04"
    assert out["requester_pid"] == "027090001234"
    assert out["phone"] == "0912345678"
    assert out["email"] == "An@example.vn"
    assert out["child_name"] == "NGUYỄN THỊ BÌNH"
    assert out["child_dob"] == "2026-01-10"
    assert out["birth_time"] == "07:05"
    assert out["copies"] == 2
    assert out["paternity_declared"] is False
    assert out["siblings"] == [{"name": "lê an", "dob": "2010-02-01", "junk": 1}]
    residence = out["residence"]
    assert isinstance(residence, dict)
    assert residence["detail"] == "Thôn Đông"
    assert residence["commune_code"] == "07627"
    assert out["unknown"] == " kept "
    assert typed["copies"] == " 2 "  # input untouched
    got = validate(birth, out, documents=("birth_certificate", "power_of_attorney"), today=TODAY)
    assert [(p.path, p.code) for p in got] == [
        ("siblings[0].junk", "unknown_field"),
        ("unknown", "unknown_field"),
    ]


def test_unparseable_values_left_unchanged(birth: ProcedureDefinition) -> None:
    typed = {
        "requester_dob": "31/02/1990",
        "phone": "0169 567 8945",
        "copies": "two",
        "requester_pid": "027 09O 001234",
        "email": "nope",
        "birth_time": "25:00",
    }
    out = normalize(birth, typed)
    assert out["requester_dob"] == "31/02/1990"
    assert out["phone"] == "01695678945"  # separators go; validate suggests the new number
    assert out["copies"] == "two"
    assert out["requester_pid"] == "027 09O 001234"
    assert out["email"] == "nope"
    assert out["birth_time"] == "25:00"
    codes = {p.path: p.code for p in validate(birth, out, today=TODAY)}
    assert codes["requester_dob"] == "date.invalid"
    assert codes["phone"] == "phone.old_11_digit"
    assert codes["copies"] == "type"
    assert codes["requester_pid"] == "pid.format"


def test_example_is_a_fixed_point(birth: ProcedureDefinition) -> None:
    assert normalize(birth, VALID_DATA) == VALID_DATA


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "requester_name",
                "requester_dob",
                "phone",
                "requester_pid",
                "copies",
                "siblings",
                "email",
                "child_name",
                "residence",
                "channels",
            ]
        ),
        st.one_of(
            st.text(max_size=20),
            st.integers(),
            st.none(),
            st.lists(st.text(max_size=5), max_size=2),
        ),
    )
)
def test_normalize_is_idempotent_and_total(data: dict[str, object]) -> None:
    from helper_app.forms.catalog import definition_from_object
    from tests.helper_app.forms.forms_fixtures import birth_raw

    d = definition_from_object(birth_raw())
    once = normalize(d, data)
    assert normalize(d, once) == once
