"""Received bytes saved to a file: a failed write is an error when it happens,
an existing file is appended to or replaced whole (never lost to a failed save),
an HTTP body is saved without its header as the bytes arrive."""

from __future__ import annotations

import os
import socket

import pytest

from socklab.core import Failed, Phase, SessionError, TcpClientSession, UdpSession


def _udp_receiver(sessions, path, **options):
    receiver, log = sessions(UdpSession)
    address = receiver.open("127.0.0.1", 0).result(5)
    saving = receiver.receive_to_file(path, **options)
    return receiver, log, address, saving


def test_a_full_disk_fails_the_first_small_write_at_once(sessions):
    # 300 bytes fit in any buffer: only a write that is flushed and checked fails here.
    receiver, log, address, saving = _udp_receiver(sessions, "/dev/full")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"x" * 300, address)
    failure = log.wait_for(lambda e: isinstance(e, Failed))
    assert failure.operation == "save to /dev/full" and failure.errno_name == "ENOSPC"
    assert saving.snapshot().phase is Phase.FAILED and "no space" in saving.snapshot().error
    assert receiver.stop_receive_to_file().result(5) == 0  # it is over already


def test_append_keeps_what_the_file_held(sessions, tmp_path):
    path = tmp_path / "out.bin"
    path.write_bytes(b"earlier run\n")
    receiver, log, address, saving = _udp_receiver(sessions, path, append=True)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"this run", address)
    log.wait_until(lambda: saving.bytes == 8)
    assert receiver.stop_receive_to_file().result(5) == 8
    assert path.read_bytes() == b"earlier run\nthis run"


def test_an_atomic_save_replaces_the_file_only_when_it_ends(sessions, tmp_path):
    path = tmp_path / "out.bin"
    path.write_bytes(b"earlier file")
    receiver, log, address, saving = _udp_receiver(sessions, path, atomic=True)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"new bytes", address)
    log.wait_until(lambda: saving.bytes == 9)
    assert path.read_bytes() == b"earlier file"  # still whole while the save runs
    assert receiver.stop_receive_to_file().result(5) == 9
    assert path.read_bytes() == b"new bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_failed_atomic_save_leaves_the_earlier_file(sessions, tmp_path):
    path = tmp_path / "out.bin"
    path.write_bytes(b"earlier file")
    receiver, log, address, saving = _udp_receiver(sessions, path, atomic=True)
    log.settle()  # the sink is in place
    # The disk fills up: /dev/full stands in for the temporary file.
    temporary = [p for p in tmp_path.iterdir() if p.name != "out.bin"]
    assert len(temporary) == 1
    full = os.open("/dev/full", os.O_WRONLY)
    try:
        sink = receiver._sink
        os.dup2(full, sink._file.fileno())
    finally:
        os.close(full)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"new bytes", address)
    log.wait_for(lambda e: isinstance(e, Failed) and e.errno_name == "ENOSPC")
    assert saving.snapshot().phase is Phase.FAILED
    assert path.read_bytes() == b"earlier file"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_file_that_cannot_be_finished_is_an_error_of_the_stop(sessions, tmp_path):
    path = tmp_path / "out.bin"
    receiver, log, _, saving = _udp_receiver(sessions, path, atomic=True)
    log.settle()  # the sink is in place
    full = os.open("/dev/full", os.O_WRONLY)
    try:
        os.dup2(full, receiver._sink._file.fileno())  # nothing written yet: fails at commit
    finally:
        os.close(full)
    future = receiver.stop_receive_to_file()
    error = future.exception(5)
    assert isinstance(error, SessionError) and error.errno_name  # fsync(/dev/full): EINVAL
    assert saving.snapshot().phase is Phase.FAILED
    assert log.wait_for(lambda e: isinstance(e, Failed)).operation == f"save to {path}"
    assert not path.exists()


def test_the_http_body_is_saved_without_its_header_as_it_arrives(sessions, tmp_path):
    header = b"HTTP/1.1 200 OK\r\nContent-Length: 11"
    response = header + b"\r\n\r\nhello\r\n\r\nok"
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client, log = sessions(TcpClientSession)
        client.connect(*listener.getsockname()).result(5)
        peer, _ = listener.accept()
        path = tmp_path / "body.bin"
        saving = client.receive_to_file(path, strip_http_header=True)
        with peer:
            peer.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for i in range(len(response)):  # byte by byte: the header end split every way
                peer.sendall(response[i : i + 1])
                log.wait_until(lambda i=i: client.counters.rx_bytes == i + 1)
        log.wait_until(saving.future.done)
    assert saving.header.result(5) == header
    assert path.read_bytes() == b"hello\r\n\r\nok"
    assert saving.bytes == 11


def test_a_nul_in_the_path_is_refused_like_any_bad_path(sessions):
    receiver, _ = sessions(UdpSession)
    with pytest.raises(SessionError, match="invalid argument"):  # not a ValueError
        receiver.receive_to_file("out\0.bin")
