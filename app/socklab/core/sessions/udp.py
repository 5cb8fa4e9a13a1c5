"""A UDP endpoint: bind (or bind automatically on first send), sendto, recvfrom.

:class:`UdpSession` owns its socket's life here: options, bind (or the
automatic bind of a first send), close. How it sends (one datagram,
repeat-send, the traffic generator, a file as datagrams) is
:mod:`.udp_send`; how it receives (draining the socket on every wake-up, the
flood pause, the kernel's drops, ICMP errors, saving to a file) is
:mod:`.udp_receive`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ipaddress
import socket
from dataclasses import dataclass, field

from ..addresses import is_ipv6
from ..calls import addr_repr, bound_result, setsockopt_call
from ..errors import SessionError, session_error
from ..events import Reason, SockAddr, State, StateChanged, format_addr
from ..multicast import MulticastSendOptions
from ..unix import is_unix_text
from .multicast import UdpMulticast
from .udp_receive import UdpReceiving
from .udp_rules import UdpRuleReplies
from .udp_send import UdpSending
from .udp_unix import UdpUnix

#: SO_RCVBUF asked for by default: room for bursts while the worker is busy
#: (the kernel caps it at net.core.rmem_max and doubles it for bookkeeping).
DEFAULT_SO_RCVBUF = 4 << 20
#: Hosts that mean "every interface" in a bind.
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})


@dataclass(frozen=True, slots=True)
class UdpOptions:
    """Socket options of a UDP session.

    ``recv_buffer`` is the size passed to ``recvfrom``: a longer datagram is
    truncated to it, as with ``recvfrom(1024)``. ``so_rcvbuf`` is the kernel's
    receive queue (SO_RCVBUF) for the socket: what a flood can queue up while
    SockLab is busy before the kernel drops datagrams. ``ipv6_only``:
    IPV6_V6ONLY of an IPv6 socket; off, a socket bound to ``::`` also takes
    (and sends to) IPv4 (dual stack).
    """

    broadcast: bool = False
    reuse_address: bool = False
    recv_buffer: int = 65_535
    #: SO_RCVBUF for new sockets; 0 keeps the system's default.
    so_rcvbuf: int = DEFAULT_SO_RCVBUF
    #: TTL, loopback and outgoing interface of datagrams sent to groups.
    multicast: MulticastSendOptions = field(default_factory=MulticastSendOptions)
    ipv6_only: bool = False


class UdpSession(UdpRuleReplies, UdpUnix, UdpSending, UdpReceiving, UdpMulticast):
    """A UDP socket on its own worker thread.

    Events: StateChanged (BOUND, CLOSED), Received (with the source address),
    Sent (also the reply rules' answers), Failed (also for ICMP errors that
    surface on recvfrom, and when the reply rules pause: a loop),
    MembershipChanged (multicast groups joined and left).
    """

    kind = "udp"

    def __init__(
        self,
        options: UdpOptions | None = None,
        *,
        auto_bind: tuple[str, int] | None = None,
        **kwargs: object,
    ) -> None:
        """``auto_bind``: where the first send binds an unbound socket (host,
        port); None, or a host of all interfaces, binds every interface of the
        destination's family."""
        options = options or UdpOptions()
        super().__init__(recv_size=options.recv_buffer, **kwargs)  # type: ignore[arg-type]
        self.options = options
        self.auto_bind = auto_bind
        self._sock: socket.socket | None = None
        self._local: SockAddr | None = None

    # -- public, thread-safe ---------------------------------------------------

    @property
    def local_address(self) -> SockAddr | None:
        """Where the socket is bound, or None before it is."""
        return self._local

    def open(self, host: str, port: int) -> concurrent.futures.Future[SockAddr]:
        """Create the socket and bind it to ``host:port`` (port 0: the system chooses)."""
        return self._submit(self._aopen(host, port))

    def set_options(self, options: UdpOptions) -> concurrent.futures.Future[None]:
        """Apply new options; those that are socket options take effect at once."""
        return self._submit(self._aset_options(options))

    # -- worker side -----------------------------------------------------------

    async def _aset_options(self, options: UdpOptions) -> None:
        old, self.options = self.options, options
        self._set_recv_size(options.recv_buffer)
        sock = self._sock
        if sock is None:
            return
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, int(options.broadcast))
        if options.so_rcvbuf and options.so_rcvbuf != old.so_rcvbuf:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, options.so_rcvbuf)
        self._set_multicast_sending(sock, options.multicast, old.multicast)

    async def _aopen(self, host: str, port: int) -> SockAddr:
        await self._aclose(Reason.REBIND)
        operation = f"bind {format_addr((host, port))}"
        address = self._resolve(host, port, socket.SOCK_DGRAM, operation)
        sock = self._udp_socket(address)
        try:
            sock.bind(address)
        except OSError as exc:
            sock.close()
            self._trace(f"bind({addr_repr(address)})", f"error {session_error('', exc).reason}")
            raise self._fail(operation, self._bind_error(address, sock.type, exc)) from None
        self._own(sock)
        self._trace(f"bind({addr_repr(address)})", bound_result(sock.getsockname()))
        self._attach(sock)
        assert self._local is not None
        return self._local

    async def _aprepare(self, host: str, port: int) -> SockAddr:
        """Resolve the destination; bind automatically if the socket is not bound."""
        operation = f"sendto {format_addr((host, port))}"
        if is_unix_text(host) or self._unix_socket() or self._binds_unix():
            return self._aprepare_unix(host, port, operation)
        if self._sock is not None:
            family = self._sock.family
            # A dual-stack socket sends to IPv4 as ::ffff:a.b.c.d.
            dual = family == socket.AF_INET6 and not self.options.ipv6_only
            flags = socket.AI_V4MAPPED if dual else 0
            return self._resolve(host, port, socket.SOCK_DGRAM, operation, family, flags=flags)
        local_host, local_port = self.auto_bind or ("", 0)
        if local_host.strip() in WILDCARD_HOSTS:
            address = self._resolve(host, port, socket.SOCK_DGRAM, operation)
            family = socket.AF_INET6 if len(address) == 4 else socket.AF_INET
            local = ("::" if family == socket.AF_INET6 else "0.0.0.0", local_port)
        else:
            bind = f"bind {format_addr((local_host, local_port))}"
            local = self._resolve(local_host, local_port, socket.SOCK_DGRAM, bind)
            family = socket.AF_INET6 if len(local) == 4 else socket.AF_INET
            if _literal_family(host) not in (None, family):
                raise self._fail(operation, SessionError("", _family_mismatch(local, host)))
            address = self._resolve(host, port, socket.SOCK_DGRAM, operation, family)
        self._auto_bind(local, address)
        return address

    def _auto_bind(self, local: SockAddr, destination: SockAddr) -> None:
        """Bind a new socket to ``local`` for the first send to ``destination``."""
        sock = self._udp_socket(destination)
        try:
            sock.bind(local)
        except OSError as exc:
            sock.close()
            raise self._fail(f"bind {format_addr(local)}", exc) from None
        bound_port = sock.getsockname()[1]
        if local[0] in WILDCARD_HOSTS and not local[1]:
            self._trace("# no bind(): the first sendto() binds", f"port {bound_port}")
        else:
            self._trace(f"bind({addr_repr(local)})", f"port {bound_port}")
        self._attach(sock, Reason.AUTO_BIND)

    def _udp_socket(self, address: SockAddr) -> socket.socket:
        """A UDP socket for ``address`` with the session's options set."""
        sock = self._new_socket(address, socket.SOCK_DGRAM, self.options.ipv6_only)
        if self.options.reuse_address:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._trace(setsockopt_call("SO_REUSEADDR"))
        if self.options.broadcast:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            self._trace(setsockopt_call("SO_BROADCAST"))
        if self.options.so_rcvbuf:
            with contextlib.suppress(OSError):  # keep the system's default
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.options.so_rcvbuf)
        try:
            self._set_multicast_sending(sock, self.options.multicast)
        except SessionError:
            sock.close()
            raise
        self._prepare_receiving(sock)
        return sock

    def _attach(self, sock: socket.socket, reason: Reason = Reason.NONE) -> None:
        self._sock = sock
        self._local = sock.getsockname()
        self._begin_receiving(sock)
        self._emit(StateChanged(state=State.BOUND, local=self._local, reason=reason))

    async def _aclose(self, reason: Reason = Reason.NONE) -> None:
        await self._astop_sending()
        sock, self._sock = self._sock, None
        if sock is None:
            return
        local, self._local = self._local, None
        self._end_receiving(sock)
        self._leave_all()
        sock.close()
        self._trace("close()")
        self._disown()
        self._emit(StateChanged(state=State.CLOSED, local=local, reason=reason))


def _literal_family(host: str) -> socket.AddressFamily | None:
    """The family of an address literal; None for a name."""
    if is_ipv6(host):
        return socket.AF_INET6
    try:
        ipaddress.IPv4Address(host.strip())
    except ValueError:
        return None
    return socket.AF_INET


def _family_mismatch(local: SockAddr, host: str) -> str:
    """Why a socket bound to ``local`` cannot send to ``host``."""
    if len(local) == 4:
        return (
            f"the local address {local[0]} is IPv6 and {host} is IPv4: choose an IPv4 local address"
        )
    return f"the local address {local[0]} is IPv4 and {host} is IPv6: choose an IPv6 local address"
