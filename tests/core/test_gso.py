"""UDP GSO and GRO on loopback: many datagrams per send, and per coalesced buffer,
each one counted and shown exactly."""

from __future__ import annotations

import socket

import pytest
from test_fastsend import _has_ipv6_loopback

from socklab.core import (
    GeneratorSpec,
    GsoSkip,
    Received,
    ReceivePath,
    SendMode,
    UdpOptions,
    UdpSession,
)
from socklab.core.fastpath import gro as fastgro
from socklab.core.fastpath import gso as fastgso
from socklab.core.fastpath.receive import MmsgReceiver

needs_gso = pytest.mark.skipif(not fastgso.AVAILABLE, reason="UDP GSO is Linux's")
needs_gro = pytest.mark.skipif(not fastgro.AVAILABLE, reason="UDP GRO is Linux's")

SEGMENT = 1400
#: 1400-byte datagrams in one GSO send (46 x 1400 = 64,400 <= 65,507).
PER_SEND = 46


def plain_receiver(host: str = "127.0.0.1") -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    rx = socket.socket(family, socket.SOCK_DGRAM)
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    rx.bind((host, 0))
    rx.settimeout(5)
    return rx


def gso_send(tx: socket.socket, data: bytes, size: int, address: tuple) -> int:
    """One sendmsg of ``data`` with the UDP_SEGMENT control message: the kernel
    splits it into datagrams of ``size`` bytes (the last one shorter)."""
    control = [(fastgso.SOL_UDP, fastgso.UDP_SEGMENT, size.to_bytes(2, "little"))]
    return tx.sendmsg([data], control, 0, address)


def test_segments_per_send_keep_to_the_kernels_limits():
    assert fastgso.segments_per_send(1400, 65_507) == PER_SEND
    assert fastgso.segments_per_send(64, 65_507) == fastgso.UDP_MAX_SEGMENTS
    assert fastgso.segments_per_send(40_000, 65_507) == 0  # one would not leave room for two
    assert fastgso.segments_per_send(0, 65_507) == 0


@needs_gso
@pytest.mark.parametrize("count", [100, 47], ids=["a-shorter-last-send", "a-last-send-of-one"])
@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_a_gso_generator_delivers_exactly_count_datagrams_of_the_size(sessions, count, host):
    if ":" in host and not _has_ipv6_loopback():
        pytest.skip("no ::1 here")
    session, _ = sessions(UdpSession, auto_bind=(host, 0))
    with plain_receiver(host) as rx:
        port = rx.getsockname()[1]
        progress = session.generate(GeneratorSpec(size=SEGMENT, count=count), host, port)
        assert progress.future.result(10) == count
        got = [rx.recvfrom(65_535) for _ in range(count)]
        source = session.local_address
        # Not one more: the next datagram is one sent after the generator ended
        # (loopback keeps one socket's datagrams in order).
        session.send(b"end", host, port).result(5)
        assert rx.recv(65_535) == b"end"
    assert {len(data) for data, _ in got} == {SEGMENT}
    assert {data for data, _ in got} == {GeneratorSpec(size=SEGMENT).packet()}
    assert {peer[:2] for _, peer in got} == {source[:2]}
    path = session.send_path
    assert (path.mode, path.segments, path.size) == (SendMode.GSO, PER_SEND, SEGMENT)
    counters = session.counters.snapshot()
    assert (counters.tx_packets, counters.tx_bytes) == (count + 1, count * SEGMENT + 3)


@needs_gso
@pytest.mark.parametrize(
    ("spec", "skipped"),
    [
        (GeneratorSpec(size=SEGMENT, count=60, gso=False), GsoSkip.OFF),
        (GeneratorSpec(size=40_000, count=3), GsoSkip.SIZE),
    ],
    ids=["turned-off", "too-large-for-two"],
)
def test_without_gso_the_generator_says_why_and_counts_the_same(sessions, spec, skipped):
    session, _ = sessions(UdpSession)
    with plain_receiver() as rx:
        progress = session.generate(spec, "127.0.0.1", rx.getsockname()[1])
        assert progress.future.result(10) == spec.count
        sizes = [len(rx.recv(65_535)) for _ in range(spec.count)]
    assert sizes == [spec.size] * spec.count
    path = session.send_path
    assert (path.mode, path.skipped, path.refused) == (SendMode.SENDMMSG, skipped, "")


@needs_gro
def test_the_kernel_coalesces_a_gso_send_and_the_receiver_splits_it_back():
    """The batch receiver itself: one buffer from the kernel, three datagrams out,
    the last one shorter."""
    data = bytes(range(256)) * 12  # 3,072 bytes: 1,400 + 1,400 + 272
    with plain_receiver() as rx, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
        receiver = MmsgReceiver(rx, 65_535, 8, gro=True)
        try:
            assert fastgro.enable_gro(rx) == ""
            assert gso_send(tx, data, SEGMENT, rx.getsockname()) == len(data)
            rx.setblocking(False)
            assert receiver.receive() == 1  # coalesced: one buffer
            lengths = receiver.lengths(1)
            sizes = receiver.gro_sizes(1)
            datas, real, owners = receiver.split(lengths, sizes)
        finally:
            receiver.close()
    assert (lengths, sizes) == ([len(data)], [SEGMENT])
    assert real == [1400, 1400, 272] and owners == [0, 0, 0]
    assert datas == [data[:1400], data[1400:2800], data[2800:]]


@needs_gro
@pytest.mark.parametrize("gro", [True, False], ids=["gro", "no-gro"])
def test_a_gso_burst_is_counted_and_shown_datagram_by_datagram(sessions, gro):
    receiver, log = sessions(UdpSession)
    receiver.use_gro = gro
    address = receiver.open("127.0.0.1", 0).result(5)
    assert receiver.receive_path.gro is gro
    data = bytes(range(256)) * 12
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
        tx.bind(("127.0.0.1", 0))
        gso_send(tx, data, SEGMENT, address)
        tx.sendto(b"plain", address)
        sender, _ = sessions(UdpSession, auto_bind=("127.0.0.1", 0))
        count = 1_000
        sender.generate(GeneratorSpec(size=SEGMENT, count=count), *address).future.result(10)
        total = 3 + 1 + count
        log.wait_until(lambda: receiver.counters.rx_packets >= total)
        source = tx.getsockname()
    counters = receiver.counters.snapshot()
    assert counters.rx_packets == total
    assert counters.rx_bytes == len(data) + 5 + count * SEGMENT
    assert counters.dropped_by_system == 0
    shown = log.of(Received)
    assert len(shown) + log.dropped >= total
    first = [(e.data, e.peer, e.size, e.truncated) for e in shown[:4]]
    assert first == [
        (data[:1400], source, 1400, False),
        (data[1400:2800], source, 1400, False),
        (data[2800:], source, 272, False),
        (b"plain", source, 5, False),
    ]
    burst = shown[4:]
    assert {(len(e.data), e.peer) for e in burst} == {(SEGMENT, sender.local_address)}


@needs_gro
def test_a_coalesced_datagram_longer_than_the_recvfrom_buffer_is_truncated_alone(sessions):
    receiver, log = sessions(UdpSession, UdpOptions(recv_buffer=1000))
    receiver.use_gro = True
    address = receiver.open("127.0.0.1", 0).result(5)
    assert receiver.receive_path.gro
    data = bytes(range(200)) * 15  # 3,000 bytes: 1,400 + 1,400 + 200
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
        gso_send(tx, data, SEGMENT, address)
    log.wait_until(lambda: receiver.counters.rx_packets >= 3)
    shown = [(e.data, e.size, e.truncated) for e in log.of(Received)]
    assert shown == [
        (data[:1000], 1400, True),
        (data[1400:2400], 1400, True),
        (data[2800:], 200, False),
    ]
    assert receiver.counters.snapshot().rx_bytes == 1000 + 1000 + 200


@needs_gso
def test_by_default_a_gso_flood_that_overflows_the_queue_is_counted_exactly(sessions):
    """GRO is off by default: the kernel then splits a GSO send before queueing
    it and counts each datagram it drops, so read + dropped is what was sent.
    (With GRO on, it drops a coalesced buffer whole and counts it once.)"""
    receiver, log = sessions(UdpSession, UdpOptions(so_rcvbuf=1))  # the kernel's minimum
    receiver.pause_receive().result(5)
    address = receiver.open("127.0.0.1", 0).result(5)
    assert receiver.receive_path == ReceivePath(False)
    sender, _ = sessions(UdpSession)
    count = 10 * PER_SEND
    spec = GeneratorSpec(size=SEGMENT, count=count)
    assert sender.generate(spec, *address).future.result(10) == count
    assert sender.send_path.mode is SendMode.GSO
    receiver.resume_receive().result(5)
    counters = receiver.counters
    log.wait_until(lambda: counters.rx_packets + counters.dropped_by_system >= count)
    assert counters.dropped_by_system > 0  # the queue did overflow
    assert counters.rx_packets + counters.dropped_by_system == count
