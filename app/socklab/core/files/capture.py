"""Capture files: every event of a session, losslessly, as JSON Lines.

One line per event (:func:`records.to_record` plus ``direction``; data as
hex), after a header line and before a footer line with the session's exact
counters. The writer runs on the session's worker thread and writes in batches
(lines are collected and written every ~1 MB and at least every 0.25 s), so a
flood costs one ``write`` per many thousand datagrams, never one per datagram.
It sees every event the worker emits, independent of the event ring, so a
capture holds what the view had to drop.

:func:`load_capture` reads a file back into events (for the log view); it also
reads version 1 files, whose reasons were text (see :mod:`.records`).
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ..counters import Counters
from ..events import Event, Received, Sent, SockAddr, format_addr
from . import fields as checks
from .batched import BatchedWriter
from .fields import RecordError, shown
from .paths import checked_path
from .records import from_record, iso_time, to_record

#: The header line's key and the format version (2: states and reasons as codes).
MAGIC = "socklab_capture"
VERSION = 2


@functools.lru_cache(maxsize=1024)
def _json_addr(addr: SockAddr | None) -> str:
    return json.dumps(format_addr(addr, name_scope=False) or None)


def _encode(event: Event) -> str:
    """One JSON line: :func:`records.to_record` plus ``direction``.

    Received and Sent (the bulk of a flood) are written by a fast path that
    gives the same JSON as ``json.dumps`` of the record.
    """
    kind = type(event)
    if kind is Received or kind is Sent:
        data_event: Received | Sent = event  # type: ignore[assignment]
        peer, local = data_event.peer, data_event.local
        if (peer is None or len(peer) == 2) and (local is None or len(local) == 2):
            extra = ""
            if kind is Received:
                name = "received"
                if data_event.truncated:  # type: ignore[union-attr]
                    extra = ', "truncated": true'
            else:
                name = "sent"
            if data_event.peer_id is not None:
                extra += f', "peer_id": {int(data_event.peer_id)}'
            wall = event.wall
            return (
                f'{{"event": "{name}", "time": "{iso_time(wall)}", "wall": {wall!r}, '
                f'"mono": {event.mono!r}, "peer": {_json_addr(peer)}, '
                f'"local": {_json_addr(local)}, "size": {data_event.size}, '
                f'"hex": "{data_event.data.hex()}"{extra}, "direction": "{name}"}}'
            )
    record = to_record(event)
    record["direction"] = event.direction.value
    return json.dumps(record, ensure_ascii=False)


class CaptureWriter(BatchedWriter):
    """Writes a session's events to a JSON Lines file; worker thread only.

    It is the worker's ``tap``: :meth:`add` and :meth:`add_lazy` see every event.
    A write that fails (a full disk) ends the recording at once: :attr:`error`
    holds why, ``on_error`` is called with it, later events are not kept (no
    memory grows for a file that cannot take them) and :meth:`close` raises it.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        kind: str,
        counters: Counters,
        on_error: Callable[[OSError], None] | None = None,
    ) -> None:
        name = checked_path(path)
        file = open(  # noqa: SIM115 - closed in close()
            name, "w", encoding="utf-8", newline="\n", buffering=1 << 20
        )
        super().__init__(name, file, on_error)
        wall = time.time()
        header = {
            MAGIC: VERSION,
            "session": kind,
            "started": wall,
            "time": iso_time(wall),
            "counters": asdict(counters.snapshot()),
        }
        file.write(json.dumps(header) + "\n")

    # -- the worker's tap ------------------------------------------------------

    def add(self, event: Event) -> None:
        if self.error is None:
            line = _encode(event)
            self._queue([line], len(line), 1)

    def add_lazy(self, items: list[Any], make: Callable[[Any], Event]) -> None:
        if self.error is None:
            lines = [_encode(make(item)) for item in items]
            self._queue(lines, sum(map(len, lines)), len(lines))

    def _joined(self, parts: list[Any]) -> str:
        parts.append("")  # the last line's newline
        return "\n".join(parts)

    def close(self, counters: Counters | None = None) -> None:
        """Write what waits and a footer with the final counters; close the file.

        Raises the OSError that ended the recording, if one did.
        """

        def footer() -> str:
            end: dict[str, Any] = {"end": time.time(), "events": self.events_written}
            if counters is not None:
                end["counters"] = asdict(counters.snapshot())
            return json.dumps({MAGIC + "_end": end}) + "\n"

        self._finish(footer)


@dataclass
class Capture:
    """A capture file read back: its header, its events, its footer (if it was
    closed properly: then it holds the session's exact counters)."""

    header: dict[str, Any]
    events: list[Event] = field(default_factory=list)
    footer: dict[str, Any] | None = None

    @property
    def counters(self) -> Counters | None:
        """The session's counters when the capture ended, if the file says."""
        if self.footer is None or "counters" not in self.footer:
            return None
        return Counters(**self.footer["counters"])


class CaptureError(ValueError):
    """A file that is not a capture SockLab can show; the message names the
    file and, where one is to blame, the line and the field."""


#: The longest line a capture may hold: one event of 32 MB of data, in hex.
MAX_LINE_BYTES = 64 << 20
#: The largest capture file that is read (its events are held in memory).
MAX_CAPTURE_BYTES = 1 << 30
_VERSIONS = (1, VERSION)
_COUNTER_NAMES = frozenset(f.name for f in fields(Counters))


def read_capture(path: str | os.PathLike[str]) -> Capture:
    """Header, events and footer of a capture file.

    Every field of every line is checked (:mod:`.fields`). Raises
    :class:`CaptureError` (a ValueError) for a file that is not a capture, or
    that holds a line SockLab would not write (naming the line and the field),
    is larger than :data:`MAX_CAPTURE_BYTES` or has a line longer than
    :data:`MAX_LINE_BYTES`; OSError when it cannot be read.
    """
    name = checked_path(path)
    capture: Capture | None = None
    for number, record in _records(name):
        try:
            if capture is None:
                capture = Capture(_header(name, record))
            elif capture.footer is not None:
                raise RecordError(MAGIC + "_end", "must be the last line")
            elif MAGIC + "_end" in record:
                capture.footer = _footer(record)
            else:
                capture.events.append(from_record(record))
        except CaptureError:
            raise
        except ValueError as exc:
            raise CaptureError(f"{name}, line {number}: {exc}") from None
    if capture is None:
        raise CaptureError(f"{name} is not a SockLab capture file (it is empty)")
    return capture


def load_capture(path: str | os.PathLike[str]) -> list[Event]:
    """The events of a capture file, in order (for loading into the log view)."""
    return read_capture(path).events


def _records(name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The file's records with their line numbers; blank lines are passed over."""
    with open(name, "rb") as file:
        if os.fstat(file.fileno()).st_size > MAX_CAPTURE_BYTES:
            raise CaptureError(f"{name} is larger than {MAX_CAPTURE_BYTES >> 20:,} MB")
        total = 0
        for number in itertools.count(1):
            raw = file.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            total += len(raw)
            if len(raw) > MAX_LINE_BYTES:
                raise CaptureError(f"{name}, line {number}: longer than {MAX_LINE_BYTES >> 20} MB")
            if total > MAX_CAPTURE_BYTES:  # a file that grows, a device
                raise CaptureError(f"{name} is larger than {MAX_CAPTURE_BYTES >> 20:,} MB")
            yield from _record(name, number, raw)


def _record(name: str, number: int, raw: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    where = f"{name}, line {number}"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaptureError(f"{where}: not UTF-8 text (byte {exc.start + 1})") from None
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except RecursionError:
        raise CaptureError(f"{where}: nested too deeply") from None
    except ValueError as exc:
        raise CaptureError(f"{where}: not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise CaptureError(f"{where}: not a SockLab record")
    yield number, record


def _header(name: str, record: dict[str, Any]) -> dict[str, Any]:
    if MAGIC not in record:
        raise CaptureError(f"{name} is not a SockLab capture file")
    version = record[MAGIC]
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise CaptureError(
            f"{name} was written by a newer SockLab (capture version {version}); "
            f"this one reads versions {_VERSIONS[0]} to {VERSION}"
        )
    if version not in _VERSIONS or isinstance(version, bool):
        raise RecordError(MAGIC, f"must be 1 or 2, not {shown(version)}")
    checks.text(record, "session", None)
    checks.text(record, "time", None)
    if "started" in record:
        checks.wall(record, "started")
    if "counters" in record:
        _counters(record["counters"], "counters")
    return record


def _footer(record: dict[str, Any]) -> dict[str, Any]:
    key = MAGIC + "_end"
    footer = record[key]
    if not isinstance(footer, dict):
        raise RecordError(key, f"must be an object, not {shown(footer)}")
    if "end" in footer:
        checks.wall(footer, "end")
    checks.integer(footer, "events", 0, 1 << 62, None)
    if "counters" in footer:
        _counters(footer["counters"], "counters")
    return footer


def _counters(value: Any, key: str) -> None:
    """A session's counters: known names, whole numbers from 0."""
    if not isinstance(value, dict) or not set(value) <= _COUNTER_NAMES:
        names = ", ".join(sorted(_COUNTER_NAMES))
        raise RecordError(key, f"must be an object of {names}")
    for name in value:
        checks.integer(value, name, 0, 1 << 62)
