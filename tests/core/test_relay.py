"""The relay against real peers: socat and ncat as client and as server, and
plain sockets where a test must see every datagram or byte."""

from __future__ import annotations

import os
import socket
import struct
import subprocess

import pytest

from relay_peers import need, read_exactly, read_until_closed, socat_server
from socklab.core import Failed, PeerJoined, PeerLeft, Reason, Received, Sent, SocketCall, State
from socklab.core.relay import (
    Corrupter,
    DropPlan,
    RelayOptions,
    RelayProtocol,
    RelaySession,
    Side,
    parse_corrupt,
    side_of,
)

LOCAL = ("127.0.0.1", 0)
UDP = RelayProtocol.UDP


def relay(sessions, target, options: RelayOptions | None = None, listen=LOCAL):
    session, log = sessions(RelaySession, options)
    local = session.start(listen, target).result(5)
    return session, log, local


def test_tcp_socat_both_sides_byte_exact_with_half_close(sessions):
    """socat (client) -> relay -> socat running cat: 1 MiB each way, byte for
    byte. The echo ends only because the client's FIN reached cat through the
    relay, and the client's output ends only because cat's FIN came back."""
    data = os.urandom(1 << 20)
    with socat_server("TCP-LISTEN:0,bind=127.0.0.1", "EXEC:cat") as (_, port):
        session, log, local = relay(sessions, ("127.0.0.1", port))
        client = subprocess.run(
            [need("socat"), "-t", "30", "-", f"TCP:127.0.0.1:{local[1]}"],
            input=data,
            capture_output=True,
            timeout=30,
            check=False,
        )
        assert client.returncode == 0, client.stderr
        assert client.stdout == data
        left = log.wait_for(lambda e: isinstance(e, PeerLeft))
    assert left.bytes_in == left.bytes_out == len(data)
    fins = [e.result for e in log.of(SocketCall) if e.call == "shutdown(SHUT_WR)"]
    assert fins == [
        "the client finished sending (FIN): passed on to the target",
        "the target finished sending (FIN): passed on to the client",
    ]
    counters = session.relay_counters
    assert counters.to_target.forwarded_bytes == counters.to_client.forwarded_bytes == len(data)
    received = b"".join(
        e.data for e in log.of(Received) if side_of(e, session.target_address) is Side.CLIENT
    )
    assert log.dropped or received == data  # the ring may let rows go, never wrong ones


def test_tcp_half_close_keeps_the_other_direction_open(sessions):
    """The client shuts down its sending side; the target still answers after it."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        _session, log, local = relay(sessions, server.getsockname())
        with socket.create_connection(local[:2], 5) as client:
            upstream, _ = server.accept()
            with upstream:
                client.sendall(b"question")
                client.shutdown(socket.SHUT_WR)
                assert read_until_closed(upstream, 100) == b"question"  # the FIN came
                upstream.sendall(b"answer after your FIN")
                upstream.shutdown(socket.SHUT_WR)
                assert read_until_closed(client, 100) == b"answer after your FIN"
        log.wait_for(lambda e: isinstance(e, PeerLeft))


def test_tcp_reset_passed_on(sessions):
    with socket.create_server(("127.0.0.1", 0)) as server:
        _session, log, local = relay(sessions, server.getsockname())
        with socket.create_connection(local[:2], 5) as client:
            upstream, _ = server.accept()
            client.sendall(b"x")
            assert read_exactly(upstream, 1) == b"x"
            upstream.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            upstream.close()
            client.settimeout(10)
            with pytest.raises(ConnectionResetError):
                while client.recv(100):
                    pass
        left = log.wait_for(lambda e: isinstance(e, PeerLeft))
    assert left.state is State.RESET
    calls = [e.result for e in log.of(SocketCall)]
    assert "the target reset the connection: reset passed on to the client" in calls


def test_tcp_refused_target_says_so_and_resets_the_client(sessions):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: refused
        session, log, local = relay(sessions, ("127.0.0.1", port))
        with socket.socket() as client, pytest.raises(ConnectionResetError):
            client.settimeout(10)
            client.connect(local[:2])  # the reset may come before connect() returns
            client.recv(10)
    failed = log.wait_for(lambda e: isinstance(e, Failed))
    assert failed.message.startswith(f"connect to the target 127.0.0.1:{port} for client #1")
    assert failed.message.endswith(": connection refused")
    left = log.wait_for(lambda e: isinstance(e, PeerLeft))
    assert (left.state, left.reason) == (State.RESET, Reason.NOT_CONNECTED)
    assert session.relay_counters.flows_failed == 1


def test_tcp_inject_reaches_the_side_asked_for(sessions):
    with socket.create_server(("127.0.0.1", 0)) as server:
        session, log, local = relay(sessions, server.getsockname())
        with socket.create_connection(local[:2], 5) as client:
            upstream, _ = server.accept()
            with upstream:
                log.wait_for(lambda e: isinstance(e, SocketCall) and e.call.startswith("connect"))
                assert session.inject(b"to-client", Side.CLIENT).result(5) == 1
                assert session.inject(b"to-target", Side.TARGET, [1]).result(5) == 1
                assert read_exactly(client, 9) == b"to-client"
                assert read_exactly(upstream, 9) == b"to-target"
    counters = session.relay_counters
    assert counters.to_client.injected_bytes == counters.to_target.injected_bytes == 9
    sent = {(e.data, side_of(e, session.target_address)) for e in log.of(Sent)}
    assert sent == {(b"to-client", Side.CLIENT), (b"to-target", Side.TARGET)}


def test_tcp_corrupt_at_an_offset_of_the_stream(sessions):
    """@5: the sixth byte of each direction's stream, however TCP cut it."""
    options = RelayOptions(corrupt=parse_corrupt("@5^0x01"))
    with socket.create_server(("127.0.0.1", 0)) as server:
        session, _log, local = relay(sessions, server.getsockname(), options)
        with socket.create_connection(local[:2], 5) as client:
            upstream, _ = server.accept()
            with upstream:
                for piece in (b"abc", b"defgh", b"ijk"):
                    client.sendall(piece)
                assert read_exactly(upstream, 11) == b"abcdeggh" + b"ijk"
                upstream.sendall(b"0123456789")
                assert read_exactly(client, 10) == b"0123446789"
    counters = session.relay_counters
    assert counters.to_target.corrupted_bytes == counters.to_client.corrupted_bytes == 1


def test_tcp_corrupt_rate_is_the_seeds(sessions):
    data = os.urandom(200_000)
    spec = parse_corrupt("0.001", seed=42)
    options = RelayOptions(corrupt=spec, seed=42)
    with socket.create_server(("127.0.0.1", 0)) as server:
        session, _log, local = relay(sessions, server.getsockname(), options)
        with socket.create_connection(local[:2], 5) as client:
            upstream, _ = server.accept()
            with upstream:
                client.sendall(data)
                got = read_exactly(upstream, len(data))
    assert spec is not None
    expected, flipped = Corrupter(spec, "1:target").apply(data)
    assert got == expected
    assert 100 < flipped < 320  # about 200 of 200,000 at 0.001
    assert session.relay_counters.to_target.corrupted_bytes == flipped


def test_tcp_delay_keeps_the_order(sessions):
    with socket.create_server(("127.0.0.1", 0)) as server:
        _session, _log, local = relay(sessions, server.getsockname(), RelayOptions(delay_ms=20))
        with socket.create_connection(local[:2], 5) as client:
            upstream, _ = server.accept()
            with upstream:
                message = b"".join(b"%05d;" % i for i in range(2000))
                for i in range(0, len(message), 600):
                    client.sendall(message[i : i + 600])
                client.shutdown(socket.SHUT_WR)
                assert read_until_closed(upstream, len(message) + 1) == message


def test_tcp_backpressure_stops_reading_a_fast_client(sessions):
    """The target never reads: the relay stops reading the client instead of
    buffering what the client sends (bounded, whatever the client tries)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        session, log, local = relay(sessions, server.getsockname())
        with socket.create_connection(local[:2], 5) as client:
            upstream, _ = server.accept()
            with upstream:
                client.setblocking(False)
                block = b"z" * 65536
                sent = 0
                engine = session._engine
                while sent < 512 << 20:  # bounded: 512 MiB at most
                    try:
                        sent += client.send(block)
                    except BlockingIOError:
                        flow = next(iter(engine.flows.values()), None)
                        if flow is not None and Side.CLIENT in flow.held:
                            break
                        log.wait_until(lambda: True)  # a pass of the relay's loop
                held = session.relay_counters.to_target
    assert sent < 512 << 20, "the client could send without end: the relay kept buffering"
    assert held.received_bytes - held.forwarded_bytes == 0  # nothing waits in the relay itself


def test_tcp_unix_path_to_tcp(sessions, unix_folder):
    path = os.path.join(unix_folder, "relay.sock")
    with socket.create_server(("127.0.0.1", 0)) as server:
        session, _log, _local = relay(sessions, server.getsockname(), listen=(path, 0))
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(path)
            upstream, _ = server.accept()
            with upstream:
                client.sendall(b"over unix")
                assert read_exactly(upstream, 9) == b"over unix"
                upstream.sendall(b"back")
                assert read_exactly(client, 4) == b"back"
    session.close().result(5)
    assert not os.path.exists(path)


def test_udp_ncat_client_socat_server_both_ways(sessions):
    ncat = need("ncat")
    with socat_server("UDP-LISTEN:0,bind=127.0.0.1", "EXEC:tr a-z A-Z,pty,rawer") as (_, port):
        session, log, local = relay(sessions, ("127.0.0.1", port), RelayOptions(protocol=UDP))
        client = subprocess.Popen(
            [ncat, "-u", "127.0.0.1", str(local[1])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert client.stdin is not None and client.stdout is not None
            client.stdin.write(b"hello relay\n")
            client.stdin.flush()
            log.wait_until(lambda: session.relay_counters.to_client.forwarded_packets >= 1, 10)
            line = client.stdout.readline()
        finally:
            client.kill()
            client.communicate()
    assert line.strip() == b"HELLO RELAY"
    joined = log.of(PeerJoined)
    assert len(joined) == 1


def _send_in_windows(client, target_addr, session, log, count):
    """Send numbered datagrams, 100 at a time, each hundred once the relay read
    the previous one (no kernel drop on the way in)."""
    window = 100
    for start in range(0, count, window):
        for i in range(start, min(count, start + window)):
            client.sendto(b"%06d" % i, target_addr)
        log.wait_until(
            lambda s=start: (
                session.relay_counters.to_target.received_packets >= min(count, s + window)
            )
        )


def _received_numbers(sock, expected):
    sock.settimeout(10)
    got = []
    while len(got) < expected:
        got.append(int(sock.recv(100)))
    return got


def test_udp_drop_is_exact_and_the_seeds(sessions):
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as target,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client,
    ):
        target.bind(("127.0.0.1", 0))
        target.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        options = RelayOptions(protocol=UDP, drop_percent=10, seed=7)
        session, log, local = relay(sessions, target.getsockname(), options)
        _send_in_windows(client, local, session, log, 1000)
        got = _received_numbers(target, 900)
    counts = session.relay_counters.to_target
    assert (counts.received_packets, counts.forwarded_packets, counts.dropped_packets) == (
        1000, 900, 100,
    )  # fmt: skip
    plan = DropPlan(10, 7, "target")
    assert got == [i for i in range(1000) if not plan.drop()]


def test_udp_delay_keeps_the_order_and_answers_go_back(sessions):
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as target,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client,
    ):
        # The delay line lets go of a window at once: room for all 300 while
        # this thread is slow to read (a busy machine), or the kernel drops some.
        target.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        target.bind(("127.0.0.1", 0))
        options = RelayOptions(protocol=UDP, delay_ms=15)
        session, log, local = relay(sessions, target.getsockname(), options)
        _send_in_windows(client, local, session, log, 300)
        target.settimeout(10)
        got = []
        while len(got) < 300:
            data, upstream = target.recvfrom(100)
            got.append(int(data))
        assert got == list(range(300))
        target.sendto(b"answer", upstream)
        client.settimeout(10)
        assert client.recvfrom(100) == (b"answer", local)


def test_udp_two_sources_each_get_their_answers_and_inject(sessions):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as target:
        target.bind(("127.0.0.1", 0))
        target.settimeout(10)
        session, _log, local = relay(sessions, target.getsockname(), RelayOptions(protocol=UDP))
        clients = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2)]
        try:
            uplinks = {}
            for number, client in enumerate(clients):
                client.settimeout(10)
                client.sendto(b"from %d" % number, local)
                data, upstream = target.recvfrom(100)
                uplinks[data] = upstream
            assert len(set(uplinks.values())) == 2  # a socket of its own per source
            for number in range(len(clients)):
                target.sendto(b"to %d" % number, uplinks[b"from %d" % number])
            for number, client in enumerate(clients):
                assert client.recvfrom(100)[0] == b"to %d" % number
            assert session.inject(b"hi", Side.CLIENT, [2]).result(5) == 1
            assert clients[1].recvfrom(100)[0] == b"hi"
            assert session.inject(b"up", Side.TARGET, [1]).result(5) == 1
            assert target.recvfrom(100) == (b"up", uplinks[b"from 0"])
        finally:
            for client in clients:
                client.close()


def test_udp_idle_mapping_expires(sessions):
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as target,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client,
    ):
        target.bind(("127.0.0.1", 0))
        options = RelayOptions(protocol=UDP, idle_timeout=0.1)
        session, log, local = relay(sessions, target.getsockname(), options)
        client.sendto(b"once", local)
        left = log.wait_for(lambda e: isinstance(e, PeerLeft))
    assert (left.reason, left.detail) == (Reason.IDLE, "0.1")
    assert session.flows() == []


def test_udp_corrupt_offset_per_datagram(sessions):
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as target,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client,
    ):
        target.bind(("127.0.0.1", 0))
        target.settimeout(10)
        options = RelayOptions(protocol=UDP, corrupt=parse_corrupt("@1"))
        _session, _log, local = relay(sessions, target.getsockname(), options)
        for payload in (b"abc", b"x", b"hello"):
            client.sendto(payload, local)
            assert target.recv(100) == bytes([payload[0]]) + (
                bytes([payload[1] ^ 0xFF]) + payload[2:] if len(payload) > 1 else b""
            )


def test_bad_values_say_what_is_wrong():
    from socklab.core.relay import parse_delay, parse_drop

    for parse, text, words in (
        (parse_delay, "-1", "negative"),
        (parse_delay, "abc", "not a number"),
        (parse_delay, "90000", "more than a minute"),
        (parse_drop, "150", "outside 0-100"),
        (parse_drop, "1.234", "more than two decimals"),
        (parse_corrupt, "@-3", "negative"),
        (parse_corrupt, "2", "outside 0-1"),
        (parse_corrupt, "@1^0x100", "not a byte"),
        (parse_corrupt, "zz", "write a share of bytes"),
    ):
        with pytest.raises(ValueError, match=words):
            parse(text)


def test_drop_plan_counts_exactly():
    plan = DropPlan(12.5, 1)
    drops = sum(plan.drop() for _ in range(1000))
    assert drops == 125


def test_tcp_over_ipv6(sessions):
    with socket.create_server(("::1", 0), family=socket.AF_INET6) as server:
        _session, _log, local = relay(sessions, server.getsockname()[:2], listen=("::1", 0))
        with socket.create_connection(local[:2], 5) as client:
            upstream, _ = server.accept()
            with upstream:
                client.sendall(b"v6")
                assert read_exactly(upstream, 2) == b"v6"


def test_udp_from_a_unix_datagram_path_to_udp(sessions, unix_folder):
    path = os.path.join(unix_folder, "relay.sock")
    mine = os.path.join(unix_folder, "client.sock")
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as target,
        socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as client,
    ):
        target.bind(("127.0.0.1", 0))
        target.settimeout(10)
        client.bind(mine)
        client.settimeout(10)
        options = RelayOptions(protocol=UDP)
        session, _log, _local = relay(sessions, target.getsockname(), options, listen=(path, 0))
        client.sendto(b"from a path", path)
        data, upstream = target.recvfrom(100)
        assert data == b"from a path"
        target.sendto(b"back to the path", upstream)
        assert client.recvfrom(100) == (b"back to the path", path)
        session.close().result(5)
    assert not os.path.exists(path)
