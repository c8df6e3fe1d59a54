"""Shared fixtures and factories for tests that need a local store (reuse them; don't copy them).

Import the fixtures into a ``conftest.py`` (``from tests.helpers.store import store, ...``) or use
the plain factories directly:

* :func:`template_store_file` / ``store_template`` builds one migrated SQLite file per session;
  ``store`` copies it into ``tmp_path`` (migrations are not replayed for every test).
* ``catalog`` is a :class:`Catalog` holding :data:`MINI_DEFINITION` (a small permit procedure
  with a person field, a personal ID, a phone, a gender select, a required document slot, an
  unverified requirement that only warns), written to ``tmp_path``.
* ``service`` is a :class:`DossierService` on ``store`` with a :class:`FixedClock`.
* :func:`make_resident` adds a resident; :func:`make_png`, :func:`make_jpeg`, :func:`make_pdf`
  write small real files of each accepted type.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helper_app.config import AppPaths
from helper_app.dossiers import DossierService
from helper_app.forms import Catalog
from helper_app.residents import ResidentDirectory, ResidentRecord, ResidentView
from helper_app.security.vault import KdfParams
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store

CHEAP_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
"""Argon2id parameters that keep the tests fast (the app uses its defaults)."""

GENDER_OPTIONS = [
    {"value": "Nam", "label_vi": "Nam", "label_en": "Male"},
    {"value": "Nữ", "label_vi": "Nữ", "label_en": "Female"},
]

MINI_DEFINITION: dict[str, Any] = {
    "format": 1,
    "code": "mini_permit",
    "version": 1,
    "effective_from": "2025-07-01",
    "title_vi": "Giấy phép thử",
    "title_en": "Test permit",
    "sections": [
        {
            "id": "applicant",
            "title_vi": "Người đề nghị",
            "title_en": "Applicant",
            "fields": [
                {
                    "id": "applicant_person",
                    "type": "person",
                    "label_vi": "Chọn cư dân",
                    "label_en": "Pick a resident",
                    "prefill": {
                        "full_name": "full_name",
                        "personal_id": "personal_id",
                        "birth_date": "birth_date",
                        "gender": "gender",
                        "phone": "phone",
                    },
                },
                {
                    "id": "full_name",
                    "type": "text",
                    "label_vi": "Họ tên",
                    "label_en": "Full name",
                    "required": True,
                    "max_len": 100,
                },
                {
                    "id": "birth_date",
                    "type": "date",
                    "label_vi": "Ngày sinh",
                    "label_en": "Date of birth",
                    "not_future": True,
                },
                {
                    "id": "gender",
                    "type": "select",
                    "label_vi": "Giới tính",
                    "label_en": "Gender",
                    "options": GENDER_OPTIONS,
                },
                {
                    "id": "personal_id",
                    "type": "personal_id",
                    "label_vi": "Số định danh cá nhân",
                    "label_en": "Personal ID number",
                    "required": True,
                },
                {
                    "id": "phone",
                    "type": "phone",
                    "label_vi": "Số điện thoại",
                    "label_en": "Phone",
                },
                {
                    "id": "email",
                    "type": "email",
                    "label_vi": "Thư điện tử",
                    "label_en": "E-mail",
                    "required": True,
                    "source_status": "K",
                },
            ],
        }
    ],
    "documents": [
        {
            "id": "id_card",
            "label_vi": "Căn cước",
            "label_en": "ID card",
            "required": True,
            "max_files": 2,
        },
        {"id": "photo", "label_vi": "Ảnh", "label_en": "Photo", "max_files": 1},
    ],
}
"""A small procedure definition written for the store tests (not a real procedure)."""

VALID_DATA: dict[str, object] = {
    "full_name": "  Nguyễn   Văn An ",
    "birth_date": "15/03/1990",
    "gender": "Nam",
    "personal_id": "027 090 004 815",
    "phone": "+84 912 345 678",
}
"""Data that finalizes (after normalization), missing only the unverified e-mail (a warning)."""

START = dt.datetime(2026, 1, 15, 3, 0, tzinfo=dt.UTC)


class FixedClock:
    """A clock tests control: returns ``now`` and moves it forward by one millisecond per call."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(milliseconds=1)
        return self.now


def write_definition(directory: Path, definition: dict[str, Any] | None = None) -> Path:
    """Write a definition (default :data:`MINI_DEFINITION`) as ``<code>.v<version>.json``."""
    d = copy.deepcopy(definition or MINI_DEFINITION)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{d['code']}.v{d['version']}.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return path


def template_store_file(directory: Path) -> Path:
    """A freshly migrated store file in ``directory`` (closed, WAL checkpointed)."""
    path = directory / "template.sqlite3"
    Store.open(path).close()
    return path


def copy_store(template: Path, target: Path) -> Store:
    """Copy a closed template store to ``target`` and open it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return Store.open(target)


def make_resident(store: Store, **values: Any) -> ResidentView:
    """Add a resident (defaults give a valid person; override any field)."""
    fields: dict[str, Any] = {
        "full_name": "Nguyễn Văn An",
        "birth_date": "1990-03-15",
        "gender": "Nam",
        "personal_id": "027090004815",
        "phone": "0912345678",
        "ethnicity": "Kinh",
        "nationality": "Việt Nam",
    }
    fields.update(values)
    return ResidentDirectory(store).save(ResidentRecord(**fields))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def make_png(path: Path, width: int = 4, height: int = 3) -> Path:
    """A real RGB PNG image (decodable, correct CRCs)."""
    rows = b"".join(b"\x00" + bytes([200, 30, 30]) * width for _ in range(height))
    data = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(rows))
        + _png_chunk(b"IEND", b"")
    )
    path.write_bytes(data)
    return path


_JPEG_1X1 = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////"
    "////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAB"
    "PxA="
)


def make_jpeg(path: Path) -> Path:
    """A real 1x1 grey baseline JPEG."""
    path.write_bytes(_JPEG_1X1)
    return path


def make_pdf(path: Path, text: str = "Helper test") -> Path:
    """A real one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
    ]
    stream = f"BT /F1 12 Tf 20 50 Td ({text}) Tj ET".encode("latin-1")
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


# ---------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated store file per test session, copied by ``store``."""
    return template_store_file(tmp_path_factory.mktemp("store-template"))


@pytest.fixture
def store(store_template: Path, app_paths: AppPaths) -> Iterator[Store]:
    """A fresh, migrated store in the test's data directory."""
    opened = copy_store(store_template, app_paths.database)
    yield opened
    opened.close()


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    """A catalog holding :data:`MINI_DEFINITION`."""
    write_definition(tmp_path / "forms")
    return Catalog.from_directory(tmp_path / "forms")


@pytest.fixture
def files(app_paths: AppPaths) -> AttachmentStore:
    """The attachment store of the test's data directory."""
    return AttachmentStore(app_paths.attachments_dir)


@pytest.fixture
def clock() -> FixedClock:
    """A controllable clock."""
    return FixedClock()


@pytest.fixture
def service(
    store: Store, catalog: Catalog, files: AttachmentStore, clock: FixedClock
) -> DossierService:
    """A dossier service on the test store, acting as ``tester``."""
    # Consent has its own tests (tests/helper_app/security/test_consent.py); these are about
    # the other operations, so they do not record it before every finalize.
    return DossierService(store, catalog, files, actor="tester", clock=clock, require_consent=False)
