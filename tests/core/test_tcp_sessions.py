"""TCP client and server sessions against real sockets on loopback."""

from __future__ import annotations

import concurrent.futures
import socket
import struct

import pytest

from socklab.core.errors import SessionError
from socklab.core.events import (
    Failed,
    PeerJoined,
    PeerLeft,
    Reason,
    Received,
    Sent,
    State,
    StateChanged,
)
from socklab.core.sessions.tcp_client import TcpClientOptions, TcpClientSession
from socklab.core.sessions.tcp_server import AutoReply, TcpServerOptions, TcpServerSession


def _listener() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(5)
    return sock


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _read_exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        assert chunk, f"closed after {len(data)} of {n} bytes"
        data += chunk
    return data


def _state(kind: State):
    return lambda e: isinstance(e, StateChanged) and e.state is kind


# -- client ------------------------------------------------------------------


def test_client_connect_send_receive_and_peer_close(sessions):
    client, log = sessions(TcpClientSession)
    with _listener() as listener:
        local, peer = client.connect("127.0.0.1", listener.getsockname()[1]).result(5)
        conn, address = listener.accept()
        with conn:
            assert address == local and peer == listener.getsockname()
            connected = log.wait_for(_state(State.CONNECTED))
            assert (connected.local, connected.peer) == (local, peer)

            assert client.send(b"GET / HTTP/1.0\r\n\r\n").result(5) == 18
            assert _read_exactly(conn, 18) == b"GET / HTTP/1.0\r\n\r\n"
            conn.sendall(b"reply")
            assert log.wait_for(lambda e: isinstance(e, Received)).data == b"reply"
    closed = log.wait_for(_state(State.PEER_CLOSED))
    assert closed.reason is Reason.PEER_CLOSED
    assert not client.connected
    counters = client.counters.snapshot()
    assert (counters.tx_bytes, counters.rx_bytes) == (18, 5)


def test_client_connection_refused_names_errno(sessions):
    client, log = sessions(TcpClientSession)
    port = _closed_port()
    with pytest.raises(SessionError) as caught:
        client.connect("127.0.0.1", port).result(5)
    assert str(caught.value) == f"connect to 127.0.0.1:{port}: connection refused"
    assert caught.value.errno_name == "ECONNREFUSED"
    assert log.wait_for(lambda e: isinstance(e, Failed)).errno_name == "ECONNREFUSED"


def test_client_detects_reset(sessions):
    client, log = sessions(TcpClientSession)
    with _listener() as listener:
        client.connect("127.0.0.1", listener.getsockname()[1]).result(5)
        conn, _ = listener.accept()
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()  # linger 0: RST instead of FIN
    assert log.wait_for(_state(State.RESET)).state is State.RESET


def test_client_half_close_still_receives(sessions):
    client, log = sessions(TcpClientSession)
    with _listener() as listener:
        client.connect("127.0.0.1", listener.getsockname()[1]).result(5)
        conn, _ = listener.accept()
        with conn:
            client.send(b"question").result(5)
            client.shutdown_write().result(5)
            assert _read_exactly(conn, 8) == b"question"
            assert conn.recv(10) == b""  # our FIN arrived
            conn.sendall(b"answer after your FIN")
            received = log.wait_for(lambda e: isinstance(e, Received))
            assert received.data == b"answer after your FIN"
            assert log.wait_for(_state(State.HALF_CLOSED))
            with pytest.raises(SessionError):
                client.send(b"more").result(5)


def test_client_reports_each_recv_as_a_chunk_of_at_most_recv_size(sessions):
    client, log = sessions(TcpClientSession, TcpClientOptions(recv_size=100))
    with _listener() as listener:
        client.connect("127.0.0.1", listener.getsockname()[1]).result(5)
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"z" * 1000)
            log.wait_until(lambda: client.counters.rx_bytes == 1000)
    chunks = [e.data for e in log.of(Received)]
    assert b"".join(chunks) == b"z" * 1000
    assert max(len(c) for c in chunks) == 100 and len(chunks) >= 10


def test_a_bulk_stream_read_several_chunks_per_wakeup_keeps_order_and_the_end(sessions):
    """Full buffers are followed by more reads at once; every chunk is still one
    recv of at most recv_size, in order, and the peer's close is still seen."""
    client, log = sessions(TcpClientSession, TcpClientOptions(recv_size=100))
    data = bytes(range(256)) * 400  # 102,400 bytes that show any reordering
    with _listener() as listener:
        client.connect("127.0.0.1", listener.getsockname()[1]).result(5)
        conn, _ = listener.accept()
        with conn:
            conn.sendall(data)
    assert log.wait_for(_state(State.PEER_CLOSED)).state is State.PEER_CLOSED
    chunks = [e.data for e in log.of(Received)]
    assert b"".join(chunks) == data
    assert max(map(len, chunks)) == 100
    assert client.counters.rx_packets == len(chunks)
    assert client.counters.rx_bytes == len(data)


def test_a_reset_in_the_middle_of_a_bulk_stream_is_a_reset(sessions):
    client, log = sessions(TcpClientSession, TcpClientOptions(recv_size=100))
    with _listener() as listener:
        client.connect("127.0.0.1", listener.getsockname()[1]).result(5)
        conn, _ = listener.accept()
        conn.sendall(b"r" * 50_000)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()  # RST
    assert log.wait_for(_state(State.RESET)).state is State.RESET
    assert client.counters.rx_bytes <= 50_000


def test_a_bulk_stream_into_a_small_ring_counts_every_chunk_it_let_go(sessions):
    """A wake-up's chunks enter the ring as one batch; the ring keeps the newest
    and counts the rest, so kept + dropped is exactly the chunks received."""
    server, log = sessions(TcpServerSession, TcpServerOptions(recv_size=1000), ring_size=50)
    local = server.start("127.0.0.1", 0).result(5)
    data = bytes(range(250)) * 8_000  # 2,000,000 bytes, 2,000 chunks or more
    with socket.create_connection(local, timeout=5) as sock:
        log.wait_until(lambda: server.peer_count == 1)
        log.pump()  # the join, before the flood
        sock.sendall(data)
        log.wait_until(lambda: server.counters.rx_bytes == len(data), pump=False)
        batch = server.drain()
    received = [e for e in batch.events if isinstance(e, Received)]
    assert 0 < len(received) <= 50
    assert len(received) + batch.dropped == server.counters.rx_packets
    assert data.endswith(b"".join(e.data for e in received))  # the newest, in order
    assert all(e.peer_id == 1 and e.peer is not None for e in received)


def test_echo_of_a_bulk_stream_is_byte_identical(sessions):
    server, log, local = _start(sessions, auto_reply=AutoReply.ECHO)
    data = bytes(range(256)) * 4_096  # 1 MiB: several full buffers per wake-up
    with socket.create_connection(local, timeout=5) as sock:
        sock.sendall(data)
        assert _read_exactly(sock, len(data)) == data
        # The worker counts an echo once its write returned, and the kernel may
        # hand the bytes to the peer before that: wait for the count itself.
        log.wait_until(lambda: server.counters.tx_bytes >= len(data))
    counters = server.counters.snapshot()
    assert (counters.rx_bytes, counters.tx_bytes) == (len(data), len(data))
    assert counters.rx_packets == counters.tx_packets  # one echo per chunk received


def test_client_connect_timeout(sessions):
    # A listener with a full backlog that never accepts makes connect hang
    # only on some systems; a non-routable address would leave loopback. So
    # provoke the timeout with a zero timeout against a live listener instead.
    client, _ = sessions(TcpClientSession, TcpClientOptions(connect_timeout=0))
    with _listener() as listener, pytest.raises(SessionError) as caught:
        client.connect("127.0.0.1", listener.getsockname()[1]).result(5)
    assert "timed out" in str(caught.value)


def test_client_local_bind(sessions):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    client, _ = sessions(
        TcpClientSession, TcpClientOptions(local_host="127.0.0.1", local_port=free_port)
    )
    with _listener() as listener:
        local, _ = client.connect("127.0.0.1", listener.getsockname()[1]).result(5)
        conn, address = listener.accept()
        conn.close()
    assert local == ("127.0.0.1", free_port) == address


def test_send_without_connection_is_an_error(sessions):
    client, _ = sessions(TcpClientSession)
    with pytest.raises(SessionError, match="not connected"):
        client.send(b"x").result(5)


# -- server ------------------------------------------------------------------


def _start(sessions, **options):
    server, log = sessions(TcpServerSession, TcpServerOptions(**options))
    local = server.start("127.0.0.1", 0).result(5)
    return server, log, local


def test_two_hundred_clients_exchange_with_exact_counts(sessions):
    server, log, local = _start(sessions, auto_reply=AutoReply.ECHO)
    clients = []
    try:
        for _ in range(200):
            sock = socket.create_connection(local, timeout=5)
            clients.append(sock)
        log.wait_until(lambda: server.peer_count == 200)
        for index, sock in enumerate(clients):
            sock.sendall(f"client {index:03d}".encode())

        def echo_ok(pair: tuple[int, socket.socket]) -> bool:
            index, sock = pair
            return _read_exactly(sock, 10) == f"client {index:03d}".encode()

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            assert all(pool.map(echo_ok, enumerate(clients)))
        # Each echo's count (the session's, then the peer's) follows its write.
        log.wait_until(lambda: server.counters.tx_bytes >= 2000)
        counters = server.counters.snapshot()
        assert (counters.rx_bytes, counters.tx_bytes) == (2000, 2000)
        joined = log.of(PeerJoined)
        assert len(joined) == 200 and len({e.peer_id for e in joined}) == 200
        for event in joined:
            stats = server.peer(event.peer_id)
            assert (stats.bytes_in, stats.bytes_out) == (10, 10)
        assert server.send(b"to all", None).result(5) == 200
        for sock in clients:
            assert _read_exactly(sock, 6) == b"to all"
    finally:
        for sock in clients:
            sock.close()
    log.wait_until(lambda: server.peer_count == 0)
    assert len(log.of(PeerLeft)) == 200


def test_send_to_one_peer_and_kick_one(sessions):
    server, log, local = _start(sessions)
    with socket.create_connection(local, 5) as a, socket.create_connection(local, 5) as b:
        log.wait_until(lambda: server.peer_count == 2)
        first, second = (e.peer_id for e in log.of(PeerJoined))
        assert server.send(b"only you", [second]).result(5) == 1
        assert _read_exactly(b, 8) == b"only you"
        assert server.kick([first]).result(5) == 1
        assert a.recv(10) == b""
        left = log.wait_for(lambda e: isinstance(e, PeerLeft))
        assert (left.peer_id, left.state) == (first, State.KICKED)
        assert server.peer_count == 1


def test_fixed_reply_and_exit_closes_that_client(sessions):
    reply = "已收到".encode("gbk")
    _, log, local = _start(sessions, auto_reply=AutoReply.FIXED, reply=reply, close_on=b"exit")
    with socket.create_connection(local, 5) as sock:
        sock.sendall("你好".encode("gbk"))
        assert _read_exactly(sock, len(reply)) == reply
        sock.sendall(b"exit\r\n")
        assert sock.recv(10) == b""
    left = log.wait_for(lambda e: isinstance(e, PeerLeft))
    assert (left.state, left.reason, left.detail) == (State.KICKED, Reason.CLOSE_WORD, "exit")


def test_server_detects_peer_close_and_reset(sessions):
    server, log, local = _start(sessions)
    polite = socket.create_connection(local, 5)
    rude = socket.create_connection(local, 5)
    log.wait_until(lambda: server.peer_count == 2)
    polite.close()
    rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    rude.close()
    log.wait_until(lambda: len(log.of(PeerLeft)) == 2)
    assert {e.state for e in log.of(PeerLeft)} == {State.PEER_CLOSED, State.RESET}


def test_client_half_close_lets_server_answer(sessions):
    server, log, local = _start(sessions, auto_reply=AutoReply.ECHO)
    client, client_log = sessions(TcpClientSession)
    client.connect(*local).result(5)
    client.send(b"last words").result(5)
    client.shutdown_write().result(5)
    # The server sees EOF and closes after answering; the client got the echo.
    client_log.wait_for(lambda e: isinstance(e, Received) and e.data == b"last words")
    client_log.wait_for(_state(State.PEER_CLOSED))
    assert server.counters.rx_bytes == 10
    assert log.wait_for(lambda e: isinstance(e, PeerLeft)).state is State.PEER_CLOSED


def test_server_stop_closes_every_peer(sessions):
    server, log, local = _start(sessions)
    clients = [socket.create_connection(local, 5) for _ in range(5)]
    try:
        log.wait_until(lambda: server.peer_count == 5)
        server.close().result(5)
        for sock in clients:
            assert sock.recv(10) == b""  # a clean FIN, not a reset
        assert log.wait_for(_state(State.STOPPED))
        assert {e.state for e in log.of(PeerLeft)} == {State.CLOSED}
        with pytest.raises(OSError):
            socket.create_connection(local, 1)
    finally:
        for sock in clients:
            sock.close()


def test_client_limit_turns_extra_clients_away(sessions):
    server, log, local = _start(sessions, max_clients=2)
    socks = [socket.create_connection(local, 5) for _ in range(3)]
    try:
        failed = log.wait_for(lambda e: isinstance(e, Failed))
        assert "limit of 2 clients" in failed.message
        assert server.peer_count == 2
    finally:
        for sock in socks:
            sock.close()


def test_server_port_in_use(sessions):
    with _listener() as taken:
        port = taken.getsockname()[1]
        server, _ = sessions(TcpServerSession)
        with pytest.raises(SessionError, match=f"port {port} is already in use"):
            server.start("127.0.0.1", port).result(5)


def test_restart_on_same_port_after_clients_leave(sessions):
    """SO_REUSEADDR (on by default) lets a restart bind despite TIME_WAIT."""
    server, log, local = _start(sessions)
    with socket.create_connection(local, 5) as sock:
        log.wait_until(lambda: server.peer_count == 1)
        server.close().result(5)
        assert sock.recv(1) == b""
    assert server.start(*local).result(5) == local


def test_client_and_server_sessions_talk(sessions):
    server, server_log, local = _start(sessions)
    client, client_log = sessions(TcpClientSession)
    client.connect(*local).result(5)
    joined = server_log.wait_for(lambda e: isinstance(e, PeerJoined))
    client.send("中文 text".encode()).result(5)
    got = server_log.wait_for(lambda e: isinstance(e, Received))
    assert got.data == "中文 text".encode() and got.peer_id == joined.peer_id
    server.send(b"pong", [joined.peer_id]).result(5)
    assert client_log.wait_for(lambda e: isinstance(e, Received)).data == b"pong"
    assert server_log.wait_for(lambda e: isinstance(e, Sent)).peer_id == joined.peer_id
