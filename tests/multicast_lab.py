"""Three hosts on a bridge for the multicast tests, IPv4 and IPv6 (root only).

The lab is :class:`netns.Lab` (tests/system/netns.py) with an IPv6 address
per host (``fd13:77::1`` ..., added without duplicate address detection so it
is usable at once). :func:`inside` moves the calling thread into a host's
namespace and back: a socket, or a session's worker thread, created inside
stays in that host; the thread returns to its own namespace even when the
block fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "system"))

from netns import Child, Host, Lab, _ip, built_lab

__all__ = ["GROUP_V4", "GROUP_V6", "Child", "Host", "Lab", "address6", "build_lab", "inside"]

CLONE_NEWNET = 0x40000000
V6_PREFIX = "fd13:77::"
GROUP_V4 = "239.1.2.3"
GROUP_V6 = "ff15::1234"
_libc = ctypes.CDLL(None, use_errno=True)


def address6(host: Host) -> str:
    """The host's IPv6 address: fd13:77::1 for 10.213.77.1."""
    return f"{V6_PREFIX}{host.address.rsplit('.', 1)[1]}"


def _setns(fd: int) -> None:
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


@contextlib.contextmanager
def inside(host: Host) -> Iterator[None]:
    """Run the block with this thread in ``host``'s network namespace."""
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        there = os.open(f"/run/netns/{host.namespace}", os.O_RDONLY)
        try:
            _setns(there)
        finally:
            os.close(there)
        try:
            yield
        finally:
            _setns(home)
    finally:
        os.close(home)


def _add_ipv6(lab: Lab) -> None:
    for host in lab.hosts:
        _ip("-n", host.namespace, "addr", "add", f"{address6(host)}/64", "dev", "eth0", "nodad")


def build_lab() -> Iterator[Lab]:
    """A fixture body: the lab, with IPv6; deleted even when the test fails."""
    yield from built_lab(3, _add_ipv6)
