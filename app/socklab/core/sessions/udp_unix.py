"""A UDP session's Unix datagram side (AF_UNIX, SOCK_DGRAM).

The first ``sendto`` to a Unix address binds the socket, as it does for UDP: to
the local address if that is a Unix one, else to a path of its own in a fresh
temporary directory (``socklab-*/client.sock``), so the peer can answer; both
are removed when the socket closes.
"""

from __future__ import annotations

import os
import socket
import tempfile
from typing import Any

from ..calls import addr_repr, bound_result, family_name
from ..errors import SessionError
from ..events import Reason, SockAddr
from ..unix import is_unix_text
from .base import Session


class UdpUnix(Session):
    """Mix-in of :class:`~.udp.UdpSession`: sending to a Unix datagram socket."""

    _sock: socket.socket | None
    auto_bind: tuple[str, int] | None
    _udp_socket: Any
    _attach: Any

    def _unix_socket(self) -> bool:
        sock = self._sock
        return sock is not None and sock.family == getattr(socket, "AF_UNIX", None)

    def _binds_unix(self) -> bool:
        """No socket yet, and the first send binds a Unix local address."""
        return self._sock is None and is_unix_text((self.auto_bind or ("", 0))[0])

    def _aprepare_unix(self, host: str, port: int, operation: str) -> SockAddr:
        """The destination of a sendto with a Unix socket, to a Unix address, or
        from a Unix local address."""
        if not is_unix_text(host):
            if self._sock is None:
                local = (self.auto_bind or ("", 0))[0]
                reason = (
                    f"the local address {local} is a Unix socket: it sends to Unix addresses "
                    f"(a path or @name), not to {host}; choose an IP local address"
                )
            else:
                reason = f"this socket is AF_UNIX: it sends to a Unix address, not to {host}"
                reason += "; close it first"
            raise self._fail(operation, SessionError("", reason))
        address = self._resolve(host, port, socket.SOCK_DGRAM, operation)
        sock = self._sock
        if sock is not None:
            if sock.family != socket.AF_UNIX:
                reason = f"this socket is {family_name(sock.family)}: close it to send to {host}"
                raise self._fail(operation, SessionError("", reason))
            return address
        local_host = (self.auto_bind or ("", 0))[0]
        folder = None
        if is_unix_text(local_host):
            local = self._resolve(local_host, 0, socket.SOCK_DGRAM, f"bind {local_host}")
        else:
            folder = tempfile.mkdtemp(prefix="socklab-")
            local = os.path.join(folder, "client.sock")
        sock = self._udp_socket(address)
        try:
            sock.bind(local)
        except OSError as exc:
            sock.close()
            if folder is not None:
                os.rmdir(folder)
            raise self._fail(
                f"bind {local}", self._bind_error(local, socket.SOCK_DGRAM, exc)
            ) from None
        self._own(sock, folder)
        self._trace(f"bind({addr_repr(local)})", bound_result(sock.getsockname()))
        self._attach(sock, Reason.AUTO_BIND)
        return address
