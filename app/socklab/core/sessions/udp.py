"""A UDP endpoint: bind (or bind automatically on first send), sendto, recvfrom.

Receiving drains the socket until it would block on every wake-up of the
worker's loop (never one callback per datagram), so a flood costs one loop pass
per few thousand datagrams. The hot loop only copies each datagram out of the
receive buffer and counts; the datagrams become events only if they are still in
the worker's ring when a consumer drains it (one timestamp per wake-up). The
kernel's own drop counter (Linux ``SO_RXQ_OVFL``) goes into
``Counters.dropped_by_system``.

Beyond single sends: repeat-send, a traffic generator (:meth:`UdpSession.generate`),
sending a file as datagrams (:meth:`UdpSession.send_file`) and saving what
arrives to a file (:meth:`UdpSession.receive_to_file`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import errno
import os
import socket
import sys
import time
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from ..calls import addr_repr, setsockopt_call
from ..errors import SessionError, session_error
from ..events import Reason, Received, Sent, SockAddr, State, StateChanged, format_addr
from ..fastpath.receive import AVAILABLE as _MMSG_AVAILABLE
from ..fastpath.receive import MmsgReceiver
from ..fastpath.send import AVAILABLE as _SENDMMSG_AVAILABLE
from ..fastpath.send import BurstSender
from ..files.transfer import DEFAULT_UDP_CHUNK, FileSink, file_size
from ..jobs.generator import GeneratorSpec
from ..jobs.progress import Phase, Progress
from .base import SendBatch, Session

#: The largest UDP payload over IPv4 (65,535 - 20 IP header - 8 UDP header).
MAX_DATAGRAM_IPV4 = 65_507
#: The largest UDP payload over IPv6 without jumbograms (65,535 - 8 UDP header).
MAX_DATAGRAM_IPV6 = 65_527

#: At most this many datagrams are read per wake-up, so that commands (Close,
#: Send) still get through during a flood.
_MAX_PER_WAKEUP = 4096
#: A wake-up that finds at least this many datagrams means a flood. The socket
#: is then left alone for _FLOOD_PAUSE seconds (no reader registered), so the
#: next read finds full batches instead of the few that arrived since the last
#: one: a receiver that empties the queue on every datagram makes the sender's
#: kernel wake it up thousands of times a second, which costs more than the
#: reading (measured: the C sender ran 11 % slower against such a receiver). A
#: millisecond of a flood fits many times over in the default SO_RCVBUF.
_FLOOD_AT = 64
_FLOOD_PAUSE = 0.001
#: SO_RCVBUF asked for by default: room for bursts while the worker is busy
#: (the kernel caps it at net.core.rmem_max and doubles it for bookkeeping).
DEFAULT_SO_RCVBUF = 4 << 20

# Linux: SO_RXQ_OVFL makes recvmsg() carry the socket's cumulative drop counter
# (datagrams the kernel discarded because the receive queue was full) as
# ancillary data; SO_MEMINFO reads the same counter at any time.
_LINUX = sys.platform == "linux"
_SO_RXQ_OVFL = getattr(socket, "SO_RXQ_OVFL", 40) if _LINUX else 0
_SO_MEMINFO = 55 if _LINUX else 0
_SK_MEMINFO_DROPS = 8
_ANC_SPACE = socket.CMSG_SPACE(4) if hasattr(socket, "CMSG_SPACE") else 0
_first = itemgetter(0)
#: recvmmsg's arena holds at most this many bytes (virtual; only written pages count).
_ARENA_BYTES = 16 << 20

# On Linux, MSG_TRUNC makes recvfrom return a datagram's real length even when
# it did not fit the buffer; elsewhere one spare byte in the buffer tells us.
_TRUNC_FLAG = getattr(socket, "MSG_TRUNC", 0)

# Linux tells an unconnected UDP socket about ICMP errors (port unreachable ...)
# only with IP_RECVERR; the failed datagram's destination then waits in the
# socket's error queue. (Windows reports them unasked, as error 10054.)
_MSG_ERRQUEUE = getattr(socket, "MSG_ERRQUEUE", 0) if sys.platform == "linux" else 0
_RECVERR = {socket.AF_INET: (socket.IPPROTO_IP, 11), socket.AF_INET6: (socket.IPPROTO_IPV6, 25)}


@dataclass(frozen=True, slots=True)
class UdpOptions:
    """Socket options of a UDP session.

    ``recv_buffer`` is the size passed to ``recvfrom``: a longer datagram is
    truncated to it, as with ``recvfrom(1024)``. ``so_rcvbuf`` is the kernel's
    receive queue (SO_RCVBUF) for the socket: what a flood can queue up while
    SockLab is busy before the kernel drops datagrams.
    """

    broadcast: bool = False
    reuse_address: bool = False
    recv_buffer: int = 65_535
    #: SO_RCVBUF for new sockets; 0 keeps the system's default.
    so_rcvbuf: int = DEFAULT_SO_RCVBUF


class UdpSession(Session):
    """A UDP socket on its own worker thread.

    Events: StateChanged (BOUND, CLOSED), Received (with the source address),
    Sent, Failed (also for ICMP errors that surface on recvfrom).
    """

    kind = "udp"

    def __init__(self, options: UdpOptions | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.options = options or UdpOptions()
        self._sock: socket.socket | None = None
        self._local: SockAddr | None = None
        self._buffer = bytearray()
        self._set_buffer(self.options.recv_buffer)
        self._receiving = True
        self._rxq_ovfl = False  # SO_RXQ_OVFL is on for the current socket
        self._meminfo = bool(_SO_MEMINFO)
        self._drops_closed = 0  # kernel drops of the sockets closed before
        self._drops_now = 0  # ... and of the current one
        self._mmsg: MmsgReceiver | None = None
        self._flood_pause: asyncio.TimerHandle | None = None
        #: Use recvmmsg where the system has it; False (set before open) uses the
        #: plain recvfrom_into loop, to compare.
        self.use_recvmmsg = _MMSG_AVAILABLE
        #: Send the generator's datagrams with sendmmsg where the system has it;
        #: False uses a plain sendto loop.
        self.use_sendmmsg = _SENDMMSG_AVAILABLE
        self._burst: BurstSender | None = None  # the generator's, for its payload and address

    # -- public, thread-safe ---------------------------------------------------

    @property
    def local_address(self) -> SockAddr | None:
        """Where the socket is bound, or None before it is."""
        return self._local

    def open(self, host: str, port: int) -> concurrent.futures.Future[SockAddr]:
        """Create the socket and bind it to ``host:port`` (port 0: the system chooses)."""
        return self._submit(self._aopen(host, port))

    def send(self, data: bytes, host: str, port: int) -> concurrent.futures.Future[int]:
        """sendto(data, (host, port)); binds automatically first if not bound yet."""
        return self._submit(self._asend(data, host, port))

    def send_repeated(
        self, data: bytes, host: str, port: int, count: int | None, interval: float
    ) -> concurrent.futures.Future[int]:
        """Send ``count`` times (None: until :meth:`stop_repeat`), every ``interval`` seconds."""

        async def repeat() -> int:
            address = await self._aprepare(host, port)
            return await self._arepeat(lambda: self._asendto(data, address), count, interval)

        return self._submit(repeat())

    def set_options(self, options: UdpOptions) -> concurrent.futures.Future[None]:
        """Apply new options; those that are socket options take effect at once."""
        return self._submit(self._aset_options(options))

    def pause_receive(self) -> concurrent.futures.Future[None]:
        """Stop calling recvfrom: datagrams queue up in the kernel, then it drops them."""
        return self._submit(self._aset_receiving(False))

    def resume_receive(self) -> concurrent.futures.Future[None]:
        """Read again (what queued up first, then what arrives)."""
        return self._submit(self._aset_receiving(True))

    @property
    def receiving(self) -> bool:
        """False while receiving is paused."""
        return self._receiving

    def generate(self, spec: GeneratorSpec, host: str, port: int) -> Progress:
        """Send ``spec.size``-byte datagrams to ``host:port`` at ``spec``'s rate.

        Returns at once with the live :class:`Progress` (poll ``snapshot()``;
        ``stop()`` ends it within milliseconds). Any earlier generator or file
        send of this session is stopped first. Binds automatically if needed.
        """
        data = spec.packet()

        async def sender(progress: Progress) -> SendBatch:
            address = await self._aprepare(host, port)
            return lambda n: self._asend_burst(data, n, address, progress)

        return self._start_generator(spec, f"sendto {format_addr((host, port))}", sender)

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

    def receive_to_file(
        self, path: str | os.PathLike[str], *, append: bool = False, peer: SockAddr | None = None
    ) -> Progress:
        """Append every datagram received from now on to the file at ``path``.

        ``peer`` (host, port) keeps only that sender's datagrams. Raises
        SessionError if the file cannot be opened. It may start before the socket
        is bound and lasts (across a rebind) until :meth:`stop_receive_to_file`
        or shutdown.
        """
        return self._start_sink(path, append=append, peer=peer)

    # -- worker side -----------------------------------------------------------

    def _set_buffer(self, size: int) -> None:
        size = max(1, min(int(size), 1 << 20))
        self._buffer = bytearray(size if _TRUNC_FLAG else size + 1)
        self._recv_size = size

    async def _aset_options(self, options: UdpOptions) -> None:
        old, self.options = self.options, options
        self._set_buffer(options.recv_buffer)
        sock = self._sock
        if sock is None:
            return
        if self.use_recvmmsg and (self._mmsg is None or self._mmsg.slot != self._recv_size):
            self._new_receiver(sock)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, int(options.broadcast))
        if options.so_rcvbuf and options.so_rcvbuf != old.so_rcvbuf:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, options.so_rcvbuf)

    async def _aset_receiving(self, receiving: bool) -> None:
        if receiving == self._receiving:
            return
        self._receiving = receiving
        sock = self._sock
        if sock is None:
            return
        if receiving:
            self._start_reading(sock)
        else:
            self._stop_reading(sock)

    async def _aopen(self, host: str, port: int) -> SockAddr:
        await self._aclose(Reason.REBIND)
        operation = f"bind {format_addr((host, port))}"
        address = self._resolve(host, port, socket.SOCK_DGRAM, operation)
        sock = self._udp_socket(address)
        try:
            sock.bind(address)
        except OSError as exc:
            sock.close()
            self._trace(f"bind({addr_repr(address)})", f"error {session_error('', exc).reason}")
            raise self._fail(operation, exc) from None
        self._trace(f"bind({addr_repr(address)})", f"port {sock.getsockname()[1]}")
        self._attach(sock)
        assert self._local is not None
        return self._local

    def _udp_socket(self, address: SockAddr) -> socket.socket:
        """A UDP socket for ``address`` with the session's options set."""
        sock = self._new_socket(address, socket.SOCK_DGRAM)
        if self.options.reuse_address:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._trace(setsockopt_call("SO_REUSEADDR"))
        if self.options.broadcast:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            self._trace(setsockopt_call("SO_BROADCAST"))
        if _MSG_ERRQUEUE:
            level, option = _RECVERR[sock.family]
            sock.setsockopt(level, option, 1)
        if self.options.so_rcvbuf:
            with contextlib.suppress(OSError):  # keep the system's default
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.options.so_rcvbuf)
        self._rxq_ovfl = False
        if _SO_RXQ_OVFL and _ANC_SPACE:
            try:
                sock.setsockopt(socket.SOL_SOCKET, _SO_RXQ_OVFL, 1)
                self._rxq_ovfl = True
            except OSError:
                pass
        return sock

    def _new_receiver(self, sock: socket.socket | None) -> None:
        """(Re)build the recvmmsg receiver for ``sock`` and the current recv size."""
        old, self._mmsg = self._mmsg, None
        if old is not None:
            old.close()
        if sock is None or not self.use_recvmmsg:
            return
        vlen = max(16, min(256, _ARENA_BYTES // self._recv_size))
        try:
            self._mmsg = MmsgReceiver(sock, self._recv_size, vlen)
        except (OSError, ValueError):
            self._mmsg = None

    def _attach(self, sock: socket.socket, reason: Reason = Reason.NONE) -> None:
        self._sock = sock
        self._local = sock.getsockname()
        self._drops_now = 0
        self._new_receiver(sock)
        if self._receiving:
            self._start_reading(sock)
        self._emit(StateChanged(state=State.BOUND, local=self._local, reason=reason))

    async def _aprepare(self, host: str, port: int) -> SockAddr:
        """Resolve the destination; bind automatically if the socket is not bound."""
        operation = f"sendto {format_addr((host, port))}"
        family = self._sock.family if self._sock is not None else 0
        address = self._resolve(host, port, socket.SOCK_DGRAM, operation, family)
        if self._sock is None:
            sock = self._udp_socket(address)
            wildcard = ("::", 0) if sock.family == socket.AF_INET6 else ("0.0.0.0", 0)
            try:
                sock.bind(wildcard)
            except OSError as exc:
                sock.close()
                raise self._fail(operation, exc) from None
            self._trace("# no bind(): the first sendto() binds", f"port {sock.getsockname()[1]}")
            self._attach(sock, Reason.AUTO_BIND)
        return address

    async def _asend(self, data: bytes, host: str, port: int) -> int:
        address = await self._aprepare(host, port)
        return await self._asendto(data, address)

    async def _asendto(self, data: bytes, address: SockAddr) -> int:
        sock = self._sock
        if sock is None:
            raise self._fail(f"sendto {format_addr(address)}", SessionError("", "socket closed"))
        try:
            try:
                sent = sock.sendto(data, address)
            except BlockingIOError:
                await asyncio.get_running_loop().sock_sendto(sock, data, address)
                sent = len(data)
        except OSError as exc:
            raise self._fail(f"sendto {format_addr(address)}", exc) from None
        self._count_sent([data], address, sent)
        return sent

    async def _asend_burst(self, data: bytes, n: int, address: SockAddr, progress: Progress) -> int:
        """sendto ``data`` ``n`` times (the generator's inner loop); returns how many went."""
        sock = self._require_socket(address)
        send = self._sendmmsg_copies if self.use_sendmmsg else self._sendto_copies
        sent, failure = send(sock, data, n, address)
        if sent:
            self._count_sent([data] * sent, address, len(data) * sent, progress)
        if failure is not None:
            raise self._fail(f"sendto {format_addr(address)}", failure) from None
        if sent < n:
            await self._await_writable(sock)
            if sent == 0:
                return await self._asend_burst(data, n, address, progress)
        return sent

    # The two ways of sending a burst: how many copies the kernel took at once,
    # and the error that ended it. A full buffer (BlockingIOError) and a refused
    # earlier datagram (an ICMP "port unreachable" that this send reported; the
    # receive path says so) just end the burst early.

    @staticmethod
    def _sendto_copies(
        sock: socket.socket, data: bytes, n: int, address: SockAddr
    ) -> tuple[int, OSError | None]:
        sendto = sock.sendto
        for i in range(n):
            try:
                sendto(data, address)
            except (BlockingIOError, ConnectionRefusedError):
                return i, None
            except OSError as exc:
                return i, exc
        return n, None

    def _sendmmsg_copies(
        self, sock: socket.socket, data: bytes, n: int, address: SockAddr
    ) -> tuple[int, OSError | None]:
        """Up to 256 datagrams per system call (one payload, one address)."""
        burst = self._burst
        if burst is None or burst.payload is not data or burst.address != address:
            burst = self._burst = BurstSender(data, address)
        sent = 0
        while sent < n:
            try:
                taken = burst.send(sock, n - sent)
            except (BlockingIOError, ConnectionRefusedError):
                return sent, None
            except OSError as exc:
                return sent, exc
            if not taken:
                break
            sent += taken
        return sent, None

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
                raise self._fail(f"sendto {format_addr(address)}", exc) from None
            if done > start:
                self._count_sent(chunks[start:done], address, None, progress)
            if done < total:
                await self._await_writable(sock)
        return done

    def _require_socket(self, address: SockAddr) -> socket.socket:
        sock = self._sock
        if sock is None:
            raise self._fail(f"sendto {format_addr(address)}", SessionError("", "socket closed"))
        return sock

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

    def _start_reading(self, sock: socket.socket) -> None:
        """Wake up (call _on_readable) whenever ``sock`` has datagrams."""
        asyncio.get_running_loop().add_reader(sock.fileno(), self._on_readable)

    def _stop_reading(self, sock: socket.socket) -> None:
        """No more wake-ups for ``sock``, nor a flood pause that would resume them."""
        pause, self._flood_pause = self._flood_pause, None
        if pause is not None:
            pause.cancel()
        asyncio.get_running_loop().remove_reader(sock.fileno())

    def _on_readable(self) -> None:
        """Drain the socket: the receive hot loop.

        Per datagram it only copies the bytes out; counting, the timestamp, the
        file sink and the hand-over to the ring happen once per batch. After a
        wake-up that found a flood, the socket is left alone for a millisecond
        (see _FLOOD_PAUSE).
        """
        sock = self._sock
        if sock is None:
            return
        mono, wall = time.monotonic(), time.time()
        if self._mmsg is not None:
            received = self._drain_mmsg(sock, self._mmsg, mono, wall)
        else:
            received = self._drain_loop(sock, mono, wall)
        if self._meminfo:
            self._read_drop_counter(sock)
        drops = self._drops_closed + self._drops_now
        counters = self.worker.counters
        if drops != counters.dropped_by_system:
            counters.dropped_by_system = drops
        if _FLOOD_AT <= received < _MAX_PER_WAKEUP and self._flood_pause is None:
            # A flood, and the queue is empty now (at the cap, more is waiting).
            loop = asyncio.get_running_loop()
            loop.remove_reader(sock.fileno())
            self._flood_pause = loop.call_later(_FLOOD_PAUSE, self._after_flood_pause, sock)

    def _after_flood_pause(self, sock: socket.socket) -> None:
        self._flood_pause = None
        if sock is not self._sock or not self._receiving:
            return
        self._on_readable()
        if self._flood_pause is None:  # the flood is over: wait for the next datagram
            self._start_reading(sock)

    def _drain_mmsg(
        self, sock: socket.socket, receiver: MmsgReceiver, mono: float, wall: float
    ) -> int:
        """Up to 256 datagrams per recvmmsg call, until the socket is empty; how many."""
        size = self._recv_size
        received = errors = 0
        while received < _MAX_PER_WAKEUP and errors < 16:
            try:
                count = receiver.receive()
            except OSError as exc:
                # An ICMP error for an earlier sendto (port unreachable ...).
                self._report_icmp_error(sock, exc)
                errors += 1
                continue
            if not count:
                break
            received += count
            lengths = receiver.lengths(count)
            datas = receiver.datagrams(lengths)
            drops = receiver.drop_count(count)
            if drops is not None and drops > self._drops_now:
                self._drops_now = drops
            source = receiver.single_source(count)
            if source is not None and max(lengths) <= size:
                self._take_uniform(datas, source, sum(lengths), mono, wall)
            else:
                at = receiver.source
                items = [
                    (data, source if source is not None else at(i), length)
                    for i, (data, length) in enumerate(zip(datas, lengths, strict=True))
                ]
                self._take(items, mono, wall)
            if count < receiver.vlen:
                break  # drained; epoll wakes us again for more
        return received

    def _take_uniform(
        self, datas: list[bytes], source: SockAddr, nbytes: int, mono: float, wall: float
    ) -> None:
        """Count a batch from one source with nothing truncated; hand it to the ring."""
        sink = self._sink
        if sink is not None and sink.accepts(source):
            self._write_sink(sink, datas)
        local = self._local

        def make(data: bytes) -> Received:
            return Received(data, source, local, False, len(data), mono=mono, wall=wall)

        self._count_in(datas, make, nbytes)

    def _drain_loop(self, sock: socket.socket, mono: float, wall: float) -> int:
        """The plain loop where recvmmsg is missing: recvfrom_into until it would block;
        how many datagrams it read."""
        buffer = self._buffer
        nbuf = len(buffer)
        items: list[tuple[bytearray, Any, int]] = []
        append = items.append
        recv = sock.recvfrom_into
        flags = _TRUNC_FLAG
        errors = 0
        if self._rxq_ovfl:
            # The first datagram of each wake-up with its ancillary data: the
            # kernel's drop counter, if it dropped any.
            try:
                length, ancdata, _, source = sock.recvmsg_into([buffer], _ANC_SPACE, flags)
            except BlockingIOError:
                return 0
            except OSError as exc:
                self._report_icmp_error(sock, exc)
                errors += 1
            else:
                append((buffer[:length], source, length))
                for level, kind, value in ancdata:
                    if level == socket.SOL_SOCKET and kind == _SO_RXQ_OVFL and len(value) >= 4:
                        self._drops_now = max(
                            self._drops_now, int.from_bytes(value[:4], sys.byteorder)
                        )
        while (budget := _MAX_PER_WAKEUP - len(items) - errors) > 0:
            try:
                for _ in range(budget):
                    length, source = recv(buffer, nbuf, flags)
                    append((buffer[:length], source, length))
            except BlockingIOError:
                break
            except OSError as exc:
                # An ICMP error for an earlier sendto (port unreachable ...)
                # surfaces on the next recvfrom. Report it and keep reading.
                self._report_icmp_error(sock, exc)
                errors += 1
                continue
            break
        if items:
            self._take(items, mono, wall)
        return len(items)

    def _take(self, items: list[tuple[bytearray, Any, int]], mono: float, wall: float) -> None:
        """Count a receive batch, save it to the sink, hand it to the ring."""
        size = self._recv_size
        kept = sum(map(len, map(_first, items)))
        if not _TRUNC_FLAG:  # the spare byte of a truncated datagram is not data
            kept -= sum(1 for item in items if item[2] > size)
        sink = self._sink
        if sink is not None:
            self._save(sink, items, size)
        local = self._local

        def make(item: tuple[bytearray, Any, int]) -> Received:
            chunk, source, length = item
            data = bytes(chunk) if length <= size else bytes(chunk[:size])
            return Received(data, source, local, length > size, length, mono=mono, wall=wall)

        self._count_in(items, make, kept)

    def _save(self, sink: FileSink, items: list[tuple[bytearray, Any, int]], size: int) -> None:
        if sink.peer is None and _TRUNC_FLAG:
            chunks: Any = map(_first, items)
        else:
            chunks = [
                chunk if length <= size else chunk[:size]
                for chunk, source, length in items
                if sink.accepts(source)
            ]
        self._write_sink(sink, chunks)

    def _read_drop_counter(self, sock: socket.socket) -> None:
        """The kernel's drop counter for this socket, now (Linux SO_MEMINFO)."""
        try:
            info = sock.getsockopt(socket.SOL_SOCKET, _SO_MEMINFO, 4 * (_SK_MEMINFO_DROPS + 1))
        except OSError:
            self._meminfo = False
            return
        if len(info) >= 4 * (_SK_MEMINFO_DROPS + 1):
            offset = 4 * _SK_MEMINFO_DROPS
            drops = int.from_bytes(info[offset : offset + 4], sys.byteorder)
            self._drops_now = max(self._drops_now, drops)

    def _report_icmp_error(self, sock: socket.socket, exc: OSError) -> None:
        """An ICMP error for an earlier sendto surfaced: say which destination it was."""
        destinations = []
        while _MSG_ERRQUEUE:
            try:
                destinations.append(sock.recvmsg(1, 1024, _MSG_ERRQUEUE)[3])
            except OSError:
                break
        hint = " (is anything listening on that port?)" if exc.errno == errno.ECONNREFUSED else ""
        if not destinations:
            error = session_error("recvfrom", exc)
            error.reason += " (the system reported an earlier datagram as undeliverable)"
            self._emit(error.to_event())
        for destination in destinations:
            error = session_error(f"sendto {format_addr(destination)}", exc)
            error.reason += hint
            self._emit(error.to_event())

    async def _aclose(self, reason: Reason = Reason.NONE) -> None:
        await self._astop_sending()
        sock, self._sock = self._sock, None
        if sock is None:
            return
        local, self._local = self._local, None
        self._stop_reading(sock)
        self._new_receiver(None)
        if self._meminfo:
            self._read_drop_counter(sock)
        self._drops_closed += self._drops_now
        self._drops_now = 0
        self.worker.counters.dropped_by_system = self._drops_closed
        sock.close()
        self._trace("close()")
        self._emit(StateChanged(state=State.CLOSED, local=local, reason=reason))
