"""Many datagrams per send: Linux UDP generic segmentation offload (``UDP_SEGMENT``).

A send that carries the ``UDP_SEGMENT`` control message with a segment size
hands the kernel one buffer of up to :data:`UDP_MAX_SEGMENTS` datagrams; the
stack carries it as one packet as far as it can and splits it into datagrams of
that size at the last moment (on loopback: at the receiving socket, unless it
asked for them coalesced with ``UDP_GRO``). A :class:`GsoSender` sends the
generator's one payload that way, several such buffers per ``sendmmsg`` call:
one system call and one trip through the stack for hundreds of datagrams.

The kernel refuses a GSO send it cannot split where it must (a segment larger
than the route's MTU: EMSGSIZE; no checksum: EINVAL; IPsec: EIO; a kernel
before 4.18: EINVAL or ENOPROTOOPT); :data:`REFUSALS` are those errors, after
which a plain ``sendmmsg`` may still succeed.
"""

from __future__ import annotations

import ctypes
import errno
import socket
import struct

from ..events import SockAddr
from .mmsg import CMSG_HEADER
from .send import AVAILABLE as _SENDMMSG_AVAILABLE
from .send import BurstSender

#: Linux's ``SOL_UDP`` level and its options (netinet/udp.h).
SOL_UDP = getattr(socket, "SOL_UDP", 17)
UDP_SEGMENT = getattr(socket, "UDP_SEGMENT", 103)
UDP_GRO = getattr(socket, "UDP_GRO", 104)
#: Datagrams one GSO send may carry (the kernel's UDP_MAX_SEGMENTS since 4.18;
#: newer kernels take 128, this works on all of them).
UDP_MAX_SEGMENTS = 64
#: GSO buffers per ``sendmmsg`` call.
GSO_VLEN = 16
#: Errors with which the kernel refuses GSO where a plain send may still go.
REFUSALS = frozenset({errno.EINVAL, errno.EIO, errno.EMSGSIZE, errno.ENOPROTOOPT, errno.EOPNOTSUPP})
#: Whether :class:`GsoSender` can be tried here (Linux with sendmmsg).
AVAILABLE = _SENDMMSG_AVAILABLE and hasattr(socket, "CMSG_SPACE")

_GSO_SIZE = struct.Struct("=H")


def segments_per_send(size: int, limit: int) -> int:
    """How many ``size``-byte datagrams one GSO send carries when its total must
    stay within ``limit`` bytes (the largest UDP payload); 0 when fewer than two fit."""
    if size <= 0:
        return 0
    segments = min(UDP_MAX_SEGMENTS, limit // size)
    return segments if segments >= 2 else 0


def segment_control(size: int) -> bytes:
    """The ``UDP_SEGMENT`` control message (cmsghdr + u16 segment size), padded."""
    data = _GSO_SIZE.pack(size)
    message = CMSG_HEADER.pack(socket.CMSG_LEN(len(data)), SOL_UDP, UDP_SEGMENT) + data
    return message.ljust(socket.CMSG_SPACE(len(data)), b"\0")


class GsoSender(BurstSender):
    """Sends ``payload`` to ``address`` as GSO buffers of ``segments`` copies,
    up to ``vlen`` buffers per ``sendmmsg`` call.

    :meth:`send` counts datagrams, not buffers: a count that is no multiple of
    ``segments`` ends with a shorter buffer. Not thread-safe: the session's
    worker thread only.
    """

    def __init__(
        self, payload: bytes, address: SockAddr, segments: int, vlen: int = GSO_VLEN
    ) -> None:
        super().__init__(payload * segments, address, vlen)
        self.datagram = payload
        self.segments = segments
        control = segment_control(len(payload))
        self._control = ctypes.create_string_buffer(control, len(control))
        for header in self._headers:
            header.msg_hdr.msg_control = ctypes.addressof(self._control)
            header.msg_hdr.msg_controllen = len(control)
        self._tail = type(self._iov)(ctypes.addressof(self._data), 0)

    def send(self, sock: socket.socket, count: int) -> int:
        """Send up to ``count`` datagrams (at most ``segments * vlen``); how many
        the kernel took. Raises as :meth:`BurstSender.send`."""
        per = self.segments
        full, rest = divmod(max(0, min(count, per * self.vlen)), per)
        buffers = full + (rest > 0)
        if rest:
            self._tail.iov_len = rest * len(self.datagram)
            self._headers[full].msg_hdr.msg_iov = ctypes.addressof(self._tail)
        try:
            sent = super().send(sock, buffers)
        finally:
            if rest:
                self._headers[full].msg_hdr.msg_iov = ctypes.addressof(self._iov)
        return full * per + rest if sent == buffers else sent * per
