"""A file that records a session's events while it runs, written in batches.

The base of the capture writers (JSON Lines in :mod:`.capture`, pcapng in
:mod:`.pcap`): what waits is written every ~1 MB and at least every 0.25 s on
the worker's loop, so a flood costs one ``write`` per many thousand events.
A write that fails (a full disk) ends the recording at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import IO, Any

#: What waits is written when this many characters (or bytes) are waiting ...
FLUSH_SIZE = 1 << 20
#: ... and at least this often (seconds) while a recording runs.
FLUSH_EVERY = 0.25


class BatchedWriter:
    """Parts (text lines or binary blocks) queued by :meth:`_queue` and written
    in batches to ``file``; worker thread only.

    A write that fails ends the recording at once: :attr:`error` holds why,
    ``on_error`` is called with it, later parts are not kept (no memory grows
    for a file that cannot take them) and :meth:`_finish` raises it.
    Subclasses say how parts join (:meth:`_joined`).
    """

    def __init__(
        self, path: str, file: IO[Any], on_error: Callable[[OSError], None] | None
    ) -> None:
        self.path = path
        self.events_written = 0
        self.error: OSError | None = None
        self._on_error = on_error
        self._parts: list[Any] = []
        self._size = 0
        self._timer: asyncio.TimerHandle | None = None
        self._file: IO[Any] | None = file

    def _queue(self, parts: list[Any], size: int, events: int) -> None:
        """Queue ``parts`` (``size`` characters or bytes, for ``events`` events)."""
        self._parts.extend(parts)
        self._size += size
        self.events_written += events
        if self._size >= FLUSH_SIZE:
            self.flush()

    def _joined(self, parts: list[Any]) -> Any:
        """What ``parts`` are as one write (binary blocks by default)."""
        return b"".join(parts)

    # -- lifecycle -------------------------------------------------------------

    def start_flushing(self, loop: asyncio.AbstractEventLoop) -> None:
        """Flush on the worker's loop every ``FLUSH_EVERY`` seconds until closed."""

        def tick() -> None:
            if self._file is None:
                return
            self.flush()
            self._timer = loop.call_later(FLUSH_EVERY, tick)

        self._timer = loop.call_later(FLUSH_EVERY, tick)

    def flush(self) -> None:
        """Write what waits in one go; a failure ends the recording."""
        try:
            self._write_waiting()
        except OSError as exc:
            self._broken(exc)

    def _write_waiting(self) -> None:
        if self._file is None or not self._parts:
            return
        self._file.write(self._joined(self._parts))
        self._file.flush()
        self._parts.clear()
        self._size = 0

    def _broken(self, exc: OSError) -> None:
        """The file cannot take more: stop, let go of what waits, say why."""
        self.error = exc
        self._parts.clear()
        self._size = 0
        self._stop_timer()
        self._drop_file()
        if self._on_error is not None:
            self._on_error(exc)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _finish(self, tail: Callable[[], Any] | None = None) -> None:
        """Write what waits and ``tail()`` (a footer), then close the file.

        Raises the OSError that ended the recording, if one did.
        """
        self._stop_timer()
        if self.error is not None:
            raise self.error
        if self._file is None:
            return
        try:
            self._write_waiting()
            if tail is not None:
                self._file.write(tail())
            file, self._file = self._file, None
            file.close()
        except OSError as exc:
            self.error = exc
            self._drop_file()
            raise

    def _drop_file(self) -> None:
        """Close a file that failed; what its buffer holds cannot go either."""
        file, self._file = self._file, None
        if file is not None:
            with contextlib.suppress(OSError):
                file.close()
