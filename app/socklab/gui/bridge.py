"""The bridge between a session's worker thread and the GUI thread.

A :class:`SessionBridge` drains its session's event ring on a display timer
(~30 Hz; 5 Hz in a flood) and hands each batch on in ONE signal, never one per
event; it also publishes the session's exact counters on every tick. A flood is
a rate (packets or bytes a second, on the bridge's clock), so a timer that fires
late on a busy machine does not make ordinary traffic look like one.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from socklab.core import Batch, Counters, Event, PeerJoined, PeerLeft, Session

T = TypeVar("T")

_PEER_CHANGES = (PeerJoined, PeerLeft)

#: How often the bridge pulls events: about 30 times a second.
PULL_INTERVAL_MS = 33
#: During a flood the bridge pulls only this often: each pull repaints the
#: counters, the rate plot and the log, and at 5 Hz the GUI thread leaves the CPU
#: and the GIL to the workers (measured: a 64-byte flood into the window 2-3 %
#: faster than at 10 Hz). Counters stay exact either way.
FLOOD_INTERVAL_MS = 200
#: A flood begins when, since the previous pull, the session moved (both ways
#: together) at least this many packets a second: about 1,000 in one 33 ms pull ...
FLOOD_ENTER_PACKET_RATE = 30_000
#: ... or at least this many bytes a second, about 4 MiB in one 33 ms pull (a bulk
#: TCP transfer: a sender's 1 MiB writes are few events, and its ring keeps only
#: the newest of them).
FLOOD_ENTER_BYTE_RATE = 120 << 20
#: A flood lasts while the session moves at least this many packets a second
#: (1,000 in one 200 ms pull) ...
FLOOD_STAY_PACKET_RATE = 5_000
#: ... or at least this many bytes a second (4 MiB in one 200 ms pull). Lower than
#: the rates that begin a flood, so traffic near them does not switch the pull
#: interval back and forth.
FLOOD_STAY_BYTE_RATE = 20 << 20
#: A storm of connections is a flood too: at least this many clients joining or
#: leaving a second (100 in one 33 ms pull). Each is a row of the server's client
#: table and of the log, and each pull repaints both: 10,000 clients accepted in
#: half a second took the GUI thread as much CPU as the worker that accepted
#: them at 30 pulls a second. At 5 Hz the fixed cost of a pull is paid a sixth as
#: often, and every join and leave still comes (the ring never drops them).
FLOOD_ENTER_PEER_RATE = 3_000
#: ... and lasts while at least this many join or leave a second (200 in one
#: 200 ms pull).
FLOOD_STAY_PEER_RATE = 1_000
#: During a flood each pull takes only the newest this many data events (every
#: state change, join, leave and failure still comes): 2,500 rows a second is
#: more than anyone reads, and building, storing and painting each row costs the
#: GUI thread time that the receiving worker needs. The rest count as dropped.
FLOOD_ROWS_PER_PULL = 500


class SessionBridge(QObject):
    """Pulls a session's events into the GUI thread in batches (fewer, bigger
    ones in a flood: of packets, of bytes, or of clients joining and leaving).

    Signals:
        eventsArrived(Batch): a drained batch (events in order, and the count the
            worker's ring had to drop), at most once per tick.
        countersChanged(Counters): a snapshot of the session's exact counters,
            once per tick while a session is attached.

    ``clock`` gives the seconds the flood rates are measured in (monotonic time;
    tests pass one they move themselves). With ``auto_pull=False`` no timer pulls:
    whoever calls :meth:`pull` decides when (the pull interval still follows the
    flood, in :attr:`interval_ms`).
    """

    eventsArrived = Signal(object)  # noqa: N815
    countersChanged = Signal(object)  # noqa: N815

    def __init__(
        self,
        parent: QObject | None = None,
        interval_ms: int = PULL_INTERVAL_MS,
        *,
        clock: Callable[[], float] = time.monotonic,
        auto_pull: bool = True,
    ) -> None:
        super().__init__(parent)
        self._interval = interval_ms
        self._clock = clock
        self._auto_pull = auto_pull
        self._session: Session | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.pull)
        self._flooding = False
        self._traffic = (0, 0)
        self._pulled_at = 0.0  # the clock at the previous pull (or attach)

    @property
    def session(self) -> Session | None:
        return self._session

    def attach(self, session: Session) -> None:
        """Start pulling from ``session`` (a previous one is detached first)."""
        if self._session is not None:
            self.detach()
        self._session = session
        self._flooding = False
        self._traffic = _traffic(session.counters)
        self._pulled_at = self._clock()
        self._timer.setInterval(self._interval)
        if self._auto_pull:
            self._timer.start()

    def detach(self) -> Session | None:
        """Pull what is left, stop pulling; returns the session that was attached."""
        session = self._session
        if session is not None:
            self.pull()
            self._session = None
            self._timer.stop()
        return session

    def pull(self) -> None:
        """Drain the session now (the timer calls this; tests may too)."""
        session = self._session
        if session is None:
            return
        # Counters first, then the events: whatever the counters then say has
        # already reached the log (the worker keeps receiving meanwhile).
        counters: Counters = session.counters.snapshot()
        now = self._clock()
        batch: Batch = session.drain(FLOOD_ROWS_PER_PULL if self._flooding else None)
        if batch.events or batch.dropped:
            self.eventsArrived.emit(batch)
        self.countersChanged.emit(counters)
        # The rates since the previous pull. A pull sooner than the interval
        # (detach's last one, say) counts as a whole interval: a few packets right
        # after a pull are no flood.
        seconds = max(now - self._pulled_at, self._interval / 1000)
        packets, nbytes = traffic = _traffic(counters)
        packet_rate = (packets - self._traffic[0]) / seconds
        byte_rate = (nbytes - self._traffic[1]) / seconds
        peer_rate = _peer_changes(batch.events) / seconds
        if self._flooding:
            flooding = (
                packet_rate >= FLOOD_STAY_PACKET_RATE
                or byte_rate >= FLOOD_STAY_BYTE_RATE
                or peer_rate >= FLOOD_STAY_PEER_RATE
            )
        else:
            flooding = (
                packet_rate >= FLOOD_ENTER_PACKET_RATE
                or byte_rate >= FLOOD_ENTER_BYTE_RATE
                or peer_rate >= FLOOD_ENTER_PEER_RATE
            )
        self._traffic = traffic
        self._pulled_at = now
        self._flooding = flooding
        wanted = max(self._interval, FLOOD_INTERVAL_MS) if flooding else self._interval
        if self._timer.interval() != wanted:
            self._timer.setInterval(wanted)

    @property
    def interval_ms(self) -> int:
        """The current pull interval (longer while a flood lasts)."""
        return self._timer.interval()

    @property
    def flooding(self) -> bool:
        """Whether the previous pull found a flood (and took only the newest rows)."""
        return self._flooding


def _peer_changes(events: list[Event]) -> int:
    """How many of ``events`` are a client joining or leaving."""
    return sum(type(event) in _PEER_CHANGES for event in events)


def _traffic(counters: Counters) -> tuple[int, int]:
    """Packets and bytes a session moved so far, both ways."""
    return (
        counters.rx_packets + counters.tx_packets,
        counters.rx_bytes + counters.tx_bytes,
    )


async def wait_for(future: concurrent.futures.Future[T]) -> T:
    """Await a worker's answer from a coroutine on the GUI thread's loop."""
    return await asyncio.wrap_future(future)
