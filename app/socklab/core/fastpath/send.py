"""One datagram many times per system call: Linux ``sendmmsg(2)`` through ctypes.

The generator sends the same payload to the same address over and over; a bare
Python ``sendto`` loop pays one system call and one address conversion per
datagram. A :class:`BurstSender` builds ``vlen`` message headers once, all
pointing at the one payload and the one destination, and hands the kernel up to
``vlen`` datagrams per call (a 64-byte flood: ~1.5x the loop's rate here).

Where ``sendmmsg`` is missing, :data:`AVAILABLE` is False and callers keep their
``sendto`` loop.
"""

from __future__ import annotations

import ctypes
import errno
import os
import socket
import struct

from ..events import SockAddr
from .mmsg import DEFAULT_VLEN, Iovec, Mmsghdr, libc_function

_sendmmsg = libc_function("sendmmsg", ctypes.c_int, ctypes.c_void_p, ctypes.c_uint, ctypes.c_int)
#: Whether :class:`BurstSender` works here.
AVAILABLE = _sendmmsg is not None


def encode_sockaddr(address: SockAddr) -> bytes:
    """``struct sockaddr_in``/``sockaddr_in6`` for an address as the socket
    module gives it: (host, port) or (host, port, flowinfo, scope_id)."""
    host, port = address[0], address[1]
    family = struct.pack("=H", socket.AF_INET6 if ":" in host else socket.AF_INET)
    if ":" not in host:
        return family + struct.pack("!H", port) + socket.inet_pton(socket.AF_INET, host) + bytes(8)
    flowinfo = address[2] if len(address) > 2 else 0
    scope_id = address[3] if len(address) > 3 else 0
    host = host.partition("%")[0]  # fe80::1%eth0: the scope travels as scope_id
    return (
        family
        + struct.pack("!HI", port, flowinfo)
        + socket.inet_pton(socket.AF_INET6, host)
        + struct.pack("=I", scope_id)
    )


class BurstSender:
    """Sends ``payload`` to ``address`` up to ``vlen`` times per system call.

    Not thread-safe: the session's worker thread only.
    """

    def __init__(self, payload: bytes, address: SockAddr, vlen: int = DEFAULT_VLEN) -> None:
        if _sendmmsg is None:
            raise OSError(errno.ENOSYS, "sendmmsg is not available")
        self.payload = payload
        self.address = address
        self.vlen = max(1, vlen)
        self._data = ctypes.create_string_buffer(payload, max(1, len(payload)))
        name = encode_sockaddr(address)
        self._name = ctypes.create_string_buffer(name, len(name))
        self._iov = Iovec(ctypes.addressof(self._data), len(payload))
        self._headers = (Mmsghdr * self.vlen)()
        for header in self._headers:
            header.msg_hdr.msg_name = ctypes.addressof(self._name)
            header.msg_hdr.msg_namelen = len(name)
            header.msg_hdr.msg_iov = ctypes.addressof(self._iov)
            header.msg_hdr.msg_iovlen = 1
        self._headers_address = ctypes.addressof(self._headers)

    def send(self, sock: socket.socket, count: int) -> int:
        """Send up to ``count`` datagrams (at most ``vlen``); how many the kernel took.

        Raises what ``sendto`` would for the first datagram (BlockingIOError when
        the socket's buffer is full ...); an error after some were sent ends the
        batch early and is raised by the next call.
        """
        count = min(count, self.vlen)
        if count <= 0:
            return 0
        sent = _sendmmsg(sock.fileno(), self._headers_address, count, 0)  # type: ignore[misc]
        if sent < 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))
        return sent
