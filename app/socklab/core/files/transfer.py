"""Files over sockets: send a file, save what arrives to a file.

Sending is a job of the session (UDP: the file split into datagrams of a chosen
size, optionally paced; TCP: streamed with backpressure), with a
:class:`~socklab.core.jobs.progress.Progress` the GUI polls. Receiving to a file is a
:class:`FileSink` the session's receive path writes raw bytes into (UDP: each
datagram appended; TCP: the stream), also with a Progress.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import IO

from ..events import SockAddr
from ..jobs.progress import Phase, Progress

#: Default datagram size for sending a file over UDP: fits an Ethernet MTU.
DEFAULT_UDP_CHUNK = 1400
#: Default block size for streaming a file over TCP.
DEFAULT_TCP_CHUNK = 256 * 1024


def file_size(path: str | os.PathLike[str]) -> int | None:
    """The size of the file at ``path``; None when it cannot be read (the send
    then fails with the system's reason when it opens the file)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return None


class FileSink:
    """Writes received bytes to a file, on the session's worker thread.

    ``peer`` (UDP: a source address) or ``peer_id`` (TCP server: one client)
    restrict it to one sender; None takes everything. ``progress`` counts the
    datagrams/chunks and bytes written; its phase is RUNNING until the sink is
    closed.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        append: bool = False,
        peer: SockAddr | None = None,
        peer_id: int | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.peer = tuple(peer[:2]) if peer is not None else None
        self.peer_id = peer_id
        self._file: IO[bytes] | None = open(  # noqa: SIM115 - closed in close()
            self.path, "ab" if append else "wb", buffering=1 << 20
        )
        self.progress = Progress("receive", None, self.path)
        self.progress.begin()

    @property
    def open(self) -> bool:
        return self._file is not None

    def accepts(self, source: SockAddr | None) -> bool:
        """Whether data from ``source`` goes into this file (UDP)."""
        return self.peer is None or (source is not None and tuple(source[:2]) == self.peer)

    def write(self, data: bytes) -> None:
        """Append one datagram or chunk."""
        if self._file is None:
            return
        self._file.write(data)
        self.progress.advance(1, len(data), time.monotonic())

    def write_many(self, chunks: Iterable[bytes | bytearray]) -> None:
        """Append many datagrams in one go (a receive batch)."""
        if self._file is None:
            return
        chunks = list(chunks)
        if not chunks:
            return
        self._file.writelines(chunks)
        self.progress.advance(len(chunks), sum(map(len, chunks)), time.monotonic())

    def close(self, phase: Phase = Phase.STOPPED, error: BaseException | None = None) -> int:
        """Flush and close the file; returns the bytes written."""
        file, self._file = self._file, None
        if file is not None:
            try:
                file.close()
            except OSError as exc:
                error = error or exc
                phase = Phase.FAILED
            self.progress.finish(phase, error)
        return self.progress.bytes


def read_blocks(read: Callable[[int], bytes], size: int, count: int) -> list[bytes]:
    """Up to ``count`` blocks of ``size`` bytes from ``read`` (fewer at the end of the file)."""
    blocks = []
    for _ in range(count):
        block = read(size)
        if not block:
            break
        blocks.append(block)
    return blocks
