"""What a session does for Unix domain sockets: the family of an address, the
socket file it bound (removed when it closes), and a bind's EADDRINUSE in words.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
from collections.abc import Callable

from ..errors import SessionError
from ..events import SockAddr
from ..unix import OwnedPath, in_use_reason, is_unix_address, peer_credentials
from .stream import PeerStats


def socket_family(address: SockAddr) -> socket.AddressFamily:
    """AF_UNIX for a Unix address, AF_INET6 for (host, port, flow, scope), else AF_INET."""
    if is_unix_address(address):
        return socket.AF_UNIX
    return socket.AF_INET6 if len(address) == 4 else socket.AF_INET


class UnixPaths:
    """The socket file a session bound (a mix-in of :class:`~.base.Session`).

    ``_own`` after a successful bind, ``_disown`` after closing that socket: the
    file is removed if it is still the one the bind made (a path SockLab did
    not create is never removed).
    """

    _owned_path: OwnedPath | None = None
    _owned_folder: str | None = None
    _trace: Callable[..., None]

    def _own(self, sock: socket.socket, folder: str | None = None) -> None:
        """``sock`` is bound: its socket file (and ``folder``, made for it) are ours."""
        self._owned_path = OwnedPath.after_bind(sock.getsockname()) if _is_unix(sock) else None
        self._owned_folder = folder

    def _disown(self) -> None:
        """The bound socket is closed: remove what :meth:`_own` recorded."""
        owned, self._owned_path = self._owned_path, None
        folder, self._owned_folder = self._owned_folder, None
        if owned is not None and owned.remove():
            self._trace(f"os.unlink({owned.path!r})")
        if folder is not None:
            with contextlib.suppress(OSError):
                os.rmdir(folder)

    def _note_credentials(self, stats: PeerStats, sock: object) -> None:
        """Keep an accepted Unix peer's SO_PEERCRED in its stats (and trace the call)."""
        credentials = peer_credentials(sock)  # type: ignore[arg-type]
        if credentials is not None:
            stats.credentials = credentials
            self._trace(
                "conn.getsockopt(SOL_SOCKET, SO_PEERCRED, 12)", str(credentials), stats.peer_id
            )

    @staticmethod
    def _bind_error(address: SockAddr, kind: int, exc: OSError) -> OSError | SessionError:
        """``exc`` of a failed bind; for a Unix address in use, why and the way out."""
        if not isinstance(address, str) or exc.errno != errno.EADDRINUSE:
            return exc
        return SessionError("", in_use_reason(address, kind), "EADDRINUSE", exc.errno)


def _is_unix(sock: socket.socket) -> bool:
    return sock.family == getattr(socket, "AF_UNIX", None)
