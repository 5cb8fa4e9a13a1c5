"""TCP under load: files both ways, the generator with backpressure, a thousand
clients with exact counts, send-to-all."""

from __future__ import annotations

import os
import selectors
import socket

from loop_helpers import connect_many
from socklab.core.events import PeerJoined, PeerLeft, Received
from socklab.core.jobs.generator import GeneratorSpec
from socklab.core.jobs.progress import Phase
from socklab.core.sessions.tcp_client import TcpClientSession
from socklab.core.sessions.tcp_server import AutoReply, TcpServerOptions, TcpServerSession


def _pair(sessions, server_options: TcpServerOptions | None = None):
    server, server_log = sessions(TcpServerSession, server_options)
    address = server.start("127.0.0.1", 0).result(5)
    client, client_log = sessions(TcpClientSession)
    client.connect(*address).result(5)
    joined = server_log.wait_for(lambda e: isinstance(e, PeerJoined))
    return server, server_log, client, client_log, joined.peer_id


def test_tcp_file_from_client_to_server_is_byte_identical(sessions, tmp_path):
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(3_000_000))
    server, server_log, client, _, peer_id = _pair(sessions)
    saving = server.receive_to_file(tmp_path / "out.bin", peer_id=peer_id)
    progress = client.send_file(source, chunk=100_000)
    assert progress.wait(5) == 30
    snap = progress.snapshot()
    assert (snap.phase, snap.bytes, snap.fraction) == (Phase.DONE, 3_000_000, 1.0)
    # The job is done once the last block is queued; a close gives what is still
    # queued a second to go, then resets. So close once every byte is in.
    server_log.wait_until(lambda: server.counters.rx_bytes >= 3_000_000)
    client.close().result(5)
    # The peer's leaving ends its file.
    server_log.wait_until(lambda: saving.snapshot().phase is Phase.DONE)
    assert saving.bytes == 3_000_000
    assert (tmp_path / "out.bin").read_bytes() == source.read_bytes()
    assert server.counters.rx_bytes == client.counters.tx_bytes == 3_000_000


def test_tcp_file_from_server_to_client_is_byte_identical(sessions, tmp_path):
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(1_234_567))
    server, _, client, client_log, peer_id = _pair(sessions)
    saving = client.receive_to_file(tmp_path / "out.bin")
    assert server.send_file(source, [peer_id], chunk=65_536).wait(5) == 19
    server.kick([peer_id]).result(5)
    client_log.wait_until(lambda: saving.snapshot().phase is Phase.DONE)
    assert (tmp_path / "out.bin").read_bytes() == source.read_bytes()


def test_tcp_generator_sends_an_exact_count(sessions):
    server, server_log, client, _, _ = _pair(sessions)
    progress = client.generate(GeneratorSpec(size=1000, count=2000))
    assert progress.wait(5) == 2000
    server_log.wait_until(lambda: server.counters.rx_bytes == 2_000_000)
    assert client.counters.tx_bytes == 2_000_000
    assert client.stats is not None and client.stats.bytes_out == 2_000_000


def test_tcp_generator_waits_for_a_peer_that_does_not_read(sessions):
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client, log = sessions(TcpClientSession)
        client.connect(*listener.getsockname()).result(5)
        peer, _ = listener.accept()
        with peer:
            total = 64 << 20
            progress = client.generate(GeneratorSpec(size=1 << 20, count=64))
            # Nobody reads: the kernel's buffers fill, then the transport's, and
            # the generator waits for room (what it has sent stays bounded).
            log.wait_until(lambda: client._connection.write_paused)
            assert not progress.future.done()
            queued = progress.bytes
            # Kernel buffers, the transport's high-water mark and one batch at most.
            assert queued < 24 << 20, f"{queued:,} bytes queued for a peer that does not read"
            got = 0
            while got < total:
                chunk = peer.recv(1 << 20)
                assert chunk
                got += len(chunk)
            assert progress.wait(5) == 64 and got == total


def test_tcp_generator_to_every_peer_of_a_server(sessions):
    server, server_log = sessions(TcpServerSession)
    address = server.start("127.0.0.1", 0).result(5)
    peers = [socket.create_connection(address, 5) for _ in range(10)]
    try:
        server_log.wait_until(lambda: server.peer_count == 10)
        progress = server.generate(GeneratorSpec(size=100, count=50))
        assert progress.wait(5) == 50
        for peer in peers:
            got = b""
            while len(got) < 5000:
                got += peer.recv(10_000)
            assert len(got) == 5000
        assert server.counters.tx_bytes == 10 * 5000
    finally:
        for peer in peers:
            peer.close()


def test_stopping_the_tcp_generator_at_full_rate(sessions):
    server, server_log, client, client_log, _ = _pair(sessions)
    progress = client.generate(GeneratorSpec(size=65_536))
    client_log.wait_until(lambda: progress.packets > 100)
    client.stop_job().result(5)  # resolves once the job has ended
    assert progress.future.result(5) == progress.packets
    assert progress.snapshot().phase is Phase.STOPPED
    sent = client.counters.tx_bytes
    assert sent == progress.bytes
    server_log.wait_until(lambda: server.counters.rx_bytes >= sent)
    # All the client ever writes arrives before its FIN: what the server counted
    # when the client left is what it had sent at the stop, nothing more.
    client.close().result(5)
    left = server_log.wait_for(lambda e: isinstance(e, PeerLeft))
    assert left.bytes_in == server.counters.rx_bytes == client.counters.tx_bytes == sent


def test_a_thousand_clients_with_exact_counts_echo_and_send_to_all(sessions):
    options = TcpServerOptions(auto_reply=AutoReply.ECHO)
    server, log = sessions(TcpServerSession, options)
    address = server.start("127.0.0.1", 0).result(5)
    clients = connect_many(address, 1000)
    try:
        log.wait_until(lambda: server.peer_count == 1000, timeout=10)
        joined = log.of(PeerJoined)
        assert len(joined) == 1000 and len({e.peer_id for e in joined}) == 1000
        assert {e.peer for e in joined} == {c.getsockname() for c in clients}
        # An echo round trip for each, all in flight at once.
        selector = selectors.DefaultSelector()
        for i, sock in enumerate(clients):
            sock.send(b"ping %04d" % i)
            selector.register(sock, selectors.EVENT_READ, i)
        echoed = 0
        while echoed < 1000:
            events = selector.select(5)
            assert events, f"only {echoed} echoes came back"
            for key, _ in events:
                assert key.fileobj.recv(100) == b"ping %04d" % key.data
                selector.unregister(key.fileobj)
                echoed += 1
        counters = server.counters
        assert (counters.rx_packets, counters.rx_bytes) == (1000, 9000)
        # Send to all reaches every one.
        assert server.send(b"to all").result(10) == 1000
        for sock in clients:
            selector.register(sock, selectors.EVENT_READ)
        reached = 0
        while reached < 1000:
            events = selector.select(5)
            assert events, f"only {reached} got the message"
            for key, _ in events:
                assert key.fileobj.recv(100) == b"to all"
                selector.unregister(key.fileobj)
                reached += 1
        assert server.counters.tx_bytes == 9000 + 6000
        assert all(server.peer(e.peer_id).bytes_in == 9 for e in joined)
    finally:
        for sock in clients:
            sock.close()
    log.wait_until(lambda: server.peer_count == 0, timeout=10)
    # The ring may let data rows go, never a join or a leave.
    assert len(log.of(PeerLeft)) == 1000
    assert len(log.of(PeerJoined)) == 1000


def test_a_thousand_clients_share_one_receive_buffer(sessions):
    server, log = sessions(TcpServerSession)
    address = server.start("127.0.0.1", 0).result(5)
    clients = connect_many(address, 200)
    try:
        log.wait_until(lambda: server.peer_count == 200)
        buffers = {id(server._connections[i]._recv) for i in server.peer_ids()}
        assert len(buffers) == 1
        for sock in clients:
            sock.send(b"x")
        log.wait_until(lambda: server.counters.rx_packets == 200)
        assert all(e.data == b"x" for e in log.of(Received))
    finally:
        for sock in clients:
            sock.close()
