"""Real peers for the relay's tests: socat servers on a port the kernel chose,
and helpers to read from sockets with bounded waits."""

from __future__ import annotations

import contextlib
import re
import selectors
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

_LISTENING = re.compile(r"listening on (?:UDP )?AF=\d+ \S*:(\d+)")


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} is not installed")
    return path


@contextlib.contextmanager
def socat_server(*args: str, timeout: float = 10.0) -> Iterator[tuple[subprocess.Popen, int]]:
    """``socat -d -d ARGS`` (its first address listening on port 0) and the port it got."""
    process = subprocess.Popen(
        [need("socat"), "-d", "-d", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(process.stderr, selectors.EVENT_READ)
            while True:
                if time.monotonic() > deadline or not selector.select(deadline - time.monotonic()):
                    raise AssertionError("socat did not say where it listens")
                line = process.stderr.readline()
                if not line:
                    raise AssertionError(f"socat ended: {process.wait()}")
                found = _LISTENING.search(line)
                if found:
                    break
        yield process, int(found.group(1))
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def read_until_closed(sock: socket.socket, limit: int, timeout: float = 10.0) -> bytes:
    """Everything ``sock`` receives until the peer's FIN (at most ``limit`` bytes)."""
    sock.settimeout(timeout)
    chunks = []
    total = 0
    while total < limit:
        data = sock.recv(65536)
        if not data:
            break
        chunks.append(data)
        total += len(data)
    return b"".join(chunks)


def read_exactly(sock: socket.socket, size: int, timeout: float = 10.0) -> bytes:
    sock.settimeout(timeout)
    chunks = []
    total = 0
    while total < size:
        data = sock.recv(size - total)
        if not data:
            break
        chunks.append(data)
        total += len(data)
    return b"".join(chunks)
