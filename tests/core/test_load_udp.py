"""UDP under load: floods with exact counts, kernel drops, the generator,
repeat-send against the clock, files both ways."""

from __future__ import annotations

import asyncio
import os
import socket
import sys

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
        peer.sendto(b"later", local)  # on loopback, queued before sendto returns

        async def left_alone() -> tuple[bool, bytes]:
            """Nothing is left to read the socket: no reader, no pause to end;
            and the datagram waits in the kernel, unread."""
            sock = session._sock
            watched = asyncio.get_running_loop().remove_reader(sock.fileno())
            waiting = sock.recv(64, socket.MSG_PEEK | socket.MSG_DONTWAIT)
            return watched or session._flood_pause is not None, waiting

        assert session.worker.submit(left_alone()).result(5) == (False, b"later")
        assert session.counters.rx_packets == 1000
        session.resume_receive().result(5)
        log.wait_until(lambda: session.counters.rx_packets == 1001)
    assert log.of(Received)[-1].data == b"later"


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


def test_a_paced_generator_sends_its_count_and_every_datagram_arrives(sessions):
    """The pacing itself (each packet when it is due) is proved on a virtual
    clock in test_pacing.py; its accuracy on a real clock is a benchmark figure."""
    receiver, rx_log, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    progress = sender.generate(GeneratorSpec(size=64, rate_pps=4000, count=200), "127.0.0.1", port)
    assert progress.wait(5) == 200
    snap = progress.snapshot()
    assert (snap.phase, snap.packets, snap.bytes) == (Phase.DONE, 200, 200 * 64)
    rx_log.wait_until(lambda: receiver.counters.rx_packets >= 200)
    assert receiver.counters.snapshot().rx_packets == 200
    assert receiver.counters.dropped_by_system == 0


def test_a_duration_ends_a_paced_generator_and_what_it_sent_arrives(sessions):
    receiver, rx_log, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    spec = GeneratorSpec(size=1000, rate_mbps=8.0, duration=0.05)  # 1,000/s
    progress = sender.generate(spec, "127.0.0.1", port)
    progress.wait(5)
    snap = progress.snapshot()
    assert snap.phase is Phase.DONE
    assert sender.counters.tx_packets == snap.packets
    rx_log.wait_until(lambda: receiver.counters.rx_packets >= snap.packets)
    assert receiver.counters.rx_bytes == 1000 * snap.packets


def test_stopping_a_full_rate_generator_ends_it_and_nothing_goes_after(sessions):
    _, _, port = _receiver(sessions)
    sender, sender_log = sessions(UdpSession)
    progress = sender.generate(GeneratorSpec(size=64), "127.0.0.1", port)
    sender_log.wait_until(lambda: progress.packets > 20_000)
    assert progress.snapshot().running
    progress.stop()
    stopped = progress.wait(5)
    assert progress.snapshot().phase is Phase.STOPPED
    assert stopped == progress.packets == sender.counters.tx_packets
    # The worker runs what is asked after the stop in order: one datagram more
    # counts exactly one, so the generator sent nothing meanwhile.
    sender.send(b"after", "127.0.0.1", port).result(5)
    assert sender.counters.tx_packets == stopped + 1


@pytest.mark.parametrize("how", ["progress.stop", "session.stop_job"])
def test_stop_wakes_a_generator_sleeping_between_packets(sessions, how):
    """At one packet a week, the generator sleeps right after the first one: a
    Stop that waited for the next packet would not end it within the bound."""
    _, _, port = _receiver(sessions)
    sender, log = sessions(UdpSession)
    progress = sender.generate(GeneratorSpec(size=10, rate_pps=1 / 604_800), "127.0.0.1", port)
    log.wait_until(lambda: progress.packets == 1)
    if how == "progress.stop":
        progress.stop()  # from this thread, while the worker sleeps
    else:
        sender.stop_job().result(5)
    assert progress.wait(5) == 1
    assert progress.snapshot().phase is Phase.STOPPED
    assert sender.counters.tx_packets == 1


def test_a_new_generator_replaces_the_running_one(sessions):
    _, _, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    first = sender.generate(GeneratorSpec(size=10, rate_pps=100), "127.0.0.1", port)
    second = sender.generate(GeneratorSpec(size=10, count=10), "127.0.0.1", port)
    assert second.wait(5) == 10
    assert first.future.result(5) >= 0 and first.snapshot().phase is Phase.STOPPED


def test_repeat_send_every_millisecond_sends_exactly_its_count(sessions):
    """Exactly 200 sends arrive, each the payload, from one socket. The schedule
    (start + i x interval) is proved on a virtual clock in test_pacing.py; how
    close it comes to 1,000 a second is the benchmark's "repeat every 1 ms"."""
    receiver, rx_log, port = _receiver(sessions)
    sender, _ = sessions(UdpSession)
    assert sender.send_repeated(b"tick", "127.0.0.1", port, 200, 0.001).result(5) == 200
    assert sender.counters.tx_packets == 200
    rx_log.wait_until(lambda: receiver.counters.rx_packets >= 200)
    received = rx_log.of(Received)
    assert [e.data for e in received] == [b"tick"] * 200
    assert {e.peer for e in received} == {("127.0.0.1", sender.local_address[1])}
    assert receiver.counters.rx_packets == 200


def test_stopping_a_repeat_ends_it_and_nothing_goes_after(sessions):
    _, _, port = _receiver(sessions)
    sender, sender_log = sessions(UdpSession)
    future = sender.send_repeated(b"x", "127.0.0.1", port, None, 0.001)
    sender_log.wait_until(lambda: sender.counters.tx_packets >= 20)
    sender.stop_repeat().result(5)  # resolves once the repeat has ended
    count = future.result(5)
    assert count >= 20 and count == sender.counters.tx_packets
    sender.send(b"after", "127.0.0.1", port).result(5)
    assert sender.counters.tx_packets == count + 1


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
