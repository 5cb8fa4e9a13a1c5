"""ClientTableModel and ClientTable: a real TCP server's clients, live counts,
ended connections, selection, kick, clear, sorting, and 10,000 rows."""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, QTranslator
from PySide6.QtWidgets import QLabel, QPushButton, QTableView

from socklab.core.events import (
    Event,
    PeerJoined,
    PeerLeft,
    Reason,
    Received,
    Sent,
    State,
    StateChanged,
    format_addr,
)
from socklab.core.sessions.stream import PeerStats
from socklab.core.sessions.tcp_server import TcpServerSession
from socklab.gui.models.client_model import (
    COL_BYTES_IN,
    COL_BYTES_OUT,
    COL_CLIENT,
    COL_PEER,
    COL_SINCE,
    COL_STATE,
    COLUMNS,
    ClientTableModel,
)
from socklab.gui.widgets.client_table import ClientTable

LOCAL = ("127.0.0.1", 11451)
WALL = 1_700_000_000.25


# -- helpers -----------------------------------------------------------------


def cell(model: ClientTableModel, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def cell_of(model: ClientTableModel, peer_id: int, column: int):
    row = model.row_of(peer_id)
    assert row is not None, f"no row for #{peer_id}"
    return cell(model, row, column)


def child(table: ClientTable, kind, name: str):
    widget = table.findChild(kind, name)
    assert widget is not None, name
    return widget


def joined(peer_id: int, wall: float = WALL) -> PeerJoined:
    return PeerJoined(peer_id=peer_id, peer=("10.0.0.1", 40000 + peer_id), local=LOCAL, wall=wall)


def left(peer_id: int, state: State = State.PEER_CLOSED, bytes_in=0, bytes_out=0) -> PeerLeft:
    return PeerLeft(
        peer_id=peer_id,
        peer=("10.0.0.1", 40000 + peer_id),
        state=state,
        reason=Reason.PEER_CLOSED,
        bytes_in=bytes_in,
        bytes_out=bytes_out,
    )


class Recorder:
    """Counts a model's change signals."""

    def __init__(self, model: ClientTableModel) -> None:
        self.inserted: list[tuple[int, int]] = []
        self.removed: list[tuple[int, int]] = []
        self.changed: list[tuple[tuple[int, int], tuple[int, int]]] = []
        self.layouts = 0
        model.layoutChanged.connect(self._layout)
        model.rowsInserted.connect(lambda _p, a, b: self.inserted.append((a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.removed.append((a, b)))
        model.dataChanged.connect(
            lambda tl, br, _roles=(): self.changed.append(
                ((tl.row(), tl.column()), (br.row(), br.column()))
            )
        )

    def _layout(self, *_args) -> None:
        self.layouts += 1

    def reset(self) -> None:
        self.layouts = 0
        self.inserted.clear()
        self.removed.clear()
        self.changed.clear()


class Server:
    """A real TcpServerSession on loopback, its real clients, and a table fed
    with drained batches as the bridge's timer would."""

    def __init__(self, sessions, qtbot, table: ClientTable) -> None:
        self.session, self.log = sessions(TcpServerSession)
        self.address = self.session.start("127.0.0.1", 0).result(5)
        self.qtbot = qtbot
        self.table = table
        self.clients: list[socket.socket] = []
        self.ids: dict[int, socket.socket] = {}  # peer id -> client socket
        self.batches: list[list[Event]] = []
        self._fed = 0

    def connect(self, n: int) -> list[socket.socket]:
        made = [socket.create_connection(self.address, timeout=5) for _ in range(n)]
        self.clients.extend(made)
        return made

    def feed(self) -> list[Event]:
        """Drain what the worker has and give it to the table as one batch."""
        self.log.pump()
        batch = self.log.events[self._fed :]
        self._fed = len(self.log.events)
        if batch:
            self.batches.append(batch)
        self.table.apply_events(batch, self.session.peer)
        return batch

    def feed_until(self, condition: Callable[[], bool], timeout: int = 5000) -> None:
        def fed() -> bool:
            self.feed()
            return condition()

        self.qtbot.waitUntil(fed, timeout=timeout)

    def peer_id(self, client: socket.socket) -> int:
        for peer_id, sock in self.ids.items():
            if sock is client:
                return peer_id
        raise KeyError(client)

    def map_ids(self) -> None:
        """Name each client socket by the peer id the server gave it."""
        by_addr = {c.getsockname(): c for c in self.clients}
        for ev in self.log.events:
            if isinstance(ev, PeerJoined) and ev.peer in by_addr:
                self.ids[ev.peer_id] = by_addr[ev.peer]

    def close(self) -> None:
        for client in self.clients:
            client.close()


@pytest.fixture
def table(qtbot) -> ClientTable:
    widget = ClientTable()
    widget.resize(900, 700)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def server(sessions, qtbot, table) -> Iterator[Server]:
    made = Server(sessions, qtbot, table)
    yield made
    made.close()


def click_row(qtbot, view: QTableView, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    index = view.model().index(row, COL_PEER)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center()
    )


def click_header(qtbot, view: QTableView, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


# -- a real server -------------------------------------------------------------


def test_thirty_real_clients_counts_states_kick_and_clear(server: Server, table, qtbot) -> None:
    model = table.model
    view = child(table, QTableView, "clientTable")
    count = child(table, QLabel, "clientCount")
    kick = child(table, QPushButton, "kickButton")
    clear = child(table, QPushButton, "clearClosed")
    assert view.model() is model
    assert count.text() == "0 connected, 0 closed"
    assert not kick.isEnabled()
    assert not clear.isEnabled()

    clients = server.connect(30)
    server.feed_until(lambda: model.rowCount() == 30)
    server.map_ids()
    assert len(server.ids) == 30
    assert model.rowCount() == 30
    assert model.open_count == 30
    assert count.text() == "30 connected, 0 closed"
    assert sorted(model.open_ids()) == sorted(server.ids)
    for peer_id, client in server.ids.items():
        assert cell_of(model, peer_id, COL_CLIENT) == f"#{peer_id}"
        assert cell_of(model, peer_id, COL_PEER) == format_addr(client.getsockname())
        assert cell_of(model, peer_id, COL_STATE) == "connected"
        since = server.session.peer(peer_id).since
        assert cell_of(model, peer_id, COL_SINCE) == time.strftime(
            "%H:%M:%S", time.localtime(since)
        )
        assert cell_of(model, peer_id, COL_BYTES_IN) == "0"
    # The batches were drained as they came: joins only add rows at the end.
    assert sum(isinstance(e, PeerJoined) for b in server.batches for e in b) == 30

    # Five clients send; the live counters show exact numbers after refresh().
    sizes = {clients[i]: 700 * (i + 1) for i in range(5)}
    for client, size in sizes.items():
        client.sendall(b"x" * size)
    expected_in = {server.peer_id(c): n for c, n in sizes.items()}
    qtbot.waitUntil(
        lambda: all(server.session.peer(p).bytes_in == n for p, n in expected_in.items())
    )
    first = server.peer_id(clients[0])
    assert server.session.send(b"hello", [first]).result(5) == 1
    assert clients[0].recv(16) == b"hello"
    recorder = Recorder(model)
    with qtbot.waitSignal(model.dataChanged) as blocker:
        table.refresh()
    assert recorder.changed == [((0, COL_BYTES_IN), (29, COL_STATE))]
    assert blocker.args[2] == [Qt.ItemDataRole.DisplayRole]
    shown = {p: cell_of(model, p, COL_BYTES_IN) for p in expected_in}
    assert shown == {p: f"{n:,}" for p, n in expected_in.items()}
    assert set(shown.values()) == {"700", "1,400", "2,100", "2,800", "3,500"}
    assert cell_of(model, first, COL_BYTES_OUT) == "5"

    # Client 0 closes, client 6 resets: greyed rows with the final counts.
    clients[0].close()
    reset_client = clients[6]
    reset_client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    reset_client.close()
    reset_id = server.peer_id(reset_client)
    server.feed_until(lambda: model.open_count == 28)
    assert cell_of(model, first, COL_STATE) == "closed by peer"
    assert cell_of(model, reset_id, COL_STATE) == "reset"
    assert cell_of(model, first, COL_BYTES_IN) == "700"
    assert cell_of(model, first, COL_BYTES_OUT) == "5"
    assert server.session.peer(first) is None  # the count now comes from PeerLeft
    row = model.row_of(first)
    assert cell(model, row, COL_STATE, Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(model, 29, COL_STATE, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(model, row, COL_STATE, Qt.ItemDataRole.ToolTipRole)
    assert count.text() == "28 connected, 2 closed"
    assert clear.isEnabled()
    assert model.rowCount() == 30

    # Select two open rows and the closed one with real clicks.
    second, third = server.peer_id(clients[1]), server.peer_id(clients[2])
    with qtbot.waitSignal(table.selectionChanged) as blocker:
        click_row(qtbot, view, model.row_of(second))
    assert blocker.args == [[second]]
    assert kick.isEnabled()
    click_row(qtbot, view, model.row_of(third), Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(table.selectionChanged) as blocker:
        click_row(qtbot, view, model.row_of(first), Qt.KeyboardModifier.ControlModifier)
    assert sorted(blocker.args[0]) == sorted([first, second, third])
    assert sorted(table.selected_ids()) == sorted([first, second, third])

    # Only the open ones are asked to be disconnected.
    with qtbot.waitSignal(table.kickRequested) as blocker:
        qtbot.mouseClick(kick, Qt.MouseButton.LeftButton)
    assert sorted(blocker.args[0]) == sorted([second, third])

    # The tab would do this; the rows become "disconnected" and the peers see EOF.
    assert server.session.kick(blocker.args[0]).result(5) == 2
    server.feed_until(lambda: model.open_count == 26)
    for peer_id in (second, third):
        assert cell_of(model, peer_id, COL_STATE) == "disconnected"
        assert server.ids[peer_id].recv(16) == b""
    assert cell_of(model, second, COL_BYTES_IN) == "1,400"
    assert not kick.isEnabled()  # every selected row has ended
    assert sorted(table.selected_ids()) == sorted([first, second, third])
    assert count.text() == "26 connected, 4 closed"

    # Clear closed removes the four ended rows, and they leave the selection.
    with qtbot.waitSignal(table.selectionChanged) as blocker:
        qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert blocker.args == [[]]
    assert model.rowCount() == 26
    assert model.closed_count == 0
    gone = {first, second, third, reset_id}
    assert all(model.row_of(p) is None for p in gone)
    assert sorted(model.open_ids()) == sorted(set(server.ids) - gone)
    assert model.ids_for_rows(range(26)) == model.open_ids()
    assert count.text() == "26 connected, 0 closed"
    assert not clear.isEnabled()

    # Stopping the server closes the rest.
    server.session.close().result(5)
    server.feed_until(lambda: model.open_count == 0)
    assert {cell(model, r, COL_STATE) for r in range(26)} == {"closed"}
    assert count.text() == "0 connected, 26 closed"
    recorder.reset()
    table.refresh()
    assert recorder.changed == []  # nothing is live any more


def test_client_that_joined_and_left_within_one_batch(server: Server, table) -> None:
    model = table.model
    (client,) = server.connect(1)
    client.sendall(b"y" * 1234)
    client.close()
    server.log.wait_for(lambda e: isinstance(e, PeerLeft))
    batch = server.feed()
    kinds = [type(e) for e in batch]
    assert PeerJoined in kinds
    assert PeerLeft in kinds
    assert Received in kinds
    assert StateChanged in kinds  # the LISTENING event: ignored
    (ev,) = [e for e in batch if isinstance(e, PeerLeft)]
    assert server.session.peer(ev.peer_id) is None
    assert model.rowCount() == 1
    assert model.open_count == 0
    assert not model.is_open(ev.peer_id)
    assert cell(model, 0, COL_CLIENT) == f"#{ev.peer_id}"
    assert cell(model, 0, COL_PEER) == format_addr(ev.peer)
    assert cell(model, 0, COL_STATE) == "closed by peer"
    assert cell(model, 0, COL_BYTES_IN) == "1,234"
    assert cell(model, 0, COL_BYTES_OUT) == "0"
    assert child(table, QLabel, "clientCount").text() == "0 connected, 1 closed"


def test_selection_and_counts_survive_new_batches(server: Server, table, qtbot) -> None:
    model = table.model
    view = table.view
    server.connect(3)
    server.feed_until(lambda: model.rowCount() == 3)
    server.map_ids()
    target = model.ids_for_rows([1])[0]
    click_row(qtbot, view, 1)
    assert table.selected_ids() == [target]
    more = server.connect(5)
    server.feed_until(lambda: model.rowCount() == 8)
    more[0].sendall(b"z" * 10)
    server.map_ids()
    talker = server.peer_id(more[0])
    qtbot.waitUntil(lambda: server.session.peer(talker).bytes_in == 10)
    table.refresh()
    assert cell_of(model, talker, COL_BYTES_IN) == "10"
    assert table.selected_ids() == [target]
    assert table.selected_open_ids() == [target]
    assert child(table, QPushButton, "kickButton").isEnabled()


# -- synthetic events ----------------------------------------------------------


def test_ten_thousand_rows_in_batches_one_signal_each(table) -> None:
    model = table.model
    recorder = Recorder(model)
    live: dict[int, PeerStats] = {}

    def lookup(peer_id: int) -> PeerStats:
        stats = PeerStats(peer_id, ("10.0.0.1", 40000 + peer_id), LOCAL, since=WALL)
        live[peer_id] = stats
        return stats

    for k in range(10):
        batch = [joined(k * 1000 + i + 1) for i in range(1000)]
        batch.insert(500, Received(b"noise", peer=("10.0.0.1", 1), peer_id=1))
        recorder.reset()
        table.apply_events(batch, lookup)
        assert recorder.inserted == [(k * 1000, k * 1000 + 999)]
        assert recorder.changed == []
    assert model.rowCount() == 10_000
    assert model.open_count == 10_000
    assert child(table, QLabel, "clientCount").text() == "10,000 connected, 0 closed"
    assert table.view.model().rowCount() == 10_000

    # Counters move in the "worker"; one refresh is one dataChanged.
    live[1].bytes_in = 123_456
    live[10_000].bytes_out = 42
    recorder.reset()
    table.refresh()
    assert recorder.changed == [((0, COL_BYTES_IN), (9_999, COL_STATE))]
    assert cell(model, 0, COL_BYTES_IN) == "123,456"
    assert cell(model, 9_999, COL_BYTES_OUT) == "42"
    assert cell(model, 0, COL_SINCE) == time.strftime("%H:%M:%S", time.localtime(WALL))

    # 1,000 scattered leaves in one batch: one dataChanged, no inserted rows.
    recorder.reset()
    leaves = [left(i, State.KICKED, bytes_in=i) for i in range(10, 10_001, 10)]
    table.apply_events(leaves)
    assert recorder.inserted == []
    assert recorder.changed == [((9, 0), (9_999, len(COLUMNS) - 1))]
    assert model.open_count == 9_000
    assert cell_of(model, 10, COL_STATE) == "disconnected"
    assert cell_of(model, 10_000, COL_BYTES_IN) == "10,000"

    # Clear closed, with every row selected (Ctrl+A): one removal of the
    # scattered rows (moved below the open ones first), the rest stay selected.
    table.view.selectAll()
    assert len(table.selected_ids()) == 10_000
    assert len(table.selected_open_ids()) == 9_000
    recorder.reset()
    assert table.remove_closed() == 1_000
    assert recorder.removed == [(9_000, 9_999)]
    assert recorder.layouts == 1
    assert model.rowCount() == 9_000
    assert table.selected_ids() == model.open_ids()
    assert model.closed_count == 0
    assert model.row_of(10) is None
    assert model.row_of(11) == 9
    assert cell(model, 9, COL_CLIENT) == "#11"
    assert model.ids_for_rows([0, 9, 8_999]) == [1, 11, 9_999]
    assert child(table, QLabel, "clientCount").text() == "9,000 connected, 0 closed"


def test_join_and_leave_in_one_synthetic_batch_and_odd_events(qtbot) -> None:
    model = ClientTableModel()
    recorder = Recorder(model)
    model.apply_events(
        [
            StateChanged(state=State.LISTENING, local=LOCAL),
            joined(1),
            joined(2),
            Sent(b"hi", peer_id=1),
            left(1, State.RESET, bytes_in=7, bytes_out=2),
            joined(2),  # a duplicate: ignored
            left(99),  # never joined here: ignored
        ],
        lambda _peer_id: None,
    )
    assert recorder.inserted == [(0, 1)]
    assert recorder.changed == []
    assert model.open_ids() == [2]
    assert cell(model, 0, COL_STATE) == "reset"
    assert cell(model, 0, COL_BYTES_IN) == "7"
    assert cell(model, 0, COL_BYTES_OUT) == "2"
    assert cell(model, 1, COL_STATE) == "connected"
    assert cell(model, 0, COL_SINCE) == time.strftime("%H:%M:%S", time.localtime(WALL))

    recorder.reset()
    model.apply_events([Received(b"x", peer_id=2), left(1), left(99)])
    assert recorder.inserted == recorder.changed == []
    assert cell(model, 0, COL_STATE) == "reset"  # a second leave changes nothing
    assert model.index(0, 0, model.index(0, 0)).isValid() is False
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    assert model.data(model.index(0, COL_BYTES_IN), model.PeerIdRole) == 1
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Client"
    assert model.headerData(0, Qt.Orientation.Vertical) is None

    model.clear()
    assert model.rowCount() == model.open_count == 0
    model.apply_events([joined(1)])
    assert model.rowCount() == 1  # after clear() an id may come back (new session)


def test_sorting_on_header_click_keeps_selection(table, qtbot) -> None:
    model = table.model
    view = table.view
    stats = {
        i: PeerStats(i, ("10.0.0.1", 40000 + i), LOCAL, since=WALL, bytes_in=(i * 7919) % 2000)
        for i in range(1, 2001)
    }
    table.apply_events([joined(i) for i in range(1, 2001)], stats.get)
    table.apply_events([left(5, bytes_in=stats[5].bytes_in)])
    table.select_ids([3, 5, 1500])
    before = set(table.selected_ids())
    recorder = Recorder(model)

    click_header(qtbot, view, COL_BYTES_IN)  # busiest first
    shown = [int(cell(model, r, COL_BYTES_IN).replace(",", "")) for r in range(2000)]
    assert shown == sorted(shown, reverse=True)
    assert set(table.selected_ids()) == before
    assert set(table.selected_open_ids()) == {3, 1500}
    assert recorder.changed == recorder.inserted == []
    assert model.row_of(1500) is not None
    assert cell_of(model, 1500, COL_CLIENT) == "#1500"

    click_header(qtbot, view, COL_BYTES_IN)
    shown = [int(cell(model, r, COL_BYTES_IN).replace(",", "")) for r in range(2000)]
    assert shown == sorted(shown)

    click_header(qtbot, view, COL_PEER)
    ports = [int(cell(model, r, COL_PEER).rsplit(":", 1)[1]) for r in range(2000)]
    assert ports == sorted(ports)  # numerically, not as text
    assert set(table.selected_ids()) == before

    # New clients still arrive with one insert, at the end; no re-sort by itself.
    table.apply_events([joined(3000)])
    assert recorder.inserted == [(2000, 2000)]
    assert model.row_of(3000) == 2000

    click_header(qtbot, view, COL_PEER)  # descending
    click_header(qtbot, view, COL_PEER)  # cleared: the order of joining
    assert model.ids_for_rows(range(model.rowCount())) == [*range(1, 2001), 3000]
    assert table.selected_ids() == [3, 5, 1500]


def test_clear_closed_keeps_the_selection_and_current_row(table, qtbot) -> None:
    model = table.model
    view = table.view
    table.apply_events([joined(i) for i in range(1, 11)])
    table.apply_events([left(3), left(6)])
    click_row(qtbot, view, model.row_of(2))
    for peer_id in (3, 4, 7):
        click_row(qtbot, view, model.row_of(peer_id), Qt.KeyboardModifier.ControlModifier)
    assert table.selected_ids() == [2, 3, 4, 7]
    recorder = Recorder(model)
    with qtbot.waitSignal(table.selectionChanged) as blocker:
        qtbot.mouseClick(child(table, QPushButton, "clearClosed"), Qt.MouseButton.LeftButton)
    assert blocker.args == [[2, 4, 7]]
    assert recorder.removed == [(8, 9)]  # moved below the open rows, then one removal
    assert model.ids_for_rows(range(model.rowCount())) == [1, 2, 4, 5, 7, 8, 9, 10]
    assert table.selected_ids() == [2, 4, 7]
    assert model.data(view.currentIndex(), model.PeerIdRole) == 7

    # Ended rows already at the end: a plain removal, no layout change.
    table.apply_events([left(9), left(10)])
    recorder.reset()
    assert table.remove_closed() == 2
    assert recorder.removed == [(6, 7)]
    assert recorder.layouts == 0
    assert table.remove_closed() == 0
    assert table.selected_ids() == [2, 4, 7]

    with qtbot.waitSignal(table.selectionChanged) as blocker:
        table.clear()
    assert blocker.args == [[]]
    assert child(table, QLabel, "clientCount").text() == "0 connected, 0 closed"
    assert not child(table, QPushButton, "kickButton").isEnabled()


class _Bracketing(QTranslator):
    """Wraps every ClientTable / ClientTableModel / Describe string in brackets."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if context in ("ClientTable", "ClientTableModel", "Describe"):
            return f"[{source}]"
        return None

    def isEmpty(self) -> bool:
        return False


def test_retranslate_on_language_change(table, qtbot) -> None:
    table.apply_events([joined(1), joined(2), left(2)])
    kick = child(table, QPushButton, "kickButton")
    assert kick.text() == "Disconnect selected"
    translator = _Bracketing()
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: kick.text() == "[Disconnect selected]")
        assert child(table, QPushButton, "clearClosed").text() == "[Clear closed]"
        assert child(table, QLabel, "clientCount").text() == "[1 connected, 1 closed]"
        assert table.model.headerData(COL_STATE, Qt.Orientation.Horizontal) == "[State]"
        assert cell(table.model, 0, COL_STATE) == "[connected]"
        assert cell(table.model, 1, COL_STATE) == "[closed by peer]"
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: kick.text() == "Disconnect selected")
    assert cell(table.model, 1, COL_STATE) == "closed by peer"


def test_disconnect_follows_whether_a_selected_row_is_open(table, qtbot) -> None:
    kick = child(table, QPushButton, "kickButton")
    table.apply_events([joined(1), joined(2), joined(3)])
    table.apply_events([left(2)])
    assert not table.has_open_selected() and not kick.isEnabled()
    click_row(qtbot, table.view, 1)  # the ended one
    assert not table.has_open_selected() and not kick.isEnabled()
    click_row(qtbot, table.view, 2, Qt.KeyboardModifier.ControlModifier)
    assert table.has_open_selected() and kick.isEnabled()
    table.apply_events([left(3)])  # the open one ends: nothing left to disconnect
    assert not table.has_open_selected() and not kick.isEnabled()
