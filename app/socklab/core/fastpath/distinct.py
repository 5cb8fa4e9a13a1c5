"""Datagrams of different payloads to one address: the generator with template
fields (each datagram its own expansion of ``{{counter}}`` ...).

A :class:`DistinctBurst` hands the kernel up to :data:`.mmsg.DEFAULT_VLEN`
datagrams per ``sendmmsg`` call, one header and one buffer each (no copy: each
header points into its ``bytes``), or, where ``sendmmsg`` is missing, sends them
with a ``sendto`` loop. GSO is not used: it needs equal-size segments, and the
payloads' sizes may differ (``{{len}}``, ``{{counter}}``'s digits); its
:attr:`path` says so (:attr:`~.paths.GsoSkip.TEMPLATE`).
"""

from __future__ import annotations

import ctypes
import os
import socket

from ..events import SockAddr
from .mmsg import DEFAULT_VLEN, Iovec, Mmsghdr
from .paths import GsoSkip, SendMode, SendPath
from .send import _sendmmsg, encode_sockaddr

#: What a send gives back: how many datagrams the kernel took, and the error
#: that ended it (None when it ended normally or on a full buffer).
Outcome = tuple[int, OSError | None]


class DistinctBurst:
    """Sends a list of payloads to ``address``, in order, each once.

    ``sendmmsg``: use it where the system has it. Not thread-safe: the
    session's worker thread only.
    """

    def __init__(
        self, address: SockAddr, *, sendmmsg: bool, size: int = 0, vlen: int = DEFAULT_VLEN
    ) -> None:
        self.address = address
        self.vlen = max(1, vlen)
        self._mmsg = sendmmsg and _sendmmsg is not None
        mode = SendMode.SENDMMSG if self._mmsg else SendMode.SENDTO
        self.path = SendPath(mode, size, skipped=GsoSkip.TEMPLATE)
        if self._mmsg:
            name = encode_sockaddr(address)
            self._name = ctypes.create_string_buffer(name, len(name))
            self._iovecs = (Iovec * self.vlen)()
            self._headers = (Mmsghdr * self.vlen)()
            for header, iov in zip(self._headers, self._iovecs, strict=True):
                header.msg_hdr.msg_name = ctypes.addressof(self._name)
                header.msg_hdr.msg_namelen = len(name)
                header.msg_hdr.msg_iov = ctypes.addressof(iov)
                header.msg_hdr.msg_iovlen = 1

    def send(self, sock: socket.socket, datas: list[bytes]) -> Outcome:
        """Send ``datas`` in order; how many went (a prefix), and the error that
        ended the send. A full buffer and a refused earlier datagram end it early
        without an error, as :meth:`.burst.Burst.send`."""
        if not self._mmsg:
            return self._sendto_each(sock, datas)
        sent = 0
        total = len(datas)
        while sent < total:
            try:
                taken = self._sendmmsg(sock, datas[sent : sent + self.vlen])
            except (BlockingIOError, ConnectionRefusedError):
                return sent, None
            except OSError as exc:
                return sent, exc
            if not taken:
                break
            sent += taken
        return sent, None

    def _sendmmsg(self, sock: socket.socket, datas: list[bytes]) -> int:
        pointers = [ctypes.c_char_p(data) for data in datas]  # point into the bytes: no copy
        for iov, data, pointer in zip(self._iovecs, datas, pointers, strict=False):
            iov.iov_base = ctypes.cast(pointer, ctypes.c_void_p).value
            iov.iov_len = len(data)
        sent = _sendmmsg(sock.fileno(), ctypes.addressof(self._headers), len(datas), 0)  # type: ignore[misc]
        if sent < 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))
        return int(sent)

    def _sendto_each(self, sock: socket.socket, datas: list[bytes]) -> Outcome:
        sendto, address = sock.sendto, self.address
        for i, data in enumerate(datas):
            try:
                sendto(data, address)
            except (BlockingIOError, ConnectionRefusedError):
                return i, None
            except OSError as exc:
                return i, exc
        return len(datas), None
