"""The embedded demo: a real intake server on SQLite, demo accounts, residents and dossiers.

``helper-app --demo`` (and ``./run-demo.sh``) calls :func:`prepare_demo`, which

1. creates the server's SQLite database and the demo ward with a volunteer and an officer by
   running ``helper-server init-demo`` in-process (the same code an administrator runs);
2. starts ``helper-server serve`` as a subprocess on a free loopback port and waits for
   ``/api/v1/health``;
3. fills a client data directory with a few residents (Vietnamese names) and dossiers built
   from the catalog's worked examples: some synced (one received with a receipt code, one sent
   back for a supplement), one queued, one draft;
4. signs the volunteer in, so the window opens ready to sync.

The client store is encrypted like a volunteer's (:func:`helper_app.security.storage.open_store`):
its key goes to the OS keyring. Where no secure keyring exists, the demo encrypts it with a
throwaway passphrase generated for the session (:func:`secrets.token_urlsafe`), handed to the
window in memory and never written anywhere; a reused demo directory whose throwaway passphrase
is gone is started again from scratch. The token goes to the OS keyring like any sign-in; without
one the demo keeps it in an in-memory keyring that dies with the process (a throwaway account on
a throwaway server) and says so; a real sign-in on such a machine is refused with the plain
"install a keyring" message. This module never imports Qt.

A temporary demo directory holds the server's *plaintext* SQLite database, so it must not
outlive the demo: closing the window, SIGTERM and Ctrl+C remove it (the window side,
:mod:`helper_app.ui.demo_start`, turns the signals into a clean quit); a demo killed with
SIGKILL leaves it behind, so every start removes the ``helper-demo-*`` directories whose
owning process is gone (:func:`helper_app.demo_dirs.remove_stale_demos`, by the pid file each
one holds).

:class:`DemoStarter` prepares the demo in a worker thread, so the window can show a splash at
once instead of nothing for the seconds the server needs to start.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import logging
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jaraco.classes import properties
from keyring.backend import KeyringBackend

from helper_app.config import AppPaths, resolve_paths
from helper_app.demo_dirs import DEMO_PREFIX, remove_stale_demos, write_pid_file
from helper_app.dossiers import DossierService
from helper_app.forms import Catalog, UnitDirectory
from helper_app.residents import ResidentDirectory, ResidentRecord
from helper_app.security.os_keyring import KeyringUnavailableError
from helper_app.security.storage import LocalStorage, open_store
from helper_app.security.vault import Vault, VaultError
from helper_app.sync.client import SyncClient
from helper_app.sync.credentials import Account, CredentialStore
from helper_app.sync.http import ApiSession
from helper_app.sync.service import SyncService

log = logging.getLogger(__name__)

START_TIMEOUT = 30.0
VOLUNTEER = "demo-volunteer"
OFFICER = "demo-officer"
_CRED_LINE = re.compile(r"username:\s*(\S+)\s+password:\s*(\S+)")

DEMO_RESIDENTS = (
    ResidentRecord(
        "Nguyễn Văn Hùng",
        "1982-03-14",
        "Nam",
        "027082001234",
        "0912345678",
        "Kinh",
        "Việt Nam",
        {"detail": "Thôn Đông, số 12", "commune_code": "07627", "province_code": "24"},
    ),
    ResidentRecord(
        "Trần Thị Hoà",
        "1995-04-12",
        "Nữ",
        "027195004321",
        "0987654321",
        "Kinh",
        "Việt Nam",
        {"detail": "Thôn Đông, số 12", "commune_code": "07627", "province_code": "24"},
    ),
    ResidentRecord("Lò Văn Pánh", "1958", "Nam", None, None, "Thái", "Việt Nam"),
    ResidentRecord(
        "Đặng Thị Ngọc Ánh", "2001-11-30", "Nữ", "027301009876", "0357123456", "Kinh", "Việt Nam"
    ),
)


class DemoError(Exception):
    """The demo could not be prepared (the message says what failed, never a password)."""


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything when the process ends: for the demo only.

    Used only when the machine has no secure keyring; the demo's throwaway token on a throwaway
    loopback server is then never written anywhere.
    """

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - keyring's class property
        """Never chosen by ``keyring.get_keyring()``: only the demo hands it in explicitly."""
        raise RuntimeError("the demo keyring is never a default")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring's KeyringBackend is untyped
        self._items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        """The stored secret or None."""
        return self._items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Keep a secret in memory."""
        self._items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Forget a secret."""
        self._items.pop((service, username), None)


@dataclass
class DemoServer:
    """A running ``helper-server serve`` subprocess."""

    url: str
    process: subprocess.Popen[bytes]
    log_file: Path

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@dataclass
class DemoSession:
    """What :func:`prepare_demo` made.

    Attributes:
        paths: the client's data directory (hand it to the window).
        server: the running server.
        credentials: the credential store holding the volunteer's token.
        accounts: user name -> password of the demo accounts (shown to the tester).
        keyring_note_vi / keyring_note_en: set when the token is kept in memory only.
        owned_dir: a temporary directory to delete at the end (None when the caller gave one).
        passphrase: the throwaway passphrase of the demo store when there is no secure keyring
            (None when the key is in the keyring); kept in memory only.
    """

    paths: AppPaths
    server: DemoServer
    credentials: CredentialStore
    accounts: dict[str, str]
    keyring_note_vi: str | None = None
    keyring_note_en: str | None = None
    owned_dir: Path | None = None
    passphrase: str | None = field(default=None, repr=False)
    stopped: bool = field(default=False)

    def stop(self) -> None:
        """Stop the server and delete a temporary directory (once)."""
        if self.stopped:
            return
        self.stopped = True
        self.server.stop()
        if self.owned_dir is not None:
            shutil.rmtree(self.owned_dir, ignore_errors=True)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_command() -> list[str]:
    """``helper-server`` next to the running interpreter, else on PATH, else as a module."""
    script = Path(sys.executable).parent / "helper-server"
    if script.exists():
        return [str(script)]
    found = shutil.which("helper-server")
    return [found] if found else [sys.executable, "-m", "helper_server.cli"]


def _die_with_parent() -> None:
    """Linux: SIGTERM the server when the app dies without cleaning up (crash, kill -9)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except OSError:
            return


def init_server_db(db_url: str, blob_dir: Path) -> dict[str, str]:
    """Run ``helper-server init-demo`` in-process; return the accounts it printed."""
    from helper_server.cli import main as server_main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = server_main(["init-demo", "--db", db_url, "--blob-dir", str(blob_dir)])
    if code != 0:
        raise DemoError(f"helper-server init-demo failed with exit code {code}")
    accounts = {m.group(1): m.group(2) for m in _CRED_LINE.finditer(out.getvalue())}
    if VOLUNTEER not in accounts or OFFICER not in accounts:
        raise DemoError("helper-server init-demo did not print the demo accounts")
    return accounts


def start_server(directory: Path, db_url: str, blob_dir: Path) -> DemoServer:
    """Start ``helper-server serve`` on a free loopback port and wait until it answers."""
    port = free_port()
    log_file = directory / "server.log"
    command = [
        *server_command(),
        "serve",
        "--db",
        db_url,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--blob-dir",
        str(blob_dir),
    ]
    with log_file.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
    server = DemoServer(f"http://127.0.0.1:{port}", process, log_file)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DemoError(f"helper-server exited with {process.returncode}; see {log_file}")
        try:
            with urllib.request.urlopen(f"{server.url}/api/v1/health", timeout=1) as answer:
                if answer.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    server.stop()
    raise DemoError(f"helper-server did not answer in {START_TIMEOUT:.0f} s; see {log_file}")


def demo_credentials() -> tuple[CredentialStore, str | None, str | None]:
    """The OS keyring, or an in-memory one with the notes saying why.

    The keyring is tried once (a read of an account nobody has): a backend that is chosen but
    cannot answer (a Secret Service whose D-Bus session is gone, as over SSH) would otherwise
    fail the demo's sign-in halfway through setting up.
    """
    try:
        store = CredentialStore()
        store.load(Account(server_url="http://127.0.0.1", username="helper-demo-probe"))
        return store, None, None
    except KeyringUnavailableError as exc:
        note_vi = f"{exc.message_vi} Bản demo giữ phiên đăng nhập trong bộ nhớ và quên nó khi đóng."
        note_en = f"{exc.message_en} The demo keeps its sign-in in memory and forgets it on exit."
        log.warning("no secure keyring: the demo keeps its token in memory")
        return CredentialStore(MemoryKeyring()), note_vi, note_en


def _scan(directory: Path, n: int) -> Path:
    """A small PDF-looking scan, unique per ``n`` (content-sniffed as PDF by the store)."""
    path = directory / f"scan-{n}.pdf"
    body = f"demo scan {n} ".encode() * 40
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + body + b"\n%%EOF")
    return path


def _example_dossier(
    service: DossierService, catalog: Catalog, code: str, scans: Path, n: int, *, finalize: bool
) -> str:
    example = catalog.get(code).examples[0]
    view = service.create_draft(code, data=dict(example.data))
    for i, slot in enumerate(example.documents):
        service.attach(view.id, slot, _scan(scans, n * 10 + i))
    if finalize:
        service.record_consent(view.id, help_accepted=True, processing_accepted=True)
        service.finalize(view.id)
    return view.id


def _officer_api(url: str, password: str) -> ApiSession:
    api = ApiSession(url)
    answer = SyncClient(api).login(username=OFFICER, password=password, device_id="demo-officer")
    api.close()
    token = answer.access_token
    return ApiSession(url, token_provider=lambda: token)


def open_demo_storage(paths: AppPaths, passphrase: str | None) -> LocalStorage:
    """The demo's encrypted client store: key in the OS keyring, else the throwaway passphrase.

    Raises:
        VaultError: the store cannot be unlocked (a reused directory whose passphrase is gone).
    """
    return open_store(paths, Vault(paths.database), passphrase=passphrase)


def demo_passphrase(paths: AppPaths) -> str | None:
    """None when the OS keyring can hold the key; else a fresh throwaway passphrase."""
    if Vault(paths.database).keyring_available():
        return None
    log.warning("no secure keyring: the demo store uses a throwaway passphrase")
    return secrets.token_urlsafe(24)


def seed_client(
    paths: AppPaths,
    server_url: str,
    accounts: dict[str, str],
    credentials: CredentialStore,
    passphrase: str | None = None,
) -> None:
    """Residents, signed-in volunteer, dossiers in several states (two synced passes)."""
    storage = open_demo_storage(paths, passphrase)
    store, files = storage.store, storage.files
    try:
        catalog = Catalog.bundled()
        service = DossierService(
            store, catalog, files, actor=VOLUNTEER, units=UnitDirectory.bundled()
        )
        residents = ResidentDirectory(store)
        for record in DEMO_RESIDENTS:
            residents.save(record)
        sync = SyncService(store, files, credentials)
        sync.login(server_url=server_url, username=VOLUNTEER, password=accounts[VOLUNTEER])
        scans = paths.cache_dir / "demo-scans"
        scans.mkdir(parents=True, exist_ok=True)

        def example(code: str, n: int, *, finalize: bool = True) -> str:
            return _example_dossier(service, catalog, code, scans, n, finalize=finalize)

        received = example("birth_registration", 1)
        supplement = example("death_registration", 2)
        example("vneid_level2_precheck", 3)
        sync.run_pass()
        officer = _officer_api(server_url, accounts[OFFICER])
        try:
            officer.request(
                "POST",
                f"/api/v1/officer/dossiers/{received}/status",
                json_body={"status": "received"},
            )
            officer.request(
                "POST",
                f"/api/v1/officer/dossiers/{supplement}/status",
                json_body={
                    "status": "supplement_requested",
                    "message": "Vui lòng ghi rõ nơi chết và bổ sung giấy báo tử.",
                    "checklist": ["death_place", "death_notice"],
                },
            )
        finally:
            officer.close()
        sync.run_pass()
        example("residence_ct01", 4)
        example("marital_status_certificate", 5, finalize=False)
    finally:
        store.close()


def prepare_demo(directory: Path | None = None) -> DemoSession:
    """Start the demo server and fill a client data directory signed in to it.

    Args:
        directory: where to keep everything; a temporary directory (deleted at the end) if None.

    Raises:
        DemoError: the server could not be prepared or started.
    """
    owned = None
    remove_stale_demos()
    if directory is None:
        owned = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX))
        write_pid_file(owned)
        directory = owned
    directory.mkdir(parents=True, exist_ok=True)
    server_dir = directory / "server"
    server_dir.mkdir(exist_ok=True)
    db_url = f"sqlite:///{server_dir / 'server.sqlite3'}"
    blob_dir = server_dir / "blobs"
    fresh = not (server_dir / "server.sqlite3").exists()
    server: DemoServer | None = None
    try:
        accounts = init_server_db(db_url, blob_dir)
        server = start_server(server_dir, db_url, blob_dir)
        credentials, note_vi, note_en = demo_credentials()
        paths = resolve_paths(directory / "app")
        paths.ensure()
        passphrase = demo_passphrase(paths)
    except BaseException:
        if server is not None:
            server.stop()
        if owned is not None:
            shutil.rmtree(owned, ignore_errors=True)
        raise
    session = DemoSession(
        paths, server, credentials, accounts, note_vi, note_en, owned, passphrase=passphrase
    )
    try:
        if not fresh and not _sign_in_again(paths, server.url, accounts, credentials, passphrase):
            shutil.rmtree(paths.data_dir, ignore_errors=True)  # its throwaway key is gone
            paths.ensure()
            fresh = True
        if fresh:
            seed_client(paths, server.url, accounts, credentials, passphrase)
    except BaseException:
        session.stop()
        raise
    return session


def _sign_in_again(
    paths: AppPaths,
    server_url: str,
    accounts: dict[str, str],
    credentials: CredentialStore,
    passphrase: str | None,
) -> bool:
    """A demo directory reused: init-demo gave new passwords and a new port; sign in again.

    Returns:
        False when the client store cannot be unlocked any more (its throwaway passphrase died
        with the previous demo): the caller starts the client again from scratch.
    """
    try:
        storage = open_demo_storage(paths, passphrase)
    except VaultError:
        log.warning("reused demo store cannot be unlocked; starting it again")
        return False
    try:
        sync = SyncService(storage.store, storage.files, credentials)
        sync.login(server_url=server_url, username=VOLUNTEER, password=accounts[VOLUNTEER])
    finally:
        storage.close()
    return True


class DemoStarter:
    """Prepares the demo (:func:`prepare_demo`) in a worker thread that lives as long as it.

    Why a thread that waits instead of one that ends: the server subprocess is started with
    ``PR_SET_PDEATHSIG`` (it gets SIGTERM when its parent dies, even after a kill -9), and
    Linux means the parent *thread*. A worker that returned after starting the server would
    take the server down with it; this one waits for :meth:`stop`, then stops the session
    itself.

    Args:
        directory: the demo directory (a temporary one when None).
        prepare: what prepares it (:func:`prepare_demo`; tests slow it down).
        on_done: called in the worker thread once the session or the error is there.
    """

    def __init__(
        self,
        directory: Path | None = None,
        *,
        prepare: Callable[[Path | None], DemoSession] = prepare_demo,
        on_done: Callable[[], None] | None = None,
    ) -> None:
        self._directory = directory
        self._prepare = prepare
        self._on_done = on_done
        self._ready = threading.Event()
        self._release = threading.Event()
        self._session: DemoSession | None = None
        self._error: BaseException | None = None
        # A daemon: if the app dies without stop(), the thread ends with it and the server
        # gets its SIGTERM from the kernel.
        self._thread = threading.Thread(target=self._work, name="helper-demo-start", daemon=True)

    def start(self) -> None:
        """Begin preparing (returns at once)."""
        self._thread.start()

    @property
    def done(self) -> bool:
        """True once the session (or the error) is there."""
        return self._ready.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until :attr:`done` (or ``timeout`` seconds); True when done."""
        return self._ready.wait(timeout)

    def session(self) -> DemoSession:
        """The prepared session.

        Raises:
            BaseException: whatever preparing it raised (a :class:`DemoError` mostly).
            RuntimeError: called before :attr:`done`.
        """
        if self._error is not None:
            raise self._error
        if self._session is None:
            raise RuntimeError("the demo is not ready yet")
        return self._session

    def stop(self, timeout: float = START_TIMEOUT + 30) -> None:
        """Wait for the preparation to end, stop the server, delete a temporary directory."""
        self._release.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        elif self._session is not None:
            self._session.stop()

    def _work(self) -> None:
        try:
            self._session = self._prepare(self._directory)
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread by session()
            self._error = exc
        finally:
            self._ready.set()
            if self._on_done is not None:
                self._on_done()
        self._release.wait()
        if self._session is not None:
            self._session.stop()
