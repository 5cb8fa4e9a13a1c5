"""The TCP relay: every client that connects gets its own connection to the target.

Bytes pass on as they come, in both directions; a FIN (half-close) passes on
after the data it follows, a reset at once. The relay never buffers without
bound: when one side does not take what it is sent, the relay stops reading
from the other (its kernel buffers fill, and TCP slows the sender down).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import SessionError
from ..events import Detail, Reason, SockAddr, State
from ..sessions.stream import CLOSE_GRACE, Connection, RecvBuffer
from .delay import DelayLine
from .flows import FlowStats
from .impair import Corrupter
from .options import MAX_DELAYED_BYTES, Side

if TYPE_CHECKING:
    from .session import RelaySession

_LINGER_RESET = struct.pack("ii", 1, 0)


class RelayEnd(Connection):
    """One of a flow's two connections (``side``: the client's or the target's)."""

    __slots__ = ("addresses", "flow", "side")

    def __init__(self, flow: TcpFlow, side: Side, shared: RecvBuffer) -> None:
        super().__init__(
            flow.on_data, flow.on_end, shared=shared, on_open=flow.on_open, on_eof=flow.on_eof
        )
        self.flow = flow
        self.side = side
        #: (peer, local) of this connection, for its events (known once it opens).
        self.addresses: tuple[SockAddr | None, SockAddr | None] = (None, None)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.addresses = (
            transport.get_extra_info("peername"),
            transport.get_extra_info("sockname"),
        )
        super().connection_made(transport)

    def resume_writing(self) -> None:
        super().resume_writing()
        self.flow.release(self.side.other)

    def reset(self, state: State, reason: Reason, detail: Detail = None) -> None:
        """Close with a reset (SO_LINGER 0: the peer sees RST, not FIN)."""
        transport = self.transport
        if transport is None or self._gone:  # type: ignore[attr-defined]
            return
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family != getattr(socket, "AF_UNIX", None):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET)
        self.abort(state, reason, detail)


class TcpFlow:
    """A client's connection, its own upstream connection, and what passes between."""

    def __init__(self, relay: TcpRelay, stats: FlowStats) -> None:
        self.relay = relay
        self.stats = stats
        session = relay.session
        options = session.options
        self.ends: dict[Side, RelayEnd | None] = {
            Side.CLIENT: RelayEnd(self, Side.CLIENT, relay.recv),
            Side.TARGET: None,
        }
        loop = session.worker.loop
        delay = options.delay_ms / 1000
        # Keyed by where the data goes.
        self.lines: dict[Side, DelayLine[bytes] | None] = {}
        self.corrupters: dict[Side, Corrupter | None] = {}
        for dest in Side:
            line = None
            if delay > 0:
                line = DelayLine(loop, delay, self._deliverer(dest))
                line.on_drained = self._releaser(dest.other)
            self.lines[dest] = line
            spec = options.corrupt
            name = f"{stats.flow_id}:{dest.value}"
            self.corrupters[dest] = Corrupter(spec, name) if spec is not None else None
        self.held: set[Side] = set()  # sides we stopped reading (backpressure)
        self.gone: set[Side] = set()
        self.client_end: tuple[State, Reason, Detail] = (State.CLOSED, Reason.NONE, None)
        self.connecting: asyncio.Task[None] | None = None
        self.left = False

    def _deliverer(self, dest: Side) -> Callable[[list[bytes]], None]:
        return lambda chunks: self.forward(dest, chunks)

    def _releaser(self, source: Side) -> Callable[[], None]:
        return lambda: self.release(source)

    # -- the connections' callbacks --------------------------------------------

    def on_open(self, end: Connection) -> None:
        if not isinstance(end, RelayEnd) or end.side is not Side.CLIENT:
            return
        assert end.transport is not None
        end.transport.pause_reading()  # nothing is read before the target is there
        self.relay.joined(self, end)

    def on_data(self, end: Connection, chunks: list[bytes]) -> None:
        assert isinstance(end, RelayEnd)
        source = end.side
        dest = source.other
        nbytes = sum(map(len, chunks))
        self.relay.count_received(self, end, chunks, nbytes)
        corrupter = self.corrupters[dest]
        if corrupter is not None:
            flipped = 0
            spoiled = []
            for chunk in chunks:
                changed, n = corrupter.apply(chunk)
                spoiled.append(changed)
                flipped += n
            chunks = spoiled
            if flipped:
                self.relay.session.count_corrupted(self.stats, dest, flipped)
        line = self.lines[dest]
        if line is None:
            self.forward(dest, chunks)
            return
        line.push(chunks, nbytes)
        if line.queued_bytes > MAX_DELAYED_BYTES:
            self.hold(source)

    def on_eof(self, end: Connection) -> bool:
        assert isinstance(end, RelayEnd)
        source = end.side
        if source is Side.CLIENT:
            self.stats.client_finished = True
        else:
            self.stats.target_finished = True
        line = self.lines[source.other]
        if line is None:
            self._pass_fin(source)
        else:
            line.when_empty(lambda: self._pass_fin(source))
        return True  # keep our sending side open: the other side may still answer

    def on_end(self, end: Connection, state: State, reason: Reason, detail: Detail) -> None:
        assert isinstance(end, RelayEnd)
        side = end.side
        self.gone.add(side)
        if side is Side.CLIENT:
            self.client_end = (state, reason, detail)
        line = self.lines[side]
        if line is not None:
            line.clear()
        other = self.ends[side.other]
        if other is not None and side.other not in self.gone:
            if state is State.RESET:
                self.relay.call(
                    self,
                    "close() with SO_LINGER 0",
                    f"the {side.value} reset the connection: reset passed on to the "
                    f"{side.other.value}",
                )
                other.reset(State.RESET, Reason.PEER_RESET)
            elif not other.is_open:
                pass  # closing already
            elif not (self.stats.client_finished and self.stats.target_finished):
                other.close(State.CLOSED)
        self._maybe_left()

    # -- passing data on -----------------------------------------------------------

    def forward(self, dest: Side, chunks: list[bytes]) -> None:
        end = self.ends[dest]
        nbytes = sum(map(len, chunks))
        if end is None or not end.is_open or end.write_shut:
            self.relay.count_lost(self, dest, len(chunks), nbytes)
            return
        write = end.transport.write  # type: ignore[union-attr]
        for chunk in chunks:
            write(chunk)
        self.relay.count_forwarded(self, end, chunks, nbytes)
        if end.write_paused:
            self.hold(dest.other)

    def hold(self, source: Side) -> None:
        """Stop reading from ``source``: the way its data goes is full."""
        end = self.ends[source]
        if source in self.held or end is None or end.transport is None:
            return
        self.held.add(source)
        end.transport.pause_reading()

    def release(self, source: Side) -> None:
        """Read from ``source`` again, if the way its data goes has room."""
        if source not in self.held:
            return
        dest = self.ends[source.other]
        line = self.lines[source.other]
        if dest is not None and dest.write_paused:
            return
        if line is not None and line.queued_bytes > MAX_DELAYED_BYTES // 2:
            return
        self.held.discard(source)
        end = self.ends[source]
        if end is not None and end.is_open and end.transport is not None:
            end.transport.resume_reading()

    def _pass_fin(self, source: Side) -> None:
        """``source`` finished sending (and what it sent went out): send FIN on."""
        dest = self.ends[source.other]
        if dest is None or not dest.is_open or dest.write_shut:
            return
        dest.shutdown_write()
        self.relay.call(
            self,
            "shutdown(SHUT_WR)",
            f"the {source.value} finished sending (FIN): passed on to the {source.other.value}",
        )
        if self.stats.client_finished and self.stats.target_finished:
            for end in self.ends.values():
                if end is not None:
                    end.close(State.CLOSED)

    # -- the target's side -----------------------------------------------------------

    async def connect(self) -> None:
        """Open the upstream connection; reset the client if it cannot be made."""
        relay = self.relay
        client = self.ends[Side.CLIENT]
        assert client is not None
        try:
            sock = await relay.open_upstream(self)
        except SessionError:
            relay.session.relay_counters.flows_failed += 1
            self.stats.state = State.RESET
            relay.call(
                self,
                "close() with SO_LINGER 0",
                "the target could not be reached: the client's connection is reset",
            )
            client.reset(State.RESET, Reason.NOT_CONNECTED)
            self._maybe_left()
            return
        if Side.CLIENT in self.gone or not client.is_open:
            sock.close()
            self._maybe_left()
            return
        end = RelayEnd(self, Side.TARGET, relay.recv)
        self.ends[Side.TARGET] = end
        relay.attach(sock, end, self.stats.target)
        self.stats.upstream = sock.getsockname()
        self.stats.state = State.CONNECTED
        if client.transport is not None and Side.CLIENT not in self.held:
            client.transport.resume_reading()

    def close(self) -> None:
        """Close both connections after what is queued is sent (the relay stops)."""
        if self.connecting is not None and not self.connecting.done():
            self.connecting.cancel()
        for end in self.ends.values():
            if end is not None:
                end.close(State.CLOSED, Reason.SERVER_STOPPED)

    def abort(self) -> None:
        for end in self.ends.values():
            if end is not None and end.transport is not None:
                end.abort(State.CLOSED, Reason.SERVER_STOPPED)

    @property
    def closed(self) -> list[asyncio.Future[None]]:
        return [end.closed for end in self.ends.values() if end is not None]

    def _maybe_left(self) -> None:
        if self.left or Side.CLIENT not in self.gone:
            return
        if self.ends[Side.TARGET] is not None and Side.TARGET not in self.gone:
            return
        connecting = self.connecting
        if (
            connecting is not None
            and not connecting.done()
            and asyncio.current_task() is not connecting
        ):
            return  # the connect ends it
        self.left = True
        state, reason, detail = self.client_end
        self.stats.state = state
        self.relay.left(self, state, reason, detail)


class TcpRelay:
    """The listening side and the flows of a TCP relay (on the session's worker)."""

    def __init__(self, session: RelaySession, target: SockAddr) -> None:
        self.session = session
        self.target = target
        self.recv = RecvBuffer(session.options.recv_size)
        self.flows: dict[int, TcpFlow] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # -- flows ---------------------------------------------------------------------

    def accepted(self, sock: socket.socket, peer: SockAddr) -> None:
        from ..sessions.socket_transport import SocketTransport

        session = self.session
        flow_id = session.next_flow_id()
        stats = FlowStats(flow_id, peer, None, self.target, since=time.time())
        flow = TcpFlow(self, stats)
        self.flows[flow_id] = flow
        client = flow.ends[Side.CLIENT]
        assert client is not None
        SocketTransport(session.worker.loop, sock, client, peer)

    def joined(self, flow: TcpFlow, end: RelayEnd) -> None:
        flow.stats.listen = end.addresses[1]
        self.session.flow_joined(flow.stats)
        task = asyncio.get_running_loop().create_task(flow.connect())
        flow.connecting = task
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def open_upstream(self, flow: TcpFlow) -> socket.socket:
        return await self.session.connect_upstream(flow.stats)

    def attach(self, sock: socket.socket, end: RelayEnd, peer: SockAddr) -> None:
        from ..sessions.socket_transport import SocketTransport, selector_loop

        loop = self.session.worker.loop
        if selector_loop(loop):
            SocketTransport(loop, sock, end, peer)
        else:  # pragma: no cover - not a selector loop (Windows)
            task = loop.create_task(loop.create_connection(lambda: end, sock=sock))  # type: ignore[arg-type]
            self._tasks.add(task)  # type: ignore[arg-type]
            task.add_done_callback(self._tasks.discard)  # type: ignore[arg-type]

    def left(self, flow: TcpFlow, state: State, reason: Reason, detail: Detail) -> None:
        self.flows.pop(flow.stats.flow_id, None)
        self.session.flow_left(flow.stats, state, reason, detail)

    # -- counting ------------------------------------------------------------------

    def count_received(
        self, flow: TcpFlow, end: RelayEnd, chunks: list[bytes], nbytes: int
    ) -> None:
        dest = end.side.other
        self.session.count_relayed_in(flow.stats, dest, chunks, nbytes, _ends(end))

    def count_forwarded(
        self, flow: TcpFlow, end: RelayEnd, chunks: list[bytes], nbytes: int
    ) -> None:
        self.session.count_relayed_out(flow.stats, end.side, chunks, nbytes, _ends(end))

    def count_lost(self, flow: TcpFlow, dest: Side, packets: int, nbytes: int) -> None:
        self.session.count_lost(flow.stats, dest, packets, nbytes)

    def call(self, flow: TcpFlow, call: str, result: str) -> None:
        self.session.say_call(call, result, flow.stats.flow_id)

    # -- injecting, stopping -------------------------------------------------------------

    async def inject(self, data: bytes, toward: Side, flow_ids: list[int] | None) -> int:
        flows = (
            list(self.flows.values())
            if flow_ids is None
            else [f for i in flow_ids if (f := self.flows.get(i)) is not None]
        )
        reached: list[RelayEnd] = []
        for flow in flows:
            end = flow.ends[toward]
            if end is None or not end.is_open or end.write_shut:
                continue
            end.write(data)
            self.session.count_injected(flow.stats, toward, data, _ends(end))
            reached.append(end)
        await asyncio.gather(*(end.drain() for end in reached), return_exceptions=True)
        return len(reached)

    async def close(self) -> None:
        flows = list(self.flows.values())
        for flow in flows:
            flow.close()
        pending = [f for flow in flows for f in flow.closed]
        if pending:
            _, still_open = await asyncio.wait(pending, timeout=CLOSE_GRACE)
            if still_open:
                for flow in flows:
                    flow.abort()
                await asyncio.wait(still_open, timeout=0.5)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=0.5)


def _ends(end: RelayEnd) -> tuple[SockAddr | None, SockAddr | None]:
    """(peer, local) of ``end``'s connection, for its events."""
    return end.addresses
