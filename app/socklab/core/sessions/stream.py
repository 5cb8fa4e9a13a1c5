"""One TCP connection as the worker's loop sees it: receive into a reused
buffer, send with backpressure, and say how the connection ended.

Used by the TCP client (one connection) and the TCP server (one per peer).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import SessionError, errno_name
from ..events import Detail, Failed, Reason, SockAddr, State, format_addr
from ..tls import tls_failure
from ..unix import Credentials

try:  # Linux: bytes in a TCP socket's send queue, not yet acknowledged
    from fcntl import ioctl
    from termios import TIOCOUTQ as _SIOCOUTQ
except ImportError:  # pragma: no cover - not on Linux/Unix
    ioctl = None  # type: ignore[assignment]
    _SIOCOUTQ = None

#: How long a close waits for the peer to take what is queued before it resets
#: the connection (and says how many bytes were not delivered).
CLOSE_GRACE = 1.0
#: Default size passed to recv(): each chunk is what one recv returned.
DEFAULT_RECV_SIZE = 65_536
#: Above this many bytes queued in the kernel-side write buffer, send() waits.
_WRITE_HIGH_WATER = 1 << 20
#: When a recv fills the whole buffer, more is usually queued: read up to this
#: many more chunks at once (each still one chunk, one event) before going back
#: to the event loop, instead of one loop pass (an epoll_wait and the asyncio
#: machinery around it) per chunk. Not on Windows, where a socket is no file.
_MORE_READS = 15 if sys.platform != "win32" else 0


class RecvBuffer:
    """The receive buffer that every connection of one session reads into.

    All of a session's connections live on its one worker thread, and each
    chunk is copied out right after ``recv_into`` fills it, so they can share
    it: ten thousand connections cost one buffer, not 640 MB of them.
    """

    __slots__ = ("buffer", "size", "view")

    def __init__(self, size: int = DEFAULT_RECV_SIZE) -> None:
        #: How many bytes one recv asks for (the session's recv size).
        self.size = max(1, size)
        self.buffer = bytearray(self.size)
        self.view = memoryview(self.buffer)

    def resize(self, size: int) -> None:
        size = max(1, size)
        if size != self.size:
            self.size = size
            self.buffer = bytearray(size)
            self.view = memoryview(self.buffer)


@dataclass(slots=True)
class PeerStats:
    """Live facts about one connection, written by the worker thread only.

    The GUI keeps a reference and reads the fields (each read is atomic).
    """

    peer_id: int
    peer: SockAddr
    local: SockAddr
    since: float  # wall-clock time of connect/accept
    #: What the TLS handshake gave (a tls.info.TlsInfo); None on plain TCP.
    tls: Any = None
    bytes_in: int = 0
    bytes_out: int = 0
    chunks_in: int = 0
    chunks_out: int = 0
    state: State = State.CONNECTED
    reason: Reason = Reason.NONE
    detail: Detail = None
    #: A server's auto-replies to this peer: sent, not sent (paused), and
    #: whether auto-reply to it is paused (it looked like a loop).
    replies_sent: int = 0
    replies_held: int = 0
    replies_paused: bool = False
    #: A Unix peer's process (SO_PEERCRED): pid, uid, gid; None for TCP.
    credentials: Credentials | None = None


class Connection(asyncio.BufferedProtocol):
    """A TCP connection: every ``recv`` becomes one chunk of ``on_data``.

    ``on_open(connection)`` runs once it is established, ``on_data(connection,
    chunks)`` with the chunks of one wake-up (a list of bytes, one per ``recv``,
    in order: usually one, up to 16 on a bulk stream), ``on_end(connection,
    state, reason, detail)`` once when the connection is gone (PEER_CLOSED,
    RESET, CLOSED or KICKED). ``on_eof(connection)`` runs when the peer has
    finished sending (a half-close, its FIN): True keeps our sending side open;
    without it (or on False) the connection closes, as the classic client and
    server do.
    """

    __slots__ = (
        "_closed",
        "_closing",
        "_drain_waiters",
        "_gone",
        "_more_reads",
        "_on_data",
        "_on_end",
        "_on_eof",
        "_on_open",
        "_paused",
        "_recv",
        "_write_shut",
        "peer_finished",
        "stats",
        "transport",
    )

    def __init__(
        self,
        on_data: Callable[[Connection, list[bytes]], None],
        on_end: Callable[[Connection, State, Reason, Detail], None],
        recv_size: int = DEFAULT_RECV_SIZE,
        on_open: Callable[[Connection], None] | None = None,
        shared: RecvBuffer | None = None,
        *,
        on_eof: Callable[[Connection], bool] | None = None,
    ) -> None:
        self._on_open = on_open
        self._on_eof = on_eof
        self._on_data = on_data
        self._on_end = on_end
        self._recv = shared if shared is not None else RecvBuffer(recv_size)
        self.transport: asyncio.Transport | None = None
        self.stats: PeerStats | None = None
        self._paused = False
        # Made when first needed: ten thousand idle peers need none of them.
        self._drain_waiters: list[asyncio.Future[None]] | None = None
        self._closed: asyncio.Future[None] | None = None
        self._gone = False
        self._write_shut = False
        #: The peer has finished sending (its FIN arrived).
        self.peer_finished = False
        self._closing: tuple[State, Reason, Detail] | None = None
        #: Reads past the first one per wake-up (0 on TLS: see :meth:`use_transport`).
        self._more_reads = _MORE_READS

    @property
    def closed(self) -> asyncio.Future[None]:
        """Done once the connection is gone (``connection_lost``); on the worker's loop."""
        future = self._closed
        if future is None:
            future = self._closed = asyncio.get_running_loop().create_future()
            if self._gone:
                future.set_result(None)
        return future

    # -- asyncio protocol callbacks -----------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.use_transport(transport)
        if self._on_open is not None:
            self._on_open(self)

    def use_transport(self, transport: asyncio.Transport) -> None:
        """Talk through ``transport`` from now on (also after ``loop.start_tls``).

        On TLS the socket carries records, not our bytes: no extra raw reads
        (:meth:`_read_more`), no half-close (:meth:`shutdown_write`).
        """
        self.transport = transport
        transport.set_write_buffer_limits(high=_WRITE_HIGH_WATER)
        self._more_reads = 0 if self.tls else _MORE_READS

    @property
    def tls(self) -> bool:
        """The connection speaks TLS."""
        transport = self.transport
        return transport is not None and transport.get_extra_info("ssl_object") is not None

    def get_buffer(self, sizehint: int) -> memoryview:
        # A view, not the bytearray: asyncio's TLS transport fills the rest of
        # it with slices (buf[offset:]), and a bytearray's slice is a copy.
        return self._recv.view

    @property
    def recv_size(self) -> int:
        """How many bytes one recv asks for."""
        return self._recv.size

    def buffer_updated(self, nbytes: int) -> None:
        """asyncio's transports (TLS, the proactor) filled the shared buffer."""
        recv = self._recv
        chunks = [recv.view[:nbytes].tobytes()]
        failure = None
        if nbytes == recv.size and self._more_reads:
            transport = self.transport
            if transport is not None:
                fd = transport.get_extra_info("socket").fileno()
                failure = self._read_more(fd, recv.size, chunks)
        self._on_data(self, chunks)
        if failure is not None:
            self.abort(State.RESET, *_failure(failure))

    def chunk_received(self, data: bytes, fd: int) -> None:
        """A :class:`~.socket_transport.SocketTransport` read ``data`` (one
        recv of :attr:`recv_size`, not empty) from its socket ``fd``: straight
        into the chunk's own bytes, not through the shared buffer and a copy
        out of it; if it came back full, what else is queued is read too."""
        chunks = [data]
        size = self._recv.size
        if len(data) == size and self._more_reads:
            failure = self._read_more(fd, size, chunks)
            self._on_data(self, chunks)
            if failure is not None:
                self.abort(State.RESET, *_failure(failure))
            return
        self._on_data(self, chunks)

    def chunks_received(self, chunks: list[bytes]) -> None:
        """A transport read ``chunks`` (in order, none empty) in one wake-up:
        one batch for the session, as :meth:`chunk_received` gives (TLS)."""
        self._on_data(self, chunks)

    def _read_more(self, fd: int, size: int, chunks: list[bytes]) -> OSError | None:
        """A read came back full: read what else is queued on ``fd``, chunk by
        chunk (``size`` bytes each at most), onto ``chunks``; returns the error
        that broke the connection, if one did.

        The transport owns the socket; reading its descriptor with read(2) is
        recv(2) without flags, straight into the chunk's own bytes (no copy out
        of the shared buffer). An end of stream is left for the transport's own
        next read, which sees it again; an error (a reset) is said once, so it is returned.
        """
        read = os.read
        for _ in range(self._more_reads):
            try:
                data = read(fd, size)
            except (BlockingIOError, InterruptedError):
                return None
            except OSError as exc:
                return exc
            if not data:
                return None  # the end of the stream: the transport reads it again
            chunks.append(data)
            if len(data) < size:
                return None  # the queue is empty
        return None

    def eof_received(self) -> bool:
        # recv() returned b'': the peer will send nothing more. True keeps the
        # transport open for our sending (it stops reading).
        self.peer_finished = True
        if self.tls:  # the peer's close_notify ends the TLS session: asyncio closes it
            return False
        return self._on_eof is not None and self._on_eof(self)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._closing is not None:
            state, reason, detail = self._closing
        elif exc is not None:
            state, (reason, detail) = State.RESET, _failure(exc)
        else:
            state, reason, detail = State.PEER_CLOSED, Reason.PEER_CLOSED, None
        waiters, self._drain_waiters = self._drain_waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_exception(SessionError("send", "the connection is closed"))
        self._gone = True
        if self._closed is not None and not self._closed.done():
            self._closed.set_result(None)
        self._on_end(self, state, reason, detail)

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        waiters, self._drain_waiters = self._drain_waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(None)

    # -- used by the sessions -----------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.transport is not None and not self.transport.is_closing()

    def write(self, data: bytes) -> None:
        """Queue ``data``; raises SessionError if the connection is closed."""
        if not self.is_open:
            raise SessionError("send", "the connection is closed")
        assert self.transport is not None
        if self._write_shut:
            raise SessionError("send", "sending was shut down (half-closed) on this connection")
        self.transport.write(data)

    async def drain(self) -> None:
        """Wait until the kernel has taken enough of what was queued (backpressure)."""
        if not self._paused:
            return
        waiter = asyncio.get_running_loop().create_future()
        if self._drain_waiters is None:
            self._drain_waiters = []
        self._drain_waiters.append(waiter)
        await waiter

    @property
    def write_shut(self) -> bool:
        """Our sending side is shut down (``shutdown_write``)."""
        return self._write_shut

    @property
    def write_paused(self) -> bool:
        return self._paused

    def shutdown_write(self) -> None:
        """Half-close: send FIN, keep receiving."""
        if not self.is_open:
            raise SessionError("shutdown", "the connection is closed")
        assert self.transport is not None
        if self.tls:
            raise SessionError(
                "shutdown",
                "TLS has no half-close: the session cannot send FIN and keep receiving "
                "(close_notify ends the whole TLS session); disconnect instead",
            )
        if not self._write_shut:
            self._write_shut = True
            self.transport.write_eof()

    def close(
        self, state: State = State.CLOSED, reason: Reason = Reason.NONE, detail: Detail = None
    ) -> None:
        """Close after queued data is sent; ``state`` is how the end will be reported."""
        if self.transport is None or self.transport.is_closing():
            return
        self._closing = state, reason, detail
        self.transport.close()

    def unsent(self) -> int:
        """Bytes queued for the peer and not yet taken: the transport's buffer
        and, on Linux, the kernel's send queue (sent but not acknowledged too).
        On TLS the kernel's queue holds records: their headers and tags count too."""
        if self.transport is None:
            return 0
        queued = self.transport.get_write_buffer_size()
        sock = self.transport.get_extra_info("socket")
        if sock is not None and _SIOCOUTQ is not None and sock.fileno() >= 0:
            with contextlib.suppress(OSError):
                queued += struct.unpack("i", ioctl(sock.fileno(), _SIOCOUTQ, b"\0" * 4))[0]
        return queued

    def abort(
        self, state: State = State.CLOSED, reason: Reason = Reason.NONE, detail: Detail = None
    ) -> int:
        """Close at once (a reset), discarding anything queued; returns how many
        bytes were discarded (see :meth:`unsent`)."""
        if self.transport is None:
            return 0
        if self._closing is None:
            self._closing = state, reason, detail
        lost = self.unsent()
        self.transport.abort()
        return lost


def reset_loss(connection: Connection, lost: int, grace: float) -> Failed | None:
    """The event that says a close had to reset ``connection`` with ``lost``
    bytes not yet taken by the peer after ``grace`` seconds (None if none)."""
    if not lost:
        return None
    stats = connection.stats
    peer = format_addr(stats.peer) if stats is not None else "the peer"
    return Failed(
        operation=f"close {peer}",
        message=(
            f"close {peer}: {lost:,} bytes queued for it were not taken within"
            f" {grace:g} s; the connection was reset and they were not delivered"
        ),
        peer_id=stats.peer_id if stats is not None else None,
    )


def _failure(exc: BaseException) -> tuple[Reason, Detail]:
    """Why a connection failed with ``exc``: a reset, or an error by its errno name."""
    if isinstance(exc, ConnectionResetError):
        return Reason.PEER_RESET, None
    tls = tls_failure(exc)  # an SSLError's errno is OpenSSL's: its reason says more
    if tls is not None:
        return Reason.ERROR, tls[0]
    name = errno_name(exc.errno) if isinstance(exc, OSError) else ""
    return Reason.ERROR, name or str(exc) or type(exc).__name__
