"""A close that has to reset a connection because the peer took nothing for a
second says how many queued bytes were not delivered: nothing lost in silence."""

from __future__ import annotations

import socket

from socklab.core import Failed, PeerJoined
from socklab.core.sessions.tcp_client import TcpClientSession
from socklab.core.sessions.tcp_server import TcpServerOptions, TcpServerSession

BIG = b"x" * (32 << 20)  # far more than both kernels' buffers hold


def _not_delivered(log) -> Failed:
    return log.wait_for(
        lambda e: isinstance(e, Failed) and "were not delivered" in e.message, timeout=30
    )


def test_a_client_closing_on_a_peer_that_reads_nothing_says_what_was_lost(sessions):
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client, log = sessions(TcpClientSession)
        client.connect(*listener.getsockname()).result(5)
        peer, _ = listener.accept()
        with peer:  # never reads
            sending = client.send(BIG)  # it waits for the peer, which never reads
            client.close().result(30)
            failed = _not_delivered(log)
    lost = int(failed.message.split(": ")[1].split(" bytes")[0].replace(",", ""))
    assert 0 < lost <= len(BIG)
    assert failed.operation.startswith("close 127.0.0.1:")
    assert sending.exception(5) is not None  # the send did not complete either


def test_a_server_stopping_on_a_peer_that_reads_nothing_says_what_was_lost(sessions):
    server, log = sessions(TcpServerSession, TcpServerOptions())
    address = server.start("127.0.0.1", 0).result(5)
    with socket.socket() as peer:
        peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        peer.connect(address[:2])
        joined = log.wait_for(lambda e: isinstance(e, PeerJoined))
        server.send(BIG, [joined.peer_id])
        log.wait_until(lambda: server.counters.tx_bytes > 0, timeout=30)
        server.close().result(30)
        failed = _not_delivered(log)
    assert failed.peer_id == joined.peer_id


def test_a_close_whose_bytes_were_all_taken_says_nothing(sessions):
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client, log = sessions(TcpClientSession)
        client.connect(*listener.getsockname()).result(5)
        peer, _ = listener.accept()
        with peer:
            client.send(b"hello").result(5)
            assert peer.recv(5) == b"hello"
            client.close().result(5)
    log.settle()
    log.pump()
    assert not [e for e in log.events if isinstance(e, Failed)]
