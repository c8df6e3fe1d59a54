"""``helper-app --self-test``: prove an installation (source tree or bundle) can do its job.

A volunteer's laptop is prepared once and then used far from help, so a ward's admin runs this
right after unpacking the bundle, and CI runs it inside the freshly built bundle: a missing
hidden import, resource file or native library shows up here instead of at a resident's door.
Everything happens in a throwaway directory; the user's data directory, keyring and settings are
never touched.

Checks (each reports ``OK``, ``WARN`` or ``FAIL`` with a short detail):

* resources: the bundled procedure definitions, units and translation files are present;
* catalog: every shipped procedure loads and each of its examples validates with no error
  (examples are dated: each is checked at the latest date it mentions, so it stays valid);
* crypto: AES-GCM, HKDF, Argon2id and Ed25519 (provisioning signatures) work;
* store: an encrypted SQLCipher store is created in passphrase mode, a draft of every
  procedure is written, the store is closed, reopened with the key and read back, and the file
  is checked to hold no plaintext SQLite header;
* keyring: the OS keyring backend is found and named. No secure keyring is a WARNING, not a
  failure, because the app has a passphrase mode for exactly that case (docs/packaging.md);
* qr: segno makes a QR code (receipts, the console) and zxing-cpp reads it back (the
  provisioning QR code is read from a picture);
* window system: every system library Qt's window plugins link (X11 ``xcb``, Wayland, image
  formats, input methods, printing) resolves, asked of the dynamic loader
  (:mod:`helper_app.platform_libs`; inside the bundle it checks the bundled plugins). A missing
  one is named with its Debian package. It FAILS when the platform Qt is about to use (an
  ``xcb`` or ``wayland`` ``QT_QPA_PLATFORM``, or a display when none is chosen) cannot load,
  because Qt would then abort the process without a word of why (exit code 134); the ui check
  is skipped then. Otherwise a missing library is a WARNING: offscreen works, a desktop will not;
* ui (unless ``render=False``): Qt starts offscreen, every shipped procedure's form is built and
  painted, and the main window is built and shown once.

Exit code 0 when nothing failed (warnings allowed), 1 otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from helper_app import __version__
from helper_app.config import AppPaths, resolve_paths, resources_dir
from helper_app.forms import Catalog, ProcedureDefinition, UnitDirectory, normalize, validate

Level = Literal["OK", "WARN", "FAIL"]
KEYRING_TIMEOUT_S = 10.0
"""A broken D-Bus can make keyring discovery hang; past this the keyring check warns."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SELFTEST_PASSPHRASE = "helper-self-test-passphrase"


@dataclass
class CheckResult:
    """The outcome of one check.

    Attributes:
        name: a short bilingual label (``store / kho dữ liệu``).
        level: ``OK``, ``WARN`` (usable, but say so) or ``FAIL``.
        detail: what was found (English; technical, for an admin or CI).
        seconds: how long the check took.
    """

    name: str
    level: Level
    detail: str
    seconds: float = 0.0


@dataclass
class SelfTestReport:
    """Every check's result, in order."""

    results: list[CheckResult] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when any check failed."""
        return any(r.level == "FAIL" for r in self.results)

    def lines(self) -> list[str]:
        """The report as text lines (one per check, then a bilingual verdict)."""
        out = [f"Helper {__version__} self-test ({'bundle' if is_frozen() else 'source'})"]
        for r in self.results:
            out.append(f"{r.level:<4} {r.name}: {r.detail} [{r.seconds:.2f}s]")
        if self.failed:
            out.append(
                "Tự kiểm tra KHÔNG ĐẠT: xem các dòng FAIL. / Self-test FAILED: see FAIL lines."
            )
        elif any(r.level == "WARN" for r in self.results):
            out.append("Tự kiểm tra đạt, có cảnh báo. / Self-test passed with warnings.")
        else:
            out.append("Tự kiểm tra đạt. / Self-test passed.")
        return out


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) or hasattr(sys, "_MEIPASS")


def _dates(value: object) -> Iterator[dt.date]:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            yield dt.date.fromisoformat(value)
        except ValueError:
            return
    elif isinstance(value, dict):
        for item in value.values():
            yield from _dates(item)
    elif isinstance(value, list):
        for item in value:
            yield from _dates(item)


def example_day(definition: ProcedureDefinition, data: dict[str, object]) -> dt.date:
    """The date an example is "signed": its latest ISO date, never before the definition.

    Why: examples hold real-looking dates (a birth 30 days before signing); checked against the
    wall clock they would start failing deadline rules a few months after release.
    """
    return max([*_dates(data), definition.effective_from])


def example_problems(definition: ProcedureDefinition, units: UnitDirectory | None) -> list[str]:
    """Every error of every example of ``definition`` (empty when they all validate)."""
    found: list[str] = []
    for index, example in enumerate(definition.examples):
        data = normalize(definition, example.data)
        day = example_day(definition, data)
        for p in validate(definition, data, documents=example.documents, today=day, units=units):
            if p.is_error:
                found.append(f"{definition.key} examples[{index}] {p.path or '-'}: {p.code}")
    return found


# ---------------------------------------------------------------------------- checks


def check_resources() -> str:
    """The resource files every installation needs."""
    base = resources_dir()
    needed = [
        base / "forms",
        base / "units" / "units.json",
        base / "i18n" / "helper_en.qm",
        base / "icons" / "helper.png",
    ]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        raise RuntimeError(f"missing: {', '.join(missing)}")
    forms = sorted(p.name for p in (base / "forms").glob("*.json"))
    if not forms:
        raise RuntimeError(f"no procedure definitions in {base / 'forms'}")
    return f"{len(forms)} definition files, units, translations, icon under {base}"


def check_catalog(catalog: Catalog, units: UnitDirectory) -> str:
    """Every shipped procedure loads and every example validates."""
    problems: list[str] = []
    examples = 0
    for definition in catalog.all_versions():
        if not definition.examples:
            problems.append(f"{definition.key}: no example")
        examples += len(definition.examples)
        problems.extend(example_problems(definition, units))
    if problems:
        more = f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""
        raise RuntimeError("; ".join(problems[:5]) + more)
    return f"{len(catalog.current())} procedures, {examples} examples valid"


def check_crypto() -> str:
    """The primitives the store, the attachments and provisioning rely on."""
    from argon2.low_level import Type, hash_secret_raw
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from helper_app.security.crypto import derive

    key = derive(os.urandom(32), b"helper-app self-test")
    nonce = os.urandom(12)
    if AESGCM(key).decrypt(nonce, AESGCM(key).encrypt(nonce, b"x", None), None) != b"x":
        raise RuntimeError("AES-GCM round trip differs")
    hash_secret_raw(b"pw", b"0123456789abcdef", 1, 8, 1, 32, Type.ID)
    signer = Ed25519PrivateKey.generate()
    signer.public_key().verify(signer.sign(b"payload"), b"payload")
    return "AES-GCM, HKDF, Argon2id, Ed25519"


def check_store(paths: AppPaths, catalog: Catalog, units: UnitDirectory) -> str:
    """An encrypted store: create, write a draft per procedure, reopen, read back."""
    import sqlcipher3

    from helper_app.dossiers import DossierService
    from helper_app.security.storage import open_store
    from helper_app.security.vault import KdfParams, Vault

    vault = Vault(paths.database, kdf=KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1))
    local = open_store(paths, vault, passphrase=_SELFTEST_PASSPHRASE)
    try:
        service = DossierService(local.store, catalog, local.files, actor="self-test", units=units)
        ids = []
        for definition in catalog.current():
            data = dict(definition.examples[0].data) if definition.examples else {}
            ids.append(service.create_draft(definition.code, data=data).id)
    finally:
        local.close()
    with paths.database.open("rb") as handle:
        if handle.read(16).startswith(b"SQLite format 3"):
            raise RuntimeError("the store file is not encrypted")
    local = open_store(paths, vault, passphrase=_SELFTEST_PASSPHRASE)
    try:
        service = DossierService(local.store, catalog, local.files, actor="self-test", units=units)
        for dossier_id in ids:
            service.get(dossier_id)
        major, minor = local.store.schema_version()
    finally:
        local.close()
    conn = sqlcipher3.connect(":memory:")
    try:
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()
    return f"SQLCipher {version}, schema {major}.{minor}, {len(ids)} drafts written and read back"


def probe_keyring() -> tuple[Level, str]:
    """Name the keyring backend and whether the app would accept it (never writes to it)."""
    import keyring

    from helper_app.security.os_keyring import KeyringUnavailableError, secure_backend

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    try:
        secure_backend(backend)
    except KeyringUnavailableError:
        return "WARN", (
            f"no secure keyring ({name}): the data will be locked with a passphrase and the "
            "sign-in cannot be remembered"
        )
    return "OK", f"secure backend {name}"


def check_keyring() -> tuple[Level, str]:
    """:func:`probe_keyring` in a thread, so a hung D-Bus cannot hang the self-test."""
    outcome: list[tuple[Level, str]] = []

    def work() -> None:
        try:
            outcome.append(probe_keyring())
        except Exception as exc:  # noqa: BLE001 - any backend failure is reported, not raised
            outcome.append(("WARN", f"keyring unusable: {type(exc).__name__}: {exc}"))

    thread = threading.Thread(target=work, name="selftest-keyring", daemon=True)
    thread.start()
    thread.join(KEYRING_TIMEOUT_S)
    if not outcome:
        return "WARN", f"keyring did not answer in {KEYRING_TIMEOUT_S:.0f}s"
    return outcome[0]


def check_qr() -> str:
    """segno makes a QR code and writes it as PNG; zxing-cpp decodes its pixels back."""
    import io

    import segno
    import zxingcpp

    text = "helper-provision:v1?self-test"
    qr = segno.make(text, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=2)
    if not buffer.getvalue().startswith(b"\x89PNG"):
        raise RuntimeError("segno did not write a PNG")
    scale, border = 4, 4
    rows = [[0] * border + list(row) + [0] * border for row in qr.matrix]
    side = len(rows) + 2 * border
    blank = [0] * side
    rows = [blank] * border + rows + [blank] * border
    pixels = bytes(
        0 if dark else 255
        for row in rows
        for _ in range(scale)
        for dark in row
        for _ in range(scale)
    )
    image = memoryview(pixels).cast("B", (side * scale, side * scale))
    found = [
        c.text
        for c in zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        )
    ]
    if found != [text]:
        raise RuntimeError(f"zxing-cpp read {found!r} back instead of the QR code's text")
    return f"segno {segno.__version__}, QR version {qr.version}, read back by zxing-cpp"


def check_window_system(environ: dict[str, str] | None = None) -> tuple[Level, str]:
    """The system libraries of Qt's window plugins (see :mod:`helper_app.platform_libs`)."""
    from helper_app import platform_libs

    platform = platform_libs.wanted_platform(environ)
    missing = platform_libs.missing_libraries()
    where = f"platform {platform}" if platform else "no display: offscreen"
    if not missing:
        return "OK", f"every system library of Qt's window plugins resolves ({where})"
    packages = " ".join(sorted({m.package for m in missing}))
    detail = "; ".join(m.describe() for m in missing) + f"; install: apt-get install {packages}"
    blocking = platform is not None and any(
        platform_libs.PLATFORM_PLUGINS[platform] in m.needed_by for m in missing
    )
    if blocking:
        return "FAIL", f"Qt's {platform} platform plugin cannot load: {detail}"
    return "WARN", f"{detail} ({where}; a desktop session may fail to open the window)"


def check_ui(paths: AppPaths, catalog: Catalog, units: UnitDirectory) -> str:
    """Qt offscreen: render every procedure's form and the main window once."""
    from helper_app.ui.selftest_render import render_all

    return render_all(paths, catalog, units)


# ---------------------------------------------------------------------------- running


def _timed(report: SelfTestReport, name: str, check: Callable[[], str | tuple[Level, str]]) -> None:
    started = time.perf_counter()
    level: Level
    try:
        outcome = check()
        level, detail = ("OK", outcome) if isinstance(outcome, str) else outcome
    except Exception as exc:  # noqa: BLE001 - a self-test reports every failure and goes on
        level, detail = "FAIL", f"{type(exc).__name__}: {exc}"
    report.results.append(CheckResult(name, level, detail, time.perf_counter() - started))


def run_checks(workdir: Path, *, render: bool = True) -> SelfTestReport:
    """Run every check in ``workdir`` (a throwaway directory) and return the report."""
    report = SelfTestReport()
    paths = resolve_paths(workdir / "data")
    paths.ensure()
    _timed(report, "resources / tài nguyên", check_resources)
    loaded: dict[str, object] = {}

    def load() -> str:
        loaded["catalog"] = Catalog.bundled()
        loaded["units"] = UnitDirectory.bundled()
        return check_catalog(catalog(), units())

    def catalog() -> Catalog:
        value = loaded["catalog"]
        assert isinstance(value, Catalog)
        return value

    def units() -> UnitDirectory:
        value = loaded["units"]
        assert isinstance(value, UnitDirectory)
        return value

    _timed(report, "catalog / danh mục thủ tục", load)
    _timed(report, "crypto / mã hoá", check_crypto)
    _timed(report, "keyring / kho khoá", check_keyring)
    _timed(report, "qr / mã QR", check_qr)
    _timed(report, "window system / hệ thống cửa sổ", check_window_system)
    # Qt aborts the whole process when its platform plugin cannot load: no ui check then.
    window_ok = report.results[-1].level != "FAIL"
    if "catalog" in loaded:
        _timed(report, "store / kho dữ liệu", lambda: check_store(paths, catalog(), units()))
        if render and window_ok:
            _timed(report, "ui / giao diện", lambda: check_ui(paths, catalog(), units()))
        elif render:
            report.results.append(
                CheckResult("ui / giao diện", "FAIL", "skipped: Qt's platform plugin cannot load")
            )
    return report


def process_age() -> float | None:
    """Seconds since this process started (Linux, from /proc), else None.

    Why: the start-up figure must include what happens before Python runs our code (the
    bundle's bootloader, the interpreter, imports), which no timer inside the app can see.
    """
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return uptime - int(fields[19]) / ticks


def startup_probe(stream: TextIO) -> int:
    """Open the real window (``helper_app.ui.app.run``) on a scratch directory, time it, quit.

    Selected with ``HELPER_SELFTEST=startup``; ``scripts/build_bundle.py`` uses it to report
    the cold and warm start-up time of the bundle. The store is created in passphrase mode
    (the slower of the two unlock paths), so the figure is an upper bound.
    """
    from helper_app.ui.app import UiRuntime, run

    marks: dict[str, float | None] = {}
    started = time.perf_counter()

    def ready(_runtime: UiRuntime) -> None:
        marks["window"] = process_age()
        marks["in_app"] = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="helper-startup-") as tmp:
        # Passphrase mode (Argon2id at its real cost): no unlock dialog can block the probe,
        # and no key is left behind in the OS keyring.
        code = run(
            ["--data-dir", tmp, "--quit-after", "0"],
            on_ready=ready,
            passphrase=_SELFTEST_PASSPHRASE,
        )
    since_start = marks.get("window")
    shown = "not shown" if "in_app" not in marks else f"{marks['in_app']:.2f}s after main()"
    total = "" if since_start is None else f", {since_start:.2f}s after process start"
    stream.write(f"startup: window {shown}{total} (exit code {code})\n")
    stream.flush()
    return 0 if code == 0 and "in_app" in marks else 1


def _output(out: TextIO | None) -> TextIO:
    """Where the report goes: a windowed Windows bundle has no stdout, so a file then."""
    if out is not None:
        return out
    if sys.stdout is not None:
        return sys.stdout
    return (Path.cwd() / "helper-selftest.txt").open("w", encoding="utf-8")


def main(*, render: bool = True, out: TextIO | None = None) -> int:
    """Run the self-test, print the report, return 0 (passed) or 1 (something failed).

    Qt is forced offscreen unless the caller chose a platform: the self-test needs no display.
    ``HELPER_SELFTEST=startup`` runs :func:`startup_probe` instead.
    """
    stream = _output(out)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("HELPER_SELFTEST") == "startup":
        return startup_probe(stream)
    with tempfile.TemporaryDirectory(prefix="helper-selftest-") as tmp:
        report = run_checks(Path(tmp), render=render)
    for line in report.lines():
        stream.write(line + "\n")
    stream.flush()
    return 1 if report.failed else 0
