"""A UDP endpoint: bind (or bind automatically on first send), sendto, recvfrom.

Receiving drains the socket until it would block on every wake-up of the
worker's loop (never one callback per datagram), so a flood costs one loop pass
per few thousand datagrams.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import socket
import sys
from dataclasses import dataclass

from .addresses import AddressError, resolve
from .errors import SessionError, session_error
from .events import Received, Sent, SockAddr, State, StateChanged, format_addr
from .session import Session

#: The largest UDP payload over IPv4 (65,535 - 20 IP header - 8 UDP header).
MAX_DATAGRAM_IPV4 = 65_507
#: The largest UDP payload over IPv6 without jumbograms (65,535 - 8 UDP header).
MAX_DATAGRAM_IPV6 = 65_527

#: At most this many datagrams are read per wake-up, so that commands (Close,
#: Send) still get through during a flood.
_MAX_PER_WAKEUP = 4096

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
    truncated to it, as with ``recvfrom(1024)``.
    """

    broadcast: bool = False
    reuse_address: bool = False
    recv_buffer: int = 65_535


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

    # -- worker side -----------------------------------------------------------

    def _set_buffer(self, size: int) -> None:
        size = max(1, min(int(size), 1 << 20))
        self._buffer = bytearray(size if _TRUNC_FLAG else size + 1)
        self._recv_size = size

    async def _aset_options(self, options: UdpOptions) -> None:
        self.options = options
        self._set_buffer(options.recv_buffer)
        if self._sock is not None:
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, int(options.broadcast))

    async def _aopen(self, host: str, port: int) -> SockAddr:
        await self._aclose(reason="closed to bind again")
        operation = f"bind {format_addr((host, port))}"
        try:
            address = resolve(host, port, sock_type=socket.SOCK_DGRAM)
        except AddressError as exc:
            raise self._fail(operation, exc) from None
        sock = self._new_socket(address)
        try:
            sock.bind(address)
        except OSError as exc:
            sock.close()
            raise self._fail(operation, exc) from None
        self._attach(sock, reason="")
        assert self._local is not None
        return self._local

    def _new_socket(self, address: SockAddr) -> socket.socket:
        family = socket.AF_INET6 if len(address) == 4 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_DGRAM)
        sock.setblocking(False)
        if self.options.reuse_address:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if self.options.broadcast:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        if _MSG_ERRQUEUE:
            level, option = _RECVERR[family]
            sock.setsockopt(level, option, 1)
        return sock

    def _attach(self, sock: socket.socket, reason: str) -> None:
        self._sock = sock
        self._local = sock.getsockname()
        asyncio.get_running_loop().add_reader(sock.fileno(), self._on_readable)
        self._emit(StateChanged(state=State.BOUND, local=self._local, reason=reason))

    async def _aprepare(self, host: str, port: int) -> SockAddr:
        """Resolve the destination; bind automatically if the socket is not bound."""
        operation = f"sendto {format_addr((host, port))}"
        family = self._sock.family if self._sock is not None else 0
        try:
            address = resolve(host, port, sock_type=socket.SOCK_DGRAM, family=family)
        except AddressError as exc:
            raise self._fail(operation, exc) from None
        if self._sock is None:
            sock = self._new_socket(address)
            wildcard = ("::", 0) if sock.family == socket.AF_INET6 else ("0.0.0.0", 0)
            try:
                sock.bind(wildcard)
            except OSError as exc:
                sock.close()
                raise self._fail(operation, exc) from None
            self._attach(sock, reason="bound automatically by the first sendto")
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
        counters = self.worker.counters
        counters.tx_packets += 1
        counters.tx_bytes += sent
        self._emit(Sent(data, peer=address, local=self._local))
        return sent

    def _on_readable(self) -> None:
        sock = self._sock
        if sock is None:
            return
        buffer, size, local = self._buffer, self._recv_size, self._local
        view = memoryview(buffer)
        received: list[Received] = []
        total = 0
        for _ in range(_MAX_PER_WAKEUP):
            try:
                length, source = sock.recvfrom_into(buffer, len(buffer), _TRUNC_FLAG)
            except BlockingIOError:
                break
            except OSError as exc:
                # An ICMP error for an earlier sendto (port unreachable ...)
                # surfaces on the next recvfrom. Report it and keep reading.
                self._report_icmp_error(sock, exc)
                continue
            kept = length if length <= size else size
            total += kept
            received.append(
                Received(bytes(view[:kept]), source, local, truncated=length > size, size=length)
            )
        view.release()
        if received:
            counters = self.worker.counters
            counters.rx_packets += len(received)
            counters.rx_bytes += total
            self.worker.emit_many(received)

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

    async def _aclose(self, reason: str = "") -> None:
        await self._astop_repeat()
        sock, self._sock = self._sock, None
        if sock is None:
            return
        local, self._local = self._local, None
        asyncio.get_running_loop().remove_reader(sock.fileno())
        sock.close()
        self._emit(StateChanged(state=State.CLOSED, local=local, reason=reason))
