"""What every session shares: its worker, its events, its counters, the
files it saves to, and (from :mod:`.sending`) repeat-send and its one job.

A :class:`Session` is the thread-safe handle that the GUI and the CLI hold.
Its public methods return :class:`concurrent.futures.Future` objects; the
socket work itself runs on the session's worker thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import socket
import time
from collections.abc import Callable, Coroutine, Iterable
from typing import Any, TypeVar

from ..addresses import AddressError, resolve
from ..calls import socket_call
from ..errors import SessionError, session_error
from ..events import Event, Reason, SockAddr, SocketCall
from ..files.transfer import FileSink, ReceiveProgress, SaveOptions
from ..ipv6 import set_ipv6_only
from ..jobs.progress import Phase
from ..unix import is_unix_text, unix_sockaddr
from .sending import SendJobs
from .unix_paths import UnixPaths, socket_family
from .worker import DEFAULT_RING_SIZE, Batch, Counters, Worker

T = TypeVar("T")


class Session(UnixPaths, SendJobs):
    """Base of UDP, TCP client and TCP server sessions.

    Subclasses implement ``_aclose`` (release the socket, emit the final state,
    with ``reason`` when the close was not asked for).
    """

    kind = "session"

    def __init__(self, *, ring_size: int = DEFAULT_RING_SIZE) -> None:
        super().__init__()
        self.worker = Worker(self.kind, ring_size)
        self.worker.start()
        self._capture: Any = None  # a files.recording.Recording while recording
        #: How the current (or last) capture ended: its event count, or the
        #: SessionError that ended it early (a full disk), the moment it happens.
        self.capture_ended: concurrent.futures.Future[int] = concurrent.futures.Future()
        self._sink: FileSink | None = None  # where received bytes are saved
        #: Report setup and teardown calls (socket, setsockopt, bind, listen,
        #: accept, connect, shutdown, close) as SocketCall events. Any thread
        #: may set it; data calls are shown from Sent/Received by the viewer.
        self.trace = False

    # -- consumer side ---------------------------------------------------------

    @property
    def counters(self) -> Counters:
        return self.worker.counters

    def drain(self, limit: int | None = None) -> Batch:
        """Everything that happened since the last drain (see :meth:`Worker.drain`).

        With ``limit``, only the newest ``limit`` events; the rest count as dropped.
        """
        return self.worker.drain(limit)

    def wait_for_events(self, timeout: float | None = None) -> bool:
        return self.worker.wait_for_events(timeout)

    # -- lifecycle -----------------------------------------------------------

    def close(self) -> concurrent.futures.Future[None]:
        """Close the socket(s); the worker keeps running so the session can reopen."""
        return self._submit(self._aclose())

    def shutdown(self, timeout: float = 2.0) -> bool:
        """Close everything and join the worker thread; True if done within ``timeout``."""
        deadline = time.monotonic() + timeout
        if self.worker.running:
            with contextlib.suppress(concurrent.futures.TimeoutError, SessionError, RuntimeError):
                self.worker.submit(self._ashutdown()).result(timeout * 0.75)
        return self.worker.stop(max(0.05, deadline - time.monotonic()))

    async def _ashutdown(self) -> None:
        try:
            await self._astop_job()
            await self._aclose()
        finally:
            await self._astop_sink()
            await self._astop_capture()

    async def _aclose(self, reason: Reason = Reason.NONE) -> None:
        raise NotImplementedError

    # -- saving received bytes to a file -----------------------------------------

    def stop_receive_to_file(self) -> concurrent.futures.Future[int]:
        """Close the file; resolves to how many bytes it holds, or raises the
        SessionError that kept the file from being finished."""
        return self._submit(self._astop_sink(check=True))

    def _start_sink(
        self,
        path: str | os.PathLike[str],
        options: SaveOptions,
        *,
        peer: SockAddr | None = None,
        peer_id: int | None = None,
    ) -> ReceiveProgress:
        """Save what arrives from now on to ``path`` (only ``peer``'s or
        ``peer_id``'s, if given), replacing a file sink that runs.

        Raises SessionError if the file cannot be opened. The sink is installed
        by a plain callback, which runs before any data the worker reads after
        this call: "from now on" holds even for a flood.
        """
        try:
            sink = FileSink(path, options, peer=peer, peer_id=peer_id)
        except OSError as exc:
            raise self._fail(f"save to {os.fspath(path)}", exc) from None

        def install() -> None:
            self._close_sink(Phase.STOPPED)
            self._sink = sink

        future = self._call_soon(install)
        if future.done() and future.exception() is not None:
            sink.fail(future.exception() or SessionError("", "the session has been shut down"))
        return sink.progress

    def _close_sink(self, phase: Phase) -> int:
        """Finish the running file sink, if any; returns the bytes it wrote."""
        sink, self._sink = self._sink, None
        return self._end_sink(sink, phase) if sink is not None else 0

    def _end_sink(self, sink: FileSink, phase: Phase) -> int:
        """Finish ``sink``; a file that cannot be finished (a full disk at the last
        flush) is reported as a failure of the save, at once."""
        try:
            return sink.close(phase)
        except OSError as exc:
            self._sink_failed(sink, exc)
            return sink.progress.bytes

    async def _astop_sink(self, phase: Phase = Phase.STOPPED, *, check: bool = False) -> int:
        sink = self._sink
        nbytes = self._close_sink(phase)
        if check and sink is not None and sink.progress.phase is Phase.FAILED:
            error = sink.progress.future.exception()
            if error is not None:
                raise error
        return nbytes

    def _write_sink(self, sink: FileSink, chunks: Iterable[bytes | bytearray]) -> None:
        """Append received data to ``sink``; if that fails (disk full ...), report
        it at once and stop saving."""
        try:
            sink.write_many(chunks)
        except OSError as exc:
            if self._sink is sink:
                self._sink = None
            self._sink_failed(sink, exc)

    def _sink_failed(self, sink: FileSink, exc: OSError) -> None:
        """``sink`` cannot go on: it ends FAILED first, then the Failed event says
        so (whoever sees the event finds the save over)."""
        error = session_error(f"save to {sink.path}", exc)
        sink.fail(error)
        self._emit(error.to_event())

    # -- capture -----------------------------------------------------------------

    def start_capture(
        self, path: str | os.PathLike[str] | None, pcap: str | os.PathLike[str] | None = None
    ) -> concurrent.futures.Future[None]:
        """Record every event from now on to ``path`` (JSON Lines) and/or
        ``pcap`` (pcapng, for Wireshark), losslessly.

        Independent of the event ring: a flood the view drops is still recorded.
        Raises SessionError if a file cannot be opened.
        """
        return self._call_soon(lambda: self._start_capture_now(path, pcap))

    def stop_capture(self) -> concurrent.futures.Future[int]:
        """Finish the capture file; resolves to how many events it holds."""
        return self._submit(self._astop_capture())

    @property
    def capturing(self) -> bool:
        return self._capture is not None

    def _start_capture_now(
        self, path: str | os.PathLike[str] | None, pcap: str | os.PathLike[str] | None = None
    ) -> None:
        from ..files.recording import Recording

        self._stop_capture_now()
        try:
            writer = Recording(
                self.kind, self.counters, jsonl=path, pcap=pcap, on_error=self._capture_broke
            )
        except OSError as exc:
            name = exc.filename if isinstance(exc.filename, str) else os.fspath(path or pcap or "")
            raise self._fail(f"capture to {name}", exc) from None
        writer.start_flushing(asyncio.get_running_loop())
        self._capture = writer
        self.capture_ended = concurrent.futures.Future()
        self.worker.tap = writer

    def _capture_broke(self, path: str, exc: OSError) -> None:
        """A capture file failed (a full disk): it records nothing more, a
        Failed event says so now (after the event being recorded) and
        :attr:`capture_ended` fails; stop_capture() then raises the same error."""
        self.worker.tap = None
        error = session_error(f"capture to {path}", exc)
        self.worker.loop.call_soon_threadsafe(self._emit, error.to_event())
        self.capture_ended.set_exception(error)

    async def _astop_capture(self) -> int:
        return self._stop_capture_now()

    def _stop_capture_now(self) -> int:
        writer, self._capture = self._capture, None
        if writer is None:
            return 0
        self.worker.tap = None
        if writer.error is not None:  # said when it happened
            raise session_error(f"capture to {writer.path}", writer.error)
        try:
            writer.close(self.counters)
        except OSError as exc:
            error = self._fail(f"capture to {writer.path}", exc)
            self.capture_ended.set_exception(error)
            raise error from None
        self.capture_ended.set_result(writer.events_written)
        return writer.events_written

    # -- helpers for subclasses -----------------------------------------------

    def _submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        if not self.worker.running:
            coro.close()
            future: concurrent.futures.Future[T] = concurrent.futures.Future()
            future.set_exception(SessionError("", "the session has been shut down"))
            return future
        return self.worker.submit(coro)

    def _call_soon(self, function: Callable[[], T]) -> concurrent.futures.Future[T]:
        """Run ``function`` on the worker's loop as a plain callback (not a task).

        A task's first step runs one loop pass later, after data that arrived
        meanwhile; a callback queued now runs before anything the worker reads
        after this call.
        """
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(function())
            except BaseException as exc:  # handed to the caller
                future.set_exception(exc)

        try:
            if not self.worker.running:
                raise RuntimeError
            self.worker.loop.call_soon_threadsafe(run)
        except RuntimeError:  # not started, or already shut down
            future.set_exception(SessionError("", "the session has been shut down"))
        return future

    def _resolve(
        self,
        host: str,
        port: int,
        kind: int,
        operation: str,
        family: int = 0,
        *,
        flags: int = 0,
    ) -> SockAddr:
        """``host:port`` as a socket address (a Unix one for ``/path`` or
        ``@name``); a name that does not resolve fails ``operation`` (a Failed
        event, and the error to raise)."""
        try:
            if is_unix_text(host):
                return unix_sockaddr(host)
            return resolve(host, port, sock_type=kind, family=family, flags=flags)
        except AddressError as exc:
            raise self._fail(operation, exc) from None

    def _new_socket(
        self, address: SockAddr, kind: int, ipv6_only: bool | None = None
    ) -> socket.socket:
        """A non-blocking socket of ``kind`` in ``address``'s family (traced);
        with ``ipv6_only`` (not None) an IPv6 socket gets IPV6_V6ONLY set so."""
        family = socket_family(address)
        sock = socket.socket(family, kind)
        self._trace(socket_call(family, kind))
        sock.setblocking(False)
        if ipv6_only is not None and (call := set_ipv6_only(sock, ipv6_only)):
            self._trace(call)
        return sock

    def _trace(self, call: str, result: str = "", peer_id: int | None = None) -> None:
        """Report one socket API call when tracing is on."""
        if self.trace:
            self.worker.emit(SocketCall(call, result, peer_id))

    def _emit(self, event: Event) -> None:
        self.worker.emit(event)

    def _count_in(self, items: list[Any], make: Callable[[Any], Event], nbytes: int) -> None:
        """Count a batch of received data (``nbytes`` in all), then queue its events:
        ``make(item)`` builds one only if it is still in the ring when a consumer drains."""
        counters = self.worker.counters
        counters.rx_packets += len(items)
        counters.rx_bytes += nbytes
        self.worker.emit_lazy(items, make, nbytes)

    def _count_out(self, items: list[Any], make: Callable[[Any], Event], nbytes: int) -> None:
        """Count a batch of sent data, then queue its events (as :meth:`_count_in`)."""
        counters = self.worker.counters
        counters.tx_packets += len(items)
        counters.tx_bytes += nbytes
        self.worker.emit_lazy(items, make, nbytes)

    def _fail(self, operation: str, exc: BaseException, peer_id: int | None = None) -> SessionError:
        """Log ``exc`` as a Failed event and return the error to raise."""
        error = session_error(operation, exc)
        self.worker.emit(error.to_event(peer_id))
        return error
