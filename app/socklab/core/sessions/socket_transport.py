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
asyncio's own transports instead.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections import deque
from typing import Any

from ..events import SockAddr
from .stream import Connection

#: The default write-buffer bounds, asyncio's (the Connection sets its own).
_HIGH_WATER = 64 * 1024
#: At most this many queued writes go out in one sendmsg (writev).
_GATHER = 64


def selector_loop(loop: asyncio.AbstractEventLoop) -> bool:
    """Whether ``loop`` watches sockets itself (a selector loop: Linux, macOS),
    so a :class:`SocketTransport` and an ``Acceptor`` can run on it; elsewhere
    (Windows' proactor loop) the sessions take asyncio's own transports."""
    return isinstance(loop, asyncio.selector_events.BaseSelectorEventLoop)


class SocketTransport(asyncio.Transport):
    """``sock`` (connected, non-blocking) as a transport for ``protocol``.

    Calls ``protocol.connection_made`` before returning, and reads from then
    on unless the protocol closed it or paused reading meanwhile.
    """

    __slots__ = (
        "_buffer",
        "_closing",
        "_eof",
        "_fd",
        "_high",
        "_loop",
        "_lost",
        "_low",
        "_paused",
        "_peer",
        "_protocol",
        "_protocol_paused",
        "_queued",
        "_sock",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sock: socket.socket,
        protocol: Connection,
        peer: SockAddr,
    ) -> None:
        self._loop = loop
        self._sock = sock
        self._fd = sock.fileno()
        self._protocol = protocol
        self._peer = peer
        # What the kernel did not take yet: the writes themselves, not a copy
        # (a bulk sender's megabytes are not moved again on every send).
        self._buffer: deque[memoryview] | None = None
        self._queued = 0
        self._closing = False
        self._eof = False
        self._lost = False
        self._paused = False
        self._protocol_paused = False
        self._high, self._low = _HIGH_WATER, _HIGH_WATER // 4
        protocol.connection_made(self)
        if not self._closing and not self._paused:
            loop.add_reader(self._fd, self._read_ready)

    # -- asyncio.BaseTransport -------------------------------------------------

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        if name == "peername":
            return self._peer
        if name == "socket":
            return self._sock
        if name == "sockname":
            try:
                return self._sock.getsockname()
            except OSError:
                return default
        return default

    def is_closing(self) -> bool:
        return self._closing

    def close(self) -> None:
        """Stop reading; the connection ends once what is queued is sent."""
        if self._closing:
            return
        self._closing = True
        self._loop.remove_reader(self._fd)
        if not self._queued:
            self._lost = True
            self._loop.call_soon(self._call_lost, None)

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._protocol = protocol  # type: ignore[assignment]

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._protocol

    # -- asyncio.ReadTransport -------------------------------------------------

    def is_reading(self) -> bool:
        return not self._closing and not self._paused

    def pause_reading(self) -> None:
        if self.is_reading():
            self._paused = True
            self._loop.remove_reader(self._fd)

    def resume_reading(self) -> None:
        if not self._closing and self._paused:
            self._paused = False
            self._loop.add_reader(self._fd, self._read_ready)

    # -- asyncio.WriteTransport ------------------------------------------------

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        if high is None:
            high = _HIGH_WATER if low is None else 4 * low
        if low is None:
            low = high // 4
        if not high >= low >= 0:
            raise ValueError(f"high ({high!r}) must be >= low ({low!r}) must be >= 0")
        self._high, self._low = high, low
        self._maybe_pause()

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._low, self._high

    def get_write_buffer_size(self) -> int:
        return self._queued

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

    def _maybe_pause(self) -> None:
        if self._queued > self._high and not self._protocol_paused:
            self._protocol_paused = True
            self._protocol.pause_writing()

    def _maybe_resume(self) -> None:
        if self._protocol_paused and self._queued <= self._low:
            self._protocol_paused = False
            self._protocol.resume_writing()

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

    def _call_lost(self, exc: Exception | None) -> None:
        protocol = self._protocol
        try:
            protocol.connection_lost(exc)
        finally:
            self._sock.close()
            # The protocol holds this transport too (``Connection.transport``):
            # let go of it, as asyncio's transports do, so that a connection
            # that ended is freed at once by its last reference instead of
            # waiting, a cycle, for a full pass of the garbage collector (ten
            # thousand clients leaving were 20,000 objects for it to find).
            self._protocol = None  # type: ignore[assignment]
