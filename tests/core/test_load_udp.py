"""UDP under load: floods with exact counts, kernel drops, the generator,
repeat-send against the clock, files both ways."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time

import pytest

from socklab.core.errors import SessionError
from socklab.core.events import Received, Sent, State, StateChanged
from socklab.core.fastpath import receive as fastrecv
from socklab.core.fastpath import send as fastsend
from socklab.core.jobs.generator import GeneratorSpec
from socklab.core.jobs.progress import Phase
from socklab.core.sessions.udp import UdpOptions, UdpSession

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="SO_RXQ_OVFL is Linux only")
PATHS = [
    pytest.param(True, id="recvmmsg", marks=pytest.mark.skipif(not fastrecv.AVAILABLE, reason="")),
    pytest.param(False, id="recvfrom-loop"),
]


def _peer() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5)
    return sock


def _open(sessions, recvmmsg: bool = True, **kwargs):
    session, log = sessions(UdpSession, UdpOptions(**kwargs.pop("options", {})), **kwargs)
    session.use_recvmmsg = recvmmsg and fastrecv.AVAILABLE
    local = session.open("127.0.0.1", 0).result(5)
    return session, log, local


@pytest.mark.parametrize("recvmmsg", PATHS)
def test_flood_larger_than_the_ring_counts_exactly_and_keeps_the_newest(sessions, recvmmsg):
    session, log, local = _open(sessions, recvmmsg, ring_size=1000)
    total = 20_000
    with _peer() as peer:
        source = peer.getsockname()
        for i in range(total):
            peer.sendto(i.to_bytes(4, "big") + b"." * 60, local)
    counters = session.counters
    log.wait_until(lambda: counters.rx_packets + counters.dropped_by_system == total)
    log.pump()
    # Every datagram is either an event or counted as dropped (plus the "bound" event).
    assert len(log.events) + log.dropped == counters.rx_packets + 1
    received = log.of(Received)
    assert len(received) < total  # the ring let most go
    sequence = [int.from_bytes(e.data[:4], "big") for e in received]
    assert sequence == sorted(sequence)
    if not counters.dropped_by_system:
        assert sequence[-1] == total - 1  # the newest are kept
    assert counters.rx_bytes == 64 * counters.rx_packets
    assert all(e.peer == source and e.local == local and e.size == 64 for e in received)


@pytest.mark.parametrize("recvmmsg", PATHS)
def test_mixed_sources_and_truncation_in_one_batch(sessions, recvmmsg):
    session, log, local = _open(sessions, recvmmsg, options={"recv_buffer": 100})
    session.pause_receive().result(5)
    with _peer() as one, _peer() as two:
        for i in range(300):
            sender = one if i % 3 else two
            sender.sendto(bytes([i % 256]) * (150 if i % 7 == 0 else 50), local)
        session.resume_receive().result(5)
        log.wait_until(lambda: session.counters.rx_packets == 300)
        events = log.of(Received)
        sources = [one.getsockname() if i % 3 else two.getsockname() for i in range(300)]
    assert [e.peer for e in events] == sources
    for i, event in enumerate(events):
        size = 150 if i % 7 == 0 else 50
        assert (event.size, event.truncated, len(event.data)) == (size, size > 100, min(size, 100))
        assert event.data == bytes([i % 256]) * min(size, 100)
    assert session.counters.rx_bytes == sum(len(e.data) for e in events)


@pytest.mark.parametrize("recvmmsg", PATHS)
def test_after_a_flood_pause_the_socket_is_read_again(sessions, recvmmsg):
    """A wake-up that finds a flood leaves the socket alone for a millisecond
    (the next read then finds full batches); the reader must come back."""
    session, log, local = _open(sessions, recvmmsg)
    session.pause_receive().result(5)
    counters = session.counters
    with _peer() as peer:
        for _ in range(1000):
            peer.sendto(b"f" * 16, local)
        session.resume_receive().result(5)
        log.wait_until(lambda: counters.rx_packets == 1000)
        for n in range(1001, 1004):  # one at a time, after the flood
            peer.sendto(b"one", local)
            log.wait_until(lambda n=n: counters.rx_packets == n)
    assert counters.rx_bytes == 16_000 + 3 * 3


def test_pausing_during_a_flood_pause_keeps_the_socket_unread(sessions):
    session, log, local = _open(sessions)
    session.pause_receive().result(5)
    with _peer() as peer:
        for _ in range(1000):
            peer.sendto(b"f" * 16, local)

        async def flood_then_pause() -> tuple[bool, bool]:
            await session._aset_receiving(True)
            session._on_readable()  # reads the flood, starts the pause
            started = session._flood_pause is not None
            await session._aset_receiving(False)
            return started, session._flood_pause is None

        assert session.worker.submit(flood_then_pause()).result(5) == (True, True)
        assert session.counters.rx_packets == 1000
        peer.sendto(b"later", local)
        session.worker.submit(asyncio.sleep(0.05)).result(5)  # past any pause
        assert session.counters.rx_packets == 1000  # still paused
        session.resume_receive().result(5)
        log.wait_until(lambda: session.counters.rx_packets == 1001)


@linux_only
@pytest.mark.parametrize(
    ("recvmmsg", "meminfo"),
    [
        pytest.param(*p, id=i)
        for p, i in [
            ((True, False), "mmsg-rxq_ovfl"),
            ((False, False), "loop-rxq_ovfl"),
            ((True, True), "meminfo"),
        ]
    ],
)
def test_kernel_drops_of_a_paused_receiver_are_counted_exactly(sessions, recvmmsg, meminfo):
    session, log, local = _open(sessions, recvmmsg, options={"so_rcvbuf": 4096})
    session._meminfo = meminfo  # test SO_RXQ_OVFL's ancillary data on its own
    session.pause_receive().result(5)
    sent = 0
    with _peer() as peer:
        for _ in range(500):
            peer.sendto(b"x" * 64, local)
            sent += 1
        session.resume_receive().result(5)
        log.wait_until(lambda: session.counters.rx_packets > 0)
        # SO_RXQ_OVFL rides on the next datagram the kernel queues.
        peer.sendto(b"last", local)
        sent += 1
        counters = session.counters
        log.wait_until(lambda: counters.rx_packets + counters.dropped_by_system == sent)
    assert counters.dropped_by_system > 0
    assert counters.rx_packets < sent


def _receiver(sessions):
    receiver, rx_log = sessions(UdpSession)
    port = receiver.open("127.0.0.1", 0).result(5)[1]
    return receiver, rx_log, port


SEND_PATHS = [
    pytest.param(True, id="sendmmsg", marks=pytest.mark.skipif(not fastsend.AVAILABLE, reason="")),
    pytest.param(False, id="sendto-loop"),
]


@pytest.mark.parametrize("sendmmsg", SEND_PATHS)
def test_generator_sends_an_exact_count_at_full_rate(sessions, sendmmsg):
    receiver, rx_log, port = _receiver(sessions)
    sender, _ = sessions(UdpSession, ring_size=10_000)
    sender.use_sendmmsg = sendmmsg
    progress = sender.generate(GeneratorSpec(size=100, count=5000), "127.0.0.1", port)
    assert progress.wait(5) == 5000
    snap = progress.snapshot()
    assert (snap.phase, snap.packets, snap.bytes) == (Phase.DONE, 5000, 500_000)
    assert (sender.counters.tx_packets, sender.counters.tx_bytes) == (5000, 500_000)
    counters = receiver.counters
    rx_log.wait_until(lambda: counters.rx_packets + counters.dropped_by_system == 5000)
    events = sender.drain().events
    sent = [e for e in events if isinstance(e, Sent)]
    assert len(sent) == 5000 and all(e.size == 100 and e.peer[1] == port for e in sent)


def test_generator_holds_a_paced_rate(sessions):
    receiver, rx_log, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    progress = sender.generate(
        GeneratorSpec(size=64, rate_pps=4000, duration=0.5), "127.0.0.1", port
    )
    progress.wait(5)
    snap = progress.snapshot()
    assert snap.phase is Phase.DONE
    assert 0.45 <= snap.elapsed <= 0.6
    assert 1900 <= snap.packets <= 2100  # 4,000/s for 0.5 s
    rx_log.wait_until(lambda: receiver.counters.rx_packets == snap.packets)


def test_generator_rate_in_megabits(sessions):
    _, _, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    spec = GeneratorSpec(size=1000, rate_mbps=8.0, duration=0.3)
    assert spec.packets_per_second() == 1000
    progress = sender.generate(spec, "127.0.0.1", port)
    progress.wait(5)
    assert 270 <= progress.snapshot().packets <= 330


def test_generator_stops_within_100_ms_at_full_rate(sessions):
    _, _, port = _receiver(sessions)
    sender, sender_log = sessions(UdpSession)
    progress = sender.generate(GeneratorSpec(size=64), "127.0.0.1", port)
    sender_log.wait_until(lambda: progress.packets > 20_000)
    assert progress.snapshot().running and progress.snapshot().pps > 0
    started = time.monotonic()
    progress.stop()
    progress.wait(1)
    stopped_after = time.monotonic() - started
    assert stopped_after < 0.1, f"Stop took {stopped_after * 1000:.0f} ms"
    assert progress.snapshot().phase is Phase.STOPPED
    assert sender.job is None
    sent = progress.packets
    assert sender.counters.tx_packets == sent  # nothing more after the stop


def test_stop_wakes_a_slow_paced_generator_at_once(sessions):
    _, _, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    progress = sender.generate(GeneratorSpec(size=10, rate_pps=0.5), "127.0.0.1", port)
    with pytest.raises(TimeoutError):
        progress.future.result(0.1)  # sleeping two seconds between packets
    started = time.monotonic()
    sender.stop_job().result(1)
    assert progress.future.result(1) == 1
    assert time.monotonic() - started < 0.1


def test_a_new_generator_replaces_the_running_one(sessions):
    _, _, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    first = sender.generate(GeneratorSpec(size=10, rate_pps=100), "127.0.0.1", port)
    second = sender.generate(GeneratorSpec(size=10, count=10), "127.0.0.1", port)
    assert second.wait(5) == 10
    assert first.future.result(1) >= 0 and first.snapshot().phase is Phase.STOPPED


def test_repeat_send_every_millisecond_is_scheduled_against_the_clock(sessions):
    receiver, rx_log, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    started = time.monotonic()
    assert sender.send_repeated(b"tick", "127.0.0.1", port, 200, 0.001).result(5) == 200
    elapsed = time.monotonic() - started
    assert 0.19 <= elapsed < 0.4, f"200 sends at 1 ms took {elapsed * 1000:.0f} ms"
    rx_log.wait_until(lambda: receiver.counters.rx_packets == 200)


def test_repeat_send_until_stopped_stops_within_100_ms(sessions):
    _, _, port = _receiver(sessions)
    sender, sender_log = sessions(UdpSession)
    future = sender.send_repeated(b"x", "127.0.0.1", port, None, 0.001)
    sender_log.wait_until(lambda: sender.counters.tx_packets >= 20)
    started = time.monotonic()
    sender.stop_repeat().result(1)
    count = future.result(1)
    assert time.monotonic() - started < 0.1
    assert count == sender.counters.tx_packets


def _random_file(tmp_path, size: int):
    path = tmp_path / "in.bin"
    path.write_bytes(os.urandom(size))
    return path


def test_udp_file_round_trip_is_byte_identical(sessions, tmp_path):
    source = _random_file(tmp_path, 700_000)
    receiver, rx_log, port = _receiver(sessions)
    saving = receiver.receive_to_file(tmp_path / "out.bin")
    sender, _ = sessions(UdpSession)
    progress = sender.send_file(source, "127.0.0.1", port, chunk=1000, rate_pps=40_000)
    assert progress.snapshot().total_bytes == 700_000
    assert progress.wait(5) == 700
    snap = progress.snapshot()
    assert (snap.phase, snap.bytes, snap.fraction) == (Phase.DONE, 700_000, 1.0)
    rx_log.wait_until(lambda: saving.bytes == 700_000)
    assert receiver.stop_receive_to_file().result(5) == 700_000
    assert saving.snapshot().phase is Phase.STOPPED and saving.packets == 700
    assert (tmp_path / "out.bin").read_bytes() == source.read_bytes()


def test_receive_to_file_can_keep_only_one_sender(sessions, tmp_path):
    receiver, rx_log, port = _receiver(sessions)
    with _peer() as wanted, _peer() as other:
        saving = receiver.receive_to_file(tmp_path / "one.bin", peer=wanted.getsockname())
        for i in range(10):
            wanted.sendto(b"A%d" % i, ("127.0.0.1", port))
            other.sendto(b"B%d" % i, ("127.0.0.1", port))
        rx_log.wait_until(lambda: receiver.counters.rx_packets == 20)
    receiver.stop_receive_to_file().result(5)
    assert (tmp_path / "one.bin").read_bytes() == b"".join(b"A%d" % i for i in range(10))
    assert saving.packets == 10


def test_receive_to_file_in_a_missing_folder_fails_at_once(sessions, tmp_path):
    receiver, _, _ = _receiver(sessions)
    with pytest.raises(SessionError) as caught:
        receiver.receive_to_file(tmp_path / "no" / "such" / "file")
    assert "save to" in str(caught.value)


def test_sending_a_missing_file_fails_with_the_reason(sessions, tmp_path):
    _, _, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    progress = sender.send_file(tmp_path / "missing.bin", "127.0.0.1", port)
    with pytest.raises(SessionError) as caught:
        progress.wait(5)
    assert "no such file" in str(caught.value).lower()
    assert progress.snapshot().phase is Phase.FAILED


def test_a_chunk_larger_than_a_datagram_is_refused(sessions, tmp_path):
    source = _random_file(tmp_path, 100)
    _, _, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    progress = sender.send_file(source, "127.0.0.1", port, chunk=70_000)
    with pytest.raises(SessionError, match="chunk size"):
        progress.wait(5)


def test_closing_the_socket_stops_the_generator(sessions):
    _, _, port = _receiver(sessions)
    sender, log = sessions(UdpSession)
    progress = sender.generate(GeneratorSpec(size=10, rate_pps=1000), "127.0.0.1", port)
    log.wait_until(lambda: progress.packets > 5)
    sender.close().result(5)
    assert progress.snapshot().phase is Phase.STOPPED
    assert log.wait_for(lambda e: isinstance(e, StateChanged) and e.state is State.CLOSED)
