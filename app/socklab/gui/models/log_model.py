"""A bounded table model over raw session events.

The model keeps the event objects themselves (raw bytes and timestamps) in a
ring with a head offset and turns them into text only in :meth:`LogModel.data`,
for the cells a view actually asks for. Appending a batch costs one
``beginInsertRows`` (and at most one ``beginRemoveRows`` for the rows the bound
evicts), whatever the batch size.
"""

from __future__ import annotations

import html
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeAlias

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from socklab.core import (
    Direction,
    Event,
    Failed,
    MembershipChanged,
    PeerJoined,
    PeerLeft,
    Received,
    Sent,
    SocketCall,
    StateChanged,
    addr_repr,
    checksums,
    codec_name,
    data_repr,
    data_size,
    hexdump,
    to_hex,
    to_text,
)
from socklab.gui.describe import address_text, arg, one_line, reason_text, state_name, state_text
from socklab.gui.fonts import monospace, unshaped
from socklab.gui.membership_words import membership_text
from socklab.gui.tones import Tone, colour

__all__ = [
    "CELL_LIMIT",
    "COLUMNS",
    "DEFAULT_MAX_ROWS",
    "DISPLAY_LIMIT",
    "DISPLAY_MODES",
    "MAX_ROWS_LIMIT",
    "UNSHOWABLE",
    "LogModel",
]

#: Rows the model keeps unless told otherwise.
DEFAULT_MAX_ROWS = 10_000
#: Bytes of data the rows may hold (received and sent payloads): with 64 KB
#: datagrams, 10,000 rows would otherwise hold 640 MB. Older rows go first.
#: 16 MB is 10,000 rows of up to 1.6 KB, or the last 256 chunks of a bulk TCP
#: transfer. Measured: holding 64 MB instead slowed a 1 GiB transfer between two
#: tabs by a fifth (the window's memory, not its CPU; capture and receive-to-file
#: keep every byte).
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
#: The highest bound :meth:`LogModel.set_max_rows` accepts.
MAX_ROWS_LIMIT = 1_000_000
#: At most this many bytes of one event's data are formatted into a painted
#: cell. A row shows a few hundred characters at most, and painting cost grows
#: with the string: 45 rows of 1 MB chunks repaint in ~20-40 ms at 512 bytes,
#: in 130-260 ms at 4,096.
DISPLAY_LIMIT = 512
#: At most this many bytes of one event's data go into copied, saved and
#: filtered text (:meth:`LogModel.row_text`, the filter role).
CELL_LIMIT = 4096
#: Bytes shown in a Data cell's tooltip (text, then a hex dump of fewer).
TOOLTIP_TEXT_LIMIT = 256
TOOLTIP_HEX_LIMIT = 128

#: What a cell shows for a value it cannot format (never an exception).
UNSHOWABLE = "\ufffd"

#: Display modes for the Data column: text, hex, or "text | hex".
DISPLAY_MODES = ("text", "hex", "both")

COL_TIME, COL_DIRECTION, COL_PEER, COL_SIZE, COL_DATA = range(5)
COLUMNS = (COL_TIME, COL_DIRECTION, COL_PEER, COL_SIZE, COL_DATA)

_Index: TypeAlias = QModelIndex | QPersistentModelIndex

_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_FONT = Qt.ItemDataRole.FontRole.value

#: Roles multiData never answers from the painted cells: a row's event (the
#: cache holds none), its filter text and tooltip (asked for once, not painted).
_UNCACHED_ROLES = frozenset(
    {Qt.ItemDataRole.UserRole.value + 1, Qt.ItemDataRole.UserRole.value + 2, _TOOLTIP}
)
#: Painted cells remembered at most (a screenful is a few hundred).
_PAINTED_CELLS = 4096
_UNKNOWN = object()

_ALIGN_SIZE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGN_OTHER = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


# A row's text colour, by direction: made from the palette the log is shown in.
_TONES: dict[Direction, Tone] = {
    Direction.RECEIVED: Tone.RECEIVED,
    Direction.SENT: Tone.SENT,
    Direction.ERROR: Tone.ERROR,
    Direction.CALL: Tone.CALL,
}


class LogModel(QAbstractTableModel):
    """Bounded table of session events, formatted lazily.

    Columns: Time, Direction, Peer, Size, Data. ``data(index, EventRole)``
    returns the raw event of a row. With a checksum chosen
    (:meth:`set_checksum`), a received row's Direction says whether its data
    ends with a good checksum (checked when the cell is first shown).

    Signals:
        droppedChanged(int): the number of events let go since the last
            :meth:`clear` (evicted by the bound plus those the producer
            dropped upstream) changed; carries the new total.
    """

    droppedChanged = Signal("qlonglong")  # noqa: N815

    #: Custom role returning the raw event object of a row.
    EventRole: ClassVar[int] = Qt.ItemDataRole.UserRole.value + 1
    #: Custom role (Data column) returning "peer\ndata" as shown, for filtering.
    FilterRole: ClassVar[int] = Qt.ItemDataRole.UserRole.value + 2

    def __init__(self, parent: QObject | None = None, max_rows: int = DEFAULT_MAX_ROWS) -> None:
        super().__init__(parent)
        # Live rows are self._rows[self._head:]; evicted slots before the head
        # are set to None at once (freeing the events) and compacted away when
        # they outnumber the live rows, so eviction is amortised O(1) per row.
        self._rows: list[Event | None] = []
        self._head = 0
        self._bytes = 0  # data bytes held by the rows
        self._max_bytes = DEFAULT_MAX_BYTES
        self._max_rows = self._check_max(max_rows)
        self._dropped = 0
        self._mode = "text"
        self._encoding = "utf-8"
        self._trace: tuple[str, bool] | None = None  # (recv call, datagram socket)
        # id(event) -> (event, formatted Data text); identity-checked.
        self._cache: dict[int, tuple[Event, str]] = {}
        self._checksum = ""  # the name of the checksum received rows are checked with
        # id(event) -> (event, verdict); identity-checked.
        self._verdicts: dict[int, tuple[Event, bool | None]] = {}
        self._fixed_font = unshaped(monospace())
        self._visible_chars = sys.maxsize  # see set_visible_chars
        # What a painted cell showed, by (row's sequence number, column): a view
        # repaints the same rows five times a second in a flood, and each cell
        # asks for seven roles. Holds no event (a row let go frees its data);
        # forgotten whenever what cells show changes (_forget_painted).
        self._painted: dict[tuple[int, int], dict[int, Any]] = {}
        self._first_seq = 0  # the sequence number of the oldest row kept
        self._colours: dict[Direction, QColor] = {}
        #: Names the side a row's peer is on ("client", "target"), for a relay's
        #: log; None (or an empty name): the address alone.
        self.peer_role: Callable[[Event], str] | None = None
        self.update_palette()

    # ------------------------------------------------------------------ state

    @property
    def max_rows(self) -> int:
        """The most rows the model keeps; older ones are dropped."""
        return self._max_rows

    @property
    def dropped(self) -> int:
        """Events let go since the last :meth:`clear` (bound + upstream)."""
        return self._dropped

    @property
    def display_mode(self) -> str:
        """``"text"``, ``"hex"`` or ``"both"``."""
        return self._mode

    @property
    def display_encoding(self) -> str:
        """The codec the Data column decodes text with."""
        return self._encoding

    def events(self) -> list[Event]:
        """The stored events, oldest first."""
        return self._rows[self._head :]  # type: ignore[return-value]

    def event_at(self, row: int) -> Event:
        """The raw event of ``row`` (0 = oldest kept)."""
        if not 0 <= row < len(self._rows) - self._head:
            raise IndexError(row)
        return self._rows[self._head + row]  # type: ignore[return-value]

    # ---------------------------------------------------------------- changes

    def append_events(self, events: Sequence[Event], dropped_before: int = 0) -> None:
        """Append a batch; evict the oldest rows beyond the bound.

        ``dropped_before`` counts events the producer already discarded
        upstream; it is added to :attr:`dropped`.
        """
        if dropped_before < 0:
            raise ValueError("dropped_before must not be negative")
        count = len(events)
        lost = dropped_before
        if count > self._max_rows:
            # The head of the batch would be evicted at once: never insert it.
            lost += count - self._max_rows
            events = list(events)[count - self._max_rows :]
            count = self._max_rows
        if count:
            sizes = [data_size(e) for e in events]
            live = len(self._rows) - self._head
            evict = max(0, live + count - self._max_rows)
            # The byte bound: a flood of 64 KB datagrams must not hold gigabytes.
            stored = self._bytes - sum(map(data_size, self._rows[self._head : self._head + evict]))
            stored += sum(sizes)
            while stored > self._max_bytes and evict < live:
                stored -= data_size(self._rows[self._head + evict])
                evict += 1
            skip = 0
            while stored > self._max_bytes and skip < count - 1:
                stored -= sizes[skip]
                skip += 1
            if skip:
                events = list(events)[skip:]
                count -= skip
                lost += skip
            self._bytes = stored
            if evict:
                self._evict(evict)
                lost += evict
                live -= evict
            self.beginInsertRows(QModelIndex(), live, live + count - 1)
            self._rows.extend(events)
            self.endInsertRows()
        if lost:
            self._dropped += lost
            self.droppedChanged.emit(self._dropped)

    def set_max_rows(self, n: int) -> None:
        """Keep at most ``n`` rows (1 ... 1,000,000); evicts at once if needed."""
        self._max_rows = self._check_max(n)
        excess = len(self._rows) - self._head - n
        if excess > 0:
            self._bytes -= sum(map(data_size, self._rows[self._head : self._head + excess]))
            self._evict(excess)
            self._dropped += excess
            self.droppedChanged.emit(self._dropped)

    @property
    def max_bytes(self) -> int:
        return self._max_bytes

    def set_max_bytes(self, n: int) -> None:
        """Keep at most ``n`` bytes of data in the rows (applies from the next batch)."""
        if n < 1:
            raise ValueError("max_bytes must be positive")
        self._max_bytes = n

    @property
    def stored_bytes(self) -> int:
        """Bytes of data the rows hold now."""
        return self._bytes

    def clear(self) -> None:
        """Drop every row and reset :attr:`dropped` to 0."""
        self.beginResetModel()
        self._rows = []
        self._head = 0
        self._bytes = 0
        self._cache.clear()
        self._verdicts.clear()
        self._forget_painted()
        self.endResetModel()
        if self._dropped:
            self._dropped = 0
            self.droppedChanged.emit(0)

    def set_display(self, mode: str, encoding: str) -> None:
        """Show the Data column as ``mode`` (text/hex/both) decoded with ``encoding``.

        Raises ValueError for an unknown mode or text encoding.
        """
        if mode not in DISPLAY_MODES:
            raise ValueError(f"unknown display mode {mode!r}")
        codec_name(encoding)  # PayloadError (a ValueError) for an unknown text codec
        if (mode, encoding) == (self._mode, self._encoding):
            return
        self._mode = mode
        self._encoding = encoding
        self._cache.clear()
        self._forget_painted()
        self._data_changed()

    @property
    def checksum(self) -> str:
        """The checksum received rows are checked with ("" for none)."""
        return self._checksum

    def set_checksum(self, name: str | None) -> None:
        """Check received rows for the checksum ``name`` (a key of
        ``socklab.core.checksums.CHECKSUMS``; None or "": no check)."""
        name = name or ""
        if name and name not in checksums.CHECKSUMS:
            raise ValueError(f"unknown checksum {name!r}")
        if name == self._checksum:
            return
        self._checksum = name
        self._verdicts.clear()
        self._forget_painted()
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, COL_DIRECTION), self.index(rows - 1, COL_DIRECTION))

    def checksum_ok(self, ev: Event) -> bool | None:
        """Whether received ``ev`` ends with a good checksum; None when there is
        nothing to check (no checksum chosen, not received data, too short, truncated)."""
        if not self._checksum or not isinstance(ev, Received) or ev.truncated:
            return None
        hit = self._verdicts.get(id(ev))
        if hit is not None and hit[0] is ev:
            return hit[1]
        verdict = checksums.verify(ev.data, self._checksum)
        if len(self._verdicts) >= 2048:
            self._verdicts.clear()
        self._verdicts[id(ev)] = (ev, verdict)
        return verdict

    def set_trace(self, recv_call: str | None, *, datagram: bool = False) -> None:
        """Show sent and received data as the socket calls that moved them.

        ``recv_call`` is how a receive is written (``"recvfrom(1024)"``,
        ``"recv(65536)"``); None shows data again.
        """
        trace = None if recv_call is None else (recv_call, datagram)
        if trace != self._trace:
            self._trace = trace
            self._cache.clear()
            self._forget_painted()
            self._data_changed()

    def _call_text(self, ev: Received | Sent) -> str:
        assert self._trace is not None
        recv_call, datagram = self._trace
        prefix = "conn." if ev.peer_id is not None else ""
        if isinstance(ev, Received):
            if datagram:
                return f"{recv_call} → ({data_repr(ev.data)}, {addr_repr(ev.peer)})"
            return f"{prefix}{recv_call} → {data_repr(ev.data)}"
        if datagram:
            return f"sendto({data_repr(ev.data)}, {addr_repr(ev.peer)}) → {len(ev.data)}"
        return f"{prefix}send({data_repr(ev.data)}) → {len(ev.data)}"

    def retranslate(self) -> None:
        """Repaint headers and cells after the application language changed."""
        self._forget_painted()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, len(COLUMNS) - 1))

    def update_palette(self, palette: QPalette | None = None) -> None:
        """Pick foreground colours that read on ``palette``'s Base (the palette of
        the view showing the log; the application's when omitted)."""
        if palette is None:
            if not isinstance(QGuiApplication.instance(), QGuiApplication):
                return  # nothing is painted without one
            palette = QGuiApplication.palette()
        base = QPalette.ColorRole.Base
        self._colours = {d: colour(tone, palette, base) for d, tone in _TONES.items()}
        self._forget_painted()
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(rows - 1, len(COLUMNS) - 1),
                [Qt.ItemDataRole.ForegroundRole],
            )

    # ------------------------------------------------------------- Qt model

    def rowCount(self, parent: _Index | None = None) -> int:  # noqa: N802
        if parent is not None and parent.isValid():
            return 0
        return len(self._rows) - self._head

    def columnCount(self, parent: _Index | None = None) -> int:  # noqa: N802
        if parent is not None and parent.isValid():
            return 0
        return len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == _DISPLAY:
            return self.column_titles()[section] if 0 <= section < len(COLUMNS) else None
        if role == _ALIGNMENT:
            return _ALIGN_SIZE if section == COL_SIZE else _ALIGN_OTHER
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        ev = self._event_of(index)
        return None if ev is None else self._safe_value(ev, index.column(), role)

    def multiData(self, index: _Index, roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N802, N803
        """Every role a delegate asks for in one call: painting a cell costs one
        call into Python instead of seven (each of which waits for the GIL
        while a worker thread receives a flood). The delegate reuses its span
        from cell to cell, so every role is set or cleared. A cell painted
        before answers from what it showed then (:attr:`_painted`): the GUI
        thread holds the GIL for a dictionary look-up per role, not for
        formatting the cell again."""
        row = index.row()
        if not 0 <= row < len(self._rows) - self._head:
            for role_data in roleDataSpan:
                role_data.clearData()
            return
        col = index.column()
        key = (self._first_seq + row, col)
        shown = self._painted.get(key)
        if shown is None:
            if len(self._painted) >= _PAINTED_CELLS:
                self._painted.clear()
            shown = self._painted[key] = {}
        for role_data in roleDataSpan:
            role = role_data.role()
            value = shown.get(role, _UNKNOWN)
            if value is _UNKNOWN:
                value = self._safe_value(self._rows[self._head + row], col, role)  # type: ignore[arg-type]
                if role not in _UNCACHED_ROLES:
                    shown[role] = value
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _forget_painted(self) -> None:
        """What cells show changed: format them again when next painted."""
        self._painted.clear()

    def _event_of(self, index: _Index) -> Event | None:
        row = index.row()
        if row < 0 or row >= len(self._rows) - self._head:
            return None
        return self._rows[self._head + row]

    def _safe_value(self, ev: Event, col: int, role: int) -> Any:
        """:meth:`_role_value`, which never raises: an exception out of data()
        while Qt paints ends the program. A value it cannot format (an event
        built with a field of the wrong kind) shows as :data:`UNSHOWABLE`."""
        try:
            return self._role_value(ev, col, role)
        except Exception:
            return UNSHOWABLE if role in (_DISPLAY, self.FilterRole) else None

    def _role_value(self, ev: Event, col: int, role: int) -> Any:
        if role == _DISPLAY:
            text = self._cell(ev, col)
            if col == COL_DATA and len(text) > self._visible_chars:
                return text[: self._visible_chars]  # still too long: the view elides it
            return text
        if role == _FOREGROUND:
            if col == COL_DIRECTION and self.checksum_ok(ev) is False:
                return self._colours.get(Direction.ERROR)
            return self._colours.get(ev.direction)
        if role == _ALIGNMENT:
            return _ALIGN_SIZE if col == COL_SIZE else None
        if role == _FONT:
            return self._fixed_font if col == COL_DATA else None
        if role == _TOOLTIP:
            return self._tooltip(ev, col)
        if role == self.EventRole:
            return ev
        if role == self.FilterRole:
            return f"{self._peer(ev)}\n{self._data_text(ev, CELL_LIMIT)}"
        return None

    @property
    def fixed_font(self) -> QFont:
        """The Data column's font (a family only: the size is the view's)."""
        return QFont(self._fixed_font)

    def set_visible_chars(self, count: int) -> None:
        """Cut Data cells to ``count`` characters before they are painted.

        The view lays out a cell's whole text only to elide it at the column's
        edge: 500 characters of a 1400-byte datagram cost five times the paint
        of the 100 that show. The view passes a little more than fit, so a cut
        text is still elided and looks the same. Copying and saving are never cut.
        """
        count = max(1, count)
        if count != self._visible_chars:
            self._visible_chars = count
            self._forget_painted()

    # ------------------------------------------------------------ text output

    @staticmethod
    def column_titles() -> list[str]:
        """The (translated) column headers."""
        return [
            QCoreApplication.translate("LogModel", "Time"),
            QCoreApplication.translate("LogModel", "Direction"),
            QCoreApplication.translate("LogModel", "Peer"),
            QCoreApplication.translate("LogModel", "Size"),
            QCoreApplication.translate("LogModel", "Data"),
        ]

    def row_text(self, row: int) -> list[str]:
        """Every column of ``row`` as shown, for copying and saving.

        The Data column is formatted as on screen, but with up to
        :data:`CELL_LIMIT` bytes instead of :data:`DISPLAY_LIMIT`.
        """
        ev = self.event_at(row)
        return [self._safe_cell(ev, col) for col in COLUMNS]

    def _safe_cell(self, ev: Event, col: int) -> str:
        try:
            return str(self._cell(ev, col, CELL_LIMIT))
        except Exception:
            return UNSHOWABLE

    # ---------------------------------------------------------------- private

    @staticmethod
    def _check_max(n: int) -> int:
        if not 1 <= n <= MAX_ROWS_LIMIT:
            raise ValueError(f"max rows must be between 1 and {MAX_ROWS_LIMIT:,}, not {n}")
        return n

    def _evict(self, count: int) -> None:
        """Remove the ``count`` oldest rows with one beginRemoveRows."""
        self.beginRemoveRows(QModelIndex(), 0, count - 1)
        start = self._head
        self._head += count
        self._first_seq += count
        self._rows[start : self._head] = [None] * count
        live = len(self._rows) - self._head
        if self._head > live:
            del self._rows[: self._head]
            self._head = 0
        self.endRemoveRows()

    def _data_changed(self) -> None:
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, COL_DATA), self.index(rows - 1, COL_DATA))

    def _cell(self, ev: Event, col: int, limit: int = DISPLAY_LIMIT) -> str:
        if col == COL_DATA:
            return self._data_text(ev, limit)
        if col == COL_TIME:
            wall = ev.wall
            clock = time.strftime("%H:%M:%S", time.localtime(wall))
            return f"{clock}.{int(wall * 1000) % 1000:03d}"
        if col == COL_DIRECTION:
            return self._direction_mark(ev)
        if col == COL_PEER:
            return self._peer(ev)
        if col == COL_SIZE:
            return self._size(ev)
        return ""

    def _direction_mark(self, ev: Event) -> str:
        """The Direction cell, with the checksum's verdict on received data."""
        text = self._direction(ev.direction)
        verdict = self.checksum_ok(ev)
        if verdict is True:
            return arg(QCoreApplication.translate("LogModel", "%1 ✓ checksum good"), text)
        if verdict is False:
            return arg(QCoreApplication.translate("LogModel", "%1 ✗ checksum BAD"), text)
        return text

    @staticmethod
    def _direction(direction: Direction) -> str:
        if direction is Direction.RECEIVED:
            return QCoreApplication.translate("LogModel", "received ←")
        if direction is Direction.SENT:
            return QCoreApplication.translate("LogModel", "sent →")
        if direction is Direction.ERROR:
            return QCoreApplication.translate("LogModel", "error")
        if direction is Direction.CALL:
            return QCoreApplication.translate("LogModel", "socket call")
        return QCoreApplication.translate("LogModel", "state")

    def _peer(self, ev: Event) -> str:
        addr = address_text(getattr(ev, "peer", None))
        role = self.peer_role(ev) if self.peer_role is not None else ""
        if role:  # a relay's data: "client 127.0.0.1:40000", "target 127.0.0.1:7000"
            addr = f"{role} {addr}" if addr else role
        peer_id = getattr(ev, "peer_id", None)
        if peer_id is None:
            return addr
        return f"{addr} #{peer_id}" if addr else f"#{peer_id}"

    @staticmethod
    def _size(ev: Event) -> str:
        if isinstance(ev, Received):
            if ev.truncated:
                return arg(
                    QCoreApplication.translate("LogModel", "%1 of %2 (truncated)"),
                    str(len(ev.data)),
                    str(ev.size),
                )
            return str(ev.size)
        if isinstance(ev, Sent):
            return str(len(ev.data))
        return ""

    def _data_text(self, ev: Event, limit: int = DISPLAY_LIMIT) -> str:
        if self._trace is not None and isinstance(ev, (Received, Sent)):
            return self._call_text(ev)
        if isinstance(ev, (Received, Sent)):
            if limit != DISPLAY_LIMIT:
                return self._format_bytes(ev.data, limit)
            hit = self._cache.get(id(ev))
            if hit is not None and hit[0] is ev:
                return hit[1]
            text = self._format_bytes(ev.data, limit)
            if len(self._cache) >= 2048:
                self._cache.clear()
            self._cache[id(ev)] = (ev, text)
            return text
        if isinstance(ev, StateChanged):
            return state_text(ev)
        if isinstance(ev, Failed):
            return one_line(ev.message)
        if isinstance(ev, SocketCall):
            return f"{ev.call} → {ev.result}" if ev.result else ev.call
        if isinstance(ev, MembershipChanged):
            return membership_text(ev)
        if isinstance(ev, PeerJoined):
            return QCoreApplication.translate("LogModel", "client connected")
        if isinstance(ev, PeerLeft):
            text = arg(
                QCoreApplication.translate("LogModel", "client left (%1)"), state_name(ev.state)
            )
            why = reason_text(ev.reason, ev.detail)
            return f"{text} — {one_line(why)}" if why else text
        return ""

    def _format_bytes(self, data: bytes, limit: int) -> str:
        if self._mode == "text":
            return to_text(data, self._encoding, limit=limit)
        if self._mode == "hex":
            return to_hex(data, limit=limit)
        return f"{to_text(data, self._encoding, limit=limit)} | {to_hex(data, limit=limit)}"

    def _tooltip(self, ev: Event, col: int) -> str | None:
        """Rich-text tooltips with every piece of text HTML-escaped."""
        if col != COL_DATA:
            return None
        if isinstance(ev, (Received, Sent)):
            data = ev.data
            if not data:
                return None
            text = html.escape(to_text(data, self._encoding, limit=TOOLTIP_TEXT_LIMIT))
            dump = html.escape(hexdump(data, limit=TOOLTIP_HEX_LIMIT))
            return f"<qt><p style='white-space:pre-wrap'>{text}</p><pre>{dump}</pre></qt>"
        if isinstance(ev, Failed):
            parts = [ev.operation, ev.errno_name, ev.message]
            body = "<br>".join(html.escape(p) for p in parts if p)
            return f"<qt>{body}</qt>" if body else None
        text = self._data_text(ev)
        return f"<qt>{html.escape(text)}</qt>" if text else None
