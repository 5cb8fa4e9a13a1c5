"""Short private folders for Unix socket paths (sun_path holds 107 bytes, and
pytest's tmp_path can be long), unique abstract names, and real peers (socat)
waited for without sleeping."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def short_dir() -> Iterator[str]:
    """A fresh folder under the system's temp folder, removed afterwards."""
    folder = tempfile.mkdtemp(prefix="sl-unix-")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def abstract_name() -> str:
    """``@socklab-test-<random>``: no other test (or run) uses it."""
    return f"@socklab-test-{uuid.uuid4().hex[:12]}"


def socat(*args: str) -> subprocess.Popen:
    """``socat ARGS`` with its standard streams as pipes (bytes)."""
    return subprocess.Popen(
        ["socat", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


ACCEPTING = 0x10000  # __SO_ACCEPTCON in /proc/net/unix's Flags: listen() was called


def is_listening(path: str) -> bool:
    """True once a stream socket bound to ``path`` is listening (``/proc/net/unix``):
    the file appears at ``bind()``, and a connect before ``listen()`` is refused."""
    with open("/proc/net/unix", encoding="utf-8", errors="replace") as table:
        next(table)  # the header
        for line in table:
            fields = line.split()
            if len(fields) >= 8 and fields[7] == path and int(fields[3], 16) & ACCEPTING:
                return True
    return False


def wait_for_path(
    path: str, process: subprocess.Popen, timeout: float = 10.0, *, listening: bool = False
) -> None:
    """Until ``path`` exists (the peer bound it) and, with ``listening``, a stream
    socket listens on it; fails if ``process`` ends first.

    Paced by ``process.wait(timeout)``: it returns as soon as the peer ends.
    """
    deadline = time.monotonic() + timeout
    while not (is_listening(path) if listening else os.path.exists(path)):
        try:
            process.wait(0.02)
        except subprocess.TimeoutExpired:
            pass
        else:
            raise AssertionError(f"the peer ended ({process.returncode}) before binding {path}")
        if time.monotonic() >= deadline:
            raise AssertionError(f"{path} did not appear within {timeout} s")


def finish(process: subprocess.Popen) -> bytes:
    """End ``process`` (if it still runs) and return what it wrote."""
    if process.poll() is None:
        process.kill()
    out, _ = process.communicate(timeout=10)
    return out
