"""The connection a scenario runs on, over asyncio: a stream (TCP, TLS, Unix)
or a connected UDP socket. :meth:`Channel.receive` gives the next bytes
(``b""`` once a stream's peer closed; one datagram at a time on UDP)."""

from __future__ import annotations

import asyncio
import socket
import ssl
from typing import Any

from ..addresses import is_ipv6
from ..tls import client_context
from ..unix import unix_sockaddr
from .model import Target, TargetKind

#: Bytes asked of a stream per read.
READ_SIZE = 65536
#: Datagrams kept waiting for an expect; older ones are let go.
MAX_WAITING_DATAGRAMS = 1000


class Channel:
    """One connection: :meth:`send`, :meth:`receive`, :meth:`close`."""

    stream = True

    async def send(self, data: bytes) -> None:
        raise NotImplementedError

    async def receive(self) -> bytes:
        """The next bytes that arrive; ``b""`` at a stream's end. Cancel it to stop waiting."""
        raise NotImplementedError

    async def close(self) -> None:
        """Close the socket, and return once it is closed (a loop that ends
        right after must not leave it to the garbage collector)."""
        raise NotImplementedError

    def ends(self) -> tuple[Any, Any]:
        """The socket's own address and its peer's (as ``getsockname`` and
        ``getpeername`` give them; a Unix client's own is ``""``)."""
        raise NotImplementedError


#: Seconds a close waits for the peer (a TLS close_notify) before it lets go.
CLOSE_WAIT = 2.0


class StreamChannel(Channel):
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer

    async def send(self, data: bytes) -> None:
        self._writer.write(data)
        await self._writer.drain()

    async def receive(self) -> bytes:
        return await self._reader.read(READ_SIZE)

    def ends(self) -> tuple[Any, Any]:
        info = self._writer.get_extra_info
        return info("sockname"), info("peername")

    async def close(self) -> None:
        self._writer.close()
        try:
            async with asyncio.timeout(CLOSE_WAIT):
                await self._writer.wait_closed()
        except TimeoutError:  # a TLS peer that never answers close_notify
            self._writer.transport.abort()
            await asyncio.sleep(0)
        except (OSError, ssl.SSLError):
            pass  # closed all the same


class _Datagrams(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.queue: asyncio.Queue[bytes | BaseException] = asyncio.Queue(MAX_WAITING_DATAGRAMS)
        self.dropped = 0

    def _put(self, item: bytes | BaseException) -> None:
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            self.dropped += 1

    def datagram_received(self, data: bytes, addr: object) -> None:
        self._put(data)

    def error_received(self, exc: Exception) -> None:  # ICMP port unreachable ...
        self._put(exc)


class DatagramChannel(Channel):
    stream = False

    def __init__(self, transport: asyncio.DatagramTransport, protocol: _Datagrams) -> None:
        self._transport, self._protocol = transport, protocol

    async def send(self, data: bytes) -> None:
        self._transport.sendto(data)

    def ends(self) -> tuple[Any, Any]:
        info = self._transport.get_extra_info
        return info("sockname"), info("peername")

    async def receive(self) -> bytes:
        item = await self._protocol.queue.get()
        if isinstance(item, BaseException):
            raise item
        return item

    async def close(self) -> None:
        self._transport.close()
        await asyncio.sleep(0)  # connection_lost runs: the socket is closed


async def open_channel(target: Target) -> Channel:
    """Connect to ``target`` (OSError, ssl.SSLError ... as they come)."""
    loop = asyncio.get_running_loop()
    if target.kind is TargetKind.UNIX:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)
            await loop.sock_connect(sock, unix_sockaddr(target.path))
        except BaseException:
            sock.close()
            raise
        reader, writer = await asyncio.open_connection(sock=sock)
        return StreamChannel(reader, writer)
    if target.kind is TargetKind.UDP:
        infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_DGRAM)
        family, _, _, _, address = infos[0]
        sock = socket.socket(family, socket.SOCK_DGRAM)
        try:
            sock.setblocking(False)
            sock.connect(address)
        except BaseException:
            sock.close()
            raise
        transport, protocol = await loop.create_datagram_endpoint(_Datagrams, sock=sock)
        return DatagramChannel(transport, protocol)
    context = None
    server_hostname = None
    if target.kind is TargetKind.TLS:
        assert target.tls is not None
        context = client_context(target.tls)
        server_hostname = target.tls.server_name or target.host.split("%")[0]
    family = socket.AF_INET6 if is_ipv6(target.host) else 0
    reader, writer = await asyncio.open_connection(
        target.host,
        target.port,
        ssl=context,
        server_hostname=server_hostname,
        family=family,
    )
    return StreamChannel(reader, writer)
