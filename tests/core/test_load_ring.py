"""The worker's event ring under load: lazy batches, exact drops, byte bound, tap."""

from __future__ import annotations

from typing import Any

from socklab.core.events import Event, Received, Sent
from socklab.core.sessions.worker import Worker


class Maker:
    """Builds Received events from ints and counts how many it built."""

    def __init__(self) -> None:
        self.built = 0

    def __call__(self, item: int) -> Received:
        self.built += 1
        return Received(item.to_bytes(4, "big"), mono=0.0, wall=0.0)


def numbers(events: list[Event]) -> list[int]:
    return [int.from_bytes(e.data, "big") for e in events if isinstance(e, Received)]


def test_lazy_batches_are_built_only_when_drained_and_every_drop_is_counted():
    worker = Worker("lazy", ring_size=100)
    make = Maker()
    for start in range(0, 180, 60):
        worker.emit_lazy(list(range(start, start + 60)), make, 60 * 4)
    assert make.built == 0
    batch = worker.drain()
    assert numbers(batch.events) == list(range(80, 180))
    assert batch.dropped == 80
    assert make.built == 100  # the 80 dropped were never built


def test_drain_limit_takes_the_newest_and_counts_the_rest_as_dropped():
    worker = Worker("limit", ring_size=1000)
    make = Maker()
    worker.emit(Sent(b"first"))
    worker.emit_lazy(list(range(500)), make)
    worker.emit(Sent(b"last"))
    batch = worker.drain(limit=10)
    assert numbers(batch.events) == list(range(491, 500))
    assert batch.events[-1] == Sent(b"last", mono=batch.events[-1].mono, wall=batch.events[-1].wall)
    assert batch.dropped == 492
    assert make.built == 9
    assert worker.drain().events == []


def test_order_is_kept_across_single_events_and_lazy_batches():
    worker = Worker("order", ring_size=50)
    make = Maker()
    worker.emit(Sent(b"a"))
    worker.emit_lazy([1, 2, 3], make)
    worker.emit(Sent(b"b"))
    worker.emit_lazy([4, 5], make)
    kinds = [type(e).__name__ for e in worker.drain().events]
    assert kinds == ["Sent", "Received", "Received", "Received", "Sent", "Received", "Received"]


def test_byte_bound_drops_the_oldest_data_but_keeps_the_newest_event():
    worker = Worker("bytes", ring_size=10_000, ring_bytes=1000)
    for i in range(30):
        worker.emit(Received(bytes([i]) * 100))
    batch = worker.drain()
    assert [e.data[0] for e in batch.events] == list(range(20, 30))
    assert batch.dropped == 20
    worker.emit(Received(b"x" * 5000))  # larger than the bound on its own: still kept
    assert len(worker.drain().events) == 1


class Tap:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, event: Event) -> None:
        self.events.append(event)

    def add_lazy(self, items: list[Any], make: Any) -> None:
        self.events.extend(map(make, items))


def test_the_tap_sees_every_event_even_those_the_ring_drops():
    worker = Worker("tap", ring_size=10)
    tap = Tap()
    worker.tap = tap
    worker.emit(Sent(b"s"))
    worker.emit_lazy(list(range(1000)), Maker())
    worker.emit(Sent(b"t"))
    worker.emit(Sent(b"u"))
    assert len(tap.events) == 1003
    assert numbers(tap.events) == list(range(1000))
    batch = worker.drain()
    assert len(batch.events) == 10 and batch.dropped == 993


def test_a_full_ring_drops_data_but_never_states_joins_or_failures():
    from socklab.core.events import Failed, PeerJoined, State, StateChanged

    worker = Worker("keep", ring_size=5)
    worker.emit(StateChanged(state=State.LISTENING))
    for i in range(20):
        worker.emit(PeerJoined(peer_id=i, peer=("127.0.0.1", i)))
        worker.emit_lazy([i * 10 + k for k in range(10)], Maker())
    worker.emit(Failed(operation="x", message="x: y"))
    batch = worker.drain()
    kinds = [type(e).__name__ for e in batch.events]
    assert kinds.count("PeerJoined") == 20 and kinds[0] == "StateChanged"
    assert kinds[-1] == "Failed"
    assert len(batch.events) + batch.dropped == 1 + 20 + 200 + 1
    assert numbers(batch.events) == []  # the kept events alone fill the ring
    joined = [e.peer_id for e in batch.events if isinstance(e, PeerJoined)]
    assert joined == list(range(20))
