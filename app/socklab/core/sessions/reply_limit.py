"""How often a TCP server may answer one peer on its own (auto-reply), and when
that looks like a loop.

Two auto-repliers connected to each other (our echo and a peer that echoes
too, or two fixed replies) answer each other for ever, as fast as the machine
goes. :class:`ReplyBudget` counts one peer's replies in one-second windows:

* at most ``limit`` replies in a window; a reply over it waits for the next
  window (the server stops reading from that peer meanwhile: nothing is lost
  and memory stays bounded);
* a peer that keeps the limit reached for :data:`LOOP_WINDOWS` windows in a
  row is taken for a loop: auto-reply to it pauses (what it sends is still
  received and counted, not answered) until :meth:`ReplyBudget.resume` (the
  server calls it when the auto-reply options change); a new connection
  starts with a new budget.

A limit of 0 means no limit, and no loop check. The clock is injectable, so
the limit itself is tested without waiting for real seconds.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Replies per peer per second by default (the window's field and the CLI's).
DEFAULT_MAX_REPLY_RATE = 100
#: This many one-second windows in a row at the limit make a loop.
LOOP_WINDOWS = 3


class Verdict(enum.Enum):
    """What to do with one reply."""

    SEND = "send"  # within the limit: send it now
    WAIT = "wait"  # over the limit in this window: send it at ``ready_at``
    PAUSE = "pause"  # it makes a loop: auto-reply to this peer pauses from now on
    HELD = "held"  # auto-reply to this peer is paused: do not send it


@dataclass(frozen=True, slots=True)
class LoopRun:
    """The windows in a row at the limit that were taken for a loop."""

    replies: int  # replies sent in them
    seconds: float  # from the first window's start to the pause


class ReplyBudget:
    """One peer's replies against ``limit`` per second (0: no limit).

    Exact counts: ``sent`` replies went, ``held`` were not sent because
    auto-reply to this peer was paused. A WAIT is not counted: the caller
    decides that reply again at ``ready_at``, before any other. ``loop`` says
    why it paused (None while it has not).
    """

    __slots__ = (
        "_capped",
        "_clock",
        "_in_window",
        "_run_replies",
        "_run_start",
        "_run_windows",
        "_window_start",
        "held",
        "limit",
        "loop",
        "sent",
    )

    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = max(0, limit)
        self._clock = clock
        self.sent = 0
        self.held = 0
        self.loop: LoopRun | None = None
        self._window_start = float("-inf")
        self._in_window = 0
        self._capped = False  # a reply had to wait in this window
        self._run_windows = 0  # capped windows in a row, this one included
        self._run_start = 0.0
        self._run_replies = 0

    @property
    def paused(self) -> bool:
        return self.loop is not None

    @property
    def ready_at(self) -> float:
        """When the next window opens (on the budget's clock)."""
        return self._window_start + 1.0

    def decide(self) -> Verdict:
        """The verdict on one more reply to this peer (SEND and HELD are counted)."""
        if self.loop is not None:
            self.held += 1
            return Verdict.HELD
        if not self.limit:
            self.sent += 1
            return Verdict.SEND
        now = self._clock()
        if now >= self._window_start + 1.0:
            self._open_window(now)
        if self._in_window < self.limit:
            self._in_window += 1
            self._run_replies += 1
            self.sent += 1
            return Verdict.SEND
        if not self._capped:
            self._capped = True
            self._run_windows += 1
            if self._run_windows >= LOOP_WINDOWS:
                self.loop = LoopRun(self._run_replies, now - self._run_start)
                self.held += 1
                return Verdict.PAUSE
        return Verdict.WAIT

    def resume(self, limit: int | None = None) -> None:
        """Answer again (and take a new limit): the run that made a loop is forgotten."""
        if limit is not None:
            self.limit = max(0, limit)
        self.loop = None
        self._run_windows = 0
        self._capped = False

    def _open_window(self, now: float) -> None:
        # The run goes on if the window that just ended was capped: its waiting
        # reply, decided again, is what opens this one (however late the
        # machine gets to it).
        if not self._capped:
            self._run_windows = 0
            self._run_start = now
            self._run_replies = 0
        self._window_start = now
        self._in_window = 0
        self._capped = False
