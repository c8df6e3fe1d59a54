"""``helper-app --demo`` on the window side: a splash at once, the demo made in the background.

Why: preparing the demo (migrating the server's database, starting ``helper-server serve``,
seeding residents and dossiers through the real sync engine) takes seconds, 14.7 s at load 2
before this; a user who sees nothing for that long starts the demo again. So
:func:`run_demo` makes the QApplication, shows :class:`DemoSplash` and paints it, and only then
lets :class:`helper_app.demo.DemoStarter` prepare everything in a worker thread while the
event loop keeps the splash alive. When the session is ready, the composition root
(:func:`helper_app.ui.app.run`) builds the main window as for any start and the splash closes
when the window is shown.

SIGTERM and SIGINT (Ctrl+C in the terminal, a session logout) would kill the process with the
server's plaintext SQLite left in the temporary directory: :class:`SignalQuit` turns them into
a clean quit of whichever event loop runs (``signal.set_wakeup_fd`` and a socket notifier wake
Qt's loop, where Python signal handlers alone would wait for the next Python call), so the
window closes, the server stops and the directory is deleted.

The demo's store may be in passphrase mode with a throwaway passphrase nobody was shown, so the
app lock only arms once the user sets a PIN (:attr:`AppLock.passphrase_unlocks` off).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from helper_app.config import resources_dir
from helper_app.ui.i18n import install_translators, remove_translators
from helper_app.ui.qt import (
    QApplication,
    QEventLoop,
    QHBoxLayout,
    QLabel,
    QObject,
    QPixmap,
    QProgressBar,
    QSocketNotifier,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

if TYPE_CHECKING:
    from helper_app.demo import DemoSession, DemoStarter
    from helper_app.ui.app import UiRuntime

log = logging.getLogger(__name__)

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGINT)
"""The signals that end the demo cleanly (SIGKILL cannot be caught: the next start cleans up)."""


class DemoSplash(QWidget):
    """A small window saying the demo is being prepared (shown before anything slow runs).

    Signals:
        painted(): emitted once, after the first paint (what the user first sees).

    Attributes:
        first_paint: ``time.perf_counter()`` of the first paint (None before it).
    """

    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.SplashScreen | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("demoSplash")
        self.setWindowTitle("Helper")
        self.first_paint: float | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        top = QHBoxLayout()
        icon = QLabel(self)
        icon.setPixmap(
            QPixmap(str(resources_dir() / "icons" / "helper.png")).scaled(
                48,
                48,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        top.addWidget(icon)
        title = QLabel(self.tr("Helper — bản demo"), self)
        font = title.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        title.setFont(font)
        top.addWidget(title, 1)
        layout.addLayout(top)
        self.status = QLabel(
            self.tr(
                "Đang chuẩn bị: máy chủ thử, tài khoản demo, cư dân và hồ sơ mẫu. "
                "Việc này mất vài giây."
            ),
            self,
        )
        self.status.setObjectName("demoSplashStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        busy = QProgressBar(self)
        busy.setRange(0, 0)  # "busy": no percentage can be known
        busy.setTextVisible(False)
        layout.addWidget(busy)
        self.setFixedWidth(420)

    def center(self) -> None:
        """Put the splash in the middle of the primary screen."""
        screen = QApplication.primaryScreen()
        self.adjustSize()
        area = screen.availableGeometry()
        self.move(area.center() - self.rect().center())

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """Paint, and record/announce the first paint."""
        super().paintEvent(event)
        if self.first_paint is None:
            self.first_paint = time.perf_counter()
            self.painted.emit()


class SignalQuit(QObject):
    """While installed, SIGTERM/SIGINT call ``on_signal(signum)`` on the Qt main thread.

    A Python signal handler only runs when the interpreter gets control, and Qt's event loop
    (C++) may not give it for as long as the window is idle. ``signal.set_wakeup_fd`` makes the
    C-level handler write the signal number into a socket whose notifier wakes the loop.

    Args:
        on_signal: what to do (quit the running loop).
    """

    received = Signal(int)

    def __init__(self, on_signal: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.signals: list[int] = []
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._old_handlers: dict[int, Any] = {}
        self._old_fd = -1
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wakeup)
        self.received.connect(on_signal)
        self._installed = False

    def install(self) -> None:
        """Catch the quit signals (main thread only)."""
        for signum in QUIT_SIGNALS:
            self._old_handlers[signum] = signal.signal(signum, self._noted)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._installed = True

    def restore(self) -> None:
        """Put the previous handlers back (once)."""
        if not self._installed:
            return
        self._installed = False
        signal.set_wakeup_fd(self._old_fd)
        for signum, handler in self._old_handlers.items():
            signal.signal(signum, handler)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()

    def _noted(self, signum: int, _frame: FrameType | None) -> None:
        """The Python-level handler: nothing to do here, the wakeup byte carries the signal."""

    def _on_wakeup(self) -> None:
        try:
            data = self._reader.recv(64)
        except OSError:
            return
        for signum in data:
            if signum in QUIT_SIGNALS:
                log.info("demo: signal %d received, quitting cleanly", signum)
                self.signals.append(signum)
                self.received.emit(signum)


def _import_in_background(demo_imported: Callable[[], None]) -> None:
    """Import the demo (SQLModel, the services, ~1.5 s), say so, then the window code (~1 s).

    Off the UI thread, while the splash shows. Module code makes no Qt objects, so importing
    the UI modules here is safe; the UI thread's own ``import`` later finds them loaded (or
    waits on the import lock for the one still loading). A failing import is left for the UI
    thread to repeat and report.
    """
    with contextlib.suppress(Exception):
        import helper_app.demo  # noqa: F401 - imported for its cost, now rather than later
    demo_imported()
    with contextlib.suppress(Exception):
        import helper_app.ui.app  # noqa: F401


def run_demo(
    argv: Sequence[str] | None = None,
    *,
    data_dir: str | None = None,
    on_ready: Callable[[UiRuntime], None] | None = None,
    on_splash: Callable[[DemoSplash], None] | None = None,
    prepare: Callable[[Path | None], DemoSession] | None = None,
) -> int:
    """``helper-app --demo``: splash, demo prepared in the background, then the main window.

    Args:
        argv: the window's arguments (``--lang``...; ``sys.argv[1:]`` by default).
        data_dir: keep the demo here (a temporary directory, deleted at the end, when None).
        on_ready: called once the main window is up (tests, screenshots).
        on_splash: called once the splash has been painted (tests, the start-up figure).
        prepare: prepares the session (:func:`helper_app.demo.prepare_demo`; tests slow it).

    Returns:
        The window's exit code; 128 + the signal number after SIGTERM/SIGINT (as a shell
        reports a process killed by it); 1 when the demo could not be prepared.
    """
    # Nothing of the store, the server or the window yet: only what the splash needs (the
    # demo module alone imports SQLModel and the dossier services, about 1.5 s).
    from helper_app.ui.qapp import parse_args, qapplication
    from helper_app.ui.settings import load_settings

    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = qapplication([sys.argv[0] if sys.argv else "helper-app"])
    early = install_translators(app, args.lang or "vi")
    splash = DemoSplash()
    splash.center()
    waiting = QEventLoop()
    quit_signal: list[int] = []

    def on_signal(signum: int) -> None:
        quit_signal.append(signum)
        waiting.quit()
        app.quit()

    signals = SignalQuit(on_signal)
    signals.install()
    relay = _Relay()
    relay.done.connect(waiting.quit)

    def start_once() -> None:
        # After the first paint, so the imports cannot hold the interpreter while the splash
        # waits to be painted; a timer in case no paint comes. They run in a thread, not here:
        # about 2.5 s of them would freeze the UI thread (a repaint, a SIGTERM) meanwhile.
        if not begun:
            begun.append(True)
            threading.Thread(
                target=_import_in_background,
                args=(relay.imported.emit,),
                name="helper-demo-import",
                daemon=True,
            ).start()

    def start_demo() -> None:  # UI thread, once helper_app.demo is imported
        from helper_app.demo import DemoStarter, prepare_demo

        starter = DemoStarter(
            Path(data_dir) if data_dir else None,
            prepare=prepare or prepare_demo,
            on_done=relay.done.emit,  # from the worker thread
        )
        started.append(starter)
        starter.start()

    begun: list[bool] = []
    started: list[DemoStarter] = []
    relay.imported.connect(start_demo)
    splash.painted.connect(
        lambda: log.info("demo: splash painted %.2f s after process start", _process_age())
    )
    if on_splash is not None:
        splash.painted.connect(lambda: on_splash(splash))
    splash.painted.connect(start_once, Qt.ConnectionType.QueuedConnection)
    QTimer.singleShot(500, start_once)
    splash.show()
    splash.raise_()
    try:
        waiting.exec()
        if quit_signal or not started:
            splash.close()
            return 128 + (quit_signal[0] if quit_signal else 0)
        from helper_app.demo import DemoError

        try:
            session = started[0].session()
        except DemoError as exc:
            splash.close()
            sys.stderr.write(f"Không chạy được bản demo. / The demo could not start: {exc}\n")
            return 1
        remove_translators(app, early)
        _print_accounts(session)
        language = args.lang or load_settings(session.paths.settings_file).language
        notice = (session.keyring_note_en if language == "en" else session.keyring_note_vi) or ""
        credentials = session.credentials

        def ready(runtime: UiRuntime) -> None:
            if runtime.lock is not None:
                # The throwaway passphrase was never shown: only a PIN the user sets locks.
                runtime.lock.passphrase_unlocks = False
            splash.close()
            log.info("demo: main window shown %.2f s after process start", _process_age())
            if on_ready is not None:
                on_ready(runtime)

        from helper_app.ui.app import run

        code = run(
            argv,
            paths=session.paths,
            on_ready=ready,
            credentials=lambda: credentials,
            notice=notice,
            passphrase=session.passphrase,
        )
        return 128 + quit_signal[0] if quit_signal else code
    finally:
        splash.close()
        splash.deleteLater()
        if started:
            started[0].stop()
        signals.restore()


class _Relay(QObject):
    """Carries "imported" and "the demo is ready" from the worker threads to the UI thread.

    A signal emitted off the thread its object lives on is delivered queued, on the UI thread.
    """

    done = Signal()
    imported = Signal()


def _print_accounts(session: DemoSession) -> None:
    """The demo server and its accounts on stdout (the officer's, to try the officer API)."""
    sys.stdout.write(f"Helper demo server: {session.server.url}\n")
    for username, password in session.accounts.items():
        sys.stdout.write(f"  {username}  password: {password}\n")
    if session.passphrase is not None:
        sys.stdout.write(
            "  (no secure keyring: the demo store is encrypted with a throwaway passphrase "
            "that is never written anywhere and is lost when the demo ends)\n"
        )
    sys.stdout.flush()


def _process_age() -> float:
    """Seconds since this process started (Linux /proc), else since this module loaded."""
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        fields = stat[stat.rindex(")") + 2 :].split()
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _LOADED


_LOADED = time.perf_counter()
