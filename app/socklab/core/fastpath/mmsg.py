"""Linux's ``struct mmsghdr`` for ctypes, and libc's ``recvmmsg``/``sendmmsg``.

Shared by the batch receiver (:mod:`.receive`) and the batch sender
(:mod:`.send`): one system call moves up to :data:`DEFAULT_VLEN` datagrams.
Where a call is missing, :func:`libc_function` logs why (logger
``socklab.core.fastpath``) and the sessions use one system call per datagram.
"""

from __future__ import annotations

import ctypes
import logging
import socket
import struct
import sys
from collections.abc import Callable
from typing import Any

log = logging.getLogger("socklab.core.fastpath")

#: Datagrams one recvmmsg/sendmmsg call moves at most (the kernel's UIO_MAXIOV
#: is 1024; 256 fills a flood's batches without a large arena per socket).
DEFAULT_VLEN = 256

#: ``size_t``'s struct code, and ``struct cmsghdr`` (cmsg_len, cmsg_level, cmsg_type).
SIZE_T = "Q" if ctypes.sizeof(ctypes.c_size_t) == 8 else "I"
CMSG_HEADER = struct.Struct(f"={SIZE_T}ii")


class Iovec(ctypes.Structure):
    _fields_ = (("iov_base", ctypes.c_void_p), ("iov_len", ctypes.c_size_t))


class Msghdr(ctypes.Structure):
    _fields_ = (
        ("msg_name", ctypes.c_void_p),
        ("msg_namelen", ctypes.c_uint32),
        ("msg_iov", ctypes.c_void_p),
        ("msg_iovlen", ctypes.c_size_t),
        ("msg_control", ctypes.c_void_p),
        ("msg_controllen", ctypes.c_size_t),
        ("msg_flags", ctypes.c_int),
    )


class Mmsghdr(ctypes.Structure):
    _fields_ = (("msg_hdr", Msghdr), ("msg_len", ctypes.c_uint))


def libc_function(name: str, *argtypes: Any) -> Callable[..., int] | None:
    """libc's ``name`` taking ``argtypes`` and returning an int, where there is
    one (Linux, with ctypes); None elsewhere."""
    if sys.platform != "linux" or not hasattr(socket, "CMSG_SPACE"):
        log.info("%s: not on Linux; one system call per datagram", name)
        return None
    try:
        function = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError) as exc:
        log.warning("%s: not in this C library (%s); one system call per datagram", name, exc)
        return None
    function.argtypes = argtypes
    function.restype = ctypes.c_int
    return function
