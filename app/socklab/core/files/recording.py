"""A capture's files: JSON Lines, pcapng, or both at once, as one worker tap.

A session records to one :class:`Recording`; it hands every event to each
of its files. When one file fails (a full disk) the recording ends at once:
the other files are closed whole, ``on_error(path, error)`` names the file
that failed, and :meth:`Recording.close` raises its error.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..counters import Counters
from ..events import Event

if TYPE_CHECKING:
    from .capture import CaptureWriter
    from .pcap import PcapWriter

Path = str | os.PathLike[str]


class Recording:
    """The writers of one capture: a :class:`.capture.CaptureWriter` for
    ``jsonl`` and a :class:`.pcap.PcapWriter` for ``pcap`` (at least one).

    Opening raises OSError (its ``filename`` says which file) and leaves no
    file open.
    """

    def __init__(
        self,
        kind: str,
        counters: Counters,
        *,
        jsonl: Path | None = None,
        pcap: Path | None = None,
        on_error: Callable[[str, OSError], None] | None = None,
    ) -> None:
        if jsonl is None and pcap is None:
            raise ValueError("a recording needs a file: jsonl, pcap or both")
        from .capture import CaptureWriter
        from .pcap import PcapWriter

        self.error: OSError | None = None
        self._on_error = on_error
        self.writers: list[CaptureWriter | PcapWriter] = []
        try:
            if jsonl is not None:
                self.writers.append(CaptureWriter(jsonl, kind, counters, self._failed))
            if pcap is not None:
                self.writers.append(PcapWriter(pcap, kind, counters, self._failed))
        except OSError:
            for writer in self.writers:
                writer._drop_file()
            raise
        #: The file that failed, once one has; the first file until then.
        self.path = self.writers[0].path

    @property
    def paths(self) -> list[str]:
        return [writer.path for writer in self.writers]

    @property
    def events_written(self) -> int:
        return self.writers[0].events_written

    # -- the worker's tap ------------------------------------------------------

    def add(self, event: Event) -> None:
        for writer in self.writers:
            writer.add(event)

    def add_lazy(self, items: list[Any], make: Callable[[Any], Event]) -> None:
        if len(self.writers) == 1:
            self.writers[0].add_lazy(items, make)
            return
        events = [make(item) for item in items]  # built once for both files
        for writer in self.writers:
            writer.add_lazy(events, _same)

    # -- lifecycle -------------------------------------------------------------

    def start_flushing(self, loop: asyncio.AbstractEventLoop) -> None:
        for writer in self.writers:
            writer.start_flushing(loop)

    def _failed(self, exc: OSError) -> None:
        """One file failed: the recording ends, the other files are closed whole."""
        if self.error is not None:
            return
        failed = next(w for w in self.writers if w.error is exc)
        self.error, self.path = exc, failed.path
        for writer in self.writers:
            if writer is not failed:
                with contextlib.suppress(OSError):
                    writer.close()
        if self._on_error is not None:
            self._on_error(failed.path, exc)

    def close(self, counters: Counters | None = None) -> None:
        """Close every file (a JSON Lines one with a footer of ``counters``).

        Raises the OSError that ended the recording, or the first one met now
        (:attr:`path` then names its file).
        """
        if self.error is not None:
            raise self.error
        first: OSError | None = None
        for writer in self.writers:
            try:
                writer.close(counters)
            except OSError as exc:
                if first is None:
                    first, self.path = exc, writer.path
        if first is not None:
            self.error = first
            raise first


def _same(event: Event) -> Event:
    return event
