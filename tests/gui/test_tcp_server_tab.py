"""The TCP Server tab, clicked through with real widgets against real client sockets.

The client sockets are real, on 127.0.0.1. They connect with a blocking
``connect`` (the kernel completes the handshake without the server's accept),
then turn non-blocking: everything they read is polled with ``select`` inside
``qtbot.waitUntil``, so the GUI loop (and the tab's tasks) keeps running.
"""

from __future__ import annotations

import select
import socket
import threading
from collections.abc import Iterator

import pytest
from gui_helpers import (
    BAD_PORTS,
    check_bad_port,
    click,
    rows,
    type_into,
    type_payload,
    widget,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
)

from socklab.core.sessions.tcp_server import AutoReply
from socklab.gui.models.client_model import COL_PEER, COL_STATE
from socklab.gui.models.log_model import COL_DATA

WAIT_MS = 5000


# -- helpers -------------------------------------------------------------------


def finish_editing(qtbot, edit: QLineEdit) -> None:
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, (combo.objectName(), data)
    combo.setCurrentIndex(index)


def table_view(tab) -> QTableView:
    return widget(tab, QTableView, "clientTable")


def addr_of(client: socket.socket) -> str:
    host, port = client.getsockname()[:2]
    return f"{host}:{port}"


def row_of(tab, client: socket.socket) -> int:
    """The table row showing ``client`` (matched by its address)."""
    model = table_view(tab).model()
    for row in range(model.rowCount()):
        if model.index(row, COL_PEER).data() == addr_of(client):
            return row
    raise AssertionError(f"no row for {addr_of(client)}")


def state_of(tab, client: socket.socket) -> str:
    model = table_view(tab).model()
    return model.index(row_of(tab, client), COL_STATE).data()


def click_row(qtbot, tab, client: socket.socket, *, add: bool = False) -> None:
    """Click the row of ``client`` in the real view (Ctrl held: add it to the selection)."""
    view = table_view(tab)
    index = view.model().index(row_of(tab, client), COL_PEER)
    view.scrollTo(index)
    modifier = Qt.KeyboardModifier.ControlModifier if add else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center()
    )


def show_tab(qtbot, window):
    """Click the TCP Server tab in the window's tab bar; returns the tab."""
    tab = window.tcp_server_tab
    tabs = window.tabs
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(tab)).center())
    assert tabs.currentWidget() is tab
    qtbot.waitUntil(tab.isVisible)
    return tab


def start_server(qtbot, tab, port: str = "0") -> int:
    """Listen on 127.0.0.1:port by clicking Start; returns the port listened on."""
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), port)
    open_button = widget(tab, QPushButton, "openButton")
    assert open_button.text() == "Start"
    click(qtbot, open_button)
    qtbot.waitUntil(
        lambda: tab.session is not None and tab.session.local_address is not None,
        timeout=WAIT_MS,
    )
    listening = tab.session.local_address[1]
    state = widget(tab, QLabel, "stateLabel")
    qtbot.waitUntil(lambda: f"listening on 127.0.0.1:{listening}" in state.text())
    assert open_button.text() == "Stop"
    return listening


@pytest.fixture
def clients() -> Iterator[list[socket.socket]]:
    """Client sockets opened by a test; all closed afterwards."""
    opened: list[socket.socket] = []
    yield opened
    for sock in opened:
        sock.close()


def connect(clients: list[socket.socket], port: int, n: int = 1) -> list[socket.socket]:
    new = []
    for _ in range(n):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        clients.append(sock)
        sock.setblocking(False)
        new.append(sock)
    return new


def wait_connected(qtbot, tab, n: int) -> None:
    qtbot.waitUntil(lambda: tab.clients.model.open_count == n, timeout=WAIT_MS)
    count = widget(tab, QLabel, "clientCount")
    assert count.text().startswith(f"{n} connected")


def read_some(sock: socket.socket) -> bytes | None:
    """What ``sock`` has now: bytes, b'' at EOF, None if nothing yet."""
    if not select.select([sock], [], [], 0)[0]:
        return None
    return sock.recv(65_536)


def recv_exactly(qtbot, socks: list[socket.socket], expected: bytes) -> None:
    """Each of ``socks`` receives ``expected`` (and not more than that so far)."""
    got = {s: b"" for s in socks}

    def ready() -> bool:
        for sock in socks:
            if len(got[sock]) < len(expected):
                data = read_some(sock)
                assert data != b"", f"{addr_of(sock)} saw EOF"
                if data:
                    got[sock] += data
        return all(len(g) >= len(expected) for g in got.values())

    qtbot.waitUntil(ready, timeout=WAIT_MS)
    for sock, data in got.items():
        assert data == expected, addr_of(sock)


def wait_eof(qtbot, socks: list[socket.socket]) -> None:
    """Each of ``socks`` sees the server close (recv returns b''), with no data before it."""
    pending = set(socks)

    def ready() -> bool:
        for sock in list(pending):
            data = read_some(sock)
            if data is not None:
                assert data == b"", f"{addr_of(sock)} got {data!r} instead of EOF"
                pending.discard(sock)
        return not pending

    qtbot.waitUntil(ready, timeout=WAIT_MS)


def counters_show(tab, rx: tuple[int, int], tx: tuple[int, int]) -> bool:
    def part(direction: str, chunks: int, nbytes: int) -> str:
        unit = "chunk" if chunks == 1 else "chunks"
        return f"{direction} {chunks:,} {unit} · {nbytes:,} B ·"

    text = widget(tab, type(tab.counters), "counters").text()
    return part("RX", *rx) in text and part("TX", *tx) in text


def server_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "socklab-tcp-server" and t.is_alive()]


# -- tests ---------------------------------------------------------------------


def test_fifty_clients_send_to_all_and_kick_one(qtbot, window, clients):
    tab = show_tab(qtbot, window)
    port = start_server(qtbot, tab)
    assert port != 0

    connect(clients, port, 50)
    wait_connected(qtbot, tab, 50)
    assert table_view(tab).model().rowCount() == 50
    assert widget(tab, QLabel, "clientCount").text() == "50 connected, 0 closed"
    assert {state_of(tab, c) for c in clients} == {"connected"}

    type_payload(qtbot, tab, "hello all")
    send_all = widget(tab, QPushButton, "sendAllButton")
    qtbot.waitUntil(send_all.isEnabled)
    click(qtbot, send_all)
    recv_exactly(qtbot, clients, b"hello all")
    qtbot.waitUntil(lambda: counters_show(tab, rx=(0, 0), tx=(50, 450)))

    victim = clients[17]
    click_row(qtbot, tab, victim)
    victim_id = tab.clients.model.ids_for_rows([row_of(tab, victim)])
    assert tab.clients.selected_open_ids() == victim_id
    click(qtbot, widget(tab, QPushButton, "kickButton"))
    wait_eof(qtbot, [victim])
    qtbot.waitUntil(lambda: state_of(tab, victim) == "disconnected")
    wait_connected(qtbot, tab, 49)
    assert widget(tab, QLabel, "clientCount").text() == "49 connected, 1 closed"
    others = [c for c in clients if c is not victim]
    assert {state_of(tab, c) for c in others} == {"connected"}
    # The others still talk to the server.
    click(qtbot, send_all)
    recv_exactly(qtbot, others, b"hello all")
    qtbot.waitUntil(lambda: counters_show(tab, rx=(0, 0), tx=(99, 891)))


def test_auto_reply_echo_fixed_gbk_and_close_word(qtbot, window, clients):
    tab = show_tab(qtbot, window)
    port = start_server(qtbot, tab)
    (client,) = connect(clients, port)
    wait_connected(qtbot, tab, 1)

    auto_reply = widget(tab, QComboBox, "autoReply")
    choose(auto_reply, AutoReply.ECHO.value)
    client.sendall(b"ping")
    recv_exactly(qtbot, [client], b"ping")

    reply_text = widget(tab, QLineEdit, "autoReplyText")
    choose(auto_reply, AutoReply.FIXED.value)
    assert reply_text.isEnabled()
    type_into(qtbot, reply_text, "已收到")
    finish_editing(qtbot, reply_text)
    # The reply is encoded in the payload editor's encoding: GBK, chosen after the text.
    choose(widget(tab, QComboBox, "encoding"), "gbk")
    expected = "已收到".encode("gbk")
    assert len(expected) == 6
    for message in (b"one", b"two"):
        client.sendall(message)
        recv_exactly(qtbot, [client], expected)

    close_on = widget(tab, QCheckBox, "closeOnWord")
    close_word = widget(tab, QLineEdit, "closeWord")
    type_into(qtbot, close_word, "exit")
    finish_editing(qtbot, close_word)
    # On its box: the widget is wider than box and label, its centre may be blank.
    box = QPoint(close_on.height() // 2, close_on.height() // 2)
    qtbot.mouseClick(close_on, Qt.MouseButton.LeftButton, pos=box)
    assert close_on.isChecked()
    (other,) = connect(clients, port)
    wait_connected(qtbot, tab, 2)
    client.sendall(b"exit")
    wait_eof(qtbot, [client])  # closed by the server, without the fixed reply
    qtbot.waitUntil(lambda: state_of(tab, client) == "disconnected")
    wait_connected(qtbot, tab, 1)
    assert state_of(tab, other) == "connected"
    other.sendall(b"exit\r\n")  # a line ending after the word counts too
    wait_eof(qtbot, [other])
    qtbot.waitUntil(lambda: state_of(tab, other) == "disconnected")

    # RX: ping one two exit exit\r\n; TX: ping and two GBK replies.
    qtbot.waitUntil(lambda: counters_show(tab, rx=(5, 4 + 3 + 3 + 4 + 6), tx=(3, 4 + 6 + 6)))


def test_send_to_selected_reaches_exactly_those(qtbot, window, clients):
    tab = show_tab(qtbot, window)
    port = start_server(qtbot, tab)
    connect(clients, port, 4)
    wait_connected(qtbot, tab, 4)

    send = widget(tab, QPushButton, "sendButton")
    type_payload(qtbot, tab, "to two")
    assert not send.isEnabled()  # nothing selected yet
    click_row(qtbot, tab, clients[1])
    click_row(qtbot, tab, clients[3], add=True)
    qtbot.waitUntil(lambda: len(tab.clients.selected_open_ids()) == 2)
    qtbot.waitUntil(send.isEnabled)
    click(qtbot, send)
    recv_exactly(qtbot, [clients[1], clients[3]], b"to two")

    # A marker to all: whatever else a client got would arrive before it.
    type_payload(qtbot, tab, "end")
    click(qtbot, widget(tab, QPushButton, "sendAllButton"))
    recv_exactly(qtbot, [clients[0], clients[2]], b"end")
    recv_exactly(qtbot, [clients[1], clients[3]], b"end")
    qtbot.waitUntil(lambda: counters_show(tab, rx=(0, 0), tx=(6, 2 * 6 + 4 * 3)))


def test_bad_input_is_shown_at_the_field_and_the_tab_keeps_working(qtbot, window, clients):
    tab = show_tab(qtbot, window)
    error = widget(tab, QLabel, "settingsError")
    local_port = widget(tab, QLineEdit, "localPort")
    open_button = widget(tab, QPushButton, "openButton")
    tab.local_host.setEditText("127.0.0.1")

    for case in BAD_PORTS:
        check_bad_port(qtbot, tab, local_port, open_button, case)
        assert tab.session is None

    type_into(qtbot, local_port, "1")
    assert local_port.property("invalid") is False  # editing cleared the mark

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        type_into(qtbot, local_port, str(port))
        click(qtbot, open_button)
        message = f"port {port} is already in use"
        qtbot.waitUntil(lambda: message in error.text())
        qtbot.waitUntil(lambda: any(message in r[COL_DATA] for r in rows(tab)))
        qtbot.waitUntil(lambda: tab.session is None)
        assert open_button.text() == "Start"
        assert "not listening" in widget(tab, QLabel, "stateLabel").text()
        assert not server_threads()  # no session left running

    # ... and the tab still works.
    port = start_server(qtbot, tab)
    assert not error.isVisible()
    connect(clients, port)
    wait_connected(qtbot, tab, 1)


def test_stop_closes_every_client_and_start_again_on_the_same_port(qtbot, window, clients):
    tab = show_tab(qtbot, window)
    port = start_server(qtbot, tab)
    first = connect(clients, port, 3)
    wait_connected(qtbot, tab, 3)
    first[0].sendall(b"abc")
    qtbot.waitUntil(lambda: counters_show(tab, rx=(1, 3), tx=(0, 0)))
    session = tab.session

    click(qtbot, widget(tab, QPushButton, "openButton"))
    wait_eof(qtbot, first)
    assert tab.session is None
    assert not session.worker.running
    qtbot.waitUntil(lambda: [state_of(tab, c) for c in first] == ["closed"] * 3)
    assert widget(tab, QLabel, "clientCount").text() == "0 connected, 3 closed"
    state = widget(tab, QLabel, "stateLabel")
    assert state.text() == "not listening"
    assert widget(tab, QPushButton, "openButton").text() == "Start"
    assert counters_show(tab, rx=(1, 3), tx=(0, 0))  # the totals of the stopped session stay
    assert not widget(tab, QPushButton, "sendAllButton").isEnabled()
    assert not widget(tab, QPushButton, "sendButton").isEnabled()
    assert not server_threads()
    for sock in first:
        sock.close()

    # Again on the same port (SO_REUSEADDR is on by default): new clients show up.
    assert start_server(qtbot, tab, str(port)) == port
    second = connect(clients, port, 2)
    wait_connected(qtbot, tab, 2)
    # The rows of the stopped session went; peer ids start again at #1.
    assert widget(tab, QLabel, "clientCount").text() == "2 connected, 0 closed"
    for sock in second:
        assert state_of(tab, sock) == "connected"
    qtbot.waitUntil(lambda: counters_show(tab, rx=(0, 0), tx=(0, 0)))
    type_payload(qtbot, tab, "again")
    click(qtbot, widget(tab, QPushButton, "sendAllButton"))
    recv_exactly(qtbot, second, b"again")
    qtbot.waitUntil(lambda: counters_show(tab, rx=(0, 0), tx=(2, 10)))


def test_closing_the_window_closes_the_clients(qtbot, window, clients):
    tab = show_tab(qtbot, window)
    port = start_server(qtbot, tab)
    connect(clients, port, 2)
    wait_connected(qtbot, tab, 2)
    window.close()
    wait_eof(qtbot, clients)
    assert tab.session is None


def test_a_reply_the_encoding_cannot_hold_is_shown_at_its_field(qtbot, window, clients):
    tab = show_tab(qtbot, window)
    error = widget(tab, QLabel, "settingsError")
    reply_text = widget(tab, QLineEdit, "autoReplyText")
    encoding = widget(tab, QComboBox, "encoding")
    port = start_server(qtbot, tab)
    (client,) = connect(clients, port)
    wait_connected(qtbot, tab, 1)

    # Auto-reply is off: the reply text does not matter, whatever the encoding.
    choose(encoding, "latin-1")
    assert not error.isVisible()
    assert not reply_text.property("invalid")

    choose(widget(tab, QComboBox, "autoReply"), AutoReply.FIXED.value)
    qtbot.waitUntil(error.isVisible)
    assert "latin-1" in error.text()
    assert reply_text.property("invalid") is True
    client.sendall(b"no reply")  # nothing to answer with
    qtbot.waitUntil(lambda: counters_show(tab, rx=(1, 8), tx=(0, 0)))
    choose(encoding, "gbk")  # now it can be encoded: the mark goes
    assert reply_text.property("invalid") is False
    assert not error.isVisible()
    client.sendall(b"x")
    recv_exactly(qtbot, [client], "已收到".encode("gbk"))
