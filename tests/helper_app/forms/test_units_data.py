"""The bundled administrative units (``resources/units/units.json``) match the 2025 reform.

The file is hand-transcribed data (Công văn 915/CTK-CSCL for the 34 provinces, Phụ lục I of Công
văn 1027/CTK-CSCL and Nghị quyết 1658/NQ-UBTVQH15 for Bắc Ninh's 99 communes), so these tests pin
the counts and the shape a transcription slip would break: duplicated or malformed codes, a wrong
kind, names not in NFC (the address editor and accent-insensitive search compare NFC strings).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from helper_app.config import resources_dir
from helper_app.forms import UnitDirectory

UNITS_FILE = resources_dir() / "units" / "units.json"
BAC_NINH = "24"


@pytest.fixture(scope="module")
def raw() -> dict[str, object]:
    data = json.loads(UNITS_FILE.read_bytes().decode("utf-8"))
    assert isinstance(data, dict)
    return data


def _provinces(raw: dict[str, object]) -> list[dict[str, str]]:
    provinces = raw["provinces"]
    assert isinstance(provinces, list)
    return provinces


def _communes(raw: dict[str, object]) -> list[dict[str, str]]:
    communes = raw["communes"]
    assert isinstance(communes, list)
    return communes


def test_file_is_utf8_nfc_without_bom() -> None:
    data = UNITS_FILE.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert unicodedata.is_normalized("NFC", data.decode("utf-8"))


def test_effective_date_and_source_are_recorded(raw: dict[str, object]) -> None:
    assert raw["effective_from"] == "2025-07-01"
    source = raw["source"]
    assert isinstance(source, str)
    for document in ("915/CTK-CSCL", "1027/CTK-CSCL", "1658/NQ-UBTVQH15"):
        assert document in source


def test_34_provinces_with_unique_two_digit_codes(raw: dict[str, object]) -> None:
    provinces = _provinces(raw)
    codes = [p["code"] for p in provinces]
    assert len(provinces) == 34
    assert len(set(codes)) == 34
    assert all(re.fullmatch(r"\d{2}", c) for c in codes)
    assert all(p["name_vi"].startswith(("Tỉnh ", "Thành phố ")) for p in provinces)
    assert all(p["name_en"].endswith((" Province", " City")) for p in provinces)


def test_six_centrally_run_cities(raw: dict[str, object]) -> None:
    cities = {p["code"] for p in _provinces(raw) if p["name_vi"].startswith("Thành phố ")}
    assert cities == {"01", "31", "46", "48", "79", "92"}


def test_new_bac_ninh_has_the_old_bac_giang_code(raw: dict[str, object]) -> None:
    by_code = {p["code"]: p for p in _provinces(raw)}
    assert by_code[BAC_NINH]["name_vi"] == "Tỉnh Bắc Ninh"
    assert "27" not in by_code


def test_bac_ninh_has_99_communes_33_wards_66_communes(raw: dict[str, object]) -> None:
    communes = [c for c in _communes(raw) if c["province_code"] == BAC_NINH]
    assert len(communes) == 99
    assert Counter(c["kind"] for c in communes) == {"phuong": 33, "xa": 66}


def test_commune_codes_are_unique_five_digits(raw: dict[str, object]) -> None:
    codes = [c["code"] for c in _communes(raw)]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d{5}", c) for c in codes)


def test_commune_names_match_their_kind_and_are_unique(raw: dict[str, object]) -> None:
    prefix = {"xa": "Xã ", "phuong": "Phường ", "dac_khu": "Đặc khu "}
    communes = _communes(raw)
    for c in communes:
        assert c["name_vi"].startswith(prefix[c["kind"]]), c["name_vi"]
        assert c["name_vi"] == c["name_vi"].strip()
        assert "  " not in c["name_vi"]
    names = [c["name_vi"] for c in communes]
    assert len(names) == len(set(names))


def test_every_name_is_nfc(raw: dict[str, object]) -> None:
    names = [p["name_vi"] for p in _provinces(raw)] + [c["name_vi"] for c in _communes(raw)]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


def test_every_commune_belongs_to_a_shipped_province(raw: dict[str, object]) -> None:
    provinces = {p["code"] for p in _provinces(raw)}
    assert {c["province_code"] for c in _communes(raw)} <= provinces


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("09187", "Phường Kinh Bắc"),
        ("07210", "Phường Bắc Giang"),
        ("07627", "Xã Đại Sơn"),
        ("09202", "Xã Tam Giang"),
        ("07663", "Xã Tuấn Đạo"),
    ],
)
def test_spot_checked_communes(code: str, name: str) -> None:
    commune = UnitDirectory.bundled().commune(code)
    assert commune is not None
    assert (commune.name_vi, commune.province_code) == (name, BAC_NINH)


def test_directory_loads_the_bundled_file() -> None:
    units = UnitDirectory.bundled()
    assert len(units.communes(BAC_NINH)) == 99
    assert units.province(BAC_NINH) is not None
    assert units.commune("99999") is None
