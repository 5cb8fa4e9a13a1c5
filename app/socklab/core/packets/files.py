"""Reading a file of packets to import: a SockLab packet file (JSON), Packet
Sender's JSON export, or Packet Sender's packets.ini; which one is found from
what the file holds."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..files.paths import checked_path
from . import packet_sender
from .packet import SavedPacket
from .store import StoreError, parse_packets_json

__all__ = ["read_packet_file"]

#: Larger files are refused (a library of 100,000 packets is ~25 MB).
MAX_FILE = 256 * 1024 * 1024


def read_packet_file(
    path: str | os.PathLike[str],
) -> tuple[list[SavedPacket], list[tuple[str, str]], str]:
    """The packets in ``path``, those that could not be read (``(name, reason)``)
    and the file's kind in words. OSError if it cannot be read, ValueError (a
    sentence saying why) if it is no file of packets."""
    file = Path(checked_path(path))
    if file.is_dir():
        raise ValueError(f"{file} is a directory")
    if file.stat().st_size > MAX_FILE:
        raise ValueError(f"{file} is larger than {MAX_FILE >> 20} MiB")
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{file} is not UTF-8 text (byte {exc.start + 1})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if "[NAMES]" in text or file.suffix.lower() == ".ini":
            try:
                packets, skipped = packet_sender.from_ini(text)
            except ValueError as ini_error:
                raise ValueError(f"{file}: {ini_error}") from None
            return packets, skipped, "Packet Sender packets.ini"
        where = f"line {exc.lineno}, column {exc.colno}"
        raise ValueError(
            f"{file} is neither JSON ({exc.msg} at {where}) nor a Packet Sender packets.ini"
        ) from None
    if isinstance(document, list):
        packets, skipped = packet_sender.from_json(document)
        return packets, skipped, "Packet Sender JSON export"
    try:
        packets, skipped = parse_packets_json(document)
    except StoreError as exc:
        raise ValueError(f"{file}: {exc}") from None
    return packets, skipped, "SockLab packet file"
