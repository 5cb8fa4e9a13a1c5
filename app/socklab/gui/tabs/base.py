"""What every tab has: a settings strip, a state line, the payload editor, the
log, the counters bar; a session behind a bridge; errors shown at their field.

Strings here are translated in the context ``"SessionTab"`` (``self.tr`` would
take the subclass's name as context, see DESIGN.md).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from collections.abc import Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from socklab.core import (
    Batch,
    Counters,
    Event,
    Failed,
    GeneratorSpec,
    PayloadError,
    Progress,
    Received,
    Session,
    SessionError,
    State,
    StateChanged,
    load_capture,
)
from socklab.gui.bridge import SessionBridge, wait_for
from socklab.gui.describe import state_text
from socklab.gui.fonts import bold
from socklab.gui.i18n import current_language
from socklab.gui.widgets.code_panel import CodePanel
from socklab.gui.widgets.counters_bar import CountersBar, Unit
from socklab.gui.widgets.fields import FieldError, mark_invalid, read_host, read_port
from socklab.gui.widgets.log_pane import LogPane
from socklab.gui.widgets.payload_editor import PayloadEditor
from socklab.gui.widgets.rate_plot import RatePlot
from socklab.gui.widgets.stream_view import StreamView
from socklab.gui.widgets.tools_panel import ToolsPanel
from socklab.teaching.codegen import CodeSettings, generate
from socklab.teaching.explain import Explanation, explain_error

T = TypeVar("T")

#: The code panel regenerates this long after the last edit.
CODE_REFRESH_MS = 150
#: How often a running generator's or file send's progress is shown.
JOB_POLL_MS = 250


class SessionTab(QWidget):
    """Base of the UDP, Broadcast, TCP Client and TCP Server tabs.

    A subclass fills :attr:`settings_grid`, starts sessions with
    :meth:`attach_session`, and implements :meth:`retranslate`,
    :meth:`save_settings` and :meth:`load_settings`.

    Signals:
        stateTextChanged(str): the state line now reads this.
        sessionChanged(): a session was attached or released.
    """

    stateTextChanged = Signal(str)  # noqa: N815
    sessionChanged = Signal()  # noqa: N815

    #: The counters bar's word for one unit of traffic.
    unit = Unit.DATAGRAMS
    #: QSettings group of this tab.
    settings_key = "tab"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._marked: set[QWidget] = set()
        self._advanced: list[QWidget] = []
        self.stream_view: StreamView | None = None
        self.trace_checkbox = QCheckBox(self)
        self.trace_checkbox.setObjectName("traceCalls")
        self.trace_checkbox.toggled.connect(self.set_trace)
        self.chunk_checkbox: QCheckBox | None = None

        self.bridge = SessionBridge(self)
        self.bridge.eventsArrived.connect(self._on_batch)
        self.bridge.countersChanged.connect(self._on_counters)

        self.settings_box = QGroupBox(self)
        self.settings_grid = QGridLayout(self.settings_box)
        self.settings_error = QLabel(self)
        self.settings_error.setObjectName("settingsError")
        self.settings_error.setTextFormat(Qt.TextFormat.PlainText)
        self.settings_error.setWordWrap(True)
        self.settings_error.setStyleSheet("color: #c62828;")
        self.settings_error.hide()
        self.explanation_label = QLabel(self)
        self.explanation_label.setObjectName("errorExplanation")
        self.explanation_label.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setStyleSheet("color: #6d4c00; background: #fff8e1; padding: 4px;")
        self.explanation_label.hide()
        self._explained: SessionError | Failed | None = None
        self.tools = ToolsPanel(self, chunked_files=self.unit is Unit.DATAGRAMS)
        self.tools.generateRequested.connect(lambda spec: self.run(self._generate(spec)))
        self.tools.stopRequested.connect(self._stop_job)
        self.tools.sendFileRequested.connect(
            lambda path, chunk: self.run(self._send_file(path, chunk))
        )
        self.tools.saveRequested.connect(lambda path: self.run(self._save_received(path)))
        self.tools.captureRequested.connect(lambda path: self.run(self._capture(path)))
        self.tools.loadCaptureRequested.connect(self.load_capture)
        self._job: Progress | None = None
        self._job_timer = QTimer(self)
        self._job_timer.setInterval(JOB_POLL_MS)
        self._job_timer.timeout.connect(self._poll_job)
        self.mark_advanced(self.tools)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("stateLabel")
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label.setFont(bold())

        self.editor = PayloadEditor(self)
        self.editor.sendRequested.connect(self._send_requested)
        self.log = LogPane(self)
        self.counters = CountersBar(self)
        self.counters.set_unit(self.unit)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.log)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setChildrenCollapsible(False)
        self.rate_plot = RatePlot(self)
        self.rate_plot.hide()
        self.splitter.addWidget(self.rate_plot)
        self.bridge.countersChanged.connect(self.rate_plot.add_sample)
        self.code_panel = CodePanel(self)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.addWidget(self.splitter)
        self.main_splitter.addWidget(self.code_panel)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 2)
        # Start at 3:2 (the log keeps at least its minimum): the code panel
        # shows whole statements, not the first fifteen characters of each.
        self.main_splitter.setSizes([3_000, 2_000])
        self._code_timer = QTimer(self)
        self._code_timer.setSingleShot(True)
        self._code_timer.setInterval(CODE_REFRESH_MS)
        self._code_timer.timeout.connect(self.refresh_code)
        # Once the subclass has built its fields: follow them with the code panel.
        QTimer.singleShot(0, self._watch_fields_for_code)

        layout = QVBoxLayout(self)
        layout.addWidget(self.settings_box)
        layout.addWidget(self.tools)
        layout.addWidget(self.settings_error)
        layout.addWidget(self.explanation_label)
        layout.addWidget(self.state_label)
        layout.addWidget(self.main_splitter, 1)
        layout.addWidget(self.counters)
        self._state_text = ""
        self._last_state: StateChanged | None = None

    # -- language --------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every visible string; subclasses extend this."""
        self.settings_box.setTitle(QCoreApplication.translate("SessionTab", "Settings"))
        self.schedule_code_refresh()  # comments follow the language
        self.trace_checkbox.setText(QCoreApplication.translate("SessionTab", "Trace socket calls"))
        self.trace_checkbox.setToolTip(
            QCoreApplication.translate(
                "SessionTab",
                "Show each socket operation in the log as a program would write it: "
                "socket(), bind(), sendto()/recvfrom(), listen(), accept(), close()",
            )
        )
        if self._explained is not None:
            self.explain(self._explained)
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
        if self._last_state is None:
            self.set_state_text(self.idle_text())
        else:
            self.set_state_text(state_text(self._last_state))

    def idle_text(self) -> str:
        """The state line when no session runs."""
        return QCoreApplication.translate("SessionTab", "closed")

    # -- load tools: generator, files, capture -----------------------------------

    async def job_session(self) -> Session:
        """The session the load tools work on; raises SessionError if there is none."""
        if self.session is None:
            raise SessionError(
                "", QCoreApplication.translate("SessionTab", "open or connect first")
            )
        return self.session

    def start_generator(self, session: Session, spec: GeneratorSpec) -> Progress:
        """Start ``spec`` on ``session`` toward this tab's destination."""
        raise NotImplementedError

    def start_file_send(self, session: Session, path: str, chunk: int) -> Progress:
        """Send the file at ``path`` on ``session`` toward this tab's destination."""
        raise NotImplementedError

    async def _generate(self, spec: GeneratorSpec) -> None:
        session = await self.job_session()
        self._track_job(self.start_generator(session, spec))

    async def _send_file(self, path: str, chunk: int) -> None:
        session = await self.job_session()
        self._track_job(self.start_file_send(session, path, chunk))

    def _track_job(self, job: Progress) -> None:
        self._job = job
        self.tools.show_job(job.snapshot())
        self._job_timer.start()

    def _poll_job(self) -> None:
        job = self._job
        if job is None:
            self._job_timer.stop()
            return
        snapshot = job.snapshot()
        self.tools.show_job(snapshot)
        if not snapshot.running:
            self._job = None
            self._job_timer.stop()

    def _stop_job(self) -> None:
        if self._job is not None:
            self._job.stop()
        self._poll_job()

    async def _save_received(self, path: str) -> None:
        session = self.session
        if not path:
            if session is not None:
                await self.call(session.stop_receive_to_file())
            self.tools.set_saving(False)
            return
        try:
            session = await self.job_session()
            session.receive_to_file(path)
        except SessionError:
            self.tools.set_saving(False)
            raise
        self.tools.set_saving(True)

    async def _capture(self, path: str) -> None:
        session = self.session
        if not path:
            if session is not None:
                await self.call(session.stop_capture())
            self.tools.set_capturing(False)
            return
        try:
            session = await self.job_session()
            await self.call(session.start_capture(path))
        except SessionError:
            self.tools.set_capturing(False)
            raise
        self.tools.set_capturing(True)

    def load_capture(self, path: str) -> int:
        """Show the events of a capture file in the log; returns how many."""
        try:
            events = load_capture(path)
        except (OSError, ValueError) as exc:
            self.show_error(str(exc), log=True)
            return 0
        self.log.append_events(events)
        return len(events)

    # -- the Python code panel ---------------------------------------------------

    def code_settings(self) -> CodeSettings | None:
        """What this tab is set to do, for :func:`socklab.teaching.codegen.generate`."""
        return None

    def refresh_code(self) -> None:
        """Regenerate the script now (normally a short timer after an edit)."""
        settings = self.code_settings()
        if settings is not None and not self.code_panel.isHidden():
            self.code_panel.set_code(generate(settings, current_language()))

    def schedule_code_refresh(self) -> None:
        self._code_timer.start()

    def _watch_fields_for_code(self) -> None:
        for edit in self.findChildren(QLineEdit):
            edit.textChanged.connect(self.schedule_code_refresh)
        for combo in self.findChildren(QComboBox):
            combo.currentIndexChanged.connect(self.schedule_code_refresh)
        for spin in self.findChildren(QAbstractSpinBox):
            spin.editingFinished.connect(self.schedule_code_refresh)
            if hasattr(spin, "valueChanged"):
                spin.valueChanged.connect(self.schedule_code_refresh)
        for check in self.findChildren(QCheckBox):
            check.toggled.connect(self.schedule_code_refresh)
        self.editor.edit.textChanged.connect(self.schedule_code_refresh)
        self.refresh_code()

    def show_rate_plot(self, shown: bool) -> None:
        self.rate_plot.setVisible(shown)

    def show_code(self, shown: bool) -> None:
        self.code_panel.setVisible(shown)
        if shown:
            self.refresh_code()

    @staticmethod
    def host_or(widget: QWidget, default: str) -> str:
        """The host in ``widget``, or ``default`` while it is not a valid one."""
        try:
            return read_host(widget, "")
        except FieldError:
            return default

    @staticmethod
    def port_or(widget: QWidget, default: int, *, allow_zero: bool = False) -> int:
        """The port in ``widget``, or ``default`` while it is not a valid one."""
        try:
            return read_port(widget, "", allow_zero=allow_zero)
        except FieldError:
            return default

    def editor_payload(self) -> bytes:
        """The editor's bytes, or nothing while its input is invalid."""
        try:
            return self.editor.payload()
        except PayloadError:
            return b""

    # -- the socket-call trace ---------------------------------------------------

    def recv_call(self) -> str:
        """How this tab's receive call is written in the trace (``recvfrom(1024)``)."""
        return "recv(65536)"

    def set_trace(self, on: bool) -> None:
        """Show socket calls in the log (setup calls come from the session)."""
        if self.session is not None:
            self.session.trace = on
        self.log.model.set_trace(
            self.recv_call() if on else None, datagram=self.unit is Unit.DATAGRAMS
        )

    def refresh_trace(self) -> None:
        """The receive size changed: the trace writes the calls anew."""
        self.set_trace(self.trace_checkbox.isChecked())

    # -- presentation mode -------------------------------------------------------

    def mark_advanced(self, *widgets: QWidget) -> None:
        """These options are hidden in presentation mode (the lesson needs fewer)."""
        self._advanced.extend(widgets)

    def set_presentation(self, on: bool) -> None:
        for widget in self._advanced:
            widget.setVisible(not on)

    # -- persistence -----------------------------------------------------------

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("payload", self.editor.state())
        settings.setValue("display", [self.log.model.display_mode, self.log.model.display_encoding])
        settings.setValue("max_rows", self.log.model.max_rows)

    def load_settings(self, settings: QSettings) -> None:
        state = settings.value("payload")
        if isinstance(state, dict):
            self.editor.restore(state)
        with contextlib.suppress(TypeError, ValueError):  # a stale or hand-edited value
            self.log.set_max_rows(int(settings.value("max_rows", self.log.model.max_rows)))
        display = settings.value("display")
        if isinstance(display, list) and len(display) == 2:
            with contextlib.suppress(ValueError):  # a stale or hand-edited value
                self.log.set_display(str(display[0]), str(display[1]))

    # -- sessions --------------------------------------------------------------

    def attach_session(self, session: Session) -> None:
        """Make ``session`` this tab's: its events flow into the log and counters."""
        self.session = session
        self.counters.reset()
        self.rate_plot.reset()
        session.trace = self.trace_checkbox.isChecked()
        self.bridge.attach(session)
        self.sessionChanged.emit()

    def release_session(self) -> None:
        """Detach and shut down the session (joins its worker thread)."""
        self._poll_job()
        self._job = None
        self.tools.show_job(None)
        self.tools.set_saving(False)
        self.tools.set_capturing(False)
        if self.session is not None:
            # Close first: what closing reports (the last states, close() in the
            # trace, clients leaving) waits in the ring for the final pull.
            self.session.shutdown(2.0)
        self.bridge.detach()
        self.session = None
        self.sessionChanged.emit()

    def release_soon(self) -> None:
        """The session ended by itself: release it once the batch being handled
        is done (the state line keeps saying how it ended)."""
        session = self.session
        if session is not None:
            QTimer.singleShot(
                0, lambda: self.release_session() if self.session is session else None
            )

    def shutdown(self) -> None:
        """Stop everything: the window is closing."""
        for task in list(self._tasks):
            task.cancel()
        self.release_session()

    def add_stream_view(self) -> QCheckBox:
        """Give this tab a "show chunk boundaries" view; returns its checkbox to place."""
        self.stream_view = StreamView(self)
        self.stream_view.hide()
        self.splitter.insertWidget(self.splitter.indexOf(self.log), self.stream_view)
        checkbox = QCheckBox(self)
        checkbox.setObjectName("chunkBoundaries")
        checkbox.toggled.connect(self.stream_view.setVisible)
        self.chunk_checkbox = checkbox
        return checkbox

    def _on_batch(self, batch: Batch) -> None:
        self.log.append_events(batch.events, batch.dropped)
        view = self.stream_view
        if view is not None and not view.isHidden():  # shown, even while on another tab
            view.encoding = self.log.model.display_encoding
            view.append_chunks([e.data for e in batch.events if isinstance(e, Received)])
        for event in batch.events:
            if isinstance(event, StateChanged):
                self.on_state(event)
            self.on_event(event)

    def on_state(self, event: StateChanged) -> None:
        """A state change arrived; the default shows it on the state line."""
        self._last_state = event
        self.set_state_text(state_text(event))

    def on_event(self, event: Event) -> None:
        """Every event of a batch, in order; a failure is shown and explained."""
        if isinstance(event, Failed) and event.operation:
            self.explain(event)

    def _on_counters(self, counters: Counters) -> None:
        self.counters.update_counts(
            counters.rx_packets,
            counters.rx_bytes,
            counters.tx_packets,
            counters.tx_bytes,
            counters.dropped_by_system,
        )

    def show_idle(self) -> None:
        """Back to the state line of a tab with no socket."""
        self._last_state = None
        self.set_state_text(self.idle_text())

    def set_state_text(self, text: str) -> None:
        if text != self._state_text:
            self._state_text = text
            self.state_label.setText(text)
            self.stateTextChanged.emit(text)

    # -- sending ---------------------------------------------------------------

    def _send_requested(self, data: bytes) -> None:
        self.run(self.send(data))

    async def send(self, data: bytes) -> None:
        """Send the editor's payload; subclasses implement it."""
        raise NotImplementedError

    # -- async work and errors --------------------------------------------------

    def run(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coro`` on the GUI loop; its FieldError/SessionError is shown, not raised."""
        task = asyncio.ensure_future(self._guarded(coro))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _guarded(self, coro: Coroutine[Any, Any, Any]) -> None:
        try:
            await coro
        except FieldError as exc:
            self.show_field_error(exc)
        except SessionError as exc:
            self.explain(exc)
        except PayloadError as exc:
            self.show_error(str(exc), log=True, widget=self.editor.edit)

    async def call(self, future: concurrent.futures.Future[T]) -> T:
        """Await a worker's answer."""
        return await wait_for(future)

    def show_field_error(self, error: FieldError) -> None:
        """Mark the field, say what is wrong next to it, and log it."""
        mark_invalid(error.widget, True, error.message)
        self._marked.add(error.widget)
        error.widget.setFocus()
        self.show_error(str(error), log=True)

    def show_error(self, message: str, *, log: bool = False, widget: QWidget | None = None) -> None:
        """Show ``message`` under the settings strip (and as a log row when asked).

        Errors from a session are logged by its Failed event already.
        """
        if widget is not None:
            mark_invalid(widget, True, message)
            self._marked.add(widget)
        self.settings_error.setText(message)
        self.settings_error.show()
        if log:
            self.log.append_events([Failed(operation="", message=message)])
        self.show_explanation(None)

    def explain(self, error: SessionError | Failed) -> None:
        """Show what a socket failure means and the usual fix, in the UI language."""
        self.show_error(error.message if isinstance(error, Failed) else str(error))
        self.show_explanation(explain_error(error, current_language()))
        self._explained = error

    def show_explanation(self, explanation: Explanation | None) -> None:
        self._explained = None
        if explanation is None:
            self.explanation_label.clear()
            self.explanation_label.hide()
            return
        why = QCoreApplication.translate("SessionTab", "Why:")
        fix = QCoreApplication.translate("SessionTab", "What to do:")
        self.explanation_label.setText(
            f"{explanation.title}\n{why} {explanation.why}\n{fix} {explanation.fix}"
        )
        self.explanation_label.show()

    def clear_errors(self) -> None:
        for widget in self._marked:
            mark_invalid(widget, False)
        self._marked.clear()
        self.settings_error.clear()
        self.settings_error.hide()
        self.show_explanation(None)

    def watch_field(self, widget: QWidget) -> None:
        """Clear a field's error mark as soon as the user edits it."""
        signal = getattr(widget, "editTextChanged", None) or getattr(widget, "textEdited", None)
        if signal is not None:
            signal.connect(lambda *_: self._unmark(widget))

    def _unmark(self, widget: QWidget) -> None:
        if widget in self._marked:
            mark_invalid(widget, False)
            self._marked.discard(widget)
            if not self._marked:
                self.settings_error.hide()

    @staticmethod
    def ended(event: StateChanged) -> bool:
        """The state means the socket is gone."""
        return event.state in (State.CLOSED, State.PEER_CLOSED, State.RESET, State.STOPPED)
