"""Files over sockets: send a file, save what arrives to a file.

Sending is a job of the session (UDP: the file split into datagrams of a chosen
size, optionally paced; TCP: streamed with backpressure), with a
:class:`~socklab.core.jobs.progress.Progress` the GUI polls. Receiving to a file is a
:class:`FileSink` the session's receive path writes raw bytes into (UDP: each
datagram appended; TCP: the stream), with a :class:`ReceiveProgress`; how it
treats the file is its :class:`SaveOptions`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO

from ..events import SockAddr
from ..jobs.progress import Phase, Progress
from .atomic import AtomicFile
from .http_header import HttpHeaderSplitter
from .paths import checked_path

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


@dataclass(frozen=True, slots=True)
class SaveOptions:
    """How a receive-to-file treats the file and the bytes.

    ``append``: add to the end of an existing file (what the CLI's ``--output``
    does). Otherwise the file is replaced; with ``atomic`` (the window's Save)
    through a temporary file renamed over it when the save ends, so an earlier
    file survives a save that fails (devices and pipes, ``/dev/null``, a FIFO,
    are written directly). ``strip_http_header``: the HTTP header block is set
    aside (:attr:`ReceiveProgress.header`) and only the body is saved.
    """

    append: bool = False
    atomic: bool = False
    strip_http_header: bool = False


class ReceiveProgress(Progress):
    """The progress of a receive-to-file; ``header`` resolves to the HTTP header
    block it set aside (None when it kept none) once that is known."""

    def __init__(self, path: str) -> None:
        super().__init__("receive", None, path)
        self.header: concurrent.futures.Future[bytes | None] = concurrent.futures.Future()

    def header_known(self, header: bytes | None) -> None:
        if not self.header.done():
            self.header.set_result(header)


class FileSink:
    """Writes received bytes to a file, on the session's worker thread.

    ``peer`` (UDP: a source address) or ``peer_id`` (TCP server: one client)
    restrict it to one sender; None takes everything. ``progress`` counts the
    datagrams/chunks received and the bytes written; its phase is RUNNING until
    the sink is closed. Every write reaches the file before it returns (a full
    disk fails that write, not a later close).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        options: SaveOptions = SaveOptions(),
        *,
        peer: SockAddr | None = None,
        peer_id: int | None = None,
    ) -> None:
        self.path = checked_path(path)  # a NUL in it is an OSError like any bad path
        self.options = options
        self.peer = tuple(peer[:2]) if peer is not None else None
        self.peer_id = peer_id
        self._atomic: AtomicFile | None = None
        if options.atomic and not options.append and _replaceable(self.path):
            self._atomic = AtomicFile(os.path.realpath(self.path), "wb")
            self._file: IO[bytes] | None = self._atomic.file
        else:
            self._file = open(  # noqa: SIM115 - closed in close() or fail()
                self.path, "ab" if options.append else "wb", buffering=1 << 20
            )
        self._splitter = HttpHeaderSplitter() if options.strip_http_header else None
        self.progress = ReceiveProgress(self.path)
        self.progress.begin()

    @property
    def open(self) -> bool:
        return self._file is not None

    def accepts(self, source: SockAddr | None) -> bool:
        """Whether data from ``source`` goes into this file (UDP)."""
        return self.peer is None or (source is not None and tuple(source[:2]) == self.peer)

    def write(self, data: bytes) -> None:
        """Append one datagram or chunk (raises OSError if the file refuses it)."""
        self.write_many([data])

    def write_many(self, chunks: Iterable[bytes | bytearray]) -> None:
        """Append many datagrams or chunks in one go (a receive batch); raises
        OSError if the file refuses them (then :meth:`fail` it)."""
        file = self._file
        if file is None:
            return
        chunks = list(chunks)
        if not chunks:
            return
        splitter = self._splitter
        if splitter is not None and not splitter.done:
            body = splitter.feed(b"".join(chunks))
            if splitter.done:
                self.progress.header_known(splitter.header)
            chunks_out: list[bytes | bytearray] = [body] if body else []
        else:
            chunks_out = chunks
        file.writelines(chunks_out)
        file.flush()
        self.progress.advance(len(chunks), sum(map(len, chunks_out)), time.monotonic())

    def close(self, phase: Phase = Phase.STOPPED) -> int:
        """Write what is held back, finish the file (an atomic save: rename it
        into place) and end the progress with ``phase``; returns the bytes written.

        Raises OSError if the file cannot be finished: then :meth:`fail` it.
        """
        file = self._file
        if file is None:
            return self.progress.bytes
        splitter = self._splitter
        if splitter is not None and not splitter.done:
            rest = splitter.finish()  # no header end came: it was all body
            file.write(rest)
            self.progress.advance(0, len(rest), time.monotonic())
        if self._atomic is not None:
            self._atomic.commit()
        else:
            file.close()
        self._file = None
        self.progress.header_known(splitter.header if splitter is not None else None)
        self.progress.finish(phase)
        return self.progress.bytes

    def fail(self, error: BaseException) -> None:
        """Give up on the file (an atomic save leaves the earlier file as it was);
        the progress ends FAILED with ``error``."""
        file, self._file = self._file, None
        if file is not None:
            if self._atomic is not None:
                self._atomic.discard()
            else:
                with contextlib.suppress(OSError):
                    file.close()
        self.progress.header_known(self._splitter.header if self._splitter else None)
        self.progress.finish(Phase.FAILED, error)


def _replaceable(path: str) -> bool:
    """Whether ``path`` is a regular file or nothing yet (a device or a FIFO is
    written in place: a temporary file renamed over it would replace the device)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def read_blocks(read: Callable[[int], bytes], size: int, count: int) -> list[bytes]:
    """Up to ``count`` blocks of ``size`` bytes from ``read`` (fewer at the end of the file)."""
    blocks = []
    for _ in range(count):
        block = read(size)
        if not block:
            break
        blocks.append(block)
    return blocks
