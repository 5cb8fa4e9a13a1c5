"""The TCP Server tab's clients, as a table model (its widget is
:class:`~socklab.gui.widgets.client_table.ClientTable`).

:class:`ClientTableModel` keeps one row per accepted connection, in the order
they joined. An open row holds a reference to the worker's live
:class:`~socklab.core.sessions.stream.PeerStats`, so its byte counts are read at paint
time; :meth:`ClientTableModel.refresh` (from a ~4 Hz timer) repaints them with
one ``dataChanged``. A row whose connection ended stays, greyed, with the final
counts from its ``PeerLeft``, until "Clear closed" removes it.

Built for 10,000+ rows: a batch of joins is one ``beginInsertRows``, a refresh
one ``dataChanged``, and sorting happens in the model, on demand (a header
click), with Python's sort: 10,000 rows in a few milliseconds, where a
``QSortFilterProxyModel`` calling ``data()`` for every comparison took over a
second. Nothing re-sorts on its own; a sorted live byte column is as of the
last click. Selections survive sorting and updates (persistent indexes).
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, TypeAlias

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QGuiApplication, QPalette

from socklab.core import (
    Detail,
    Event,
    PeerJoined,
    PeerLeft,
    PeerStats,
    Reason,
    SockAddr,
    State,
    format_addr,
)
from socklab.gui.describe import arg, format_count, reason_text, state_name
from socklab.gui.models.peer_text import peer_text
from socklab.gui.tls_text import tls_cell, tls_tooltip

__all__ = [
    "COLUMNS",
    "COL_BYTES_IN",
    "COL_BYTES_OUT",
    "COL_CLIENT",
    "COL_PEER",
    "COL_SINCE",
    "COL_STATE",
    "ClientTableModel",
    "StatsLookup",
]

COL_CLIENT, COL_PEER, COL_SINCE, COL_BYTES_IN, COL_BYTES_OUT, COL_STATE = range(6)
COLUMNS = (COL_CLIENT, COL_PEER, COL_SINCE, COL_BYTES_IN, COL_BYTES_OUT, COL_STATE)

#: ``session.peer``: the live stats of a connected peer, None once it is gone.
StatsLookup: TypeAlias = Callable[[int], PeerStats | None]

_Index: TypeAlias = QModelIndex | QPersistentModelIndex

_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_INITIAL_SORT_ORDER = Qt.ItemDataRole.InitialSortOrderRole.value

_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT_ALIGNED = frozenset((COL_CLIENT, COL_BYTES_IN, COL_BYTES_OUT))

# PySide's default overload of layoutAboutToBeChanged / layoutChanged takes no
# arguments; this one carries the hint (a vertical sort lets selection models
# keep one persistent index per row instead of one per cell).
_LAYOUT_SIGNATURE = "QList<QPersistentModelIndex>,QAbstractItemModel::LayoutChangeHint"
_VERTICAL_SORT = QAbstractItemModel.LayoutChangeHint.VerticalSortHint


def _address_key(addr: SockAddr | None) -> tuple:
    """Sort key for an address: IPv4 before IPv6, numerically, then the port."""
    if isinstance(addr, (str, bytes, bytearray)):  # a Unix peer: after IP peers, by name
        return (97, 0, 0, format_addr(addr))
    if not addr:
        return (99, 0, 0, "")
    host, port = str(addr[0]), int(addr[1])
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return (98, 0, port, host)
    return (ip.version, int(ip), port, host)


class _Client:
    """One row: a connection, live (``stats``) until it ends, then final."""

    __slots__ = (
        "bytes_in",
        "bytes_out",
        "credentials",
        "detail",
        "ended",
        "local",
        "peer",
        "peer_id",
        "reason",
        "since",
        "state",
        "stats",
        "tls",
    )

    def __init__(self, ev: PeerJoined, stats: PeerStats | None) -> None:
        self.peer_id = ev.peer_id
        self.peer: SockAddr = ev.peer
        self.local: SockAddr | None = ev.local
        self.since = stats.since if stats is not None else ev.wall
        self.stats = stats
        #: A Unix peer's process (SO_PEERCRED), kept after it leaves.
        self.credentials = stats.credentials if stats is not None else None
        #: What its TLS handshake gave (a TlsInfo), kept after it ends; None: plain TCP.
        self.tls = stats.tls if stats is not None else None
        self.state = State.CONNECTED
        self.reason = Reason.NONE
        self.detail: Detail = None
        self.ended = False
        self.bytes_in = 0
        self.bytes_out = 0

    def end(self, ev: PeerLeft) -> None:
        self.ended = True
        self.state = ev.state
        self.reason, self.detail = ev.reason, ev.detail
        self.bytes_in = ev.bytes_in
        self.bytes_out = ev.bytes_out
        self.stats = None  # the worker's object is not needed any more

    def counts(self) -> tuple[int, int]:
        stats = self.stats
        if stats is not None:
            return stats.bytes_in, stats.bytes_out
        return self.bytes_in, self.bytes_out


class ClientTableModel(QAbstractTableModel):
    """Rows of a TCP server's clients: open ones live, ended ones greyed.

    Columns: Client, Peer address, Connected since, Bytes in, Bytes out,
    State. ``data(index, PeerIdRole)`` returns a row's peer id. Sorting is on
    demand (:meth:`sort`, called by the view on a header click).

    Signals:
        countsChanged(int, int): the number of open rows or of ended rows
            changed; carries (open, ended).
    """

    countsChanged = Signal(int, int)  # noqa: N815

    #: Custom role returning the peer id (int) of a row.
    PeerIdRole: ClassVar[int] = Qt.ItemDataRole.UserRole.value + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Client] = []
        self._row_of: dict[int, int] = {}  # peer id -> row
        self._open = 0
        self._grey = QBrush()
        self.update_palette()

    # ------------------------------------------------------------------ state

    @property
    def open_count(self) -> int:
        """Rows whose connection is still open."""
        return self._open

    @property
    def closed_count(self) -> int:
        """Rows whose connection has ended."""
        return len(self._rows) - self._open

    def open_ids(self) -> list[int]:
        """Peer ids of the open rows, in row order."""
        return [c.peer_id for c in self._rows if not c.ended]

    def ids_for_rows(self, rows: Iterable[int]) -> list[int]:
        """Peer ids of these rows (in the given order; out-of-range rows skipped)."""
        n = len(self._rows)
        return [self._rows[r].peer_id for r in rows if 0 <= r < n]

    def open_ids_for_rows(self, rows: Iterable[int]) -> list[int]:
        """Peer ids of those of these rows whose connection is open."""
        n = len(self._rows)
        return [self._rows[r].peer_id for r in rows if 0 <= r < n and not self._rows[r].ended]

    def row_of(self, peer_id: int) -> int | None:
        """The row showing ``peer_id`` (None if it has none)."""
        return self._row_of.get(peer_id)

    def is_open_row(self, row: int) -> bool:
        """Whether ``row`` exists and its connection is open."""
        return 0 <= row < len(self._rows) and not self._rows[row].ended

    def is_open(self, peer_id: int) -> bool:
        """Whether ``peer_id`` has a row and its connection is open."""
        row = self._row_of.get(peer_id)
        return row is not None and not self._rows[row].ended

    # ---------------------------------------------------------------- changes

    def apply_events(
        self, events: Sequence[Event], stats_lookup: StatsLookup | None = None
    ) -> None:
        """Take a drained batch: joins become rows, leaves end theirs.

        Events other than PeerJoined / PeerLeft are ignored. All of the batch's
        new rows are inserted at the end with one ``beginInsertRows``; the rows
        that ended before this batch get one ``dataChanged`` spanning them.
        ``stats_lookup(peer_id)`` (``session.peer``) gives a joined peer's live
        stats; the row keeps them so its counts stay current.
        """
        new: list[_Client] = []
        new_of: dict[int, _Client] = {}
        ended_rows: list[int] = []
        for ev in events:
            if isinstance(ev, PeerJoined):
                if ev.peer_id in self._row_of or ev.peer_id in new_of:
                    continue
                stats = stats_lookup(ev.peer_id) if stats_lookup is not None else None
                if stats is not None and stats.peer_id != ev.peer_id:
                    stats = None
                client = _Client(ev, stats)
                new.append(client)
                new_of[ev.peer_id] = client
            elif isinstance(ev, PeerLeft):
                pending = new_of.get(ev.peer_id)
                if pending is not None:
                    if not pending.ended:
                        pending.end(ev)
                    continue
                row = self._row_of.get(ev.peer_id)
                if row is None or self._rows[row].ended:
                    continue  # not ours (the table was cleared) or already ended
                self._rows[row].end(ev)
                self._open -= 1
                ended_rows.append(row)
        if ended_rows:
            self.dataChanged.emit(
                self.index(min(ended_rows), 0), self.index(max(ended_rows), len(COLUMNS) - 1)
            )
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            for offset, client in enumerate(new):
                self._row_of[client.peer_id] = first + offset
            self._open += sum(1 for c in new if not c.ended)
            self.endInsertRows()
        if new or ended_rows:
            self.countsChanged.emit(self.open_count, self.closed_count)

    def refresh(self) -> None:
        """Repaint the live byte counts and states (an auto-reply paused): one
        ``dataChanged`` over the byte and state columns.

        Does nothing when no connection is open (ended rows do not change).
        """
        if self._open:
            self.dataChanged.emit(
                self.index(0, COL_BYTES_IN),
                self.index(len(self._rows) - 1, COL_STATE),
                [Qt.ItemDataRole.DisplayRole],
            )

    def remove_closed(self) -> int:
        """Remove the rows whose connection has ended; returns how many.

        Always one ``beginRemoveRows``: when the ended rows are scattered, a
        layout change first moves them, in order, below the open ones (one
        pass, where thousands of one-row removals would each cost the views
        and selections a pass over their ranges). Selections follow the rows
        that stay.
        """
        ended = self.closed_count
        if not ended:
            return 0
        first = len(self._rows) - ended
        if any(c.ended for c in self._rows[:first]):
            self._layout_about_to_change(_VERTICAL_SORT)
            new_row: list[int] = []
            kept, gone = 0, first
            for client in self._rows:
                if client.ended:
                    new_row.append(gone)
                    gone += 1
                else:
                    new_row.append(kept)
                    kept += 1
            self._rows = [c for c in self._rows if not c.ended] + [c for c in self._rows if c.ended]
            self._move_persistent(new_row)
            self._layout_changed(_VERTICAL_SORT)
        self.beginRemoveRows(QModelIndex(), first, len(self._rows) - 1)
        del self._rows[first:]
        self.endRemoveRows()
        self._reindex()
        self.countsChanged.emit(self.open_count, self.closed_count)
        return ended

    def clear(self) -> None:
        """Forget every row (e.g. for a new server session)."""
        if not self._rows:
            return
        self.beginResetModel()
        self._rows.clear()
        self._row_of.clear()
        self._open = 0
        self.endResetModel()
        self.countsChanged.emit(0, 0)

    def retranslate(self) -> None:
        """Repaint headers and the State column after the language changed."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, COL_STATE), self.index(len(self._rows) - 1, COL_STATE)
            )

    def update_palette(self, palette: QPalette | None = None) -> None:
        """Take the greyed-out colour of ended rows from ``palette`` (the palette of
        the view showing the table; the application's when omitted)."""
        if palette is None and isinstance(QGuiApplication.instance(), QGuiApplication):
            palette = QGuiApplication.palette()
        if palette is not None:
            colour = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            self._grey = QBrush(colour)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(COLUMNS) - 1),
                [Qt.ItemDataRole.ForegroundRole],
            )

    # ------------------------------------------------------------- Qt model

    def rowCount(self, parent: _Index | None = None) -> int:  # noqa: N802
        if parent is not None and parent.isValid():
            return 0
        return len(self._rows)

    def columnCount(self, parent: _Index | None = None) -> int:  # noqa: N802
        if parent is not None and parent.isValid():
            return 0
        return len(COLUMNS)

    # flags() is not overridden: QAbstractTableModel's (enabled, selectable,
    # no children) is what we want, and Qt calls it once per cell of a
    # selection (60,000 times for Ctrl+A on 10,000 rows): C++ is much cheaper.

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == _DISPLAY:
            return self.column_titles()[section]
        if role == _ALIGNMENT:
            return _ALIGN_RIGHT if section in _RIGHT_ALIGNED else _ALIGN_LEFT
        if role == _INITIAL_SORT_ORDER and section in (COL_BYTES_IN, COL_BYTES_OUT):
            return Qt.SortOrder.DescendingOrder.value  # the busiest clients first
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        client = self._rows[row]
        col = index.column()
        if role == _DISPLAY:
            return self._cell(client, col)
        if role == _FOREGROUND:
            return self._grey if client.ended else None
        if role == _ALIGNMENT:
            return _ALIGN_RIGHT if col in _RIGHT_ALIGNED else None
        if role == _TOOLTIP:
            return self._tooltip(client, col)
        if role == self.PeerIdRole:
            return client.peer_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows now (on demand; updates do not re-sort).

        A column of -1 restores the order in which the clients joined.
        Persistent indexes (the views' selections) follow their rows.
        """
        key = self._sort_key(column)
        reverse = column >= 0 and order == Qt.SortOrder.DescendingOrder
        self._layout_about_to_change(_VERTICAL_SORT)
        old_rows = {id(c): row for row, c in enumerate(self._rows)}
        self._rows.sort(key=key, reverse=reverse)
        new_row = [0] * len(self._rows)
        for row, client in enumerate(self._rows):
            new_row[old_rows[id(client)]] = row
        self._move_persistent(new_row)
        self._reindex()
        self._layout_changed(_VERTICAL_SORT)

    # ------------------------------------------------------------ text output

    @staticmethod
    def column_titles() -> list[str]:
        """The (translated) column headers."""
        return [
            QCoreApplication.translate("ClientTableModel", "Client"),
            QCoreApplication.translate("ClientTableModel", "Peer address"),
            QCoreApplication.translate("ClientTableModel", "Connected since"),
            QCoreApplication.translate("ClientTableModel", "Bytes in"),
            QCoreApplication.translate("ClientTableModel", "Bytes out"),
            QCoreApplication.translate("ClientTableModel", "State"),
        ]

    # -------------------------------------------------------------- internals

    def _cell(self, client: _Client, col: int) -> str | None:
        if col == COL_CLIENT:
            return tls_cell(client.peer_id, client.tls)
        if col == COL_PEER:
            return peer_text(client.peer, client.credentials)
        if col == COL_SINCE:
            return time.strftime("%H:%M:%S", time.localtime(client.since))
        if col == COL_BYTES_IN:
            return format_count(client.counts()[0])
        if col == COL_BYTES_OUT:
            return format_count(client.counts()[1])
        if col == COL_STATE:
            if client.stats is not None and client.stats.replies_paused:
                return arg(
                    QCoreApplication.translate("ClientTableModel", "%1 — auto-reply paused"),
                    state_name(client.state),
                )
            return state_name(client.state)
        return None

    def _tooltip(self, client: _Client, col: int) -> str | None:
        if col == COL_CLIENT and client.tls is not None:
            return tls_tooltip(client.tls)
        if col == COL_PEER and client.local:
            accepted = QCoreApplication.translate("ClientTableModel", "Accepted on %1").replace(
                "%1", format_addr(client.local)
            )
            if client.credentials is None:
                return accepted
            return f"{peer_text(client.peer, client.credentials)}\n{accepted}"  # a long cell
        if col == COL_SINCE:
            return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(client.since))
        stats = client.stats
        if col == COL_STATE and stats is not None and stats.replies_paused:
            return arg(
                QCoreApplication.translate(
                    "ClientTableModel",
                    "Auto-reply to this client is paused: it looked like a loop between two "
                    "auto-repliers (%1 replies sent, %2 held back). Change the auto-reply "
                    "setting to answer it again.",
                ),
                format_count(stats.replies_sent),
                format_count(stats.replies_held),
            )
        if col == COL_STATE and client.reason is not Reason.NONE:
            return reason_text(client.reason, client.detail)
        return None

    def _sort_key(self, column: int) -> Callable[[_Client], Any]:
        if column == COL_PEER:
            return lambda c: _address_key(c.peer)
        if column == COL_SINCE:
            return lambda c: (c.since, c.peer_id)
        if column == COL_BYTES_IN:
            return lambda c: (c.counts()[0], c.peer_id)
        if column == COL_BYTES_OUT:
            return lambda c: (c.counts()[1], c.peer_id)
        if column == COL_STATE:
            return lambda c: (c.ended, state_name(c.state), c.peer_id)
        return lambda c: c.peer_id

    def _reindex(self) -> None:
        self._row_of = {c.peer_id: row for row, c in enumerate(self._rows)}

    def _move_persistent(self, new_row: list[int]) -> None:
        """Point persistent indexes at their rows' new places (old row -> new row)."""
        old_indexes = self.persistentIndexList()
        if not old_indexes:
            return
        new_indexes = [self.index(new_row[i.row()], i.column()) for i in old_indexes]
        self.changePersistentIndexList(old_indexes, new_indexes)

    def _layout_about_to_change(self, hint: QAbstractItemModel.LayoutChangeHint) -> None:
        self.layoutAboutToBeChanged[_LAYOUT_SIGNATURE].emit([], hint)

    def _layout_changed(self, hint: QAbstractItemModel.LayoutChangeHint) -> None:
        self.layoutChanged[_LAYOUT_SIGNATURE].emit([], hint)
