"""The Relay tab's table of relayed connections (TCP) or flows (UDP): who, how
far it got each way, what was dropped or spoiled, and how it ended.

Rows are the relay's live :class:`~socklab.core.relay.FlowStats` (the worker
writes them, each field read is atomic); a flow that ended keeps its row,
with how it ended, until the table holds :data:`MAX_ROWS`.

Strings are translated in the context ``"RelayFlows"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from socklab.core import Event, PeerJoined, PeerLeft, relay
from socklab.gui.describe import address_text, format_count, reason_text, state_name

#: The most rows the table keeps (the oldest ended ones go first).
MAX_ROWS = 1_000

_Index = QModelIndex | QPersistentModelIndex


def _column_titles() -> list[str]:
    return [
        QCoreApplication.translate("RelayFlows", "#"),
        QCoreApplication.translate("RelayFlows", "Client"),
        QCoreApplication.translate("RelayFlows", "Relay → target from"),
        QCoreApplication.translate("RelayFlows", "State"),
        QCoreApplication.translate("RelayFlows", "Client → target"),
        QCoreApplication.translate("RelayFlows", "Target → client"),
        QCoreApplication.translate("RelayFlows", "Dropped"),
        QCoreApplication.translate("RelayFlows", "Bytes flipped"),
    ]


class RelayFlowModel(QAbstractTableModel):
    """One row per flow: live stats while it runs, how it ended after."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[relay.FlowStats] = []
        self._ended: dict[int, str] = {}  # flow id -> how it ended, in words

    @property
    def flows(self) -> list[relay.FlowStats]:
        return list(self._rows)

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._ended.clear()
        self.endResetModel()

    def apply_events(self, events: Sequence[Event], live: Sequence[relay.FlowStats]) -> None:
        """A drained batch: new flows get a row (their live stats from ``live``),
        ended ones say how they ended."""
        known = {row.flow_id for row in self._rows}
        by_id = {stats.flow_id: stats for stats in live}
        for event in events:
            if isinstance(event, PeerJoined) and event.peer_id not in known:
                stats = by_id.get(event.peer_id)
                if stats is None:  # gone already: its PeerLeft follows in this batch
                    stats = relay.FlowStats(event.peer_id, event.peer, event.local, None, 0.0)
                self._append(stats)
                known.add(event.peer_id)
            elif isinstance(event, PeerLeft):
                words = state_name(event.state)
                why = reason_text(event.reason, event.detail)
                self._ended[event.peer_id] = f"{words} ({why})" if why else words
        self.refresh()

    def _append(self, stats: relay.FlowStats) -> None:
        if len(self._rows) >= MAX_ROWS:
            self.beginRemoveRows(QModelIndex(), 0, 0)
            gone = self._rows.pop(0)
            self._ended.pop(gone.flow_id, None)
            self.endRemoveRows()
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(stats)
        self.endInsertRows()

    def refresh(self) -> None:
        """The live counts changed: repaint them."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1)
            )

    def is_open(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row].flow_id not in self._ended

    def flow_id(self, row: int) -> int:
        return self._rows[row].flow_id

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    # -- Qt ------------------------------------------------------------------------

    def rowCount(self, parent: _Index | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(_column_titles())

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _column_titles()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        stats = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return str(stats.flow_id)
        if column == 1:
            return address_text(stats.client)
        if column == 2:
            return address_text(stats.upstream) if stats.upstream is not None else ""
        if column == 3:
            ended = self._ended.get(stats.flow_id)
            return ended if ended is not None else state_name(stats.state)
        to_target, to_client = stats.to_target, stats.to_client
        if column == 4:
            return _bytes(to_target.forwarded_bytes + to_target.injected_bytes)
        if column == 5:
            return _bytes(to_client.forwarded_bytes + to_client.injected_bytes)
        if column == 6:
            return format_count(to_target.dropped_packets + to_client.dropped_packets)
        return format_count(to_target.corrupted_bytes + to_client.corrupted_bytes)


def _bytes(count: int) -> str:
    return QCoreApplication.translate("RelayFlows", "%1 B").replace("%1", format_count(count))


class RelayFlows(QWidget):
    """The table (objectName ``relayFlows``); select rows to inject into those flows only.

    Signals:
        selectionChanged(list): the open flows selected (their ids).
    """

    selectionChanged = Signal(list)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RelayFlowModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("relayFlows")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.selectionChanged.emit(self.selected_open_ids())
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def selected_open_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.flow_id(row) for row in rows if self.model.is_open(row)]

    def open_count(self) -> int:
        return sum(self.model.is_open(row) for row in range(self.model.rowCount()))
