"""How a UDP session receives: drain the socket on every wake-up.

Receiving drains the socket until it would block on every wake-up of the
worker's loop (never one callback per datagram), so a flood costs one loop pass
per few thousand datagrams. The hot loop only copies each datagram out of the
receive buffer and counts; the datagrams become events only if they are still in
the worker's ring when a consumer drains it (one timestamp per wake-up). The
kernel's own drop counter (Linux ``SO_RXQ_OVFL``) goes into
``Counters.dropped_by_system``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import logging
import os
import socket
import sys
import time
from operator import itemgetter
from typing import Any

from ..errors import session_error
from ..events import Received, SockAddr, format_addr
from ..fastpath.gro import AVAILABLE as _GRO_AVAILABLE
from ..fastpath.gro import enable_gro
from ..fastpath.mmsg import DEFAULT_VLEN
from ..fastpath.paths import ReceivePath
from ..fastpath.receive import AVAILABLE as _MMSG_AVAILABLE
from ..fastpath.receive import GRO_ROOM, MmsgReceiver
from ..files.transfer import ReceiveProgress, SaveOptions
from .base import Session

log = logging.getLogger("socklab.core.fastpath")

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
#: ... and takes at least this many datagrams per call, however large each may be.
_MIN_VLEN = 16

# On Linux, MSG_TRUNC makes recvfrom return a datagram's real length even when
# it did not fit the buffer; elsewhere one spare byte in the buffer tells us.
_TRUNC_FLAG = getattr(socket, "MSG_TRUNC", 0)

# Linux tells an unconnected UDP socket about ICMP errors (port unreachable ...)
# only with IP_RECVERR; the failed datagram's destination then waits in the
# socket's error queue. (Windows reports them unasked, as error 10054.)
_MSG_ERRQUEUE = getattr(socket, "MSG_ERRQUEUE", 0) if _LINUX else 0
_RECVERR = {socket.AF_INET: (socket.IPPROTO_IP, 11), socket.AF_INET6: (socket.IPPROTO_IPV6, 25)}

#: A received datagram as the hot loop keeps it: its bytes, source and real length.
Item = tuple[bytearray, Any, int]


class UdpReceiving(Session):
    """The receiving half of :class:`~.udp.UdpSession`.

    The session owns the socket (``_sock``, bound at ``_local``); it calls
    :meth:`_prepare_receiving` on each new socket, :meth:`_begin_receiving`
    once the socket is bound and :meth:`_end_receiving` before closing it, and
    :meth:`_set_recv_size` when the receive size changes.
    """

    _sock: socket.socket | None
    _local: SockAddr | None
    _rules: Any  # a RuleSet or None (udp_rules)

    def _answer_rules(self, datagrams: Any) -> None:  # pragma: no cover - udp_rules'
        raise NotImplementedError

    def __init__(self, *, recv_size: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_buffer(recv_size)
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
        #: Ask for UDP_GRO (set before open; Linux with recvmmsg): a GSO sender's
        #: datagrams then arrive coalesced, up to 64 per buffer, and are split
        #: again here, each counted. Off by default: when the receive queue is
        #: full the kernel drops a coalesced buffer whole and counts it as ONE
        #: drop, so dropped_by_system would no longer count datagrams exactly.
        self.use_gro = False
        self._receive_path: ReceivePath | None = None

    # -- public, thread-safe ---------------------------------------------------

    def pause_receive(self) -> concurrent.futures.Future[None]:
        """Stop calling recvfrom: datagrams queue up in the kernel, then it drops them."""
        return self._submit(self._aset_receiving(False))

    def resume_receive(self) -> concurrent.futures.Future[None]:
        """Read again (what queued up first, then what arrives)."""
        return self._submit(self._aset_receiving(True))

    @property
    def receive_path(self) -> ReceivePath | None:
        """Whether the bound socket has GRO on (or why not); None before it is bound."""
        return self._receive_path

    @property
    def receiving(self) -> bool:
        """False while receiving is paused."""
        return self._receiving

    def receive_to_file(
        self,
        path: str | os.PathLike[str],
        *,
        append: bool = False,
        atomic: bool = False,
        peer: SockAddr | None = None,
    ) -> ReceiveProgress:
        """Write every datagram received from now on to the file at ``path``
        (see :class:`SaveOptions`).

        ``peer`` (host, port) keeps only that sender's datagrams. Raises
        SessionError if the file cannot be opened. It may start before the socket
        is bound and lasts (across a rebind) until :meth:`stop_receive_to_file`
        or shutdown.
        """
        return self._start_sink(path, SaveOptions(append, atomic), peer=peer)

    # -- the socket's life, as the session tells it -----------------------------

    def _set_buffer(self, size: int) -> None:
        size = max(1, min(int(size), 1 << 20))
        self._buffer = bytearray(size if _TRUNC_FLAG else size + 1)
        self._recv_size = size

    def _set_recv_size(self, size: int) -> None:
        """The size passed to recvfrom from now on (the current socket's too)."""
        self._set_buffer(size)
        sock = self._sock
        if (
            sock is not None
            and self.use_recvmmsg
            and (self._mmsg is None or self._mmsg.cut != self._recv_size)
        ):
            self._new_receiver(sock, gro=self._mmsg is not None and self._mmsg.gro)

    def _prepare_receiving(self, sock: socket.socket) -> None:
        """Ask a new socket for ICMP errors and the kernel's drop counter."""
        if _MSG_ERRQUEUE and sock.family in _RECVERR:  # not AF_UNIX
            level, option = _RECVERR[sock.family]
            sock.setsockopt(level, option, 1)
        self._rxq_ovfl = False
        if _SO_RXQ_OVFL and _ANC_SPACE:
            try:
                sock.setsockopt(socket.SOL_SOCKET, _SO_RXQ_OVFL, 1)
                self._rxq_ovfl = True
            except OSError:
                pass

    def _begin_receiving(self, sock: socket.socket) -> None:
        """The session's socket is bound: read it (unless paused)."""
        self._drops_now = 0
        self._new_receiver(sock, gro=self.use_gro and _GRO_AVAILABLE)  # else no GRO cmsgs
        if self._mmsg is not None and self._mmsg.gro:
            refused = enable_gro(sock)
            self._receive_path = ReceivePath(not refused, refused)
        else:
            self._receive_path = ReceivePath(False)
        if self._receiving:
            self._start_reading(sock)

    def _end_receiving(self, sock: socket.socket) -> None:
        """The session is closing ``sock``: stop reading, keep its drop count."""
        self._stop_reading(sock)
        self._new_receiver(None)
        if self._meminfo:
            self._read_drop_counter(sock)
        self._drops_closed += self._drops_now
        self._drops_now = 0
        self.worker.counters.dropped_by_system = self._drops_closed

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

    def _new_receiver(self, sock: socket.socket | None, gro: bool = False) -> None:
        """(Re)build the recvmmsg receiver for ``sock`` and the current recv size.

        A socket with GRO on keeps its old receiver if a new one cannot be built:
        only a receiver built for GRO counts its coalesced buffers right.
        """
        old = self._mmsg
        receiver = None
        # AF_UNIX: recvfrom_into (the receiver decodes IP sources only).
        if sock is not None and self.use_recvmmsg and sock.family in _RECVERR:
            slot = max(self._recv_size, GRO_ROOM) if gro else self._recv_size
            vlen = max(_MIN_VLEN, min(DEFAULT_VLEN, _ARENA_BYTES // slot))
            try:
                receiver = MmsgReceiver(sock, self._recv_size, vlen, gro=gro)
            except (OSError, ValueError) as exc:
                if old is not None and old.gro:
                    log.warning("recvmmsg receiver not rebuilt (%s): the old one stays", exc)
                    return
                log.warning("recvmmsg receiver not built (%s): one recvfrom per datagram", exc)
        self._mmsg = receiver
        if old is not None:
            old.close()

    def _start_reading(self, sock: socket.socket) -> None:
        """Wake up (call _on_readable) whenever ``sock`` has datagrams."""
        asyncio.get_running_loop().add_reader(sock.fileno(), self._on_readable)

    def _stop_reading(self, sock: socket.socket) -> None:
        """No more wake-ups for ``sock``, nor a flood pause that would resume them."""
        pause, self._flood_pause = self._flood_pause, None
        if pause is not None:
            pause.cancel()
        asyncio.get_running_loop().remove_reader(sock.fileno())

    # -- the hot loop ------------------------------------------------------------

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
        """Up to 256 buffers per recvmmsg call (GRO's split into their datagrams),
        until the socket is empty; how many datagrams."""
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
            lengths = receiver.lengths(count)
            sizes = receiver.gro_sizes(count)
            owners: list[int] | None = None
            if sizes is None:
                datas = receiver.datagrams(lengths)
            else:  # GRO coalesced some buffers: one item per datagram again
                datas, lengths, owners = receiver.split(lengths, sizes)
            received += len(datas)
            drops = receiver.drop_count(count)
            if drops is not None and drops > self._drops_now:
                self._drops_now = drops
            source = receiver.single_source(count)
            if source is not None and max(lengths) <= size:
                self._take_uniform(datas, source, sum(lengths), mono, wall)
            else:
                at = receiver.source
                where = owners or range(len(datas))
                items = [
                    (data, source if source is not None else at(i), length)
                    for i, data, length in zip(where, datas, lengths, strict=True)
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
        if self._rules is not None:  # reply rules (udp_rules)
            self._answer_rules([(data, source) for data in datas])

    def _drain_loop(self, sock: socket.socket, mono: float, wall: float) -> int:
        """The plain loop where recvmmsg is missing: recvfrom_into until it would block;
        how many datagrams it read."""
        buffer = self._buffer
        nbuf = len(buffer)
        items: list[Item] = []
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

    def _take(self, items: list[Item], mono: float, wall: float) -> None:
        """Count a receive batch, save it to the sink, hand it to the ring."""
        size = self._recv_size
        kept = sum(map(len, map(_first, items)))
        if not _TRUNC_FLAG:  # the spare byte of a truncated datagram is not data
            kept -= sum(1 for item in items if item[2] > size)
        sink = self._sink
        if sink is not None:
            if sink.peer is None and _TRUNC_FLAG:
                chunks: Any = map(_first, items)
            else:
                chunks = [
                    chunk if length <= size else chunk[:size]
                    for chunk, source, length in items
                    if sink.accepts(source)
                ]
            self._write_sink(sink, chunks)
        local = self._local

        def make(item: Item) -> Received:
            chunk, source, length = item
            data = bytes(chunk) if length <= size else bytes(chunk[:size])
            if source is None:  # an unnamed Unix sender (AF_UNIX): say so, as ''
                source = ""
            return Received(data, source, local, length > size, length, mono=mono, wall=wall)

        self._count_in(items, make, kept)
        if self._rules is not None:  # reply rules (udp_rules)
            self._answer_rules((bytes(c[:size]), source) for c, source, _ in items)

    # -- what the kernel tells besides data --------------------------------------

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
