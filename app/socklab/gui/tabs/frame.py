"""What every tab shows, and where: the settings strip, the load tools, the
error banner and the state line above; the payload editor, the log and the rate
plot beside the code panel; the counters bar below. Also what concerns only the
look: the language, presentation mode, the view settings kept between runs.

Strings here are translated in the context ``"SessionTab"`` (``self.tr`` would
take the subclass's name as context, see DESIGN.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QSplitter, QVBoxLayout, QWidget

from socklab.gui.tabs.code_follower import CodeFollower
from socklab.gui.tabs.view_settings import load_fields, load_view, save_fields, save_view
from socklab.gui.widgets.code_panel import CodePanel
from socklab.gui.widgets.counters_bar import CountersBar, Unit
from socklab.gui.widgets.error_banner import ErrorBanner
from socklab.gui.widgets.field_guards import guard_line_edits, guard_spin_boxes
from socklab.gui.widgets.log_pane import LogPane
from socklab.gui.widgets.payload_editor import PayloadEditor
from socklab.gui.widgets.rate_plot import RatePlot
from socklab.gui.widgets.state_line import StateLine
from socklab.gui.widgets.stream_view import StreamView
from socklab.gui.widgets.tools_panel import ToolsPanel

if TYPE_CHECKING:
    from socklab.teaching.codegen import CodeSettings


class TabFrame(QWidget):
    """The parts of a tab and their layout; :class:`SessionTab` gives them a session.

    Signals:
        stateTextChanged(str): the state line now reads this.
    """

    stateTextChanged = Signal(str)  # noqa: N815

    #: The counters bar's word for one unit of traffic.
    unit = Unit.DATAGRAMS
    #: QSettings group of this tab.
    settings_key = "tab"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._advanced: list[QWidget] = []
        self.stream_view: StreamView | None = None
        self.chunk_checkbox: QCheckBox | None = None
        self.trace_checkbox = QCheckBox(self)
        self.trace_checkbox.setObjectName("traceCalls")
        self.settings_box = QGroupBox(self)
        self.settings_grid = QGridLayout(self.settings_box)
        self.tools = ToolsPanel(self, chunked_files=self.unit is Unit.DATAGRAMS)
        self.mark_advanced(self.tools)
        self.banner = ErrorBanner(self)
        self.settings_error, self.explanation_label = self.banner.message, self.banner.explanation
        self.state_label = StateLine(self.idle_text, self)
        self.state_label.textShown.connect(self.stateTextChanged)
        self.editor = PayloadEditor(self)
        self.log = LogPane(self)
        self.counters = CountersBar(self)
        self.counters.set_unit(self.unit)
        self.rate_plot = RatePlot(self)
        self.rate_plot.hide()
        self.code_panel = CodePanel(self)
        self.code = CodeFollower(self, self.code_panel, self.code_settings, self.editor)
        self.editor.checksumChanged.connect(self.log.model.set_checksum)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        for widget in (self.editor, self.log, self.rate_plot):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setChildrenCollapsible(False)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.addWidget(self.splitter)
        self.main_splitter.addWidget(self.code_panel)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 2)
        # Start at 3:2 (the log keeps at least its minimum): the code panel
        # shows whole statements, not the first fifteen characters of each.
        self.main_splitter.setSizes([3_000, 2_000])
        layout = QVBoxLayout(self)
        for widget in (self.settings_box, self.tools, self.banner, self.state_label):
            layout.addWidget(widget)
        layout.addWidget(self.main_splitter, 1)
        layout.addWidget(self.counters)

    def add_stream_view(self) -> QCheckBox:
        """Give this tab a "show chunk boundaries" view; returns its checkbox to place."""
        self.stream_view = StreamView(self)
        self.stream_view.hide()
        self.splitter.insertWidget(self.splitter.indexOf(self.log), self.stream_view)
        self.chunk_checkbox = QCheckBox(self)
        self.chunk_checkbox.setObjectName("chunkBoundaries")
        self.chunk_checkbox.toggled.connect(self.stream_view.setVisible)
        return self.chunk_checkbox

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish:  # every field is built: before the first show
            self._guard_fields()
        handled = super().event(event)
        if event.type() == QEvent.Type.LanguageChange:
            # QWidget hands LanguageChange to the children after the parent's
            # changeEvent: the editor has just put back its own "Send".
            self._show_send_text()
        return handled

    def _guard_fields(self) -> None:
        """What does not fit in a field is said next to it (Qt would cut it in
        silence): a number out of a spin box's range (set to the nearest bound),
        a paste longer than a line edit holds."""
        for guard in guard_spin_boxes(self):
            spin = guard.spin
            guard.outOfRange.connect(
                lambda text, spin=spin: self.banner.show_message(text, spin, log=True)
            )
            guard.retyped.connect(lambda spin=spin: self.banner.unmark(spin))
        for length_guard in guard_line_edits(self):
            field = length_guard.field
            length_guard.full.connect(
                lambda text, field=field: self.banner.show_message(text, field, log=True)
            )

    # -- language ----------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every visible string; subclasses extend this."""
        self.settings_box.setTitle(QCoreApplication.translate("SessionTab", "Settings"))
        self.code.schedule()  # comments follow the language
        self.trace_checkbox.setText(QCoreApplication.translate("SessionTab", "Trace socket calls"))
        self.trace_checkbox.setToolTip(
            QCoreApplication.translate(
                "SessionTab",
                "Show each socket operation in the log as a program would write it: "
                "socket(), bind(), sendto()/recvfrom(), listen(), accept(), close()",
            )
        )
        self.banner.retranslate()
        if self.chunk_checkbox is not None:
            self.chunk_checkbox.setText(
                QCoreApplication.translate("SessionTab", "Show chunk boundaries")
            )
            self.chunk_checkbox.setToolTip(
                QCoreApplication.translate(
                    "SessionTab",
                    "Show the received bytes as one stream, marking where each recv() ended",
                )
            )
        self.state_label.retranslate()
        self._show_send_text()

    def send_text(self) -> str | None:
        """This tab's word on the editor's Send button; None keeps the editor's own "Send"."""
        return None

    def _show_send_text(self) -> None:
        text = self.send_text()
        if text is not None:
            self.editor.send_button.setText(text)

    def idle_text(self) -> str:
        """The state line when no session runs."""
        return QCoreApplication.translate("SessionTab", "closed")

    # -- what is shown -----------------------------------------------------------

    def code_settings(self) -> CodeSettings | None:
        """What this tab is set to do, for :func:`socklab.teaching.codegen.generate`."""
        return None

    def refresh_code(self) -> None:
        self.code.refresh()

    def show_code(self, shown: bool) -> None:
        self.code_panel.setVisible(shown)
        if shown:
            self.code.refresh()

    def show_rate_plot(self, shown: bool) -> None:
        self.rate_plot.setVisible(shown)

    def mark_advanced(self, *widgets: QWidget) -> None:
        """These options are hidden in presentation mode (the lesson needs fewer)."""
        self._advanced.extend(widgets)

    def set_presentation(self, on: bool) -> None:
        for widget in self._advanced:
            widget.setVisible(not on)

    def clear_errors(self) -> None:
        self.banner.clear()

    # -- settings kept between runs ------------------------------------------------

    def kept_fields(self) -> dict[str, QWidget]:
        """The settings fields this tab keeps between runs, by settings key."""
        return {}

    def save_settings(self, settings: QSettings) -> None:
        save_fields(settings, self.kept_fields())
        save_view(settings, self.editor, self.log)

    def load_settings(self, settings: QSettings) -> None:
        load_fields(settings, self.kept_fields())
        load_view(settings, self.editor, self.log)
