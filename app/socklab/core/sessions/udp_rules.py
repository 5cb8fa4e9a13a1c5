"""Reply rules on a UDP session: answer each datagram to its source.

The receive path hands every batch to :meth:`UdpRuleReplies._answer_rules`
(on the worker, after counting it). A datagram that a rule answers costs one
reply of the session's one :class:`~.reply_limit.ReplyBudget` (all sources
together: the global cap). Over the cap in a window, the reply is not sent
(UDP does not wait: nothing queues up) and is counted as held; a cap reached
window after window is taken for a loop between two auto-repliers and
answering pauses until the rules are set again. Replies are sent with a
non-blocking ``sendto`` and counted in the tx counters, as Sent events.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import time
from collections.abc import Callable, Iterable
from typing import Any

from ..events import Failed, SockAddr, format_addr
from ..rules import RuleSet
from .base import Session
from .reply_limit import DEFAULT_MAX_REPLY_RATE, ReplyBudget, Verdict


class UdpRuleReplies(Session):
    """The auto-reply half of :class:`~.udp.UdpSession` (no events of its own
    besides Sent for the replies and Failed when answering pauses)."""

    _sock: Any

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rules: RuleSet | None = None
        self._rule_encoding = "utf-8"
        #: The clock of the reply budget (a test may set another before set_rules).
        self.reply_clock = time.monotonic
        #: How a delayed reply is scheduled, ``(delay, callback, *args)`` on the
        #: worker's loop; None: ``loop.call_later`` (a test may hold them).
        self.reply_timer: Callable[..., object] | None = None
        self._rule_budget = ReplyBudget(DEFAULT_MAX_REPLY_RATE, self.reply_clock)

    # -- public, thread-safe ---------------------------------------------------

    def set_rules(
        self,
        rules: RuleSet | None,
        max_reply_rate: int = DEFAULT_MAX_REPLY_RATE,
        encoding: str = "utf-8",
    ) -> concurrent.futures.Future[None]:
        """Answer datagrams by ``rules`` from now on (None: no more), at most
        ``max_reply_rate`` replies per second (0: no cap); a new budget."""

        def apply() -> None:
            self._rules = rules
            self._rule_encoding = encoding
            self._rule_budget = ReplyBudget(max_reply_rate, self.reply_clock)

        return self._call_soon(apply)

    @property
    def rules(self) -> RuleSet | None:
        return self._rules

    @property
    def replies_sent(self) -> int:
        """Rule replies the budget let go."""
        return self._rule_budget.sent

    @property
    def replies_held(self) -> int:
        """Rule replies not sent: over the cap, or answering paused (a loop)."""
        return self._rule_budget.held

    @property
    def replies_paused(self) -> bool:
        return self._rule_budget.paused

    # -- worker side -----------------------------------------------------------

    def _answer_rules(self, datagrams: Iterable[tuple[bytes, SockAddr]]) -> None:
        """Answer a received batch, datagram by datagram, within the budget."""
        rules = self._rules
        if rules is None:
            return
        budget = self._rule_budget
        encoding = self._rule_encoding
        loop = asyncio.get_running_loop()
        for data, source in datagrams:
            if not source:  # an unnamed Unix sender cannot be answered
                continue
            replies = rules.find_all(bytes(data), encoding)
            if not replies:
                continue
            verdict = budget.decide()
            if verdict is Verdict.WAIT:
                budget.held += 1  # UDP does not wait: this reply is not sent
                continue
            if verdict is Verdict.PAUSE:
                self._say_rules_paused(source, budget)
                continue
            if verdict is not Verdict.SEND:
                continue
            later = self.reply_timer or loop.call_later
            rules.dispatch(replies, functools.partial(self._send_reply, address=source), later)

    def _send_reply(self, data: bytes, address: SockAddr) -> None:
        sock = self._sock
        if sock is None:
            return
        try:
            sock.sendto(data, address)
        except BlockingIOError:
            self._rule_budget.held += 1  # the kernel's queue is full: dropped, counted
            return
        except OSError as exc:
            self._fail(f"reply to {format_addr(address)}", exc)
            return
        self._count_sent([data], address, len(data))  # type: ignore[attr-defined]

    def _say_rules_paused(self, source: SockAddr, budget: ReplyBudget) -> None:
        loop = budget.loop
        assert loop is not None
        self._emit(
            Failed(
                operation=f"auto-reply to {format_addr(source)}",
                message=f"reply rules paused: {loop.replies:,} replies in {loop.seconds:.1f} s, "
                f"at the limit of {budget.limit:,} a second every second — looks like a loop "
                "between two auto-repliers; datagrams are still received; set the rules "
                "again to answer",
            )
        )
