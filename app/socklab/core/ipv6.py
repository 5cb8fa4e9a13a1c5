"""IPv6 as a person reads it, and dual stack.

A socket bound to ``::`` with ``IPV6_V6ONLY`` off takes IPv4 peers too; the
kernel names them as IPv4-mapped addresses (``::ffff:127.0.0.1``).
:func:`shown_host` writes such a peer as the IPv4 address it is, and a
link-local address with its scope (``fe80::1%eth0``) even where the socket
module gave the scope only as a number. :func:`set_ipv6_only` is the one place
that sets the option on a new socket.
"""

from __future__ import annotations

import socket

__all__ = ["ipv6_only_call", "set_ipv6_only", "shown_host", "unmap_host"]

_MAPPED_PREFIX = "::ffff:"


def unmap_host(host: str) -> str:
    """``"::ffff:127.0.0.1"`` -> ``"127.0.0.1"``; any other host as it is."""
    if host[:7].lower() == _MAPPED_PREFIX and "." in host and "%" not in host:
        return host[7:]
    return host


def shown_host(addr: tuple) -> str:
    """The host of a socket address as it is shown: v4-mapped unmapped, and a
    scope id (the 4th item of an IPv6 address) named after its interface."""
    host = unmap_host(str(addr[0]))
    if len(addr) == 4 and addr[3] and "%" not in host and ":" in host:
        try:
            scope = socket.if_indextoname(int(addr[3]))
        except (OSError, ValueError, OverflowError):
            scope = str(addr[3])
        host = f"{host}%{scope}"
    return host


def ipv6_only_call(on: bool) -> str:
    """How the trace and the code panel write the option's call."""
    return f"setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, {int(on)})"


def set_ipv6_only(sock: socket.socket, on: bool) -> str | None:
    """Set ``IPV6_V6ONLY`` on an IPv6 socket (off: dual stack, IPv4 peers too);
    returns the call for the trace, None for an IPv4 socket (nothing to set)."""
    if sock.family != socket.AF_INET6:
        return None
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, int(on))
    return ipv6_only_call(on)
