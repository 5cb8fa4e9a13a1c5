"""Traffic generation: what to send, how fast, and the paced sending loop.

A :class:`GeneratorSpec` says the payload size and the target rate (packets/s,
Mbit/s, or as fast as possible); :func:`pump` runs any "send up to n packets"
function at that rate, scheduled against the clock: after each batch it works
out how many packets are due by now, so a slow send or a late wake-up is made
up for, not accumulated. It checks :attr:`Progress.stop_requested` after every
batch (at most a few hundred packets or a few milliseconds), so Stop takes
effect at once even at full rate.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from .progress import Phase, Progress

#: At full rate, this many packets are sent between two checks of the clock.
FULL_RATE_BATCH = 256
#: A sending loop hands control back to the event loop at least this often (s),
#: so that received data and commands get through.
YIELD_EVERY = 0.002
#: The largest generator packet (bytes): one is built whole in memory. TCP file
#: blocks keep to it too; a UDP datagram is far smaller (MAX_DATAGRAM_IPV4).
MAX_BLOCK_SIZE = 16 * 1024 * 1024
#: If a paced loop falls this far behind (s), it gives up catching up instead
#: of sending one long burst.
MAX_LAG = 0.25


@dataclass(frozen=True, slots=True)
class GeneratorSpec:
    """A traffic generator's settings.

    ``size``: payload bytes per packet (a UDP datagram, a TCP write).
    ``rate_pps`` or ``rate_mbps`` (payload megabits per second) set the target;
    neither means as fast as possible. ``count`` and ``duration`` (seconds)
    end it; neither means until stopped. ``payload`` is repeated and cut to
    ``size``; empty means a readable pattern. ``gso``: a UDP generator may hand
    the kernel many datagrams per send with Linux GSO (where it applies).
    ``source``: a function giving each packet's own payload (template fields
    expanded per packet, checksum appended), called on the session's worker in
    send order; it replaces ``payload`` and ``size`` (then only the size Mbit/s
    pacing reckons with) and GSO.
    """

    size: int = 64
    rate_pps: float | None = None
    rate_mbps: float | None = None
    count: int | None = None
    duration: float | None = None
    payload: bytes = b""
    gso: bool = True
    source: Callable[[], bytes] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.size <= MAX_BLOCK_SIZE:
            raise ValueError(f"size must be 0 to {MAX_BLOCK_SIZE:,} bytes")
        for name in ("rate_pps", "rate_mbps", "duration"):
            value = getattr(self, name)
            if value is not None and not (value > 0 and math.isfinite(value)):
                raise ValueError(f"{name} must be a positive number")
        if self.count is not None and self.count < 0:
            raise ValueError("count must not be negative")

    def packets_per_second(self) -> float | None:
        """The target rate in packets per second; None for as fast as possible."""
        if self.rate_pps is not None:
            return self.rate_pps
        if self.rate_mbps is not None:
            return self.rate_mbps * 1e6 / 8 / max(1, self.size)
        return None

    def packet(self) -> bytes:
        """The payload of every packet: ``payload`` repeated and cut to ``size``."""
        pattern = self.payload or b"SockLab 0123456789 abcdefghijklmnopqrstuvwxyz\n"
        reps = self.size // len(pattern) + 1
        return (pattern * reps)[: self.size]


async def pump(
    progress: Progress,
    send_batch: Callable[[int], Awaitable[int]],
    pps: float | None,
    *,
    count: int | None = None,
    duration: float | None = None,
    batch: int = FULL_RATE_BATCH,
) -> Phase:
    """Call ``send_batch(n)`` until done; returns how it ended (DONE or STOPPED).

    ``send_batch(n)`` sends at most ``n`` packets, counts them into
    ``progress`` and returns how many it sent; 0 means the source is exhausted
    (the end of a file). Errors propagate.
    """
    # The loop's own clock (time.monotonic for asyncio's loops): the pacing
    # follows the clock its sleeps are measured on, and a test's loop can move it.
    monotonic = asyncio.get_running_loop().time
    start = monotonic()
    last_yield = start
    sent = 0
    end = None if duration is None else start + duration
    while not progress.stop_requested:
        now = monotonic()
        if end is not None and now >= end:
            return Phase.DONE
        n = batch
        if count is not None:
            n = min(n, count - sent)
            if n <= 0:
                return Phase.DONE
        if pps is not None:
            due = math.floor((now - start) * pps) + 1 - sent
            if due <= 0:
                wake = start + sent / pps
                if end is not None:
                    wake = min(wake, end)
                await asyncio.sleep(max(0.0, wake - now))
                last_yield = monotonic()
                continue
            if due > pps * MAX_LAG:  # fell far behind: do not burst to catch up
                start = now - sent / pps
                due = 1
            n = min(n, due)
        done = await send_batch(n)
        if done <= 0:
            return Phase.DONE
        sent += done
        now = monotonic()
        if now - last_yield >= YIELD_EVERY:
            await asyncio.sleep(0)
            last_yield = monotonic()
    return Phase.STOPPED
