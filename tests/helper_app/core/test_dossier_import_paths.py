"""``dossiers import`` with nasty attachment paths (issue 11 #7a): each fails its own item only.

A 795-byte NFD file name made ``Path.is_file`` raise ``OSError: File name too long`` and ended
the whole import with a traceback, the valid items not imported. Now every attachment path is
checked before its item's draft exists, and the error names ``attachments[N]`` and what is
expected. Real file tree, real CLI (in-process as in test_cli.py, and once as a subprocess).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from helper_app.cli import main
from tests.helpers.commands import PLAIN_ENV, REPO
from tests.helpers.store import VALID_DATA, make_png, write_definition

CONSENT = {"help": True, "processing": True}


def _nfd_name(size: int) -> str:
    """An NFD file name of exactly ``size`` UTF-8 bytes (as a macOS copy of a scan has)."""
    stem = unicodedata.normalize("NFD", "Giấy khai sinh của bé Nguyễn Thị Ánh Tuyết ") * 20
    while len((stem + ".png").encode()) > size:
        stem = stem[:-1]
    return stem + "a" * (size - len((stem + ".png").encode())) + ".png"


LONG_NAME = _nfd_name(795)
RAW_BYTES_MARK = "@@RAW@@"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    for key, value in PLAIN_ENV.items():
        monkeypatch.setenv(key, value)
    return str(tmp_path / "data")


def _item(*attachments: object, finalize: bool = False) -> dict[str, Any]:
    item: dict[str, Any] = {"procedure": "mini_permit", "data": VALID_DATA}
    item["attachments"] = list(attachments)
    if finalize:
        item.update(consent=CONSENT, finalize=True)
    return item


def _batch(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    """The batch file; ``RAW_BYTES_MARK`` in a path becomes a byte that is not UTF-8."""
    batch = tmp_path / "batch.json"
    text = json.dumps(items)  # ASCII, lone surrogates as \\udXXX escapes
    batch.write_bytes(text.encode("ascii").replace(RAW_BYTES_MARK.encode(), b"\xff"))
    return batch


def _import(capsys: pytest.CaptureFixture[str], data_dir: str, batch: Path, forms: Path) -> Any:
    code = main(
        ["--data-dir", data_dir, "dossiers", "import", str(batch), "--forms-dir", str(forms)]
        + ["--json"]
    )
    return code, json.loads(capsys.readouterr().out)


def test_each_bad_path_fails_its_item_and_the_rest_is_imported(
    tmp_path: Path, data_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(os.fsencode(LONG_NAME)) == 795
    forms = write_definition(tmp_path / "forms").parent
    scans = tmp_path / "scans"
    scans.mkdir()
    make_png(scans / "id.png")
    os.mkfifo(scans / "pipe.png")
    batch = _batch(
        tmp_path,
        [
            _item("scans/id.png", finalize=True),
            _item("scans/id.png", f"scans/{LONG_NAME}"),
            _item("scans"),
            _item("scans/nope.png"),
            _item("scans/\udcff.png"),  # a lone surrogate escape in the JSON
            _item(f"scans/{RAW_BYTES_MARK}.png"),  # a raw byte that is not UTF-8
            _item("scans/id.png\u0000.pdf"),
            _item({"slot": "id_card", "path": "scans/pipe.png"}),
            _item("scans/id.png"),
        ],
    )
    code, results = _import(capsys, data_dir, batch, forms)
    assert code == 1
    assert [r["status"] for r in results] == ["queued", *[None] * 7, "draft"]
    errors = [r["errors"] for r in results]
    assert errors[0] == errors[8] == []
    [long] = errors[1]
    assert long["path"] == "attachments[1]"
    assert "795 bytes" in long["message_en"] and "255" in long["message_en"]
    assert "rename the file" in long["message_en"] and "đổi tên tệp" in long["message_vi"]
    assert len(long["message_en"]) < 250  # the name is cut, not printed whole
    assert errors[2][0]["path"] == "attachments[0]" and "folder" in errors[2][0]["message_en"]
    assert "PDF" in errors[2][0]["message_en"]  # what is expected instead
    assert (
        "nope.png" in errors[3][0]["message_en"] and "does not exist" in errors[3][0]["message_en"]
    )
    for bad in (errors[4], errors[5]):
        assert bad[0]["path"] == "attachments[0]" and "UTF-8" in bad[0]["message_en"]
    assert "NUL" in errors[6][0]["message_en"]
    assert "not a regular file" in errors[7][0]["message_en"]
    assert all(r["dossier_id"] is None for r in results[1:8])  # nothing left behind

    assert main(["--data-dir", data_dir, "dossiers", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(d["status"] for d in listed) == ["draft", "queued"]


def test_non_utf8_bytes_in_the_data_fail_that_item_only(
    tmp_path: Path, data_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = write_definition(tmp_path / "forms").parent
    make_png(tmp_path / "id.png")
    broken = _item("id.png")
    broken["data"] = {**VALID_DATA, "full_name": f"Nguy{RAW_BYTES_MARK}n"}
    code, results = _import(capsys, data_dir, _batch(tmp_path, [broken, _item("id.png")]), forms)
    assert code == 1 and [r["status"] for r in results] == [None, "draft"]
    assert results[0]["errors"][0]["path"] == "data.full_name"
    assert "UTF-8" in results[0]["errors"][0]["message_en"]


def test_the_real_command_prints_the_item_and_no_traceback(tmp_path: Path) -> None:
    forms = write_definition(tmp_path / "forms").parent
    make_png(tmp_path / "id.png")
    batch = _batch(tmp_path, [_item(LONG_NAME), _item("id.png")])
    env = {**os.environ, **PLAIN_ENV, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "helper_app", "--data-dir", str(tmp_path / "data"), "dossiers",
         "import", str(batch), "--forms-dir", str(forms)],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "#0 lỗi / failed:"
    assert lines[1].startswith("    attachments[0]: Tên tệp ") and "795 bytes" in lines[1]
    assert lines[2].startswith("#1 ok ") and lines[2].endswith(" draft")
