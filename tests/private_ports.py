"""TCP client sockets bound to a port of the test's own.

The kernel hands out ephemeral ports (``net.ipv4.ip_local_port_range``) to many
connections at once when their destinations differ: on a busy machine another
program's connection may share a client's port, and binding that port again
fails. A port below the ephemeral range is taken by nobody unless asked for.
"""

from __future__ import annotations

import random
import socket
import time

#: Where the search starts (below every usual ephemeral range, above the services).
LOWEST = 10_000


def _ephemeral_low() -> int:
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range", encoding="ascii") as file:
            return int(file.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


def client_socket(
    host: str = "127.0.0.1", port: int | None = None, wait: float = 0.0
) -> socket.socket:
    """A TCP socket with SO_REUSEADDR bound to ``host`` and ``port`` (None: a free
    port below the ephemeral range, tried at random, 200 tries at most). With
    ``wait``, ``port`` is tried again until it is free (a closed connection's
    LAST_ACK holds it a moment), for at most ``wait`` seconds."""
    if port is not None and wait > 0:
        deadline = time.monotonic() + wait
        while True:
            try:
                return client_socket(host, port)
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
    ports = [port] if port is not None else random.sample(range(LOWEST, _ephemeral_low()), 200)
    for candidate in ports:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
        except OSError:
            sock.close()
            continue
        return sock
    raise AssertionError(f"no port to bind among {len(ports)} tried")
