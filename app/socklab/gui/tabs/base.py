"""A tab's life with its session.

The user sets fields and clicks. The click reads its fields at once and hands
plain values to a coroutine (:meth:`SessionTab.act`); the coroutine attaches a
session (:meth:`SessionTab.attach_session`), whose events then flow through the
bridge into the log, the counters and the state line until the tab releases
the session (the user closes it, it ends by itself, the window closes).

The rest belongs to collaborators: :class:`TabFrame` (the parts and their
layout, language, presentation, view settings), :class:`TaskRunner` (the
coroutines and their failures), :class:`ErrorBanner` (errors at their field),
:class:`JobController` (the load tools) and :class:`CodeFollower` (the code
panel).

Strings here are translated in the context ``"SessionTab"`` (``self.tr`` would
take the subclass's name as context, see DESIGN.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QWidget

from socklab.core import (
    Batch,
    Counters,
    Event,
    Failed,
    GeneratorSpec,
    Progress,
    Received,
    Session,
    SessionError,
    State,
    StateChanged,
    load_capture,
)
from socklab.gui.bridge import SessionBridge
from socklab.gui.describe import arg
from socklab.gui.tabs.frame import TabFrame
from socklab.gui.tabs.job_controller import JobController
from socklab.gui.tabs.task_runner import TaskRunner, Work
from socklab.gui.widgets.counters_bar import Unit
from socklab.gui.widgets.fields import UNUSED_PORT

S = TypeVar("S", bound=Session)


class SessionTab(TabFrame, Generic[S]):
    """Base of the UDP, Broadcast, TCP Client and TCP Server tabs; ``S`` is the
    kind of session the tab runs (``self.session`` is an ``S`` or None).

    A subclass fills :attr:`settings_grid`, implements :meth:`sending` and the
    load tools' :meth:`start_generator` / :meth:`start_file_send`, and extends
    :meth:`retranslate`, :meth:`save_settings` and :meth:`load_settings`.

    Signals (and :class:`TabFrame`'s):
        sessionChanged(): a session was attached or released.
        titleChanged(): what :meth:`title_place` says may have changed.
    """

    sessionChanged = Signal()  # noqa: N815
    titleChanged = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: S | None = None
        self.tasks = TaskRunner(self)
        self.tasks.fieldFailed.connect(self.banner.show_field_error)
        self.tasks.payloadFailed.connect(
            lambda exc: self.banner.show_message(str(exc), self.editor.edit, log=True)
        )
        self.tasks.sessionFailed.connect(
            lambda exc: self.banner.explain(str(exc), exc, self.field_for(exc))
        )
        self.banner.logged.connect(self._log_failure)
        self.code_panel.saveFailed.connect(self._log_failure)  # said at its button too
        self.jobs = JobController(self.tools, self)
        self.tools.loadCaptureRequested.connect(self.load_capture)
        self.tools.savePcapRequested.connect(self.save_pcap)
        self.editor.sendRequested.connect(self._send_clicked)
        self.trace_checkbox.toggled.connect(self.set_trace)
        self.bridge = SessionBridge(self)
        self.bridge.eventsArrived.connect(self._on_batch)
        self.bridge.countersChanged.connect(self._on_counters)
        self.bridge.countersChanged.connect(self.rate_plot.add_sample)
        # A socket bound, listening, closed: the title may say another address.
        self.sessionChanged.connect(self.titleChanged)
        self.stateTextChanged.connect(lambda _text: self.titleChanged.emit())

    # -- the tab's title ----------------------------------------------------------

    def title_place(self) -> tuple[str, str]:
        """What the tab's title says besides its kind: a variant of the kind
        (``"tls"``, ``"unix"``, or "": see ``SessionKind.variants``) and where
        the socket is (``:41400``, ``example:443``: :mod:`.tab_place`)."""
        return "", ""

    def follow_title(self, *fields: QWidget) -> None:
        """The title follows these fields as they are edited (or ticked)."""
        for field in fields:
            if isinstance(field, QComboBox):
                field.currentTextChanged.connect(lambda _text: self.titleChanged.emit())
            elif isinstance(field, QLineEdit):
                field.textChanged.connect(lambda _text: self.titleChanged.emit())
            elif isinstance(field, QAbstractButton):
                field.toggled.connect(lambda _on: self.titleChanged.emit())

    def _log_failure(self, text: str) -> None:
        self.log.append_events([Failed(operation="", message=text)])

    # -- clicks ------------------------------------------------------------------

    def act(self, prepare: Callable[[], Work]) -> asyncio.Task[Any] | None:
        """A click: ``prepare()`` reads its fields now and returns the work to run
        (None: a field was bad, and is shown)."""
        return self.tasks.act(prepare)

    def run(self, work: Work) -> asyncio.Task[Any]:
        """Run ``work`` on the GUI loop; its FieldError/SessionError is shown, not raised."""
        return self.tasks.run(work)

    def _send_clicked(self, data: bytes) -> None:
        self.act(lambda: self.sending(data))

    def sending(self, data: bytes) -> Coroutine[Any, Any, None]:
        """Send's click: read the fields Send needs now; the coroutine sends ``data``."""
        raise NotImplementedError

    async def send(self, data: bytes) -> None:
        """Send ``data`` as the Send button does (for scripts)."""
        await self.sending(data)

    # -- the session's life ------------------------------------------------------

    def attach_session(self, session: S) -> S:
        """Make ``session`` this tab's: its events flow into the log and counters."""
        self.session = session
        self.log.session_kind = session.kind
        self.counters.reset()
        self.rate_plot.reset()
        session.trace = self.trace_checkbox.isChecked()
        self.bridge.attach(session)
        self.sessionChanged.emit()
        return session

    def _on_batch(self, batch: Batch) -> None:
        self.log.append_events(batch.events, batch.dropped)
        self.editor.refresh_preview()  # a repeat-send may have used up counter values
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
        self.state_label.show_state(event)

    def on_event(self, event: Event) -> None:
        """Every event of a batch, in order; a failure is shown and explained."""
        if isinstance(event, Failed) and event.operation:
            self.banner.explain(event.message, event, self.field_for(event))

    def bind_fields(self) -> tuple[QWidget | None, QWidget | None]:
        """The fields (address, port) this tab's bind() reads; None where it has none."""
        return None, None

    def field_for(self, failure: SessionError | Failed) -> QWidget | None:
        """The field whose value ``failure`` concerns: bind()'s port when it is
        taken or privileged, its address when this machine has none such."""
        if not failure.operation.startswith("bind"):
            return None
        address_field, port_field = self.bind_fields()
        code = failure.errno_name.removeprefix("WSA")
        if code in ("EADDRINUSE", "EACCES"):  # a Unix path has no port: its address
            return address_field if port_field and port_field.property(UNUSED_PORT) else port_field
        if code == "EADDRNOTAVAIL":
            return address_field
        return None

    def _on_counters(self, c: Counters) -> None:
        self.counters.update_counts(
            c.rx_packets, c.rx_bytes, c.tx_packets, c.tx_bytes, c.dropped_by_system
        )

    @staticmethod
    def ended(event: StateChanged) -> bool:
        """The state means the socket is gone."""
        return event.state in (State.CLOSED, State.PEER_CLOSED, State.RESET, State.STOPPED)

    def release_soon(self) -> None:
        """The session ended by itself: release it once the batch being handled
        is done (the state line keeps saying how it ended)."""
        session = self.session
        if session is not None:
            QTimer.singleShot(
                0, lambda: self.release_session() if self.session is session else None
            )

    def release_session(self) -> None:
        """Detach and shut down the session (joins its worker thread)."""
        self.jobs.reset()
        if self.session is not None:
            # Close first: what closing reports (the last states, close() in the
            # trace, clients leaving) waits in the ring for the final pull.
            self.session.shutdown(2.0)
        self.bridge.detach()
        self.session = None
        self.editor.reset_counter()  # template fields: the next session counts from 1
        self.sessionChanged.emit()

    def shutdown(self) -> None:
        """Stop everything: the window is closing."""
        self.tasks.cancel_all()
        self.release_session()

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

    # -- load tools (run by self.jobs) -------------------------------------------

    def job_target(self) -> Any:
        """Read now where a load tool's traffic goes (a destination, some peers)."""
        return None

    def job_session(self) -> Coroutine[Any, Any, S]:
        """Read now what a load tool's session needs; the coroutine gives the session.
        By default the open one: a TCP job needs a connection first."""
        return self._open_session()

    async def _open_session(self) -> S:
        if self.session is None:
            raise SessionError(
                "", QCoreApplication.translate("SessionTab", "open or connect first")
            )
        return self.session

    def start_generator(self, session: S, spec: GeneratorSpec, target: Any) -> Progress:
        """Start ``spec`` on ``session`` toward ``target`` (:meth:`job_target`)."""
        raise NotImplementedError

    def start_file_send(self, session: S, path: str, chunk: int, target: Any) -> Progress:
        """Send the file at ``path`` on ``session`` toward ``target``."""
        raise NotImplementedError

    def save_pcap(self, path: str) -> bool:
        """Save what the log holds to a Wireshark file, as the pcapng button
        does: a failure, or the rows the log let go, show at the button."""
        button = self.tools.pcap_button
        try:
            self.log.save_pcap_to(path)
        except (OSError, ValueError) as exc:
            self.banner.show_message(self.log.save_failure(path, exc), button, log=True)
            return False
        note = self.log.pcap_note(path)
        if note:
            self.banner.show_message(note, button)
        else:
            self.banner.unmark(button)
        return True

    def load_capture(self, path: str) -> int:
        """Show the events of a capture file in the log; returns how many.

        A file that cannot be read, or holds a line SockLab would not write, is
        refused whole: the reason (the line and the field) shows at the Load
        button and in the log.
        """
        try:
            events = load_capture(path)
        except (OSError, ValueError) as exc:
            text = QCoreApplication.translate("SessionTab", "Cannot load the capture: %1")
            self.banner.show_message(arg(text, str(exc)), self.tools.load_button, log=True)
            return 0
        self.log.append_events(events)
        return len(events)
