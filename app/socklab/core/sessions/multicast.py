"""How a UDP session joins and leaves multicast groups, and sends to them.

Joins and leaves run on the session's worker: each is one ``setsockopt``
(traced as a program writes it) and one :class:`MembershipChanged` event,
which the worker's ring never drops. Closing the socket leaves every group
(the kernel does; the events say so). The sending options (TTL / hop limit,
loopback, outgoing interface) are set on every new socket and whenever they
change.
"""

from __future__ import annotations

import concurrent.futures
import socket
from typing import Any

from ..errors import SessionError
from ..events import MembershipChanged, SockAddr
from ..multicast import (
    Membership,
    MulticastError,
    MulticastSendOptions,
    find_interface,
    membership_option,
    sending_interface_option,
)
from .base import Session

#: Hosts a socket may be bound to and still receive a group's datagrams.
_WILDCARDS = ("0.0.0.0", "::")


class UdpMulticast(Session):
    """The multicast part of :class:`~.udp.UdpSession`.

    The session owns the socket (``_sock``, bound at ``_local``); it calls
    :meth:`_set_multicast_sending` on each new socket and when the options
    change, and :meth:`_leave_all` before closing it.
    """

    _sock: socket.socket | None
    _local: SockAddr | None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._memberships: list[Membership] = []

    # -- public, thread-safe ---------------------------------------------------

    @property
    def memberships(self) -> tuple[Membership, ...]:
        """The groups joined now, in the order they were joined."""
        return tuple(self._memberships)

    def join(self, membership: Membership) -> concurrent.futures.Future[Membership]:
        """Join a group (on its interface, from its source only if it has one)."""
        return self._submit(self._ajoin(membership))

    def leave(self, membership: Membership) -> concurrent.futures.Future[None]:
        """Leave a group joined before."""
        return self._submit(self._aleave(membership))

    # -- worker side -----------------------------------------------------------

    def _joining_socket(self, m: Membership, operation: str) -> socket.socket:
        """The bound socket that can receive ``m``'s datagrams, or a failure saying why not."""
        sock, local = self._sock, self._local
        if sock is None or local is None:
            problem = (
                "the socket is not open: bind it first (Open, to "
                f"{'::' if m.family == socket.AF_INET6 else '0.0.0.0'} and the group's port)"
            )
        elif sock.family != m.family:
            mine = "IPv6" if sock.family == socket.AF_INET6 else "IPv4"
            theirs = "IPv6" if m.family == socket.AF_INET6 else "IPv4"
            problem = (
                f"the socket is {mine} and the group {m.group} is {theirs}: "
                f"bind a {theirs} address to join it"
            )
        elif local[0] not in (*_WILDCARDS, m.group):
            problem = (
                f"the socket is bound to {local[0]}: datagrams to {m.group} would not reach it; "
                f"bind {'::' if m.family == socket.AF_INET6 else '0.0.0.0'} (or the group "
                "address) to receive the group"
            )
        else:
            return sock
        raise self._fail(operation, SessionError("", problem))

    def _interface(self, text: str, operation: str) -> Any:
        try:
            return find_interface(text)
        except MulticastError as exc:
            raise self._fail(operation, SessionError("", str(exc), exc.code)) from None

    async def _ajoin(self, m: Membership) -> Membership:
        operation = f"join {m.label()}"
        sock = self._joining_socket(m, operation)
        option = membership_option(m, self._interface(m.interface, operation), join=True)
        try:
            sock.setsockopt(option.level, option.name, option.value)
        except OSError as exc:
            error = self._fail(operation, exc)
            self._trace(option.call(), f"error {error.errno_name or error.reason}")
            raise error from None
        self._trace(option.call())
        self._memberships.append(m)
        self._emit(MembershipChanged(True, m.group, m.source, m.interface))
        return m

    async def _aleave(self, m: Membership) -> None:
        operation = f"leave {m.label()}"
        sock = self._sock
        if sock is None or m not in self._memberships:
            raise self._fail(operation, SessionError("", f"not a member of {m.label()}"))
        option = membership_option(m, self._interface(m.interface, operation), join=False)
        try:
            sock.setsockopt(option.level, option.name, option.value)
        except OSError as exc:
            raise self._fail(operation, exc) from None
        self._trace(option.call())
        self._memberships.remove(m)
        self._emit(MembershipChanged(False, m.group, m.source, m.interface))

    def _leave_all(self) -> None:
        """The socket closes: it leaves every group (the events say so)."""
        left, self._memberships = self._memberships, []
        for m in left:
            self._emit(MembershipChanged(False, m.group, m.source, m.interface))

    def _set_multicast_sending(
        self,
        sock: socket.socket,
        options: MulticastSendOptions,
        old: MulticastSendOptions | None = None,
    ) -> None:
        """Set the sending options that differ from ``old`` (None: a new socket,
        with the system's defaults); a failure raises (a Failed event too)."""
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return  # a Unix socket: no multicast
        old = old or MulticastSendOptions()
        v6 = sock.family == socket.AF_INET6
        level, level_name = (
            (socket.IPPROTO_IPV6, "IPPROTO_IPV6") if v6 else (socket.IPPROTO_IP, "IPPROTO_IP")
        )
        operation = "set the multicast options"
        try:
            if options.ttl != old.ttl:
                name, text = (
                    (socket.IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS")
                    if v6
                    else (socket.IP_MULTICAST_TTL, "IP_MULTICAST_TTL")
                )
                sock.setsockopt(level, name, options.ttl)
                self._trace(f"setsockopt({level_name}, {text}, {options.ttl})")
            if options.loop != old.loop:
                name, text = (
                    (socket.IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP")
                    if v6
                    else (socket.IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP")
                )
                sock.setsockopt(level, name, int(options.loop))
                self._trace(f"setsockopt({level_name}, {text}, {int(options.loop)})")
            if options.interface != old.interface:
                where = self._interface(options.interface, f"{operation}: outgoing interface")
                level, name, value, call = sending_interface_option(sock.family, where)
                sock.setsockopt(level, name, value)
                self._trace(call)
        except OSError as exc:
            raise self._fail(operation, exc) from None
