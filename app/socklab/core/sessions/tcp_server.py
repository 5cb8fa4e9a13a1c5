"""A TCP server: bind, listen with a backlog, accept many peers, talk to each.

Per peer it keeps live state and byte counts (:class:`PeerStats`); it sends to
one peer, some, or all; it disconnects one; it can answer on its own (echo or a
fixed reply) and close a peer that sends a chosen word, like the classic
classroom server.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import enum
import functools
import os
import socket
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..calls import addr_repr, bound_result, setsockopt_call
from ..errors import SessionError, session_error
from ..events import (
    Detail,
    Failed,
    PeerJoined,
    PeerLeft,
    Reason,
    SockAddr,
    State,
    StateChanged,
    format_addr,
)
from ..files.transfer import DEFAULT_TCP_CHUNK, ReceiveProgress, SaveOptions
from ..jobs.generator import GeneratorSpec
from ..jobs.progress import Phase, Progress
from ..payload import codec_name, strip_line_endings
from ..rules import RuleSet
from ..tls import TlsOptions
from .acceptor import RETRY_DELAY, Acceptor
from .handshake import TlsHandshakes
from .reply_limit import DEFAULT_MAX_REPLY_RATE, ReplyBudget, Verdict
from .socket_transport import SocketTransport, selector_loop
from .stream import CLOSE_GRACE, DEFAULT_RECV_SIZE, Connection, PeerStats, RecvBuffer
from .tcp_jobs import TcpJobs

#: How many of the latest peers' TLS facts stay readable after they left (peer_tls).
RECENT_TLS = 1024
#: Default listen() backlog: high, so a burst of connects is not silently lost.
DEFAULT_BACKLOG = min(socket.SOMAXCONN, 4096)


class AutoReply(enum.Enum):
    """What the server sends back on its own when a peer sends something."""

    OFF = "off"
    ECHO = "echo"
    FIXED = "fixed"


@dataclass(frozen=True, slots=True)
class TcpServerOptions:
    """How the server listens and answers.

    ``close_on``: when a peer's chunk, without its trailing line endings, equals
    these bytes, the server closes that connection (e.g. ``b"exit"``).
    ``encoding``: the text encoding peers write (the close word's line endings
    are recognised, and the word shown, in it: UTF-16's are two bytes).
    ``max_reply_rate``: at most this many auto-replies per peer per second
    (0: no limit, and no loop check); see :mod:`.reply_limit`.
    ``ipv6_only``: IPV6_V6ONLY of a server on IPv6; off, a server on ``::``
    accepts IPv4 clients too (dual stack).
    """

    backlog: int = DEFAULT_BACKLOG
    reuse_address: bool = True
    max_clients: int | None = None
    recv_size: int = DEFAULT_RECV_SIZE
    auto_reply: AutoReply = AutoReply.OFF
    #: The fixed reply: bytes, or a function giving each reply's bytes (template
    #: fields, ``core.template.WordTemplate``; compared by value).
    reply: bytes | Callable[[], bytes] = b""
    close_on: bytes | None = None
    encoding: str = "utf-8"
    max_reply_rate: int = DEFAULT_MAX_REPLY_RATE
    #: Reply rules (core.rules), tried before echo / the fixed reply; each line
    #: of a chunk is a message. Their replies share the peer's reply budget.
    rules: RuleSet | None = None
    ipv6_only: bool = False
    #: TLS on every connection (None: plain TCP); see :mod:`..tls`.
    tls: TlsOptions | None = None


class TcpServerSession(TcpJobs):
    """A listening TCP socket and its peers, on one worker thread.

    Events: StateChanged (LISTENING, STOPPED), PeerJoined, PeerLeft,
    Received and Sent (with ``peer_id``), Failed (also when auto-reply to a
    peer pauses: it looked like a loop).
    """

    kind = "tcp-server"

    def __init__(self, options: TcpServerOptions | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.options = options or TcpServerOptions()
        # What accepts: the Acceptor (a selector loop) or asyncio's server.
        self._server: Acceptor | asyncio.Server | None = None
        self._local: SockAddr | None = None
        self._connections: dict[int, Connection] = {}
        self._next_id = 1
        # Every peer reads into this one buffer (see stream.RecvBuffer).
        self._recv_buffer = RecvBuffer(self.options.recv_size)
        # Bound once: every connection shares them (not three objects each).
        self._hooks = self._on_data, self._on_end, self._register
        # Auto-reply per peer: its budget, and the chunks whose answer waits
        # for the budget's next window (the peer is not read meanwhile).
        self._budgets: dict[int, ReplyBudget] = {}
        self._waiting: dict[int, list[bytes]] = {}
        self._drain_tasks: set[asyncio.Task[None]] = set()  # strong references
        #: The clock of the reply budgets (a test may set another before start).
        self.reply_clock = time.monotonic
        #: How a rule's delayed reply is scheduled, ``(delay, callback, *args)``
        #: on the worker's loop; None: ``loop.call_later`` (a test may hold them).
        self.reply_timer: Callable[..., object] | None = None
        #: TLS on accepted connections, while the server runs with it.
        self._tls: TlsHandshakes | None = None
        # What the latest peers' TLS handshakes gave, kept after they leave: a
        # quick client may be gone before its join is read (peer_tls).
        self._recent_tls: OrderedDict[int, Any] = OrderedDict()

    # -- public, thread-safe ---------------------------------------------------

    @property
    def local_address(self) -> SockAddr | None:
        return self._local

    @property
    def listening(self) -> bool:
        return self._server is not None

    def peer(self, peer_id: int) -> PeerStats | None:
        """Live stats of a connected peer (None once it has left)."""
        connection = self._connections.get(peer_id)
        return connection.stats if connection is not None else None

    def peer_tls(self, peer_id: int) -> Any:
        """What peer ``peer_id``'s TLS handshake gave (a TlsInfo), also once it
        has left (the latest :data:`RECENT_TLS` peers); None on plain TCP."""
        return self._recent_tls.get(peer_id)

    @property
    def peer_count(self) -> int:
        return len(self._connections)

    def start(self, host: str, port: int) -> concurrent.futures.Future[SockAddr]:
        """bind + listen; resolves to the address it listens on."""
        return self._submit(self._astart(host, port))

    def send(
        self, data: bytes, peer_ids: Iterable[int] | None = None
    ) -> concurrent.futures.Future[int]:
        """Send to the given peers (None: all); resolves to how many it reached."""
        ids = None if peer_ids is None else list(peer_ids)
        return self._submit(self._asend(data, ids))

    def peer_ids(self) -> list[int]:
        """The ids of the connected peers, oldest first (a copy)."""
        return list(self._connections)

    def generate(self, spec: GeneratorSpec, peer_ids: Iterable[int] | None = None) -> Progress:
        """Send ``spec.size``-byte blocks at ``spec``'s rate to these peers (None: all).

        Every block goes to each of them; the slowest sets the pace (backpressure).
        Returns at once with the live :class:`Progress`; ``stop()`` ends it.
        """
        return self._tcp_generate(spec, None if peer_ids is None else list(peer_ids))

    def send_file(
        self,
        path: str | os.PathLike[str],
        peer_ids: Iterable[int] | None = None,
        *,
        chunk: int = DEFAULT_TCP_CHUNK,
        rate_pps: float | None = None,
        rate_mbps: float | None = None,
    ) -> Progress:
        """Stream the file at ``path`` to these peers (None: all), with backpressure."""
        ids = None if peer_ids is None else list(peer_ids)
        return self._tcp_send_file(path, ids, chunk, rate_pps, rate_mbps)

    def receive_to_file(
        self,
        path: str | os.PathLike[str],
        *,
        append: bool = False,
        atomic: bool = False,
        peer_id: int | None = None,
    ) -> ReceiveProgress:
        """Write the bytes received from now on to ``path``: from one peer (its
        stream, until it leaves) or from all (None); see :class:`SaveOptions`.
        Raises SessionError if the file cannot be opened."""
        return self._start_sink(path, SaveOptions(append, atomic), peer_id=peer_id)

    def kick(self, peer_ids: Iterable[int]) -> concurrent.futures.Future[int]:
        """Close these peers' connections; resolves to how many were open."""
        ids = list(peer_ids)
        return self._submit(self._akick(ids))

    def set_options(self, options: TcpServerOptions) -> concurrent.futures.Future[None]:
        """Change auto-reply, close word, limits and recv size while running.

        Applied by a plain callback (``_call_soon``), not a task: a task's first
        step would run one loop pass later, after data that arrived meanwhile
        was already answered with the old options. A callback queued now runs
        before any data the peers send from now on.
        """

        def apply() -> None:
            old, self.options = self.options, options
            self._recv_buffer.resize(options.recv_size)
            if (old.auto_reply, old.reply, old.max_reply_rate, old.rules) != (
                options.auto_reply,
                options.reply,
                options.max_reply_rate,
                options.rules,
            ):
                self._resume_replies()

        return self._call_soon(apply)

    # -- worker side -----------------------------------------------------------

    async def _astart(self, host: str, port: int) -> SockAddr:
        await self._aclose(Reason.RESTART)
        self._tls = TlsHandshakes.start(self, self.options.tls, self._register)
        sock = self._listening_socket(host, port)
        try:
            await self._serve(sock)
        except BaseException:
            sock.close()
            raise
        local = self._local = sock.getsockname()
        self._emit(
            StateChanged(
                state=State.LISTENING,
                local=local,
                reason=Reason.BACKLOG,
                detail=self.options.backlog,
            )
        )
        return local

    def _listening_socket(self, host: str, port: int) -> socket.socket:
        """socket, SO_REUSEADDR, bind, listen(backlog), each traced; a failure is
        said (a Failed event) and raised."""
        options = self.options
        operation = f"bind {format_addr((host, port))}"
        address = self._resolve(host, port, socket.SOCK_STREAM, operation)
        sock = self._new_socket(address, socket.SOCK_STREAM, options.ipv6_only)
        try:
            if options.reuse_address:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                self._trace(setsockopt_call("SO_REUSEADDR"))
            try:
                sock.bind(address)
            except OSError as exc:
                self._trace(f"bind({addr_repr(address)})", session_error("", exc).reason)
                raise self._fail(operation, self._bind_error(address, sock.type, exc)) from None
            self._own(sock)
            local = sock.getsockname()
            self._trace(f"bind({addr_repr(address)})", bound_result(local))
            try:
                sock.listen(options.backlog)
            except OSError as exc:
                raise self._fail(f"listen on {format_addr(local)}", exc) from None
            self._trace(f"listen({options.backlog})")
        except BaseException:
            sock.close()
            self._disown()
            raise
        return sock

    async def _serve(self, sock: socket.socket) -> None:
        """Accept connections on ``sock`` (bound, listening, non-blocking; built
        by :meth:`_listening_socket` or elsewhere) until the server stops."""
        loop = asyncio.get_running_loop()
        if selector_loop(loop):
            acceptor = Acceptor(loop, sock, self._accepted, self._accept_failed)
            acceptor.start()
            self._server = acceptor
            return
        # asyncio's server (no selector loop): its backlog is also how many
        # connections it accepts per wake-up, and it calls listen() again with
        # it: give it one at least, then put the user's back (listen(0) too).
        backlog = self.options.backlog
        self._server = await loop.create_server(
            self._new_connection, sock=sock, backlog=max(1, backlog)
        )
        if backlog < 1:
            sock.listen(backlog)

    def _accepted(self, sock: socket.socket, peer: SockAddr) -> None:
        """A connection the acceptor took: its Connection registers at once
        (``_register``, from ``connection_made``) and reads from then on; with
        TLS, once its handshake is done (``TlsHandshakes.accept``)."""
        if self._tls is not None:
            on_data, on_end, _ = self._hooks
            connection = Connection(
                on_data, on_end, self.options.recv_size, shared=self._recv_buffer
            )
            self._tls.accept(sock, peer, connection)
            return
        SocketTransport(self.worker.loop, sock, self._new_connection(), peer)

    def _accept_failed(self, exc: OSError, paused: bool) -> None:
        """Say a failed accept (the acceptor says a run of them once)."""
        operation = f"accept on {format_addr(self._local)}" if self._local else "accept"
        error = session_error(operation, exc)
        if paused:
            error = SessionError(
                operation,
                f"{error.reason}; accepting again every {RETRY_DELAY:g} s",
                error.errno_name,
                error.errno,
            )
        self._emit(error.to_event())

    def _new_connection(self) -> Connection:
        on_data, on_end, on_open = self._hooks
        return Connection(
            on_data, on_end, self.options.recv_size, on_open=on_open, shared=self._recv_buffer
        )

    def _job_targets(self, peer_ids: list[int] | None) -> list[Connection]:
        if peer_ids is None:
            return list(self._connections.values())
        return [c for i in peer_ids if (c := self._connections.get(i)) is not None]

    def _register(self, connection: Connection, tls: Any = None) -> None:
        """Give a fresh connection its id, or turn it away over the client limit;
        with TLS, once its handshake is done (``tls``: what it gave)."""
        transport = connection.transport
        assert transport is not None
        peer = transport.get_extra_info("peername")
        local = transport.get_extra_info("sockname")
        if self._server is None:
            # Accepted just before Stop, established just after: close it too.
            connection.abort(State.CLOSED, Reason.SERVER_STOPPED)
            return
        if self._tls is not None and tls is None:
            self._tls.handshake(connection)  # calls back with its TlsInfo
            return
        limit = self.options.max_clients
        if limit is not None and len(self._connections) >= limit:
            connection.abort(State.KICKED, Reason.CLIENT_LIMIT)
            self._emit(
                Failed(
                    operation=f"accept {format_addr(peer)}",
                    message=f"accept {format_addr(peer)}: turned away, the limit of "
                    f"{limit} clients is reached",
                )
            )
            return
        peer_id = self._next_id
        self._next_id += 1
        connection.stats = PeerStats(peer_id, peer, local, since=time.time(), tls=tls)
        if tls is not None:
            self._recent_tls[peer_id] = tls
            if len(self._recent_tls) > RECENT_TLS:
                self._recent_tls.popitem(last=False)
        self._connections[peer_id] = connection
        self._trace("accept()", f"(conn #{peer_id}, {addr_repr(peer)})", peer_id)
        self._note_credentials(connection.stats, transport.get_extra_info("socket"))
        self._emit(PeerJoined(peer_id=peer_id, peer=peer, local=local))

    def _on_data(self, connection: Connection, chunks: list[bytes]) -> None:
        stats = connection.stats
        if stats is None:  # turned away, data arrived before the abort took effect
            return
        self._take_chunks(connection, chunks)
        waiting = self._waiting.get(stats.peer_id)
        if waiting is not None:  # answers wait for the next window: keep the order
            waiting.extend(chunks)
            return
        options = self.options
        if (
            options.close_on is not None
            or options.auto_reply is not AutoReply.OFF
            or options.rules is not None
        ):
            self._answer_all(connection, chunks)

    def _answer_all(self, connection: Connection, chunks: list[bytes]) -> None:
        """Answer each chunk in order; those over the reply budget wait for its
        next window, and the peer is not read until then."""
        for i, data in enumerate(chunks):
            if not self._answer(connection, data):
                self._wait_for_budget(connection, chunks[i:])
                return

    def _answer(self, connection: Connection, data: bytes) -> bool:
        """Close on the close word, or auto-reply; False if the reply must wait."""
        options = self.options
        close_on = options.close_on
        if close_on is not None and strip_line_endings(data, options.encoding) == close_on:
            word = close_on.decode(codec_name(options.encoding), "replace")
            connection.close(State.KICKED, Reason.CLOSE_WORD, word)
            return True
        if options.rules is not None:
            replies = options.rules.find_all(data, options.encoding, lines=True)
            if replies:
                rules = options.rules
                later = self.reply_timer or asyncio.get_running_loop().call_later
                write = functools.partial(self._write, connection)
                # The rules' replies to one chunk count as one reply against the budget.
                return self._within_budget(
                    connection, lambda: rules.dispatch(replies, write, later)
                )
        fixed = options.reply
        if options.auto_reply is AutoReply.ECHO:
            return self._within_budget(connection, lambda: self._write(connection, data))
        if options.auto_reply is AutoReply.FIXED and fixed:
            # A templated reply is made when it goes (a reply held back takes no number).
            make = fixed if callable(fixed) else lambda: fixed
            return self._within_budget(connection, lambda: self._write(connection, make()))
        return True

    def _within_budget(self, connection: Connection, send: Callable[[], None]) -> bool:
        """Call ``send`` if this peer's reply budget allows it; False if the
        reply must wait for the budget's next window."""
        stats = connection.stats
        assert stats is not None
        budget = self._budget(stats.peer_id)
        verdict = budget.decide()
        if verdict is Verdict.WAIT:
            return False
        if verdict is Verdict.SEND:
            send()
        elif verdict is Verdict.PAUSE:
            self._say_loop(stats, budget)
        stats.replies_sent, stats.replies_held = budget.sent, budget.held
        stats.replies_paused = budget.paused
        return True

    def _budget(self, peer_id: int) -> ReplyBudget:
        budget = self._budgets.get(peer_id)
        if budget is None:
            budget = ReplyBudget(self.options.max_reply_rate, self.reply_clock)
            self._budgets[peer_id] = budget
        return budget

    def _wait_for_budget(self, connection: Connection, chunks: list[bytes]) -> None:
        """Stop reading from this peer until its budget's next window, then answer ``chunks``."""
        stats = connection.stats
        assert stats is not None and connection.transport is not None
        self._waiting[stats.peer_id] = chunks
        connection.transport.pause_reading()
        delay = max(0.0, self._budgets[stats.peer_id].ready_at - self.reply_clock())
        asyncio.get_running_loop().call_later(delay, self._answer_waiting, connection)

    def _answer_waiting(self, connection: Connection) -> None:
        stats = connection.stats
        if stats is None:
            return
        chunks = self._waiting.pop(stats.peer_id, None)
        if chunks is None or not connection.is_open:
            return
        self._answer_all(connection, chunks)
        if stats.peer_id not in self._waiting:
            self._resume_reading(connection)

    def _resume_replies(self) -> None:
        """The auto-reply options changed: every peer is answered again, within the new limit."""
        for peer_id, budget in self._budgets.items():
            budget.resume(self.options.max_reply_rate)
            connection = self._connections.get(peer_id)
            if connection is not None and connection.stats is not None:
                connection.stats.replies_paused = False

    def _say_loop(self, stats: PeerStats, budget: ReplyBudget) -> None:
        loop = budget.loop
        assert loop is not None
        peer = format_addr(stats.peer)
        self._emit(
            Failed(
                operation=f"auto-reply to {peer}",
                message=f"auto-reply to {peer} paused: {loop.replies:,} replies in "
                f"{loop.seconds:.1f} s, at the limit of {budget.limit:,} a second every "
                "second — looks like a loop between two auto-repliers; what it sends is "
                "still received; change the auto-reply setting to answer it again",
                peer_id=stats.peer_id,
            )
        )

    def _write(self, connection: Connection, data: bytes) -> bool:
        """Queue ``data`` to one peer and count it; False if it is closed."""
        stats = connection.stats
        if stats is None or not connection.is_open:
            return False
        connection.write(data)
        self._count_written(connection, [data], len(data))
        if connection.write_paused and connection.transport is not None:
            # The peer is not reading what we answer: stop reading from it too,
            # so auto-reply cannot grow our memory without bound.
            connection.transport.pause_reading()
            task = asyncio.get_running_loop().create_task(self._resume_when_drained(connection))
            self._drain_tasks.add(task)
            task.add_done_callback(self._drain_tasks.discard)
        return True

    async def _resume_when_drained(self, connection: Connection) -> None:
        try:
            await connection.drain()
        except SessionError:
            return
        self._resume_reading(connection)

    def _resume_reading(self, connection: Connection) -> None:
        """Read from the peer again, unless its answers still wait (budget or backpressure)."""
        stats = connection.stats
        if stats is not None and stats.peer_id in self._waiting:
            return
        if connection.is_open and connection.transport is not None and not connection.write_paused:
            connection.transport.resume_reading()

    def _on_end(self, connection: Connection, state: State, reason: Reason, detail: Detail) -> None:
        stats = connection.stats
        if stats is None or self._connections.get(stats.peer_id) is not connection:
            return
        del self._connections[stats.peer_id]
        self._budgets.pop(stats.peer_id, None)
        waiting = self._waiting.pop(stats.peer_id, None)
        if waiting:  # the peer left while these waited for an answer: never sent
            stats.replies_held += len(waiting)
        stats.state, stats.reason, stats.detail = state, reason, detail
        if state is State.PEER_CLOSED:
            self._trace(
                f"conn.recv({self.options.recv_size})", "b'' (the peer closed)", stats.peer_id
            )
        self._trace("conn.close()", "", stats.peer_id)
        sink = self._sink
        if sink is not None and sink.peer_id == stats.peer_id:
            self._close_sink(Phase.DONE)
        self._emit(
            PeerLeft(
                peer_id=stats.peer_id,
                peer=stats.peer,
                state=state,
                reason=reason,
                detail=detail,
                bytes_in=stats.bytes_in,
                bytes_out=stats.bytes_out,
            )
        )

    async def _asend(self, data: bytes, peer_ids: list[int] | None) -> int:
        if self._server is None and not self._connections:
            raise self._fail("send", SessionError("", "the server is not running"))
        targets = (
            list(self._connections.values())
            if peer_ids is None
            else [c for i in peer_ids if (c := self._connections.get(i)) is not None]
        )
        if not targets:
            raise self._fail("send", SessionError("", "no connected client to send to"))
        reached = [c for c in targets if self._write(c, data)]
        await asyncio.gather(*(c.drain() for c in reached), return_exceptions=True)
        return len(reached)

    async def _akick(self, peer_ids: list[int]) -> int:
        kicked = 0
        for peer_id in peer_ids:
            connection = self._connections.get(peer_id)
            if connection is not None and connection.is_open:
                connection.close(State.KICKED, Reason.KICKED)
                kicked += 1
        return kicked

    async def _aclose(self, reason: Reason = Reason.NONE) -> None:
        await self._astop_sending()
        if self._tls is not None:
            self._tls.cancel()  # handshakes under way end with the server
        server, self._server = self._server, None
        local, self._local = self._local, None
        if server is not None:
            server.close()
            # Connections accepted a moment ago are established on the next
            # loop passes; let them arrive (and be turned away by _register).
            for _ in range(3):
                await asyncio.sleep(0)
        connections = list(self._connections.values())
        for connection in connections:
            connection.close(State.CLOSED, Reason.SERVER_STOPPED)
        if connections:
            pending = [c.closed for c in connections]
            _, still_open = await asyncio.wait(pending, timeout=CLOSE_GRACE)
            if still_open:
                for connection in connections:
                    if not connection.closed.done():
                        lost = connection.abort(State.CLOSED, Reason.SERVER_STOPPED)
                        self._say_lost(connection, lost)
                await asyncio.wait(still_open, timeout=0.5)
        if server is not None:
            self._trace("close()")
            self._disown()
            self._emit(StateChanged(state=State.STOPPED, local=local, reason=reason))
