"""A relay session: listen on one address, pass everything on to another.

The man in the middle a tester puts between a program and its server to see
both directions and to make the network worse on purpose (delay, drop,
corrupt), or to slip a message in toward either side.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import socket
import time
from collections.abc import Callable, Iterable

from ..calls import addr_repr, bound_result, setsockopt_call
from ..errors import SessionError, session_error
from ..events import (
    Detail,
    PeerJoined,
    PeerLeft,
    Reason,
    Received,
    Sent,
    SockAddr,
    SocketCall,
    State,
    StateChanged,
    format_addr,
)
from ..sessions.acceptor import Acceptor
from ..sessions.base import Session
from ..sessions.socket_transport import selector_loop
from ..sessions.tcp_server import DEFAULT_BACKLOG
from ..sessions.udp import DEFAULT_SO_RCVBUF
from .flows import DirectionCounts, FlowStats, RelayCounters
from .options import RelayOptions, RelayProtocol, Side
from .tcp_relay import TcpRelay
from .udp_relay import UdpRelay

_AF_UNIX = getattr(socket, "AF_UNIX", None)


class RelaySession(Session):
    """A TCP or UDP relay on one worker thread.

    Events: StateChanged (LISTENING for TCP, BOUND for UDP, STOPPED),
    PeerJoined / PeerLeft (a flow: a client's connection, or a UDP source;
    ``peer_id`` is the flow's id), Received and Sent (``peer_id`` the flow,
    ``peer`` who sent the data or whom it went to: the client or the target,
    see :func:`~.flows.side_of`), SocketCall (the relay's own calls on a flow:
    the upstream connect, a FIN or a reset passed on; always, not only when
    tracing), Failed.
    """

    kind = "tcp-relay"

    def __init__(self, options: RelayOptions | None = None, **kwargs: object) -> None:
        self.options = options or RelayOptions()
        self.kind = f"{self.options.protocol.value}-relay"  # "tcp-relay", "udp-relay"
        super().__init__(**kwargs)  # type: ignore[arg-type]
        #: Per direction and flows, written by the worker (read :meth:`RelayCounters.snapshot`).
        self.relay_counters = RelayCounters()
        #: Where the relay forwards to, resolved (None until started).
        self.target_address: SockAddr | None = None
        self._local: SockAddr | None = None
        self._listener: Acceptor | socket.socket | None = None
        self._engine: TcpRelay | UdpRelay | None = None
        self._flows: dict[int, FlowStats] = {}
        self._next_flow = 1

    # -- public, thread-safe ---------------------------------------------------

    @property
    def local_address(self) -> SockAddr | None:
        return self._local

    @property
    def running(self) -> bool:
        return self._engine is not None

    def flows(self) -> list[FlowStats]:
        """The live flows, oldest first (a copy of the list; the stats are live)."""
        return list(self._flows.values())

    def start(
        self, listen: tuple[str, int], target: tuple[str, int], options: RelayOptions | None = None
    ) -> concurrent.futures.Future[SockAddr]:
        """Listen on ``listen`` (host, port) and relay to ``target``; resolves to
        the address it listens on. ``options`` replace the session's."""
        return self._submit(self._astart(listen, target, options))

    def stop(self) -> concurrent.futures.Future[None]:
        return self.close()

    def inject(
        self, data: bytes, toward: Side, flow_ids: Iterable[int] | None = None
    ) -> concurrent.futures.Future[int]:
        """Send ``data`` toward the client or the target of these flows (None:
        all), at once (past any delay); resolves to how many it reached."""
        ids = None if flow_ids is None else list(flow_ids)
        return self._submit(self._ainject(data, toward, ids))

    # -- worker side: starting and stopping ---------------------------------------

    async def _astart(
        self, listen: tuple[str, int], target: tuple[str, int], options: RelayOptions | None
    ) -> SockAddr:
        await self._aclose(Reason.RESTART)
        if options is not None:
            self.options = options
        protocol = self.options.protocol
        self.kind = f"{protocol.value}-relay"
        kind = socket.SOCK_STREAM if protocol is RelayProtocol.TCP else socket.SOCK_DGRAM
        target_address = self._resolve(
            target[0], target[1], kind, f"relay to {format_addr(target)}"
        )
        self.relay_counters = RelayCounters()
        self.target_address = target_address
        sock = self._bound_socket(listen, kind)
        try:
            if protocol is RelayProtocol.TCP:
                engine: TcpRelay | UdpRelay = TcpRelay(self, target_address)
                await self._serve(sock, engine)
            else:
                engine = UdpRelay(self, sock, target_address)
                self._listener = sock
        except BaseException:
            sock.close()
            self._disown()
            raise
        self._engine = engine
        local = self._local = sock.getsockname()
        if protocol is RelayProtocol.TCP:
            state = StateChanged(
                state=State.LISTENING, local=local, reason=Reason.BACKLOG, detail=DEFAULT_BACKLOG
            )
        else:
            state = StateChanged(state=State.BOUND, local=local)
        self._emit(state)
        return local

    def _bound_socket(self, listen: tuple[str, int], kind: int) -> socket.socket:
        host, port = listen
        operation = f"bind {format_addr((host, port))}"
        address = self._resolve(host, port, kind, operation)
        sock = self._new_socket(address, kind, False if len(address) == 4 else None)
        try:
            if kind == socket.SOCK_STREAM and sock.family != _AF_UNIX:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                self._trace(setsockopt_call("SO_REUSEADDR"))
            elif kind == socket.SOCK_DGRAM:  # room for a burst from many sources
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, DEFAULT_SO_RCVBUF)
            try:
                sock.bind(address)
            except OSError as exc:
                self._trace(f"bind({addr_repr(address)})", session_error("", exc).reason)
                raise self._fail(operation, self._bind_error(address, kind, exc)) from None
            self._own(sock)
            self._trace(f"bind({addr_repr(address)})", bound_result(sock.getsockname()))
            if kind == socket.SOCK_STREAM:
                try:
                    sock.listen(DEFAULT_BACKLOG)
                except OSError as exc:
                    raise self._fail(f"listen on {format_addr(address)}", exc) from None
                self._trace(f"listen({DEFAULT_BACKLOG})")
        except BaseException:
            sock.close()
            self._disown()
            raise
        return sock

    async def _serve(self, sock: socket.socket, engine: TcpRelay) -> None:
        loop = asyncio.get_running_loop()
        if not selector_loop(loop):  # pragma: no cover - Windows' proactor loop
            raise self._fail("relay", SessionError("", "the TCP relay needs a selector loop"))
        acceptor = Acceptor(loop, sock, self._accepted(engine), self._accept_failed)
        acceptor.start()
        self._listener = acceptor

    def _accepted(self, engine: TcpRelay) -> Callable[[socket.socket, SockAddr], None]:
        def accepted(sock: socket.socket, peer: SockAddr) -> None:
            if sock.family != _AF_UNIX:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            engine.accepted(sock, peer)

        return accepted

    def _accept_failed(self, exc: OSError, paused: bool) -> None:
        self._emit(session_error(f"accept on {format_addr(self._local)}", exc).to_event())

    async def _aclose(self, reason: Reason = Reason.NONE) -> None:
        engine, self._engine = self._engine, None
        listener, self._listener = self._listener, None
        local, self._local = self._local, None
        if isinstance(listener, Acceptor):
            listener.close()
        if engine is not None:
            await engine.close()
        if isinstance(listener, socket.socket):
            listener.close()
        if listener is not None:
            self._trace("close()")
            self._disown()
            self._emit(StateChanged(state=State.STOPPED, local=local, reason=reason))

    # -- worker side: the engines' helpers -------------------------------------------

    def next_flow_id(self) -> int:
        flow_id = self._next_flow
        self._next_flow += 1
        return flow_id

    def flow_joined(self, stats: FlowStats) -> None:
        self._flows[stats.flow_id] = stats
        counters = self.relay_counters
        counters.flows_opened += 1
        counters.flows_open += 1
        self._emit(PeerJoined(peer_id=stats.flow_id, peer=stats.client, local=stats.listen))

    def flow_left(self, stats: FlowStats, state: State, reason: Reason, detail: Detail) -> None:
        if self._flows.pop(stats.flow_id, None) is None:
            return
        self.relay_counters.flows_open -= 1
        out = stats.to_client
        self._emit(
            PeerLeft(
                peer_id=stats.flow_id,
                peer=stats.client,
                state=state,
                reason=reason,
                detail=detail,
                bytes_in=stats.to_target.received_bytes,
                bytes_out=out.forwarded_bytes + out.injected_bytes,
            )
        )

    async def connect_upstream(self, stats: FlowStats) -> socket.socket:
        """A TCP connection to the target for one client (said as a call, or a Failed)."""
        target = stats.target
        operation = (
            f"connect to the target {format_addr(target)} for client #{stats.flow_id} "
            f"({format_addr(stats.client)})"
        )
        try:
            sock = self._new_socket(target, socket.SOCK_STREAM)
        except OSError as exc:
            raise self._fail(operation, exc, stats.flow_id) from None
        timeout = self.options.connect_timeout
        try:
            await asyncio.wait_for(asyncio.get_running_loop().sock_connect(sock, target), timeout)
            if sock.family != _AF_UNIX:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except TimeoutError:
            sock.close()
            error = SessionError("", f"timed out after {timeout:g} s")
            raise self._fail(operation, error, stats.flow_id) from None
        except OSError as exc:
            sock.close()
            raise self._fail(operation, exc, stats.flow_id) from None
        except BaseException:
            sock.close()
            raise
        self.say_call(
            f"connect({addr_repr(target)})",
            f"connected from {addr_repr(sock.getsockname())}",
            stats.flow_id,
        )
        return sock

    def upstream_datagram_socket(self, stats: FlowStats) -> socket.socket:
        """A datagram socket connected to the target for one source (UDP)."""
        target = stats.target
        operation = f"open a socket to the target {format_addr(target)} for client #{stats.flow_id}"
        try:
            sock = self._new_socket(target, socket.SOCK_DGRAM)
        except OSError as exc:
            raise self._fail(operation, exc, stats.flow_id) from None
        try:
            if sock.family == _AF_UNIX:
                sock.bind("")  # an abstract name of its own (Linux), so the target can answer
            sock.connect(target)
        except OSError as exc:
            sock.close()
            raise self._fail(operation, exc, stats.flow_id) from None
        stats.upstream = sock.getsockname()
        self.say_call(
            f"connect({addr_repr(target)})",
            f"a socket of its own for client #{stats.flow_id}: {addr_repr(stats.upstream)}",
            stats.flow_id,
        )
        return sock

    def count_relayed_in(
        self,
        stats: FlowStats,
        dest: Side,
        chunks: list[bytes],
        nbytes: int,
        ends: tuple[SockAddr | None, SockAddr | None],
    ) -> None:
        """Data read from the side opposite ``dest``: counted, and its events queued."""
        for counts in self._counts_toward(stats, dest):
            counts.received_packets += len(chunks)
            counts.received_bytes += nbytes
        peer, local = ends
        flow_id, mono, wall = stats.flow_id, time.monotonic(), time.time()

        def make(data: bytes) -> Received:
            return Received(data, peer, local, False, len(data), flow_id, mono=mono, wall=wall)

        self._count_in(chunks, make, nbytes)

    def count_relayed_out(
        self,
        stats: FlowStats,
        dest: Side,
        chunks: list[bytes],
        nbytes: int,
        ends: tuple[SockAddr | None, SockAddr | None],
    ) -> None:
        """Data passed on toward ``dest``: counted, and its events queued."""
        for counts in self._counts_toward(stats, dest):
            counts.forwarded_packets += len(chunks)
            counts.forwarded_bytes += nbytes
        self._count_sent(stats, chunks, nbytes, ends)

    def count_injected(
        self,
        stats: FlowStats,
        dest: Side,
        data: bytes,
        ends: tuple[SockAddr | None, SockAddr | None],
    ) -> None:
        for counts in self._counts_toward(stats, dest):
            counts.injected_packets += 1
            counts.injected_bytes += len(data)
        self._count_sent(stats, [data], len(data), ends)

    def _count_sent(
        self,
        stats: FlowStats,
        chunks: list[bytes],
        nbytes: int,
        ends: tuple[SockAddr | None, SockAddr | None],
    ) -> None:
        peer, local = ends
        flow_id, mono, wall = stats.flow_id, time.monotonic(), time.time()

        def make(data: bytes) -> Sent:
            return Sent(data, peer, local, flow_id, mono=mono, wall=wall)

        self._count_out(chunks, make, nbytes)

    def count_dropped(self, stats: FlowStats, dest: Side, nbytes: int) -> None:
        for counts in self._counts_toward(stats, dest):
            counts.dropped_packets += 1
            counts.dropped_bytes += nbytes

    def count_lost(self, stats: FlowStats, dest: Side, packets: int, nbytes: int) -> None:
        for counts in self._counts_toward(stats, dest):
            counts.lost_packets += packets
            counts.lost_bytes += nbytes

    def count_corrupted(self, stats: FlowStats, dest: Side, flipped: int) -> None:
        for counts in self._counts_toward(stats, dest):
            counts.corrupted_bytes += flipped

    def _counts_toward(
        self, stats: FlowStats, dest: Side
    ) -> tuple[DirectionCounts, DirectionCounts]:
        """What goes toward ``dest`` is counted twice: in its flow and in the relay's totals."""
        return stats.toward(dest), self.relay_counters.toward(dest)

    def say_call(self, call: str, result: str, flow_id: int) -> None:
        """One of the relay's own calls on a flow (always said, not only when tracing)."""
        self._emit(SocketCall(call, result, flow_id))

    def emit_failure(self, error: SessionError, flow_id: int | None) -> None:
        self._emit(error.to_event(flow_id))

    def fail(self, operation: str, exc: BaseException, flow_id: int | None) -> SessionError:
        return self._fail(operation, exc, flow_id)

    # -- worker side: injecting -------------------------------------------------------

    async def _ainject(self, data: bytes, toward: Side, flow_ids: list[int] | None) -> int:
        engine = self._engine
        operation = f"inject toward the {toward.value}"
        if engine is None:
            raise self._fail(operation, SessionError("", "the relay is not running"))
        if not data:
            raise self._fail(operation, SessionError("", "nothing to send: the payload is empty"))
        reached = await engine.inject(data, toward, flow_ids)
        if not reached:
            raise self._fail(
                operation, SessionError("", "no client connected through the relay to reach")
            )
        return reached
