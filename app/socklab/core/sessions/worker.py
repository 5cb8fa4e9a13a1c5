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
import heapq
import threading
from collections import deque
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from ..counters import Counters
from ..events import Event, Received, Sent, data_size

T = TypeVar("T")

#: How many events a worker keeps between two drains by default. A consumer
#: drains ~30 times a second, so this is up to 60,000 rows a second for the log
#: (which keeps its own, larger bound of rows): more than anyone can read, and
#: little enough that building and showing them leaves the GUI thread (and the
#: GIL the worker needs) free during a flood.
DEFAULT_RING_SIZE = 2_000
#: How many bytes of event data the ring keeps at most by default: ten thousand
#: 64 KiB TCP chunks would otherwise hold 640 MB. Kept small on purpose: the
#: chunks a consumer takes live until its view lets them go, and a larger budget
#: slows a bulk transfer (measured on a 1 GiB transfer between two tabs: 2 MiB
#: instead of 8 MiB, +10 %; 32 chunks of 64 KiB per pull are plenty to show).
DEFAULT_RING_BYTES = 2 << 20


@dataclass(frozen=True, slots=True)
class Batch:
    """What a consumer drained: the events in order, and how many older ones the
    ring had to let go since the previous drain because nobody drained in time."""

    events: list[Event]
    dropped: int = 0


class _Lazy:
    """Raw items the worker has not turned into events yet (a flood's batch).

    ``make(item)`` builds the event of one item; only the items still in the ring
    when a consumer drains are ever turned into events.
    """

    __slots__ = ("items", "make", "nbytes")

    def __init__(self, items: list[Any], make: Callable[[Any], Event], nbytes: int) -> None:
        self.items = items
        self.make = make
        self.nbytes = nbytes


#: The kinds of event a full ring drops (everything else it keeps).
_DATA = (Received, Sent)


class EventTap(Protocol):
    """Sees every event a worker emits, on the worker thread (a capture file)."""

    def add(self, event: Event) -> None: ...

    def add_lazy(self, items: list[Any], make: Callable[[Any], Event]) -> None: ...


class Worker:
    """One thread running one asyncio event loop for one session.

    Events are kept in a ring of ``ring_size`` events and at most ``ring_bytes``
    bytes of data; when the consumer falls behind, the oldest data events
    (Received, Sent) are dropped and counted (never silently); state changes,
    joins, leaves and failures are always kept. A flood's receive path hands over raw batches
    (:meth:`emit_lazy`) that become events only if they are still in the ring
    when a consumer drains.
    """

    def __init__(
        self, name: str, ring_size: int = DEFAULT_RING_SIZE, ring_bytes: int = DEFAULT_RING_BYTES
    ) -> None:
        self.name = name
        self.counters = Counters()
        # Two queues in order of a sequence number: data (Received, Sent and
        # _Lazy batches of them), which a full ring drops oldest first, and the
        # rest, which it keeps; drain() merges them back in order. _count is
        # how many events both stand for, _bytes roughly how much data they hold.
        self._data: deque[tuple[int, Event | _Lazy]] = deque()
        self._kept: deque[tuple[int, Event]] = deque()
        self._seq = 0
        self._count = 0
        self._bytes = 0
        self._ring_size = max(1, ring_size)
        self._ring_bytes = max(1, ring_bytes)
        self._ring_lock = threading.Lock()
        self._ring_dropped = 0
        self._has_events = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        #: Sees every event, on the worker thread (set by a session's capture).
        self.tap: EventTap | None = None

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

    # -- commands ------------------------------------------------------------

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run ``coro`` on the worker's loop; thread-safe."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    # -- events (worker side) ------------------------------------------------

    def emit(self, event: Event) -> None:
        """Append one event to the ring (any thread, usually the worker's)."""
        tap = self.tap
        if tap is not None:
            tap.add(event)
        with self._ring_lock:
            self._seq += 1
            if type(event) in _DATA:
                self._data.append((self._seq, event))
                self._admit(1, data_size(event))
            else:
                self._kept.append((self._seq, event))
                self._admit(1, 0)
        self._has_events.set()

    def emit_lazy(self, items: list[Any], make: Callable[[Any], Event], nbytes: int = 0) -> None:
        """Append raw ``items`` that become events (``make(item)``) only when drained.

        The fast path for floods: one call per receive batch, and the items the
        ring lets go before anybody drains them are counted, never built.
        ``nbytes`` is how much data they hold (for the ring's byte bound).
        """
        if not items:
            return
        tap = self.tap
        if tap is not None:
            tap.add_lazy(items, make)
        with self._ring_lock:
            self._seq += 1
            self._data.append((self._seq, _Lazy(items, make, nbytes)))
            self._admit(len(items), nbytes)
        self._has_events.set()

    def _admit(self, count: int, nbytes: int) -> None:
        """Account for ``count`` events of ``nbytes`` just queued, and drop the
        oldest data if the ring is now over either bound (lock held)."""
        self._count += count
        self._bytes += nbytes
        if self._count > self._ring_size or self._bytes > self._ring_bytes:
            self._trim(self._ring_size)

    def _trim(self, keep: int) -> None:
        """Drop the oldest data until at most ``keep`` events and the byte bound remain.

        Only data (Received, Sent) is ever dropped: state changes, joins and
        leaves and failures stay, so a flood cannot hide that a peer joined or
        the socket closed. The newest event always stays. Lock held.
        """
        data, kept = self._data, self._kept
        while data and (self._count > keep or self._bytes > self._ring_bytes):
            seq, oldest = data[0]
            newest = len(data) == 1 and (not kept or seq > kept[-1][0])
            if isinstance(oldest, _Lazy):
                n = len(oldest.items)
                excess = self._count - keep
                if newest:  # keep the newest items of the newest batch
                    self._cut(oldest, min(excess, n - 1))
                    return
                if self._bytes <= self._ring_bytes and 0 < excess < n:
                    self._cut(oldest, excess)  # only part of this batch has to go
                    return
                data.popleft()
                self._count -= n
                self._bytes -= oldest.nbytes
                self._ring_dropped += n
            else:
                if newest:
                    return
                data.popleft()
                self._count -= 1
                self._bytes -= data_size(oldest)
                self._ring_dropped += 1

    def _cut(self, lazy: _Lazy, count: int) -> None:
        """Drop the ``count`` oldest items of a lazy batch."""
        if count <= 0:
            return
        share = lazy.nbytes * count // len(lazy.items)
        lazy.items = lazy.items[count:]  # a new list: the caller may still use its own
        lazy.nbytes -= share
        self._bytes -= share
        self._count -= count
        self._ring_dropped += count

    # -- events (consumer side) ----------------------------------------------

    def drain(self, limit: int | None = None) -> Batch:
        """Take every event the ring holds, and the count it had to drop.

        With ``limit``, only the newest ``limit`` events are taken (and every
        state change, join, leave and failure); the older data events are
        counted as dropped: a view that shows at most so many rows per refresh
        need not pay for building the rest.
        """
        with self._ring_lock:
            if limit is not None and self._count > limit:
                self._trim(max(1, limit))
            data, kept = list(self._data), list(self._kept)
            self._data.clear()
            self._kept.clear()
            self._count = 0
            self._bytes = 0
            dropped, self._ring_dropped = self._ring_dropped, 0
            self._has_events.clear()
        if not kept:
            entries: Iterable[tuple[int, Event | _Lazy]] = data
        elif not data:
            entries = kept
        else:  # sequence numbers are unique: the entries themselves never compare
            entries = heapq.merge(data, kept)
        events: list[Event] = []
        for _, entry in entries:
            if isinstance(entry, _Lazy):
                events.extend(map(entry.make, entry.items))
            else:
                events.append(entry)
        return Batch(events, dropped)

    def wait_for_events(self, timeout: float | None = None) -> bool:
        """Block until the ring holds something (True) or ``timeout`` passes."""
        return self._has_events.wait(timeout)
