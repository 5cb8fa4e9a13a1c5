"""Capture files: every event, losslessly, written in batches, loaded back."""

from __future__ import annotations

import json
import socket

import pytest

from socklab.core.errors import SessionError
from socklab.core.events import (
    Failed,
    PeerJoined,
    PeerLeft,
    Reason,
    Received,
    Sent,
    SocketCall,
    State,
    StateChanged,
)
from socklab.core.files.capture import CaptureWriter, load_capture, read_capture
from socklab.core.sessions.tcp_server import AutoReply, TcpServerOptions, TcpServerSession
from socklab.core.sessions.udp import UdpOptions, UdpSession
from socklab.core.sessions.worker import Counters


def test_record_then_load_gives_the_same_events(sessions, tmp_path):
    path = tmp_path / "udp.jsonl"
    session, log = sessions(UdpSession, UdpOptions(recv_buffer=8), ring_size=100_000)
    session.start_capture(path).result(5)
    local = session.open("127.0.0.1", 0).result(5)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.sendto(b"hello \x00\xff", local)
        peer.sendto(b"longer than eight", local)  # truncated
        log.wait_until(lambda: session.counters.rx_packets == 2)
        session.send(bytes(range(256)), *peer.getsockname()).result(5)
    with pytest.raises(SessionError):
        session.send(b"x" * 70_000, "127.0.0.1", 9).result(5)
    session.close().result(5)
    assert session.stop_capture().result(5) == 6
    log.pump()
    assert load_capture(path) == log.events
    kinds = [type(e) for e in log.events]
    assert kinds == [StateChanged, Received, Received, Sent, Failed, StateChanged]
    truncated = log.events[2]
    assert (truncated.data, truncated.size, truncated.truncated) == (b"longer t", 17, True)


def test_a_flood_larger_than_the_ring_is_captured_whole(sessions, tmp_path):
    path = tmp_path / "flood.jsonl"
    session, log = sessions(UdpSession, ring_size=500)
    session.start_capture(path).result(5)
    local = session.open("127.0.0.1", 0).result(5)
    total = 20_000
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        for i in range(total):
            peer.sendto(i.to_bytes(4, "big"), local)
    counters = session.counters
    log.wait_until(lambda: counters.rx_packets + counters.dropped_by_system == total)
    log.pump()
    assert log.dropped > 0  # the view let most go ...
    session.close().result(5)
    session.stop_capture().result(5)
    capture = read_capture(path)
    received = [e for e in capture.events if isinstance(e, Received)]
    assert len(received) == counters.rx_packets  # ... the capture has them all
    numbers = [int.from_bytes(e.data, "big") for e in received]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert capture.header["session"] == "udp"
    assert capture.counters == counters.snapshot()
    # What the view did get is in the capture, equal event for event.
    shown = [e for e in log.events if isinstance(e, Received)]
    assert shown and set(shown) <= set(received)


def test_tcp_server_capture_keeps_peers_and_ids(sessions, tmp_path):
    path = tmp_path / "tcp.jsonl"
    options = TcpServerOptions(auto_reply=AutoReply.ECHO)
    server, log = sessions(TcpServerSession, options, ring_size=100_000)
    server.start_capture(path).result(5)
    address = server.start("::1" if socket.has_ipv6 else "127.0.0.1", 0).result(5)
    with socket.create_connection(address[:2], 5) as peer:
        peer.sendall(b"echo me")
        assert peer.recv(100) == b"echo me"
    log.wait_until(lambda: server.peer_count == 0 and len(log.of(PeerLeft)) == 1)
    server.close().result(5)
    server.stop_capture().result(5)
    log.pump()
    loaded = load_capture(path)
    assert loaded == log.events
    assert {type(e) for e in loaded} >= {StateChanged, PeerJoined, Received, Sent, PeerLeft}
    assert all(e.peer_id == 1 for e in loaded if isinstance(e, Received | Sent))


def test_every_kind_of_event_round_trips(tmp_path):
    path = tmp_path / "kinds.jsonl"
    v6 = ("fe80::1", 80, 0, 3)
    events = [
        StateChanged(State.LISTENING, ("0.0.0.0", 1), None, Reason.BACKLOG, 128),
        StateChanged(state=State.RESET, peer=v6, reason=Reason.ERROR, detail="ETIMEDOUT"),
        Received(b"\x00", ("1.2.3.4", 5), ("::1", 6, 0, 0), mono=1.5, wall=2.5),
        Sent(b"abc", v6, None, 7, mono=1.25, wall=2.25),
        PeerJoined(peer_id=3, peer=("1.1.1.1", 2), local=("2.2.2.2", 3), mono=1.0, wall=2.0),
        PeerLeft(peer_id=3, peer=("1.1.1.1", 2), state=State.RESET, reason=Reason.PEER_RESET),
        PeerLeft(4, ("1.1.1.1", 3), State.KICKED, Reason.CLOSE_WORD, "exit", bytes_in=5),
        Failed(operation="send", message="send: m", errno_name="EPIPE", errno=32, peer_id=3),
        SocketCall(call="bind(('0.0.0.0', 0))", result="port 1", mono=3.0, wall=4.0),
    ]
    writer = CaptureWriter(path, "test", Counters())
    for event in events:
        writer.add(event)
    writer.close(Counters(rx_packets=1))
    assert load_capture(path) == events
    assert read_capture(path).counters == Counters(rx_packets=1)


class CountingFile:
    def __init__(self, file) -> None:
        self.file = file
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return self.file.write(text)

    def flush(self) -> None:
        self.file.flush()

    def close(self) -> None:
        self.file.close()


def test_lines_are_written_in_batches_not_one_write_per_datagram(tmp_path):
    path = tmp_path / "batch.jsonl"
    writer = CaptureWriter(path, "udp", Counters())
    counting = CountingFile(writer._file)
    writer._file = counting  # type: ignore[assignment]

    def make(item: int) -> Received:
        return Received(item.to_bytes(2, "big"), ("127.0.0.1", 9), None, mono=0.0, wall=0.0)

    for start in range(0, 10_000, 1000):
        writer.add_lazy(list(range(start, start + 1000)), make)
    writer.close()
    assert counting.writes <= 3  # the batched lines and the footer
    assert len(load_capture(path)) == 10_000


def test_a_version_1_capture_with_reasons_as_text_still_loads(tmp_path):
    path = tmp_path / "old.jsonl"
    lines = [
        {"socklab_capture": 1, "session": "tcp-server"},
        {"event": "state", "wall": 2.0, "mono": 1.0, "state": "listening", "reason": "backlog 5"},
        {"event": "peer-left", "wall": 2.0, "mono": 1.0, "peer_id": 1, "peer": "1.1.1.1:2"}
        | {"state": "disconnected", "reason": "the client sent 'exit'"},
        {"event": "peer-left", "wall": 2.0, "mono": 1.0, "peer_id": 2, "peer": "1.1.1.1:3"}
        | {"state": "closed by peer", "reason": "recv() returned b'' (the peer closed)"},
        {"event": "state", "wall": 2.0, "mono": 1.0, "state": "reset", "reason": "[Errno 110] x"},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    why = [(e.state, e.reason, e.detail) for e in load_capture(path)]
    assert why == [
        (State.LISTENING, Reason.BACKLOG, 5),
        (State.KICKED, Reason.CLOSE_WORD, "exit"),
        (State.PEER_CLOSED, Reason.PEER_CLOSED, None),
        (State.RESET, Reason.ERROR, "[Errno 110] x"),
    ]


def test_a_file_that_is_not_a_capture_is_refused_with_its_name(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(ValueError, match=r"notes\.txt"):
        read_capture(path)
    path.write_text(json.dumps({"socklab_capture": 1}) + "\n" + '{"event": "nonsense"}\n')
    with pytest.raises(ValueError, match="line 2"):
        read_capture(path)


def test_capture_to_an_unwritable_place_fails_cleanly(sessions, tmp_path):
    session, _ = sessions(UdpSession)
    with pytest.raises(SessionError, match="capture to"):
        session.start_capture(tmp_path / "missing" / "x.jsonl").result(5)
    assert not session.capturing
