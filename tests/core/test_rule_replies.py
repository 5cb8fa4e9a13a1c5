"""Reply rules on live sessions over loopback: UDP answers each datagram's
source, TCP each client (per line of a chunk); the global cap ends a loop
between two SockLab repliers; a delayed reply comes after an immediate one
(order of events, not time)."""

from __future__ import annotations

import socket

from socklab.core import (
    Failed,
    PeerJoined,
    Rule,
    RuleKind,
    RuleSet,
    Sent,
    TcpServerOptions,
    TcpServerSession,
    UdpSession,
)

PING = Rule(RuleKind.REGEX, r"^PING (\d+)$", r"PONG \1")


def _udp_peer() -> socket.socket:
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    peer.settimeout(10)
    return peer


def test_udp_answers_each_datagram_to_its_source_and_counts_tx(sessions):
    server, log = sessions(UdpSession)
    rules = RuleSet([PING, Rule(RuleKind.EXACT, "hi", "hello", stop_after=1)])
    server.set_rules(rules).result(5)
    port = server.open("127.0.0.1", 0).result(5)[1]
    a, b = _udp_peer(), _udp_peer()
    with a, b:
        a.sendto(b"PING 1\n", ("127.0.0.1", port))
        assert a.recvfrom(100) == (b"PONG 1", ("127.0.0.1", port))
        b.sendto(b"hi", ("127.0.0.1", port))
        assert b.recv(100) == b"hello"
        b.sendto(b"hi", ("127.0.0.1", port))  # stop after 1: no answer; the next one is
        b.sendto(b"PING 2", ("127.0.0.1", port))
        assert b.recv(100) == b"PONG 2"
    log.wait_until(lambda: server.counters.rx_packets == 4)
    assert rules.hits == [2, 1]
    assert server.counters.tx_packets == 3
    assert [e.data for e in log.of(Sent)] == [b"PONG 1", b"hello", b"PONG 2"]
    assert server.replies_sent == 3 and server.replies_held == 0


def test_the_cap_ends_a_loop_between_two_socklab_repliers(sessions):
    limit = 10
    a, log_a = sessions(UdpSession)
    b, log_b = sessions(UdpSession)
    for session in (a, b):
        session.reply_clock = lambda: 0.0  # one window for ever: the cap is reached once
    echo = [Rule(RuleKind.REGEX, r".*", r"\g<0>")]
    a_rules, b_rules = RuleSet(echo), RuleSet(echo)
    a.set_rules(a_rules, max_reply_rate=limit).result(5)
    b.set_rules(b_rules, max_reply_rate=limit).result(5)
    a_port = a.open("127.0.0.1", 0).result(5)[1]
    b_port = b.open("127.0.0.1", 0).result(5)[1]
    a.send(b"ball", "127.0.0.1", b_port).result(5)
    # b answers 10, a answers 10, b's 11th is over the cap: not sent, the ball stops.
    log_b.wait_until(lambda: b.replies_held == 1, timeout=30)
    log_a.wait_until(lambda: a.counters.rx_packets == limit)
    assert b.counters.rx_packets == limit + 1
    assert (b.replies_sent, a.replies_sent, a.replies_held) == (limit, limit, 0)
    assert a.counters.tx_packets == limit + 1  # the first throw and its 10 replies
    assert b.counters.tx_packets == limit
    assert a_rules.hits == [limit] and b_rules.hits == [limit]
    assert a_port


def test_udp_loop_check_pauses_the_rules_and_says_so(sessions):
    clock = [0.0]
    server, log = sessions(UdpSession)
    server.reply_clock = lambda: clock[0]
    server.set_rules(RuleSet([PING]), max_reply_rate=1).result(5)
    port = server.open("127.0.0.1", 0).result(5)[1]
    with _udp_peer() as peer:
        for window in range(3):  # at the limit three windows in a row: a loop
            clock[0] = float(window)
            for n in range(2):
                peer.sendto(f"PING {n}".encode(), ("127.0.0.1", port))
            log.wait_until(lambda w=window: server.counters.rx_packets == 2 * (w + 1))
    said = log.wait_for(lambda e: isinstance(e, Failed))
    assert "reply rules paused" in said.message and "looks like a loop" in said.message
    assert server.replies_paused
    assert server.replies_sent == 3  # one per window


def test_tcp_answers_each_client_and_each_line(sessions):
    rules = RuleSet([PING, Rule(RuleKind.STARTS, "bye", "ciao", stop_after=1)])
    server, log = sessions(TcpServerSession, TcpServerOptions(rules=rules))
    port = server.start("127.0.0.1", 0).result(5)[1]
    first = socket.create_connection(("127.0.0.1", port), 10)
    second = socket.create_connection(("127.0.0.1", port), 10)
    with first, second:
        first.sendall(b"PING 1\r\nnothing\nPING 2\n")
        got = b""
        while got != b"PONG 1PONG 2":
            got += first.recv(100)
        second.sendall(b"bye now")
        assert second.recv(100) == b"ciao"
        second.sendall(b"bye\nPING 3")  # bye is used up: only the ping gets an answer
        assert second.recv(100) == b"PONG 3"
    assert rules.hits == [3, 1]
    assert len(log.of(PeerJoined)) == 2


class HeldTimer:
    """A session's reply timer that holds delayed replies until released (no clock)."""

    def __init__(self) -> None:
        self.held: list[tuple[float, object, tuple]] = []

    def __call__(self, delay: float, callback, *args) -> None:
        self.held.append((delay, callback, args))

    def release(self, session) -> None:
        for _, callback, args in self.held:
            session.worker.loop.call_soon_threadsafe(callback, *args)


def _recv_exactly(peer: socket.socket, size: int) -> bytes:
    got = b""
    while len(got) < size:
        got += peer.recv(size - len(got))
    return got


def test_a_delayed_reply_comes_after_a_later_immediate_one(sessions):
    rules = RuleSet(
        [
            Rule(RuleKind.EXACT, "slow", "slow reply", delay=0.5),
            Rule(RuleKind.EXACT, "fast", "fast reply"),
        ]
    )
    server, log = sessions(TcpServerSession, TcpServerOptions(rules=rules))
    server.reply_timer = timer = HeldTimer()
    port = server.start("127.0.0.1", 0).result(5)[1]
    with socket.create_connection(("127.0.0.1", port), 10) as peer:
        peer.sendall(b"slow")
        log.wait_until(lambda: len(timer.held) == 1)  # matched, its reply waits
        assert timer.held[0][0] == 0.5
        peer.sendall(b"fast")
        assert _recv_exactly(peer, 10) == b"fast reply"
        timer.release(server)
        assert _recv_exactly(peer, 10) == b"slow reply"
    log.wait_until(lambda: len(log.of(Sent)) == 2)
    assert [e.data for e in log.of(Sent)] == [b"fast reply", b"slow reply"]

    udp, udp_log = sessions(UdpSession)
    udp.reply_timer = timer = HeldTimer()
    udp.set_rules(rules).result(5)
    port = udp.open("127.0.0.1", 0).result(5)[1]
    with _udp_peer() as peer:
        peer.sendto(b"slow", ("127.0.0.1", port))
        udp_log.wait_until(lambda: len(timer.held) == 1)
        peer.sendto(b"fast", ("127.0.0.1", port))
        assert peer.recv(100) == b"fast reply"
        timer.release(udp)
        assert peer.recv(100) == b"slow reply"
    assert rules.hits == [2, 2]
