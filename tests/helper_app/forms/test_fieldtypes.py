"""STYLE.md item 15: any string either raises ValidationError or round-trips."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helper_app.forms import fieldtypes as ft
from helper_app.forms.model import FieldDef
from helper_app.forms.validators import ValidationError

TODAY = dt.date(2026, 1, 15)

KINDS: dict[str, ft.ValueKind[Any]] = {
    "pid": ft.PersonalIdKind(today=TODAY),
    "pid_legacy": ft.PersonalIdKind(today=TODAY, allow_legacy_cmnd=True),
    "phone": ft.PhoneKind(),
    "date": ft.DateKind(today=TODAY),
    "date_partial": ft.DateKind(today=TODAY, allow_partial=True, not_future=True),
    "integer": ft.IntegerKind(lo=-5, hi=1000),
    "email": ft.EmailKind(),
    "name": ft.TextKind(is_name=True, max_len=40),
    "name_upper": ft.TextKind(is_name=True, upper=True),
    "text": ft.TextKind(min_len=1),
    "multiline": ft.TextKind(single_line=False),
    "time": ft.TimeKind(),
}

# strings shaped like the inputs, plus any text at all
shaped = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 .-+/()", max_size=16),
    st.from_regex(r"\A[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}\Z"),
    st.from_regex(r"\A(\+84|0)[0-9 ]{9,12}\Z"),
    st.from_regex(r"\A[0-9]{3}[0-3][0-9]{8}\Z"),
    st.from_regex(r"\A[a-z.]{1,8}@[a-z]{1,6}\.[a-z]{2,3}\Z"),
    st.from_regex(r"\A[0-9]{1,2}[:h][0-9]{2}\Z"),
    st.text(alphabet="ĐđƯưƠơÂâÊêÔôĂăÁáẠạẮắỄễ \t'-.Ng", max_size=20),
)


@pytest.mark.parametrize("name", sorted(KINDS))
@settings(max_examples=150, deadline=None)
@given(raw=shaped)
@example(raw="0169 567 8945")
@example(raw="29/02/2024")
@example(raw="  nguyễn   văn  an ")
def test_any_string_raises_or_round_trips(name: str, raw: str) -> None:
    kind = KINDS[name]
    try:
        value = kind.from_str(raw)
    except ValidationError as err:
        assert err.code and err.message_vi and err.message_en
        return
    again = kind.from_str(kind.to_str(value))
    assert again == value
    assert not any(p.is_error for p in kind.validate(value, "f"))


@pytest.mark.parametrize("name", sorted(KINDS))
@settings(max_examples=60, deadline=None)
@given(
    value=st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.lists(st.text()),
        st.dictionaries(st.text(), st.text()),
        st.text(),
    )
)
def test_validate_never_raises_on_any_json_value(name: str, value: object) -> None:
    problems = KINDS[name].validate(value, "f")
    assert all(p.path == "f" for p in problems)


def test_wrong_type_is_type_error() -> None:
    problems = KINDS["text"].validate(["a"], "x")
    assert [(p.code, p.is_error) for p in problems] == [("type", True)]
    assert KINDS["integer"].validate(True, "n")[0].code == "type"


def test_kind_for_fields() -> None:
    f = FieldDef(id="n", type="text", label_vi="a", label_en="a", case="upper")
    kind = ft.kind_for(f, today=TODAY)
    assert isinstance(kind, ft.TextKind) and kind.is_name and kind.upper
    sel = FieldDef(id="s", type="select", label_vi="a", label_en="a")
    assert ft.kind_for(sel, today=TODAY) is None
    assert ft.DateKind(today=TODAY).to_str("2019-09-05") == "05/09/2019"
