"""What the real ``tshark`` (Debian's package) reads in a pcapng file.

Each call is one tshark run (it starts in about a second on a busy machine):
ask for every field, or every stream, a test needs at once.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TSHARK = shutil.which("tshark")
needs_tshark = pytest.mark.skipif(TSHARK is None, reason="tshark is not installed")


def _run(*args: str) -> str:
    assert TSHARK is not None
    done = subprocess.run(
        [TSHARK, "-n", *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, f"tshark {' '.join(args)} failed: {done.stderr}"
    return done.stdout


#: tshark's preferences that check every checksum (it checks none by default).
CHECKSUMS = ("ip.check_checksum:TRUE", "tcp.check_checksum:TRUE", "udp.check_checksum:TRUE")


def fields(path: Path, *names: str, where: str = "") -> list[list[str]]:
    """One row per packet (matching the display filter ``where``): the fields
    asked for. Every checksum is checked (``*.checksum.status`` 1 is good).

    A UDP datagram's bytes are ``udp.payload``, not ``data.data``: tshark hands a
    payload to whatever protocol its port is known for (a random port such as
    37008 is TZSP's), and then ``data.data`` is empty."""
    args = ["-r", str(path), "-T", "fields", "-E", "separator=/t"]
    for preference in CHECKSUMS:
        args += ["-o", preference]
    if where:
        args += ["-Y", where]
    for name in names:
        args += ["-e", name]
    return [line.split("\t") for line in _run(*args).splitlines()]


def follow(path: Path, streams: int) -> dict[int, dict[str, bytes]]:
    """``tcp.stream`` number -> {"ip:port" of each node: the bytes it sent}, as
    "Follow TCP stream" gives them back, for the first ``streams`` streams."""
    args = ["-r", str(path), "-q"]
    for number in range(streams):
        args += ["-z", f"follow,tcp,raw,{number}"]
    result: dict[int, dict[str, bytes]] = {}
    stream = -1
    nodes: list[str] = []
    sent: dict[str, bytearray] = {}
    for line in _run(*args).splitlines():
        if line.startswith("Filter: tcp.stream eq "):
            stream = int(line.rsplit(" ", 1)[1])
            nodes, sent = [], {}
            result[stream] = sent  # type: ignore[assignment]
        elif line.startswith("Node "):
            node = line.split(": ", 1)[1]
            nodes.append(node)
            sent[node] = bytearray()
        elif line and not line.startswith(("=", "Follow:")) and nodes:
            node = nodes[1] if line.startswith("\t") else nodes[0]
            sent[node] += bytes.fromhex(line.strip())
    return {n: {node: bytes(data) for node, data in s.items()} for n, s in result.items()}
