"""A storm of clients joining and leaving is a flood for the bridge: it pulls
less often (fewer, bigger batches for the client table and the log), and every
join and leave still reaches the table."""

from __future__ import annotations

from gui_helpers import FakeClock

from loop_helpers import connect_many, held
from socklab.core import PeerJoined, PeerLeft, TcpServerOptions, TcpServerSession
from socklab.gui.bridge import FLOOD_INTERVAL_MS, PULL_INTERVAL_MS, SessionBridge
from socklab.gui.models.client_model import ClientTableModel

CLIENTS = 300


def test_a_storm_of_joins_and_leaves_is_a_flood_and_the_table_shows_every_client(
    qtbot, event_loop_qt
):
    """300 clients in one 33 ms pull (~9,000 a second) begin a flood: 5 Hz pulls.
    Their leaving, 300 in the next 200 ms, keeps it one; a pull with nothing
    new ends it. The table has every client, each ended. The test moves the
    clock and pulls itself: no timer pulls meanwhile."""
    clock = FakeClock()
    bridge = SessionBridge(clock=clock, auto_pull=False)
    session = TcpServerSession(TcpServerOptions())
    model = ClientTableModel()
    batches = []
    bridge.eventsArrived.connect(batches.append)
    bridge.eventsArrived.connect(lambda batch: model.apply_events(batch.events, session.peer))
    clients = []
    try:
        address = session.start("127.0.0.1", 0).result(5)
        bridge.attach(session)
        with held(session):
            clients = connect_many(address, CLIENTS)
        qtbot.waitUntil(lambda: session.peer_count == CLIENTS)
        clock.advance(PULL_INTERVAL_MS / 1000)
        bridge.pull()
        assert bridge.flooding and bridge.interval_ms == FLOOD_INTERVAL_MS
        assert model.open_count == model.rowCount() == CLIENTS

        for sock in clients:
            sock.close()
        qtbot.waitUntil(lambda: session.peer_count == 0)
        clock.advance(FLOOD_INTERVAL_MS / 1000)
        bridge.pull()
        assert bridge.flooding
        assert (model.open_count, model.closed_count) == (0, CLIENTS)

        clock.advance(FLOOD_INTERVAL_MS / 1000)
        bridge.pull()
        assert not bridge.flooding and bridge.interval_ms == PULL_INTERVAL_MS
        events = [e for b in batches for e in b.events]
        assert sum(isinstance(e, PeerJoined) for e in events) == CLIENTS
        assert sum(isinstance(e, PeerLeft) for e in events) == CLIENTS
    finally:
        for sock in clients:
            sock.close()
        bridge.detach()
        session.shutdown()


def test_a_few_clients_are_no_flood(qtbot, event_loop_qt):
    """Thirty clients joining in one pull (~900 a second) keep the display rate."""
    clock = FakeClock()
    bridge = SessionBridge(clock=clock, auto_pull=False)
    session = TcpServerSession(TcpServerOptions())
    clients = []
    try:
        address = session.start("127.0.0.1", 0).result(5)
        bridge.attach(session)
        clients = connect_many(address, 30)
        qtbot.waitUntil(lambda: session.peer_count == 30)
        clock.advance(PULL_INTERVAL_MS / 1000)
        bridge.pull()
        assert not bridge.flooding and bridge.interval_ms == PULL_INTERVAL_MS
    finally:
        for sock in clients:
            sock.close()
        bridge.detach()
        session.shutdown()


def test_once_the_window_is_up_the_collector_runs_less_often_and_skips_its_objects():
    """settle_for_traffic (what `socklab` does once its window is shown) freezes
    what lives as long as the window and raises the young-generation threshold:
    a storm of clients then runs no full collection over everything."""
    import gc

    from socklab.gui.main import GC_YOUNG_THRESHOLD, settle_for_traffic

    before = gc.get_threshold()
    try:
        settle_for_traffic()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (max(GC_YOUNG_THRESHOLD, before[0]), *before[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
