"""The directory of administrative units (provinces and communes after the July 2025 reform).

Address fields store a 5-digit commune code and a 2-digit province code; this module answers
"does this commune exist, and in which province" from ``resources/units/units.json`` (written as
data, with its source and effective date). Only part of the country is shipped, so callers treat
an unknown commune as a warning, never an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from helper_app.config import resources_dir

_COMMUNE_CODE = re.compile(r"\d{5}")
_PROVINCE_CODE = re.compile(r"\d{2}")
COMMUNE_KINDS = frozenset({"xa", "phuong", "dac_khu"})


class UnitsError(ValueError):
    """The units file is missing, unreadable or malformed (the message names file and key)."""


@dataclass(frozen=True)
class Province:
    """A province-level unit (34 after 1 July 2025)."""

    code: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class Commune:
    """A commune-level unit (xã, phường or đặc khu) and the province it belongs to."""

    code: str
    name_vi: str
    kind: str
    province_code: str


def _str(obj: Mapping[str, object], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise UnitsError(f"{where}: '{key}' must be a non-empty string")
    return value


class UnitDirectory:
    """Read-only lookup of provinces and communes by code."""

    def __init__(
        self,
        provinces: list[Province],
        communes: list[Commune],
        *,
        effective_from: str | None = None,
        source: str | None = None,
    ) -> None:
        self._provinces = {p.code: p for p in provinces}
        self._communes = {c.code: c for c in communes}
        self.effective_from = effective_from
        self.source = source

    @classmethod
    def from_mapping(cls, raw: object, *, origin: str = "units") -> UnitDirectory:
        """Build from the parsed JSON document (see forms_api.md for the shape).

        Raises:
            UnitsError: naming ``origin`` and the offending key.
        """
        if not isinstance(raw, dict):
            raise UnitsError(f"{origin}: expected a JSON object with 'provinces' and 'communes'")
        provinces_raw = raw.get("provinces")
        communes_raw = raw.get("communes")
        if not isinstance(provinces_raw, list) or not isinstance(communes_raw, list):
            raise UnitsError(f"{origin}: 'provinces' and 'communes' must be lists")
        provinces: list[Province] = []
        for i, p in enumerate(provinces_raw):
            where = f"{origin}: provinces[{i}]"
            if not isinstance(p, dict):
                raise UnitsError(f"{where}: expected an object")
            code = _str(p, "code", where)
            if not _PROVINCE_CODE.fullmatch(code):
                raise UnitsError(f"{where}: 'code' must be 2 digits")
            provinces.append(Province(code, _str(p, "name_vi", where), _str(p, "name_en", where)))
        communes: list[Commune] = []
        for i, c in enumerate(communes_raw):
            where = f"{origin}: communes[{i}]"
            if not isinstance(c, dict):
                raise UnitsError(f"{where}: expected an object")
            code = _str(c, "code", where)
            if not _COMMUNE_CODE.fullmatch(code):
                raise UnitsError(f"{where}: 'code' must be 5 digits")
            kind = _str(c, "kind", where)
            if kind not in COMMUNE_KINDS:
                raise UnitsError(f"{where}: 'kind' must be one of {sorted(COMMUNE_KINDS)}")
            communes.append(
                Commune(code, _str(c, "name_vi", where), kind, _str(c, "province_code", where))
            )
        eff, src = raw.get("effective_from"), raw.get("source")
        return cls(
            provinces,
            communes,
            effective_from=eff if isinstance(eff, str) else None,
            source=src if isinstance(src, str) else None,
        )

    @classmethod
    def from_file(cls, path: Path) -> UnitDirectory:
        """Load a units JSON file (UTF-8)."""
        try:
            raw = json.loads(path.read_bytes().decode("utf-8-sig"))
        except OSError as err:
            raise UnitsError(f"{path}: cannot read ({err.strerror})") from err
        except UnicodeDecodeError as err:
            raise UnitsError(f"{path}: not UTF-8 text (byte {err.start})") from err
        except json.JSONDecodeError as err:
            raise UnitsError(f"{path}: malformed JSON at line {err.lineno}: {err.msg}") from err
        return cls.from_mapping(raw, origin=str(path))

    @classmethod
    def bundled(cls) -> UnitDirectory:
        """The directory shipped in ``resources/units/units.json``."""
        return cls.from_file(resources_dir() / "units" / "units.json")

    def commune(self, code: str) -> Commune | None:
        """The commune with this 5-digit code, or None when it is not in the directory."""
        return self._communes.get(code)

    def province(self, code: str) -> Province | None:
        """The province with this 2-digit code, or None."""
        return self._provinces.get(code)

    def communes(self, province_code: str | None = None) -> list[Commune]:
        """Communes sorted by Vietnamese name, optionally of one province only."""
        found = [
            c
            for c in self._communes.values()
            if province_code is None or c.province_code == province_code
        ]
        return sorted(found, key=lambda c: (c.name_vi, c.code))

    def provinces(self) -> list[Province]:
        """All provinces, sorted by code."""
        return sorted(self._provinces.values(), key=lambda p: p.code)
