"""Show the code: the plain-``socket`` Python script that does what a tab is set to do.

Each tab describes itself with a small frozen settings dataclass
(:class:`UdpCode`, :class:`BroadcastCode`, :class:`TcpClientCode`,
:class:`TcpServerCode`); :func:`generate` turns it into a short, runnable script
that uses only the standard library (``socket``, plus ``sys``, ``time`` or
``threading`` when needed), with comments in the UI language (``"en"`` or
``"zh_CN"``, see :mod:`socklab.teaching.languages`).

Every script prints what it receives (``repr`` of the decoded text, or of the
bytes) and the scripts that wait for data take an optional count on the command
line (``python3 script.py 3``) so that they end by themselves::

    print(generate(UdpCode(remote_port=9000, payload="你好".encode("gbk"), encoding="gbk")))

The rooms: :mod:`.builder` (lines, comments, literals: what every script
shares) and one module per kind, each with its settings, its phrases and its
script: :mod:`.udp`, :mod:`.broadcast`, :mod:`.tcp_client`, :mod:`.tcp_server`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from socklab.teaching.codegen import broadcast, tcp_client, tcp_server, udp
from socklab.teaching.codegen.broadcast import BroadcastCode
from socklab.teaching.codegen.tcp_client import TcpClientCode
from socklab.teaching.codegen.tcp_server import TcpServerCode
from socklab.teaching.codegen.udp import UdpCode

__all__ = [
    "BroadcastCode",
    "CodeSettings",
    "TcpClientCode",
    "TcpServerCode",
    "UdpCode",
    "generate",
]

CodeSettings = UdpCode | BroadcastCode | TcpClientCode | TcpServerCode

#: Each kind of settings and the module that writes its script.
_KINDS: tuple[tuple[type, Callable[[Any, str], str]], ...] = (
    (UdpCode, udp.generate),
    (BroadcastCode, broadcast.generate),
    (TcpClientCode, tcp_client.generate),
    (TcpServerCode, tcp_server.generate),
)


def generate(settings: CodeSettings, language: str = "en") -> str:
    """The plain-socket Python script for ``settings``, commented in ``language``."""
    for kind, write in _KINDS:
        if isinstance(settings, kind):
            return write(settings, language)
    raise TypeError(f"no code generator for {type(settings).__name__}")
