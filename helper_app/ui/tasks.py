"""The task service: every long or storage-touching operation runs here, off the UI thread.

:class:`TaskRunner` owns two executors: ONE worker for anything that touches SQLite (writes are
serialized, so there are no "database is locked" races between UI actions and autosave) and a
small pool for work that does not touch the store (image scaling, thumbnails, later network).
Results and errors come back to the main thread through a Qt signal; an error without its own
handler goes to the one :class:`ErrorPresenter`.

Contract (as Anki's ``CollectionOp``): **the background callable gets plain data and returns
plain data; it never touches a widget** (doing so may crash Qt). Only QImage, which Qt documents
as safe outside the GUI thread, may cross. Callbacks run on the main thread; a callback whose
``context`` object was deleted meanwhile (a closed window) is dropped.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from helper_app.text import BilingualError
from helper_app.ui.qt import QMessageBox, QObject, Qt, QWidget, Signal, is_valid

log = logging.getLogger(__name__)

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class _Pending:
    done: Done | None
    error: Failed | None
    context: QObject | None


class TaskRunner(QObject):
    """Runs callables in the background and delivers their outcome on the main thread.

    Args:
        parent: the owning QObject (the application), so the runner dies with it.
        io_workers: size of the pool for work that does not touch the store.
        presenter: receives errors of tasks that have no ``error`` callback.

    Signals:
        delivered(object): internal: ``(token, ok, value)`` emitted from a worker thread.
        idle(): the last running task has delivered its outcome (tests wait on it).
        failed(object): an exception nobody handled (also sent to the presenter).

    Attributes:
        presenter: the error presenter (tests swap it for a recording one).
    """

    delivered = Signal(object)
    idle = Signal()
    failed = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        io_workers: int = 2,
        presenter: Callable[[BaseException], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="helper-db")
        self._io = ThreadPoolExecutor(max_workers=io_workers, thread_name_prefix="helper-io")
        self._tokens = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._closed = False
        self.presenter = presenter
        self.delivered.connect(self.on_self_delivered)

    @property
    def closed(self) -> bool:
        """True once :meth:`shutdown` was called (callers stop submitting)."""
        return self._closed

    @property
    def busy(self) -> bool:
        """True while a submitted task has not delivered its outcome."""
        return bool(self._pending)

    def run_db(
        self,
        fn: Callable[[], T],
        *,
        done: Callable[[T], None] | None = None,
        error: Failed | None = None,
        context: QObject | None = None,
    ) -> Future[T]:
        """Run ``fn`` on the single store worker (after every task submitted before it)."""
        return self._submit(self._db, fn, done, error, context)

    def run_io(
        self,
        fn: Callable[[], T],
        *,
        done: Callable[[T], None] | None = None,
        error: Failed | None = None,
        context: QObject | None = None,
    ) -> Future[T]:
        """Run ``fn`` on the pool for work that never touches the store."""
        return self._submit(self._io, fn, done, error, context)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        fn: Callable[[], T],
        done: Callable[[T], None] | None,
        error: Failed | None,
        context: QObject | None,
    ) -> Future[T]:
        if self._closed:
            raise RuntimeError("TaskRunner is shut down")
        token = next(self._tokens)
        self._pending[token] = _Pending(done, error, context)

        def work() -> T:
            try:
                result = fn()
            except BaseException as exc:
                self.delivered.emit((token, False, exc))
                raise
            self.delivered.emit((token, True, result))
            return result

        return executor.submit(work)

    def on_self_delivered(self, outcome: tuple[int, bool, Any]) -> None:
        """Main thread: call the task's callback (unless its context is gone)."""
        token, ok, value = outcome
        pending = self._pending.pop(token, None)
        try:
            if pending is None:
                return
            if pending.context is not None and not is_valid(pending.context):
                return
            if ok:
                if pending.done is not None:
                    pending.done(value)
            elif pending.error is not None:
                pending.error(value)
            else:
                self.report(value)
        finally:
            if not self._pending:
                self.idle.emit()

    def report(self, exc: BaseException) -> None:
        """Send an error to the presenter (and the log)."""
        if isinstance(exc, BilingualError):
            log.info("task failed: %s", type(exc).__name__)
        else:
            log.error("task failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.failed.emit(exc)
        if self.presenter is not None:
            self.presenter(exc)

    def shutdown(self, *, wait: bool = True) -> None:
        """Refuse new tasks and wait for the running ones (called when the app quits)."""
        self._closed = True
        self._db.shutdown(wait=wait, cancel_futures=not wait)
        self._io.shutdown(wait=wait, cancel_futures=not wait)


class ErrorPresenter:
    """The one place errors become dialogs: the message in the chosen language, never a trace.

    Args:
        parent: the window the message box belongs to.
        language: ``vi`` or ``en``.
    """

    def __init__(self, parent: QWidget | None, language: str) -> None:
        self._parent = parent
        self._language = language

    def message(self, exc: BaseException) -> str:
        """What the volunteer reads for ``exc``."""
        if isinstance(exc, BilingualError):
            return exc.message_en if self._language == "en" else exc.message_vi
        if self._language == "en":
            return "An unexpected error occurred. Details were written to the log file."
        return "Đã xảy ra lỗi ngoài dự kiến. Chi tiết đã được ghi vào tệp nhật ký."

    def __call__(self, exc: BaseException) -> None:
        title = "Error" if self._language == "en" else "Lỗi"
        box = QMessageBox(QMessageBox.Icon.Warning, title, self.message(exc), parent=self._parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
