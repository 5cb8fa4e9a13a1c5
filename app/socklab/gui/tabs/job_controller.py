"""Runs the load tools' jobs on a tab's session and shows how they go.

Two kinds of job: a *sending* job (the traffic generator, a file send; one at a
time, its progress polled and shown in the :class:`ToolsPanel`) and a
*recording* (save what arrives to a file, capture every event; on until the
button is released). Each request reads what it needs from the tab's fields at
once, in the slot (the destination, the peers, what opening a session takes),
like every click.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer

from socklab.core import GeneratorSpec, Progress, Session
from socklab.gui.bridge import wait_for
from socklab.gui.widgets.tools_panel import ToolsPanel

#: How often a running generator's or file send's progress is shown.
JOB_POLL_MS = 250

#: Starts a sending job on a session toward a target; returns its progress.
Start = Callable[[Any, Any], Progress]


class JobHost(Protocol):
    """What the controller needs of its tab (see :class:`~socklab.gui.tabs.base.SessionTab`)."""

    session: Any

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


async def _start_saving(session: Any, path: str) -> None:
    session.receive_to_file(path)  # opens the file now; raises SessionError if it cannot


async def _start_capture(session: Session, path: str) -> None:
    await wait_for(session.start_capture(path))


SAVE_RECEIVED = Recording(_start_saving, lambda s: s.stop_receive_to_file(), ToolsPanel.set_saving)
CAPTURE = Recording(_start_capture, lambda s: s.stop_capture(), ToolsPanel.set_capturing)


class JobController(QObject):
    """Answers a :class:`ToolsPanel`'s requests with jobs on ``host``'s session.

    Signals: none (it drives the panel's display).
    """

    def __init__(self, tools: ToolsPanel, host: JobHost) -> None:
        super().__init__(tools)
        self._tools = tools
        self._host = host
        self._job: Progress | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(JOB_POLL_MS)
        self._timer.timeout.connect(self.poll)
        tools.generateRequested.connect(self._generate)
        tools.sendFileRequested.connect(self._send_file)
        tools.stopRequested.connect(self.stop)
        tools.saveRequested.connect(lambda path: self._record(SAVE_RECEIVED, path))
        tools.captureRequested.connect(lambda path: self._record(CAPTURE, path))

    # -- sending jobs ------------------------------------------------------------

    def _generate(self, spec: GeneratorSpec) -> None:
        host = self._host
        self._send(lambda session, target: host.start_generator(session, spec, target))

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
            await recording.start(await opening, path)
        except BaseException:
            recording.show(self._tools, False)
            raise
        recording.show(self._tools, True)

    async def _stop_recording(self, recording: Recording, session: Session | None) -> None:
        if session is not None:
            await wait_for(recording.stop(session))
        recording.show(self._tools, False)

    # -- the session goes --------------------------------------------------------

    def reset(self) -> None:
        """The session is going: show its last progress, then nothing running."""
        self.poll()
        self._job = None
        self._tools.show_job(None)
        self._tools.set_saving(False)
        self._tools.set_capturing(False)
