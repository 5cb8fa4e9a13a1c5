"""The Sockets panel's table: what the kernel holds for a tab's ports, one row a socket."""

from __future__ import annotations

import socket
from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt

from socklab.core import KernelSocket, format_addr, unix_display
from socklab.gui.i18n import current_language
from socklab.teaching.explain.socket_states import state_help

translate = QCoreApplication.translate

COL_FAMILY, COL_TYPE, COL_LOCAL, COL_REMOTE, COL_STATE, COL_RECV_Q, COL_SEND_Q, COL_TIMER = range(8)
#: The most rows shown (a server with 10,000 clients has 10,001 sockets); the
#: rest are counted in :attr:`KernelSocketsModel.hidden`.
MAX_ROWS = 1000
#: Listening sockets first, then the connections, TIME_WAIT last.
_ORDER = {"LISTEN": 0, "UNCONN": 0, "TIME_WAIT": 2}
_NUMBERS = (COL_RECV_Q, COL_SEND_Q, COL_TIMER)


class KernelSocketsModel(QAbstractTableModel):
    """Rows of :class:`~socklab.core.KernelSocket`, at most :data:`MAX_ROWS`.

    A state's hover help says what it means (in the UI language). Signals:
    those of QAbstractTableModel.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[KernelSocket] = []
        #: Sockets found but not shown (over :data:`MAX_ROWS`).
        self.hidden = 0

    def set_sockets(self, sockets: Iterable[KernelSocket]) -> None:
        """Show these sockets (sorted: listening first, TIME_WAIT last)."""
        ordered = sorted(
            sockets, key=lambda s: (_ORDER.get(s.state, 1), s.local[1], s.remote[1], s.protocol)
        )
        self.beginResetModel()
        self._rows = ordered[:MAX_ROWS]
        self.hidden = len(ordered) - len(self._rows)
        self.endResetModel()

    def sockets(self) -> list[KernelSocket]:
        """The sockets shown, in their order (a copy)."""
        return list(self._rows)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 8

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_STATE:
            return state_help(row.state, current_language()) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 8:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column_titles()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return column_tips()[section]
        return None

    def retranslate(self) -> None:
        """The language changed: headers and hover help are read anew."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 7)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 7))


def cell_text(row: KernelSocket, column: int) -> str:
    """What a cell shows."""
    unix = row.family == getattr(socket, "AF_UNIX", None)
    if column == COL_FAMILY:
        return "Unix" if unix else "IPv6" if row.family == socket.AF_INET6 else "IPv4"
    if column == COL_TYPE:
        return row.protocol.upper()
    if column == COL_LOCAL:
        if unix:  # /proc/net/unix's own spelling, @ for abstract; hostile text escaped
            return unix_display(row.local[0]) if row.local[0] else "unnamed"
        return format_addr(row.local)
    if column == COL_REMOTE:
        return format_addr(row.remote) if row.remote[1] else "—"
    if column == COL_STATE:
        return row.state
    if unix and column in (COL_RECV_Q, COL_SEND_Q):
        return "—"  # /proc/net/unix has no queue sizes
    if column == COL_RECV_Q:
        return f"{row.recv_queue:,}"
    if column == COL_SEND_Q:
        return f"{row.send_queue:,}"
    if row.timer_left is None:
        return ""
    return translate("KernelSocketsModel", "%1 s").replace("%1", f"{row.timer_left:.0f}")


def column_titles() -> list[str]:
    return [
        translate("KernelSocketsModel", "Family"),
        translate("KernelSocketsModel", "Type"),
        translate("KernelSocketsModel", "Local address"),
        translate("KernelSocketsModel", "Remote address"),
        translate("KernelSocketsModel", "State"),
        translate("KernelSocketsModel", "Recv-Q"),
        translate("KernelSocketsModel", "Send-Q"),
        translate("KernelSocketsModel", "Timer"),
    ]


def column_tips() -> list[str]:
    return [
        translate(
            "KernelSocketsModel",
            "AF_INET (IPv4), AF_INET6 (IPv6) or AF_UNIX: the socket's address family",
        ),
        translate(
            "KernelSocketsModel",
            "TCP (SOCK_STREAM) or UDP (SOCK_DGRAM); for a Unix socket STREAM, DGRAM or SEQPACKET",
        ),
        translate("KernelSocketsModel", "Where the socket is bound (getsockname())"),
        translate("KernelSocketsModel", "The peer (getpeername()); — for none"),
        translate(
            "KernelSocketsModel",
            "The socket's state in the kernel: hover over a state for what it means",
        ),
        translate(
            "KernelSocketsModel",
            "Bytes that arrived and wait for the program's recv() (LISTEN: connections "
            "waiting for accept())",
        ),
        translate(
            "KernelSocketsModel",
            "Bytes sent that the peer has not acknowledged yet (UDP: waiting to be sent)",
        ),
        translate(
            "KernelSocketsModel",
            "TIME_WAIT: the seconds left before the kernel forgets the connection",
        ),
    ]
