"""listen(0) is a small queue, not a closed door: a server with backlog 0 still
accepts its clients (asyncio's accept loop takes the backlog as a count)."""

from __future__ import annotations

import socket

from socklab.core import PeerJoined, Received
from socklab.core.sessions.tcp_server import TcpServerOptions, TcpServerSession


def test_a_server_with_backlog_zero_accepts_and_hears_its_clients(sessions):
    server, log = sessions(TcpServerSession, TcpServerOptions(backlog=0))
    address = server.start("127.0.0.1", 0).result(5)
    for n in range(3):
        with socket.create_connection(address[:2], 5) as client:
            client.sendall(b"hello %d" % n)
            log.wait_for(lambda e, n=n: isinstance(e, Received) and e.data == b"hello %d" % n)
    assert len(log.of(PeerJoined)) == 3
