"""What a relay counts: per direction, per flow, and in all.

Written by the relay's worker thread only; other threads read fields (each
read is atomic) or take a :meth:`RelayCounters.snapshot`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from ..events import Event, SockAddr, State, format_addr
from .options import Side


@dataclass(slots=True)
class DirectionCounts:
    """One direction's traffic (toward the target, or toward the client).

    ``received`` is what the relay read from the sending side; every one of it
    is then ``forwarded``, ``dropped`` (on purpose, UDP) or ``lost`` (the
    system refused to send it, or the other side was gone): forwarded +
    dropped + lost + waiting in the delay line = received, exactly.
    ``injected`` is sent by hand, on top.
    """

    received_packets: int = 0
    received_bytes: int = 0
    forwarded_packets: int = 0
    forwarded_bytes: int = 0
    dropped_packets: int = 0
    dropped_bytes: int = 0
    lost_packets: int = 0
    lost_bytes: int = 0
    corrupted_bytes: int = 0
    injected_packets: int = 0
    injected_bytes: int = 0

    def add(self, other: DirectionCounts) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(slots=True)
class FlowStats:
    """One relayed TCP connection (a client and its own upstream connection)
    or UDP flow (one source address and its own upstream socket)."""

    flow_id: int
    client: SockAddr
    listen: SockAddr | None
    target: SockAddr
    since: float
    #: The relay's own address on the upstream side (None until connected).
    upstream: SockAddr | None = None
    to_target: DirectionCounts = field(default_factory=DirectionCounts)
    to_client: DirectionCounts = field(default_factory=DirectionCounts)
    state: State = State.CONNECTING
    #: Which sides have finished sending (their FIN), TCP.
    client_finished: bool = False
    target_finished: bool = False
    #: Wall-clock time of the last datagram either way (UDP).
    last_seen: float = 0.0

    def toward(self, side: Side) -> DirectionCounts:
        return self.to_target if side is Side.TARGET else self.to_client


@dataclass(slots=True)
class RelayCounters:
    """The relay's totals: both directions, and its flows."""

    to_target: DirectionCounts = field(default_factory=DirectionCounts)
    to_client: DirectionCounts = field(default_factory=DirectionCounts)
    flows_opened: int = 0
    flows_open: int = 0
    flows_failed: int = 0

    def toward(self, side: Side) -> DirectionCounts:
        return self.to_target if side is Side.TARGET else self.to_client

    def snapshot(self) -> RelayCounters:
        return copy.deepcopy(self)


def side_of(event: Event, target: SockAddr | None) -> Side:
    """Which side a relay's data event names: the target when its peer is the
    target's address, else the client."""
    peer = getattr(event, "peer", None)
    if target is not None and peer is not None and format_addr(peer) == format_addr(target):
        return Side.TARGET
    return Side.CLIENT
