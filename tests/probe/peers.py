"""Loopback peers for the probe: non-blocking sockets it pumps while the GUI loop runs
(never a blocking call on the GUI thread, never a thread)."""

from __future__ import annotations

import contextlib
import socket


class UdpPeer:
    """A UDP socket on loopback that keeps what arrives, datagram by datagram.

    ``host`` 127.255.255.255 receives the loopback broadcasts sent to its port.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.sock.bind((host, 0))
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self.datagrams: list[bytes] = []

    def pump(self) -> None:
        while True:
            try:
                self.datagrams.append(self.sock.recv(70_000))
            except (BlockingIOError, ConnectionRefusedError):
                return

    def take(self) -> list[bytes]:
        """What arrived since the last take."""
        self.pump()
        got, self.datagrams = self.datagrams, []
        return got

    def close(self) -> None:
        self.sock.close()


class TcpPeer:
    """A TCP listener on 127.0.0.1 that accepts every client and reads what each sends."""

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.setblocking(False)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.received: list[bytearray] = []

    def pump(self) -> None:
        with contextlib.suppress(BlockingIOError):
            while True:
                conn, _ = self.listener.accept()
                conn.setblocking(False)
                self.connections.append(conn)
                self.received.append(bytearray())
        for conn, data in zip(self.connections, self.received, strict=True):
            if conn.fileno() < 0:
                continue
            try:
                while chunk := conn.recv(1 << 16):
                    data.extend(chunk)
                conn.close()  # the client closed: so do we
            except BlockingIOError:
                continue
            except OSError:
                conn.close()

    def last(self) -> bytes:
        """What the latest client sent."""
        self.pump()
        return bytes(self.received[-1]) if self.received else b""

    def close_all(self) -> None:
        for conn in self.connections:
            conn.close()
        self.connections.clear()
        self.received.clear()

    def close(self) -> None:
        self.close_all()
        self.listener.close()


class TcpClient:
    """A probe client of a server tab: connects without blocking, keeps what arrives."""

    def __init__(self, address: tuple) -> None:
        """``address``: where the server listens (an IPv6 one too)."""
        host, port = address[0], address[1]
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        self.sock.connect_ex((host, port))
        self.received = bytearray()
        self.closed = False

    def pump(self) -> None:
        if self.closed:
            return
        try:
            while chunk := self.sock.recv(1 << 16):
                self.received.extend(chunk)
            self.closed = True
        except (BlockingIOError, OSError):
            return

    def send(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            self.sock.send(data)

    def close(self) -> None:
        self.sock.close()
