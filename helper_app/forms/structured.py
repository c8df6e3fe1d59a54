"""Checks of the structured field types: select, multiselect, yes/no, address and person.

These values are not typed into one text box, so they have no ``from_str``; each check takes the
stored JSON value and returns every problem, a wrong JSON type being a ``type`` error rather than
an exception. Address codes are looked up in a :class:`~helper_app.forms.units.UnitDirectory`
when one is given: the directory covers only part of the country, so an unknown commune warns.
"""

from __future__ import annotations

import re

import pydantic

from helper_app.forms import validators as v
from helper_app.forms.fieldtypes import type_problem
from helper_app.forms.model import MAX_OTHER_LEN, AddressValue, FieldDef
from helper_app.forms.problems import Problem
from helper_app.forms.units import UnitDirectory


def check_select(field: FieldDef, value: object, path: str) -> list[Problem]:
    """One option value (or free text where ``allow_other``)."""
    if not isinstance(value, str):
        return [type_problem(path, "một lựa chọn", "one option value")]
    return _check_option(field, value, path)


def _check_option(field: FieldDef, value: str, path: str) -> list[Problem]:
    if len(value) > MAX_OTHER_LEN:
        return [
            v.problem(
                path,
                "text.too_long",
                v.ERROR,
                f"Tối đa {MAX_OTHER_LEN} ký tự (hiện có {len(value)}).",
                f"At most {MAX_OTHER_LEN} characters are allowed ({len(value)} given).",
            )
        ]
    if field.options is None or field.allow_other:
        return []
    if any(o.value == value for o in field.options):
        return []
    allowed = ", ".join(o.value for o in field.options[:10])
    return [
        v.problem(
            path,
            "select.option",
            v.ERROR,
            f"Giá trị không nằm trong danh sách lựa chọn ({allowed}).",
            f"The value is not one of the options ({allowed}).",
        )
    ]


def check_multiselect(field: FieldDef, value: object, path: str) -> list[Problem]:
    """A list of distinct option values."""
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        return [type_problem(path, "danh sách lựa chọn", "a list of option values")]
    problems: list[Problem] = []
    for i, item in enumerate(value):
        problems.extend(_check_option(field, item, f"{path}[{i}]"))
    if len(set(value)) != len(value):
        problems.append(
            v.problem(
                path,
                "multiselect.duplicate",
                v.ERROR,
                "Một lựa chọn được chọn hai lần.",
                "An option is chosen twice.",
            )
        )
    return problems


def check_yesno(field: FieldDef, value: object, path: str) -> list[Problem]:
    """A boolean; ``must_be_true`` fields (commitments, consent) accept only true."""
    if not isinstance(value, bool):
        return [type_problem(path, "có/không", "yes/no (true or false)")]
    if field.must_be_true and value is not True:
        return [
            v.problem(
                path,
                "yesno.must_be_true",
                v.ERROR,
                "Cần xác nhận mục này để tiếp tục.",
                "This must be confirmed to continue.",
            )
        ]
    return []


def check_person(value: object, path: str) -> list[Problem]:
    """A resident id: a non-empty string (an id, so at most 100 characters)."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return [type_problem(path, "mã cư dân", "a resident id")]
    return []


_COMMUNE = re.compile(r"[0-9]{5}")
_PROVINCE = re.compile(r"[0-9]{2}")


def check_address(value: object, path: str, units: UnitDirectory | None) -> list[Problem]:
    """An :class:`AddressValue`: two-level codes, or a legacy address written with names."""
    if not isinstance(value, dict):
        return [type_problem(path, "địa chỉ", "an address object")]
    try:
        addr = AddressValue.model_validate(value)
    except pydantic.ValidationError as err:
        long = [e for e in err.errors() if e["type"] == "string_too_long" and e["loc"]]
        if long:
            return [
                v.problem(
                    f"{path}.{e['loc'][0]}",
                    "text.too_long",
                    v.ERROR,
                    f"Tối đa {e['ctx']['max_length']} ký tự.",
                    f"At most {e['ctx']['max_length']} characters are allowed.",
                )
                for e in long
            ]
        keys = ", ".join(sorted({str(e["loc"][0]) for e in err.errors() if e["loc"]}))
        return [
            v.problem(
                path,
                "type",
                v.ERROR,
                f"Địa chỉ có khoá không hợp lệ ({keys}).",
                f"The address has invalid keys ({keys}).",
            )
        ]
    if addr.legacy:
        return _check_legacy(addr, path)
    return _check_two_level(addr, path, units)


def _check_legacy(addr: AddressValue, path: str) -> list[Problem]:
    if addr.province_name and addr.province_name.strip():
        return []
    return [
        v.problem(
            f"{path}.province_name",
            "address.province_missing",
            v.ERROR,
            "Địa chỉ cũ cần ghi tên tỉnh/thành phố.",
            "An old-style address needs the province name.",
        )
    ]


def _check_two_level(addr: AddressValue, path: str, units: UnitDirectory | None) -> list[Problem]:
    problems: list[Problem] = []
    commune_ok = addr.commune_code is not None and _COMMUNE.fullmatch(addr.commune_code)
    province_ok = addr.province_code is not None and _PROVINCE.fullmatch(addr.province_code)
    if not commune_ok:
        problems.append(
            v.problem(
                f"{path}.commune_code",
                "address.commune_code",
                v.ERROR,
                "Cần chọn xã/phường (mã 5 chữ số).",
                "Choose the commune/ward (5-digit code).",
            )
        )
    if not province_ok:
        problems.append(
            v.problem(
                f"{path}.province_code",
                "address.province_code",
                v.ERROR,
                "Cần chọn tỉnh/thành phố (mã 2 chữ số).",
                "Choose the province/city (2-digit code).",
            )
        )
    if problems or units is None:
        return problems
    assert addr.commune_code is not None and addr.province_code is not None
    if units.provinces() and units.province(addr.province_code) is None:
        problems.append(
            v.problem(
                f"{path}.province_code",
                "address.province_unknown",
                v.ERROR,
                f"Không có tỉnh/thành phố mã {addr.province_code}.",
                f"There is no province with code {addr.province_code}.",
            )
        )
    commune = units.commune(addr.commune_code)
    if commune is None:
        problems.append(
            v.problem(
                f"{path}.commune_code",
                "address.commune_unknown",
                v.WARNING,
                f"Mã xã/phường {addr.commune_code} chưa có trong danh mục; hãy kiểm tra lại.",
                f"Commune code {addr.commune_code} is not in the bundled list; please check it.",
            )
        )
    elif commune.province_code != addr.province_code:
        problems.append(
            v.problem(
                f"{path}.commune_code",
                "address.commune_province",
                v.ERROR,
                f"{commune.name_vi} không thuộc tỉnh/thành phố mã {addr.province_code}.",
                f"{commune.name_vi} is not in the province with code {addr.province_code}.",
            )
        )
    return problems
