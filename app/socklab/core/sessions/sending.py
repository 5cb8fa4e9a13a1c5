"""The sending jobs, written once for every kind of session: repeat-send, and
the session's one job at a time (the traffic generator or a file send).

A job runs on the session's worker; starting one stops the one before, and
``Progress.stop()`` (any thread) ends it within milliseconds. Each kind gives
only how to get ready and how to send a batch; the pacing is
:func:`socklab.core.jobs.generator.pump`'s.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from ..errors import SessionError
from ..files.paths import checked_path
from ..files.transfer import read_blocks
from ..jobs.generator import GeneratorSpec, pump
from ..jobs.progress import Phase, Progress

T = TypeVar("T")
#: Sends a batch of ``n`` blocks (a generator's step); resolves to how many went.
SendBatch = Callable[[int], Awaitable[int]]

#: A send loop hands control back to the event loop at least this often, so
#: that Stop (and received data) gets through even at full rate.
_YIELD_EVERY = 64


class SendJobs:
    """Repeat-send and the one job of a session; the base of :class:`~.base.Session`.

    It needs from the session ``_submit`` (run a coroutine on the worker) and
    ``_fail`` (report an error as a Failed event, and return it to raise).
    """

    def __init__(self) -> None:
        self._repeat_task: asyncio.Task[int] | None = None
        self._job: Progress | None = None
        self._job_task: asyncio.Task[int] | None = None

    def _submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        raise NotImplementedError

    def _fail(self, operation: str, exc: BaseException, peer_id: int | None = None) -> SessionError:
        raise NotImplementedError

    # -- repeat-send -----------------------------------------------------------

    def stop_repeat(self) -> concurrent.futures.Future[None]:
        """Cancel a running repeat-send (it ends at its next send)."""
        return self._submit(self._astop_repeat())

    async def _astop_repeat(self) -> None:
        task, self._repeat_task = self._repeat_task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _arepeat(
        self, send_once: Callable[[], Awaitable[Any]], count: int | None, interval: float
    ) -> int:
        """Call ``send_once`` ``count`` times (None: until stopped), one every ``interval`` s.

        Sends are scheduled against the clock (start + i * interval), not by
        sleeping after each send, so the rate holds however long a send takes.
        Returns how many were sent; a failure ends the repeat.
        """
        await self._astop_repeat()
        self._repeat_task = asyncio.current_task()  # type: ignore[assignment]
        loop = asyncio.get_running_loop()
        start = loop.time()
        sent = 0
        try:
            while count is None or sent < count:
                await send_once()
                sent += 1
                if interval > 0:
                    delay = start + sent * interval - loop.time()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    elif delay < -1.0:  # fell a second behind: do not burst to catch up
                        start = loop.time() - sent * interval
                elif sent % _YIELD_EVERY == 0:
                    await asyncio.sleep(0)
        except asyncio.CancelledError:
            pass
        finally:
            if self._repeat_task is asyncio.current_task():
                self._repeat_task = None
        return sent

    # -- the job: a generator or a file send -------------------------------------

    def stop_job(self) -> concurrent.futures.Future[None]:
        """Stop the running generator or file send (also: ``progress.stop()``)."""
        job = self._job
        if job is not None:
            job.stop()
        return self._submit(self._astop_job())

    async def _astop_job(self) -> None:
        task, self._job_task = self._job_task, None
        job, self._job = self._job, None
        if job is not None:
            job.stop_requested = True
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _astop_sending(self) -> None:
        """Stop repeat-send and any generator or file send (before a close)."""
        await self._astop_repeat()
        await self._astop_job()

    def _start_job(
        self,
        progress: Progress,
        body: Callable[[Progress], Coroutine[Any, Any, Phase]],
        operation: str,
    ) -> Progress:
        """Run ``body(progress)`` on the worker as the session's one job.

        A job started earlier is stopped first. ``progress.stop()`` (any thread)
        ends it within milliseconds; ``progress.future`` resolves at the end.
        """
        loop_ref: list[asyncio.AbstractEventLoop] = []

        def wake() -> None:
            task = self._job_task
            if self._job is progress and task is not None and not task.done():
                task.cancel()

        def on_stop() -> None:
            if loop_ref:
                with contextlib.suppress(RuntimeError):  # the loop has closed
                    loop_ref[0].call_soon_threadsafe(wake)

        async def run() -> int:
            await self._astop_job()
            loop_ref.append(asyncio.get_running_loop())
            progress.on_stop = on_stop
            task = asyncio.current_task()
            self._job, self._job_task = progress, task  # type: ignore[assignment]
            progress.begin()
            try:
                if progress.stop_requested:
                    raise asyncio.CancelledError
                phase = await body(progress)
            except asyncio.CancelledError:
                progress.finish(Phase.STOPPED)
            except SessionError as exc:
                progress.finish(Phase.FAILED, exc)
            except OSError as exc:
                progress.finish(Phase.FAILED, self._fail(operation, exc))
            else:
                progress.finish(phase)
            finally:
                if self._job_task is task:
                    self._job, self._job_task = None, None
            return progress.packets

        future = self._submit(run())
        if future.done() and future.exception() is not None:
            progress.finish(Phase.FAILED, future.exception())
        return progress

    def _start_generator(
        self,
        spec: GeneratorSpec,
        operation: str,
        sender: Callable[[Progress], Awaitable[SendBatch]],
        **pump_options: int,
    ) -> Progress:
        """Run the traffic generator of ``spec`` as the session's job.

        ``await sender(progress)`` gets ready (binds, resolves) and gives the
        function that sends one batch; the rate, count and duration are the spec's.
        """

        async def body(progress: Progress) -> Phase:
            send_batch = await sender(progress)
            return await pump(
                progress,
                send_batch,
                spec.packets_per_second(),
                count=spec.count,
                duration=spec.duration,
                **pump_options,
            )

        return self._start_job(Progress("generator"), body, operation)

    # -- a file, block by block -----------------------------------------------------

    async def _apump_file(
        self,
        progress: Progress,
        path: str,
        operation: str,
        chunk: int,
        send_blocks: Callable[[list[bytes]], Awaitable[int]],
        *,
        pps: float | None,
        **pump_options: int,
    ) -> Phase:
        """Send the file at ``path`` in blocks of ``chunk`` bytes through
        ``send_blocks`` at ``pps`` (None: as fast as it goes) until its end."""
        try:
            file = open(checked_path(path), "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise self._fail(operation, exc) from None
        with file:
            read = file.read

            async def send_batch(n: int) -> int:
                blocks = read_blocks(read, chunk, n)
                return await send_blocks(blocks) if blocks else 0

            return await pump(progress, send_batch, pps, **pump_options)
