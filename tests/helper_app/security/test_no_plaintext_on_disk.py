"""After a full headless run with known fake residents, no ID number and no name is on disk.

The real commands run in subprocesses (``residents import``, ``dossiers import`` with
attachments and finalize, ``residents search``), logging at debug level into the log directory,
with the key in a real throwaway Secret Service keyring and ``TMPDIR`` pointed inside the test.
Then every file under the data directory (database, ``-wal``, ``-shm``, attachments, vault file,
logs) and the temporary directory is searched for the ID numbers and the names, in NFC, NFD,
folded and upper case, as UTF-8 and UTF-16. The same run with encryption switched off (the
test-only switch) must find them: that is what shows the search would notice a leak.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

from helper_app.text import fold
from tests.helpers.keyring_service import KeyringSession
from tests.helpers.store import make_pdf, write_definition

REPO = Path(__file__).resolve().parents[3]

PEOPLE = [
    ("Trần Thị Bích Ngọc", "027190001234", "0912345678"),
    ("Lê Hoàng Quyết", "027090009999", "0987654321"),
]
BOOTSTRAP = (
    "import logging, sys\n"
    "from helper_app.config import resolve_paths\n"
    "from helper_app.logs import setup_logging\n"
    "setup_logging(resolve_paths().log_dir, level=logging.DEBUG)\n"
    "from helper_app.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _needles() -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for name, pid, phone in PEOPLE:
        forms = {
            name,
            unicodedata.normalize("NFD", name),
            fold(name),
            name.upper(),
            # The last word alone: a name split over an index entry is still a leak.
            name.split()[-1] if len(name.split()[-1]) > 4 else name,
        }
        texts = forms | {pid, phone}
        for text in texts:
            found[text] = [text.encode("utf-8"), text.encode("utf-16-le")]
    return found


def _inputs(base: Path) -> tuple[Path, Path, Path]:
    base.mkdir()
    csv_file = base / "residents.csv"
    lines = ["Họ tên,Ngày sinh,Giới tính,Số định danh,Số điện thoại"]
    lines += [f"{n},15/03/1990,Nữ,{p},{ph}" for n, p, ph in PEOPLE]
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    forms = base / "forms"
    write_definition(forms)
    items = []
    for n, (name, pid, phone) in enumerate(PEOPLE):
        scan = make_pdf(base / f"scan{n}.pdf", text=f"CCCD {pid} {fold(name)}")
        items.append(
            {
                "procedure": "mini_permit",
                "data": {
                    "full_name": name,
                    "birth_date": "15/03/1990",
                    "gender": "Nữ",
                    "personal_id": pid,
                    "phone": phone,
                },
                "attachments": [{"slot": "id_card", "path": scan.name}],
                "consent": {"help": True, "processing": True},
                "finalize": True,
            }
        )
    batch = base / "batch.json"
    batch.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return csv_file, batch, forms


def _full_run(tmp_path: Path, env_extra: dict[str, str]) -> tuple[Path, Path]:
    data, temp = tmp_path / "data", tmp_path / "tmp"
    temp.mkdir()
    csv_file, batch, forms = _inputs(tmp_path / "inputs")
    env = {
        **os.environ,
        **env_extra,
        "HELPER_DATA_DIR": str(data),
        "TMPDIR": str(temp),
        "PYTHONPATH": str(REPO),
    }

    def run(*argv: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", BOOTSTRAP, "-v", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    run("residents", "import", str(csv_file))
    out = run("dossiers", "import", str(batch), "--forms-dir", str(forms), "--json")
    assert all(r["status"] == "queued" for r in json.loads(out)), out
    assert PEOPLE[0][0] in run("residents", "search", "tran thi bich")
    run("dossiers", "list")
    assert (data / "logs" / "helper.log").is_file()
    return data, temp


def _hits(roots: list[Path]) -> dict[str, list[str]]:
    needles = _needles()
    hits: dict[str, list[str]] = {}
    for root in roots:
        for path in root.rglob("*"):
            if not path.is_file():
                continue
            blob = path.read_bytes()
            for text, encodings in needles.items():
                if any(e in blob for e in encodings):
                    hits.setdefault(text, []).append(path.name)
    return hits


def test_an_encrypted_run_leaves_no_id_number_and_no_name(
    keyring_session: KeyringSession, tmp_path: Path
) -> None:
    data, temp = _full_run(tmp_path, keyring_session.env)
    names = {p.name for p in data.rglob("*")}
    assert "helper.sqlite3" in names and "helper.sqlite3.vault.json" in names
    assert len(list((data / "attachments").rglob("*"))) >= 2
    assert _hits([data, temp]) == {}


def test_the_same_run_unencrypted_is_caught(tmp_path: Path) -> None:
    env = {"HELPER_TEST_MODE": "1", "HELPER_INSECURE_NO_ENCRYPTION": "1"}
    data, temp = _full_run(tmp_path, env)
    hits = _hits([data, temp])
    for name, pid, _phone in PEOPLE:
        assert pid in hits and name in hits and fold(name) in hits, hits
    assert any("helper.sqlite3" in where for where in hits[PEOPLE[0][1]])
    assert any(len(where) == 64 for f in hits.values() for where in f)  # an attachment file
