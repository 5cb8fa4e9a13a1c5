"""Generator, file send and save-to-file for TCP sessions (client and server).

Writes always wait for the peer (``drain``): a slow reader applies
backpressure, memory does not grow. Small blocks that are due at the same time
are joined into one ``send`` (TCP is a byte stream: the peer sees the same
bytes either way).
"""

from __future__ import annotations

import asyncio
import os
import time

from ..errors import SessionError
from ..events import Reason, Received, Sent, SockAddr, State
from ..files.transfer import file_size
from ..jobs.generator import GeneratorSpec
from ..jobs.progress import Phase, Progress
from .base import Session
from .sending import SendBatch
from .stream import CLOSE_GRACE, Connection, reset_loss

#: Blocks smaller than this are joined into writes of up to _JOIN_LIMIT bytes.
_JOIN_BELOW = 16 * 1024
_JOIN_LIMIT = 256 * 1024
#: A generator's batch is at most this many bytes (at full rate).
_BATCH_BYTES = 4 << 20


def _join(blocks: list[bytes]) -> list[bytes]:
    """Group small blocks into writes of up to _JOIN_LIMIT bytes."""
    if len(blocks) < 2 or len(blocks[0]) >= _JOIN_BELOW:
        return blocks
    per = max(1, _JOIN_LIMIT // max(1, len(blocks[0])))
    return [b"".join(blocks[i : i + per]) for i in range(0, len(blocks), per)]


def _ends(connection: Connection) -> tuple[SockAddr | None, SockAddr | None, int | None]:
    """The peer, local address and server-side peer id an event of ``connection`` names."""
    stats = connection.stats
    if stats is None:
        return None, None, None
    return stats.peer, stats.local, stats.peer_id or None


class TcpJobs(Session):
    """The sending and saving tools both TCP sessions share.

    A subclass provides ``_job_targets(peer_ids)`` (the open connections to
    send to) and hands every wake-up's received chunks to :meth:`_take_chunks`.
    """

    def _say_lost(self, connection: Connection, lost: int) -> None:
        """A close had to reset ``connection`` with ``lost`` bytes undelivered: say so."""
        event = reset_loss(connection, lost, CLOSE_GRACE)
        if event is not None:
            self._emit(event)

    def _job_targets(self, peer_ids: list[int] | None) -> list[Connection]:
        raise NotImplementedError

    # -- jobs ------------------------------------------------------------------

    def _tcp_generate(self, spec: GeneratorSpec, peer_ids: list[int] | None) -> Progress:
        block = spec.packet()
        batch = max(1, min(256, _BATCH_BYTES // max(1, len(block))))
        source = spec.source  # template fields: each block its own expansion, in order

        async def sender(progress: Progress) -> SendBatch:
            known: list[Connection] = []
            if source is not None:
                return lambda n: self._awrite_blocks(
                    [source() for _ in range(n)], peer_ids, progress, known
                )
            return lambda n: self._awrite_blocks([block] * n, peer_ids, progress, known)

        return self._start_generator(spec, "send", sender, batch=batch)

    def _tcp_send_file(
        self,
        path: str | os.PathLike[str],
        peer_ids: list[int] | None,
        chunk: int,
        rate_pps: float | None,
        rate_mbps: float | None,
    ) -> Progress:
        path = os.fspath(path)
        chunk = max(1, chunk)
        progress = Progress("send-file", file_size(path), path)
        pps = GeneratorSpec(size=chunk, rate_pps=rate_pps, rate_mbps=rate_mbps).packets_per_second()
        batch = max(1, min(256, _BATCH_BYTES // chunk))
        operation = f"send {path}"

        async def body(progress: Progress) -> Phase:
            if not self._job_targets(peer_ids):
                raise self._fail(operation, SessionError("", "not connected"))

            known: list[Connection] = []

            async def send_blocks(blocks: list[bytes]) -> int:
                return await self._awrite_blocks(blocks, peer_ids, progress, known, operation)

            return await self._apump_file(
                progress, path, operation, chunk, send_blocks, pps=pps, batch=batch
            )

        return self._start_job(progress, body, operation)

    async def _awrite_blocks(
        self,
        blocks: list[bytes],
        peer_ids: list[int] | None,
        progress: Progress,
        known: list[Connection],
        operation: str = "send",
    ) -> int:
        """Write ``blocks`` to each target and wait until they take them.

        ``known`` keeps the connections written to last: when they are gone, the
        job ends saying how (the peer closed or reset the connection) and after
        how many bytes.
        """
        targets = [c for c in self._job_targets(peer_ids) if c.is_open]
        if not targets:
            raise await self._cut_short(known, progress, operation)
        known[:] = targets
        writes = _join(blocks)
        nbytes = sum(map(len, writes))
        mono, wall = time.monotonic(), time.time()
        waiting = []
        written = []
        for connection in targets:
            try:
                for data in writes:
                    connection.write(data)
            except SessionError as exc:
                if connection.is_open:  # refused (sending was shut down), not gone
                    raise self._fail("send", exc) from None
                continue  # gone while writing: the others go on
            written.append(connection)
            self._count_written(connection, writes, nbytes, mono, wall)
            if connection.write_paused:
                waiting.append(connection.drain())
        if not written:
            raise await self._cut_short(targets, progress, operation)
        progress.advance(len(blocks), sum(map(len, blocks)), mono)
        if waiting:
            results = await asyncio.gather(*waiting, return_exceptions=True)
            failures = [r for r in results if isinstance(r, BaseException)]
            if failures and len(failures) == len(targets):
                raise await self._cut_short(targets, progress, operation)
        return len(blocks)

    async def _cut_short(
        self, connections: list[Connection], progress: Progress, operation: str
    ) -> SessionError:
        """The job's connections are gone: the error that ends it, saying how
        they ended and how far it got (a Failed event: a row in the log)."""
        stats = connections[-1].stats if connections else None
        if stats is None:
            return self._fail(operation, SessionError("", "the connection is closed"))
        closing = [c.closed for c in connections if not c.is_open and not c.closed.done()]
        if closing:  # closing, not closed yet: wait to know how it ends
            await asyncio.wait(closing)
        reason, detail = stats.reason, stats.detail
        if reason is Reason.ERROR and detail == "EPIPE":  # a write after the peer closed
            reason, detail = Reason.PEER_CLOSED, None
        progress.cut_short(reason, detail)
        if reason is Reason.PEER_CLOSED:
            how = "the peer closed the connection"
        elif reason is Reason.PEER_RESET:
            how = "the peer reset the connection"
        elif stats.state is State.RESET:
            how = f"the connection failed ({detail})"
        else:
            how = "the connection was closed"
        done = f"{progress.bytes:,}"
        if progress.total_bytes is not None:
            done = f"{done} of {progress.total_bytes:,}"
        return self._fail(operation, SessionError("", f"{how} after {done} bytes"))

    def _take_chunks(self, connection: Connection, chunks: list[bytes]) -> None:
        """Count what one wake-up received, queue its events (built only if
        they are still in the ring when a consumer drains) and save it to the
        receive-to-file, if one is open."""
        nbytes = sum(map(len, chunks))
        stats = connection.stats
        if stats is not None:
            stats.bytes_in += nbytes
            stats.chunks_in += len(chunks)
        peer, local, peer_id = _ends(connection)
        mono, wall = time.monotonic(), time.time()

        def make(data: bytes) -> Received:
            return Received(data, peer, local, False, len(data), peer_id, mono=mono, wall=wall)

        self._count_in(chunks, make, nbytes)
        sink = self._sink
        if sink is not None and (sink.peer_id is None or sink.peer_id == peer_id):
            self._write_sink(sink, chunks)

    def _count_written(
        self,
        connection: Connection,
        writes: list[bytes],
        nbytes: int,
        mono: float | None = None,
        wall: float | None = None,
    ) -> None:
        """Count ``writes`` (``nbytes`` in all) to ``connection``, in the session's
        counters and the peer's stats, and queue their Sent events."""
        stats = connection.stats
        if stats is not None:
            stats.bytes_out += nbytes
            stats.chunks_out += len(writes)
        if mono is None or wall is None:
            mono, wall = time.monotonic(), time.time()
        peer, local, peer_id = _ends(connection)

        def make(data: bytes) -> Sent:
            return Sent(data, peer, local, peer_id, mono=mono, wall=wall)

        self._count_out(writes, make, nbytes)
