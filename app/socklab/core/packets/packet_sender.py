"""Packet Sender's saved packets: its ``packets.ini`` and its JSON export, read
into :class:`~.packet.SavedPacket`.

``packets.ini`` is a QSettings INI file: ``[NAMES]`` lists the names
(``1\\name=...``, ``size=N``) and each packet is a section of its name with
``toIP``, ``port``, ``tcpOrUdp`` (UDP, TCP, SSL, DTLS, HTTP ...) and
``hexString`` (the payload as hex digits). The JSON export is a list of
objects with the same fields in lower case (``toip``, ``tcporudp``,
``hexstring``; numbers as text).

The payload becomes text when the bytes are UTF-8 text, text with escapes
when they hold a few control characters, and hex otherwise; each gives back
the same bytes. Packets SockLab cannot send (HTTP, DTLS) are skipped, with
the reason.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..addresses import AddressError, parse_host
from ..display import to_hex, to_text
from ..payload import Mode, encode
from .packet import Kind, PacketError, SavedPacket
from .qsettings_ini import IniValue, read_ini

__all__ = ["from_ini", "from_json", "hex_to_bytes", "packet_from_fields", "payload_for"]

#: The group the packets of an import from Packet Sender go into.
GROUP = "Packet Sender"


def hex_to_bytes(text: str) -> bytes:
    """Packet Sender's hexString -> bytes as it sends them (QByteArray::fromHex:
    characters that are not hex digits are skipped; an odd digit count leaves
    the first digit alone as a byte)."""
    digits = [c for c in text if c in "0123456789abcdefABCDEF"]
    out = bytearray()
    # fromHex pairs digits from the end: an odd count leaves the first one alone.
    if len(digits) % 2:
        out.append(int(digits[0], 16))
        digits = digits[1:]
    for i in range(0, len(digits), 2):
        out.append(int(digits[i] + digits[i + 1], 16))
    return bytes(out)


def payload_for(data: bytes) -> tuple[str, Mode]:
    """How ``data`` is kept: plain UTF-8 text, text with escapes, or hex digits."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return to_hex(data), Mode.HEX
    if text.isprintable() and "\\" not in text:
        return text, Mode.TEXT
    others = sum(1 for char in text if not char.isprintable() and char not in "\r\n\t")
    if others * 4 <= len(text):  # mostly text: line ends and a few others as escapes
        escaped = to_text(data, "utf-8")
        if encode(escaped, Mode.ESCAPES) == data:
            return escaped, Mode.ESCAPES
    return to_hex(data), Mode.HEX


def _kind(word: str) -> Kind | None:
    """Packet Sender's tcpOrUdp -> a kind (None: one SockLab does not send)."""
    low = word.strip().lower()
    if "http" in low or "dtls" in low:
        return None
    if "ssl" in low:
        return Kind.TLS
    if low == "udp":
        return Kind.UDP
    if "tcp" in low:
        return Kind.TCP
    return None


def _destination(host: str, port: str) -> str:
    """``host:port`` (``[v6]:port``), or "" when either is missing or 0."""
    host = host.strip()
    try:
        number = int(float(port.strip() or "0"))
    except ValueError:
        return ""
    if not host or not 0 < number < 65536:
        return ""
    try:
        parsed = parse_host(host)
    except AddressError:
        return f"{host}:{number}"  # said by the packet's own check
    return f"[{parsed}]:{number}" if ":" in parsed else f"{host}:{number}"


def packet_from_fields(fields: Mapping[str, str]) -> SavedPacket:
    """One Packet Sender packet (its fields by lower-case name) -> a SavedPacket;
    PacketError saying why it cannot be."""
    name = fields.get("name", "")
    word = fields.get("tcporudp", "") or "TCP"  # Packet Sender's default
    kind = _kind(word)
    if kind is None:
        raise PacketError("kind", f"{word.strip()} packets are not something SockLab sends")
    text, mode = payload_for(hex_to_bytes(fields.get("hexstring", "")))
    destination = _destination(fields.get("toip", ""), fields.get("port", ""))
    return SavedPacket(
        name=name, kind=kind, destination=destination, payload=text, mode=mode, group=GROUP
    )


def _text(value: IniValue | object) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)  # a comma Qt read as a list
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return "" if value is None else str(value)


def from_ini(text: str) -> tuple[list[SavedPacket], list[tuple[str, str]]]:
    """The packets of a packets.ini file's text, in its order, and those skipped
    (``(name, reason)``). ValueError if it holds no ``[NAMES]`` list."""
    values = read_ini(text)
    size_text = _text(values.get("NAMES/size", ""))
    if not size_text.strip().isdigit():
        raise ValueError("not a Packet Sender packets.ini: it has no [NAMES] list")
    packets: list[SavedPacket] = []
    skipped: list[tuple[str, str]] = []
    for number in range(1, int(size_text) + 1):
        name = _text(values.get(f"NAMES/{number}/name", ""))
        if not any(key.startswith(f"{name}/") for key in values):
            skipped.append((name or f"entry {number}", "listed in [NAMES] but not in the file"))
            continue
        fields = {
            key.lower(): _text(values.get(f"{name}/{key}", ""))
            for key in ("name", "toIP", "port", "tcpOrUdp", "hexString")
        }
        fields["name"] = fields["name"] or name
        _add(fields, packets, skipped)
    return packets, skipped


def from_json(document: object) -> tuple[list[SavedPacket], list[tuple[str, str]]]:
    """The packets of Packet Sender's JSON export (a parsed list of objects)."""
    if not isinstance(document, list):
        raise ValueError("not a Packet Sender export: it is not a JSON list")
    packets: list[SavedPacket] = []
    skipped: list[tuple[str, str]] = []
    for number, entry in enumerate(document, 1):
        if not isinstance(entry, dict):
            skipped.append((f"entry {number}", "not a JSON object"))
            continue
        fields = {str(key).lower(): _text(value) for key, value in entry.items()}
        _add(fields, packets, skipped)
    return packets, skipped


def _add(
    fields: dict[str, str], packets: list[SavedPacket], skipped: list[tuple[str, str]]
) -> None:
    try:
        packets.append(packet_from_fields(fields))
    except PacketError as exc:
        skipped.append((fields.get("name", "") or "(no name)", str(exc)))
