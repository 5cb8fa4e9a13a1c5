"""Runs the load tools' jobs on a tab's session and shows how they go.

Two kinds of job: a *sending* job (the traffic generator, a file send; one at a
time, its progress polled and shown in the :class:`ToolsPanel`, to its end:
when the connection goes first, the panel says how) and a *recording* (save
what arrives to a file, capture every event; on until the button is released).
A save or a capture that fails (a full disk) is shown at once: the button released and
marked with the reason. Each request reads what it needs from the tab's fields
at once, in the slot (the destination, the peers, what opening a session
takes, the save's options), like every click.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from socklab.core import (
    GeneratorSpec,
    Progress,
    ReceiveProgress,
    Session,
    SessionError,
    is_pcap_path,
)
from socklab.gui.bridge import wait_for
from socklab.gui.tabs.generator_payload import editor_spec
from socklab.gui.widgets.tools_panel import ToolsPanel

#: How often a running generator's or file send's progress is shown.
JOB_POLL_MS = 250

#: Starts a sending job on a session toward a target; returns its progress.
Start = Callable[[Any, Any], Progress]


class JobHost(Protocol):
    """What the controller needs of its tab (see :class:`~socklab.gui.tabs.base.SessionTab`)."""

    session: Any
    editor: Any

    def act(self, prepare: Callable[[], Coroutine[Any, Any, Any]]) -> object: ...
    def run(self, work: Coroutine[Any, Any, Any]) -> object: ...
    def job_target(self) -> Any: ...
    def job_session(self) -> Coroutine[Any, Any, Any]: ...
    def start_generator(self, session: Any, spec: GeneratorSpec, target: Any) -> Progress: ...
    def start_file_send(self, session: Any, path: str, chunk: int, target: Any) -> Progress: ...


@dataclass(frozen=True)
class Recording:
    """One of the two things a session records to a file until told to stop."""

    start: Callable[[Any, str], Awaitable[object]]
    stop: Callable[[Any], concurrent.futures.Future[int]]
    show: Callable[[ToolsPanel, bool], None]


async def _start_saving(session: Any, path: str) -> ReceiveProgress:
    # Opens the file now (raises SessionError if it cannot); an existing file
    # is replaced only when the save ends well (the dialog asked first).
    progress: ReceiveProgress = session.receive_to_file(path, atomic=True)
    return progress


async def _start_saving_body(session: Any, path: str) -> ReceiveProgress:
    progress: ReceiveProgress = session.receive_to_file(path, atomic=True, strip_http_header=True)
    return progress


async def _start_capture(session: Session, path: str) -> concurrent.futures.Future[int]:
    if is_pcap_path(path):  # packets for Wireshark
        await wait_for(session.start_capture(None, pcap=path))
    else:
        await wait_for(session.start_capture(path))
    return session.capture_ended


SAVE_RECEIVED = Recording(_start_saving, lambda s: s.stop_receive_to_file(), ToolsPanel.set_saving)
SAVE_BODY = Recording(_start_saving_body, SAVE_RECEIVED.stop, ToolsPanel.set_saving)
CAPTURE = Recording(_start_capture, lambda s: s.stop_capture(), ToolsPanel.set_capturing)


class JobController(QObject):
    """Answers a :class:`ToolsPanel`'s requests with jobs on ``host``'s session.

    Signals:
        headerSetAside(bytes): a save "without the HTTP header" set this header
            block aside (the tab shows it in the log).
    """

    headerSetAside = Signal(bytes)  # noqa: N815

    def __init__(self, tools: ToolsPanel, host: JobHost) -> None:
        super().__init__(tools)
        self._tools = tools
        self._host = host
        self._job: Progress | None = None
        self._saving: ReceiveProgress | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(JOB_POLL_MS)
        self._timer.timeout.connect(self.poll)
        tools.generateRequested.connect(self._generate)
        tools.sendFileRequested.connect(self._send_file)
        tools.stopRequested.connect(self.stop)
        tools.saveRequested.connect(self._save)
        tools.captureRequested.connect(lambda path: self._record(CAPTURE, path))

    # -- sending jobs ------------------------------------------------------------

    def _generate(self, spec: GeneratorSpec) -> None:
        host = self._host
        from_editor = self._tools.payload_from_editor()

        def prepare() -> Coroutine[Any, Any, None]:
            # The editor's payload is read at the click, before the target.
            try:
                chosen = editor_spec(spec, host.editor) if from_editor else spec
            except BaseException:
                self._tools.generate_button.setChecked(False)  # the tab says why
                raise
            return self._begin(
                lambda session, target: host.start_generator(session, chosen, target),
                host.job_target(),
                host.job_session(),
            )

        host.act(prepare)

    def _send_file(self, path: str, chunk: int) -> None:
        host = self._host
        self._send(lambda session, target: host.start_file_send(session, path, chunk, target))

    def _send(self, start: Start) -> None:
        host = self._host
        # Arguments are read left to right: a bad target is reported before
        # job_session() reads (or makes) anything.
        host.act(lambda: self._begin(start, host.job_target(), host.job_session()))

    async def _begin(self, start: Start, target: Any, opening: Awaitable[Any]) -> None:
        self.track(start(await opening, target))

    def track(self, job: Progress) -> None:
        """Show ``job``'s progress until it ends."""
        self._job = job
        self._tools.show_job(job.snapshot())
        self._timer.start()

    def poll(self) -> None:
        job = self._job
        if job is None:
            self._timer.stop()
            return
        snapshot = job.snapshot()
        self._tools.show_job(snapshot)
        if not snapshot.running:
            self._job = None
            self._timer.stop()

    def stop(self) -> None:
        if self._job is not None:
            self._job.stop()
        self.poll()

    # -- recordings --------------------------------------------------------------

    def _save(self, path: str) -> None:
        """Save what arrives to ``path`` (with the options shown now), or stop ("")."""
        without_header = self._tools.saving_without_header()
        self._record(SAVE_BODY if without_header else SAVE_RECEIVED, path)

    def _record(self, recording: Recording, path: str) -> None:
        """Start ``recording`` to ``path``, or stop it ("")."""
        if not path:
            self._host.run(self._stop_recording(recording, self._host.session))
            return
        self._host.act(lambda: self._start_recording(recording, path, self._opening(recording)))

    def _opening(self, recording: Recording) -> Coroutine[Any, Any, Any]:
        try:
            return self._host.job_session()
        except BaseException:
            recording.show(self._tools, False)
            raise

    async def _start_recording(
        self, recording: Recording, path: str, opening: Awaitable[Any]
    ) -> None:
        try:
            started = await recording.start(await opening, path)
        except BaseException:
            recording.show(self._tools, False)
            raise
        recording.show(self._tools, True)
        if isinstance(started, ReceiveProgress):
            self._saving = started
            self._host.run(self._watch_saving(started))
        elif isinstance(started, concurrent.futures.Future):
            self._host.run(self._watch_capture(started))

    async def _watch_saving(self, progress: ReceiveProgress) -> None:
        """Follow a save to its end: hand on the header it sets aside; a failure
        (its Failed event is in the log and the banner) releases the button and
        marks it with the reason."""
        header = await wait_for(progress.header)
        if header is not None:
            self.headerSetAside.emit(header)
        try:
            await wait_for(progress.future)
        except SessionError as exc:
            if self._saving is progress:
                self._saving = None
                self._tools.set_saving(False, str(exc))
            return
        if self._saving is progress:
            self._saving = None
            self._tools.set_saving(False)

    async def _watch_capture(self, ended: concurrent.futures.Future[int]) -> None:
        """A capture that fails (a full disk) releases its button, marked with
        the reason (its Failed event is in the log) the moment it happens."""
        try:
            await wait_for(ended)
        except SessionError as exc:
            self._tools.set_capturing(False, str(exc))

    async def _stop_recording(self, recording: Recording, session: Session | None) -> None:
        try:
            if session is not None:
                await wait_for(recording.stop(session))
        finally:
            recording.show(self._tools, False)

    # -- the session goes --------------------------------------------------------

    def reset(self) -> None:
        """The session is going: its recordings end; a job still running is
        followed to its end (the session stops it), which the panel then shows."""
        self.poll()
        self._tools.set_saving(False)
        self._tools.set_capturing(False)
