"""UI settings: defaults, clamping, and a shared settings file whose other blocks are kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helper_app.ui.settings import (
    DEFAULT_IMAGE_MAX_SIDE,
    IMAGE_MAX_SIDE_RANGE,
    UiSettings,
    load_settings,
    save_settings,
)


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.json") == UiSettings()
    assert UiSettings().language == "vi"
    assert UiSettings().image_max_side == DEFAULT_IMAGE_MAX_SIDE


def test_save_keeps_other_blocks(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"sync": {"server": "https://x.example"}}), encoding="utf-8")
    save_settings(path, UiSettings(language="en", image_max_side=1600))
    whole = json.loads(path.read_text(encoding="utf-8"))
    assert whole["sync"] == {"server": "https://x.example"}
    assert load_settings(path) == UiSettings(language="en", image_max_side=1600)


def test_broken_files_give_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    for content in (
        b"{not json",
        b"\xff\xfe\x00",
        b"[1, 2]",
        b'{"ui": "en"}',
        b'{"ui": {"language": 5}}',
    ):
        path.write_bytes(content)
        assert load_settings(path) == UiSettings()


@settings(max_examples=100)
@given(language=st.text(max_size=5), size=st.integers(min_value=-(10**9), max_value=10**9))
def test_any_stored_values_are_cleaned(
    tmp_path_factory: pytest.TempPathFactory, language: str, size: int
) -> None:
    path = tmp_path_factory.mktemp("settings") / "settings.json"
    path.write_text(
        json.dumps({"ui": {"language": language, "image_max_side": size}}), encoding="utf-8"
    )
    loaded = load_settings(path)
    assert loaded.language in ("vi", "en")
    lo, hi = IMAGE_MAX_SIDE_RANGE
    assert lo <= loaded.image_max_side <= hi
