"""sendmmsg bursts: the same datagram many times per system call, on loopback."""

from __future__ import annotations

import ctypes
import errno
import socket
import sys

import pytest

from socklab.core.fastpath import send as fastsend
from socklab.core.fastpath.receive import decode_sockaddr
from socklab.core.fastpath.send import BurstSender, encode_sockaddr

needs_sendmmsg = pytest.mark.skipif(not fastsend.AVAILABLE, reason="sendmmsg is Linux only")


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.parametrize(
    "address",
    [
        ("127.0.0.1", 9),
        ("192.0.2.200", 65535),
        ("::1", 4242, 0, 0),
        ("2001:db8::7", 80, 0x12345, 0),
    ],
)
def test_sockaddr_encoding_is_what_the_receiver_decodes(address):
    assert decode_sockaddr(encode_sockaddr(address)) == address


def test_a_scoped_ipv6_host_carries_its_scope_as_scope_id():
    raw = encode_sockaddr(("fe80::1%lo", 5000, 0, 1))
    assert len(raw) == 28 and raw[-4:] == (1).to_bytes(4, sys.byteorder)


@needs_sendmmsg
@pytest.mark.parametrize("family", ["ipv4", "ipv6"])
def test_a_burst_delivers_each_datagram_once_and_whole(family):
    if family == "ipv6" and not _has_ipv6_loopback():
        pytest.skip("no ::1 here")
    kind, host = (socket.AF_INET, "127.0.0.1") if family == "ipv4" else (socket.AF_INET6, "::1")
    with socket.socket(kind, socket.SOCK_DGRAM) as rx, socket.socket(kind, socket.SOCK_DGRAM) as tx:
        rx.bind((host, 0))
        tx.bind((host, 0))
        rx.settimeout(5)
        payload = b"burst \x00\xff " + bytes(range(50))
        burst = BurstSender(payload, rx.getsockname(), vlen=64)
        sent = burst.send(tx, 100)  # at most vlen per call
        assert sent == 64
        sent += burst.send(tx, 36)
        got = [rx.recvfrom(2048) for _ in range(100)]
        source = tx.getsockname()
        # Not one more: the next datagram is the one sent after the bursts
        # (loopback keeps one socket's datagrams in order).
        tx.sendto(b"end", rx.getsockname())
        assert rx.recv(2048) == b"end"
    assert sent == 100
    assert all(data == payload and peer == source for data, peer in got)


@needs_sendmmsg
def test_an_address_of_the_wrong_family_raises_the_system_error():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
        burst = BurstSender(b"x", ("::1", 9, 0, 0))
        with pytest.raises(OSError) as caught:
            burst.send(tx, 10)
    assert caught.value.errno in (errno.EAFNOSUPPORT, errno.EINVAL)


@needs_sendmmsg
def test_nothing_asked_nothing_sent():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
        assert BurstSender(b"x", ("127.0.0.1", 9)).send(tx, 0) == 0


def test_a_missing_batch_call_is_logged_and_leaves_the_one_call_path(caplog):
    """A C library without the call: the fallback is said in the log, not silent."""
    from socklab.core.fastpath.mmsg import libc_function

    with caplog.at_level("INFO", logger="socklab.core.fastpath"):
        assert libc_function("socklab_no_such_call", ctypes.c_int) is None
    assert any("socklab_no_such_call" in r.getMessage() for r in caplog.records)
    assert any("one system call per datagram" in r.getMessage() for r in caplog.records)


@pytest.mark.skipif(not fastsend.AVAILABLE, reason="sendmmsg is Linux's")
def test_the_real_batch_calls_are_found_without_a_word(caplog):
    """The control: where the calls exist, nothing is logged."""
    from socklab.core.fastpath.mmsg import libc_function

    with caplog.at_level("INFO", logger="socklab.core.fastpath"):
        assert libc_function("sendmmsg", ctypes.c_int) is not None
    assert not caplog.records
