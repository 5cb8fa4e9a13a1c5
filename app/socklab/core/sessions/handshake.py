"""The TLS side of a TCP session: its context from the settings, the handshake
on a connected socket (client) or an accepted connection (server), what the
handshake gave (``PeerStats.tls``, the trace's ``do_handshake`` and
``getpeercert``), and a failed handshake in plain words.

On a selector loop the handshake and the data go through
:mod:`.tls_transport` (OpenSSL on the socket itself); elsewhere through
asyncio's own TLS transports (``loop.create_connection(ssl=...)``, ``loop.start_tls``).

The contexts and certificates load (``cryptography``) only when TLS is used.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..calls import addr_repr
from ..errors import SessionError, session_error
from ..events import Detail, Reason, State, format_addr
from ..tls import TlsOptions, TlsSettingsError, check_tls_target
from ..tls.failures import handshake_closed
from .socket_transport import selector_loop
from .stream import CLOSE_GRACE, Connection
from .tls_transport import TlsTransport, tls_handshake

if TYPE_CHECKING:
    from ..tls.info import TlsInfo
    from .base import Session


def tls_context(
    session: Session, options: TlsOptions | None, *, server: bool, host: str = ""
) -> Any:
    """The ``ssl.SSLContext`` for ``options`` (None: no TLS) of a server, or of a
    client of ``host``; a bad setting fails the operation "TLS settings" (a
    Failed event, and the error raised)."""
    if options is None:
        return None
    from ..tls.contexts import client_context, server_context

    try:
        if not server:
            check_tls_target(options, host)
        return server_context(options) if server else client_context(options)
    except TlsSettingsError as exc:
        raise session._fail("TLS settings", SessionError("", exc.message)) from None


def handshake_error(operation: str, exc: BaseException) -> SessionError:
    """A failed handshake as a SessionError with a ``TLS_...`` code to explain."""
    if isinstance(exc, ConnectionResetError) and not exc.errno:
        # asyncio's TLS transport raises a bare ConnectionResetError when the
        # peer closes the connection during the handshake.
        reason, code = handshake_closed()
        return SessionError(operation, reason, code)
    return session_error(operation, exc)


async def client_handshake(
    session: Session,
    connection: Connection,
    sock: socket.socket,
    context: ssl.SSLContext,
    *,
    options: TlsOptions,
    host: str,
) -> TlsInfo:
    """Wrap the connected ``sock`` in TLS (SNI: the server name, else ``host``;
    a Unix socket sends none) and hand it to asyncio with ``connection``; raises
    SessionError if it fails."""
    unix = sock.family == getattr(socket, "AF_UNIX", None)
    peer = sock.getpeername()
    operation = f"TLS handshake with {format_addr(peer)}"
    name = options.server_name or ("" if unix else host)  # "": no SNI, no name checked
    loop = asyncio.get_running_loop()
    if selector_loop(loop):
        try:
            tls = await tls_handshake(
                sock,
                context,
                server_side=False,
                server_hostname=name,
                timeout=options.handshake_timeout,
            )
        except OSError as exc:
            raise _failed(session, operation, exc) from None
        TlsTransport(loop, tls, connection, peer)
        return _done(session, tls, options.verify)
    try:
        transport, _ = await loop.create_connection(
            lambda: connection,
            sock=sock,
            ssl=context,
            server_hostname=name,
            ssl_handshake_timeout=options.handshake_timeout,
            ssl_shutdown_timeout=CLOSE_GRACE,
        )
    except OSError as exc:  # SSLError, a reset, asyncio's handshake timeout
        raise _failed(session, operation, exc) from None
    return _done(session, transport.get_extra_info("ssl_object"), options.verify)


async def server_handshake(
    session: Session, connection: Connection, context: ssl.SSLContext, options: TlsOptions
) -> TlsInfo | None:
    """TLS on an accepted ``connection`` (loop.start_tls); None if it failed
    (said as a Failed event: the listening socket goes on)."""
    transport = connection.transport
    assert transport is not None
    peer = transport.get_extra_info("peername")
    operation = f"TLS handshake with {format_addr(peer)}"
    try:
        tls_transport = await asyncio.get_running_loop().start_tls(
            transport,
            connection,
            context,
            server_side=True,
            ssl_handshake_timeout=options.handshake_timeout,
            ssl_shutdown_timeout=CLOSE_GRACE,
        )
    except OSError as exc:
        _failed(session, operation, exc)
        return None
    assert tls_transport is not None
    connection.use_transport(tls_transport)
    return _done(session, tls_transport.get_extra_info("ssl_object"), options.verify)


class TlsHandshakes:
    """A TLS server's handshakes: each accepted socket (:meth:`accept`, a
    selector loop) or connection (:meth:`handshake`, asyncio's server) is
    wrapped and handed to ``registered(connection, info)`` once its handshake
    is done; a failed one is said and the listening goes on."""

    def __init__(
        self,
        session: Session,
        context: ssl.SSLContext,
        options: TlsOptions,
        registered: Callable[[Connection, TlsInfo], None],
    ) -> None:
        self._session = session
        self._context = context
        self._options = options
        self._registered = registered
        #: The handshakes under way (strong references) and their connections.
        self._tasks: dict[asyncio.Task[None], Connection] = {}
        #: The accepted sockets of those under way (closed if they never start).
        self._sockets: dict[asyncio.Task[None], socket.socket] = {}

    @classmethod
    def start(
        cls,
        session: Session,
        options: TlsOptions | None,
        registered: Callable[[Connection, TlsInfo], None],
    ) -> TlsHandshakes | None:
        """None without TLS; a bad setting fails the start (see :func:`tls_context`)."""
        context = tls_context(session, options, server=True)
        if context is None or options is None:
            return None
        return cls(session, context, options, registered)

    def handshake(self, connection: Connection) -> None:
        """Start the handshake of a connection just accepted (before it is read)."""
        transport = connection.transport
        assert transport is not None
        transport.pause_reading()  # its first bytes are the ClientHello
        peer = transport.get_extra_info("peername")
        self._session._trace("context.wrap_socket(conn, server_side=True)", addr_repr(peer))
        task = asyncio.get_running_loop().create_task(self._run(connection))
        self._tasks[task] = connection
        task.add_done_callback(self._tasks.pop)

    def accept(self, sock: socket.socket, peer: Any, connection: Connection) -> None:
        """Start the handshake of a socket just accepted (non-blocking, not yet
        read); ``connection`` (without an ``on_open``) carries it afterwards."""
        self._session._trace("context.wrap_socket(conn, server_side=True)", addr_repr(peer))
        task = asyncio.get_running_loop().create_task(self._run_accepted(sock, peer, connection))
        self._tasks[task] = connection
        self._sockets[task] = sock
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.pop(task, None)
        self._sockets.pop(task, None)

    async def _run(self, connection: Connection) -> None:
        info = await server_handshake(self._session, connection, self._context, self._options)
        if info is not None:
            self._registered(connection, info)

    async def _run_accepted(self, sock: socket.socket, peer: Any, connection: Connection) -> None:
        """TLS on an accepted socket (a selector loop): ``connection`` gets its
        :class:`TlsTransport` once the handshake is done; a failure is said (a
        Failed event) and the listening socket goes on."""
        options = self._options
        try:
            tls = await tls_handshake(
                sock,
                self._context,
                server_side=True,
                server_hostname=None,
                timeout=options.handshake_timeout,
            )
        except OSError as exc:
            _failed(self._session, f"TLS handshake with {format_addr(peer)}", exc)
            return
        TlsTransport(asyncio.get_running_loop(), tls, connection, peer)
        self._registered(connection, _done(self._session, tls, options.verify))

    def cancel(self) -> None:
        """The server stops: handshakes under way end, their connections reset
        (one whose task has not started yet too)."""
        for task, connection in list(self._tasks.items()):
            task.cancel()  # an accepted socket's handshake closes it
            connection.abort(State.CLOSED, Reason.SERVER_STOPPED)
        for sock in self._sockets.values():
            sock.close()  # not wrapped yet (a task not started): closed here


def _failed(session: Session, operation: str, exc: BaseException) -> SessionError:
    """Trace and log a failed handshake; returns the error to raise."""
    error = handshake_error(operation, exc)
    session._trace("do_handshake()", error.reason)
    session._emit(error.to_event())
    return error


def _done(session: Session, ssl_object: Any, verify: bool) -> TlsInfo:
    from ..tls.info import TlsInfo

    info = TlsInfo.of(ssl_object, verify)
    alpn = f", ALPN {info.alpn}" if info.alpn else ""
    session._trace("do_handshake()", f"{info.version}, {info.cipher}{alpn}")
    cert = info.peer_cert
    session._trace(
        "getpeercert()",
        f"{cert.subject} (SHA-256 {cert.sha256[:23]}…)" if cert else "None (no certificate)",
    )
    return info


def tls_reason(info: TlsInfo | None) -> tuple[Reason, Detail]:
    """The reason a CONNECTED state carries: the TLS version, verified or not."""
    if info is None:
        return Reason.NONE, None
    return (Reason.TLS_VERIFIED if info.verified else Reason.TLS_NOT_VERIFIED), info.version
