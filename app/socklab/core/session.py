"""What every session shares: its worker, its events, its counters, repeat-send.

A :class:`Session` is the thread-safe handle that the GUI and the CLI hold.
Its public methods return :class:`concurrent.futures.Future` objects; the
socket work itself runs on the session's worker thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from .errors import SessionError, session_error
from .events import Event
from .worker import DEFAULT_RING_SIZE, Batch, Counters, Worker

T = TypeVar("T")

#: A send loop hands control back to the event loop at least this often, so
#: that Stop (and received data) gets through even at full rate.
_YIELD_EVERY = 64


class Session:
    """Base of UDP, TCP client and TCP server sessions.

    Subclasses implement ``_aclose`` (release the socket, emit the final state).
    """

    kind = "session"

    def __init__(self, *, ring_size: int = DEFAULT_RING_SIZE) -> None:
        self.worker = Worker(self.kind, ring_size)
        self.worker.start()
        self._repeat_task: asyncio.Task[int] | None = None

    # -- consumer side ---------------------------------------------------------

    @property
    def counters(self) -> Counters:
        return self.worker.counters

    def drain(self) -> Batch:
        """Everything that happened since the last drain (see :meth:`Worker.drain`)."""
        return self.worker.drain()

    def wait_for_events(self, timeout: float | None = None) -> bool:
        return self.worker.wait_for_events(timeout)

    # -- lifecycle -----------------------------------------------------------

    def close(self) -> concurrent.futures.Future[None]:
        """Close the socket(s); the worker keeps running so the session can reopen."""
        return self._submit(self._aclose())

    def shutdown(self, timeout: float = 2.0) -> bool:
        """Close everything and join the worker thread; True if done within ``timeout``."""
        deadline = time.monotonic() + timeout
        if self.worker.running:
            with contextlib.suppress(concurrent.futures.TimeoutError, SessionError, RuntimeError):
                self.worker.submit(self._aclose()).result(timeout * 0.75)
        return self.worker.stop(max(0.05, deadline - time.monotonic()))

    async def _aclose(self) -> None:
        raise NotImplementedError

    # -- repeat-send -----------------------------------------------------------

    def stop_repeat(self) -> concurrent.futures.Future[None]:
        """Cancel a running repeat-send (it ends at its next send)."""
        return self._submit(self._astop_repeat())

    async def _astop_repeat(self) -> None:
        task, self._repeat_task = self._repeat_task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _arepeat(
        self, send_once: Callable[[], Awaitable[Any]], count: int | None, interval: float
    ) -> int:
        """Call ``send_once`` ``count`` times (None: until stopped), one every ``interval`` s.

        Sends are scheduled against the clock (start + i * interval), not by
        sleeping after each send, so the rate holds however long a send takes.
        Returns how many were sent; a failure ends the repeat.
        """
        await self._astop_repeat()
        self._repeat_task = asyncio.current_task()  # type: ignore[assignment]
        loop = asyncio.get_running_loop()
        start = loop.time()
        sent = 0
        try:
            while count is None or sent < count:
                await send_once()
                sent += 1
                if interval > 0:
                    delay = start + sent * interval - loop.time()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    elif delay < -1.0:  # fell a second behind: do not burst to catch up
                        start = loop.time() - sent * interval
                elif sent % _YIELD_EVERY == 0:
                    await asyncio.sleep(0)
        except asyncio.CancelledError:
            pass
        finally:
            if self._repeat_task is asyncio.current_task():
                self._repeat_task = None
        return sent

    # -- helpers for subclasses -----------------------------------------------

    def _submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        if not self.worker.running:
            coro.close()
            future: concurrent.futures.Future[T] = concurrent.futures.Future()
            future.set_exception(SessionError("", "the session has been shut down"))
            return future
        return self.worker.submit(coro)

    def _emit(self, event: Event) -> None:
        self.worker.emit(event)

    def _fail(self, operation: str, exc: BaseException, peer_id: int | None = None) -> SessionError:
        """Log ``exc`` as a Failed event and return the error to raise."""
        error = session_error(operation, exc)
        self.worker.emit(error.to_event(peer_id))
        return error
