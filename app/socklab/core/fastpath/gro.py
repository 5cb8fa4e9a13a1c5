"""Coalesced receiving: Linux ``UDP_GRO``.

With ``UDP_GRO`` on, the kernel may hand a socket several datagrams of one
sender in one buffer (a GSO sender's burst arrives so on loopback), with their
size in a ``UDP_GRO`` control message; a batch receiver built with ``gro=True``
(:class:`.receive.MmsgReceiver`) splits them again. Turn it on only for such a
receiver, and never off while the socket lives: buffers coalesced before would
then arrive without their size.
"""

from __future__ import annotations

import errno
import logging
import socket

from .gso import SOL_UDP, UDP_GRO
from .receive import AVAILABLE as _RECVMMSG_AVAILABLE

log = logging.getLogger("socklab.core.fastpath")

#: Whether GRO can be asked for here (Linux, with recvmmsg to read it).
AVAILABLE = _RECVMMSG_AVAILABLE


def enable_gro(sock: socket.socket) -> str:
    """Turn ``UDP_GRO`` on for ``sock``: "" when it is on, else the errno name
    with which the kernel refused (logged)."""
    try:
        sock.setsockopt(SOL_UDP, UDP_GRO, 1)
    except OSError as exc:
        name = errno.errorcode.get(exc.errno or 0, str(exc.errno))
        log.warning("UDP_GRO refused by the kernel (%s: %s); one datagram per buffer", name, exc)
        return name
    return ""
