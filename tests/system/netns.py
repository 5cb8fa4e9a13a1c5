"""Throwaway network namespaces for the system tests (Linux, root only).

A :class:`Lab` is a few host namespaces on one Ethernet segment. The segment's
bridge lives in a "switch" namespace of its own; each host is joined to it by a
veth pair whose one end is the host's ``eth0`` and the other a bridge port. Every
link is created inside the switch namespace and only then moved, so nothing is
ever added to the machine's own namespace, and the lab's subnet exists only
inside the lab.

Namespace names are ``socklab-test-<pid>-<n>-<role>``: unique per run and per
lab, and a lab left behind by a run that died is recognised by its dead pid and
removed before the next lab is built.

Programs run inside a host as child processes (``ip netns exec``), wrapped in
:class:`Child`, which reads their output with a time limit.
"""

from __future__ import annotations

import ipaddress
import itertools
import os
import re
import selectors
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType

PREFIX = "socklab-test-"
SUBNET = ipaddress.IPv4Network("10.213.77.0/24")
#: Time limit for one ``ip`` command.
IP_TIMEOUT = 10.0

_LAB_NAME = re.compile(rf"{re.escape(PREFIX)}(\d+)-\d+-")
_numbers = itertools.count(1)
#: Namespaces of this process's labs that are not destroyed yet.
_live: set[str] = set()


class NamespacesUnavailableError(Exception):
    """Namespaces cannot be built here; ``str(e)`` says why."""


def _ip(*args: str) -> str:
    """Run ``ip ARGS``; its stdout, or :class:`NamespacesUnavailableError` with its stderr."""
    command = ["ip", *args]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=IP_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NamespacesUnavailableError(f"{' '.join(command)}: {exc}") from None
    if done.returncode != 0:
        why = done.stderr.strip() or f"exit code {done.returncode}"
        raise NamespacesUnavailableError(f"{' '.join(command)}: {why}")
    return done.stdout


def unavailable_reason() -> str | None:
    """Why namespaces surely cannot be built here, or None if it is worth trying."""
    if not sys.platform.startswith("linux"):
        return f"needs Linux, not {sys.platform}"
    if os.geteuid() != 0:
        return "needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)"
    if shutil.which("ip") is None:
        return "the 'ip' command (iproute2) is not installed"
    return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _namespaces() -> list[str]:
    # "name" or "name (id: 3)" per line
    return [line.split()[0] for line in _ip("netns", "list").splitlines() if line.strip()]


def remove_leftovers() -> list[str]:
    """Delete lab namespaces whose run is gone (or that this run lost track of)."""
    removed = []
    for name in _namespaces():
        match = _LAB_NAME.match(name)
        if match is None or name in _live:
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or not _pid_alive(pid):
            subprocess.run(
                ["ip", "netns", "delete", name],
                capture_output=True,
                timeout=IP_TIMEOUT,
                check=False,
            )
            removed.append(name)
    return removed


@dataclass(frozen=True)
class Host:
    """One host namespace and its address on the lab's segment."""

    namespace: str
    address: str

    def command(self, *argv: str) -> list[str]:
        """``argv`` run inside this host."""
        return ["ip", "netns", "exec", self.namespace, *argv]

    def socklab(self, *args: str) -> list[str]:
        """The socklab CLI, with this interpreter, run inside this host."""
        return self.command(sys.executable, "-m", "socklab", *args)


class Lab:
    """Hosts ``10.213.77.1``, ``.2``, ... on a bridge in a switch namespace."""

    def __init__(self, host_count: int = 3) -> None:
        base = f"{PREFIX}{os.getpid()}-{next(_numbers)}-"
        self.switch = base + "switch"
        self.hosts = [
            Host(base + chr(ord("a") + i), str(SUBNET.network_address + i + 1))
            for i in range(host_count)
        ]
        self.namespaces = [self.switch] + [host.namespace for host in self.hosts]

    def build(self) -> None:
        """Create everything; :class:`NamespacesUnavailableError` if the system refuses."""
        for name in self.namespaces:
            _ip("netns", "add", name)
            _live.add(name)
        sw = ("-n", self.switch)
        _ip(*sw, "link", "set", "lo", "up")
        _ip(*sw, "link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0")
        for index, host in enumerate(self.hosts):
            port = f"port{index}"
            # Both ends are born in the switch namespace; one then moves into the host.
            _ip(*sw, "link", "add", port, "type", "veth", "peer", "name", "eth0",
                "netns", host.namespace)  # fmt: skip
            _ip(*sw, "link", "set", port, "master", "br0")
            _ip(*sw, "link", "set", port, "up")
            hn = ("-n", host.namespace)
            _ip(*hn, "link", "set", "lo", "up")
            _ip(*hn, "addr", "add", f"{host.address}/{SUBNET.prefixlen}", "brd", "+",
                "dev", "eth0")  # fmt: skip
            _ip(*hn, "link", "set", "eth0", "up")
        _ip(*sw, "link", "set", "br0", "up")

    def destroy(self) -> list[str]:
        """Delete every namespace of the lab; the names that could not be deleted."""
        failed = []
        for name in reversed(self.namespaces):
            if name not in _live:
                continue
            done = subprocess.run(
                ["ip", "netns", "delete", name],
                capture_output=True,
                text=True,
                timeout=IP_TIMEOUT,
                check=False,
            )
            if done.returncode == 0 or name not in _namespaces():
                _live.discard(name)
            else:
                failed.append(f"{name}: {done.stderr.strip()}")
        return failed


def built_lab(host_count: int = 3, setup: Callable[[Lab], None] | None = None) -> Iterator[Lab]:
    """A fixture's body: a lab of ``host_count`` hosts (then ``setup(lab)``),
    deleted even if the test fails; skips the test where namespaces cannot be built."""
    import pytest

    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"network namespaces unavailable: {reason}")
    try:
        remove_leftovers()
    except NamespacesUnavailableError as exc:
        pytest.skip(f"network namespaces unavailable: {exc}")
    made = Lab(host_count=host_count)
    try:
        try:
            made.build()
            if setup is not None:
                setup(made)
        except NamespacesUnavailableError as exc:
            pytest.skip(f"network namespaces unavailable: {exc}")
        yield made
    finally:
        left = made.destroy()
    assert not left, f"namespaces not deleted: {left}"


class Child:
    """A process whose stdout is read line by line, each wait with a time limit.

    Use it as a context manager: on leaving, a process still running is killed
    and both pipes are closed.
    """

    def __init__(self, argv: Sequence[str]) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.argv = list(argv)
        self.proc = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.lines: list[str] = []
        self._partial = b""
        self._eof = False

    def __enter__(self) -> Child:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.__exit__(kind, value, traceback)  # closes the pipes, reaps the process

    def expect(self, predicate: Callable[[str], bool], what: str, timeout: float) -> str:
        """The first stdout line (old or new) for which ``predicate`` holds."""
        deadline = time.monotonic() + timeout
        checked = 0
        while True:
            for line in self.lines[checked:]:
                if predicate(line):
                    return line
            checked = len(self.lines)
            remaining = deadline - time.monotonic()
            if self._eof or remaining <= 0:
                why = "exited" if self._eof else f"printed nothing like it within {timeout:g} s"
                self.fail(f"waited for {what}, but it {why}")
            self._read(remaining)

    def _read(self, timeout: float) -> None:
        fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            if not selector.select(timeout):
                return
        chunk = os.read(fd, 65536)
        if not chunk:
            self._eof = True
            chunk = b"\n" if self._partial else b""
        *complete, self._partial = (self._partial + chunk).split(b"\n")
        self.lines.extend(line.decode("utf-8", "replace") for line in complete)

    def finish(self, timeout: float) -> tuple[int, list[str], str]:
        """Wait for the exit: (exit code, every stdout line, stderr)."""
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.fail(f"did not exit within {timeout:g} s")
        rest = (self._partial + out).decode("utf-8", "replace").splitlines()
        self._partial = b""
        self.lines.extend(rest)
        return self.proc.returncode, self.lines, err.decode("utf-8", "replace")

    def fail(self, message: str) -> None:
        """Kill the process and fail the test, showing what it printed."""
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            out, err = self.proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            out, err = b"", b"(stderr unavailable: the process did not die)"
        rest = (self._partial + out).decode("utf-8", "replace").splitlines()
        stdout = "\n".join(self.lines + rest)
        raise AssertionError(
            f"{' '.join(self.argv)}: {message}\n"
            f"--- stdout\n{stdout}\n--- stderr\n{err.decode('utf-8', 'replace')}"
        )
