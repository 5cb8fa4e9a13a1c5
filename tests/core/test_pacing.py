"""Pacing against the clock, on a virtual clock: the generator's ``pump`` and
repeat-send, with every send time exact and no real waiting.

The loop below reads a clock that moves only when the loop would wait (by
exactly that long) or when a test says so (a slow send, a late wake-up). So a
rate, a catch-up or a Stop is an exact list of send times here, whatever the
machine does meanwhile; how close the real clock comes is the benchmark's
figure (tests/benchmarks: repeat every 1 ms, the paced generator, Stop).
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

from socklab.core.jobs.generator import FULL_RATE_BATCH, MAX_LAG, GeneratorSpec, pump
from socklab.core.jobs.progress import Phase, Progress
from socklab.core.sessions.udp import UdpSession

T = TypeVar("T")


class _VirtualSelector(selectors.DefaultSelector):
    """Never blocks: where the loop would wait, the clock jumps instead."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0.0
        self.late: list[float] = []  # extra seconds for the next waits, in order

    def select(self, timeout: float | None = None) -> list:
        ready = super().select(0)
        if not ready and timeout:
            self.now += timeout + (self.late.pop(0) if self.late else 0.0)
        elif not ready and timeout is None:
            raise RuntimeError("the loop would wait forever")
        return ready


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop on a virtual clock (``time()``), which ``asyncio.sleep`` uses."""

    def __init__(self) -> None:
        self._clock = _VirtualSelector()
        super().__init__(self._clock)

    def time(self) -> float:
        return self._clock.now

    def advance(self, seconds: float) -> None:
        """Time that passes while the loop works (a slow send)."""
        self._clock.now += seconds

    def wake_late(self, *seconds: float) -> None:
        """The next waits end this much later than asked (a busy machine)."""
        self._clock.late.extend(seconds)

    def run(self, coro: Awaitable[T]) -> T:
        try:
            return self.run_until_complete(coro)
        finally:
            self.close()


@pytest.fixture
def loop() -> VirtualTimeLoop:
    """A virtual-time loop (``pump`` and repeat-send read the clock of the loop they run on)."""
    return VirtualTimeLoop()


class Sends:
    """A ``send_batch`` for ``pump`` that records when each batch went, and how big."""

    def __init__(self, loop: VirtualTimeLoop, progress: Progress, per_packet: float = 0.0):
        self.loop = loop
        self.progress = progress
        self.per_packet = per_packet
        self.batches: list[tuple[float, int]] = []
        self.then: Callable[[int], None] | None = None  # called with the total so far

    async def __call__(self, n: int) -> int:
        self.batches.append((self.loop.time(), n))
        self.loop.advance(self.per_packet * n)
        self.progress.advance(n, 64 * n, self.loop.time())
        if self.then is not None:
            self.then(self.total)
        return n

    @property
    def total(self) -> int:
        return sum(n for _, n in self.batches)

    @property
    def times(self) -> list[float]:
        """When each packet went (a batch's packets at its start)."""
        return [when for when, n in self.batches for _ in range(n)]


def _pump(loop, pps, *, per_packet=0.0, then=None, **limits) -> tuple[Phase, Sends]:
    progress = Progress("generator")
    sends = Sends(loop, progress, per_packet)
    sends.then = then and (lambda total: then(progress, total))
    phase = loop.run(pump(progress, sends, pps, **limits))
    return phase, sends


# -- the generator's pump ----------------------------------------------------------


def test_a_paced_generator_sends_each_packet_when_it_is_due(loop):
    """1,024/s for half a second: 512 packets, packet k at exactly k/1024 s."""
    phase, sends = _pump(loop, 1024.0, duration=0.5)
    assert phase is Phase.DONE
    assert sends.batches == [(k / 1024, 1) for k in range(512)]


def test_a_slow_send_does_not_slow_the_rate(loop):
    """Each send takes half the interval: the schedule still holds (it is
    against the clock, not a sleep after each send)."""
    phase, sends = _pump(loop, 1024.0, per_packet=0.5 / 1024, duration=0.5)
    assert phase is Phase.DONE
    assert sends.times == [k / 1024 for k in range(512)]


def test_a_late_wake_up_is_made_up_at_once_not_carried(loop):
    """A wake-up 10 intervals late: the 10 packets it owes go in the next batch,
    then the schedule is the old one again; the count for the duration is whole."""
    loop.wake_late(10 / 1024)
    phase, sends = _pump(loop, 1024.0, duration=0.5)
    assert phase is Phase.DONE
    assert sends.batches[:2] == [(0.0, 1), (11 / 1024, 11)]
    assert sends.batches[2:] == [(k / 1024, 1) for k in range(12, 512)]
    assert sends.total == 512


def test_falling_far_behind_restarts_the_schedule_instead_of_bursting(loop):
    """A stall longer than MAX_LAG: one packet at once, then the rate again
    from there; never a burst of everything it missed."""
    late_by = 4 * MAX_LAG  # virtual time: the loop's clock is the test's
    loop.wake_late(late_by)
    phase, sends = _pump(loop, 1024.0, duration=2.0)
    assert phase is Phase.DONE
    assert all(n == 1 for _, n in sends.batches)
    resumed = sends.batches[1][0]
    assert resumed == 1 / 1024 + late_by
    assert sends.times[1:] == [resumed + k / 1024 for k in range(len(sends.times) - 1)]
    assert sends.times[-1] < 2.0 <= sends.times[-1] + 1 / 1024


def test_a_rate_in_megabits_is_that_many_packets(loop):
    spec = GeneratorSpec(size=1000, rate_mbps=8.0, duration=0.3)
    assert spec.packets_per_second() == 1000
    phase, sends = _pump(loop, spec.packets_per_second(), duration=spec.duration)
    assert phase is Phase.DONE
    assert sends.total == 300  # 8 Mbit/s of 1,000-byte packets for 0.3 s
    assert sends.times[-1] == pytest.approx(0.299)


def test_full_rate_goes_in_batches_up_to_the_count(loop):
    phase, sends = _pump(loop, None, count=1000)
    assert phase is Phase.DONE
    assert [n for _, n in sends.batches] == [FULL_RATE_BATCH] * 3 + [1000 - 3 * FULL_RATE_BATCH]


def test_stop_at_full_rate_takes_effect_after_the_batch_in_progress(loop):
    """Stop is seen between batches: not one more batch after it."""

    def stop_after_two(progress: Progress, total: int) -> None:
        if total >= 2 * FULL_RATE_BATCH:
            progress.stop()

    phase, sends = _pump(loop, None, then=stop_after_two)
    assert phase is Phase.STOPPED
    assert [n for _, n in sends.batches] == [FULL_RATE_BATCH, FULL_RATE_BATCH]


def test_a_file_that_ends_ends_the_pump(loop):
    progress = Progress("file")
    batches = iter([256, 100, 0])

    async def send_batch(n: int) -> int:
        return next(batches)

    assert loop.run(pump(progress, send_batch, 1000.0)) is Phase.DONE
    assert next(batches, None) is None  # it asked once more and got the end


# -- repeat-send -----------------------------------------------------------------------


def _repeat(sessions, loop, count, interval, per_send=0.0) -> tuple[int, list[float]]:
    """``Session._arepeat`` (what send_repeated runs) on the virtual loop."""
    session, _ = sessions(UdpSession)
    times: list[float] = []

    async def send_once() -> None:
        times.append(loop.time())
        loop.advance(per_send)

    sent = loop.run(session._arepeat(send_once, count, interval))
    return sent, times


def test_repeat_every_millisecond_is_due_on_the_clock(sessions):
    # 1/1024 s: a millisecond that a float holds exactly, so times compare exactly.
    sent, times = _repeat(sessions, VirtualTimeLoop(), 200, 1 / 1024, per_send=0.25 / 1024)
    assert sent == 200
    assert times == [k / 1024 for k in range(200)]  # a slow send does not add up


def test_repeat_that_falls_a_second_behind_does_not_burst(sessions):
    loop = VirtualTimeLoop()
    loop.wake_late(0, 0, 2.0)  # the third wait ends two seconds late
    sent, times = _repeat(sessions, loop, 6, 1 / 1024)
    assert sent == 6
    late = 3 / 1024 + 2.0
    assert times[:4] == [0.0, 1 / 1024, 2 / 1024, late]
    # None of the ~2,000 sends it missed is made up: from the late one on, one
    # send an interval (the first of them may follow the late one at once).
    assert times[4] in (late, late + 1 / 1024)
    assert times[5] == times[4] + 1 / 1024
