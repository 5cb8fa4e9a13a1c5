"""The TaskRunner: a click's bad field is reported before anything runs, a
coroutine's failure after; a task cancelled before it started leaves no
never-awaited coroutine behind."""

from __future__ import annotations

import gc
import warnings

from PySide6.QtWidgets import QLineEdit

from socklab.core import PayloadError, SessionError
from socklab.gui.tabs.task_runner import TaskRunner
from socklab.gui.widgets.fields import FieldError


def reports(runner: TaskRunner) -> list[tuple[str, Exception]]:
    got: list[tuple[str, Exception]] = []
    runner.fieldFailed.connect(lambda exc: got.append(("field", exc)))
    runner.payloadFailed.connect(lambda exc: got.append(("payload", exc)))
    runner.sessionFailed.connect(lambda exc: got.append(("session", exc)))
    return got


def test_a_bad_field_is_reported_in_the_click_and_nothing_runs(qtbot, event_loop_qt):
    runner = TaskRunner()
    got = reports(runner)
    field = QLineEdit()

    def prepare():
        raise FieldError(field, "Port", "port is empty")

    assert runner.act(prepare) is None
    assert [kind for kind, _ in got] == ["field"]  # at once, not on a later loop turn
    assert got[0][1].widget is field


def test_the_work_runs_with_what_was_read_and_its_failures_are_reported(qtbot, event_loop_qt):
    runner = TaskRunner()
    got = reports(runner)
    done: list[int] = []

    async def work(value: int) -> None:
        done.append(value)
        raise SessionError("connect to 127.0.0.1:9", "connection refused")

    task = runner.act(lambda: work(42))
    assert task is not None
    qtbot.waitUntil(task.done)
    assert done == [42]
    assert [kind for kind, _ in got] == ["session"]

    def bad_payload():
        raise PayloadError("hex digit expected")

    runner.act(bad_payload)
    assert [kind for kind, _ in got] == ["session", "payload"]


def test_work_cancelled_before_it_started_is_closed(qtbot, event_loop_qt):
    runner = TaskRunner()
    started = []

    async def work() -> None:
        started.append(True)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        task = runner.run(work())
        runner.cancel_all()  # the window closed before the loop ran it
        qtbot.waitUntil(task.done)
        gc.collect()
    assert task.cancelled() and started == []
    assert not [w for w in caught if "never awaited" in str(w.message)]
