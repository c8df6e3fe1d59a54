"""Every text a dossier carries has a length limit (issue 12 item 6), the same on the laptop and
on the server (both validate with helper_app.forms): a default for text and multiline fields, a
definition's own ``max_len`` over it, a limit on free "other" answers and on address parts. A
longer value is an error that names the field; a value at the limit passes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from helper_app.forms.catalog import definition_from_object
from helper_app.forms.model import DEFAULT_MAX_LEN, MAX_OTHER_LEN, FieldType
from helper_app.forms.validate import validate

TODAY = dt.date(2026, 12, 7)

DEFINITION = definition_from_object(
    {
        "code": "test_limits",
        "version": 1,
        "effective_from": "2025-07-01",
        "title_vi": "Thử giới hạn",
        "title_en": "Limits test",
        "sections": [
            {
                "id": "main",
                "title_vi": "Chính",
                "title_en": "Main",
                "fields": [
                    {"id": "authority", "type": "text", "label_vi": "Nơi nhận", "label_en": "To"},
                    {
                        "id": "notes",
                        "type": "multiline",
                        "label_vi": "Ghi chú",
                        "label_en": "Notes",
                    },
                    {
                        "id": "short",
                        "type": "text",
                        "label_vi": "Ngắn",
                        "label_en": "Short",
                        "max_len": 20,
                    },
                    {
                        "id": "relation",
                        "type": "select",
                        "label_vi": "Quan hệ",
                        "label_en": "Relation",
                        "allow_other": True,
                        "options": [{"value": "Cha", "label_vi": "Cha", "label_en": "Father"}],
                    },
                    {"id": "home", "type": "address", "label_vi": "Nơi ở", "label_en": "Home"},
                ],
            }
        ],
        "documents": [],
        "rules": [],
        "examples": [],
    }
)

LETTERS = st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyỳỹ")


def _problems(data: dict[str, Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for p in validate(DEFINITION, data, today=TODAY, check_documents=False):
        found.setdefault(p.path, set()).add(p.code)
    return found


def _word(n: int) -> str:
    return ("Phường Kinh Bắc " * (n // 16 + 1))[:n].strip().ljust(n, "x")


@settings(max_examples=40, deadline=None)
@given(
    field=st.sampled_from([("authority", FieldType.TEXT), ("notes", FieldType.MULTILINE)]),
    extra=st.integers(min_value=1, max_value=5000),
)
def test_a_text_past_the_default_limit_is_an_error_naming_the_field(
    field: tuple[str, FieldType], extra: int
) -> None:
    name, kind = field
    limit = DEFAULT_MAX_LEN[kind]
    assert "text.too_long" in _problems({name: _word(limit + extra)}).get(name, set())
    assert name not in _problems({name: _word(limit)}), "a value at the limit passes"


def test_a_megabyte_recipient_authority_is_refused() -> None:
    """What independent testing sent: 1 MB in a text field the definition did not bound."""
    value = " ".join(["Ủy ban"] * 150_000)  # ~1 MB, already in canonical form
    problems = validate(DEFINITION, {"authority": value}, today=TODAY)
    [long] = [p for p in problems if p.path == "authority"]
    assert long.code == "text.too_long" and "Tối đa 500 ký tự" in long.message_vi


@given(st.integers(min_value=21, max_value=400))
def test_a_definitions_own_max_len_wins(n: int) -> None:
    assert "text.too_long" in _problems({"short": _word(n)})["short"]
    assert "short" not in _problems({"short": _word(20)})


def test_free_other_answers_and_address_parts_are_bounded() -> None:
    other = _problems({"relation": "Bà con " * 200})
    assert other["relation"] == {"text.too_long"}
    assert "relation" not in _problems({"relation": "x" * MAX_OTHER_LEN})
    home = {
        "detail": "Số 1 " * 200,
        "commune_name": "Kinh Bắc",
        "province_name": "Bắc Ninh",
        "legacy": True,
    }
    assert _problems({"home": home})["home.detail"] == {"text.too_long"}


@given(st.text(LETTERS, min_size=1, max_size=60))
def test_ordinary_values_are_untouched(text: str) -> None:
    value = " ".join(text.split()) or "a"
    assert "authority" not in _problems({"authority": value})
