"""Turning socket failures into sentences a person can act on.

``SessionError`` is what every session operation raises; its text names the
operation and the system's reason: ``connect to 127.0.0.1:9: connection refused``.
"""

from __future__ import annotations

import errno as errno_module
import os
import socket

from .events import Failed
from .tls.failures import tls_failure

# Plain reasons for the errors people meet most; the rest use the system's text.
_REASONS = {
    "EADDRINUSE": "address already in use",
    "EADDRNOTAVAIL": "address not available on this machine",
    "EACCES": "permission denied",
    "EPERM": "operation not permitted",
    "ECONNREFUSED": "connection refused",
    "ECONNRESET": "connection reset by peer",
    "ECONNABORTED": "connection aborted",
    "ETIMEDOUT": "timed out",
    "EHOSTUNREACH": "host unreachable",
    "ENETUNREACH": "network unreachable",
    "EMSGSIZE": "message too long",
    "EPIPE": "broken pipe (the peer has closed the connection)",
    "ENOTCONN": "not connected",
    "EAFNOSUPPORT": "address family not supported",
    "EINVAL": "invalid argument",
    "EMFILE": "too many open files",
}


class SessionError(Exception):
    """An operation on a session failed.

    ``operation`` is what was tried, ``reason`` the plain cause, ``errno_name``
    the system's code where there was one.
    """

    def __init__(
        self, operation: str, reason: str, errno_name: str = "", errno: int | None = None
    ) -> None:
        super().__init__(operation, reason)
        self.operation = operation
        self.reason = reason
        self.errno_name = errno_name
        self.errno = errno

    def __str__(self) -> str:
        return f"{self.operation}: {self.reason}" if self.operation else self.reason

    def to_event(self, peer_id: int | None = None) -> Failed:
        """The log record of this failure."""
        return Failed(
            operation=self.operation,
            message=str(self),
            errno_name=self.errno_name,
            errno=self.errno,
            peer_id=peer_id,
        )


def errno_name(code: int | None) -> str:
    """``111`` -> ``"ECONNREFUSED"``; Windows socket codes -> ``"WSAE..."``; empty if unknown."""
    if code is None:
        return ""
    return errno_module.errorcode.get(code, "")


def reason_for(exc: BaseException) -> tuple[str, str, int | None]:
    """(plain reason, errno name, errno) for any exception a socket call raises."""
    if isinstance(exc, TimeoutError) and exc.errno is None:
        return "timed out", "ETIMEDOUT", errno_module.ETIMEDOUT
    tls = tls_failure(exc)  # before OSError: an SSLError's errno is OpenSSL's, not the system's
    if tls is not None:
        return tls[0], tls[1], None
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve host name ({exc.strerror})", "EAI", exc.errno
    if isinstance(exc, OSError) and exc.errno is not None:
        name = errno_name(exc.errno)
        text = _REASONS.get(name) or (exc.strerror or os.strerror(exc.errno)).lower()
        return text, name, exc.errno
    return str(exc) or type(exc).__name__, "", None


def session_error(operation: str, exc: BaseException) -> SessionError:
    """Wrap a socket exception raised while doing ``operation``."""
    if isinstance(exc, SessionError):
        if operation and not exc.operation:  # keep what was tried: "send: not connected"
            return SessionError(operation, exc.reason, exc.errno_name, exc.errno)
        return exc
    reason, name, code = reason_for(exc)
    if name == "EADDRINUSE" and ":" in operation:
        port = operation.rsplit(":", 1)[-1]
        if port.isdigit():
            reason = f"port {port} is already in use"
    return SessionError(operation, reason, name, code)
