"""Unix domain socket addresses (AF_UNIX): parsing, display, stale files, peers.

A Unix address is typed where a host goes: a path (``/tmp/demo.sock``) or, on
Linux, an abstract name (``@demo``, which the socket module writes
``"\\0demo"``); ``unix:`` in front of either is accepted too. The port is then
not used. Every parser raises :class:`~.addresses.AddressError` with a sentence
the GUI can show at its field.

Paths that SockLab binds are :class:`OwnedPath`: removed when the socket closes,
only if the file is still the one it made. A file it did not make is never
removed silently: :func:`remove_stale` first proves nothing listens on it.
"""

from __future__ import annotations

import os
import socket
import stat
import struct
import sys
from dataclasses import dataclass

from .addresses import AddressError

__all__ = [
    "ABSTRACT_OK",
    "MAX_PATH_BYTES",
    "Credentials",
    "OwnedPath",
    "StaleFileError",
    "in_use_reason",
    "is_stale",
    "is_unix_address",
    "is_unix_text",
    "parse_unix",
    "peer_credentials",
    "remove_stale",
    "unix_display",
    "unix_sockaddr",
]

#: sun_path holds 108 bytes, the last one the terminating NUL.
MAX_PATH_BYTES = 107
#: Abstract names (Linux only).
ABSTRACT_OK = sys.platform.startswith("linux")
AF_UNIX = getattr(socket, "AF_UNIX", None)
_PREFIX = "unix:"


def is_unix_text(text: str) -> bool:
    """True if ``text`` is meant as a Unix address: ``/path``, ``@name``, ``unix:...``."""
    spec = text.strip()
    return spec.startswith(("/", "@")) or spec.lower().startswith(_PREFIX)


def is_unix_address(addr: object) -> bool:
    """True for a socket address of AF_UNIX as the socket module gives it (str/bytes)."""
    return isinstance(addr, (str, bytes, bytearray))


def parse_unix(text: str) -> str:
    """``"unix:/tmp/s.sock"`` -> ``"/tmp/s.sock"``, ``"@demo"`` -> ``"@demo"``.

    Refuses a NUL in the path, a path longer than sun_path holds, a path whose
    directory does not exist, and abstract names off Linux.
    """
    spec = text.strip()
    if spec.lower().startswith(_PREFIX):
        spec = spec[len(_PREFIX) :]
    if AF_UNIX is None:
        raise AddressError("Unix domain sockets are not available on this system")
    if not spec:
        raise AddressError("the Unix socket path is empty (write /path/to.sock or @name)")
    if "\0" in spec:
        raise AddressError("a Unix socket path cannot contain a NUL character (\\0)")
    if spec.startswith("@"):
        name = spec[1:]
        if not ABSTRACT_OK:
            raise AddressError(
                f"abstract names ({spec!r}) exist only on Linux: write a path such as "
                "/tmp/demo.sock"
            )
        if not name:
            raise AddressError("the abstract name after '@' is empty")
        size = len(os.fsencode(name))
        if size > MAX_PATH_BYTES:
            raise AddressError(
                f"the abstract name is {size} bytes: it may hold at most {MAX_PATH_BYTES} "
                "(sun_path)"
            )
        return spec
    size = len(os.fsencode(spec))
    if size > MAX_PATH_BYTES:
        raise AddressError(
            f"the path is {size} bytes: a Unix socket path may hold at most {MAX_PATH_BYTES} "
            "(sun_path); choose a shorter one"
        )
    if spec.endswith("/"):
        raise AddressError(f"{spec!r} names a directory: add the socket's file name")
    folder = os.path.dirname(spec) or "."
    if not os.path.isdir(folder):
        raise AddressError(f"the directory {folder!r} does not exist")
    if os.path.isdir(spec):
        raise AddressError(f"{spec!r} is a directory: add the socket's file name")
    return spec


def unix_sockaddr(text: str) -> str:
    """The socket module's address for a parsed Unix address (``"\\0name"`` for ``@name``)."""
    spec = parse_unix(text)
    return "\0" + spec[1:] if spec.startswith("@") else spec


def _printable(text: str) -> str:
    """Control characters escaped (a peer's name is hostile)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def unix_display(addr: str | bytes | bytearray) -> str:
    """``/tmp/s.sock``, ``@name`` (abstract) or ``unnamed`` (an unbound peer)."""
    text = os.fsdecode(bytes(addr)) if isinstance(addr, (bytes, bytearray)) else addr
    if not text:
        return "unnamed"
    if text.startswith("\0"):
        return "@" + _printable(text[1:])
    return _printable(text)


# ------------------------------------------------------------- peer credentials


@dataclass(frozen=True, slots=True)
class Credentials:
    """A Unix peer's process as the kernel saw it at connect (SO_PEERCRED)."""

    pid: int
    uid: int
    gid: int

    def __str__(self) -> str:
        return f"pid {self.pid}, uid {self.uid}, gid {self.gid}"


def peer_credentials(sock: socket.socket | None) -> Credentials | None:
    """SO_PEERCRED of a connected Unix stream socket; None where there is none."""
    option = getattr(socket, "SO_PEERCRED", None)
    if sock is None or option is None or sock.family != AF_UNIX:
        return None
    try:
        raw = sock.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    except OSError:
        return None
    return Credentials(*struct.unpack("3i", raw))


# ---------------------------------------------------------------- paths on disk


class StaleFileError(Exception):
    """A path is not a stale socket file (something listens, or it is no socket)."""


def _socket_file(path: str) -> bool:
    """True if ``path`` is a socket file; False if nothing is there. Raises
    StaleFileError for another kind of file (never ours to remove)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    if not stat.S_ISSOCK(mode):
        raise StaleFileError(f"{path} is not a socket file: SockLab does not remove it")
    return True


def is_stale(path: str, kind: int = socket.SOCK_STREAM) -> bool:
    """True if ``path`` is a socket file nothing listens on: a connect is refused.

    A busy listener (EAGAIN) or one of the other type (EPROTOTYPE) is alive.
    """
    if path.startswith(("@", "\0")) or not _socket_file(path):
        return False
    probe = socket.socket(AF_UNIX, kind)
    probe.setblocking(False)
    try:
        probe.connect(path)
    except ConnectionRefusedError:
        return True
    except OSError:
        return False
    finally:
        probe.close()
    return False


def remove_stale(path: str, kind: int = socket.SOCK_STREAM) -> None:
    """Remove ``path`` after proving it is a stale socket file (see :func:`is_stale`)."""
    if not is_stale(path, kind):
        if not _socket_file(path):
            return  # already gone: nothing to remove
        raise StaleFileError(f"a program is listening on {path}: it is not stale, kept")
    os.unlink(path)


def in_use_reason(path: str, kind: int) -> str:
    """Why binding the path failed with EADDRINUSE, in words with the way out."""
    if path.startswith("\0"):
        return f"address already in use: another socket holds the abstract name @{path[1:]}"
    try:
        stale = is_stale(path, kind)
    except StaleFileError:
        return f"address already in use: {path} exists and is not a socket; choose another path"
    datagram = kind == socket.SOCK_DGRAM
    if stale:
        button = (
            "Remove the stale file and bind" if datagram else "Remove the stale file and listen"
        )
        return (
            f"address already in use: the file {path} exists but nothing "
            f"{'is bound to' if datagram else 'listens on'} it — a stale file left by a program "
            f"that ended without removing it; remove it ('{button}' in the window, "
            "--remove-stale on the command line: both check first)"
        )
    if datagram:
        return f"address already in use: a program's datagram socket is bound to {path}"
    return f"address already in use: a program is listening on {path}"


@dataclass(frozen=True, slots=True)
class OwnedPath:
    """A socket file SockLab made by bind(); :meth:`remove` deletes only that file."""

    path: str
    device: int
    inode: int

    @classmethod
    def after_bind(cls, address: object) -> OwnedPath | None:
        """The file a successful bind to ``address`` made (None: no file, e.g. abstract)."""
        if not isinstance(address, str) or not address or address.startswith("\0"):
            return None
        try:
            info = os.lstat(address)
        except OSError:
            return None
        return cls(address, info.st_dev, info.st_ino)

    def remove(self) -> bool:
        """Unlink the file if it is still the one bind() made; True if removed."""
        try:
            info = os.lstat(self.path)
            if (info.st_dev, info.st_ino) != (self.device, self.inode):
                return False
            os.unlink(self.path)
        except OSError:
            return False
        return True
