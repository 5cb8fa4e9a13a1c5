"""What a script does differently for a Unix domain socket (AF_UNIX): the
address is a path (``"/tmp/s.sock"``) or an abstract name (``"\\0name"``,
Linux), a bound path is a file to remove after ``close()``, and a datagram
socket that wants replies binds a path of its own.
"""

from __future__ import annotations

from socklab.core import is_unix_text
from socklab.teaching.catalogue import QT_TRANSLATE_NOOP
from socklab.teaching.codegen.builder import Script, quoted

PHRASES: dict[str, str] = {
    "bind_unix": QT_TRANSLATE_NOOP(
        "Codegen", "bind: create the socket file at this path (it must not exist yet)."
    ),
    "bind_abstract": QT_TRANSLATE_NOOP(
        "Codegen", 'bind: an abstract name (Linux only): "\\0" first, and no file is made.'
    ),
    "bind_own_path": QT_TRANSLATE_NOOP(
        "Codegen",
        "A Unix datagram socket gets replies only with an address of its own:\n"
        "bind a path in a new temporary folder (both removed at the end).",
    ),
    "unlink": QT_TRANSLATE_NOOP(
        "Codegen", "The socket file stays after close(): remove it (SockLab does too)."
    ),
}


def is_unix(host: str | None) -> bool:
    """True for a Unix address: ``/path``, ``@name`` or ``unix:...``."""
    return bool(host) and is_unix_text(host or "")


def _spec(host: str) -> str:
    text = host.strip()
    return text[5:] if text.lower().startswith("unix:") else text


def is_path(host: str | None) -> bool:
    """True for a Unix address that is a file (not an abstract name)."""
    return is_unix(host) and not _spec(host or "").startswith("@")


def unix_literal(host: str) -> str:
    """``"/tmp/s.sock"``, or ``"\\0name"`` for ``@name``."""
    spec = _spec(host)
    if not spec.startswith("@"):
        return quoted(spec)
    name = quoted(spec[1:])
    if name[1:2].isdigit():  # "\0" then a digit would read as an octal escape
        return quoted("\0" + spec[1:])
    return f"{name[0]}\\0{name[1:]}"


def write_bind(script: Script, sock: str, host: str, indent: int = 0) -> None:
    """``sock.bind("/tmp/s.sock")`` with its comment."""
    script.comment("bind_unix" if is_path(host) else "bind_abstract", indent)
    script.code(f"{sock}.bind({unix_literal(host)})", indent=indent)


def write_own_path(script: Script, sock: str) -> None:
    """Bind ``sock`` to a path in a new temporary folder (needs os and tempfile)."""
    script.comment("bind_own_path")
    script.code("folder = tempfile.mkdtemp()", f'{sock}.bind(os.path.join(folder, "client.sock"))')


def write_unlink(script: Script, path: str, *, folder: bool = False) -> None:
    """Remove the socket file ``path`` (an expression) after close (needs os)."""
    script.comment("unlink")
    script.code(f"os.unlink({path})")
    if folder:
        script.code("os.rmdir(folder)")
