"""A TCP client: connect (with a timeout and an optional local bind), send with
backpressure, report every received chunk as ``recv`` returned it, half-close.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import socket
import time
from dataclasses import dataclass, replace

from ..calls import addr_repr, bound_result, family_name
from ..errors import SessionError, session_error
from ..events import Detail, Reason, SockAddr, State, StateChanged, format_addr
from ..files.transfer import DEFAULT_TCP_CHUNK, ReceiveProgress, SaveOptions
from ..jobs.generator import GeneratorSpec
from ..jobs.progress import Phase, Progress
from ..tls import TlsOptions
from ..unix import is_unix_text
from .handshake import client_handshake, tls_context, tls_reason
from .socket_transport import SocketTransport, selector_loop
from .stream import CLOSE_GRACE, DEFAULT_RECV_SIZE, Connection, PeerStats, RecvBuffer
from .tcp_jobs import TcpJobs


@dataclass(frozen=True, slots=True)
class TcpClientOptions:
    """How a TCP client connects; ``local_host``/``local_port`` bind before connecting.

    ``keep_sending_after_fin``: when the peer finishes sending (its FIN; it
    closed, or only shut down its sending side), keep our sending side open
    (PEER_FINISHED) instead of closing as the classic client does (PEER_CLOSED).
    """

    connect_timeout: float = 5.0
    local_host: str | None = None
    local_port: int = 0
    recv_size: int = DEFAULT_RECV_SIZE
    no_delay: bool = False
    keep_sending_after_fin: bool = False
    #: TLS on the connection (None: plain TCP); see :mod:`..tls`.
    tls: TlsOptions | None = None


class TcpClientSession(TcpJobs):
    """One TCP connection on its own worker thread.

    Events: StateChanged (CONNECTING, CONNECTED, HALF_CLOSED, PEER_FINISHED,
    PEER_CLOSED, RESET, CLOSED), Received (one per recv), Sent, Failed.

    With ``keep_sending_after_fin``, a peer that finishes sending (its FIN:
    ``recv`` returns b'') leaves the connection PEER_FINISHED: we can still
    send, until we close or shut down our own sending side too.
    """

    kind = "tcp-client"

    def __init__(self, options: TcpClientOptions | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.options = options or TcpClientOptions()
        self._connection: Connection | None = None
        self._recv_buffer = RecvBuffer(self.options.recv_size)
        self.stats: PeerStats | None = None

    # -- public, thread-safe ---------------------------------------------------

    @property
    def connected(self) -> bool:
        return self._connection is not None and self._connection.is_open

    def connect(self, host: str, port: int) -> concurrent.futures.Future[tuple[SockAddr, SockAddr]]:
        """Connect to ``host:port``; resolves to (local address, peer address)."""
        return self._submit(self._aconnect(host, port))

    def send(self, data: bytes) -> concurrent.futures.Future[int]:
        """send(data) and wait for the kernel to take it (drain)."""
        return self._submit(self._asend(data))

    def send_repeated(
        self, data: bytes, count: int | None, interval: float
    ) -> concurrent.futures.Future[int]:
        """Send ``count`` times (None: until :meth:`stop_repeat`), every ``interval`` seconds."""
        return self._submit(self._arepeat(lambda: self._asend(data), count, interval))

    def generate(self, spec: GeneratorSpec) -> Progress:
        """Send ``spec.size``-byte blocks at ``spec``'s rate (with backpressure).

        Returns at once with the live :class:`Progress`; ``stop()`` ends it.
        """
        return self._tcp_generate(spec, None)

    def send_file(
        self,
        path: str | os.PathLike[str],
        *,
        chunk: int = DEFAULT_TCP_CHUNK,
        rate_pps: float | None = None,
        rate_mbps: float | None = None,
    ) -> Progress:
        """Stream the file at ``path`` to the peer, ``chunk`` bytes per send, waiting
        for the peer to take them (drain). ``rate_mbps``/``rate_pps`` cap the rate."""
        return self._tcp_send_file(path, None, chunk, rate_pps, rate_mbps)

    def receive_to_file(
        self,
        path: str | os.PathLike[str],
        *,
        append: bool = False,
        atomic: bool = False,
        strip_http_header: bool = False,
    ) -> ReceiveProgress:
        """Write every byte received from now on to ``path`` (until the connection
        ends or :meth:`stop_receive_to_file`); see :class:`SaveOptions`. Raises
        SessionError if it cannot open it."""
        return self._start_sink(path, SaveOptions(append, atomic, strip_http_header))

    def shutdown_write(self) -> concurrent.futures.Future[None]:
        """shutdown(SHUT_WR): tell the peer we are done sending; keep receiving."""
        return self._submit(self._ashutdown_write())

    def set_recv_size(self, size: int) -> concurrent.futures.Future[None]:
        """The size passed to each recv() from now on: to every recv of data that
        arrives after this call (a plain callback on the worker, see ``_call_soon``)."""

        def apply() -> None:
            self.options = replace(self.options, recv_size=size)
            self._recv_buffer.resize(size)

        return self._call_soon(apply)

    # -- worker side -----------------------------------------------------------

    async def _aconnect(self, host: str, port: int) -> tuple[SockAddr, SockAddr]:
        await self._aclose(Reason.RECONNECT)
        options = self.options
        operation = f"connect to {format_addr((host, port))}"
        address = self._resolve(host, port, socket.SOCK_STREAM, operation)
        context = tls_context(self, options.tls, server=False, host=host)
        self._emit(StateChanged(state=State.CONNECTING, peer=address))
        sock = self._new_socket(address, socket.SOCK_STREAM)
        loop = asyncio.get_running_loop()
        try:
            if self._binds_local(sock):
                local_host = options.local_host or (
                    "::" if sock.family == socket.AF_INET6 else "0.0.0.0"
                )
                bind_to = self._resolve(
                    local_host,
                    options.local_port,
                    socket.SOCK_STREAM,
                    f"bind {format_addr((local_host, options.local_port))}",
                )
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    sock.bind(bind_to)
                except OSError as exc:
                    error = self._bind_error(bind_to, socket.SOCK_STREAM, exc)
                    raise self._fail(f"bind {format_addr(bind_to)}", error) from None
                self._own(sock)
                self._trace(f"bind({addr_repr(bind_to)})", bound_result(sock.getsockname()))
            if options.no_delay and sock.family != getattr(socket, "AF_UNIX", None):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                await asyncio.wait_for(loop.sock_connect(sock, address), options.connect_timeout)
            except TimeoutError:
                raise self._fail(
                    operation,
                    SessionError("", f"timed out after {options.connect_timeout:g} s"),
                ) from None
            except OSError as exc:
                self._trace(f"connect({addr_repr(address)})", session_error("", exc).reason)
                raise self._fail(operation, exc) from None
            self._trace(
                f"connect({addr_repr(address)})",
                f"connected from {addr_repr(sock.getsockname())}",
            )
            self._recv_buffer.resize(options.recv_size)
            connection = Connection(
                self._take_chunks,
                self._on_end,
                options.recv_size,
                shared=self._recv_buffer,
                on_eof=self._on_peer_finished,
            )
            tls_info = None
            if context is None and selector_loop(loop):
                # The light transport: a bulk sender's writes are queued as they
                # are (asyncio's copies each into one bytearray and moves the
                # rest of it after every partial send). TCP_NODELAY as asyncio sets it.
                if sock.family in (socket.AF_INET, socket.AF_INET6):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                SocketTransport(loop, sock, connection, sock.getpeername())
            elif context is None:
                await loop.create_connection(lambda: connection, sock=sock)
            else:
                assert options.tls is not None
                tls_info = await client_handshake(
                    self, connection, sock, context, options=options.tls, host=host
                )
        except BaseException:
            sock.close()
            self._disown()
            self._emit(StateChanged(state=State.CLOSED, peer=address, reason=Reason.NOT_CONNECTED))
            raise
        # The transport's socket: a TLS handshake moved ``sock`` into its own.
        transport = connection.transport
        assert transport is not None
        local, peer = transport.get_extra_info("sockname"), transport.get_extra_info("peername")
        connection.stats = self.stats = PeerStats(0, peer, local, since=time.time(), tls=tls_info)
        self._connection = connection
        reason, detail = tls_reason(tls_info)
        self._emit(
            StateChanged(
                state=State.CONNECTED, local=local, peer=peer, reason=reason, detail=detail
            )
        )
        return local, peer

    def _binds_local(self, sock: socket.socket) -> bool:
        """Whether to bind before connecting: a local address is set (for a Unix
        socket, only a Unix one: an IP address has no meaning there)."""
        local_host = self.options.local_host or ""
        if sock.family == getattr(socket, "AF_UNIX", None):
            return is_unix_text(local_host)
        if is_unix_text(local_host):
            family = family_name(sock.family)
            reason = f"a Unix local address ({local_host}) cannot bind an {family} socket"
            raise self._fail(f"bind {local_host}", SessionError("", reason))
        return bool(local_host or self.options.local_port)

    def _require_connection(self, operation: str) -> Connection:
        connection = self._connection
        if connection is None or not connection.is_open:
            raise self._fail(operation, SessionError("", "not connected"))
        return connection

    async def _asend(self, data: bytes) -> int:
        connection = self._require_connection("send")
        try:
            connection.write(data)
            await connection.drain()
        except SessionError as exc:
            raise self._fail("send", exc) from None
        self._count_written(connection, [data], len(data))
        return len(data)

    async def _ashutdown_write(self) -> None:
        connection = self._require_connection("shutdown")
        connection.shutdown_write()
        self._trace("shutdown(SHUT_WR)")
        stats = connection.stats
        assert stats is not None
        stats.state = State.HALF_CLOSED
        self._emit(
            StateChanged(
                state=State.HALF_CLOSED,
                local=stats.local,
                peer=stats.peer,
                reason=Reason.SHUT_WR,
            )
        )
        if connection.peer_finished:  # both sides are done sending: nothing is left
            connection.close(State.CLOSED)

    def _on_peer_finished(self, connection: Connection) -> bool:
        """The peer's FIN: keep our sending side open unless it is shut down too."""
        stats = connection.stats
        if stats is None or connection.write_shut or not self.options.keep_sending_after_fin:
            return False  # nothing left to do on it: close (PEER_CLOSED)
        self._trace(f"recv({self.options.recv_size})", "b'' (the peer finished sending)")
        stats.state = State.PEER_FINISHED
        self._close_sink(Phase.DONE)  # nothing more will arrive: a save of it is complete
        self._emit(StateChanged(state=State.PEER_FINISHED, local=stats.local, peer=stats.peer))
        return True

    def _job_targets(self, peer_ids: list[int] | None) -> list[Connection]:
        connection = self._connection
        return [connection] if connection is not None and connection.is_open else []

    def _on_end(self, connection: Connection, state: State, reason: Reason, detail: Detail) -> None:
        stats = connection.stats
        if stats is not None:
            stats.state, stats.reason, stats.detail = state, reason, detail
        if self._connection is connection:
            self._connection = None
            self._close_sink(Phase.DONE)
        if state is State.PEER_CLOSED:
            self._trace(f"recv({self.options.recv_size})", "b'' (the peer closed)")
        self._trace("close()")
        self._disown()
        self._emit(
            StateChanged(
                state=state,
                local=stats.local if stats else None,
                peer=stats.peer if stats else None,
                reason=reason,
                detail=detail,
            )
        )

    async def _aclose(self, reason: Reason = Reason.NONE) -> None:
        await self._astop_sending()
        connection = self._connection
        if connection is None:
            return
        connection.close(State.CLOSED, reason)
        try:
            await asyncio.wait_for(asyncio.shield(connection.closed), CLOSE_GRACE)
        except TimeoutError:
            self._say_lost(connection, connection.abort(State.CLOSED, reason))
            await asyncio.wait_for(asyncio.shield(connection.closed), 1.0)
