"""Wireshark files: a session's events as pcapng (blocks built with dpkt).

* :class:`PcapWriter` records while a session runs (the worker's tap, like the
  JSON Lines :class:`.capture.CaptureWriter`: written in batches, a failed
  write said at once);
* :func:`write_pcap` writes a list of events at once, atomically (the log's
  rows, a capture file read back: :func:`capture_to_pcap`).

What the packets are is :mod:`.pcap_frames`'s job. The file has two
interfaces: 0 carries raw IPv4/IPv6 packets (``LINKTYPE_RAW``), 1 a Unix
socket's payloads (``LINKTYPE_NULL``, family AF_UNIX).
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Callable, Iterable
from typing import IO, Any

from dpkt import pcapng

from ..counters import Counters
from ..events import Event
from .atomic import atomic_write
from .batched import BatchedWriter
from .capture import read_capture
from .paths import checked_path
from .pcap_frames import (
    INBOUND,
    IP_INTERFACE,
    LINKTYPE_NULL,
    LINKTYPE_RAW,
    OUTBOUND,
    UNIX_INTERFACE,
    Frame,
    FrameMaker,
    guess_kind,
)

_LE = sys.byteorder == "little"
_SHB = pcapng.SectionHeaderBlockLE if _LE else pcapng.SectionHeaderBlock
_IDB = pcapng.InterfaceDescriptionBlockLE if _LE else pcapng.InterfaceDescriptionBlock
_EPB = pcapng.EnhancedPacketBlockLE if _LE else pcapng.EnhancedPacketBlock
_OPTION = pcapng.PcapngOptionLE if _LE else pcapng.PcapngOption
_END = _OPTION(code=pcapng.PCAPNG_OPT_ENDOFOPT)
#: The pcapng option code of a packet's flags (its direction in bits 0-1).
_EPB_FLAGS = 2
#: The largest packet an interface says it holds (Wireshark's own limit).
_SNAPLEN = 262144
_FLAGS = {
    direction: _OPTION(code=_EPB_FLAGS, data=direction.to_bytes(4, sys.byteorder))
    for direction in (INBOUND, OUTBOUND)
}


class _ShortBlock(_EPB):  # type: ignore[misc, valid-type]
    """A packet captured short (a datagram cut to the receive buffer): dpkt
    writes its captured length as its real one; this puts the real one back."""

    def __bytes__(self) -> bytes:
        length = self.pkt_len
        block = super().__bytes__()
        return block[:24] + struct.pack(self.__byte_order__ + "I", length) + block[28:]


def _text(code: int, text: str) -> Any:
    return _OPTION(code=code, data=text.encode("utf-8"))


def file_header(kind: str, comment: str = "") -> bytes:
    """The section header and the two interfaces' descriptions."""
    about = f"SockLab {kind} session: packets made from the socket API's events"
    if comment:
        about = f"{about}. {comment}"
    options = [
        _text(pcapng.PCAPNG_OPT_COMMENT, about),
        _text(pcapng.PCAPNG_OPT_SHB_USERAPPL, "SockLab"),
        _END,
    ]
    interfaces = [
        (LINKTYPE_RAW, "socklab-ip", "IPv4/IPv6 packets of the session's sockets"),
        (LINKTYPE_NULL, "socklab-unix", "Unix socket data (family 1, AF_UNIX)"),
    ]
    blocks = [bytes(_SHB(opts=options))]
    for linktype, name, description in interfaces:
        idb_options = [
            _text(pcapng.PCAPNG_OPT_IF_NAME, name),
            _text(pcapng.PCAPNG_OPT_IF_DESCRIPTION, description),
            _END,
        ]
        blocks.append(bytes(_IDB(linktype=linktype, snaplen=_SNAPLEN, opts=idb_options)))
    return b"".join(blocks)


class BlockMaker:
    """A session's events as Enhanced Packet Blocks (one per packet
    :class:`.pcap_frames.FrameMaker` makes); one per file, so one thread."""

    def __init__(self, kind: str) -> None:
        self.frames = FrameMaker(kind)
        self._block = _EPB()  # filled anew for every packet: cheaper than a new one

    def blocks(self, events: Iterable[Event]) -> list[bytes]:
        make = self.frames.frames
        return [self.block(frame) for event in events for frame in make(event)]

    def block(self, frame: Frame) -> bytes:
        """One block: the frame, its time, direction and comment."""
        micros = round(frame.time * 1e6)
        options = [_FLAGS[frame.direction]]
        if frame.comment:
            options.append(_text(pcapng.PCAPNG_OPT_COMMENT, frame.comment))
        options.append(_END)
        short = frame.length != len(frame.data)
        block = _ShortBlock() if short else self._block
        block.iface_id, block.pkt_data, block.opts = frame.interface, frame.data, options
        block.ts_high, block.ts_low = micros >> 32, micros & 0xFFFFFFFF
        block.pkt_len = frame.length
        return bytes(block)


class PcapWriter(BatchedWriter):
    """Writes a session's events to a pcapng file as it runs; worker thread only.

    The worker's ``tap`` (:meth:`add`, :meth:`add_lazy`), like the JSON Lines
    capture: a write that fails ends the recording at once (see
    :class:`.batched.BatchedWriter`), :meth:`close` raises it.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        kind: str,
        counters: Counters | None = None,
        on_error: Callable[[OSError], None] | None = None,
    ) -> None:
        name = checked_path(path)
        file: IO[bytes] = open(name, "wb", buffering=1 << 20)  # noqa: SIM115 - closed in close()
        super().__init__(name, file, on_error)
        self._blocks = BlockMaker(kind)
        file.write(file_header(kind))

    def add(self, event: Event) -> None:
        if self.error is None:
            self._take([event])

    def add_lazy(self, items: list[Any], make: Callable[[Any], Event]) -> None:
        if self.error is None:
            self._take([make(item) for item in items])

    def _take(self, events: list[Event]) -> None:
        blocks = self._blocks.blocks(events)
        self._queue(blocks, sum(map(len, blocks)), len(events))

    def close(self, counters: Counters | None = None) -> None:
        """Write what waits and close the file; raises the OSError that ended
        the recording, if one did."""
        self._finish()


def write_pcap(
    path: str | os.PathLike[str], events: Iterable[Event], kind: str, comment: str = ""
) -> int:
    """Write ``events`` (a ``kind`` session's, in order; empty: told by the
    events) to a pcapng file at ``path``, atomically; ``comment`` goes in the
    file's header. Returns how
    many packets the file holds. Raises OSError when it cannot be written."""
    events = list(events)
    kind = kind or guess_kind(events)
    blocks = BlockMaker(kind).blocks(events)
    with atomic_write(path, "wb") as file:
        file.write(file_header(kind, comment))
        file.write(b"".join(blocks))
    return len(blocks)


def capture_to_pcap(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> int:
    """Convert a SockLab capture file (JSON Lines) to pcapng; how many packets.

    Raises :class:`.capture.CaptureError` for a file that is not a capture,
    OSError when one of the files cannot be read or written.
    """
    capture = read_capture(source)
    kind = capture.header.get("session") or ""
    return write_pcap(target, capture.events, kind, f"converted from {os.fspath(source)}")


__all__ = [
    "IP_INTERFACE",
    "UNIX_INTERFACE",
    "BlockMaker",
    "PcapWriter",
    "capture_to_pcap",
    "file_header",
    "write_pcap",
]
