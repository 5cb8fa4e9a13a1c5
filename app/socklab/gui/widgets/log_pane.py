"""The log area of every tab: a fast table of events with a small toolbar."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QFontMetricsF, QGuiApplication, QKeyEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from socklab.core import (
    ENCODINGS,
    PCAP_SUFFIX,
    Event,
    Failed,
    atomic_write,
    checked_path,
    codec_name,
    is_pcap_path,
    save_pcap,
)
from socklab.gui.describe import arg, format_count
from socklab.gui.fonts import unshaped
from socklab.gui.models.log_model import (
    COL_DATA,
    COL_DIRECTION,
    COL_PEER,
    COL_SIZE,
    COL_TIME,
    MAX_ROWS_LIMIT,
    LogModel,
)
from socklab.gui.tones import Tone, follow_palette, paint_text
from socklab.gui.widgets.compact_button import CompactButton
from socklab.gui.widgets.fields import mark_invalid
from socklab.gui.widgets.steady_label import SteadyLabel

_PRINTABLE_ASCII = tuple(map(chr, range(0x20, 0x7F)))

__all__ = ["LogPane", "LogView"]

#: Delay between the last keystroke in the filter box and re-filtering.
FILTER_DELAY_MS = 200
#: The longest filter the log searches with. Qt searches with a regular
#: expression, and one made of ~22,000-32,000 escaped characters no longer
#: compiles: Qt then printed a warning as long as the filter for every row.
FILTER_MAX_CHARS = 10_000
#: Characters that make a spreadsheet treat a CSV cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class LogView(QTableView):
    """The log table: fixed row heights, no wrapping, Ctrl+C copies whole rows.

    Signals:
        copyRequested(): the user pressed the platform's Copy key.
    """

    copyRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cut_model: LogModel | None = None
        self._narrowest = 0.0  # the Data font's narrowest character; 0: not measured

    def cut_data_cells(self, model: LogModel) -> None:
        """Before each paint, tell ``model`` how many Data characters can show
        (a few more than fit: see :meth:`LogModel.set_visible_chars`)."""
        self._cut_model = model

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        model = self._cut_model
        if model is not None:
            if not self._narrowest:
                metrics = QFontMetricsF(model.fixed_font.resolve(self.font()))
                self._narrowest = max(1.0, min(map(metrics.horizontalAdvance, _PRINTABLE_ASCII)))
            width = self.horizontalHeader().sectionSize(COL_DATA)
            model.set_visible_chars(int(width / self._narrowest) + 2)
        super().paintEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange:
            self._narrowest = 0.0
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copyRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class LogPane(QWidget):
    """Log of a session's events with display, filter, copy and save controls.

    Feed it batches with :meth:`append_events`; it keeps at most
    ``model.max_rows`` rows and says how many older ones it let go.

    Signals:
        displayChanged(str, str): the display mode ("text", "hex", "both") or
            the display encoding changed; carries both.
    """

    displayChanged = Signal(str, str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LogModel(self)
        # The proxy sits between view and model only while a filter is set:
        # attached, it updates its row mapping in O(rows) for every batch (about
        # 3 ms a batch at 1,000,000 rows against 0.06 ms for the bare model).
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setFilterRole(LogModel.FilterRole)
        self._proxy.setFilterKeyColumn(COL_DATA)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Re-filtering on every dataChanged would call data() for every row.
        self._proxy.setDynamicSortFilter(False)
        self._active_filter = ""

        self.view = LogView(self)
        self.view.setObjectName("logView")
        self.view.setModel(self.model)
        self._setup_view()
        # The rows' colours read on the view's Base: a dark theme, presentation mode.
        follow_palette(self.view, lambda: self.model.update_palette(self.view.palette()))

        self._mode_box = QComboBox(self)
        self._mode_box.setObjectName("displayMode")
        for mode in ("text", "hex", "both"):
            self._mode_box.addItem("", mode)
        self._encoding_box = QComboBox(self)
        self._encoding_box.setObjectName("displayEncoding")
        for name in ENCODINGS:
            self._encoding_box.addItem(name, name)
        self._filter_edit = QLineEdit(self)
        self._filter_edit.setObjectName("logFilter")
        self._filter_edit.setClearButtonEnabled(True)
        self._filter_edit.setMinimumWidth(self._filter_edit.fontMetrics().averageCharWidth() * 12)
        self._pause_button = CompactButton(self)
        self._pause_button.setObjectName("pauseScroll")
        self._pause_button.setCheckable(True)
        self._clear_button = CompactButton(self)
        self._clear_button.setObjectName("clearLog")
        self._copy_button = CompactButton(self)
        self._copy_button.setObjectName("copyRows")
        self._save_button = CompactButton(self)
        self._save_button.setObjectName("saveLog")
        #: The session kind the rows come from ("udp", "tcp-client" ...; empty:
        #: told by the rows), for the TCP streams of a pcapng save.
        self.session_kind = ""
        self._max_rows_box = QSpinBox(self)
        self._max_rows_box.setObjectName("maxRows")
        self._max_rows_box.setRange(1_000, MAX_ROWS_LIMIT)
        self._max_rows_box.setSingleStep(10_000)
        self._max_rows_box.setGroupSeparatorShown(True)
        self._max_rows_box.setValue(self.model.max_rows)
        self._dropped_label = SteadyLabel(self)
        self._dropped_label.setObjectName("droppedLabel")
        self._dropped_label.hide()
        # What is wrong with the filter: one line under the bar, elided to its width.
        self._message = SteadyLabel(self)
        self._message.setObjectName("logMessage")
        policy = self._message.sizePolicy()
        policy.setRetainSizeWhenHidden(False)  # no empty line while all is well
        self._message.setSizePolicy(policy)
        paint_text(self._message, Tone.ERROR)
        self._message.hide()
        self._problems: dict[QWidget, str] = {}  # control -> what is wrong with it
        self._mode_label = QLabel(self)
        self._mode_label.setBuddy(self._mode_box)
        self._encoding_label = QLabel(self)
        self._encoding_label.setBuddy(self._encoding_box)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self._mode_label)
        bar.addWidget(self._mode_box)
        bar.addWidget(self._encoding_label)
        bar.addWidget(self._encoding_box)
        bar.addWidget(self._filter_edit, 1)
        bar.addWidget(self._dropped_label)
        bar.addWidget(self._max_rows_box)
        bar.addWidget(self._pause_button)
        bar.addWidget(self._clear_button)
        bar.addWidget(self._copy_button)
        bar.addWidget(self._save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self._message)
        layout.addWidget(self.view, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)

        self._mode_box.currentIndexChanged.connect(self._on_display_changed)
        self._encoding_box.currentIndexChanged.connect(self._on_display_changed)
        self._filter_edit.textChanged.connect(self._on_filter_edited)
        self._max_rows_box.editingFinished.connect(self._on_max_rows_edited)
        self._clear_button.clicked.connect(self.clear)
        self._copy_button.clicked.connect(self.copy_selection)
        self._save_button.clicked.connect(self._on_save_clicked)
        self.view.copyRequested.connect(self.copy_selection)
        self.model.droppedChanged.connect(self._update_dropped)

        self.retranslate()

    # ----------------------------------------------------------------- public

    @property
    def proxy(self) -> QSortFilterProxyModel:
        """The filter model; the view shows it while a filter is set, else the model."""
        return self._proxy

    @property
    def filter_text(self) -> str:
        """The filter in effect (it follows the filter box after a short delay)."""
        return self._active_filter

    @property
    def paused(self) -> bool:
        """Whether autoscroll is paused."""
        return self._pause_button.isChecked()

    def append_events(self, events: Sequence[Event], dropped_before: int = 0) -> None:
        """Add a batch; follow it to the bottom unless paused or scrolled up."""
        bar = self.view.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum()
        self.model.append_events(events, dropped_before)
        if events and at_bottom and not self._pause_button.isChecked():
            self.view.scrollToBottom()

    @Slot()
    def clear(self) -> None:
        """Remove every row and reset the dropped count."""
        self.model.clear()

    def set_max_rows(self, n: int) -> None:
        """Keep at most ``n`` rows (1 ... 1,000,000)."""
        self.model.set_max_rows(n)
        self._max_rows_box.setValue(n)

    def set_display(self, mode: str, encoding: str) -> None:
        """Select a display mode ("text", "hex", "both") and encoding, as the combos do.

        Raises ValueError for an unknown mode or text encoding.
        """
        mode_index = self._mode_box.findData(mode)
        if mode_index < 0:
            raise ValueError(f"unknown display mode {mode!r}")
        encoding_index = self._encoding_box.findData(encoding)
        if encoding_index < 0:
            codec_name(encoding)  # ValueError before the combo offers it
            self._encoding_box.addItem(encoding, encoding)
            encoding_index = self._encoding_box.count() - 1
        self._mode_box.setCurrentIndex(mode_index)
        self._encoding_box.setCurrentIndex(encoding_index)

    def selected_rows(self) -> list[int]:
        """Model rows selected in the view, oldest first."""
        selection = self.view.selectionModel().selectedRows()
        return sorted(self._source_row(index) for index in selection)

    def visible_rows(self) -> list[int]:
        """Model rows the filter lets through, oldest first."""
        if self.view.model() is not self._proxy:
            return list(range(self.model.rowCount()))
        proxy = self._proxy
        return [proxy.mapToSource(proxy.index(r, 0)).row() for r in range(proxy.rowCount())]

    @Slot()
    def copy_selection(self) -> int:
        """Put the selected rows on the clipboard as tab-separated lines; returns the count."""
        rows = self.selected_rows()
        if not rows:
            return 0
        text = "\n".join("\t".join(self.model.row_text(row)) for row in rows)
        QGuiApplication.clipboard().setText(text)
        return len(rows)

    def save_to(self, path: str) -> int:
        """Write the rows the filter shows to ``path``; returns the rows written.

        A ``.csv`` suffix writes CSV (UTF-8 with BOM, so spreadsheets pick the
        right encoding; cells that a spreadsheet would run as a formula get a
        leading apostrophe). Any other suffix writes tab-separated plain text.
        Both start with a header line. The file is written whole or not at all
        (an earlier file stays as it was); raises OSError when it cannot be.
        """
        name = checked_path(path)
        rows = self.visible_rows()
        header = LogModel.column_titles()
        if Path(name).suffix.lower() == ".csv":
            with atomic_write(name, encoding="utf-8-sig", newline="") as file:
                writer = csv.writer(file)
                writer.writerow(header)
                for row in rows:
                    writer.writerow([_csv_safe(cell) for cell in self.model.row_text(row)])
        else:
            with atomic_write(name, encoding="utf-8", newline="\n") as file:
                file.write("\t".join(header) + "\n")
                for row in rows:
                    file.write("\t".join(self.model.row_text(row)) + "\n")
        return len(rows)

    @Slot(str)
    def save(self, path: str) -> bool:
        """Save the shown rows to ``path`` as the Save… button does (what its
        dialog hands on; a ``.pcapng`` name saves the log for Wireshark, see
        :meth:`save_pcap_to`): a failure is said at the button and in the log,
        and so are the rows a pcapng save could not hold (the log let them go)."""
        try:
            if is_pcap_path(path):
                self.save_pcap_to(path)
            else:
                self.save_to(path)
        except (OSError, ValueError) as exc:
            problem = self.save_failure(path, exc)
            self._say(self._save_button, problem)
            self.append_events([Failed(operation="", message=problem)])
            return False
        self._say(self._save_button, self.pcap_note(path) if is_pcap_path(path) else "")
        return True

    def save_pcap_to(self, path: str) -> int:
        """Write every row the log holds (whatever the filter shows) to ``path``
        as a Wireshark file (pcapng), atomically; returns how many packets.
        When the log has let rows go, the file's comment says how many."""
        name = checked_path(path)
        comment = ""
        if self.model.dropped:
            comment = f"the log had let {self.model.dropped:,} older events go: not in this file"
        return save_pcap(name, self.model.events(), self.session_kind, comment)

    def save_failure(self, path: str, exc: OSError | ValueError) -> str:
        """Why saving the log to ``path`` failed, in words."""
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return arg(self.tr("Could not save the log to %1: %2"), path, reason)

    def pcap_note(self, path: str) -> str:
        """What a pcapng save of the log to ``path`` left out (empty: nothing)."""
        if not self.model.dropped:
            return ""
        text = self.tr(
            "Saved %1 without the %2 older rows the log let go (a capture keeps every event)"
        )
        return arg(text, path, format_count(self.model.dropped))

    def _on_max_rows_edited(self) -> None:
        if self._max_rows_box.value() != self.model.max_rows:
            self.set_max_rows(self._max_rows_box.value())

    def retranslate(self) -> None:
        """(Re)set every visible text in the current language."""
        self._mode_label.setText(self.tr("&Show:"))
        self._mode_box.setItemText(0, self.tr("Text"))
        self._mode_box.setItemText(1, self.tr("Hex"))
        self._mode_box.setItemText(2, self.tr("Text + Hex"))
        self._mode_box.setToolTip(self.tr("How received and sent data is shown"))
        self._encoding_label.setText(self.tr("&Encoding:"))
        self._encoding_box.setToolTip(self.tr("Character encoding used to show data as text"))
        self._filter_edit.setPlaceholderText(self.tr("Filter (peer or data)"))
        self._filter_edit.setToolTip(
            self.tr("Show only rows whose peer or data contains this text (ignores case)")
        )
        self._max_rows_box.setPrefix(self.tr("Keep "))
        self._max_rows_box.setSuffix(self.tr(" rows"))
        self._max_rows_box.setToolTip(
            self.tr("How many rows the log keeps; older rows are dropped and counted")
        )
        self._pause_button.setText(self.tr("Pause autoscroll"))
        self._pause_button.setToolTip(self.tr("Keep the view still while new rows arrive"))
        self._clear_button.setText(self.tr("Clear"))
        self._clear_button.setShortcut(QKeySequence("Ctrl+L"))
        self._clear_button.setToolTip(self.tr("Remove all rows (Ctrl+L)"))
        self._copy_button.setText(self.tr("Copy"))
        self._copy_button.setToolTip(self.tr("Copy the selected rows as tab-separated text"))
        self._save_button.setText(self.tr("Save…"))
        self._save_button.setToolTip(
            self.tr("Save the shown rows as CSV or plain text, or the log as pcapng")
        )
        self.model.retranslate()
        self._update_dropped(self.model.dropped)

    # ---------------------------------------------------------------- events

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---------------------------------------------------------------- private

    def _setup_view(self) -> None:
        view = self.view
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.setFont(unshaped())  # repainted ten times a second in a flood
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        view.setCornerButtonEnabled(False)
        view.setSortingEnabled(False)
        view.setAlternatingRowColors(True)
        rows = view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 6)
        rows.setMinimumSectionSize(1)
        rows.hide()
        columns = view.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setStretchLastSection(True)
        columns.setHighlightSections(False)
        digit = view.fontMetrics().horizontalAdvance("0")
        widths = {COL_TIME: 14, COL_DIRECTION: 12, COL_PEER: 24, COL_SIZE: 12}
        for column, chars in widths.items():
            columns.resizeSection(column, digit * chars)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        view.cut_data_cells(self.model)

    @Slot()
    def _on_display_changed(self) -> None:
        mode = self._mode_box.currentData()
        encoding = self._encoding_box.currentData()
        self.model.set_display(mode, encoding)
        if self.view.model() is self._proxy:
            self._apply_filter(force=True)
        self.displayChanged.emit(mode, encoding)

    @Slot(str)
    def _on_filter_edited(self, _text: str) -> None:
        self._filter_timer.start()

    @Slot()
    def _apply_filter(self, force: bool = False) -> None:
        self._filter_timer.stop()
        text = self._filter_edit.text()
        proxy = self._proxy
        filtering = self.view.model() is proxy
        if text == self._active_filter and not force:
            return
        self._active_filter = text
        pattern = self._filter_pattern(text)
        if pattern is not None:
            if filtering:
                if force:
                    # Same pattern, new display text: make the proxy re-evaluate rows.
                    proxy.setFilterFixedString("")
                proxy.setFilterRegularExpression(pattern)
            else:
                proxy.setFilterRegularExpression(pattern)
                proxy.setSourceModel(self.model)
                self._show_model(proxy)
        elif filtering:
            self._show_model(self.model)
            proxy.setSourceModel(None)
            proxy.setFilterFixedString("")
        if not self._pause_button.isChecked():
            self.view.scrollToBottom()

    def _filter_pattern(self, text: str) -> QRegularExpression | None:
        """The search for ``text`` (plain text, any case). None for no filter,
        and for one that cannot be used: then the reason shows at the field."""
        pattern, problem = None, ""
        if len(text) > FILTER_MAX_CHARS:
            problem = self.tr("Filter not applied: it is longer than %1 characters").replace(
                "%1", format_count(FILTER_MAX_CHARS)
            )
        elif text:
            pattern = QRegularExpression(
                QRegularExpression.escape(text),
                QRegularExpression.PatternOption.CaseInsensitiveOption,
            )
            if not pattern.isValid():
                problem = self.tr("Filter not applied: %1").replace("%1", pattern.errorString())
        self._say(self._filter_edit, problem)
        return None if problem else pattern

    def _say(self, control: QWidget, problem: str) -> None:
        """Mark ``control`` with ``problem`` (or take its mark away) and show the
        problems of every control on one line under the bar."""
        mark_invalid(control, bool(problem), problem)
        self._problems[control] = problem
        text = "  ".join(p for p in self._problems.values() if p)
        self._message.setText(text)
        self._message.setVisible(bool(text))

    def _show_model(self, model: QAbstractItemModel) -> None:
        """Point the view at ``model``, keeping the column widths."""
        header = self.view.horizontalHeader()
        state = header.saveState()
        old_selection = self.view.selectionModel()
        self.view.setModel(model)
        header.restoreState(state)
        if old_selection is not None:
            old_selection.deleteLater()

    def _source_row(self, index: QModelIndex) -> int:
        if index.model() is self._proxy:
            return self._proxy.mapToSource(index).row()
        return index.row()

    @Slot("qlonglong")
    def _update_dropped(self, count: int) -> None:
        if count <= 0:
            self._dropped_label.hide()
            self._dropped_label.clear()
            return
        if count == 1:
            text = self.tr("1 older row dropped")
        else:
            text = self.tr("%1 older rows dropped").replace("%1", format_count(count))
        self._dropped_label.setText(text)
        self._dropped_label.show()

    @Slot()
    def _on_save_clicked(self) -> None:
        csv_filter = self.tr("CSV files (*.csv)")
        text_filter = self.tr("Text files (*.txt)")
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Save log"), "", f"{csv_filter};;{text_filter};;{self._pcap_filter()}"
        )
        if not path:
            return
        if not Path(path).suffix:
            suffixes = {text_filter: ".txt", self._pcap_filter(): PCAP_SUFFIX}
            path += suffixes.get(chosen, ".csv")
        self.save(path)

    def _pcap_filter(self) -> str:
        return QCoreApplication.translate("ToolsPanel", "Wireshark files (*.pcapng)")


def _csv_safe(cell: str) -> str:
    """Stop a spreadsheet from running a hostile cell as a formula."""
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell
