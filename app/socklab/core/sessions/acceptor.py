"""Accept a burst of connections many at a time, on the listening socket's own
readiness callback.

asyncio's server gives every accepted connection a task, a waiter future and
several loop passes before its protocol hears of it: about 50 µs each, which
a burst of connects outruns (the kernel's accept queue then overflows and the
connects it drops are retried a second later). :class:`Acceptor` calls
``accept()`` in a loop until the queue is empty and hands each socket on at
once; the session builds its connection there (a ``SocketTransport``). Only
for a selector loop (``socket_transport.selector_loop``).

A failed ``accept`` that would fail again at once (out of descriptors or
memory: EMFILE, ENFILE, ENOBUFS, ENOMEM) is said once, and accepting pauses
for :data:`RETRY_DELAY` instead of spinning on a socket that stays readable.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from collections.abc import Callable

from ..events import SockAddr

#: At most this many accepts per wake-up, so that a never-ending burst still
#: leaves the loop to the connections already open.
ACCEPTS_PER_WAKEUP = 1024
#: After an accept failed for want of descriptors or memory, try again this
#: many seconds later (asyncio's own delay).
RETRY_DELAY = 1.0
#: A client that gave up before it was accepted, or a packet the kernel
#: refused: that one connection is lost, the next may be there.
_SKIP = frozenset(
    code
    for code in (
        errno.ECONNABORTED,
        errno.EPROTO,
        errno.EPERM,
        getattr(errno, "ENETDOWN", None),
        getattr(errno, "ENOPROTOOPT", None),
        getattr(errno, "EHOSTDOWN", None),
        getattr(errno, "ENONET", None),
        getattr(errno, "EHOSTUNREACH", None),
        getattr(errno, "EOPNOTSUPP", None),
        getattr(errno, "ENETUNREACH", None),
    )
    if code is not None
)

OnAccept = Callable[[socket.socket, SockAddr], None]
OnError = Callable[[OSError, bool], None]


class Acceptor:
    """Accepts connections on ``sock`` (listening, non-blocking) while started.

    ``on_accept(conn, address)`` gets each accepted socket, non-blocking, in
    the order the kernel queued them. ``on_error(exc, paused)`` hears of a
    failed accept once per run of failures (a success starts a new run);
    ``paused``: accepting waits :data:`RETRY_DELAY` before it tries again.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sock: socket.socket,
        on_accept: OnAccept,
        on_error: OnError,
    ) -> None:
        self._loop = loop
        self._sock = sock
        self._fd = sock.fileno()
        self._on_accept = on_accept
        self._on_error = on_error
        self._retry: asyncio.TimerHandle | None = None
        self._failing = False
        self._open = False
        #: Accepts that failed (counted even when not said again).
        self.failures = 0

    @property
    def socket(self) -> socket.socket:
        return self._sock

    def start(self) -> None:
        """Watch the socket; each readiness accepts what is queued."""
        self._open = True
        self._loop.add_reader(self._fd, self._ready)

    def close(self) -> None:
        """Stop accepting and close the listening socket (the kernel's queue
        with it: clients still in it see a reset)."""
        if not self._open:
            return
        self._open = False
        if self._retry is not None:
            self._retry.cancel()
            self._retry = None
        else:
            self._loop.remove_reader(self._fd)
        self._sock.close()

    def _ready(self) -> None:
        # socket.accept() without its per-call lookups: the listener's family
        # and type are known, and the new socket is made non-blocking at once.
        listener = self._sock
        accept, on_accept = listener._accept, self._on_accept  # type: ignore[attr-defined]
        family, kind, proto = int(listener.family), int(listener.type), listener.proto
        new_socket = socket.socket
        for _ in range(ACCEPTS_PER_WAKEUP):
            try:
                fd, address = accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                if not self._failed(exc):
                    return
                continue
            self._failing = False
            conn = new_socket(family, kind, proto, fd)
            conn.setblocking(False)
            on_accept(conn, address)
            if not self._open:  # on_accept stopped the server
                return

    def _failed(self, exc: OSError) -> bool:
        """Count and say a failed accept; True if accepting goes on at once."""
        self.failures += 1
        skip = exc.errno in _SKIP
        if not self._failing:
            self._failing = True
            self._on_error(exc, not skip)
        if skip:
            return True
        # Out of descriptors or memory (or anything else): the socket stays
        # readable, so pause rather than spin, and try again a little later.
        self._loop.remove_reader(self._fd)
        self._retry = self._loop.call_later(RETRY_DELAY, self._resume)
        return False

    def _resume(self) -> None:
        self._retry = None
        if self._open:
            self._loop.add_reader(self._fd, self._ready)
