"""UDP sessions against real peer sockets on loopback."""

from __future__ import annotations

import socket

import pytest

from socklab.core.errors import SessionError
from socklab.core.events import Failed, Reason, Received, Sent, State, StateChanged
from socklab.core.sessions.udp import UdpOptions, UdpSession
from socklab.core.sessions.udp_send import MAX_DATAGRAM_IPV4


def _peer(family: int = socket.AF_INET, host: str = "127.0.0.1") -> socket.socket:
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.bind((host, 0))
    sock.settimeout(5)
    return sock


def test_bound_session_receives_with_source_and_sends_back(sessions):
    session, log = sessions(UdpSession)
    local = session.open("127.0.0.1", 0).result(5)
    assert local[1] != 0
    assert log.wait_for(lambda e: isinstance(e, StateChanged)).state is State.BOUND

    peer = _peer()
    with peer:
        peer.sendto(b"hello", local)
        event = log.wait_for(lambda e: isinstance(e, Received))
        assert event.data == b"hello"
        assert event.peer == peer.getsockname()
        assert event.local == local
        assert not event.truncated

        assert session.send(b"world", "127.0.0.1", peer.getsockname()[1]).result(5) == 5
        data, source = peer.recvfrom(100)
        assert (data, source) == (b"world", local)
    counters = session.counters.snapshot()
    assert (counters.rx_packets, counters.rx_bytes) == (1, 5)
    assert (counters.tx_packets, counters.tx_bytes) == (1, 5)


def test_first_send_binds_automatically_and_the_port_stays(sessions):
    session, log = sessions(UdpSession)
    peer = _peer()
    with peer:
        for text in (b"one", b"two", b"three"):
            session.send(text, "127.0.0.1", peer.getsockname()[1]).result(5)
        sources = {peer.recvfrom(100)[1] for _ in range(3)}
    bound = log.wait_for(lambda e: isinstance(e, StateChanged) and e.state is State.BOUND)
    assert bound.reason is Reason.AUTO_BIND
    assert bound.local[1] != 0
    assert sources == {("127.0.0.1", bound.local[1])}
    assert session.local_address[1] == bound.local[1]
    assert len(log.of(StateChanged)) == 1  # bound once, not once per send


def test_datagram_larger_than_the_buffer_is_truncated_and_says_so(sessions):
    session, log = sessions(UdpSession, UdpOptions(recv_buffer=1024))
    local = session.open("127.0.0.1", 0).result(5)
    with _peer() as peer:
        peer.sendto(b"a" * 2000, local)
        peer.sendto(b"b" * 1024, local)
        first = log.wait_for(lambda e: isinstance(e, Received))
        second = log.wait_for(lambda e: isinstance(e, Received) and e is not first)
    assert (len(first.data), first.size, first.truncated) == (1024, 2000, True)
    assert (len(second.data), second.size, second.truncated) == (1024, 1024, False)


def test_largest_ipv4_datagram_round_trips(sessions):
    session, log = sessions(UdpSession)
    local = session.open("127.0.0.1", 0).result(5)
    payload = bytes(range(256)) * (MAX_DATAGRAM_IPV4 // 256) + b"x" * (MAX_DATAGRAM_IPV4 % 256)
    assert len(payload) == 65_536 - 29
    with _peer() as peer:
        peer.sendto(payload, local)
        event = log.wait_for(lambda e: isinstance(e, Received))
        assert event.data == payload and not event.truncated
        session.send(payload, "127.0.0.1", peer.getsockname()[1]).result(5)
        assert peer.recvfrom(70_000)[0] == payload


def test_oversized_datagram_fails_with_message_too_long(sessions):
    session, log = sessions(UdpSession)
    session.open("127.0.0.1", 0).result(5)
    with pytest.raises(SessionError) as caught:
        session.send(b"x" * 70_000, "127.0.0.1", 9).result(5)
    assert caught.value.errno_name == "EMSGSIZE"
    assert "message too long" in str(caught.value)
    assert log.wait_for(lambda e: isinstance(e, Failed)).errno_name == "EMSGSIZE"


def test_ipv6_loopback(sessions):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    session, log = sessions(UdpSession)
    local = session.open("::1", 0).result(5)
    with _peer(socket.AF_INET6, "::1") as peer:
        peer.sendto(b"v6", local)
        event = log.wait_for(lambda e: isinstance(e, Received))
        assert event.data == b"v6" and event.peer[0] == "::1"
        session.send(b"back", "::1", peer.getsockname()[1]).result(5)
        assert peer.recvfrom(10)[0] == b"back"


def test_broadcast_to_loopback_subnet_reaches_a_wildcard_socket(sessions):
    receiver, rx_log = sessions(UdpSession, UdpOptions(reuse_address=True))
    port = receiver.open("0.0.0.0", 0).result(5)[1]
    sender, _ = sessions(UdpSession, UdpOptions(broadcast=True))
    sender.send(b"to everyone", "127.255.255.255", port).result(5)
    event = rx_log.wait_for(lambda e: isinstance(e, Received))
    assert event.data == b"to everyone"


def test_turning_broadcast_on_applies_to_the_open_socket(sessions):
    receiver, rx_log = sessions(UdpSession, UdpOptions(reuse_address=True))
    port = receiver.open("0.0.0.0", 0).result(5)[1]
    sender, _ = sessions(UdpSession)
    sender.open("127.0.0.1", 0).result(5)
    with pytest.raises(SessionError, match="permission denied"):
        sender.send(b"refused", "127.255.255.255", port).result(5)
    sender.set_options(UdpOptions(broadcast=True)).result(5)  # same receive size
    sender.send(b"to everyone", "127.255.255.255", port).result(5)
    event = rx_log.wait_for(lambda e: isinstance(e, Received))
    assert event.data == b"to everyone"


def test_bind_a_port_in_use_names_the_port(sessions):
    with _peer() as taken:
        port = taken.getsockname()[1]
        session, log = sessions(UdpSession)
        with pytest.raises(SessionError) as caught:
            session.open("127.0.0.1", port).result(5)
    assert str(caught.value) == f"bind 127.0.0.1:{port}: port {port} is already in use"
    assert log.wait_for(lambda e: isinstance(e, Failed)).errno_name == "EADDRINUSE"


def test_datagram_to_a_closed_port_reports_the_icmp_error(sessions):
    session, log = sessions(UdpSession)
    with _peer() as gone:
        port = gone.getsockname()[1]
    session.send(b"anyone?", "127.0.0.1", port).result(5)
    failed = log.wait_for(lambda e: isinstance(e, Failed))
    assert failed.errno_name == "ECONNREFUSED"
    assert failed.message == (
        f"sendto 127.0.0.1:{port}: connection refused (is anything listening on that port?)"
    )
    assert session.local_address is not None  # the socket keeps working


def test_close_then_reopen_and_events_in_order(sessions):
    session, log = sessions(UdpSession)
    session.open("127.0.0.1", 0).result(5)
    session.close().result(5)
    assert session.local_address is None
    session.open("127.0.0.1", 0).result(5)
    states = [e.state for e in log.of(StateChanged)]
    assert states == [State.BOUND, State.CLOSED, State.BOUND]


def test_sent_events_carry_destination(sessions):
    session, log = sessions(UdpSession)
    with _peer() as peer:
        address = peer.getsockname()
        session.send(b"abc", "127.0.0.1", address[1]).result(5)
    sent = log.wait_for(lambda e: isinstance(e, Sent))
    assert sent.peer == address and sent.data == b"abc"


def test_repeat_send_sends_exactly_count(sessions):
    session, _ = sessions(UdpSession)
    with _peer() as peer:
        sent = session.send_repeated(b"tick", "127.0.0.1", peer.getsockname()[1], 20, 0.001)
        assert sent.result(5) == 20
        got = [peer.recvfrom(10)[0] for _ in range(20)]
    assert got == [b"tick"] * 20
    assert session.counters.tx_packets == 20


def test_repeat_send_until_stopped(sessions):
    session, log = sessions(UdpSession)
    with _peer() as peer:
        future = session.send_repeated(b"t", "127.0.0.1", peer.getsockname()[1], None, 0.002)
        log.wait_until(lambda: session.counters.tx_packets >= 5)
        session.stop_repeat().result(5)
        count = future.result(5)
    assert count >= 5
    assert session.counters.tx_packets == count
