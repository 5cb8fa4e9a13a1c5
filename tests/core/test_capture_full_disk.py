"""A capture to a full disk (JSON Lines or pcapng) fails when the write fails,
not at Stop: one Failed event says so, ``capture_ended`` fails, nothing more
is kept in memory, and stopping the capture raises the same error without
saying it twice."""

from __future__ import annotations

import socket

import pytest

from socklab.core import Failed, Received, SessionError
from socklab.core.files.capture import read_capture
from socklab.core.sessions.udp import UdpSession

FULL = "capture to /dev/full: no space left on device"


@pytest.mark.parametrize("files", ["jsonl", "pcap", "pcap beside a jsonl"])
def test_a_capture_to_a_full_disk_fails_at_its_first_write(sessions, tmp_path, files):
    session, log = sessions(UdpSession)
    port = session.open("127.0.0.1", 0).result(5)[1]
    beside = tmp_path / "beside.jsonl"
    jsonl = {"jsonl": "/dev/full", "pcap": None}.get(files, beside)
    session.start_capture(jsonl, pcap=None if files == "jsonl" else "/dev/full").result(5)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"x" * 300, ("127.0.0.1", port))
        log.wait_for(lambda e: isinstance(e, Failed) and FULL in e.message)
    with pytest.raises(SessionError, match="no space left"):
        session.capture_ended.result(5)
    assert session.worker.tap is None  # later events are not held for a dead file
    with pytest.raises(SessionError, match="no space left"):
        session.stop_capture().result(5)
    log.settle()
    log.pump()
    said = [e for e in log.events if isinstance(e, Failed) and "capture to" in e.message]
    assert len(said) == 1
    if jsonl == beside:  # the file beside the failed one is closed whole
        capture = read_capture(beside)
        assert capture.footer is not None
        assert [e.data for e in capture.events if isinstance(e, Received)] == [b"x" * 300]


def test_a_whole_capture_ends_with_its_count(sessions, tmp_path):
    session, _ = sessions(UdpSession)
    session.open("127.0.0.1", 0).result(5)
    session.start_capture(tmp_path / "c.jsonl").result(5)
    count = session.stop_capture().result(5)
    assert session.capture_ended.result(5) == count
