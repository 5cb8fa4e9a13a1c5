"""The machinery every script shares: lines, comments, indentation, literals, pieces.

A kind's module (:mod:`.udp`, :mod:`.broadcast`, :mod:`.tcp_client`,
:mod:`.tcp_server`) builds its script with a :class:`Script`: ``comment(key)``
writes a phrase of the kind's table (or of :data:`PHRASES`, the shared one) as
``#`` lines in the script's language, ``code(...)`` writes lines of Python,
``blank()`` ends a paragraph. The phrases are English, marked for translation in
the ``"Codegen"`` context (see :mod:`socklab.teaching.catalogue`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from socklab.core import PayloadError, codec_name, is_ipv6, is_unix_text
from socklab.teaching.catalogue import QT_TRANSLATE_NOOP, translated

#: The translation context of every phrase of a generated script.
CONTEXT = "Codegen"

# Phrases more than one kind of script uses. "\n" splits a comment into lines.
# What the scripts print is written with doubled braces: it becomes an f-string.
PHRASES: dict[str, str] = {
    "AF_INET": QT_TRANSLATE_NOOP("Codegen", "AF_INET for IPv4"),
    "AF_INET6": QT_TRANSLATE_NOOP("Codegen", "AF_INET6 for IPv6"),
    "AF_UNIX": QT_TRANSLATE_NOOP(
        "Codegen", "AF_UNIX for a Unix domain socket (a path on this machine, or @name)"
    ),
    "tcp_socket": QT_TRANSLATE_NOOP(
        "Codegen", "Create a TCP socket: SOCK_STREAM (a byte stream), {family}."
    ),
    "reuse": QT_TRANSLATE_NOOP(
        "Codegen",
        "SO_REUSEADDR: allow binding this port again at once\n"
        "(even while an old connection on it is in TIME_WAIT).",
    ),
    "bind": QT_TRANSLATE_NOOP("Codegen", "bind: receive on this local address and port."),
    "bind_any_port": QT_TRANSLATE_NOOP(
        "Codegen", "bind: port 0 means the system chooses a free port."
    ),
    "bind_wildcard": QT_TRANSLATE_NOOP("Codegen", "{host} means every address of this machine."),
    "v6only_off": QT_TRANSLATE_NOOP(
        "Codegen",
        "IPV6_V6ONLY 0: dual stack, this IPv6 socket takes IPv4 too\n"
        "(an IPv4 peer's address reads ::ffff:127.0.0.1).",
    ),
    "v6only_on": QT_TRANSLATE_NOOP(
        "Codegen", "IPV6_V6ONLY 1: this IPv6 socket takes IPv6 only, no IPv4 peers."
    ),
    "scope": QT_TRANSLATE_NOOP(
        "Codegen",
        "After % comes the scope: the interface ({scope}) the link-local address is on.",
    ),
    "broadcast_name": QT_TRANSLATE_NOOP(
        "Codegen",
        '"<broadcast>" is Python\'s name for 255.255.255.255 (it needs SO_BROADCAST).',
    ),
    "v4_mapped": QT_TRANSLATE_NOOP(
        "Codegen", "An IPv6 socket reaches the IPv4 address {host} as ::ffff:{host}."
    ),
    "message_text": QT_TRANSLATE_NOOP(
        "Codegen", "The message, and its bytes in {encoding}: sockets send bytes, not text."
    ),
    "message_bytes": QT_TRANSLATE_NOOP("Codegen", "The bytes to send."),
    "repeat": QT_TRANSLATE_NOOP("Codegen", "Send {count} times, {interval} s apart."),
    "count": QT_TRANSLATE_NOOP("Codegen", "How many to wait for (command line); 0 means no limit."),
    "decode": QT_TRANSLATE_NOOP("Codegen", "Decode the bytes as {encoding} to show them as text."),
    "close": QT_TRANSLATE_NOOP("Codegen", "close: release the socket."),
    "recv": QT_TRANSLATE_NOOP(
        "Codegen",
        "recv({size}): up to {size} bytes of whatever has arrived. TCP is a stream:\n"
        "one send may arrive in pieces, and several sends may arrive together.",
    ),
    "server_closed": QT_TRANSLATE_NOOP(
        "Codegen", "b'' means the other side closed the connection."
    ),
    "p_received_from": QT_TRANSLATE_NOOP(
        "Codegen", "received {{len(data)}} bytes from {{address}}: {{{shown}!r}}"
    ),
}


class Script:
    """Collects a script's lines; phrases (``phrases`` or :data:`PHRASES`) come
    in ``language``."""

    def __init__(self, language: str, phrases: Mapping[str, str]) -> None:
        self.language = language
        self.phrases = {**PHRASES, **phrases}
        self.lines: list[str] = []

    def say(self, key: str, **values: object) -> str:
        return translated(CONTEXT, self.phrases[key], self.language).format(**values)

    def comment(self, key: str, indent: int = 0, **values: object) -> None:
        pad = "    " * indent
        self.lines += [f"{pad}# {line}" for line in self.say(key, **values).split("\n")]

    def code(self, *lines: str, indent: int = 0) -> None:
        pad = "    " * indent
        self.lines += [f"{pad}{line}" if line else "" for line in lines]

    def blank(self, count: int = 1) -> None:
        """End a paragraph with ``count`` empty lines (never more)."""
        while self.lines and self.lines[-count:] != [""] * count:
            self.lines.append("")

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


# ------------------------------------------------------------------ literals


def quoted(value: str | bytes) -> str:
    """A literal for ``value``, in double quotes where repr() would use single ones."""
    text = repr(value)
    prefix = "b" if isinstance(value, bytes) else ""
    body = text[len(prefix) :]
    if body.startswith("'") and '"' not in body:
        body = f'"{body[1:-1]}"'
    return prefix + body


def expression(value: str | bytes) -> str:
    """A literal, or a short expression (``"ab" * 500``, ``"x" * 1000 + "y"``) for a
    long repetitive value."""
    size = len(value)
    if size <= 256:
        return quoted(value)
    for period in range(1, 65):
        unit = value[:period]
        times, rest = divmod(size, period)
        if unit * times + value[:rest] == value:
            expr = f"{quoted(unit)} * {times}"
            return f"{expr} + {quoted(value[:rest])}" if rest else expr
    pieces: list[str] = []
    start = index = 0
    while index < size:
        end = index + 1
        while end < size and value[end] == value[index]:
            end += 1
        if end - index >= 16:
            if start < index:
                pieces.append(quoted(value[start:index]))
            pieces.append(f"{quoted(value[index : index + 1])} * {end - index}")
            start = end
        index = end
    if start < size:
        pieces.append(quoted(value[start:]))
    return " + ".join(pieces) if len(pieces) <= 8 else quoted(value)


def codec_for(encoding: str) -> str:
    """The codec name to write into the script (SockLab's "utf-16" is UTF-16LE)."""
    try:
        return codec_name(encoding)
    except PayloadError:
        return "utf-8"


def as_text(data: bytes, codec: str) -> str | None:
    """``data`` as text in ``codec`` if it decodes, re-encodes to the same bytes and
    is readable (no control characters except tab and line endings)."""
    try:
        text = data.decode(codec)
        if text.encode(codec) != data:
            return None
    except UnicodeError:
        return None
    for char in text:
        if char not in "\t\r\n" and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return None
    return text


def bytes_expression(data: bytes, codec: str) -> str:
    """``b"exit"`` for printable ASCII, ``"已收到".encode("gbk")`` for text, else bytes."""
    if data.isascii() and as_text(data, "ascii") is not None:
        return expression(data)
    text = as_text(data, codec)
    if text is not None:
        return f"{expression(text)}.encode({quoted(codec)})"
    return expression(data)


def as_bytes(value: bytes | str | None, codec: str) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    return value.encode(codec, errors="replace")


def bare_host(host: str | None) -> str:
    text = (host or "").strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return text


def family_of(host: str) -> str:
    if is_unix_text(host):
        return "AF_UNIX"
    return "AF_INET6" if is_ipv6(host) else "AF_INET"


def wildcard_of(family: str) -> str:
    return "::" if family == "AF_INET6" else "0.0.0.0"


def address_literal(host: str, port: int) -> str:
    """``("127.0.0.1", 8080)``; a Unix address as its string (no port)."""
    if is_unix_text(host):
        from socklab.teaching.codegen.unix import unix_literal  # it imports this module

        return unix_literal(host)
    return f"({quoted(host)}, {int(port)})"


def write_ipv6_only(script: Script, sock: str, on: bool) -> None:
    """``setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0 or 1)`` for a socket bound on IPv6."""
    script.comment("v6only_on" if on else "v6only_off")
    script.code(f"{sock}.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, {int(on)})")


def write_bind_notes(script: Script, host: str, port: int, indent: int = 0) -> None:
    """The comments above a ``bind``: port 0, every interface (``""`` too), a scope."""
    script.comment("bind_any_port" if port == 0 else "bind", indent)
    if host in ("", "0.0.0.0", "::"):
        script.comment("bind_wildcard", indent, host=host or quoted(host))
    write_address_notes(script, host, indent)


def write_address_notes(script: Script, host: str, indent: int = 0) -> None:
    """What a reader may not know of ``host``: ``<broadcast>``, a link-local scope."""
    if host == "<broadcast>":
        script.comment("broadcast_name", indent)
    elif "%" in host:
        script.comment("scope", indent, scope=host.split("%", 1)[1])


def seconds(value: float) -> str:
    return f"{value:g}"


# ------------------------------------------------------------------ pieces


def write_payload(script: Script, payload: bytes, codec: str, indent: int = 0) -> None:
    """``message = "..."`` + ``data = message.encode(...)``, or ``data = b"..."``."""
    text = as_text(payload, codec)
    if text is not None:
        script.comment("message_text", indent, encoding=codec.upper())
        script.code(
            f"message = {expression(text)}",
            f"data = message.encode({quoted(codec)})",
            indent=indent,
        )
    else:
        script.comment("message_bytes", indent)
        script.code(f"data = {expression(payload)}", indent=indent)


def write_shown(script: Script, codec: str, show_bytes: bool, indent: int) -> str:
    """Lines that turn ``data`` into what is printed; returns the name printed."""
    if show_bytes:
        return "data"
    script.comment("decode", indent, encoding=codec.upper())
    script.code(f'text = data.decode({quoted(codec)}, errors="replace")', indent=indent)
    return "text"


def print_line(script: Script, key: str, indent: int = 0, **values: object) -> None:
    script.code(f'print(f"{script.say(key, **values)}")', indent=indent)


def count_argument(script: Script, key: str = "count") -> None:
    script.comment(key)
    script.code("count = int(sys.argv[1]) if len(sys.argv) > 1 else 0")


def import_lines(*names: str) -> list[str]:
    return [f"import {name}" for name in sorted(set(names))]
