"""Importing residents from a CSV file, all or nothing.

The file must be UTF-8 (a BOM is accepted and dropped); anything else is refused as a whole with
a message saying how to fix it. The header row names the columns, in Vietnamese or English, with
or without accents (see :data:`HEADER_ALIASES`; "Họ tên", "ho_ten" and "full_name" are the same
column). Every row is validated with the form validators of :mod:`helper_app.forms.validators`;
a bad row is rejected with its row number, the column and the reason, the others are imported
(new personal ID) or update the resident with the same ID. The whole import is ONE transaction:
a crash or an unexpected error leaves the directory exactly as it was.

An update touches only the columns the file has: a column missing from the header (or a cell
missing from a short row) keeps the stored value, while an empty cell in a column the file does
have clears it, and the report lists each cleared field by row and column (never the value it
held). A name written with the Icelandic eth (Ð/ð, which other tools put where Đ/đ belongs) is
stored with Đ/đ, with a warning in the report.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from helper_app.forms.validators import (
    ValidationError,
    clean_name,
    parse_date,
    parse_personal_id,
    parse_phone,
)
from helper_app.residents import ResidentRecord, merge_resident
from helper_app.store import audit
from helper_app.store.db import Store
from helper_app.store.models import new_id, utc_now
from helper_app.text import BilingualError, fold

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_FIELD_CHARS = 500
MAX_NAME_CHARS = 150

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("ho_ten", "ho_va_ten", "ho_chu_dem_va_ten", "ho_chu_dem_ten", "name"),
    "birth_date": ("ngay_sinh", "ngay_thang_nam_sinh", "nam_sinh", "dob", "date_of_birth"),
    "gender": ("gioi_tinh", "sex"),
    "personal_id": (
        "so_dinh_danh",
        "so_dinh_danh_ca_nhan",
        "so_ddcn",
        "cccd",
        "so_cccd",
        "can_cuoc",
        "id_number",
    ),
    "phone": ("so_dien_thoai", "dien_thoai", "sdt", "phone_number"),
    "ethnicity": ("dan_toc",),
    "nationality": ("quoc_tich",),
    "address_detail": ("dia_chi", "dia_chi_chi_tiet", "address"),
    "commune_code": ("ma_xa", "ma_phuong_xa", "ma_xa_phuong"),
    "province_code": ("ma_tinh",),
    "household_code": ("ma_ho", "ma_ho_gia_dinh", "so_ho_khau", "household"),
    "household_head": ("chu_ho", "la_chu_ho", "is_head"),
}
"""Canonical column -> accepted aliases (compared after folding; the canonical name works too)."""

_ALIAS_TO_COLUMN = {a: c for c, aliases in HEADER_ALIASES.items() for a in (c, *aliases)}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_TRUE = frozenset({"x", "1", "co", "yes", "y", "true", "la chu ho"})
_ETH_TO_D = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})  # Ð -> Đ, ð -> đ
_FIELD_OF_COLUMN = {
    "address_detail": "address.detail",
    "commune_code": "address.commune_code",
    "province_code": "address.province_code",
}
"""Import columns whose resident field has another name (the others have the same one)."""
_COLUMN_OF_FIELD = {f: c for c, f in _FIELD_OF_COLUMN.items()}
CLEARED = "value.cleared"
""":attr:`RowIssue.code` of a warning: an empty cell cleared a stored value."""
NAME_ETH = "name.eth"
""":attr:`RowIssue.code` of a warning: Ð/ð in a name was changed to Đ/đ."""
_GENDERS = {"nam": "Nam", "male": "Nam", "m": "Nam", "nu": "Nữ", "female": "Nữ", "f": "Nữ"}


class ImportFileError(BilingualError):
    """The file cannot be imported at all (encoding, header, damaged CSV); nothing was imported."""


@dataclass(frozen=True)
class RowIssue:
    """Why one row was rejected, or what was done to it (a warning).

    ``row`` counts like a spreadsheet: the header is row 1. ``code`` tells warnings apart
    (:data:`CLEARED`, :data:`NAME_ETH`); rejections leave it empty. No message carries the
    row's values: the report is shown on screen and printed by the CLI.
    """

    row: int
    column: str
    message_vi: str
    message_en: str
    code: str = ""


@dataclass
class ImportReport:
    """What an import did."""

    file: str
    imported: int = 0
    updated: int = 0
    rejected: list[RowIssue] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    """Rows imported with a change the volunteer should know of (a value cleared, a name's
    Ð changed to Đ), in row order."""

    @property
    def rejected_rows(self) -> int:
        """How many rows were rejected (a row may have several issues)."""
        return len({i.row for i in self.rejected})

    @property
    def cleared(self) -> list[RowIssue]:
        """The warnings that say an empty cell cleared a stored value."""
        return [w for w in self.warnings if w.code == CLEARED]

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {**asdict(self), "rejected_rows": self.rejected_rows}


def header_key(name: str) -> str:
    """A header cell folded to ``snake_case`` ASCII: "Số định danh" -> ``so_dinh_danh``."""
    return _NON_ALNUM.sub("_", fold(name)).strip("_")


def decode_csv(raw: bytes, path: Path) -> str:
    """The text of a CSV file: UTF-8, BOM dropped; any other encoding is refused."""
    name = path.name
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            f"Tệp {name} là UTF-16; hãy lưu lại dưới dạng CSV UTF-8.",
            f"{name} is UTF-16; save it again as CSV UTF-8.",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"Tệp {name} không phải UTF-8 (byte lạ ở dòng {line}); trong Excel hãy chọn "
            "'CSV UTF-8' khi lưu. Chưa nhập dòng nào.",
            f"{name} is not UTF-8 (unexpected byte on line {line}); in Excel choose "
            "'CSV UTF-8' when saving. Nothing was imported.",
        ) from exc


def _columns(header: list[str], path: Path) -> tuple[dict[int, str], list[str]]:
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        column = _ALIAS_TO_COLUMN.get(header_key(cell))
        if column is None:
            if cell.strip():
                ignored.append(cell.strip())
            continue
        if column in mapping.values():
            raise ImportFileError(
                f"Tệp {path.name}: cột '{column}' xuất hiện hai lần trong dòng tiêu đề.",
                f"{path.name}: column '{column}' appears twice in the header row.",
            )
        mapping[index] = column
    if "full_name" not in mapping.values():
        raise ImportFileError(
            f"Tệp {path.name}: thiếu cột họ tên (ho_ten / full_name) ở dòng tiêu đề.",
            f"{path.name}: the header row has no name column (ho_ten / full_name).",
        )
    return mapping, ignored


def _issue(row: int, column: str, err: ValidationError) -> RowIssue:
    return RowIssue(row, column, err.message_vi, err.message_en)


def _check_name(raw: str) -> str:
    name = clean_name(raw)
    if not name:
        raise ValidationError("name.empty", "Thiếu họ tên.", "The name is missing.")
    if len(name) > MAX_NAME_CHARS:
        raise ValidationError(
            "name.length",
            f"Họ tên dài quá {MAX_NAME_CHARS} ký tự.",
            f"The name is longer than {MAX_NAME_CHARS} characters.",
        )
    if any(ch.isdigit() or unicodedata.category(ch) == "Cc" for ch in name):
        raise ValidationError(
            "name.characters",
            "Họ tên chứa chữ số hoặc ký tự điều khiển (cột bị lệch?).",
            "The name contains digits or control characters (shifted column?).",
        )
    return name


def _check_gender(raw: str) -> str:
    gender = _GENDERS.get(fold(raw))
    if gender is None:
        raise ValidationError(
            "gender.value", "Giới tính ghi 'Nam' hoặc 'Nữ'.", "Gender must be 'Nam' or 'Nữ'."
        )
    return gender


def _check_code(digits: int, label: str) -> Callable[[str], str]:
    def check(raw: str) -> str:
        if not (raw.isascii() and raw.isdigit() and len(raw) == digits):
            raise ValidationError(
                "code.format", f"{label} gồm {digits} chữ số.", f"{label} has {digits} digits."
            )
        return raw

    return check


_PARSERS: dict[str, Callable[[str], str]] = {
    "full_name": _check_name,
    "birth_date": lambda raw: parse_date(raw, allow_partial=True),
    "gender": _check_gender,
    "personal_id": parse_personal_id,
    "phone": parse_phone,
    "commune_code": _check_code(5, "Mã xã/phường"),
    "province_code": _check_code(2, "Mã tỉnh"),
}


def _eth_to_d(row_number: int, name: str, warnings: list[RowIssue] | None) -> str:
    """``name`` with Ð/ð (U+00D0/U+00F0) as Đ/đ, noted in ``warnings`` when it had any.

    Other tools write the Icelandic eth where Vietnamese has Đ: it looks the same, but a
    search for "d" would not find it, nor would the portal's registry match the name.
    """
    fixed = name.translate(_ETH_TO_D)
    if fixed != name and warnings is not None:
        warnings.append(
            RowIssue(
                row_number,
                "full_name",
                "Họ tên có chữ Ð/ð (chữ eth, trông giống Đ/đ); đã đổi thành Đ/đ.",
                "The name had Ð/ð (the eth letter, a look-alike of Đ/đ); it was changed to Đ/đ.",
                NAME_ETH,
            )
        )
    return fixed


def parse_row(
    row_number: int, values: Mapping[str, str], warnings: list[RowIssue] | None = None
) -> ResidentRecord | list[RowIssue]:
    """Validate one row's cells (canonical column -> raw text) into a record or its issues.

    What was changed on the way (a name's Ð to Đ) is appended to ``warnings`` when given.
    """
    issues: list[RowIssue] = []
    clean: dict[str, str] = {}
    for column, raw in values.items():
        text = unicodedata.normalize("NFC", raw).strip()
        if column == "full_name":
            text = _eth_to_d(row_number, text, warnings)
        if len(text) > MAX_FIELD_CHARS:
            issues.append(RowIssue(row_number, column, "Giá trị quá dài.", "Value too long."))
            continue
        if not text:
            continue
        parser = _PARSERS.get(column)
        try:
            clean[column] = parser(text) if parser is not None else text
        except ValidationError as err:
            issues.append(_issue(row_number, column, err))
    if "full_name" not in clean and not any(i.column == "full_name" for i in issues):
        issues.append(RowIssue(row_number, "full_name", "Thiếu họ tên.", "The name is missing."))
    if issues:
        return issues
    address = {
        k: clean[c]
        for k, c in (
            ("detail", "address_detail"),
            ("commune_code", "commune_code"),
            ("province_code", "province_code"),
        )
        if c in clean
    }
    return ResidentRecord(
        full_name=clean["full_name"],
        birth_date=clean.get("birth_date"),
        gender=clean.get("gender"),
        personal_id=clean.get("personal_id"),
        phone=clean.get("phone"),
        ethnicity=clean.get("ethnicity"),
        nationality=clean.get("nationality"),
        address=address,
        household_code=clean.get("household_code"),
        household_head=fold(clean.get("household_head", "")) in _TRUE,
    )


def read_rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The data rows of ``path`` as (row number, canonical column -> cell) plus ignored columns.

    Raises:
        ImportFileError: missing/unreadable/empty file, wrong encoding, bad header, damaged CSV.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFileError(
                f"Tệp {path.name} lớn quá 200 MB.", f"{path.name} is larger than 200 MB."
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            f"Không đọc được tệp {path}: {exc.strerror or exc}.",
            f"Cannot read {path}: {exc.strerror or exc}.",
        ) from exc
    text = decode_csv(raw, path)
    if not text.strip():
        raise ImportFileError(f"Tệp {path.name} rỗng.", f"{path.name} is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        mapping, ignored = _columns(next(reader), path)
        rows: list[tuple[int, dict[str, str]]] = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            rows.append((number, {col: cells[i] for i, col in mapping.items() if i < len(cells)}))
    except csv.Error as exc:
        raise ImportFileError(
            f"Tệp {path.name} hỏng ở dòng {reader.line_num}: {exc}. Chưa nhập dòng nào.",
            f"{path.name} is damaged at line {reader.line_num}: {exc}. Nothing was imported.",
        ) from exc
    return rows, ignored


def _given(values: Mapping[str, str]) -> frozenset[str]:
    """The resident fields a row's cells speak for (see :func:`merge_resident`)."""
    return frozenset(_FIELD_OF_COLUMN.get(c, c) for c in values)


def _cleared(row_number: int, fields: tuple[str, ...]) -> list[RowIssue]:
    return [
        RowIssue(
            row_number,
            _COLUMN_OF_FIELD.get(f, f),
            "Ô trống: đã xoá giá trị đã lưu trước đó.",
            "Empty cell: the value stored before was cleared.",
            CLEARED,
        )
        for f in fields
    ]


def import_residents(
    store: Store, path: Path, *, actor: str, clock: Callable[[], Any] = utc_now
) -> ImportReport:
    """Import ``path`` into the directory in ONE transaction and report what happened.

    Raises:
        ImportFileError: the file is unusable; nothing was imported.
    """
    csv.field_size_limit(MAX_FILE_BYTES)
    rows, ignored = read_rows(path)
    report = ImportReport(file=path.name, ignored_columns=ignored)
    seen_ids: dict[str, int] = {}
    now = clock()
    with store.write() as session:
        for number, values in rows:
            notes: list[RowIssue] = []
            parsed = parse_row(number, values, notes)
            if isinstance(parsed, list):
                report.rejected.extend(parsed)
                continue
            if parsed.personal_id and parsed.personal_id in seen_ids:
                first = seen_ids[parsed.personal_id]
                report.rejected.append(
                    RowIssue(
                        number,
                        "personal_id",
                        f"Số định danh trùng với dòng {first}; bỏ qua dòng này.",
                        f"Same personal ID as row {first}; this row was skipped.",
                    )
                )
                continue
            if parsed.personal_id:
                seen_ids[parsed.personal_id] = number
            merged = merge_resident(session, parsed, _given(values), now)
            notes.extend(_cleared(number, merged.cleared))
            report.warnings.extend(notes)
            if merged.created:
                report.imported += 1
            else:
                report.updated += 1
        audit.record(
            session,
            at=now,
            actor=actor,
            action="residents.import",
            object_type="import",
            object_id=new_id(),
            details={
                "imported": report.imported,
                "updated": report.updated,
                "rejected": report.rejected_rows,
                "warnings": len(report.warnings),
            },
        )
    return report
