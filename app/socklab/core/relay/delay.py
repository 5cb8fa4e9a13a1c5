"""A delay line: what goes in comes out ``delay`` seconds later, in order."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class DelayLine(Generic[T]):
    """Holds items for ``delay`` seconds, then hands every due one, in the
    order they came, to ``deliver(items)`` (on the worker's loop).

    ``queued_bytes`` and ``len()`` say how much waits (for backpressure);
    :meth:`when_empty` runs a callback once everything that came before it
    went out (a FIN after the data it follows).
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        delay: float,
        deliver: Callable[[list[T]], None],
    ) -> None:
        self._loop = loop
        self.delay = delay
        self._deliver = deliver
        self._items: deque[tuple[float, T, int]] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self._after: list[Callable[[], None]] = []
        self.queued_bytes = 0
        #: Called once the line has gone below its bounds again (set by the owner).
        self.on_drained: Callable[[], None] | None = None

    def __len__(self) -> int:
        return len(self._items)

    def push(self, items: list[T], nbytes: int) -> None:
        """Queue ``items`` (``nbytes`` in all), due ``delay`` seconds from now."""
        due = self._loop.time() + self.delay
        share = nbytes // max(1, len(items))
        for item in items:
            self._items.append((due, item, share))
        self.queued_bytes += share * len(items)
        if self._timer is None:
            self._timer = self._loop.call_at(due, self._run)

    def when_empty(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once what is queued now has been delivered (at once if nothing is)."""
        if not self._items:
            callback()
        else:
            self._after.append(callback)

    def clear(self) -> None:
        """Forget everything queued (the connection is gone)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._items.clear()
        self._after.clear()
        self.queued_bytes = 0

    def _run(self) -> None:
        self._timer = None
        now = self._loop.time()
        items = self._items
        due: list[T] = []
        while items and items[0][0] <= now:
            _, item, share = items.popleft()
            self.queued_bytes -= share
            due.append(item)
        if due:
            self._deliver(due)
        if items:
            self._timer = self._loop.call_at(items[0][0], self._run)
        elif self._after:
            after, self._after = self._after, []
            for callback in after:
                callback()
        if self.on_drained is not None:
            self.on_drained()
