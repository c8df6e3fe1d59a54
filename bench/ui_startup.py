"""Desktop UI figures with 50,000 dossiers in the store.

Prints:

* **startup**: from launching ``python`` to the first paint of the dossiers list (the child
  process builds the app exactly as ``helper_app.ui.app.run`` does and reports when the first
  page of rows is on screen). Target < 1.5 s.
* **open longest form**: building the dossier window of the procedure with the most fields and
  showing a dossier's data in it (first time, then the median of warm repeats). Target < 150 ms.
  Each open is preceded by the mouse click that opens a dossier in the app (a real press and
  release sent to the window): the app lock's input filter steps aside on input, as it does when
  a volunteer double-clicks a row.
* **validate on edit**: the editor's refresh (normalize + relevance + validate + widgets), the
  work done on the UI thread after a pause in typing.
* **list search**: one page of an accent-insensitive name search over 50,000 dossiers (runs on
  the store worker, never on the UI thread).

The store is opened the way the app opens it: SQLCipher through
:func:`helper_app.security.storage.open_store`, in passphrase mode with the app's real Argon2id
cost (the slower of the two unlock paths, so the start-up figure includes key stretching). The
passphrase is ``--passphrase`` or one generated for the run; the child process receives it on
stdin, never on its command line.

Usage: ``python bench/ui_startup.py [--dossiers 50000] [--passphrase TEXT]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Ngọc", "Đức", "Minh", "Thu", "Quốc", "Thanh", "Hữu", "Bảo"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hoà", "Hùng", "Lan", "Mai", "Nam", "Ánh", "Thắng", "Yến"]
STATUSES = ["draft"] * 5 + ["queued", "submitted", "received", "completed", "supplement_requested"]


def name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def fill_store(data_dir: Path, count: int, passphrase: str) -> None:
    """An encrypted store with ``count`` dossiers (realistic data JSON), written in bulk."""
    from helper_app.config import resolve_paths
    from helper_app.forms import Catalog
    from helper_app.security.storage import open_store
    from helper_app.security.vault import Vault

    paths = resolve_paths(data_dir)
    paths.ensure()
    local = open_store(paths, Vault(paths.database), passphrase=passphrase)
    if local.key is None:
        raise SystemExit("the store was opened without encryption: unset the test switches")
    store = local.store
    catalog = Catalog.bundled()
    examples = [(d, dict(d.examples[0].data)) for d in catalog.current() if d.examples]
    rng = random.Random(7)
    rows = []
    base = time.time() - count * 60
    for i in range(count):
        definition, data = rng.choice(examples)
        data = dict(data)
        for key in list(data):
            if key.endswith("full_name"):
                data[key] = name(rng)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(base + i * 60)) + ".000000+00:00"
        rows.append(
            (
                str(uuid.uuid4()),
                definition.code,
                definition.version,
                rng.choice(STATUSES),
                json.dumps(data, ensure_ascii=False),
                "[]",
                "bench",
                stamp,
                stamp,
            )
        )
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN")
        cur.executemany(
            "INSERT INTO dossiers (id, procedure, form_version, status, data, warnings, "
            "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        cur.execute("COMMIT")
    finally:
        raw.close()
    local.close()


def child(data_dir: Path) -> None:
    """Start the app on ``data_dir``; print READY when the first page of the list is painted.

    The passphrase comes on stdin (first line), as the unlock dialog would hand it over.
    """
    from helper_app.config import resolve_paths
    from helper_app.ui.app import build_ui, open_services
    from helper_app.ui.qapp import qapplication
    from helper_app.ui.qt import QApplication
    from helper_app.ui.settings import load_settings

    passphrase = sys.stdin.readline().rstrip("\n")
    paths = resolve_paths(data_dir)
    services = open_services(paths, load_settings(paths.settings_file), passphrase=passphrase)
    app = qapplication([sys.argv[0]])
    runtime = build_ui(app, services, presenter=lambda exc: print(f"error {exc}", flush=True))
    model = runtime.window.dossiers.model
    while model.rowCount() == 0:
        QApplication.processEvents()
        time.sleep(0.001)
    runtime.window.dossiers.table.viewport().repaint()
    QApplication.processEvents()
    print(f"READY rows={model.rowCount()}", flush=True)
    runtime.shutdown()


def measure_startup(data_dir: Path, runs: int, passphrase: str) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(data_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(passphrase + "\n")
        proc.stdin.close()
        for line in proc.stdout:
            if line.startswith("READY"):
                times.append(time.perf_counter() - started)
                break
        proc.wait(timeout=60)
    return times


def click(widget: Any) -> None:
    """The volunteer's click (press + release) on ``widget``, through the app's event filters."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        event = QMouseEvent(
            kind,
            QPointF(10, 10),
            QPointF(10, 10),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(widget, event)


def measure_forms(data_dir: Path, passphrase: str) -> dict[str, object]:
    """Open the longest form, validate on edit, search the list (in this process)."""
    from helper_app.config import resolve_paths
    from helper_app.ui.app import build_ui, open_services
    from helper_app.ui.dossiers.queries import DossierFilter, DossierQueries, name_fields
    from helper_app.ui.dossiers.window import DossierWindow
    from helper_app.ui.qapp import qapplication
    from helper_app.ui.qt import QApplication
    from helper_app.ui.settings import UiSettings

    paths = resolve_paths(data_dir)
    services = open_services(paths, UiSettings(), passphrase=passphrase)
    app = qapplication([sys.argv[0]])
    runtime = build_ui(app, services, presenter=lambda exc: None)
    longest = max(services.catalog.current(), key=lambda d: sum(1 for _ in d.iter_fields()))
    view = services.dossiers.create_draft(longest.code, data=dict(longest.examples[0].data))
    opens = []
    for _ in range(6):
        click(runtime.window)
        started = time.perf_counter()
        window = DossierWindow(services, runtime.tasks, view)
        window.show()
        QApplication.processEvents()
        opens.append((time.perf_counter() - started) * 1000)
        window.close()
        while runtime.tasks.busy:
            QApplication.processEvents()
    window = DossierWindow(services, runtime.tasks, view)
    refreshes = []
    for _ in range(30):
        started = time.perf_counter()
        window.editor.refresh()
        refreshes.append((time.perf_counter() - started) * 1000)
    window.close()
    queries = DossierQueries(services.store, name_fields(services.catalog))
    searches = []
    for query in ("nguyen van an", "tran thi", "hoa"):
        started = time.perf_counter()
        queries.page(DossierFilter(search=query), 0)
        searches.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    queries.page(DossierFilter(status="queued"), 0)
    status_ms = (time.perf_counter() - started) * 1000
    while runtime.tasks.busy:
        QApplication.processEvents()
    runtime.shutdown()
    return {
        "longest": f"{longest.code} ({sum(1 for _ in longest.iter_fields())} fields)",
        "open_first": opens[0],
        "open_median": statistics.median(opens[1:]),
        "refresh_median": statistics.median(refreshes),
        "refresh_max": max(refreshes),
        "search": searches,
        "status_filter": status_ms,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--passphrase", help="the store's passphrase (default: one generated for this run)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    passphrase = args.passphrase or secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        started = time.perf_counter()
        fill_store(data_dir, args.dossiers, passphrase)
        print(
            f"encrypted store (SQLCipher, passphrase mode) with {args.dossiers} dossiers written "
            f"in {time.perf_counter() - started:.1f} s"
        )
        startup = measure_startup(data_dir, args.runs, passphrase)
        print(
            f"startup to first paint of the dossiers list: "
            f"{', '.join(f'{t:.2f}' for t in startup)} s "
            f"(median {statistics.median(startup):.2f} s; target < 1.5 s)"
        )
        figures = measure_forms(data_dir, passphrase)
        print(
            f"open longest form {figures['longest']}: first {figures['open_first']:.0f} ms, "
            f"warm median {figures['open_median']:.0f} ms (target < 150 ms)"
        )
        print(
            f"validate on edit (UI thread): median {figures['refresh_median']:.1f} ms, "
            f"max {figures['refresh_max']:.1f} ms"
        )
        searches = figures["search"]
        assert isinstance(searches, list)
        print(
            f"list search over {args.dossiers} dossiers (store worker): "
            f"{', '.join(f'{s:.0f}' for s in searches)} ms; status filter page "
            f"{figures['status_filter']:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
