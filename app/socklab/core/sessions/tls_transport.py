"""A light TLS transport: a non-blocking ``ssl.SSLSocket`` driven from the
selector loop, for a :class:`~.stream.Connection`.

asyncio's TLS transport (``sslproto``) keeps OpenSSL behind two memory BIOs:
every record is copied from the socket into one, decrypted out of it, and on
the way out encrypted into the other, read out of it as new bytes and queued
on a socket transport that copies it once more; a bulk stream paid about four
Python calls and two extra copies per 16 KiB record. Here OpenSSL reads and
writes the socket itself (``SSLSocket.recv_into`` / ``send``), as a plain
blocking ``ssl`` program does, and the loop only says when to.

* :func:`tls_handshake` wraps a connected socket and runs its handshake on the
  loop (``do_handshake`` until it no longer wants to read or write), with the
  errors asyncio's handshake raised (a peer that closed: a bare
  ``ConnectionResetError``; too slow: ``ConnectionAbortedError``), so the
  sessions say them in the same words.
* :class:`TlsTransport` then carries the connection: reads fill the
  protocol's whole buffer with records (up to :data:`BUFFERS_PER_WAKEUP`
  buffers per wake-up), writes go out whole with backpressure, TLS 1.3's
  post-handshake messages (session tickets, key updates) are OpenSSL's own
  business inside ``recv_into``. The peer's close_notify, or its plain EOF,
  is an end of stream; :meth:`TlsTransport.close` sends what is queued, then
  our close_notify, then closes. TLS has no half-close (``write_eof``: no).

Only for a selector loop (``socket_transport.selector_loop``); elsewhere
(Windows' proactor loop) the sessions keep asyncio's TLS transports.
"""

from __future__ import annotations

import asyncio
import errno
import os
import socket
import ssl
import sys
from collections import deque
from typing import Any

from ..events import SockAddr
from .flow_transport import FlowTransport
from .stream import Connection

#: At most this many of the protocol's buffers are filled per wake-up, so a
#: never-ending stream still leaves the loop to others (then it goes on soon).
BUFFERS_PER_WAKEUP = 16

#: Linux's TCP_INFO and its state of a connection that was reset (TCP_CLOSE;
#: one the peer finished with a FIN is in CLOSE_WAIT until we close it).
_TCP_INFO = getattr(socket, "TCP_INFO", None) if sys.platform == "linux" else None
_TCP_CLOSE = 7


def broken(sock: ssl.SSLSocket) -> OSError:
    """What an ``SSLEOFError`` from a read or write stands for.

    OpenSSL calls ``read(2)``/``write(2)`` itself, and CPython says every
    failed one of them (``SSL_read_ex`` returned 0) as "EOF occurred in
    violation of protocol", dropping the errno: a reset too. On Linux the
    socket's TCP state tells them apart (asyncio, reading the socket itself,
    said ECONNRESET); elsewhere, and on a Unix socket, it is the peer's end.
    """
    if _TCP_INFO is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        try:
            state = sock.getsockopt(socket.IPPROTO_TCP, _TCP_INFO, 1)[0]
        except OSError:
            state = _TCP_CLOSE  # gone already
        if state == _TCP_CLOSE:
            return ConnectionResetError(errno.ECONNRESET, os.strerror(errno.ECONNRESET))
    return BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def handshake_timed_out(timeout: float) -> ConnectionAbortedError:
    """The error asyncio's handshake raises when it takes too long."""
    return ConnectionAbortedError(
        f"SSL handshake is taking longer than {timeout} seconds: aborting the connection"
    )


async def tls_handshake(
    sock: socket.socket,
    context: ssl.SSLContext,
    *,
    server_side: bool,
    server_hostname: str | None,
    timeout: float,
) -> ssl.SSLSocket:
    """Wrap ``sock`` (connected, non-blocking; it is detached into the result)
    and run the handshake on the running loop; returns the TLS socket once it
    is done. On failure or cancellation the socket is closed and the error
    raised: an ``SSLError`` as OpenSSL said it, a bare ``ConnectionResetError``
    when the peer closed the connection, :func:`handshake_timed_out`."""
    loop = asyncio.get_running_loop()
    try:
        tls = context.wrap_socket(
            sock,
            server_side=server_side,
            server_hostname=server_hostname or None,
            do_handshake_on_connect=False,
        )
    except BaseException:
        sock.close()
        raise
    fd = tls.fileno()
    done: asyncio.Future[None] = loop.create_future()
    waiting: list[bool] = []  # [True]: a reader is set, [False]: a writer

    def unwatch() -> None:
        if waiting:
            (loop.remove_reader if waiting.pop() else loop.remove_writer)(fd)

    def step() -> None:
        unwatch()
        if done.done():
            return
        try:
            tls.do_handshake()
        except ssl.SSLWantReadError:
            loop.add_reader(fd, step)
            waiting.append(True)
        except ssl.SSLWantWriteError:
            loop.add_writer(fd, step)
            waiting.append(False)
        except (ssl.SSLEOFError, ssl.SSLZeroReturnError):
            done.set_exception(ConnectionResetError())  # as asyncio says it
        except BaseException as exc:  # handed to the waiting task
            done.set_exception(exc)
        else:
            done.set_result(None)

    def too_slow() -> None:
        if not done.done():
            unwatch()
            done.set_exception(handshake_timed_out(timeout))

    timer = loop.call_later(timeout, too_slow)
    step()
    try:
        await done
    except BaseException:
        unwatch()
        tls.close()
        raise
    finally:
        timer.cancel()
    return tls


class TlsTransport(FlowTransport):
    """``sock`` (an ``ssl.SSLSocket``, non-blocking, handshake done) as a
    transport for ``protocol``.

    Calls ``protocol.connection_made`` before returning, and reads from then
    on unless the protocol closed it or paused reading meanwhile.
    """

    __slots__ = (
        "_buffer",
        "_read",
        "_read_soon",
        "_reading",
        "_shutting",
        "_writing",
    )

    _sock: ssl.SSLSocket

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sock: ssl.SSLSocket,
        protocol: Connection,
        peer: SockAddr,
    ) -> None:
        super().__init__(loop, sock, protocol, peer)
        # Whole writes: OpenSSL wants a write it could not finish (WANT_WRITE)
        # given again as it was, so the head of the queue stays whole.
        self._buffer: deque[bytes] = deque()
        self._reading = False  # our reader is on the loop
        self._writing = False  # our writer is on the loop
        self._read_soon = False  # a read is scheduled (records OpenSSL holds)
        self._shutting = False  # sending our close_notify
        # OpenSSL's read itself, not SSLSocket.recv_into: that one's checks and
        # two Python frames were a tenth of the receiving thread, once per
        # 16 KiB record (the end of stream is read below as it would have).
        self._read = getattr(sock, "_sslobj", None)
        self._read = self._read.read if self._read is not None else sock.read
        protocol.connection_made(self)
        if not self._closing and not self._paused:
            self._watch_reads()
            self._schedule_read()  # what came with the handshake's last flight

    # -- asyncio.BaseTransport -------------------------------------------------

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        if name == "ssl_object":
            return self._sock
        if name == "peercert":
            return self._sock.getpeercert()
        if name == "cipher":
            return self._sock.cipher()
        if name == "sslcontext":
            return self._sock.context
        return super().get_extra_info(name, default)

    def close(self) -> None:
        """Stop reading; once what is queued is sent, send our close_notify and close."""
        if self._closing:
            return
        self._closing = True
        self._unwatch_reads()
        if not self._queued:
            self._shutdown()

    # -- asyncio.WriteTransport ------------------------------------------------

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Encrypt and send now what the kernel takes; queue the rest (and
        pause the protocol above the high-water mark)."""
        if not data or self._lost or self._shutting:
            return
        if not isinstance(data, bytes):
            data = bytes(data)  # the caller may change its own buffer later
        self._buffer.append(data)
        self._queued += len(data)
        if len(self._buffer) == 1:
            self._write_ready()
        self._maybe_pause()

    def write_eof(self) -> None:
        raise NotImplementedError("TLS has no half-close")

    def can_write_eof(self) -> bool:
        return False

    def abort(self) -> None:
        """Close at once, discarding what is queued (no close_notify)."""
        self._force_close(None)

    # -- the loop's callbacks ----------------------------------------------------

    def _read_ready(self) -> None:
        """Read what is there: each of the protocol's buffers filled with
        records becomes a chunk, and the chunks of one wake-up one batch."""
        self._read_soon = False
        if self._closing or self._paused:
            return
        protocol = self._protocol
        read = self._read
        chunks: list[bytes] = []
        ended = drained = False
        error: OSError | None = None
        for _ in range(BUFFERS_PER_WAKEUP):
            view = protocol.get_buffer(-1)
            size = len(view)
            got = 0
            try:
                while got < size:
                    nbytes = read(size - got, view[got:] if got else view)
                    if not nbytes:
                        ended = True  # the peer's close_notify
                        break
                    got += nbytes
            except ssl.SSLWantReadError:
                drained = True  # nothing more for now
            except ssl.SSLWantWriteError:  # a TLS 1.2 renegotiation: rare
                drained = True
                self._schedule_read()  # again soon, once the socket takes it
            except ssl.SSLEOFError:  # the peer's plain EOF (no close_notify), or a reset
                error = broken(self._sock)
                if isinstance(error, BrokenPipeError):
                    ended, error = True, None
            except OSError as exc:
                error = exc
            if got:
                chunks.append(view[:got].tobytes())  # the shared buffer is read again next
            if ended or drained or error is not None:
                break
        try:
            if chunks:
                protocol.chunks_received(chunks)
        except Exception as exc:  # a bug above: said by the loop, as asyncio does
            self._loop.call_exception_handler(
                {"message": "protocol failed", "exception": exc, "transport": self}
            )
            self._force_close(exc)
            return
        if error is not None:
            self._force_close(error)
        elif ended:
            self._eof()
        elif not drained:
            self._schedule_read()  # more is there: after the others' turn

    def _eof(self) -> None:
        """The peer's close_notify (or its plain EOF): the stream ended."""
        self._unwatch_reads()
        if self._protocol.eof_received():
            return  # keep sending (a Connection on TLS never asks it)
        self.close()

    def _write_ready(self) -> None:
        queue = self._buffer
        send = self._sock.send
        while queue and not self._lost:
            data = queue[0]
            try:
                send(data)  # all of it, or nothing said yet (WANT_WRITE)
            except ssl.SSLWantWriteError:
                self._watch_writes()
                return
            except ssl.SSLWantReadError:
                self._watch_writes()  # a renegotiation: rare; try again when writable
                return
            except ssl.SSLEOFError:  # EPIPE or ECONNRESET, said as an EOF
                self._force_close(broken(self._sock))
                return
            except OSError as exc:
                self._force_close(exc)
                return
            queue.popleft()
            self._queued -= len(data)
            self._maybe_resume()  # the protocol may write more
        self._unwatch_writes()
        if not queue and self._closing and not self._lost:
            self._shutdown()

    def _shutdown(self) -> None:
        """Send our close_notify (without waiting for the peer's), then close."""
        self._shutting = True
        try:
            self._sock.unwrap()
        except ssl.SSLWantWriteError:
            if not self._writing:
                self._writing = True
                self._loop.add_writer(self._fd, self._shutdown)
            return
        except (OSError, ValueError):
            pass  # sent, or the peer is gone: the connection ends either way
        self._unwatch_writes()
        self._lost = True
        self._loop.call_soon(self._call_lost, None)

    # -- watching the socket -------------------------------------------------------

    def _watch_reads(self) -> None:
        if not self._reading:
            self._reading = True
            self._loop.add_reader(self._fd, self._read_ready)

    def _unwatch_reads(self) -> None:
        if self._reading:
            self._reading = False
            self._loop.remove_reader(self._fd)

    def _watch_writes(self) -> None:
        if not self._writing:
            self._writing = True
            self._loop.add_writer(self._fd, self._write_ready)

    def _unwatch_writes(self) -> None:
        if self._writing:
            self._writing = False
            self._loop.remove_writer(self._fd)

    def _resume_reads(self) -> None:
        self._watch_reads()
        self._schedule_read()  # OpenSSL may hold records already read

    def _schedule_read(self) -> None:
        if not self._read_soon:
            self._read_soon = True
            self._loop.call_soon(self._read_ready)

    # -- flow control and the end --------------------------------------------------

    def _force_close(self, exc: Exception | None) -> None:
        if self._lost:
            return
        self._buffer.clear()
        self._queued = 0
        self._unwatch_writes()
        self._closing = True
        self._unwatch_reads()
        self._lost = True
        self._loop.call_soon(self._call_lost, exc)
