"""Bulk receive from a real peer process (socat): the TCP server and the TCP
client keep every byte a file brings, in order, and count it exactly.

Each read goes straight into the chunk's own bytes (``Connection.chunk_received``)
and a full one reads on until the queue is empty. The sizes make every read end
each way: full, short, and right at the peer's FIN (a multiple of the recv size,
one byte more, a recv size that divides nothing); the peer half-closes (FIN
right after its last byte) and still reads what the server echoes.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from relay_peers import need, socat_server
from socklab.core.events import PeerLeft, Reason, Received, State, StateChanged
from socklab.core.jobs.progress import Phase
from socklab.core.sessions.tcp_client import TcpClientOptions, TcpClientSession
from socklab.core.sessions.tcp_server import AutoReply, TcpServerOptions, TcpServerSession

MiB = 1 << 20
#: A bound for a busy machine, never a speed requirement.
PEER_BOUND = 60


def _file(tmp_path, size: int):
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(size))
    return source


def _received_sizes(log) -> list[int]:
    return [e.size for e in log.of(Received)]


@pytest.mark.parametrize(
    ("size", "recv_size"),
    [(16 * MiB, 65_536), (16 * MiB + 1, 65_536), (3 * MiB + 12_345, 1_000)],
    ids=["multiple", "one-more", "small-recv"],
)
def test_a_file_socat_streams_into_the_server_arrives_whole(sessions, tmp_path, size, recv_size):
    source = _file(tmp_path, size)
    server, log = sessions(TcpServerSession, TcpServerOptions(recv_size=recv_size))
    port = server.start("127.0.0.1", 0).result(5)[1]
    saving = server.receive_to_file(tmp_path / "out.bin")
    peer = subprocess.Popen(
        [need("socat"), "-u", f"OPEN:{source},rdonly", f"TCP:127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL,
    )
    try:
        left = log.wait_for(lambda e: isinstance(e, PeerLeft), PEER_BOUND)
        assert peer.wait(PEER_BOUND) == 0
    finally:
        if peer.poll() is None:
            peer.kill()
            peer.wait()
    assert (left.state, left.reason) == (State.PEER_CLOSED, Reason.PEER_CLOSED)
    assert left.bytes_in == server.counters.rx_bytes == size
    assert server.stop_receive_to_file().result(5) == size
    assert (tmp_path / "out.bin").read_bytes() == source.read_bytes()
    # Each chunk is one recv of at most the recv size; what the ring kept adds up.
    sizes = _received_sizes(log)
    assert sizes and max(sizes) <= recv_size
    assert server.counters.rx_packets >= -(-size // recv_size)
    assert saving.bytes == size


def test_a_peer_that_half_closes_gets_every_echo_before_the_end(sessions, tmp_path):
    """socat sends a file, half-closes (its FIN right after the last byte) and
    reads on: the server echoes every chunk, then closes as the classic server
    does at a FIN, after what is queued is sent."""
    size = 4 * MiB + 777
    source = _file(tmp_path, size)
    options = TcpServerOptions(auto_reply=AutoReply.ECHO, max_reply_rate=0)
    server, log = sessions(TcpServerSession, options)
    port = server.start("127.0.0.1", 0).result(5)[1]
    echoed = tmp_path / "echoed.bin"
    with source.open("rb") as stdin, echoed.open("wb") as stdout:
        peer = subprocess.Popen(
            [need("socat"), "-t", str(PEER_BOUND), "-", f"TCP:127.0.0.1:{port}"],
            stdin=stdin,
            stdout=stdout,
        )
        try:
            assert peer.wait(PEER_BOUND) == 0  # it read our FIN: the server closed
        finally:
            if peer.poll() is None:
                peer.kill()
                peer.wait()
    left = log.wait_for(lambda e: isinstance(e, PeerLeft), PEER_BOUND)
    assert (left.state, left.reason) == (State.PEER_CLOSED, Reason.PEER_CLOSED)
    assert (left.bytes_in, left.bytes_out) == (size, size)
    assert server.counters.rx_bytes == server.counters.tx_bytes == size
    assert echoed.read_bytes() == source.read_bytes()


@pytest.mark.parametrize("size", [8 * MiB, 8 * MiB + 4_321], ids=["multiple", "not"])
def test_a_file_a_socat_server_sends_reaches_the_client_whole(sessions, tmp_path, size):
    source = _file(tmp_path, size)
    with socat_server("-U", "TCP-LISTEN:0,bind=127.0.0.1", f"OPEN:{source},rdonly") as (
        process,
        port,
    ):
        client, log = sessions(TcpClientSession, TcpClientOptions())
        saving = client.receive_to_file(tmp_path / "out.bin")
        client.connect("127.0.0.1", port).result(5)
        end = log.wait_for(
            lambda e: isinstance(e, StateChanged) and e.state is State.PEER_CLOSED, PEER_BOUND
        )
        assert process.wait(PEER_BOUND) == 0
    assert end.reason is Reason.PEER_CLOSED
    assert client.counters.rx_bytes == size
    log.wait_until(lambda: saving.snapshot().phase is Phase.DONE)  # the end ends the save
    assert saving.bytes == size
    assert (tmp_path / "out.bin").read_bytes() == source.read_bytes()
