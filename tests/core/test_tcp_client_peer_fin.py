"""A peer's half-close (shutdown(SHUT_WR): its FIN) against the TCP client
session, with real sockets: with ``keep_sending_after_fin`` our sending side
stays open; without it the client closes, as the classic client does."""

from __future__ import annotations

import socket

from socklab.core import State, StateChanged, TcpClientOptions, TcpClientSession


def _state(kind: State):
    return lambda e: isinstance(e, StateChanged) and e.state is kind


def _read_to_end(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def _half_closing_peer(session: TcpClientSession) -> tuple[socket.socket, socket.socket]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    session.connect("127.0.0.1", listener.getsockname()[1]).result(5)
    peer, _ = listener.accept()
    peer.settimeout(5)
    peer.shutdown(socket.SHUT_WR)  # the peer finished sending, and reads on
    return listener, peer


def test_after_the_peers_fin_the_client_still_sends_and_then_closes(sessions):
    client, log = sessions(TcpClientSession, TcpClientOptions(keep_sending_after_fin=True))
    listener, peer = _half_closing_peer(client)
    with listener, peer:
        log.wait_for(_state(State.PEER_FINISHED))
        assert client.connected
        client.send(b"after ").result(5)
        client.send(b"your FIN").result(5)
        client.close().result(5)
        assert _read_to_end(peer) == b"after your FIN"
    assert log.wait_for(_state(State.CLOSED))


def test_shutting_down_our_side_after_the_peers_fin_closes_it(sessions):
    client, log = sessions(TcpClientSession, TcpClientOptions(keep_sending_after_fin=True))
    listener, peer = _half_closing_peer(client)
    with listener, peer:
        log.wait_for(_state(State.PEER_FINISHED))
        client.send(b"last").result(5)
        client.shutdown_write().result(5)
        assert _read_to_end(peer) == b"last"
        log.wait_for(_state(State.CLOSED))
    assert not client.connected


def test_the_classic_client_closes_on_the_peers_fin(sessions):
    client, log = sessions(TcpClientSession)
    listener, peer = _half_closing_peer(client)
    with listener, peer:
        log.wait_for(_state(State.PEER_CLOSED))
        assert _read_to_end(peer) == b""
    assert not any(_state(State.PEER_FINISHED)(e) for e in log.events)
