"""Socket API calls written as a Python program would write them (the trace).

``socket(AF_INET, SOCK_DGRAM)``, ``bind(('0.0.0.0', 0))``,
``recvfrom(1024) → (b'hello', ('127.0.0.1', 8080))`` ...
"""

from __future__ import annotations

import socket

from .events import SockAddr
from .unix import unix_display

#: Bytes of data a traced call shows before it is cut.
DATA_LIMIT = 32


def family_name(family: int) -> str:
    if family == getattr(socket, "AF_UNIX", None):
        return "AF_UNIX"
    return "AF_INET6" if family == socket.AF_INET6 else "AF_INET"


def addr_repr(addr: SockAddr | None) -> str:
    """``('127.0.0.1', 8080)``: the (host, port) part, as Python prints it;
    a Unix address as its string (``'/tmp/s.sock'``, ``'\\x00name'``)."""
    if isinstance(addr, (str, bytes, bytearray)):
        return repr(addr)
    if not addr:
        return "None"
    return repr((addr[0], addr[1]))


def data_repr(data: bytes, limit: int = DATA_LIMIT) -> str:
    """``b'hello'``, cut after ``limit`` bytes with the count of the rest."""
    if len(data) <= limit:
        return repr(data)
    return f"{data[:limit]!r}… (+{len(data) - limit} bytes)"


def socket_call(family: int, kind: int) -> str:
    type_name = "SOCK_DGRAM" if kind == socket.SOCK_DGRAM else "SOCK_STREAM"
    return f"socket({family_name(family)}, {type_name})"


def setsockopt_call(option: str, value: int = 1, level: str = "SOL_SOCKET") -> str:
    return f"setsockopt({level}, {option}, {value})"


def bound_result(local: SockAddr) -> str:
    """What a traced bind() shows: ``port 41400``, or the Unix address it took."""
    if isinstance(local, (str, bytes, bytearray)):
        return unix_display(local)
    return f"port {local[1]}"
