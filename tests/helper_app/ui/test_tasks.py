"""The task runner: results on the main thread, errors to the presenter, dead contexts skipped."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from helper_app.text import BilingualError
from helper_app.ui.qt import QObject
from helper_app.ui.tasks import ErrorPresenter, TaskRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def runner(qapp: Any) -> Iterator[TaskRunner]:
    errors: list[BaseException] = []
    tasks = TaskRunner(presenter=errors.append)
    tasks.errors = errors  # type: ignore[attr-defined]
    yield tasks
    tasks.shutdown(wait=True)
    tasks.deleteLater()


def test_result_arrives_on_the_main_thread(runner: TaskRunner, qtbot: Any) -> None:
    seen: list[tuple[int, bool]] = []
    worker_thread: list[str] = []

    def work() -> int:
        worker_thread.append(threading.current_thread().name)
        return 41 + 1

    with qtbot.waitSignal(runner.idle):
        runner.run_db(
            work,
            done=lambda v: seen.append((v, threading.current_thread() is threading.main_thread())),
        )
    assert seen == [(42, True)]
    assert worker_thread[0].startswith("helper-db")


def test_store_tasks_run_one_at_a_time_in_order(runner: TaskRunner, qtbot: Any) -> None:
    log: list[str] = []
    active = [0]

    def step(name: str) -> None:
        active[0] += 1
        assert active[0] == 1
        time.sleep(0.01)
        log.append(name)
        active[0] -= 1

    with qtbot.waitSignal(runner.idle, timeout=5000):
        for name in "abcde":
            runner.run_db(functools.partial(step, name))
    assert log == list("abcde")
    assert runner.errors == []  # type: ignore[attr-defined]


def test_unhandled_error_goes_to_the_presenter(runner: TaskRunner, qtbot: Any) -> None:
    def boom() -> None:
        raise BilingualError("Hỏng rồi.", "Broken.")

    with qtbot.waitSignal(runner.failed):
        runner.run_io(boom)
    assert [e.message_vi for e in runner.errors] == ["Hỏng rồi."]  # type: ignore[attr-defined]


def test_own_error_handler_wins(runner: TaskRunner, qtbot: Any) -> None:
    handled: list[BaseException] = []
    with qtbot.waitSignal(runner.idle):
        runner.run_db(lambda: 1 / 0, error=handled.append)
    assert isinstance(handled[0], ZeroDivisionError)
    assert runner.errors == []  # type: ignore[attr-defined]


def test_callback_of_a_deleted_context_is_dropped(runner: TaskRunner, qtbot: Any) -> None:
    context = QObject()
    called: list[int] = []
    gate = threading.Event()
    runner.run_db(lambda: gate.wait(5) and 1, done=called.append, context=context)
    context.deleteLater()
    qtbot.waitUntil(
        lambda: not __import__("helper_app.ui.qt", fromlist=["is_valid"]).is_valid(context)
    )
    with qtbot.waitSignal(runner.idle):
        gate.set()
    assert called == []


def test_refuses_work_after_shutdown(runner: TaskRunner) -> None:
    runner.shutdown()
    with pytest.raises(RuntimeError):
        runner.run_db(lambda: None)


def test_presenter_message_in_both_languages() -> None:
    error = BilingualError("Ổ đĩa đã đầy.", "The disk is full.")
    assert ErrorPresenter(None, "vi").message(error) == "Ổ đĩa đã đầy."
    assert ErrorPresenter(None, "en").message(error) == "The disk is full."
    assert "nhật ký" in ErrorPresenter(None, "vi").message(ValueError("x"))
