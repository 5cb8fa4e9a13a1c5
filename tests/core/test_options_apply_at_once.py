"""Options changed from another thread apply to every byte that arrives after the call.

Both TCP sessions change their options with a plain callback on the worker's
loop (``Session._call_soon``), not a task: a task's first step runs one loop
pass later, after the data that arrived meanwhile was already read with the old
options. Each test holds the worker's loop, makes the change, lets the data
arrive, and only then lets the loop go on: its next pass sees both at once.
"""

from __future__ import annotations

import select
import socket

from loop_helpers import held
from socklab.core import (
    AutoReply,
    Received,
    TcpClientSession,
    TcpServerOptions,
    TcpServerSession,
)


def wait_readable(transport) -> None:
    """Until the kernel holds data for the worker's socket (a condition, no sleep)."""
    fd = transport.get_extra_info("socket").fileno()
    assert select.select([fd], [], [], 5)[0], "the data never arrived"


def test_a_client_recv_size_set_before_data_arrives_applies_to_that_data(sessions):
    client, log = sessions(TcpClientSession)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client.connect(*listener.getsockname()).result(5)
        peer, _ = listener.accept()
        with peer:
            with held(client):
                applied = client.set_recv_size(4)
                peer.sendall(b"0123456789")
                wait_readable(client._connection.transport)
            applied.result(5)
            log.wait_until(lambda: client.counters.rx_bytes == 10)
    assert [e.data for e in log.of(Received)] == [b"0123", b"4567", b"89"]


def test_server_options_set_before_data_arrives_apply_to_that_data(sessions):
    server, log = sessions(TcpServerSession)
    local = server.start("127.0.0.1", 0).result(5)
    with socket.create_connection(local, 5) as peer:
        log.wait_until(lambda: server.peer_count == 1)
        (peer_id,) = server.peer_ids()
        with held(server):
            options = TcpServerOptions(recv_size=4, auto_reply=AutoReply.ECHO)
            applied = server.set_options(options)
            peer.sendall(b"0123456789")
            wait_readable(server._connections[peer_id].transport)
        applied.result(5)
        log.wait_until(lambda: server.counters.tx_bytes == 10)
        assert [e.data for e in log.of(Received)] == [b"0123", b"4567", b"89"]
