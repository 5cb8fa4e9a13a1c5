"""Real peers for the scenario tests: socat echo servers (TCP, UDP, Unix) whose
port is read from socat's own words, and the teacher's exercise server."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_LISTENING = re.compile(rb"(?:listening on|receiving on) (?:UDP )?AF=\d+ \S*?:(\d+)")


def _port_from(process: subprocess.Popen, timeout: float = 10.0) -> int:
    """The port socat says it listens on (``-d -d``), read from its stderr."""
    assert process.stderr is not None
    fd = process.stderr.fileno()
    said = b""
    deadline = time.monotonic() + timeout
    while True:
        found = _LISTENING.search(said)
        if found is not None:
            return int(found.group(1))
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            raise AssertionError(f"socat never said its port: {said!r}")
        if select.select([fd], [], [], min(remaining, 0.5))[0]:
            said += os.read(fd, 4096)


@contextmanager
def socat_echo(kind: str, path: str = "") -> Iterator[int | str]:
    """A socat echo server on loopback: ``kind`` tcp or udp (yields its port),
    unix (yields ``path``, a file or ``@name``, once it listens)."""
    if kind == "tcp":
        listen = "TCP-LISTEN:0,bind=127.0.0.1,reuseaddr,fork"
    elif kind == "udp":
        listen = "UDP-LISTEN:0,bind=127.0.0.1"
    elif path.startswith("@"):
        listen = f"ABSTRACT-LISTEN:{path[1:]},fork"
    else:
        listen = f"UNIX-LISTEN:{path},fork"
    process = subprocess.Popen(
        ["socat", "-d", "-d", listen, "EXEC:cat"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its forked children (one per client) end with it
    )
    try:
        if kind == "unix":
            from unix_helpers import wait_for_path

            wait_for_path(path, process, listening=True)
            yield path
        else:
            yield _port_from(process)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=10)


class ExerciseServer:
    """The teacher's exercise: answer 已收到 to every line, close on ``exit``.
    ``good=False`` is a student's first try: it answers "ok" to the first line,
    then closes (no loop)."""

    def __init__(self, good: bool = True) -> None:
        self.good = good
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._stop = threading.Event()
        self._thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        buffered = b""
        while not self._stop.is_set():
            try:
                chunk = conn.recv(4096)
            except OSError:
                return
            if not chunk:
                return
            buffered += chunk
            while b"\n" in buffered:
                line, buffered = buffered.split(b"\n", 1)
                if self.good and line.strip() == b"exit":
                    return
                conn.sendall("已收到\n".encode() if self.good else b"ok\n")
                if not self.good:
                    return

    def close(self) -> None:
        self._stop.set()
        self.listener.close()
        self._thread.join(10)
