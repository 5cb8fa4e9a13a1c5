"""The UDP relay: per source address its own upstream socket to the target.

A datagram from a new source opens a flow: a socket connected to the target
(so only the target's answers come back on it), whose answers go back to that
source from the listening socket. A flow without a datagram either way for
``idle_timeout`` seconds ends. Drops are exact (:class:`~.impair.DropPlan`);
a datagram the system refuses to send is counted as lost, never silently.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import SessionError
from ..events import Detail, Reason, SockAddr, State, format_addr
from .delay import DelayLine
from .flows import FlowStats
from .impair import Corrupter, DropPlan
from .options import MAX_DELAYED_DATAGRAMS, Side

if TYPE_CHECKING:
    from .session import RelaySession

#: At most this many datagrams read per wake-up from one socket.
_READS_PER_WAKEUP = 256
#: The largest datagram read (a UDP datagram's most).
_MAX_DATAGRAM = 65_535
_AF_UNIX = getattr(socket, "AF_UNIX", None)


class UdpFlow:
    """One source address, its upstream socket and what waits in its delay lines."""

    def __init__(self, relay: UdpRelay, stats: FlowStats, sock: socket.socket) -> None:
        self.relay = relay
        self.stats = stats
        self.sock = sock
        self.last = time.monotonic()
        self.open = True
        self.refused_said = False
        self.lost_said = False
        session = relay.session
        options = session.options
        delay = options.delay_ms / 1000
        self.lines: dict[Side, DelayLine[bytes] | None] = {}
        self.corrupters: dict[Side, Corrupter | None] = {}
        for dest in Side:
            line = None
            if delay > 0:
                line = DelayLine(session.worker.loop, delay, self._deliverer(dest))
                line.on_drained = relay.releaser(self, dest.other)
            self.lines[dest] = line
            spec = options.corrupt
            name = f"{stats.flow_id}:{dest.value}"
            self.corrupters[dest] = (
                Corrupter(spec, name, per_message=True) if spec is not None else None
            )

    def _deliverer(self, dest: Side) -> Callable[[list[bytes]], None]:
        return lambda datagrams: self.relay.send(self, dest, datagrams)


class UdpRelay:
    """The listening socket and the flows of a UDP relay (on the session's worker)."""

    def __init__(self, session: RelaySession, sock: socket.socket, target: SockAddr) -> None:
        self.session = session
        self.sock = sock
        self.local: SockAddr = sock.getsockname()
        self.target = target
        self.loop = session.worker.loop
        self.flows: dict[int, UdpFlow] = {}
        self._by_source: dict[object, UdpFlow] = {}
        options = session.options
        self.drops: dict[Side, DropPlan | None] = {
            dest: DropPlan(options.drop_percent, options.seed, dest.value)
            if options.drop_percent > 0
            else None
            for dest in Side
        }
        self._held: set[object] = set()  # sockets not read (a delay line is full)
        self.loop.add_reader(sock.fileno(), self._from_clients)
        self._idle_timer: asyncio.TimerHandle | None = None
        self._schedule_idle()

    # -- reading ---------------------------------------------------------------------

    def _from_clients(self) -> None:
        sock = self.sock
        for _ in range(_READS_PER_WAKEUP):
            try:
                data, source = sock.recvfrom(_MAX_DATAGRAM)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                continue  # an ICMP error from an earlier send: nothing to read
            flow = self._flow_for(source)
            if flow is None:
                continue
            self._pass(flow, Side.TARGET, data, source, self.local)
            if sock in self._held:
                return

    def _from_target(self, flow: UdpFlow) -> None:
        sock = flow.sock
        for _ in range(_READS_PER_WAKEUP):
            if not flow.open:
                return
            try:
                data = sock.recv(_MAX_DATAGRAM)
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionRefusedError:
                self._refused(flow)
                continue
            except OSError:
                continue
            self._pass(flow, Side.CLIENT, data, self.target, flow.stats.upstream)
            if sock in self._held:
                return

    def _refused(self, flow: UdpFlow) -> None:
        """The target's host answered a datagram with ICMP port unreachable."""
        if flow.refused_said:
            return
        flow.refused_said = True
        error = SessionError(
            f"send to the target {format_addr(self.target)} for client #{flow.stats.flow_id}",
            "nothing listens there (ICMP port unreachable; said once per client)",
            "ECONNREFUSED",
        )
        self.session.emit_failure(error, flow.stats.flow_id)

    def _flow_for(self, source: SockAddr) -> UdpFlow | None:
        # Unnamed Unix senders ('') share one flow: nothing can be sent back to them.
        flow = self._by_source.get(source)
        if flow is not None:
            return flow
        session = self.session
        flow_id = session.next_flow_id()
        stats = FlowStats(flow_id, source, self.local, self.target, since=time.time())
        try:
            sock = session.upstream_datagram_socket(stats)
        except SessionError:
            session.relay_counters.flows_failed += 1
            return None
        flow = UdpFlow(self, stats, sock)
        stats.state = State.CONNECTED
        self.flows[flow_id] = flow
        self._by_source[source] = flow
        self.loop.add_reader(sock.fileno(), self._from_target, flow)
        session.flow_joined(stats)
        return flow

    # -- passing on --------------------------------------------------------------------

    def _pass(
        self, flow: UdpFlow, dest: Side, data: bytes, peer: SockAddr, local: SockAddr | None
    ) -> None:
        session = self.session
        flow.last = time.monotonic()
        flow.stats.last_seen = time.time()
        session.count_relayed_in(flow.stats, dest, [data], len(data), (peer, local))
        plan = self.drops[dest]
        if plan is not None and plan.drop():
            session.count_dropped(flow.stats, dest, len(data))
            return
        corrupter = flow.corrupters[dest]
        if corrupter is not None:
            data, flipped = corrupter.apply(data)
            if flipped:
                session.count_corrupted(flow.stats, dest, flipped)
        line = flow.lines[dest]
        if line is None:
            self.send(flow, dest, [data])
            return
        line.push([data], len(data))
        if len(line) >= MAX_DELAYED_DATAGRAMS:
            self._hold(self.sock if dest is Side.TARGET else flow.sock)

    def send(self, flow: UdpFlow, dest: Side, datagrams: list[bytes]) -> None:
        """Send ``datagrams`` on toward ``dest``; what the system refuses is lost (counted)."""
        session = self.session
        if not flow.open:
            session.count_lost(flow.stats, dest, len(datagrams), sum(map(len, datagrams)))
            return
        sent: list[bytes] = []
        for data in datagrams:
            try:
                if dest is Side.TARGET:
                    flow.sock.send(data)
                else:
                    self.sock.sendto(data, flow.stats.client)
            except OSError as exc:
                session.count_lost(flow.stats, dest, 1, len(data))
                if isinstance(exc, ConnectionRefusedError):
                    self._refused(flow)
                elif not flow.lost_said:
                    flow.lost_said = True
                    operation = f"send to the {dest.value} for client #{flow.stats.flow_id}"
                    session.emit_failure(
                        SessionError(operation, f"{exc.strerror or exc} (said once per client)"),
                        flow.stats.flow_id,
                    )
                continue
            sent.append(data)
        if sent:
            peer, local = (
                (self.target, flow.stats.upstream)
                if dest is Side.TARGET
                else (flow.stats.client, self.local)
            )
            session.count_relayed_out(flow.stats, dest, sent, sum(map(len, sent)), (peer, local))

    def releaser(self, flow: UdpFlow, source: Side) -> Callable[[], None]:
        def release() -> None:
            sock = self.sock if source is Side.CLIENT else flow.sock
            line = flow.lines[source.other]
            if sock in self._held and (line is None or len(line) < MAX_DELAYED_DATAGRAMS // 2):
                self._held.discard(sock)
                if sock is self.sock:
                    self.loop.add_reader(sock.fileno(), self._from_clients)
                elif flow.open:
                    self.loop.add_reader(sock.fileno(), self._from_target, flow)

        return release

    def _hold(self, sock: socket.socket) -> None:
        if sock not in self._held:
            self._held.add(sock)
            self.loop.remove_reader(sock.fileno())

    # -- injecting, idle, stopping ------------------------------------------------------

    async def inject(self, data: bytes, toward: Side, flow_ids: list[int] | None) -> int:
        flows = (
            list(self.flows.values())
            if flow_ids is None
            else [f for i in flow_ids if (f := self.flows.get(i)) is not None]
        )
        reached = 0
        for flow in flows:
            try:
                if toward is Side.TARGET:
                    flow.sock.send(data)
                    ends = (self.target, flow.stats.upstream)
                else:
                    self.sock.sendto(data, flow.stats.client)
                    ends = (flow.stats.client, self.local)
            except OSError as exc:
                operation = f"inject toward the {toward.value} of client #{flow.stats.flow_id}"
                raise self.session.fail(operation, exc, flow.stats.flow_id) from None
            self.session.count_injected(flow.stats, toward, data, ends)
            reached += 1
        return reached

    def _schedule_idle(self) -> None:
        idle = self.session.options.idle_timeout
        if idle <= 0:
            return
        step = max(0.02, min(idle / 4, 5.0))
        self._idle_timer = self.loop.call_later(step, self._expire)

    def _expire(self) -> None:
        idle = self.session.options.idle_timeout
        now = time.monotonic()
        for flow in list(self.flows.values()):
            waiting = any(line is not None and len(line) for line in flow.lines.values())
            if now - flow.last >= idle and not waiting:
                self._end(flow, State.CLOSED, Reason.IDLE, f"{idle:g}")
        self._schedule_idle()

    def _end(self, flow: UdpFlow, state: State, reason: Reason, detail: Detail = None) -> None:
        if not flow.open:
            return
        flow.open = False
        for line in flow.lines.values():
            if line is not None:
                line.clear()
        self._held.discard(flow.sock)
        self.loop.remove_reader(flow.sock.fileno())
        flow.sock.close()
        self.flows.pop(flow.stats.flow_id, None)
        self._by_source.pop(flow.stats.client, None)
        flow.stats.state = state
        self.session.flow_left(flow.stats, state, reason, detail)

    async def close(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        for flow in list(self.flows.values()):
            self._end(flow, State.CLOSED, Reason.SERVER_STOPPED)
        if self.sock not in self._held:
            self.loop.remove_reader(self.sock.fileno())
        self._held.clear()
