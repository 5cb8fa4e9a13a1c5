"""Many datagrams per system call: Linux ``recvmmsg(2)`` through ctypes.

A bare Python ``recvfrom_into`` loop costs one system call and a few Python
objects per datagram (~640k datagrams/s on a 2-core machine). ``recvmmsg``
fills up to ``vlen`` datagrams, their lengths and source addresses in one call,
so a flood costs a fraction of that per datagram. The receiver owns its memory:
a reused arena of ``vlen`` slots of ``recv_size`` bytes (an anonymous mapping,
so only the pages datagrams are written to are ever touched), the message
headers, the address and ancillary buffers.

Each socket with ``SO_RXQ_OVFL`` on also gets the kernel's drop counter with
the datagrams; :meth:`MmsgReceiver.drop_count` reads it from the last datagram
of a batch.

A receiver built with ``gro=True`` serves a socket with ``UDP_GRO`` on: the
kernel may then hand it several datagrams of one sender coalesced in one
buffer, with their size in a ``UDP_GRO`` control message. Its slots hold the
largest such buffer (:data:`GRO_ROOM`) and :meth:`MmsgReceiver.split` cuts a
batch back into its datagrams, so that every one is counted and shown.

Where ``recvmmsg`` is missing (not Linux, no libc through ctypes),
:data:`AVAILABLE` is False and callers use a ``recvfrom_into`` loop.
"""

from __future__ import annotations

import array
import ctypes
import errno
import functools
import mmap
import os
import socket
import struct
import sys

from ..events import SockAddr
from .gso import UDP_GRO
from .mmsg import CMSG_HEADER, DEFAULT_VLEN, SIZE_T, Iovec, Mmsghdr, Msghdr, libc_function

_recvmmsg = libc_function(
    "recvmmsg", ctypes.c_int, ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_void_p
)
#: Whether :class:`MmsgReceiver` works here.
AVAILABLE = _recvmmsg is not None

_SIZE_T = SIZE_T
_SIZE_T_BYTES = ctypes.sizeof(ctypes.c_size_t)
_HDR = ctypes.sizeof(Mmsghdr)
_OFF_NAMELEN = Msghdr.msg_namelen.offset
_OFF_CONTROLLEN = Msghdr.msg_controllen.offset
_OFF_LEN = Mmsghdr.msg_len.offset
_NAME_SIZE = 28  # sizeof(struct sockaddr_in6), enough for sockaddr_in too
_CTL_SIZE = socket.CMSG_SPACE(4) if AVAILABLE else 0
_CMSG_HEADER = socket.CMSG_LEN(0) if AVAILABLE else 0
_OFF_CMSG_TYPE = _SIZE_T_BYTES + 4  # cmsg_len, cmsg_level, then cmsg_type
_FLAGS = getattr(socket, "MSG_DONTWAIT", 0) | getattr(socket, "MSG_TRUNC", 0)
_SO_RXQ_OVFL = getattr(socket, "SO_RXQ_OVFL", 40)
_CMSG = CMSG_HEADER
_U32 = struct.Struct("=I")
#: The largest buffer GRO hands over: one UDP length's worth of datagrams.
GRO_ROOM = 65_535
_AGAIN = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EINTR}


@functools.lru_cache(maxsize=4096)
def decode_sockaddr(raw: bytes) -> SockAddr:
    """A raw ``struct sockaddr_in``/``sockaddr_in6`` as the socket module gives it."""
    family = int.from_bytes(raw[:2], sys.byteorder)
    port = int.from_bytes(raw[2:4], "big")
    if family == socket.AF_INET:
        return (socket.inet_ntop(socket.AF_INET, raw[4:8]), port)
    if family == socket.AF_INET6:
        flowinfo = int.from_bytes(raw[4:8], "big")
        scope_id = int.from_bytes(raw[24:28], sys.byteorder)
        host = socket.inet_ntop(socket.AF_INET6, raw[8:24])
        if scope_id:
            host = socket.getnameinfo((host, port, flowinfo, scope_id), socket.NI_NUMERICHOST)[0]
        return (host, port, flowinfo, scope_id)
    raise ValueError(f"unexpected address family {family}")


class MmsgReceiver:
    """Receives batches of datagrams from a non-blocking UDP socket with recvmmsg.

    Call :meth:`receive`, then read the batch with :meth:`lengths`,
    :meth:`datagrams`, :meth:`source` ... before the next :meth:`receive`
    overwrites it. Not thread-safe: the session's worker thread only.
    """

    def __init__(
        self, sock: socket.socket, recv_size: int, vlen: int = DEFAULT_VLEN, *, gro: bool = False
    ) -> None:
        if _recvmmsg is None:
            raise OSError(errno.ENOSYS, "recvmmsg is not available")
        #: Each datagram is cut to this many bytes (as recvfrom(cut) would).
        self.cut = max(1, recv_size)
        self.gro = gro
        self.slot = max(self.cut, GRO_ROOM) if gro else self.cut
        self.vlen = max(1, vlen)
        # Room for the drop counter, and with GRO for the segment size too.
        self._ctl_size = _CTL_SIZE * (2 if gro else 1)
        self._fd = sock.fileno()
        self._arena: mmap.mmap | None = mmap.mmap(-1, self.slot * self.vlen)
        self._anchor = ctypes.c_char.from_buffer(self._arena)
        base = ctypes.addressof(self._anchor)
        self._names = ctypes.create_string_buffer(_NAME_SIZE * self.vlen)
        self._control = ctypes.create_string_buffer(max(1, self._ctl_size) * self.vlen)
        self._iovs = (Iovec * self.vlen)()
        self._headers = (Mmsghdr * self.vlen)()
        names, control = ctypes.addressof(self._names), ctypes.addressof(self._control)
        for i in range(self.vlen):
            self._iovs[i].iov_base = base + i * self.slot
            self._iovs[i].iov_len = self.slot
            header = self._headers[i].msg_hdr
            header.msg_name = names + i * _NAME_SIZE
            header.msg_namelen = _NAME_SIZE
            header.msg_iov = ctypes.addressof(self._iovs[i])
            header.msg_iovlen = 1
            header.msg_control = control + i * self._ctl_size
            header.msg_controllen = self._ctl_size
        raw = memoryview(self._headers).cast("B")
        self._u32 = raw.cast("I")
        self._size_t = raw.cast(_SIZE_T)
        self._names_view = memoryview(self._names).cast("B")
        self._control_view = memoryview(self._control).cast("B")
        self._control_words = self._control_view.cast("i")
        self._namelen_reset = memoryview(array.array("I", [_NAME_SIZE] * self.vlen))
        self._controllen_reset = memoryview(array.array(_SIZE_T, [self._ctl_size] * self.vlen))
        self._headers_address = ctypes.addressof(self._headers)
        self._used = 0  # headers the kernel wrote to in the last call

    def close(self) -> None:
        """Release the arena (the receiver cannot be used afterwards)."""
        views = (self._u32, self._size_t, self._names_view, self._control_words)
        for view in (*views, self._control_view):
            view.release()
        arena, self._arena = self._arena, None
        del self._anchor
        if arena is not None:
            arena.close()

    # -- one batch -------------------------------------------------------------

    def receive(self) -> int:
        """Read up to ``vlen`` datagrams; 0 when none is waiting.

        Raises OSError (ConnectionRefusedError for an ICMP error that an
        earlier sendto drew, ...).
        """
        used = self._used
        if used:
            # namelen and controllen are value-result: give the room back.
            u32, stride32 = self._u32, _HDR // 4
            first = _OFF_NAMELEN // 4
            u32[first : first + stride32 * used : stride32] = self._namelen_reset[:used]
            sizes, stride = self._size_t, _HDR // _SIZE_T_BYTES
            first = _OFF_CONTROLLEN // _SIZE_T_BYTES
            sizes[first : first + stride * used : stride] = self._controllen_reset[:used]
        count = _recvmmsg(self._fd, self._headers_address, self.vlen, _FLAGS, None)  # type: ignore[operator]
        if count < 0:
            self._used = 0
            code = ctypes.get_errno()
            if code in _AGAIN:
                return 0
            raise OSError(code, os.strerror(code))
        self._used = count
        return count

    def lengths(self, count: int) -> list[int]:
        """Each datagram's real length (longer than ``slot`` when truncated)."""
        stride, first = _HDR // 4, _OFF_LEN // 4
        return self._u32[first : first + stride * count : stride].tolist()

    def datagrams(self, lengths: list[int]) -> list[bytes]:
        """The data of the batch's datagrams (each cut to ``cut`` bytes)."""
        arena, slot, cut = self._arena, self.slot, self.cut
        assert arena is not None
        if max(lengths) <= cut:
            return [
                arena[at : at + n]
                for at, n in zip(range(0, slot * len(lengths), slot), lengths, strict=True)
            ]
        return [
            arena[at : at + min(n, cut)]
            for at, n in zip(range(0, slot * len(lengths), slot), lengths, strict=True)
        ]

    def gro_sizes(self, count: int) -> list[int] | None:
        """Each buffer's segment size where GRO coalesced datagrams into it (0 where
        it holds one datagram); None when no buffer of the batch is coalesced."""
        if not self.gro or not count:
            return None
        stride, first = _HDR // _SIZE_T_BYTES, _OFF_CONTROLLEN // _SIZE_T_BYTES
        room = self._size_t[first : first + stride * count : stride].tolist()
        if not max(room):
            return None
        # A buffer carries at most two 4-byte control messages (the drop counter,
        # the segment size), each _CTL_SIZE long, in either order.
        step = self._ctl_size // 4
        kind, value = _OFF_CMSG_TYPE // 4, _CMSG_HEADER // 4
        words = self._control_words
        sizes = [
            first_value if filled >= _CTL_SIZE and first_kind == UDP_GRO else
            second_value if filled >= 2 * _CTL_SIZE and second_kind == UDP_GRO else 0
            for filled, first_kind, first_value, second_kind, second_value in zip(
                room,
                words[kind :: step][:count].tolist(),
                words[value :: step][:count].tolist(),
                words[kind + _CTL_SIZE // 4 :: step][:count].tolist(),
                words[value + _CTL_SIZE // 4 :: step][:count].tolist(),
                strict=True,
            )
        ]  # fmt: skip
        return sizes if max(sizes) else None

    def split(
        self, lengths: list[int], sizes: list[int]
    ) -> tuple[list[bytes], list[int], list[int]]:
        """The batch cut back into datagrams: their data (each cut to ``cut``
        bytes), real lengths, and the index of the buffer each came in."""
        arena, slot, cut = self._arena, self.slot, self.cut
        assert arena is not None
        datas: list[bytes] = []
        real: list[int] = []
        owners: list[int] = []
        for index, (length, size) in enumerate(zip(lengths, sizes, strict=True)):
            at = index * slot
            end = at + min(length, slot)
            step = size if 0 < size < length else max(length, 1)
            for start in range(at, at + max(length, 1), step):
                piece = min(step, at + length - start)
                datas.append(arena[start : min(start + min(piece, cut), end)])
                real.append(piece)
                owners.append(index)
        return datas, real, owners

    def single_source(self, count: int) -> SockAddr | None:
        """The source address when every datagram of the batch came from the same one."""
        names = self._names_view
        first = names[:_NAME_SIZE].tobytes()
        if count > 1 and names[: _NAME_SIZE * count] != first * count:
            return None
        return self.source(0)

    def source(self, index: int) -> SockAddr:
        """Where datagram ``index`` of the batch came from."""
        length = self._u32[(index * _HDR + _OFF_NAMELEN) // 4]
        at = index * _NAME_SIZE
        return decode_sockaddr(self._names_view[at : at + min(length, _NAME_SIZE)].tobytes())

    def drop_count(self, count: int) -> int | None:
        """The kernel's cumulative drop counter carried by the batch's last datagram
        (SO_RXQ_OVFL), or None when it carried none (no drop so far)."""
        if not count or not self._ctl_size:
            return None
        index = count - 1
        filled = self._size_t[(index * _HDR + _OFF_CONTROLLEN) // _SIZE_T_BYTES]
        at = index * self._ctl_size
        for offset in range(0, min(filled, self._ctl_size) - _CMSG_HEADER - 3, _CTL_SIZE):
            _, level, kind = _CMSG.unpack_from(self._control_view, at + offset)
            if level == socket.SOL_SOCKET and kind == _SO_RXQ_OVFL:
                return _U32.unpack_from(self._control_view, at + offset + _CMSG_HEADER)[0]
        return None
