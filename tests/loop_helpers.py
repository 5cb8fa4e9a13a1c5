"""Helpers for tests that time a session's worker loop against its peers:
hold the loop in one callback, and start many connects at once."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

from socklab.core.sessions.base import Session


@contextlib.contextmanager
def held(session: Session) -> Iterator[None]:
    """Keep the session's worker loop busy in one callback until the block ends:
    what arrives meanwhile waits in the kernel's queues."""
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        entered.set()
        release.wait(10)

    session.worker.loop.call_soon_threadsafe(hold)
    assert entered.wait(5)
    try:
        yield
    finally:
        release.set()


def connect_many(address, count: int) -> list[socket.socket]:
    """``count`` non-blocking connects to ``address``, all in flight at once."""
    socks = []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            sock.connect(address)
        socks.append(sock)
    return socks
