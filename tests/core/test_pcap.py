"""pcapng files of real sessions on loopback, read back by the real tshark:
addresses, ports, payloads (hostile bytes too), timestamps in order, and TCP
streams that "Follow TCP stream" gives back byte for byte in both directions."""

from __future__ import annotations

import os
import socket

import pytest

from socklab.core.events import PeerJoined, PeerLeft, Received, Sent, State, StateChanged
from socklab.core.files.pcap import capture_to_pcap, file_header, write_pcap
from socklab.core.sessions.tcp_client import TcpClientSession
from socklab.core.sessions.tcp_server import AutoReply, TcpServerOptions, TcpServerSession
from socklab.core.sessions.udp import UdpSession
from tshark_files import fields, follow, needs_tshark
from unix_helpers import short_dir

pytestmark = needs_tshark

#: Every byte value, a NUL, a terminal escape and a line break in one payload.
HOSTILE = bytes(range(256)) + b"\x1b[2J\r\n\x00<script>"
#: Larger than one IP packet: the pcap splits it into several segments.
BIG = os.urandom(200_000)


def _hex(data: bytes) -> str:
    return data.hex()


@pytest.mark.parametrize(("host", "family"), [("127.0.0.1", "ip"), ("::1", "ipv6")])
def test_udp_datagrams_both_ways_keep_addresses_ports_and_bytes(sessions, tmp_path, host, family):
    session, log = sessions(UdpSession)
    path = tmp_path / "udp.pcapng"
    local = session.open(host, 0).result(5)
    session.start_capture(None, pcap=path).result(5)
    kind = socket.AF_INET6 if family == "ipv6" else socket.AF_INET
    with socket.socket(kind, socket.SOCK_DGRAM) as peer:
        peer.bind((host, 0))
        peer_port = peer.getsockname()[1]
        for data in (b"one", HOSTILE, b""):
            peer.sendto(data, local[:2])
        log.wait_until(lambda: session.counters.rx_packets == 3)
        session.send(b"reply \x00\xff", host, peer_port).result(5)
        peer.settimeout(5)
        assert peer.recv(100) == b"reply \x00\xff"
    log.wait_until(lambda: session.counters.tx_packets == 1)
    assert session.stop_capture().result(5) >= 4

    rows = fields(
        path,
        f"{family}.src",
        "udp.srcport",
        f"{family}.dst",
        "udp.dstport",
        "udp.length",
        "udp.payload",
        "frame.packet_flags_direction",
        "frame.time_epoch",
        "udp.checksum.status",
    )
    assert {row[8] for row in rows} == {"1"}  # every checksum is right
    there, here = (host, str(peer_port)), (host, str(local[1]))
    expected = [
        [*there, *here, "11", _hex(b"one"), "0x00000001"],
        [*there, *here, str(8 + len(HOSTILE)), _hex(HOSTILE), "0x00000001"],
        [*there, *here, "8", "", "0x00000001"],
        [*here, *there, "16", _hex(b"reply \x00\xff"), "0x00000002"],
    ]
    assert [row[:7] for row in rows] == expected
    times = [float(row[7]) for row in rows]
    assert times == sorted(times)


def _read(sock: socket.socket, n: int) -> bytes:
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        assert chunk, f"closed after {len(data)} of {n} bytes"
        data += chunk
    return bytes(data)


def test_tcp_server_streams_follow_byte_for_byte(sessions, tmp_path):
    """Three clients of an echo server, one sending more than 64 KiB: each
    stream followed gives back what each side sent, exactly."""
    session, log = sessions(TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO))
    path = tmp_path / "server.pcapng"
    address = session.start("127.0.0.1", 0).result(5)
    session.start_capture(tmp_path / "server.jsonl", pcap=path).result(5)
    messages = [b"hello from 0", BIG, HOSTILE]
    clients = [socket.create_connection(address[:2], timeout=5) for _ in messages]
    sent = {
        client.getsockname()[1]: message for client, message in zip(clients, messages, strict=True)
    }
    try:
        log.wait_until(lambda: len(log.of(PeerJoined)) == 3)
        got = {port: b"" for port in sent}
        for client, message in zip(clients, messages, strict=True):
            client.sendall(message)
            got[client.getsockname()[1]] = _read(client, len(message))
        last = log.of(PeerJoined)[-1]
        extra = b"\r\nonly for the last\x00"
        session.send(extra, [last.peer_id]).result(5)
        got[last.peer[1]] += _read(clients[-1], len(extra))
    finally:
        for client in clients:
            client.close()
    log.wait_until(lambda: len(log.of(PeerLeft)) == 3)
    session.stop_capture().result(5)

    streams = follow(path, 3)
    server = f"127.0.0.1:{address[1]}"
    assert len(streams) == 3
    for stream in streams.values():
        (client,) = set(stream) - {server}
        port = int(client.rsplit(":", 1)[1])
        assert stream[client] == sent[port]
        assert stream[server] == got[port]
    _assert_whole_streams(path, 3)
    # The JSON Lines capture recorded beside it converts to the same packets.
    converted = tmp_path / "converted.pcapng"
    capture_to_pcap(tmp_path / "server.jsonl", converted)
    live_packets = path.read_bytes()[len(file_header("tcp-server")) :]
    comment = f"converted from {tmp_path / 'server.jsonl'}"
    assert converted.read_bytes()[len(file_header("tcp-server", comment)) :] == live_packets


def _assert_whole_streams(path, count: int) -> None:
    """Each stream opens (SYN, SYN-ACK) and closes (a FIN each way), tshark's
    analysis finds no lost, unseen or retransmitted segment, every checksum is
    right, times never go back."""
    rows = fields(
        path,
        "tcp.stream",
        "tcp.flags.syn",
        "tcp.flags.fin",
        "tcp.analysis.flags",
        "frame.time_epoch",
        "tcp.checksum.status",
        "ip.checksum.status",
        "ipv6.src",
    )
    assert {row[5] for row in rows} == {"1"}  # every TCP checksum is right
    assert {row[6] for row in rows} == ({""} if rows[0][7] else {"1"})  # IPv4's too
    for number in range(count):
        mine = [row for row in rows if row[0] == str(number)]
        assert sum(row[1] == "1" for row in mine) == 2
        assert sum(row[2] == "1" for row in mine) == 2
    assert [row for row in rows if row[3]] == []
    times = [float(row[4]) for row in rows]
    assert times == sorted(times)


def test_tcp_client_over_ipv6_follows_both_ways(sessions, tmp_path):
    session, log = sessions(TcpClientSession)
    path = tmp_path / "client.pcapng"
    session.start_capture(None, pcap=path).result(5)
    with socket.socket(socket.AF_INET6) as listener:
        listener.bind(("::1", 0))
        listener.listen(1)
        listener.settimeout(5)
        port = listener.getsockname()[1]
        local, _ = session.connect("::1", port).result(5)
        conn, _ = listener.accept()
        with conn:
            session.send(BIG).result(5)
            assert _read(conn, len(BIG)) == BIG
            conn.sendall(HOSTILE)
            log.wait_until(lambda: session.counters.rx_bytes == len(HOSTILE))
    log.wait_for(lambda e: isinstance(e, StateChanged) and e.state is State.PEER_CLOSED)
    session.stop_capture().result(5)

    (stream,) = follow(path, 1).values()
    assert stream[f"[::1]:{local[1]}"] == BIG
    assert stream[f"[::1]:{port}"] == HOSTILE
    _assert_whole_streams(path, 1)


def test_unix_peers_cut_datagrams_and_clocks_that_go_back(tmp_path):
    """Events of kinds no loopback test makes: a Unix socket's (a path, the
    abstract namespace, no name), a datagram cut to the receive buffer, and a
    wall clock set back in the middle (the packets' times still never go back)."""
    path = tmp_path / "synthetic.pcapng"
    events = [
        Sent(HOSTILE, "/tmp/socklab.sock", "", wall=100.0),
        Received(b"pong", b"\0socklab-abstract", "/tmp/me.sock", wall=100.5),
        Received(b"cut", ("127.0.0.1", 9), ("127.0.0.1", 5000), truncated=True, size=70, wall=99.0),
        Sent(b"", "/tmp/socklab.sock", None, wall=101.0),
    ]
    assert write_pcap(path, events, "unix") == 4
    rows = fields(
        path,
        "frame.interface_id",
        "null.family",
        "data.data",
        "frame.comment",
        "frame.packet_flags_direction",
        "frame.len",
        "frame.cap_len",
        "frame.time_epoch",
        "udp.payload",
        "udp.length",
    )
    assert [row[:5] for row in rows] == [
        ["1", "1", _hex(HOSTILE), "unnamed -> /tmp/socklab.sock", "0x00000002"],
        ["1", "1", _hex(b"pong"), "@socklab-abstract -> /tmp/me.sock", "0x00000001"],
        ["0", "", "", "", "0x00000001"],
        ["1", "1", "", "unnamed -> /tmp/socklab.sock", "0x00000002"],
    ]
    # The cut datagram: its real length in the headers, what arrived captured.
    assert rows[2][5:7] == [str(20 + 8 + 70), str(20 + 8 + 3)]
    assert rows[2][8:] == [_hex(b"cut"), str(8 + 70)]
    times = [float(row[7]) for row in rows]
    assert times == sorted(times) == [100.0, 100.5, 100.5, 101.0]


def test_real_unix_sessions_write_their_payloads_and_paths(sessions, tmp_path):
    """A Unix stream server (echo) and a Unix datagram session, with plain
    sockets as peers: each payload is one frame on the Unix interface, its
    direction and paths said."""
    with short_dir() as folder:
        server_path, own, peer_path = (
            os.path.join(folder, name) for name in ("s.sock", "d.sock", "p.sock")
        )
        server, log = sessions(TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO))
        datagrams, datagram_log = sessions(UdpSession)
        stream_file, datagram_file = tmp_path / "stream.pcapng", tmp_path / "datagram.pcapng"
        server.start(server_path, 0).result(5)
        server.start_capture(None, pcap=stream_file).result(5)
        datagrams.open(own, 0).result(5)
        datagrams.start_capture(None, pcap=datagram_file).result(5)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(5)
            client.connect(server_path)
            client.sendall(HOSTILE)
            assert _read(client, len(HOSTILE)) == HOSTILE
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as peer:
            peer.bind(peer_path)
            peer.settimeout(5)
            peer.sendto(b"ping \x00", own)
            datagram_log.wait_until(lambda: datagrams.counters.rx_packets == 1)
            datagrams.send(b"pong \xff", peer_path, 0).result(5)
            assert peer.recv(100) == b"pong \xff"
        log.wait_until(lambda: len(log.of(PeerLeft)) == 1)
        server.stop_capture().result(5)
        datagrams.stop_capture().result(5)

    names = ["frame.interface_id", "null.family", "data.data", "frame.comment"]
    names.append("frame.packet_flags_direction")
    assert fields(stream_file, *names) == [
        ["1", "1", _hex(HOSTILE), f"unnamed -> {server_path}", "0x00000001"],
        ["1", "1", _hex(HOSTILE), f"{server_path} -> unnamed", "0x00000002"],
    ]
    assert fields(datagram_file, *names) == [
        ["1", "1", _hex(b"ping \x00"), f"{peer_path} -> {own}", "0x00000001"],
        ["1", "1", _hex(b"pong \xff"), f"{own} -> {peer_path}", "0x00000002"],
    ]
