"""The classroom's usual socket scripts (resources/classroom/) work against
SockLab's core sessions, and the sessions work against them, both directions.

The GUI tabs drive these same sessions; each script runs in its own process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from socklab.core.events import Failed, PeerLeft, Received, State, StateChanged
from socklab.core.sessions.tcp_client import TcpClientSession
from socklab.core.sessions.tcp_server import AutoReply, TcpServerOptions, TcpServerSession
from socklab.core.sessions.udp import UdpOptions, UdpSession

CLASSIC = Path(__file__).resolve().parents[2] / "resources" / "classroom"
ENCODINGS = ["utf-8", "gbk"]
ENDED = {State.PEER_CLOSED, State.RESET, State.CLOSED}


def _received(log) -> list[bytes]:
    return [e.data for e in log.of(Received)]


def test_classic_udp_sender_to_udp_session(sessions, run_script):
    session, log = sessions(UdpSession)
    port = session.open("127.0.0.1", 0).result(5)[1]
    script = run_script(
        CLASSIC / "udp_sender.py", "--port", port, "--encoding", "gbk", "hello", "你好"
    )
    script.finish()
    log.wait_until(lambda: len(_received(log)) == 2)
    assert _received(log) == [b"hello", "你好".encode("gbk")]
    assert all(e.peer[0] == "127.0.0.1" for e in log.of(Received))


def test_udp_session_to_classic_udp_receiver(sessions, run_script):
    script = run_script(
        CLASSIC / "udp_receiver.py", "--host", "127.0.0.1", "--port", 0, "--count", 2
    )
    port = script.expect_port("waiting on")
    session, log = sessions(UdpSession)
    session.send("你好".encode(), "127.0.0.1", port).result(5)
    session.send(b"second", "127.0.0.1", port).result(5)
    local_port = session.local_address[1]
    assert script.expect(r"from \('127\.0\.0\.1', (\d+)\) : 你好").group(1) == str(local_port)
    script.expect(r": second$")
    script.finish()
    assert not log.of(Failed)


def test_classic_broadcaster_to_udp_session_on_all_addresses(sessions, run_script):
    session, log = sessions(UdpSession, UdpOptions(reuse_address=True))
    port = session.open("0.0.0.0", 0).result(5)[1]
    script = run_script(CLASSIC / "broadcaster.py", "--port", port, "--count", 3, "--interval", 0)
    script.finish()
    log.wait_until(lambda: len(_received(log)) == 3)
    assert _received(log) == [f"大家好, this is a broadcast #{i}".encode() for i in (1, 2, 3)]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_classic_tcp_client_to_tcp_server_session(sessions, run_script, encoding):
    options = TcpServerOptions(
        auto_reply=AutoReply.FIXED, reply="已收到".encode(encoding), close_on=b"exit"
    )
    server, log = sessions(TcpServerSession, options)
    port = server.start("127.0.0.1", 0).result(5)[1]
    client = run_script(CLASSIC / "tcp_client_lines.py", "--port", port, "--encoding", encoding)
    client.expect("connected to")
    for line in ("hello", "你好"):
        client.send_line(line)
        client.expect("reply: 已收到$")
    client.send_line("exit")
    client.expect("server closed the connection")
    client.finish()
    assert _received(log) == [b"hello", "你好".encode(encoding), b"exit"]
    left = log.wait_for(lambda e: isinstance(e, PeerLeft))
    assert left.state is State.KICKED  # the server closed it on "exit"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_tcp_client_session_to_classic_tcp_server(sessions, run_script, encoding):
    server = run_script(
        CLASSIC / "tcp_server_reply.py",
        "--host",
        "127.0.0.1",
        "--port",
        0,
        "--encoding",
        encoding,
        "--count",
        1,
    )
    port = server.expect_port("listening on")
    client, log = sessions(TcpClientSession)
    client.connect("127.0.0.1", port).result(5)
    server.expect("connected:")
    client.send("你好".encode(encoding)).result(5)
    reply = log.wait_for(lambda e: isinstance(e, Received))
    assert reply.data == "已收到".encode(encoding)
    server.expect("received: 你好$")
    client.send(b"exit").result(5)
    closed = log.wait_for(lambda e: isinstance(e, StateChanged) and e.state in ENDED)
    assert closed.state is State.PEER_CLOSED
    server.expect("bye")
    server.finish()


def test_classic_tcp_server_serves_one_client_after_another(sessions, run_script):
    """The classic server is one client at a time: the second waits in the backlog."""
    server = run_script(
        CLASSIC / "tcp_server_reply.py", "--host", "127.0.0.1", "--port", 0, "--count", 2
    )
    port = server.expect_port("listening on")
    first, first_log = sessions(TcpClientSession)
    second, second_log = sessions(TcpClientSession)
    first.connect("127.0.0.1", port).result(5)
    second.connect("127.0.0.1", port).result(5)  # completes in the kernel's backlog
    server.expect("connected:")
    second.send(b"waiting").result(5)
    first.send(b"one").result(5)
    assert first_log.wait_for(lambda e: isinstance(e, Received)).data == "已收到".encode()
    assert not second_log.of(Received)  # not served yet: still in the backlog
    first.send(b"exit").result(5)
    server.expect("bye")
    assert second_log.wait_for(lambda e: isinstance(e, Received)).data == "已收到".encode()
    second.close().result(5)
    server.expect("client left")
    server.finish()
