"""The kernel's view of sockets: Linux's ``/proc/net/{tcp,tcp6,udp,udp6,unix}``.

Each table line is one socket the kernel holds: its addresses, its TCP state
(LISTEN, ESTABLISHED, CLOSE_WAIT, TIME_WAIT ...), the bytes waiting in its
queues (``tx_queue:rx_queue``: Send-Q and Recv-Q) and its timer. A TIME_WAIT
entry belongs to no process any more (inode 0): sockets are matched by port,
never by owner. Its timer (``tm->when``, in clock ticks) says how long it has
left.

``/proc/net/unix`` lists Unix domain sockets: no ports, no queues, a path (an
abstract name starts with ``@``) for a bound socket and for the connections a
listening socket accepted; they are matched by path. A client's own socket has
no path unless it binds one.

The tables are read as hostile text: a line that does not parse is skipped and
counted, a table that cannot be read is named with the reason, and nothing here
raises for what the files hold. No Qt.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import sys
from collections.abc import Collection, Iterable
from dataclasses import dataclass

__all__ = [
    "TABLES",
    "KernelSocket",
    "Snapshot",
    "parse_table",
    "parse_unix_table",
    "read_sockets",
    "unix_table_path",
]

#: (file in /proc/net, protocol, family) of each table read.
TABLES: tuple[tuple[str, str, int], ...] = (
    ("tcp", "tcp", socket.AF_INET),
    ("tcp6", "tcp", socket.AF_INET6),
    ("udp", "udp", socket.AF_INET),
    ("udp6", "udp", socket.AF_INET6),
)
#: The kernel's TCP states (include/net/tcp_states.h), by their number.
TCP_STATES = {
    1: "ESTABLISHED",
    2: "SYN_SENT",
    3: "SYN_RECV",
    4: "FIN_WAIT1",
    5: "FIN_WAIT2",
    6: "TIME_WAIT",
    7: "CLOSE",
    8: "CLOSE_WAIT",
    9: "LAST_ACK",
    10: "LISTEN",
    11: "CLOSING",
    12: "NEW_SYN_RECV",
}
#: A UDP socket is "connected" (state 1) or not (7), as ``ss`` says it.
UDP_STATES = {1: "CONNECTED", 7: "UNCONN"}
#: The Unix socket types (``Type``), as Python names them without ``SOCK_``.
UNIX_TYPES = {1: "stream", 2: "dgram", 5: "seqpacket"}
#: A Unix socket's state (``St``, socket.h's ``SS_*``), in the words the TCP
#: and UDP tables use; a connected stream is ESTABLISHED, a datagram CONNECTED.
_UNIX_STATES = {1: "UNCONN", 2: "CONNECTING", 3: "CONNECTED", 4: "DISCONNECTING"}
#: ``Flags``: the socket listens (``__SO_ACCEPTCON``).
_ACCEPTCON = 0x10000
#: The timer code of a TIME_WAIT entry.
_TIMEWAIT_TIMER = 3
#: The most of one table read (a table of 100,000 sockets is about 15 MB).
MAX_TABLE_BYTES = 64 << 20

_LINE = re.compile(
    r"\s*\d{1,10}:\s+"
    r"(?P<local>[0-9A-F]{8}|[0-9A-F]{32}):(?P<lport>[0-9A-F]{4})\s+"
    r"(?P<remote>[0-9A-F]{8}|[0-9A-F]{32}):(?P<rport>[0-9A-F]{4})\s+"
    r"(?P<state>[0-9A-F]{2})\s+"
    r"(?P<tx>[0-9A-F]{8}):(?P<rx>[0-9A-F]{8})\s+"
    r"(?P<timer>[0-9A-F]{2}):(?P<when>[0-9A-F]{8,16})\s+"
    r"\S{1,16}\s+\d{1,10}\s+-?\d{1,10}\s+(?P<inode>\d{1,20})(?:\s.*)?",
    re.ASCII | re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class KernelSocket:
    """One socket as the kernel lists it.

    ``local`` and ``remote`` are (host, port) as the socket module writes them
    (``remote`` is ``("0.0.0.0", 0)`` / ``("::", 0)`` when there is none);
    ``recv_queue`` / ``send_queue`` are bytes (TCP: not yet read by the program /
    not yet acknowledged by the peer, or for LISTEN the connections waiting for
    accept(); UDP: kernel memory of the queued datagrams); ``timer_left`` the
    seconds a TIME_WAIT entry has left (None for any other); ``inode`` 0 for a
    socket no process holds (TIME_WAIT).
    """

    protocol: str
    family: int
    local: tuple[str, int]
    remote: tuple[str, int]
    state: str
    recv_queue: int
    send_queue: int
    timer_left: float | None
    inode: int

    def ports(self) -> tuple[int, int]:
        return self.local[1], self.remote[1]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one reading found: the sockets, how many lines did not parse, and the
    tables that could not be read (``"tcp6: No such file or directory"``)."""

    sockets: tuple[KernelSocket, ...] = ()
    skipped: int = 0
    unreadable: tuple[str, ...] = ()


def _clock_ticks() -> int:
    try:
        ticks = os.sysconf("SC_CLK_TCK")
    except (AttributeError, ValueError, OSError):
        return 100
    return ticks if ticks > 0 else 100


_TICKS = _clock_ticks()


def _host(hex_text: str) -> str:
    """``0100007F`` -> ``127.0.0.1``: the kernel prints each 32-bit word in the
    machine's byte order."""
    raw = b"".join(
        int(hex_text[i : i + 8], 16).to_bytes(4, sys.byteorder) for i in range(0, len(hex_text), 8)
    )
    if len(raw) == 4:
        return str(ipaddress.IPv4Address(raw))
    address = ipaddress.IPv6Address(raw)
    mapped = address.ipv4_mapped
    return f"::ffff:{mapped}" if mapped is not None else address.compressed


def _port_marks(ports: Collection[int]) -> tuple[str, ...]:
    """How each port appears in a table line (``:1F90``), to skip the others fast."""
    return tuple(f":{port:04X}" for port in ports if 0 <= port <= 0xFFFF)


def parse_table(
    text: str, protocol: str, family: int, ports: Collection[int] | None = None
) -> tuple[list[KernelSocket], int]:
    """The sockets of one table's ``text`` (only those with a local or remote
    port in ``ports``, if given), and how many lines did not parse."""
    marks = _port_marks(ports) if ports is not None else None
    states = TCP_STATES if protocol == "tcp" else UDP_STATES
    width = 8 if family == socket.AF_INET else 32
    found: list[KernelSocket] = []
    skipped = 0
    for index, line in enumerate(text.split("\n")):  # the kernel ends lines with \n only
        if index == 0 and "local_address" in line:
            continue  # the header
        if not line.strip():
            continue
        if marks is not None and not any(mark in line for mark in marks):  # %04X: upper case
            continue
        parsed = _parse_line(line, protocol, family, width, states)
        if parsed is None:
            skipped += 1
        elif ports is None or parsed.local[1] in ports or parsed.remote[1] in ports:
            found.append(parsed)
    return found, skipped


def _parse_line(
    line: str, protocol: str, family: int, width: int, states: dict[int, str]
) -> KernelSocket | None:
    match = _LINE.fullmatch(line)
    if match is None or len(match["local"]) != width or len(match["remote"]) != width:
        return None
    number = int(match["state"], 16)
    state = states.get(number, f"state {number}")
    timer_left = None
    if state == "TIME_WAIT" and int(match["timer"], 16) == _TIMEWAIT_TIMER:
        timer_left = int(match["when"], 16) / _TICKS
    return KernelSocket(
        protocol=protocol,
        family=family,
        local=(_host(match["local"]), int(match["lport"], 16)),
        remote=(_host(match["remote"]), int(match["rport"], 16)),
        state=state,
        recv_queue=int(match["rx"], 16),
        send_queue=int(match["tx"], 16),
        timer_left=timer_left,
        inode=int(match["inode"]),
    )


_UNIX_LINE = re.compile(
    r"\s*[0-9A-F]{1,16}:\s+[0-9A-F]{8}\s+[0-9A-F]{8}\s+(?P<flags>[0-9A-F]{8})\s+"
    r"(?P<type>[0-9A-F]{4})\s+(?P<state>[0-9A-F]{2})\s+(?P<inode>\d{1,20})(?: (?P<path>.+))?",
    re.ASCII | re.IGNORECASE,
)


def parse_unix_table(
    text: str, paths: Collection[str] | None = None
) -> tuple[list[KernelSocket], int]:
    """The Unix sockets of ``/proc/net/unix``'s ``text`` (only those bound to one
    of ``paths``, if given: a file path, or ``@name`` for an abstract one), and
    how many lines did not parse. ``local`` is (path, 0), ``remote`` ("", 0):
    the table does not name a peer."""
    wanted = set(paths) if paths is not None else None
    found: list[KernelSocket] = []
    skipped = 0
    for index, line in enumerate(text.split("\n")):
        if index == 0 and "Inode" in line:
            continue  # the header
        if not line.strip():
            continue
        match = _UNIX_LINE.fullmatch(line)
        if match is None:
            skipped += 1
            continue
        path = match["path"] or ""
        if wanted is not None and path not in wanted:
            continue
        kind = UNIX_TYPES.get(int(match["type"], 16), f"type {int(match['type'], 16)}")
        number = int(match["state"], 16)
        state = _UNIX_STATES.get(number, f"state {number}")
        if int(match["flags"], 16) & _ACCEPTCON:
            state = "LISTEN"
        elif state == "CONNECTED" and kind != "dgram":
            state = "ESTABLISHED"
        found.append(
            KernelSocket(
                protocol=kind,
                family=socket.AF_UNIX,
                local=(path, 0),
                remote=("", 0),
                state=state,
                recv_queue=0,
                send_queue=0,
                timer_left=None,
                inode=int(match["inode"]),
            )
        )
    return found, skipped


def _read(path: str) -> str:
    with open(path, "rb") as file:
        return file.read(MAX_TABLE_BYTES).decode("ascii", "replace")


def _read_path_names(path: str) -> str:
    """A table that holds file names: decoded as the file system names them."""
    with open(path, "rb") as file:
        return os.fsdecode(file.read(MAX_TABLE_BYTES))


def unix_table_path(addr: object) -> str:
    """How ``/proc/net/unix`` names a Unix socket address: its path, or ``@name``
    for an abstract one (each NUL of the name written ``@``); "" for none."""
    if isinstance(addr, (bytes, bytearray)):
        addr = os.fsdecode(bytes(addr))
    if not isinstance(addr, str):
        return ""
    return "@" + addr[1:].replace("\0", "@") if addr.startswith("\0") else addr


def read_sockets(
    ports: Collection[int] | None = None,
    root: str = "/proc/net",
    tables: Iterable[tuple[str, str, int]] = TABLES,
    unix_paths: Collection[str] = (),
) -> Snapshot:
    """Every socket of the tables under ``root`` (this process's network
    namespace by default) whose local or remote port is in ``ports`` (all if
    None), and the Unix sockets bound to ``unix_paths`` (``/tmp/s.sock``,
    ``@name``), if any is given."""
    sockets: list[KernelSocket] = []
    skipped = 0
    unreadable: list[str] = []
    if unix_paths:
        try:
            text = _read_path_names(os.path.join(root, "unix"))
            found, skipped = parse_unix_table(text, unix_paths)
            sockets += found
        except OSError as exc:
            unreadable.append(f"unix: {exc.strerror or exc}")
    if ports is not None and not ports:
        return Snapshot(tuple(sockets), skipped, tuple(unreadable))
    for name, protocol, family in tables:
        try:
            text = _read(os.path.join(root, name))
        except OSError as exc:
            unreadable.append(f"{name}: {exc.strerror or exc}")
            continue
        found, bad = parse_table(text, protocol, family, ports)
        sockets += found
        skipped += bad
    return Snapshot(tuple(sockets), skipped, tuple(unreadable))
