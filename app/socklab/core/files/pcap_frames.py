"""A session's events as the packets Wireshark would have seen (built with dpkt).

SockLab sees the socket API, not the wire: this module writes the packets a
program's calls stand for, with the real addresses, ports, payloads and times.

* UDP: one IPv4 or IPv6 + UDP packet per datagram (a datagram that was cut
  to the receive buffer keeps its real length in the headers: Wireshark shows
  it as captured short). A socket bound to every interface (0.0.0.0, ::)
  writes the address the kernel sends from toward the peer, as on the wire.
* TCP: a three-way handshake when a connection starts (or is first seen),
  data segments whose sequence and acknowledgement numbers advance per
  direction (a chunk longer than an IP packet holds is split), FINs or a
  reset when it ends; so "Follow TCP stream" gives back both directions.
* Unix sockets (a path, or no address): the payload alone, on a
  ``LINKTYPE_NULL`` interface with the family AF_UNIX (1); the addresses go
  in the packet's comment.

Every packet carries its direction (the pcapng ``epb_flags``: inbound or
outbound); the packets SockLab made up (handshakes, FINs) say so in a comment.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

from dpkt import in_cksum, ip, ip6, tcp, udp

from ..events import (
    Event,
    PeerJoined,
    PeerLeft,
    Received,
    Sent,
    SockAddr,
    State,
    StateChanged,
    format_addr,
)

#: The pcapng link types: raw IPv4/IPv6 packets, and BSD loopback (a 4-byte family).
LINKTYPE_RAW = 101
LINKTYPE_NULL = 0
#: The interfaces of a SockLab pcapng, in this order (their ids in each packet).
IP_INTERFACE = 0
UNIX_INTERFACE = 1
#: The loopback header's family for a Unix socket's data.
AF_UNIX_FAMILY = int(socket.AF_UNIX)
#: The most TCP payload one synthesized segment carries (fits IPv4's 65,535).
MAX_SEGMENT = 65535 - 20 - 20
#: The most payload one Unix frame carries (Wireshark reads frames up to 256 KiB).
MAX_UNIX_FRAME = 256 * 1024 - 4
#: The epb_flags directions.
INBOUND = 1
OUTBOUND = 2
_TTL = 64
_WINDOW = 65535
#: The initial sequence numbers: the connecting side's and the accepting side's.
_ISN_CLIENT = 1_000_000
_ISN_SERVER = 2_000_000
_MADE_UP = "SockLab: made up for"
#: A TCP connection: (local host, port), (peer host, port).
_Key = tuple[object, object]
#: How a Unix address's text starts: a path, an abstract name (shown, or raw).
_UNIX_STARTS = ("/", "@", "\0")
_TCP_STATES = (State.CONNECTING, State.CONNECTED, State.HALF_CLOSED, State.PEER_FINISHED)
_ENDED = (State.PEER_CLOSED, State.CLOSED, State.RESET, State.KICKED, State.STOPPED)


@dataclass(frozen=True, slots=True)
class Frame:
    """One packet: when, on which interface, its bytes, its real length
    (more than ``len(data)`` when the datagram was cut), direction and comment."""

    time: float
    interface: int
    data: bytes
    length: int
    direction: int
    comment: str = ""


@dataclass(slots=True)
class _Side:
    addr: tuple[bytes, int]  # packed address, port
    seq: int
    fin: bool = False


@dataclass(slots=True)
class _Connection:
    """A TCP connection's two ends: ``local`` (the session's) and ``peer``."""

    v6: bool
    local: _Side
    peer: _Side
    over: bool = False
    names: tuple[str, str] = field(default=("", ""))


@functools.lru_cache(maxsize=1024)
def _packed(host: str, v6: bool) -> bytes:
    """The address's bytes (an IPv4 host in an IPv6 packet becomes ::ffff:a.b.c.d)."""
    address = ipaddress.ip_address(host.partition("%")[0])
    if v6 and address.version == 4:
        address = ipaddress.IPv6Address(f"::ffff:{address}")
    elif not v6 and address.version == 6:
        mapped = address.ipv4_mapped  # type: ignore[union-attr]
        address = mapped if mapped is not None else ipaddress.IPv4Address(0)
    return address.packed


def _is_ip(addr: SockAddr | None) -> bool:
    """An IPv4 (host, port) or IPv6 4-tuple; not a Unix address (a path, an
    abstract ``@name``, unnamed: a string, bytes, or a tuple holding one)."""
    return (
        isinstance(addr, tuple)
        and len(addr) in (2, 4)
        and isinstance(addr[0], str)
        and not addr[0].startswith(_UNIX_STARTS)
    )


def _v6(*addrs: SockAddr | None) -> bool:
    """IPv6 when either end is an IPv6 (4-tuple) address."""
    return any(_is_ip(a) and len(a) == 4 for a in addrs)  # type: ignore[arg-type]


def _end(addr: SockAddr | None, v6: bool) -> tuple[bytes, int]:
    """An IP end as (packed address, port); unknown: the unspecified address, port 0."""
    if not _is_ip(addr):
        return (bytes(16 if v6 else 4), 0)
    assert addr is not None
    try:
        return (_packed(addr[0], v6), int(addr[1]))
    except ValueError:  # a name, not an address (never written by SockLab)
        return (bytes(16 if v6 else 4), int(addr[1]))


#: A socket bound to every interface: its datagrams' own address is the kernel's pick.
_UNSPECIFIED = frozenset({"0.0.0.0", "::", "::ffff:0.0.0.0", ""})


@functools.lru_cache(maxsize=256)
def _source_toward(host: str, v6: bool) -> str | None:
    """The address the kernel sends from toward ``host``: a UDP socket's own
    address once connected there (connect sends nothing); None if there is no
    route (or no right to one: a broadcast address)."""
    try:
        with socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect((host, 9))
            return str(probe.getsockname()[0])
    except (OSError, UnicodeError):
        return None


def _own_address(mine: SockAddr | None, peer: SockAddr | None) -> SockAddr | None:
    """A datagram's own end as the packet had it: a socket bound to every
    interface (0.0.0.0, ::) sent from (and most likely was sent to) the address
    the kernel picks toward ``peer``, not the unspecified address."""
    if not (_is_ip(mine) and _is_ip(peer)) or mine[0] not in _UNSPECIFIED:  # type: ignore[index]
        return mine
    assert mine is not None and peer is not None
    source = _source_toward(str(peer[0]), len(mine) == 4)
    return mine if source is None else (source, *mine[1:])  # type: ignore[return-value]


class _Packets:
    """dpkt's packet objects, made once and filled anew for every packet (making
    them costs more than packing them); one per :class:`FrameMaker`, so one thread."""

    def __init__(self) -> None:
        self.udp = udp.UDP()
        self.tcp = tcp.TCP(win=_WINDOW)
        self.ip4 = ip.IP(ttl=_TTL)
        self.ip6 = ip6.IP6(hlim=_TTL)

    def datagram(
        self, v6: bool, src: tuple[bytes, int], dst: tuple[bytes, int], payload: bytes, size: int
    ) -> bytes:
        """A UDP datagram of ``size`` bytes (``payload`` is what of it was kept)."""
        datagram = self.udp
        datagram.sport, datagram.dport, datagram.ulen = src[1], dst[1], 8 + size
        datagram.data = payload
        return self._packet(v6, src, dst, datagram, 8 + size)

    def segment(
        self,
        v6: bool,
        src: tuple[bytes, int],
        dst: tuple[bytes, int],
        numbers: tuple[int, int],
        *,
        flags: int,
        payload: bytes,
    ) -> bytes:
        """A TCP segment with these sequence and acknowledgement ``numbers``."""
        segment = self.tcp
        segment.sport, segment.dport, segment.flags = src[1], dst[1], flags
        segment.seq, segment.ack = numbers[0] & 0xFFFFFFFF, numbers[1] & 0xFFFFFFFF
        segment.data = payload
        return self._packet(v6, src, dst, segment, len(segment))

    def _packet(
        self,
        v6: bool,
        src: tuple[bytes, int],
        dst: tuple[bytes, int],
        segment: udp.UDP | tcp.TCP,
        length: int,
    ) -> bytes:
        """``segment`` in an IPv4 or IPv6 packet from ``src`` to ``dst`` (checksums
        filled); ``length`` is the segment's real length (more where it was cut)."""
        proto = ip.IP_PROTO_UDP if segment is self.udp else ip.IP_PROTO_TCP
        segment.sum = 0
        segment.sum = transport_checksum(src[0], dst[0], proto, bytes(segment))
        if v6:
            packet6 = self.ip6
            packet6.src, packet6.dst, packet6.nxt, packet6.plen = src[0], dst[0], proto, length
            packet6.data = segment
            return bytes(packet6)
        packet = self.ip4
        packet.src, packet.dst, packet.p, packet.sum = src[0], dst[0], proto, 0
        packet.data = segment
        data = bytes(packet)  # fills the length and the header's checksum
        if length != len(segment):  # dpkt writes the length it holds: put the real one
            packet.len, packet.sum = 20 + length, 0
            packet.sum = in_cksum(packet.pack_hdr())
            data = bytes(packet)
        return data


def transport_checksum(src: bytes, dst: bytes, proto: int, segment: bytes) -> int:
    """The TCP or UDP checksum of ``segment`` (its checksum field zero) between
    the packed addresses ``src`` and ``dst`` (the pseudo header's fields).

    dpkt sums 16-bit words in Python (about 2 ms per 64 KiB segment); their
    ones' complement sum is the number they make modulo 0xFFFF (2**16 is 1
    modulo 0xFFFF), which Python's integers compute some ten times faster. A
    UDP checksum that comes out 0 is sent as 0xFFFF (0 means "none").
    """
    length = len(segment)
    if length % 2:
        segment += b"\0"
    words = int.from_bytes(src + dst, "big") + length + proto + int.from_bytes(segment, "big")
    total = words % 0xFFFF
    checksum = 0xFFFF - total if total else 0
    return 0xFFFF if checksum == 0 and proto == ip.IP_PROTO_UDP else checksum


def _unix_name(addr: SockAddr | None) -> str:
    """``/tmp/s.sock``, ``@name`` or ``unnamed``, as the log shows it."""
    return format_addr(addr) or "unnamed"


class FrameMaker:
    """Turns a session's events, in order, into :class:`Frame` objects.

    It remembers each TCP connection (by its local and peer address, and a
    server's by ``peer_id``) so its sequence numbers run on. ``kind`` is the
    session's (``"udp"``, ``"tcp-client"``, ``"tcp-server"`` ...): a TCP
    session's data are segments, and who connected, when a connection is first
    seen by its data, is the peer for a server and the session otherwise.
    """

    def __init__(self, kind: str = "udp") -> None:
        self.stream = kind.startswith(("tcp", "tls"))
        self.server = kind.endswith("server")
        #: A UDP relay's data names its flow (``peer_id``) and is still datagrams.
        self.datagrams = kind.startswith("udp")
        self._connections: dict[_Key, _Connection] = {}
        self._by_id: dict[int, _Key] = {}
        #: A relay's flow id names two connections: the client's (``_by_id``)
        #: and the one the relay made to its target (here), ended together.
        self._also: dict[int, _Key] = {}
        self._last = 0.0
        self._packets = _Packets()

    def frames(self, event: Event) -> list[Frame]:
        """The packets ``event`` stands for (none for most state changes)."""
        when = self._last = max(self._last, event.wall)
        kind = type(event)
        if kind is Received or kind is Sent:
            return list(self._data(event, when))  # type: ignore[arg-type]
        if kind is PeerJoined and _is_ip(event.peer):  # type: ignore[attr-defined]
            joined: PeerJoined = event  # type: ignore[assignment]
            key = self._key(joined.local, joined.peer)
            self._by_id[joined.peer_id] = key
            return list(self._open(key, joined.local, joined.peer, when, client_is_peer=True))
        if kind is PeerLeft and _is_ip(event.peer):  # type: ignore[attr-defined]
            left: PeerLeft = event  # type: ignore[assignment]
            key = self._by_id.pop(left.peer_id, None) or self._find(left.peer)
            frames = list(self._end(key, left.state, when))
            also = self._also.pop(left.peer_id, None)
            return frames + list(self._end(also, left.state, when)) if also else frames
        if kind is StateChanged:
            return list(self._state(event, when))  # type: ignore[arg-type]
        return []

    # -- TCP connections ---------------------------------------------------------

    @staticmethod
    def _key(local: SockAddr | None, peer: SockAddr | None) -> _Key:
        return (local[:2] if local else None, peer[:2] if peer else None)

    def _find(self, peer: SockAddr | None) -> _Key | None:
        ends = peer[:2] if peer else None
        return next((k for k in self._connections if k[1] == ends), None)

    def _state(self, event: StateChanged, when: float) -> Iterator[Frame]:
        if not (_is_ip(event.local) and _is_ip(event.peer)):
            return
        key = self._key(event.local, event.peer)
        if event.state is State.CONNECTED:
            yield from self._open(key, event.local, event.peer, when, client_is_peer=False)
        elif event.state is State.HALF_CLOSED:
            yield from self._fin(key, when, local=True)
        elif event.state is State.PEER_FINISHED:
            yield from self._fin(key, when, local=False)
        elif event.state in _ENDED:
            yield from self._end(key, event.state, when)

    def _open(
        self,
        key: _Key,
        local: SockAddr | None,
        peer: SockAddr | None,
        when: float,
        *,
        client_is_peer: bool,
    ) -> Iterator[Frame]:
        """A new connection and its handshake (SYN from the side that connected)."""
        v6 = _v6(local, peer)
        local_isn, peer_isn = (
            (_ISN_SERVER, _ISN_CLIENT) if client_is_peer else (_ISN_CLIENT, _ISN_SERVER)
        )
        connection = _Connection(
            v6, _Side(_end(local, v6), local_isn), _Side(_end(peer, v6), peer_isn)
        )
        self._connections[key] = connection
        client, server = (False, True) if client_is_peer else (True, False)
        note = f"{_MADE_UP} the connection's start"
        yield self._segment(connection, client, tcp.TH_SYN, b"", when, comment=note, ack=False)
        (connection.peer if client_is_peer else connection.local).seq += 1
        yield self._segment(connection, server, tcp.TH_SYN | tcp.TH_ACK, b"", when, comment=note)
        (connection.local if client_is_peer else connection.peer).seq += 1
        yield self._segment(connection, client, tcp.TH_ACK, b"", when, comment=note)

    def _connection(self, event: Received | Sent, when: float) -> tuple[_Connection, list[Frame]]:
        """The connection ``event`` belongs to, opened (with its handshake) if new."""
        key = self._by_id.get(event.peer_id) if event.peer_id is not None else None
        own = self._key(event.local, event.peer)
        if key is not None and key[1] != own[1]:  # a relay's other connection of this flow
            key = None
            self._also[event.peer_id] = own  # type: ignore[index]
        if key is None:
            key = own
        connection = self._connections.get(key)
        if connection is not None and not connection.over:
            return connection, []
        opened = list(self._open(key, event.local, event.peer, when, client_is_peer=self.server))
        return self._connections[key], opened

    def _fin(self, key: _Key | None, when: float, *, local: bool) -> Iterator[Frame]:
        connection = self._connections.get(key) if key is not None else None
        if connection is None or connection.over:
            return
        side = connection.local if local else connection.peer
        if side.fin:
            return
        note = f"{_MADE_UP} the end of sending (FIN)"
        yield self._segment(connection, local, tcp.TH_FIN | tcp.TH_ACK, b"", when, comment=note)
        side.seq += 1
        side.fin = True

    def _end(self, key: _Key | None, state: State, when: float) -> Iterator[Frame]:
        """The connection ended: a reset, or the FINs not yet sent and a last ACK."""
        connection = self._connections.get(key) if key is not None else None
        if connection is None or connection.over:
            return
        if state is State.RESET:
            note = f"{_MADE_UP} the reset"
            yield self._segment(connection, False, tcp.TH_RST | tcp.TH_ACK, b"", when, comment=note)
        else:
            first = state is not State.PEER_CLOSED  # who closed first: we, or the peer
            yield from self._fin(key, when, local=first)
            yield from self._fin(key, when, local=not first)
            note = f"{_MADE_UP} the connection's end"
            yield self._segment(connection, first, tcp.TH_ACK, b"", when, comment=note)
        connection.over = True
        if key is not None:
            del self._connections[key]

    def _segment(
        self,
        connection: _Connection,
        local: bool,
        flags: int,
        payload: bytes,
        when: float,
        *,
        comment: str = "",
        ack: bool = True,
    ) -> Frame:
        src, dst = (
            (connection.local, connection.peer) if local else (connection.peer, connection.local)
        )
        numbers = (src.seq, dst.seq if ack else 0)
        data = self._packets.segment(
            connection.v6, src.addr, dst.addr, numbers, flags=flags, payload=payload
        )
        direction = OUTBOUND if local else INBOUND
        return Frame(when, IP_INTERFACE, data, len(data), direction, comment)

    # -- data ----------------------------------------------------------------------

    def _data(self, event: Received | Sent, when: float) -> Iterator[Frame]:
        local = type(event) is Sent
        direction = OUTBOUND if local else INBOUND
        if not (_is_ip(event.peer) or _is_ip(event.local)):
            yield from self._unix(event, when, direction)
        elif self._is_stream(event):
            connection, opened = self._connection(event, when)
            yield from opened
            side = connection.local if local else connection.peer
            data = event.data
            for start in range(0, len(data), MAX_SEGMENT):
                piece = data[start : start + MAX_SEGMENT]
                yield self._segment(connection, local, tcp.TH_ACK | tcp.TH_PUSH, piece, when)
                side.seq += len(piece)
        else:
            yield self._datagram(event, when, local, direction)

    def _is_stream(self, event: Received | Sent) -> bool:
        """TCP data: a server's (it has a ``peer_id``) or a TCP session's."""
        return self.stream or (event.peer_id is not None and not self.datagrams)

    def _datagram(self, event: Received | Sent, when: float, local: bool, direction: int) -> Frame:
        v6 = _v6(event.local, event.peer)
        here = _end(_own_address(event.local, event.peer), v6)
        there = _end(event.peer, v6)
        src, dst = (here, there) if local else (there, here)
        size = event.size
        data = self._packets.datagram(v6, src, dst, event.data, size)
        length = len(data) + size - len(event.data)
        return Frame(when, IP_INTERFACE, data, length, direction)

    @staticmethod
    def _unix(event: Received | Sent, when: float, direction: int) -> Iterator[Frame]:
        family = AF_UNIX_FAMILY.to_bytes(4, sys.byteorder)
        here, there = _unix_name(event.local), _unix_name(event.peer)
        route = f"{here} -> {there}" if direction == OUTBOUND else f"{there} -> {here}"
        data = event.data
        parts = max(1, -(-len(data) // MAX_UNIX_FRAME))
        for number in range(parts):
            piece = data[number * MAX_UNIX_FRAME : (number + 1) * MAX_UNIX_FRAME]
            comment = route if parts == 1 else f"{route} (part {number + 1} of {parts})"
            frame = family + piece
            yield Frame(when, UNIX_INTERFACE, frame, len(frame), direction, comment)


def guess_kind(events: list[Event]) -> str:
    """The kind of session ``events`` come from, where nobody says (a log's rows):
    ``"tcp-server"`` when a peer joined or data names its connection,
    ``"tcp-client"`` when a connection was made, else ``"udp"``."""
    for event in events:
        kind = type(event)
        if kind is PeerJoined or kind is PeerLeft or getattr(event, "peer_id", None) is not None:
            return "tcp-server"
        if kind is StateChanged and event.state in _TCP_STATES:  # type: ignore[attr-defined]
            return "tcp-client"
    return "udp"
