"""Live progress of a long-running send (a traffic generator, a file transfer).

The worker thread writes a :class:`Progress`; any thread reads it. The GUI polls
:meth:`Progress.snapshot` on its display timer (no signal per packet) and calls
:meth:`Progress.stop` to end it; ``progress.future`` resolves when it has ended.
"""

from __future__ import annotations

import concurrent.futures
import enum
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from ..events import Detail, Reason

#: The achieved rate is measured over about this many seconds.
RATE_WINDOW = 1.0
#: A rate sample is taken at most this often.
_SAMPLE_EVERY = 0.1


class Phase(enum.Enum):
    """Where a generator or transfer stands."""

    STARTING = "starting"
    RUNNING = "running"
    DONE = "done"  # reached its count, duration or the end of the file
    STOPPED = "stopped"  # stopped by the user
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ProgressSnapshot:
    """A consistent copy of a :class:`Progress`, for display.

    ``total_bytes`` is known for files (None for an open-ended generator);
    ``fraction`` is then done/total (0..1). Rates are over the last second
    (``pps``: packets or chunks per second, ``bps``: bits per second);
    ``mean_bps`` over the whole run. ``reason`` (with ``detail``) says why a
    job ended before its end when the connection did (the peer closed or reset it).
    """

    phase: Phase
    packets: int
    bytes: int
    total_bytes: int | None
    elapsed: float
    pps: float
    bps: float
    mean_pps: float
    mean_bps: float
    error: str = ""
    path: str = ""
    reason: Reason = Reason.NONE
    detail: Detail = None

    @property
    def fraction(self) -> float | None:
        if self.total_bytes is None:
            return None
        if self.total_bytes == 0:
            return 1.0
        return min(1.0, self.bytes / self.total_bytes)

    @property
    def running(self) -> bool:
        return self.phase in (Phase.STARTING, Phase.RUNNING)


class Progress:
    """What a generator or a transfer has done so far; written by its worker only.

    ``stop()`` may be called from any thread: the sending loop checks it between
    batches (every few hundred packets or a few milliseconds), so it ends within
    milliseconds even at full rate.
    """

    def __init__(self, kind: str, total_bytes: int | None = None, path: str = "") -> None:
        self.kind = kind
        self.path = path
        self.total_bytes = total_bytes
        self.packets = 0
        self.bytes = 0
        self.phase = Phase.STARTING
        self.error = ""
        self.reason = Reason.NONE
        self.detail: Detail = None
        self.started = time.monotonic()
        self.ended: float | None = None
        self.stop_requested = False
        #: Set by the session: wakes its loop so a sleeping job sees the stop.
        self.on_stop: Callable[[], None] | None = None
        self.future: concurrent.futures.Future[int] = concurrent.futures.Future()
        self._samples: deque[tuple[float, int, int]] = deque(maxlen=64)
        self._samples.append((self.started, 0, 0))

    # -- any thread ------------------------------------------------------------

    def stop(self) -> None:
        """Ask the sending loop to end (it does within milliseconds)."""
        self.stop_requested = True
        hook = self.on_stop
        if hook is not None:
            hook()

    def snapshot(self) -> ProgressSnapshot:
        """A consistent copy with the rates computed now."""
        now = self.ended if self.ended is not None else time.monotonic()
        packets, nbytes = self.packets, self.bytes
        elapsed = max(0.0, now - self.started)
        samples = list(self._samples)
        pps = bps = 0.0
        if self.ended is None:
            # The oldest sample within the window (or the start) against now.
            base = samples[0]
            for sample in reversed(samples):
                if now - sample[0] >= RATE_WINDOW:
                    base = sample
                    break
            span = now - base[0]
            if span > 0:
                pps = (packets - base[1]) / span
                bps = (nbytes - base[2]) * 8 / span
        mean_pps = packets / elapsed if elapsed > 0 else 0.0
        mean_bps = nbytes * 8 / elapsed if elapsed > 0 else 0.0
        return ProgressSnapshot(
            self.phase,
            packets,
            nbytes,
            self.total_bytes,
            elapsed,
            pps,
            bps,
            mean_pps,
            mean_bps,
            self.error,
            self.path,
            self.reason,
            self.detail,
        )

    def wait(self, timeout: float | None = None) -> int:
        """Block until it has ended; returns the packets sent (raises on failure)."""
        return self.future.result(timeout)

    # -- worker side -----------------------------------------------------------

    def begin(self) -> None:
        self.started = time.monotonic()
        self._samples.clear()
        self._samples.append((self.started, 0, 0))
        self.phase = Phase.RUNNING

    def advance(self, packets: int, nbytes: int, now: float) -> None:
        """Count what was just sent; ``now`` is ``time.monotonic()``."""
        self.packets += packets
        self.bytes += nbytes
        if now - self._samples[-1][0] >= _SAMPLE_EVERY:
            self._samples.append((now, self.packets, self.bytes))

    def cut_short(self, reason: Reason, detail: Detail = None) -> None:
        """The connection ended under the job (before :meth:`finish`): say why."""
        if self.ended is None:
            self.reason, self.detail = reason, detail

    def finish(self, phase: Phase, error: BaseException | None = None) -> None:
        """Record the end; ``future`` then resolves (or raises ``error``)."""
        if self.ended is not None:
            return
        self.ended = time.monotonic()
        self.error = str(error) if error is not None else ""
        self.phase = phase
        if not self.future.done():
            if error is not None:
                self.future.set_exception(error)
            else:
                self.future.set_result(self.packets)
