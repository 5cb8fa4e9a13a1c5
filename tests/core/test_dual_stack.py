"""Dual stack: a TCP server or a UDP socket on ``::`` takes IPv4 peers and shows
them as IPv4 (IPV6_V6ONLY off, set explicitly); with ``ipv6_only`` it takes IPv6
only. Real sockets on loopback; the CLI's --ipv6-only too."""

from __future__ import annotations

import errno
import socket

import pytest

from socklab.core import (
    Failed,
    PeerJoined,
    Received,
    SessionError,
    SocketCall,
    TcpServerOptions,
    TcpServerSession,
    UdpOptions,
    UdpSession,
    format_addr,
)
from socklab_cli import start


def _calls(log) -> list[str]:
    return [e.call for e in log.of(SocketCall)]


def test_tcp_server_on_any_ipv6_accepts_ipv4_clients_shown_as_ipv4(sessions):
    server, log = sessions(TcpServerSession, TcpServerOptions())
    server.trace = True
    port = server.start("::", 0).result(5)[1]
    with socket.create_connection(("127.0.0.1", port), 5) as client:
        joined = log.wait_for(lambda e: isinstance(e, PeerJoined))
        assert format_addr(joined.peer) == f"127.0.0.1:{client.getsockname()[1]}"
    assert joined.peer[0] == "::ffff:127.0.0.1"  # what accept() really returned
    assert "setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)" in _calls(log)


def test_tcp_server_ipv6_only_refuses_ipv4_and_accepts_ipv6(sessions):
    server, log = sessions(TcpServerSession, TcpServerOptions(ipv6_only=True))
    server.trace = True
    port = server.start("::", 0).result(5)[1]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), 5)
    with socket.create_connection(("::1", port), 5):
        joined = log.wait_for(lambda e: isinstance(e, PeerJoined))
    assert format_addr(joined.peer).startswith("[::1]:")
    assert "setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1)" in _calls(log)


def test_udp_on_any_ipv6_receives_ipv4_and_answers_it(sessions):
    session, log = sessions(UdpSession, UdpOptions())
    port = session.open("::", 0).result(5)[1]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(5)
        peer.sendto(b"hi", ("127.0.0.1", port))
        got = log.wait_for(lambda e: isinstance(e, Received))
        assert format_addr(got.peer) == f"127.0.0.1:{peer.getsockname()[1]}"
        # Typed as IPv4, sent as ::ffff:127.0.0.1 by the IPv6 socket.
        session.send(b"back", "127.0.0.1", peer.getsockname()[1]).result(5)
        assert peer.recvfrom(16) == (b"back", ("127.0.0.1", port))


def test_udp_ipv6_only_leaves_the_ipv4_port_free_and_refuses_ipv4(sessions):
    dual, _ = sessions(UdpSession, UdpOptions())
    port = dual.open("::", 0).result(5)[1]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as v4, pytest.raises(OSError) as info:
        v4.bind(("0.0.0.0", port))  # the dual-stack socket holds the IPv4 port too
    assert info.value.errno == errno.EADDRINUSE
    dual.close().result(5)

    only, log = sessions(UdpSession, UdpOptions(ipv6_only=True))
    port = only.open("::", 0).result(5)[1]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as v4:
        v4.bind(("0.0.0.0", port))  # free: the IPv6-only socket takes no IPv4
    with pytest.raises(SessionError, match=r"sendto 127\.0\.0\.1:9: cannot resolve"):
        only.send(b"x", "127.0.0.1", 9).result(5)
    assert log.of(Failed)


def test_cli_ipv6_only_and_dual_stack():
    dual = start("tcp", "serve", "[::]:0", "--timeout", "60")
    only = start("tcp", "serve", "[::]:0", "--ipv6-only", "--timeout", "60")
    ports = []
    for server in (dual, only):
        line = server.stdout.readline()
        assert "listening on [::]:" in line, line
        ports.append(int(line.split("]:")[1].split()[0]))
    with socket.create_connection(("127.0.0.1", ports[0]), 5) as client:
        local = client.getsockname()[1]
        said = f"connected from 127.0.0.1:{local}"
        assert any(said in line for line in dual.stdout), dual.stderr.read()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", ports[1]), 5)
