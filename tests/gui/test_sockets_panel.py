"""The Sockets panel (View menu): what the kernel holds for the current tab's
ports, read when the test says so (``refresh()``), never by waiting for its timer.

Closing a TCP connection shows TIME_WAIT on the side that closed first: the
client tab after Disconnect, the server tab after it closed a client on its
close word. That TIME_WAIT then ends the way the kernel ends it at once: a new
connection from the same client port (RFC 1122). Real widgets, real sockets on
loopback.
"""

from __future__ import annotations

import os
import select
import socket
from collections.abc import Callable

from gui_helpers import (
    accept,
    click,
    connect_client,
    listening_socket,
    start_on,
    type_into,
    widget,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QDockWidget, QLineEdit, QPushButton

from private_ports import client_socket
from socklab.gui.models.kernel_sockets_model import (
    COL_LOCAL,
    COL_REMOTE,
    COL_STATE,
    COL_TIMER,
)

Rows = list[list[str]]


def _open(qtbot, window) -> QDockWidget:
    window.findChild(QAction, "showSockets").trigger()
    panel = window.findChild(QDockWidget, "socketsPanel")
    assert panel is not None
    qtbot.waitUntil(panel.isVisible)
    return panel


def _rows(panel) -> Rows:
    model = panel.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _until(qtbot, panel, condition: Callable[[Rows], bool]) -> Rows:
    """Refresh the panel until ``condition`` holds of its rows."""
    seen: list[Rows] = []

    def check() -> bool:
        panel.refresh()
        seen[:] = [_rows(panel)]
        return condition(seen[0])

    qtbot.waitUntil(check, timeout=10_000)
    return seen[0]


def _row(rows: Rows, local: str, remote: str) -> list[str] | None:
    return next((r for r in rows if r[COL_LOCAL] == local and r[COL_REMOTE] == remote), None)


def _state(rows: Rows, local: str, remote: str) -> str | None:
    row = _row(rows, local, remote)
    return row[COL_STATE] if row else None


def _states(rows: Rows, local: str, remote: str) -> set[str]:
    """Every state listed for the connection (a table read while sockets change
    may list one twice): what a test waits for is read, never concluded."""
    return {r[COL_STATE] for r in rows if r[COL_LOCAL] == local and r[COL_REMOTE] == remote}


def _hover(panel, state: str) -> str:
    """The hover help of the first row in ``state``."""
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.index(r, COL_STATE).data() == state)
    return model.index(row, COL_STATE).data(Qt.ItemDataRole.ToolTipRole)


def _closed_by_peer(qtbot, sock: socket.socket) -> None:
    """Read ``sock`` until the peer's FIN (recv returns b''), never blocking the GUI."""
    sock.setblocking(False)

    def done() -> bool:
        if not select.select([sock], [], [], 0)[0]:
            return False
        try:
            return sock.recv(4096) == b""
        except ConnectionError:
            return True

    qtbot.waitUntil(done, timeout=10_000)


def test_disconnect_leaves_time_wait_on_the_client_side(qtbot, window):
    tab = window.tcp_client_tab
    window.tabs.setCurrentWidget(tab)
    panel = _open(qtbot, window)
    assert panel.timer.isActive()  # read every second while shown
    listener = listening_socket()
    port = listener.getsockname()[1]
    server = f"127.0.0.1:{port}"
    try:
        connect_client(qtbot, tab, port)
        conn = accept(qtbot, listener)
        qtbot.waitUntil(lambda: tab.session is not None and tab.session.stats is not None)
        mine = f"127.0.0.1:{tab.session.stats.local[1]}"
        rows = _until(qtbot, panel, lambda r: _state(r, mine, server) == "ESTABLISHED")
        assert _state(rows, server, mine) == "ESTABLISHED"  # the other end, on this machine
        assert _state(rows, server, "—") == "LISTEN"
        with qtbot.waitSignal(panel.refreshed, timeout=10_000):
            panel.timer.timeout.emit()  # the timer's reading, made on a thread of its own
        assert _state(_rows(panel), mine, server) == "ESTABLISHED"

        click(qtbot, widget(tab, QPushButton, "openButton"))  # Disconnect: the client closes first
        _closed_by_peer(qtbot, conn)
        conn.close()
        # TIME_WAIT on the client; the side that closed second keeps nothing (once its
        # LAST_ACK is answered).
        rows = _until(
            qtbot,
            panel,
            lambda r: (_state(r, mine, server), _row(r, server, mine)) == ("TIME_WAIT", None),
        )
        assert _row(rows, mine, server)[COL_TIMER].endswith(" s")
    finally:
        listener.close()

    assert "this side closed first" in _hover(panel, "TIME_WAIT")
    window.set_language("zh_CN")
    assert "先关闭" in _hover(panel, "TIME_WAIT")
    assert panel.windowTitle() == "内核中的套接字"
    window.findChild(QAction, "showSockets").trigger()
    assert not panel.isVisible() and not panel.timer.isActive()
    assert window.settings.value("show_sockets") in (False, "false")


def test_server_closing_first_keeps_time_wait_until_the_client_port_comes_back(qtbot, window):
    tab = window.tcp_server_tab
    window.tabs.setCurrentWidget(tab)
    panel = _open(qtbot, window)
    # Before a socket: the port typed (what holds it, if anything, says why bind fails).
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "8")
    assert panel.ports() == {8}
    close_on = widget(tab, QCheckBox, "closeOnWord")
    qtbot.mouseClick(close_on, Qt.MouseButton.LeftButton, pos=QPoint(6, close_on.height() // 2))
    assert close_on.isChecked()
    port = start_on(qtbot, tab, "127.0.0.1")
    server = f"127.0.0.1:{port}"
    _until(qtbot, panel, lambda r: _state(r, server, "—") == "LISTEN")

    client = client_socket()  # a port no other connection shares: it is bound again below
    client.connect(("127.0.0.1", port))
    client_port = client.getsockname()[1]
    mine = f"127.0.0.1:{client_port}"
    _until(qtbot, panel, lambda r: _state(r, server, mine) == "ESTABLISHED")
    client.sendall(b"exit")  # the classroom's close word: the server closes first
    _closed_by_peer(qtbot, client)
    client.close()
    # TIME_WAIT on the server; nothing left on the client once its LAST_ACK is answered.
    _until(
        qtbot,
        panel,
        lambda r: (_state(r, server, mine), _row(r, mine, server)) == ("TIME_WAIT", None),
    )

    # The same client port connects again (once its LAST_ACK is over): the server's
    # TIME_WAIT gives way to the new connection at once.
    with client_socket(port=client_port, wait=10) as again:
        again.connect(("127.0.0.1", port))
        _until(qtbot, panel, lambda r: _states(r, server, mine) == {"ESTABLISHED"})

    click(qtbot, widget(tab, QPushButton, "openButton"))  # Stop: the listening socket goes
    qtbot.waitUntil(lambda: tab.session is None)
    _until(qtbot, panel, lambda r: _state(r, server, "—") is None)


def test_a_unix_server_tab_is_followed_by_its_path(qtbot, window, unix_folder):
    """The kernel's Unix table has no ports: the panel follows the path, typed
    before the server starts and bound after, and lists the listener and the
    connection it accepted."""
    tab = window.tcp_server_tab
    window.tabs.setCurrentWidget(tab)
    path = os.path.join(unix_folder, "panel.sock")
    type_into(qtbot, tab.local_host.lineEdit(), path)
    panel = _open(qtbot, window)
    assert panel.paths() == {path}  # typed, nothing bound yet
    assert _rows(panel) == []
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.listening)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(path)
        qtbot.waitUntil(lambda: tab.clients.model.open_count == 1)
        rows = _until(qtbot, panel, lambda r: {row[COL_STATE] for row in r} >= {"ESTABLISHED"})
        assert sorted((r[0], r[1], r[COL_LOCAL], r[COL_STATE], r[5]) for r in rows) == [
            ("Unix", "STREAM", path, "ESTABLISHED", "—"),
            ("Unix", "STREAM", path, "LISTEN", "—"),
        ]
        assert "Unix socket" in panel.summary.text() and path in panel.summary.text()
    click(qtbot, widget(tab, QPushButton, "openButton"))  # Stop: the file and its rows go
    qtbot.waitUntil(lambda: tab.session is None)
    _until(qtbot, panel, lambda r: r == [])
