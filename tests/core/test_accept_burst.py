"""The server's accept path under a burst of connects: none lost, the client
limit kept, out of descriptors said once without spinning, clients that reset
before they were accepted, Stop in the middle, and writes to a peer that does
not read (the accepted connections' own transport)."""

from __future__ import annotations

import gc
import os
import resource
import select
import socket
import struct

from loop_helpers import connect_many, held
from socklab.core import (
    AutoReply,
    Failed,
    PeerJoined,
    PeerLeft,
    State,
    StateChanged,
    TcpServerOptions,
    TcpServerSession,
)
from socklab.core.jobs.generator import GeneratorSpec
from socklab.core.sessions.socket_transport import SocketTransport
from socklab.core.sessions.stream import Connection

BURST = 300


def _close_all(socks: list[socket.socket]) -> None:
    for sock in socks:
        sock.close()


def _ended(sock: socket.socket) -> bool:
    """Whether the server's end of ``sock`` is gone: a FIN (b'') or a reset."""
    if not select.select([sock], [], [], 5)[0]:
        return False
    try:
        return sock.recv(64) == b""
    except ConnectionResetError:
        return True


def test_a_burst_is_accepted_in_one_go_none_lost_each_echoed(sessions):
    server, log = sessions(TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO))
    address = server.start("127.0.0.1", 0).result(5)
    # Queued while the worker is busy: one wake-up finds all of them.
    with held(server):
        clients = connect_many(address, BURST)
    try:
        log.wait_until(lambda: server.peer_count == BURST, timeout=10)
        joined = log.of(PeerJoined)
        assert [e.peer_id for e in joined] == list(range(1, BURST + 1))
        assert {e.peer for e in joined} == {c.getsockname() for c in clients}
        for i, sock in enumerate(clients):
            sock.send(b"#%03d" % i)
        for i, sock in enumerate(clients):
            assert select.select([sock], [], [], 5)[0]
            assert sock.recv(16) == b"#%03d" % i
        assert server.send(b"all").result(5) == BURST
        for sock in clients:
            assert select.select([sock], [], [], 5)[0]
            assert sock.recv(16) == b"all"
        counters = server.counters
        assert (counters.rx_packets, counters.rx_bytes) == (BURST, 4 * BURST)
        assert counters.tx_bytes == 4 * BURST + 3 * BURST
    finally:
        _close_all(clients)
    log.wait_until(lambda: server.peer_count == 0, timeout=10)
    assert len(log.of(PeerLeft)) == BURST


def test_the_client_limit_holds_under_a_burst(sessions):
    server, log = sessions(TcpServerSession, TcpServerOptions(max_clients=20))
    address = server.start("127.0.0.1", 0).result(5)
    with held(server):
        clients = connect_many(address, 100)
    try:

        def turned_away() -> list[Failed]:
            return [e for e in log.of(Failed) if "limit of 20 clients" in e.message]

        log.wait_until(lambda: len(turned_away()) == 80, timeout=10)
        assert server.peer_count == 20
        kept = {e.peer for e in log.of(PeerJoined)}
        assert len(kept) == 20
        away = [sock for sock in clients if sock.getsockname() not in kept]
        assert len(away) == 80 and all(map(_ended, away))  # closed at once
    finally:
        _close_all(clients)


def test_out_of_descriptors_is_said_once_and_accepting_waits_then_resumes(sessions):
    server, log = sessions(TcpServerSession)
    address = server.start("127.0.0.1", 0).result(5)
    clients = [socket.socket() for _ in range(3)]  # their descriptors exist before the limit
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    lowest_free = os.dup(0)
    os.close(lowest_free)
    resource.setrlimit(resource.RLIMIT_NOFILE, (lowest_free, hard))  # no new descriptor
    try:
        for sock in clients:
            sock.connect(address)  # the kernel completes it; accept() then fails
        failed = log.wait_for(lambda e: isinstance(e, Failed) and e.errno_name == "EMFILE")
        assert failed.operation == f"accept on 127.0.0.1:{address[1]}"
        assert "accepting again every 1 s" in failed.message
        tries = server._server.failures
        for _ in range(5):  # loop passes: a listener still watched would fail on each
            log.settle()
        assert server._server.failures == tries
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    try:
        log.wait_until(lambda: server.peer_count == 3, timeout=10)
        assert [e.errno_name for e in log.of(Failed)] == ["EMFILE"]  # said once
    finally:
        _close_all(clients)


def test_clients_that_reset_before_they_are_accepted_do_not_stop_the_others(sessions):
    server, log = sessions(TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO))
    address = server.start("127.0.0.1", 0).result(5)
    with held(server):
        gone = connect_many(address, 20)
        for sock in gone:  # wait until connected, then reset (SO_LINGER 0)
            assert select.select([], [sock], [], 5)[1]
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        clients = [socket.create_connection(address, 5) for _ in range(5)]
    try:
        log.wait_until(lambda: server.peer_count == 5, timeout=10)
        for sock in clients:
            sock.sendall(b"still here")
            assert sock.recv(16) == b"still here"
        joined = {e.peer_id for e in log.of(PeerJoined)}
        left = {e.peer_id for e in log.of(PeerLeft)}
        assert len(joined - left) == 5 and left <= joined
    finally:
        _close_all(clients)


def test_stop_in_the_middle_of_a_burst_ends_every_connection(sessions):
    server, log = sessions(TcpServerSession)
    address = server.start("127.0.0.1", 0).result(5)
    clients = connect_many(address, BURST)
    try:
        log.wait_until(lambda: server.peer_count > 0, timeout=10)
        server.close().result(10)
        assert log.wait_for(lambda e: isinstance(e, StateChanged) and e.state is State.STOPPED)
        assert server.peer_count == 0 and not server.listening
        joined = [e.peer_id for e in log.of(PeerJoined)]
        left = [e.peer_id for e in log.of(PeerLeft)]
        assert sorted(left) == sorted(joined)
        assert all(_ended(sock) for sock in clients)  # accepted: a FIN; still queued: a reset
        with socket.socket() as late:
            assert late.connect_ex(address) != 0
        assert server.start(*address).result(5) == address  # the port is free again
    finally:
        _close_all(clients)


def test_a_peer_that_does_not_read_holds_the_writer_back_and_gets_every_byte(sessions):
    server, log = sessions(TcpServerSession)
    address = server.start("127.0.0.1", 0).result(5)
    with socket.create_connection(address, 5) as peer:
        (joined,) = [log.wait_for(lambda e: isinstance(e, PeerJoined))]
        total = 32 << 20
        progress = server.generate(GeneratorSpec(size=1 << 20, count=32), [joined.peer_id])
        connection = server._connections[joined.peer_id]
        log.wait_until(lambda: connection.write_paused)  # nobody reads: it waits
        assert not progress.future.done()
        received = 0
        buffer = bytearray(1 << 20)
        while received < total:
            assert select.select([peer], [], [], 5)[0], f"stuck after {received} bytes"
            received += peer.recv_into(buffer)
        assert progress.wait(5) == 32
        assert received == server.counters.tx_bytes == server.peer(joined.peer_id).bytes_out
        assert received == total


def test_connections_that_ended_are_freed_without_the_garbage_collector(sessions):
    """A connection and its transport hold each other while open; once it ends
    the transport lets go, so ten thousand clients leaving leave no cycles for
    a full pass of the garbage collector to find (a stall during a storm)."""
    server, log = sessions(TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO))
    address = server.start("127.0.0.1", 0).result(5)
    gc.collect()
    gc.disable()
    try:
        clients = connect_many(address, 50)
        log.wait_until(lambda: server.peer_count == 50, timeout=10)
        _close_all(clients)
        log.wait_until(lambda: server.peer_count == 0, timeout=10)
        # A callback queued now runs after the one that ended the last connection.
        server.set_options(server.options).result(5)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        cycles = [o for o in gc.garbage if isinstance(o, (Connection, SocketTransport))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert cycles == []
