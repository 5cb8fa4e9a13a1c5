"""A session's worker thread: its own asyncio loop, an event ring, exact counters.

The thread that owns a session (the GUI thread, the CLI's main thread) never
touches its socket. It submits coroutines with :meth:`Worker.submit` and gets
concurrent futures back; it drains what happened with :meth:`Worker.drain`, in
batches, as often as it likes.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections import deque
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from .events import Event

T = TypeVar("T")

#: How many events a worker keeps for its consumer by default (the log view's bound).
DEFAULT_RING_SIZE = 10_000


@dataclass(slots=True)
class Counters:
    """Exact traffic counts of one session, written only by its worker thread.

    Readers on other threads see each field atomically; call :meth:`snapshot`
    for a copy to compute with.
    """

    rx_packets: int = 0
    rx_bytes: int = 0
    tx_packets: int = 0
    tx_bytes: int = 0
    dropped_by_system: int = 0

    def snapshot(self) -> Counters:
        return Counters(*(getattr(self, f.name) for f in fields(self)))


@dataclass(frozen=True, slots=True)
class Batch:
    """What a consumer drained: the events in order, and how many older ones the
    ring had to let go since the previous drain because nobody drained in time."""

    events: list[Event]
    dropped: int = 0


class Worker:
    """One thread running one asyncio event loop for one session.

    Events are kept in a ring of ``ring_size``; when the consumer falls behind,
    the oldest are dropped and counted (never silently).
    """

    def __init__(self, name: str, ring_size: int = DEFAULT_RING_SIZE) -> None:
        self.name = name
        self.counters = Counters()
        self._ring: deque[Event] = deque(maxlen=max(1, ring_size))
        self._ring_lock = threading.Lock()
        self._ring_dropped = 0
        self._has_events = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------

    def start(self) -> None:
        """Start the thread and its loop; returns once the loop runs."""
        if self._thread is not None:
            raise RuntimeError("worker already started")
        loop = asyncio.new_event_loop()
        running = threading.Event()
        self._loop = loop
        self._thread = threading.Thread(
            target=self._run, args=(loop, running), name=f"socklab-{self.name}", daemon=True
        )
        self._thread.start()
        running.wait()

    @staticmethod
    def _run(loop: asyncio.AbstractEventLoop, running: threading.Event) -> None:
        asyncio.set_event_loop(loop)
        loop.call_soon(running.set)
        try:
            loop.run_forever()
        finally:
            tasks = asyncio.all_tasks(loop)
            for task in tasks:
                task.cancel()
            if tasks:
                loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def stop(self, timeout: float = 2.0) -> bool:
        """Stop the loop and join the thread; True if it ended within ``timeout``."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return True
        with contextlib.suppress(RuntimeError):  # already closed
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        return not thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeError("worker not started")
        return self._loop

    def in_worker_thread(self) -> bool:
        return threading.current_thread() is self._thread

    # -- commands ------------------------------------------------------------

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run ``coro`` on the worker's loop; thread-safe."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    # -- events (worker side) ------------------------------------------------

    def emit(self, event: Event) -> None:
        """Append one event to the ring (any thread, usually the worker's)."""
        with self._ring_lock:
            if len(self._ring) == self._ring.maxlen:
                self._ring_dropped += 1
            self._ring.append(event)
        self._has_events.set()

    def emit_many(self, events: Iterable[Event]) -> None:
        """Append a batch under one lock: the fast path for floods."""
        batch = events if isinstance(events, list) else list(events)
        if not batch:
            return
        with self._ring_lock:
            overflow = len(self._ring) + len(batch) - self._ring.maxlen
            if overflow > 0:
                self._ring_dropped += overflow
            self._ring.extend(batch)
        self._has_events.set()

    # -- events (consumer side) ----------------------------------------------

    def drain(self) -> Batch:
        """Take every event the ring holds, and the count it had to drop."""
        with self._ring_lock:
            events = list(self._ring)
            self._ring.clear()
            dropped, self._ring_dropped = self._ring_dropped, 0
            self._has_events.clear()
        return Batch(events, dropped)

    def wait_for_events(self, timeout: float | None = None) -> bool:
        """Block until the ring holds something (True) or ``timeout`` passes."""
        return self._has_events.wait(timeout)

    @property
    def ring_size(self) -> int:
        return self._ring.maxlen or 0

    def set_ring_size(self, size: int) -> None:
        """Change how many undrained events are kept (drops the oldest beyond it)."""
        with self._ring_lock:
            old = self._ring
            self._ring = deque(old, maxlen=max(1, size))
            self._ring_dropped += max(0, len(old) - len(self._ring))
