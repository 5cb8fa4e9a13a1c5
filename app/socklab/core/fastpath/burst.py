"""The generator's bursts: one payload to one address, many times, the fastest way
the kernel takes.

A :class:`Burst` picks GSO (:mod:`.gso`) where it applies, else ``sendmmsg``
(:mod:`.send`), else a ``sendto`` loop, and says which in :attr:`Burst.path`.
When the kernel refuses GSO (see :data:`.gso.REFUSALS`) it falls back to
``sendmmsg`` at once, within the same burst, and logs it once (logger
``socklab.core.fastpath``). Every count is of datagrams, not system calls.
"""

from __future__ import annotations

import errno
import logging
import socket

from ..events import SockAddr, format_addr
from . import gso
from .paths import GsoSkip, SendMode, SendPath
from .send import AVAILABLE as SENDMMSG_AVAILABLE
from .send import BurstSender

log = logging.getLogger("socklab.core.fastpath")

#: What sending a burst gives back: how many datagrams the kernel took, and the
#: error that ended it (None when it ended normally or on a full buffer).
Outcome = tuple[int, OSError | None]


class Burst:
    """Sends ``data`` to ``address`` ``n`` times per :meth:`send`.

    ``use_gso``: try GSO (where it applies); ``sendmmsg``: else use sendmmsg where
    the system has it; ``limit``: the largest UDP payload toward ``address``.
    Not thread-safe: the session's worker thread only.
    """

    def __init__(
        self, data: bytes, address: SockAddr, *, use_gso: bool, sendmmsg: bool, limit: int
    ) -> None:
        self.data = data
        self.address = address
        self._sender: BurstSender | None = None
        segments = gso.segments_per_send(len(data), limit)
        if not sendmmsg or not SENDMMSG_AVAILABLE:
            skipped = GsoSkip.UNAVAILABLE if use_gso else GsoSkip.OFF
            self.path = SendPath(SendMode.SENDTO, len(data), skipped=skipped)
        elif use_gso and segments and gso.AVAILABLE:
            self._sender = gso.GsoSender(data, address, segments)
            self.path = SendPath(SendMode.GSO, len(data), segments)
        else:
            skipped = _skip_reason(use_gso, segments)
            self._sender = BurstSender(data, address)
            self.path = SendPath(SendMode.SENDMMSG, len(data), skipped=skipped)

    def send(self, sock: socket.socket, n: int) -> Outcome:
        """Send ``n`` datagrams; how many went, and the error that ended the burst.

        A full buffer (BlockingIOError) and a refused earlier datagram (an ICMP
        "port unreachable" that this send reported; the receive path says so)
        end the burst early without an error.
        """
        if self._sender is None:
            return self._sendto_copies(sock, n)
        sent = 0
        while sent < n:
            try:
                taken = self._sender.send(sock, n - sent)
            except (BlockingIOError, ConnectionRefusedError):
                return sent, None
            except OSError as exc:
                if not self._refused(exc):
                    return sent, exc
                continue
            if not taken:
                break
            sent += taken
        return sent, None

    def _refused(self, exc: OSError) -> bool:
        """The kernel refused GSO: go on with sendmmsg (True), or ``exc`` is a real error."""
        if not isinstance(self._sender, gso.GsoSender) or exc.errno not in gso.REFUSALS:
            return False
        name = errno.errorcode.get(exc.errno or 0, str(exc.errno))
        log.warning(
            "GSO refused by the kernel for %s (%s: %s); using sendmmsg",
            format_addr(self.address),
            name,
            exc.strerror,
        )
        self._sender = BurstSender(self.data, self.address)
        self.path = SendPath(SendMode.SENDMMSG, len(self.data), refused=name)
        return True

    def _sendto_copies(self, sock: socket.socket, n: int) -> Outcome:
        sendto, data, address = sock.sendto, self.data, self.address
        for i in range(n):
            try:
                sendto(data, address)
            except (BlockingIOError, ConnectionRefusedError):
                return i, None
            except OSError as exc:
                return i, exc
        return n, None


def _skip_reason(wanted: bool, segments: int) -> GsoSkip:
    if not wanted:
        return GsoSkip.OFF
    if not segments:
        return GsoSkip.SIZE
    return GsoSkip.UNAVAILABLE
