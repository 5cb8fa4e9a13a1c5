"""A light asyncio transport for the connections a server accepts by the thousand.

asyncio's own socket transport costs a dict of a score of attributes, a weak
reference, two socket calls and three loop callbacks before its protocol hears
of the connection; ten thousand clients pay that (and the garbage collector
walks it) at once. :class:`SocketTransport` keeps the same contract for a
:class:`~.stream.Connection` (reads into the protocol's buffer, writes with
backpressure, half-close, close after the queue is sent, abort) in one object
with slots, and tells the protocol at once. It reads each chunk straight into
its own bytes (``Connection.chunk_received``), not into the protocol's shared
buffer and out again.

Only for a selector loop (:func:`selector_loop`); a TLS connection takes
:class:`~.tls_transport.TlsTransport` there. What the two share (the
protocol's flow control, its end) is :class:`~.flow_transport.FlowTransport`.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections import deque

from ..events import SockAddr
from .flow_transport import FlowTransport
from .stream import Connection

#: At most this many queued writes go out in one sendmsg (writev).
_GATHER = 64


def selector_loop(loop: asyncio.AbstractEventLoop) -> bool:
    """Whether ``loop`` watches sockets itself (a selector loop: Linux, macOS),
    so a :class:`SocketTransport` and an ``Acceptor`` can run on it; elsewhere
    (Windows' proactor loop) the sessions take asyncio's own transports."""
    return isinstance(loop, asyncio.selector_events.BaseSelectorEventLoop)


class SocketTransport(FlowTransport):
    """``sock`` (connected, non-blocking) as a transport for ``protocol``.

    Calls ``protocol.connection_made`` before returning, and reads from then
    on unless the protocol closed it or paused reading meanwhile.
    """

    __slots__ = ("_buffer", "_eof")

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sock: socket.socket,
        protocol: Connection,
        peer: SockAddr,
    ) -> None:
        super().__init__(loop, sock, protocol, peer)
        # What the kernel did not take yet: the writes themselves, not a copy
        # (a bulk sender's megabytes are not moved again on every send).
        self._buffer: deque[memoryview] | None = None
        self._eof = False
        protocol.connection_made(self)
        if not self._closing and not self._paused:
            loop.add_reader(self._fd, self._read_ready)

    # -- what FlowTransport asks ----------------------------------------------

    def _unwatch_reads(self) -> None:
        self._loop.remove_reader(self._fd)

    def _resume_reads(self) -> None:
        self._loop.add_reader(self._fd, self._read_ready)

    # -- asyncio.BaseTransport -------------------------------------------------

    def close(self) -> None:
        """Stop reading; the connection ends once what is queued is sent."""
        if self._closing:
            return
        self._closing = True
        self._loop.remove_reader(self._fd)
        if not self._queued:
            self._lost = True
            self._loop.call_soon(self._call_lost, None)

    # -- asyncio.WriteTransport ------------------------------------------------

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Send now what the kernel takes; queue the rest (and pause the
        protocol above the high-water mark)."""
        if self._eof:
            raise RuntimeError("Cannot call write() after write_eof()")
        if not data or self._lost:
            return
        if not isinstance(data, bytes):
            data = bytes(data)  # the caller may change its own buffer later
        if not self._queued:
            try:
                sent = self._sock.send(data)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError as exc:
                self._force_close(exc)
                return
            if sent == len(data):
                return
            self._loop.add_writer(self._fd, self._write_ready)
        else:
            sent = 0
        if self._buffer is None:
            self._buffer = deque()
        self._buffer.append(memoryview(data)[sent:])
        self._queued += len(data) - sent
        self._maybe_pause()

    def write_eof(self) -> None:
        if self._closing or self._eof:
            return
        self._eof = True
        if not self._queued:
            self._sock.shutdown(socket.SHUT_WR)

    def can_write_eof(self) -> bool:
        return True

    def abort(self) -> None:
        """Close at once, discarding what is queued."""
        self._force_close(None)

    # -- the loop's callbacks ----------------------------------------------------

    def _read_ready(self) -> None:
        protocol = self._protocol
        try:
            # Into the chunk's own bytes: the protocol keeps them as they are
            # (no recv_into a shared buffer and a copy out of it).
            data = self._sock.recv(protocol.recv_size)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            self._force_close(exc)
            return
        try:
            if data:
                protocol.chunk_received(data, self._fd)
                return
            keep_open = protocol.eof_received()
        except Exception as exc:  # a bug above: said by the loop, as asyncio does
            self._loop.call_exception_handler(
                {"message": "protocol failed", "exception": exc, "transport": self}
            )
            self._force_close(exc)
            return
        if keep_open:
            self._loop.remove_reader(self._fd)  # keep it open for sending only
        else:
            self.close()

    def _write_ready(self) -> None:
        queue = self._buffer
        if self._lost or not queue:
            return
        try:
            if len(queue) == 1:
                sent = self._sock.send(queue[0])
            else:
                sent = self._sock.sendmsg(itertools.islice(queue, _GATHER))
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            self._force_close(exc)
            return
        self._queued -= sent
        while sent:
            first = queue[0]
            if sent < len(first):
                queue[0] = first[sent:]
                break
            sent -= len(first)
            queue.popleft()
        self._maybe_resume()  # the protocol may write more
        if self._queued:
            return
        self._loop.remove_writer(self._fd)
        if self._closing:
            self._lost = True
            self._call_lost(None)
        elif self._eof:
            self._sock.shutdown(socket.SHUT_WR)

    # -- flow control and the end --------------------------------------------------

    def _force_close(self, exc: Exception | None) -> None:
        if self._lost:
            return
        if self._queued:
            self._buffer = None
            self._queued = 0
            self._loop.remove_writer(self._fd)
        if not self._closing:
            self._closing = True
            self._loop.remove_reader(self._fd)
        self._lost = True
        self._loop.call_soon(self._call_lost, exc)
