"""The administrative-unit directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helper_app.forms import UnitDirectory
from helper_app.forms.units import UnitsError
from tests.helper_app.forms.forms_fixtures import UNITS


def test_lookup(units: UnitDirectory) -> None:
    c = units.commune("07627")
    assert c is not None and c.name_vi == "Xã Đại Sơn" and c.province_code == "24"
    assert units.commune("00000") is None
    p = units.province("24")
    assert p is not None and p.name_en == "Bac Ninh Province"
    assert [c.code for c in units.communes("24")] == ["09187", "07627"]  # by Vietnamese name
    assert units.communes("01") == []
    assert [p.code for p in units.provinces()] == ["01", "24"]


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ([], "expected a JSON object"),
        ({"provinces": {}, "communes": []}, "must be lists"),
        (
            {"provinces": [{"code": "2", "name_vi": "x", "name_en": "y"}], "communes": []},
            "provinces[0]: 'code' must be 2 digits",
        ),
        (
            {
                "provinces": [],
                "communes": [{"code": "123", "name_vi": "x", "kind": "xa", "province_code": "24"}],
            },
            "5 digits",
        ),
        (
            {
                "provinces": [],
                "communes": [
                    {"code": "12345", "name_vi": "x", "kind": "huyen", "province_code": "24"}
                ],
            },
            "'kind'",
        ),
        ({"provinces": [], "communes": [{"code": "12345", "kind": "xa"}]}, "'name_vi'"),
    ],
)
def test_malformed(raw: object, fragment: str) -> None:
    with pytest.raises(UnitsError, match=None) as info:
        UnitDirectory.from_mapping(raw, origin="units.json")
    assert fragment in str(info.value) and "units.json" in str(info.value)


def test_from_file_errors(tmp_path: Path) -> None:
    with pytest.raises(UnitsError, match="cannot read"):
        UnitDirectory.from_file(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe{")
    with pytest.raises(UnitsError, match="not UTF-8"):
        UnitDirectory.from_file(bad)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(UNITS, ensure_ascii=False), encoding="utf-8")
    assert UnitDirectory.from_file(good).effective_from == "2025-07-01"


def test_bundled_units_if_shipped() -> None:
    units = UnitDirectory.bundled()
    bn = units.province("24")
    assert bn is not None and "Bắc Ninh" in bn.name_vi
    assert len(units.communes("24")) == 99
