"""A saved packet: what to send, how it is typed, and where it goes.

A :class:`SavedPacket` keeps the payload as the user typed it (text, hex or
escapes, see :mod:`socklab.core.payload`) with its encoding, line ending,
checksum and template switch, so that sending it later gives the same bytes
the editor gave. Its :class:`Kind` says how it travels: UDP, TCP, TLS, or a
Unix stream or datagram socket. The destination is ``host:port`` (``[v6]:port``)
for UDP/TCP/TLS, ``/path`` or ``@name`` for Unix, or empty (send it where the
current tab sends).
"""

from __future__ import annotations

import dataclasses
import enum
import re
from typing import Any

from .. import checksums
from ..addresses import AddressError, parse_endpoint
from ..payload import ENCODINGS, LineEnding, Mode, PayloadError, encode
from ..template import SendCounter, Template, expand

__all__ = ["MAX_NAME", "Kind", "PacketError", "SavedPacket", "check_name"]

#: The longest name kept (characters).
MAX_NAME = 200


class PacketError(ValueError):
    """A packet's field is not valid; ``field`` names it (``name``, ``destination`` ...)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Kind(enum.Enum):
    """How a packet travels; ``.value`` is the word kept in the file."""

    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"
    UNIX = "unix"  # a Unix stream socket
    UNIX_DGRAM = "unix-dgram"  # a Unix datagram socket

    @property
    def is_unix(self) -> bool:
        return self in (Kind.UNIX, Kind.UNIX_DGRAM)

    @property
    def is_datagram(self) -> bool:
        return self in (Kind.UDP, Kind.UNIX_DGRAM)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Kind.UDP: "UDP",
    Kind.TCP: "TCP",
    Kind.TLS: "TLS",
    Kind.UNIX: "Unix stream",
    Kind.UNIX_DGRAM: "Unix datagram",
}


def check_name(name: str) -> str:
    """``name`` without surrounding spaces; PacketError if it is empty or too long."""
    if not isinstance(name, str):
        raise PacketError("name", "the name must be text")
    shown = name.strip()
    if not shown:
        raise PacketError("name", "the name is empty")
    if len(shown) > MAX_NAME:
        raise PacketError("name", f"the name is longer than {MAX_NAME} characters")
    if not shown.isprintable():
        raise PacketError("name", "the name holds a control character")
    return shown


def check_destination(kind: Kind, text: str) -> str:
    """The destination as kept ("" for none); PacketError if it does not suit ``kind``."""
    spec = text.strip()
    if not spec:
        return ""
    if kind.is_unix:
        if spec.lower().startswith("unix:"):
            spec = spec[5:]
        if not spec.startswith(("/", "@")) or len(spec) < 2 or "\0" in spec:
            raise PacketError(
                "destination", f"a Unix socket address is /path or @name, not {text!r}"
            )
        return spec
    if _plain_ipv4_endpoint(spec):
        return spec
    try:
        parse_endpoint(spec)
    except AddressError as exc:
        raise PacketError("destination", str(exc)) from None
    return spec


_IPV4_ENDPOINT = re.compile(r"(0|[1-9][0-9]{0,2})(?:\.(0|[1-9][0-9]{0,2})){3}:([1-9][0-9]{0,4})")


def _plain_ipv4_endpoint(spec: str) -> bool:
    """``spec`` is an IPv4 address and a port written plainly (``10.0.0.5:502``):
    the common case, checked without the full parser (a library of thousands loads fast)."""
    if not _IPV4_ENDPOINT.fullmatch(spec):
        return False
    host, _, port = spec.rpartition(":")
    return all(int(octet) <= 255 for octet in host.split(".")) and int(port) <= 65535


@dataclasses.dataclass(frozen=True, slots=True)
class SavedPacket:
    """One saved packet (immutable: the store replaces it to change it)."""

    name: str
    kind: Kind = Kind.UDP
    destination: str = ""
    payload: str = ""
    mode: Mode = Mode.TEXT
    encoding: str = "utf-8"
    line_ending: LineEnding = LineEnding.NONE
    group: str = ""
    checksum: str = ""  # a name of checksums.CHECKSUMS, "" for none
    template: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_name(self.name))
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "mode", Mode(self.mode))
        object.__setattr__(self, "line_ending", LineEnding(self.line_ending))
        object.__setattr__(self, "group", str(self.group).strip())
        object.__setattr__(self, "destination", check_destination(self.kind, self.destination))
        if self.encoding not in ENCODINGS:
            raise PacketError("encoding", f"unknown encoding {self.encoding!r}")
        if self.checksum and self.checksum not in checksums.CHECKSUMS:
            raise PacketError("checksum", f"unknown checksum {self.checksum!r}")
        if not isinstance(self.payload, str):
            raise PacketError("payload", "the payload must be text")

    def replace(self, **changes: Any) -> SavedPacket:
        """A copy with ``changes`` (checked as a new packet is)."""
        return dataclasses.replace(self, **changes)

    def encode(self, counter: int = 1) -> bytes:
        """The bytes one send of this packet gives (template fields expanded
        with ``counter``; the checksum appended). Raises PayloadError."""

        def encoder(text: str) -> bytes:
            return encode(text, self.mode, self.encoding, self.line_ending)

        if self.template:
            parsed = Template.parse(self.payload)
            body = expand(parsed, counter, encoder, hex_mode=self.mode is Mode.HEX)
        else:
            body = encoder(self.payload)
        return checksums.append(body, self.checksum or None)

    def check_payload(self) -> None:
        """PayloadError (with its position) if the payload cannot be sent."""
        self.encode(SendCounter().peek())

    def payload_error(self) -> str:
        """Why the payload cannot be sent, or ""."""
        try:
            self.check_payload()
        except PayloadError as exc:
            return str(exc)
        return ""

    # -- the file's form ---------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The packet as kept in the JSON file (plain values, readable)."""
        return {
            "name": self.name,
            "kind": self.kind.value,
            "destination": self.destination,
            "payload": self.payload,
            "mode": self.mode.value,
            "encoding": self.encoding,
            "line_ending": self.line_ending.name.lower(),
            "group": self.group,
            "checksum": self.checksum,
            "template": self.template,
        }

    @classmethod
    def from_dict(cls, data: object) -> SavedPacket:
        """A packet from its JSON form; PacketError naming the bad field."""
        if not isinstance(data, dict):
            raise PacketError("", "a packet is a JSON object")
        values: dict[str, Any] = {}
        for key in ("name", "destination", "payload", "encoding", "group", "checksum"):
            if key in data:
                if not isinstance(data[key], str):
                    raise PacketError(key, f"{key} must be text")
                values[key] = data[key]
        if "name" not in values:
            raise PacketError("name", "the packet has no name")
        values["kind"] = _choice(data, "kind", Kind, Kind.UDP)
        values["mode"] = _choice(data, "mode", Mode, Mode.TEXT)
        ending = data.get("line_ending", "none")
        if not isinstance(ending, str) or ending.upper() not in LineEnding.__members__:
            raise PacketError("line_ending", f"line_ending is none, lf or crlf, not {ending!r}")
        values["line_ending"] = LineEnding[ending.upper()]
        flag = data.get("template", False)
        if not isinstance(flag, bool):
            raise PacketError("template", "template is true or false")
        values["template"] = flag
        return cls(**values)


def _choice(data: dict[str, Any], key: str, kinds: type[enum.Enum], default: enum.Enum) -> Any:
    value = data.get(key, default.value)
    try:
        return kinds(value)
    except ValueError:
        words = ", ".join(str(k.value) for k in kinds)
        raise PacketError(key, f"{key} is one of {words}, not {value!r}") from None
