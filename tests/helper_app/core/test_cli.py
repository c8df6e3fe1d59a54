"""The headless commands: residents import/search, dossiers import/list (in-process and real)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helper_app.cli import main
from tests.helpers.commands import PLAIN_ENV, REPO
from tests.helpers.store import VALID_DATA, make_pdf, make_png, write_definition

CSV = (
    "\ufeffHọ tên,Ngày sinh,Giới tính,Số định danh,Số điện thoại\n"
    "Nguyễn Văn An,15/03/1990,Nam,027090004815,0912345678\n"
    "Đặng Thị Đào,1950,Nữ,027150001234,\n"
)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    for key, value in PLAIN_ENV.items():
        monkeypatch.setenv(key, value)
    return str(tmp_path / "data")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_residents_import_then_search(
    tmp_path: Path, data_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    code, out, _ = _run(capsys, "--data-dir", data_dir, "residents", "import", str(csv_file))
    assert code == 0 and "imported 2" in out and "rejected 0" in out
    code, out, _ = _run(capsys, "--data-dir", data_dir, "residents", "search", "dang thi dao")
    assert code == 0 and "Đặng Thị Đào" in out and "Nguyễn" not in out
    code, out, _ = _run(capsys, "--data-dir", data_dir, "residents", "search", "NGUYỄN", "--json")
    assert [r["personal_id"] for r in json.loads(out)] == ["027090004815"]


def test_residents_import_exit_codes(
    tmp_path: Path, data_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    partly = tmp_path / "partly.csv"
    partly.write_text("ho_ten,cccd\nLê Văn A,027090001111\nLê Văn B,123\n", encoding="utf-8")
    code, out, _ = _run(
        capsys, "--data-dir", data_dir, "residents", "import", str(partly), "--json"
    )
    report = json.loads(out)
    assert code == 1 and report["imported"] == 1 and report["rejected_rows"] == 1
    assert report["rejected"][0]["row"] == 3 and report["rejected"][0]["column"] == "personal_id"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("ho_ten\nJosé\n".encode("latin-1"))
    code, _, err = _run(capsys, "--data-dir", data_dir, "residents", "import", str(latin))
    assert code == 2 and "not UTF-8" in err


def _batch(tmp_path: Path) -> Path:
    (tmp_path / "scans").mkdir()
    make_png(tmp_path / "scans" / "id.png")
    make_pdf(tmp_path / "scans" / "photo.pdf")
    items = [
        {"procedure": "mini_permit", "data": VALID_DATA, "attachments": ["scans/id.png"],
         "consent": {"help": True, "processing": True}, "finalize": True},
        {"procedure": "no_such_thing", "data": {}},
        {"procedure": "mini_permit", "data": {"personal_id": "1"}, "finalize": True},
        {"procedure": "mini_permit", "data": {}, "attachments": ["scans/missing.png"]},
        {"procedure": "mini_permit", "data": VALID_DATA,
         "attachments": [{"slot": "photo", "path": "scans/photo.pdf"}]},
        "not an object",
        {"procedure": "mini_permit", "data": VALID_DATA, "attachments": ["scans/id.png"],
         "finalize": True},
        {"procedure": "mini_permit", "data": VALID_DATA, "attachments": ["scans/id.png"],
         "consent": {"help": True, "processing": False}, "finalize": True},
    ]  # fmt: skip
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return batch


def test_dossiers_import_reports_each_item_and_goes_on(
    tmp_path: Path, data_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = write_definition(tmp_path / "forms").parent
    base = ["--data-dir", data_dir, "dossiers"]
    code, out, _ = _run(
        capsys,
        *base,
        "import",
        str(_batch(tmp_path)),
        "--forms-dir",
        str(forms),
        "--json",
    )
    results = json.loads(out)
    assert code == 1
    assert [r["status"] for r in results] == ["queued", None, None, None, "draft", None, None, None]
    assert "Unknown procedure" in results[1]["errors"][0]["message_en"]
    assert {e["path"] for e in results[2]["errors"]} >= {"personal_id", "full_name"}
    assert "missing.png" in results[3]["errors"][0]["message_en"]
    assert "object" in results[5]["errors"][0]["message_en"]
    assert [e["path"] for e in results[6]["errors"]] == ["consent"]  # never implied
    assert "both" in results[7]["errors"][0]["message_en"]  # one box unticked records nothing

    code, out, _ = _run(capsys, *base, "list", "--json")
    listed = json.loads(out)
    assert code == 0 and sorted(d["status"] for d in listed) == ["draft", "queued"]
    code, out, _ = _run(capsys, *base, "list", "--status", "queued")
    assert code == 0 and results[0]["dossier_id"] in out and results[4]["dossier_id"] not in out


def test_dossiers_import_unusable_file(
    tmp_path: Path, data_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = write_definition(tmp_path / "forms").parent
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = _run(
        capsys, "--data-dir", data_dir, "dossiers", "import", str(bad), "--forms-dir", str(forms)
    )
    assert code == 2 and "not valid UTF-8 JSON" in err
    bad.write_text('{"procedure": "x"}', encoding="utf-8")
    code, _, err = _run(
        capsys, "--data-dir", data_dir, "dossiers", "import", str(bad), "--forms-dir", str(forms)
    )
    assert code == 2 and "JSON list" in err


def test_a_real_subprocess_uses_helper_data_dir(tmp_path: Path) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    env = {
        **os.environ,
        **PLAIN_ENV,
        "HELPER_DATA_DIR": str(tmp_path / "portable"),
        "PYTHONPATH": str(REPO),
    }
    run = [sys.executable, "-m", "helper_app"]
    done = subprocess.run(
        [*run, "residents", "import", str(csv_file)], env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "portable" / "helper.sqlite3").is_file()
    done = subprocess.run(
        [*run, "residents", "search", "nguyen van"], env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "Nguyễn Văn An" in done.stdout


def test_the_window_and_the_demo_start_without_loading_the_commands() -> None:
    """The splash comes up sooner: no command module is imported to open the window or demo."""
    import subprocess
    import sys

    probe = (
        "import sys; from helper_app.cli import parse; "
        "args = [parse(['--demo', '--lang', 'en']), parse([])]; "
        "print(any(m.startswith('helper_app.commands') for m in sys.modules), "
        "args[0].demo, args[0].lang, getattr(args[1], 'handler', None)); "
        "named = parse(['forms', 'list']); "
        "print(any(m.startswith('helper_app.commands') for m in sys.modules), named.command)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split("\n")
    assert out[0] == "False True en None"
    assert out[1] == "True forms"
