"""Checksums appended to outgoing payloads and checked on received data.

A table of algorithms by name (:data:`CHECKSUMS`): :func:`append` adds one to a
payload as it goes on the wire, :func:`verify` says whether the end of
received bytes is the checksum of the bytes before it.

Byte order on the wire: CRC-16/MODBUS little-endian (low byte first, as Modbus
RTU sends it); CRC-16/CCITT-FALSE and CRC-32 big-endian (network order); sum8,
xor8 and LRC are one byte. CRC-16/MODBUS comes from the ``crc`` library,
CRC-16/CCITT-FALSE from :func:`binascii.crc_hqx` and CRC-32 from
:func:`zlib.crc32` (both in C: a 1400-byte payload takes microseconds, where the
``crc`` library's Python loop takes milliseconds).
"""

from __future__ import annotations

import binascii
import dataclasses
import functools
import operator
import threading
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the first CRC-16 computed: the window's start does without it
    import crc

__all__ = ["CHECKSUMS", "Checksum", "append", "checksum", "verify"]


@dataclasses.dataclass(frozen=True)
class Checksum:
    """One algorithm: its CLI ``name``, its standard ``label`` and how many
    bytes (``width``) :meth:`compute` returns, in wire order."""

    name: str
    label: str
    width: int
    compute: Callable[[bytes], bytes]


class _Calculators(threading.local):
    """The ``crc`` library's calculators, one set per thread: a calculator keeps
    its register between the bytes it is fed, so two threads sharing one (the
    generator's worker and the window's preview) would mix their sums."""

    def __init__(self) -> None:
        self.by_name: dict[str, crc.Calculator] = {}


_calculators = _Calculators()


def _calculator(name: str) -> crc.Calculator:
    """This thread's calculator for the ``crc`` library's CRC-16 configuration ``name``."""
    found = _calculators.by_name.get(name)
    if found is None:
        import crc

        found = _calculators.by_name[name] = crc.Calculator(crc.Crc16[name].value, optimized=True)
    return found


def _crc16_modbus(data: bytes) -> bytes:
    return int(_calculator("MODBUS").checksum(data)).to_bytes(2, "little")


def _crc16_ccitt(data: bytes) -> bytes:
    # CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection: crc_hqx started at 0xFFFF.
    return binascii.crc_hqx(data, 0xFFFF).to_bytes(2, "big")


def _crc32(data: bytes) -> bytes:
    return zlib.crc32(data).to_bytes(4, "big")


def _sum8(data: bytes) -> bytes:
    return bytes([sum(data) & 0xFF])


def _xor8(data: bytes) -> bytes:
    return bytes([functools.reduce(operator.xor, data, 0)])


def _lrc(data: bytes) -> bytes:
    # Modbus ASCII's LRC: the two's complement of the byte sum.
    return bytes([-sum(data) & 0xFF])


#: The algorithms, by the name the CLI's ``--append`` takes.
CHECKSUMS: dict[str, Checksum] = {
    c.name: c
    for c in (
        Checksum("crc16-modbus", "CRC-16/MODBUS", 2, _crc16_modbus),
        Checksum("crc16-ccitt", "CRC-16/CCITT-FALSE", 2, _crc16_ccitt),
        Checksum("crc32", "CRC-32", 4, _crc32),
        Checksum("sum8", "sum8", 1, _sum8),
        Checksum("xor8", "xor8", 1, _xor8),
        Checksum("lrc", "LRC", 1, _lrc),
    )
}


def _get(name: str) -> Checksum:
    try:
        return CHECKSUMS[name]
    except KeyError:
        choices = ", ".join(CHECKSUMS)
        raise ValueError(f"unknown checksum {name!r} (one of {choices})") from None


def checksum(data: bytes, name: str) -> bytes:
    """The checksum ``name`` of ``data``, as its bytes go on the wire."""
    return _get(name).compute(bytes(data))


def append(payload: bytes, name: str | None) -> bytes:
    """``payload`` followed by its checksum ``name`` (None or "": unchanged)."""
    if not name:
        return payload
    return payload + checksum(payload, name)


def verify(data: bytes, name: str | None) -> bool | None:
    """Whether ``data`` ends with the checksum ``name`` of what precedes it;
    None when there is nothing to check (no checksum chosen, or ``data`` is no
    longer than the checksum)."""
    if not name:
        return None
    algorithm = _get(name)
    if len(data) <= algorithm.width:
        return None
    body, tail = data[: -algorithm.width], data[-algorithm.width :]
    return algorithm.compute(bytes(body)) == bytes(tail)
