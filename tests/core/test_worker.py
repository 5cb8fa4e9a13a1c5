"""Worker threads: batches, exact drop counts, clean shutdown."""

from __future__ import annotations

import asyncio
import os
import socket
import threading

from socklab.core.events import Received
from socklab.core.sessions.tcp_client import TcpClientSession
from socklab.core.sessions.tcp_server import TcpServerSession
from socklab.core.sessions.udp import UdpSession
from socklab.core.sessions.worker import Worker

#: How long a shutdown may take before the test calls it hung: a bound for a
#: busy machine, not a speed requirement.
BOUND = 10.0


def socklab_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("socklab-")]


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_submit_runs_on_the_worker_thread_and_answers():
    worker = Worker("test")
    worker.start()
    try:

        async def where() -> threading.Thread:
            await asyncio.sleep(0)
            return threading.current_thread()

        thread = worker.submit(where()).result(5)
        assert thread.name == "socklab-test" and thread is not threading.current_thread()
    finally:
        assert worker.stop(BOUND)


def test_ring_keeps_the_newest_and_counts_every_drop_exactly():
    worker = Worker("ring", ring_size=100)
    events = [Received(bytes([i % 256])) for i in range(250)]
    for event in events:
        worker.emit(event)
    batch = worker.drain()
    assert batch.events == events[150:]
    assert batch.dropped == 150
    again = worker.drain()
    assert again.events == [] and again.dropped == 0


def test_thousand_open_close_cycles_leak_no_thread_and_no_descriptor():
    before_fds = _open_fds()
    assert socklab_threads() == []
    for i in range(1000):
        session = UdpSession()
        session.open("127.0.0.1", 0).result(5)
        if i % 100 == 0:
            session.send(b"x", "127.0.0.1", session.local_address[1]).result(5)
        assert session.shutdown(BOUND)
    assert socklab_threads() == []
    assert _open_fds() <= before_fds


def test_tcp_sessions_shut_down_with_peers_connected(sessions):
    server, server_log = sessions(TcpServerSession)
    local = server.start("127.0.0.1", 0).result(5)
    client, _ = sessions(TcpClientSession)
    client.connect(*local).result(5)
    raw = socket.create_connection(local, 5)
    try:
        # Connected in the kernel is not yet a peer: the worker accepts on a later
        # loop pass, and one it never accepted gets no FIN. Both are peers first.
        server_log.wait_until(lambda: server.peer_count == 2, timeout=BOUND)
        assert client.shutdown(BOUND)
        assert server.shutdown(BOUND)
        assert raw.recv(1) == b""
    finally:
        raw.close()
    assert socklab_threads() == []


def test_commands_after_shutdown_fail_cleanly():
    session = UdpSession()
    assert session.shutdown()
    failure = session.send(b"x", "127.0.0.1", 9).exception(1)
    assert "shut down" in str(failure)
