"""The TCP Server tab's table of connected clients: the view, its counts,
"Disconnect selected" and "Clear closed".

The rows are a :class:`~socklab.gui.models.client_model.ClientTableModel`;
this widget owns one and shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from socklab.core import Event
from socklab.gui.describe import format_count
from socklab.gui.models.client_model import (
    COL_BYTES_IN,
    COL_BYTES_OUT,
    COL_CLIENT,
    COL_PEER,
    COL_SINCE,
    COLUMNS,
    ClientTableModel,
    StatsLookup,
)
from socklab.gui.tones import follow_palette
from socklab.gui.widgets.steady_label import SteadyLabel

__all__ = ["ClientTable"]


class ClientTable(QWidget):
    """The clients of a TCP server: a table, their counts, Disconnect and Clear closed.

    Feed it with :meth:`apply_events` (each drained batch) and :meth:`refresh`
    (a ~4 Hz timer). It does not talk to the session itself.

    Signals:
        kickRequested(list): "Disconnect selected" was clicked; carries the
            peer ids of the selected rows whose connection is open.
        selectionChanged(list): the selected rows changed; carries their peer
            ids (open and ended), in row order.
    """

    kickRequested = Signal(list)  # noqa: N815
    selectionChanged = Signal(list)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientTablePane")
        self._model = ClientTableModel(self)
        self._selected: list[int] = []

        self._view = QTableView(self)
        self._view.setObjectName("clientTable")
        self._view.setModel(self._model)
        self._view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self._view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._view.setWordWrap(False)
        self._view.setAlternatingRowColors(True)
        self._view.setCornerButtonEnabled(False)
        rows = self._view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        rows.hide()
        header = self._view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        # The header would ask the view's selection model, per paint, whether
        # each column is wholly selected: one pass over all rows per column
        # once everything is selected. It highlights nothing, so it gets an
        # empty selection model of its own.
        header.setSelectionModel(QItemSelectionModel(self._model, header))
        header.setSortIndicatorClearable(True)  # a third click: the order of joining
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._view.setSortingEnabled(True)
        digits = self.fontMetrics().horizontalAdvance("0")
        for col, chars in ((COL_CLIENT, 8), (COL_PEER, 24), (COL_SINCE, 12)):
            self._view.setColumnWidth(col, chars * digits)
        for col in (COL_BYTES_IN, COL_BYTES_OUT):
            self._view.setColumnWidth(col, 14 * digits)

        self.count_label = SteadyLabel(self)
        self.count_label.setObjectName("clientCount")
        self.kick_button = QPushButton(self)
        self.kick_button.setObjectName("kickButton")
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("clearClosed")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        bar.addWidget(self.kick_button)
        bar.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._view, 1)
        layout.addLayout(bar)

        self._view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._model.countsChanged.connect(self._on_counts_changed)
        self._model.modelReset.connect(self._sync_selection)
        self.kick_button.clicked.connect(self._on_kick)
        self.clear_button.clicked.connect(self.remove_closed)

        # Ended rows are greyed in the view's own palette (presentation mode, a dark theme).
        follow_palette(self._view, lambda: self._model.update_palette(self._view.palette()))
        self.retranslate()
        self._update_controls()

    # ----------------------------------------------------------------- public

    @property
    def model(self) -> ClientTableModel:
        """The rows."""
        return self._model

    @property
    def view(self) -> QTableView:
        """The table view (objectName ``clientTable``)."""
        return self._view

    def apply_events(
        self, events: Sequence[Event], stats_lookup: StatsLookup | None = None
    ) -> None:
        """Take a drained batch of a server session's events (see the model's)."""
        self._model.apply_events(events, stats_lookup)

    def refresh(self) -> None:
        """Repaint the live byte counts (call from a ~4 Hz timer)."""
        self._model.refresh()

    def remove_closed(self) -> int:
        """Remove the rows whose connection has ended ("Clear closed")."""
        return self._model.remove_closed()

    def clear(self) -> None:
        """Forget every row (a new server session)."""
        self._model.clear()

    def selected_ids(self) -> list[int]:
        """Peer ids of the selected rows, in row order."""
        return self._model.ids_for_rows(self._selected_rows())

    def selected_open_ids(self) -> list[int]:
        """Peer ids of the selected rows whose connection is open, in row order."""
        return self._model.open_ids_for_rows(self._selected_rows())

    def has_open_selected(self) -> bool:
        """Whether a selected row's connection is open (stops at the first one:
        called on every batch, with thousands of rows selected)."""
        is_open_row = self._model.is_open_row
        for selection_range in self._view.selectionModel().selection():
            for row in range(selection_range.top(), selection_range.bottom() + 1):
                if is_open_row(row):
                    return True
        return False

    def select_ids(self, peer_ids: Iterable[int]) -> None:
        """Select exactly the rows of these peers (ids without a row are ignored)."""
        selection = QItemSelection()
        last = len(COLUMNS) - 1
        for peer_id in peer_ids:
            row = self._model.row_of(peer_id)
            if row is not None:
                selection.select(self._model.index(row, 0), self._model.index(row, last))
        self._view.selectionModel().select(
            selection,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def retranslate(self) -> None:
        """Set every visible string in the current language."""
        self.kick_button.setText(self.tr("Disconnect selected"))
        self.kick_button.setToolTip(
            self.tr("Close the connections of the selected clients (the server calls close())")
        )
        self.clear_button.setText(self.tr("Clear closed"))
        self.clear_button.setToolTip(
            self.tr("Remove the rows of connections that have ended from the table")
        )
        self._model.retranslate()
        self._update_count_label()
        self._fit_headers()

    def _fit_headers(self) -> None:
        """Make every column at least as wide as its (translated) title."""
        header = self.view.horizontalHeader()
        metrics = header.fontMetrics()
        for column, title in enumerate(self._model.column_titles()):
            wanted = metrics.horizontalAdvance(title) + 24  # room for the sort arrow
            if header.sectionSize(column) < wanted:
                header.resizeSection(column, wanted)

    # -------------------------------------------------------------- internals

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _selected_rows(self) -> list[int]:
        rows: set[int] = set()
        for selection_range in self._view.selectionModel().selection():
            rows.update(range(selection_range.top(), selection_range.bottom() + 1))
        return sorted(rows)

    def _on_selection_changed(self, *_: object) -> None:
        self._sync_selection()

    def _sync_selection(self) -> None:
        ids = self.selected_ids()
        self._update_controls()
        if ids != self._selected:
            self._selected = ids
            self.selectionChanged.emit(ids)

    def _on_counts_changed(self, *_: object) -> None:
        self._update_count_label()
        self._sync_selection()

    def _update_controls(self) -> None:
        self.kick_button.setEnabled(self.has_open_selected())
        self.clear_button.setEnabled(self._model.closed_count > 0)

    def _update_count_label(self) -> None:
        self.count_label.setText(
            self.tr("{open} connected, {closed} closed").format(
                open=format_count(self._model.open_count),
                closed=format_count(self._model.closed_count),
            )
        )

    def _on_kick(self) -> None:
        ids = self.selected_open_ids()
        if ids:
            self.kickRequested.emit(ids)
