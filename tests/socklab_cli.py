"""The ``socklab`` command in a subprocess, for the tests that run it end to end.

Every process :func:`start` starts is ended after its test (``tests/conftest.py``
calls :func:`reap`): one left to the garbage collector after a failed test would
fail a later test with a ResourceWarning.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

_STARTED: list[subprocess.Popen] = []


def env() -> dict[str, str]:
    """The test's environment, with the child's output unbuffered."""
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def run(*args: str, timeout: float = 30, **kwargs) -> subprocess.CompletedProcess:
    """``socklab ARGS`` to the end; its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "socklab", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env(),
        **kwargs,
    )


def tcp_connect_received(*args: str) -> bytes:
    """``socklab tcp connect 127.0.0.1:PORT ARGS`` to a listener of this test;
    every byte the listener received, to the client's close."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(10)
        port = listener.getsockname()[1]
        result = run("tcp", "connect", f"127.0.0.1:{port}", *args)
        assert result.returncode == 0, result.stderr
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(10)
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
    return data


def start(*args: str) -> subprocess.Popen:
    """``socklab ARGS`` running, its output in text pipes."""
    process = subprocess.Popen(
        [sys.executable, "-m", "socklab", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    _STARTED.append(process)
    return process


def reap() -> None:
    """Kill what is still running of what :func:`start` started, close its pipes."""
    while _STARTED:
        process = _STARTED.pop()
        if process.poll() is None:
            process.kill()
        process.communicate()
