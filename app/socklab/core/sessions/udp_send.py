"""How a UDP session sends: one datagram, repeat-send, the traffic generator
(bursts of one payload: GSO, sendmmsg or a sendto loop, see
:mod:`..fastpath.burst`) and a file as datagrams.

A send binds the socket automatically first if it is not bound yet (the
session's ``_aprepare``). When the kernel's send buffer is full, a burst or a
file waits until the socket is writable again; sent datagrams become Sent
events only if they are still in the worker's ring when a consumer drains it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import socket
import time
from collections.abc import Callable
from typing import Any

from ..errors import SessionError
from ..events import Sent, SockAddr, format_addr
from ..fastpath.burst import Burst
from ..fastpath.distinct import DistinctBurst
from ..fastpath.gso import AVAILABLE as GSO_AVAILABLE
from ..fastpath.gso import GSO_VLEN, segments_per_send
from ..fastpath.paths import SendPath
from ..fastpath.send import AVAILABLE as _SENDMMSG_AVAILABLE
from ..files.transfer import DEFAULT_UDP_CHUNK, file_size
from ..jobs.generator import FULL_RATE_BATCH, GeneratorSpec
from ..jobs.progress import Phase, Progress
from .base import Session
from .sending import SendBatch

#: The largest UDP payload over IPv4 (65,535 - 20 IP header - 8 UDP header).
MAX_DATAGRAM_IPV4 = 65_507
#: The largest UDP payload over IPv6 without jumbograms (65,535 - 8 UDP header).
MAX_DATAGRAM_IPV6 = 65_527


class UdpSending(Session):
    """The sending half of :class:`~.udp.UdpSession`.

    The session owns the socket (``_sock``, bound at ``_local``) and provides
    ``_aprepare(host, port)``: the destination resolved, the socket bound.
    """

    _sock: socket.socket | None
    _local: SockAddr | None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: Send the generator's datagrams with sendmmsg where the system has it
        #: (and GSO where its spec allows); False uses a plain sendto loop.
        self.use_sendmmsg = _SENDMMSG_AVAILABLE
        self._burst: Burst | DistinctBurst | None = None  # the last generator's

    @property
    def send_path(self) -> SendPath | None:
        """How the last generator sent (GSO, sendmmsg, sendto); None before one
        ran, and for a Unix socket (no GSO to speak of)."""
        burst = self._burst
        return None if burst is None or not isinstance(burst.address, tuple) else burst.path

    async def _aprepare(self, host: str, port: int) -> SockAddr:
        raise NotImplementedError

    # -- public, thread-safe ---------------------------------------------------

    def send(self, data: bytes, host: str, port: int) -> concurrent.futures.Future[int]:
        """sendto(data, (host, port)); binds automatically first if not bound yet."""
        return self._submit(self._asend(data, host, port))

    def send_repeated(
        self,
        data: bytes | Callable[[], bytes],
        host: str,
        port: int,
        count: int | None,
        interval: float,
    ) -> concurrent.futures.Future[int]:
        """Send ``count`` times (None: until :meth:`stop_repeat`), every ``interval``
        seconds; ``data`` may be a function giving each send's bytes (template
        fields), called on the worker."""
        make = data if callable(data) else lambda: data

        async def repeat() -> int:
            address = await self._aprepare(host, port)
            return await self._arepeat(lambda: self._asendto(make(), address), count, interval)

        return self._submit(repeat())

    def generate(self, spec: GeneratorSpec, host: str, port: int) -> Progress:
        """Send ``spec.size``-byte datagrams to ``host:port`` at ``spec``'s rate.

        Returns at once with the live :class:`Progress` (poll ``snapshot()``;
        ``stop()`` ends it within milliseconds). Any earlier generator or file
        send of this session is stopped first. Binds automatically if needed.
        """
        if spec.source is not None:
            return self._generate_distinct(spec, spec.source, host, port)
        data = spec.packet()
        use_gso = spec.gso and GSO_AVAILABLE and self.use_sendmmsg

        async def sender(progress: Progress) -> SendBatch:
            address = await self._aprepare(host, port)
            ip = isinstance(address, tuple)  # not AF_UNIX: a sendto loop there
            limit = MAX_DATAGRAM_IPV6 if ip and len(address) == 4 else MAX_DATAGRAM_IPV4
            mmsg = self.use_sendmmsg and ip
            burst = self._burst = Burst(data, address, use_gso=use_gso, sendmmsg=mmsg, limit=limit)
            return lambda n: self._asend_burst(burst, n, progress)

        # With GSO a batch is GSO_VLEN full sends (hundreds of datagrams, still
        # well under a millisecond): the clock and Stop are checked as often.
        segments = segments_per_send(spec.size, MAX_DATAGRAM_IPV4) if use_gso else 0
        batch = max(FULL_RATE_BATCH, segments * GSO_VLEN)
        operation = f"sendto {format_addr((host, port))}"
        return self._start_generator(spec, operation, sender, batch=batch)

    def _generate_distinct(
        self, spec: GeneratorSpec, source: Callable[[], bytes], host: str, port: int
    ) -> Progress:
        """The generator with each datagram's own payload from ``source`` (template
        fields): batches expanded in send order, sent with sendmmsg (no GSO)."""

        async def sender(progress: Progress) -> SendBatch:
            address = await self._aprepare(host, port)
            ip = isinstance(address, tuple)
            mmsg = self.use_sendmmsg and ip
            burst = self._burst = DistinctBurst(address, sendmmsg=mmsg, size=spec.size)
            return lambda n: self._asend_distinct(burst, [source() for _ in range(n)], progress)

        operation = f"sendto {format_addr((host, port))}"
        return self._start_generator(spec, operation, sender)

    def send_file(
        self,
        path: str | os.PathLike[str],
        host: str,
        port: int,
        *,
        chunk: int = DEFAULT_UDP_CHUNK,
        rate_pps: float | None = None,
        rate_mbps: float | None = None,
    ) -> Progress:
        """Send the file at ``path`` to ``host:port``, ``chunk`` bytes per datagram.

        ``rate_pps``/``rate_mbps`` pace it (UDP has no flow control: a receiver
        that cannot keep up loses datagrams); neither sends as fast as possible.
        Returns the live :class:`Progress` (``total_bytes`` is the file size).
        """
        spec = GeneratorSpec(size=max(1, chunk), rate_pps=rate_pps, rate_mbps=rate_mbps)
        path = os.fspath(path)
        progress = Progress("send-file", file_size(path), path)
        operation = f"send {path} to {format_addr((host, port))}"

        async def body(progress: Progress) -> Phase:
            address = await self._aprepare(host, port)
            limit = MAX_DATAGRAM_IPV6 if len(address) == 4 else MAX_DATAGRAM_IPV4
            if not 0 < chunk <= limit:
                raise self._fail(
                    operation, SessionError("", f"the chunk size must be 1 to {limit} bytes")
                )

            async def send_blocks(chunks: list[bytes]) -> int:
                return await self._asend_chunks(chunks, address, progress)

            return await self._apump_file(
                progress, path, operation, chunk, send_blocks, pps=spec.packets_per_second()
            )

        return self._start_job(progress, body, operation)

    # -- worker side -----------------------------------------------------------

    async def _asend(self, data: bytes, host: str, port: int) -> int:
        address = await self._aprepare(host, port)
        return await self._asendto(data, address)

    async def _asendto(self, data: bytes, address: SockAddr) -> int:
        sock = self._require_socket(address)
        try:
            try:
                sent = sock.sendto(data, address)
            except BlockingIOError:
                await asyncio.get_running_loop().sock_sendto(sock, data, address)
                sent = len(data)
        except OSError as exc:
            raise self._sendto_failed(address, exc) from None
        self._count_sent([data], address, sent)
        return sent

    async def _asend_burst(self, burst: Burst, n: int, progress: Progress) -> int:
        """Send the burst's datagram ``n`` times (the generator's inner loop); how many went."""
        address = burst.address
        sock = self._require_socket(address)
        sent, failure = burst.send(sock, n)
        if sent:
            self._count_sent([burst.data] * sent, address, len(burst.data) * sent, progress)
        if failure is not None:
            raise self._sendto_failed(address, failure) from None
        if sent < n:
            await self._await_writable(sock)
            if sent == 0:
                return await self._asend_burst(burst, n, progress)
        return sent

    async def _asend_distinct(
        self, burst: DistinctBurst, datas: list[bytes], progress: Progress
    ) -> int:
        """Send every one of ``datas`` in order, waiting while the kernel is full
        (none is dropped or expanded again: the counter has no gap); how many went."""
        address = burst.address
        sock = self._require_socket(address)
        done = 0
        while done < len(datas):
            sent, failure = burst.send(sock, datas[done:])
            if sent:
                self._count_sent(datas[done : done + sent], address, None, progress)
                done += sent
            if failure is not None:
                raise self._sendto_failed(address, failure) from None
            if done < len(datas):
                await self._await_writable(sock)
        return done

    async def _asend_chunks(
        self, chunks: list[bytes], address: SockAddr, progress: Progress
    ) -> int:
        """sendto each chunk in order (a file's datagrams); waits when the kernel is full."""
        sock = self._require_socket(address)
        sendto = sock.sendto
        done = 0
        total = len(chunks)
        while done < total:
            start = done
            try:
                for i in range(start, total):
                    sendto(chunks[i], address)
                    done = i + 1
            except (BlockingIOError, ConnectionRefusedError):
                pass
            except OSError as exc:
                self._count_sent(chunks[start:done], address, None, progress)
                raise self._sendto_failed(address, exc) from None
            if done > start:
                self._count_sent(chunks[start:done], address, None, progress)
            if done < total:
                await self._await_writable(sock)
        return done

    def _require_socket(self, address: SockAddr) -> socket.socket:
        sock = self._sock
        if sock is None:
            raise self._sendto_failed(address, SessionError("", "socket closed"))
        return sock

    def _sendto_failed(self, address: SockAddr, exc: BaseException) -> SessionError:
        """Log a failed sendto to ``address``; the error to raise."""
        return self._fail(f"sendto {format_addr(address)}", exc)

    def _count_sent(
        self,
        datas: list[bytes],
        address: SockAddr,
        nbytes: int | None,
        progress: Progress | None = None,
    ) -> None:
        """Count sent datagrams (and advance ``progress``); they become Sent events
        only if drained."""
        if not datas:
            return
        if nbytes is None:
            nbytes = sum(map(len, datas))
        mono, wall = time.monotonic(), time.time()
        if progress is not None:
            progress.advance(len(datas), nbytes, mono)
        local = self._local

        def make(data: bytes) -> Sent:
            return Sent(data, address, local, mono=mono, wall=wall)

        self._count_out(datas, make, nbytes)

    @staticmethod
    async def _await_writable(sock: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()

        def on_writable() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_writer(sock.fileno(), on_writable)
        try:
            await ready
        finally:
            loop.remove_writer(sock.fileno())
