"""How a tab's clicks become work on the GUI's qasync loop.

A click acts on the values its fields held when it was clicked (DESIGN.md): the
slot hands :meth:`TaskRunner.act` a *prepare* function, which reads and checks
the fields at once, in the slot, and returns the coroutine that does the work
with those plain values. A bad value is reported before anything runs; what the
user types after the click changes nothing about it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from PySide6.QtCore import QObject, Signal

from socklab.core import PayloadError, SessionError
from socklab.gui.widgets.fields import FieldError

#: What a click's preparation or its coroutine returns: the work, not started yet.
Work = Coroutine[Any, Any, Any]


class TaskRunner(QObject):
    """Runs a tab's coroutines and keeps them (strong references) until they end.

    Signals:
        fieldFailed(FieldError): a field held a bad value.
        payloadFailed(PayloadError): the payload cannot be sent as typed.
        sessionFailed(SessionError): the session refused or the system did.
    """

    fieldFailed = Signal(object)  # noqa: N815
    payloadFailed = Signal(object)  # noqa: N815
    sessionFailed = Signal(object)  # noqa: N815

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[asyncio.Task[Any]] = set()

    def act(self, prepare: Callable[[], Work]) -> asyncio.Task[Any] | None:
        """A click: ``prepare()`` reads the fields now; its coroutine then runs."""
        work = None
        with self._reporting():
            work = prepare()
        return None if work is None else self.run(work)

    def run(self, work: Work) -> asyncio.Task[Any]:
        """Run ``work`` on the GUI loop; its failures are reported, not raised."""
        task = asyncio.ensure_future(self._guarded(work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        # Cancelled before it started (the window closed at once): close ``work``
        # too, or it is reported as never awaited. A finished one ignores close().
        task.add_done_callback(lambda t: work.close() if t.cancelled() else None)
        return task

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    async def _guarded(self, work: Work) -> None:
        with self._reporting():
            await work

    @contextlib.contextmanager
    def _reporting(self) -> Iterator[None]:
        try:
            yield
        except FieldError as exc:
            self.fieldFailed.emit(exc)
        except PayloadError as exc:
            self.payloadFailed.emit(exc)
        except SessionError as exc:
            self.sessionFailed.emit(exc)
