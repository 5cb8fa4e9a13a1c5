"""Unix domain sockets in the window: a path or @name where a host goes (the
port field then disabled, saying why), against real peers: plain Python
sockets, never blocking the GUI thread (non-blocking, polled in waitUntil)."""

from __future__ import annotations

import os
import socket

import pytest
from gui_helpers import (
    accept,
    click,
    recv_exactly,
    recv_from,
    rows,
    show,
    type_into,
    type_payload,
    widget,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from socklab.gui.models.client_model import COL_PEER
from socklab.gui.models.log_model import COL_DATA
from unix_helpers import abstract_name

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no AF_UNIX here")

UNUSED = "Not used: a Unix socket address (a path or @name) has no port"


@pytest.fixture
def unix_peers():
    """Plain AF_UNIX sockets a test opens; closed afterwards."""
    opened: list[socket.socket] = []

    def make(kind: int = socket.SOCK_STREAM) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, kind)
        opened.append(sock)
        return sock

    yield make
    for sock in opened:
        sock.close()


def _type_host(qtbot, tab, text: str) -> None:
    type_into(qtbot, tab.local_host.lineEdit(), text)


def _start(qtbot, tab) -> QPushButton:
    button = widget(tab, QPushButton, "openButton")
    click(qtbot, button)
    return button


def _error(tab) -> QLabel:
    return widget(tab, QLabel, "settingsError")


def test_server_on_a_path_names_its_clients_process_and_removes_its_file(
    qtbot, window, unix_folder, unix_peers
):
    tab = show(qtbot, window, window.tcp_server_tab)
    path = os.path.join(unix_folder, "s.sock")
    port = widget(tab, QLineEdit, "localPort")
    _type_host(qtbot, tab, path)
    assert not port.isEnabled() and port.toolTip() == UNUSED
    button = _start(qtbot, tab)
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.listening)
    state = widget(tab, QLabel, "stateLabel")
    qtbot.waitUntil(lambda: f"listening on {path}" in state.text())
    assert not port.isEnabled()  # Stop would enable it: the host still has no port
    client = unix_peers()
    client.connect(path)  # a Unix connect completes without the accept
    model = tab.clients.model
    qtbot.waitUntil(lambda: model.open_count == 1)
    shown = model.index(0, COL_PEER).data()
    assert shown == f"unnamed — pid {os.getpid()}, uid {os.getuid()}, gid {os.getgid()}"
    tip = model.index(0, COL_PEER).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == f"{shown}\nAccepted on {path}"  # the whole of a cut cell
    client.sendall(b"over unix")
    qtbot.waitUntil(lambda: any("over unix" in r[COL_DATA] for r in rows(tab)))
    click(qtbot, button)  # Stop
    qtbot.waitUntil(lambda: tab.session is None)
    assert not os.path.exists(path)
    assert not port.isEnabled()
    _type_host(qtbot, tab, "127.0.0.1")
    assert port.isEnabled() and port.toolTip() != UNUSED


def test_a_stale_file_is_offered_for_removal_and_proved_stale_first(
    qtbot, window, unix_folder, unix_peers
):
    tab = show(qtbot, window, window.tcp_server_tab)
    path = os.path.join(unix_folder, "stale.sock")
    unix_peers().bind(path)  # bound, never listening: what a crashed server leaves
    _type_host(qtbot, tab, path)
    _start(qtbot, tab)
    offer = widget(tab, QPushButton, "removeStaleButton")
    qtbot.waitUntil(offer.isVisible)
    assert "nothing listens on it" in _error(tab).text()
    assert tab.local_host.property("invalid") is True  # the address is marked, not the port
    assert any("stale file" in r[COL_DATA] for r in rows(tab))
    assert os.path.exists(path)  # never removed without the click
    click(qtbot, offer)
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.listening)
    assert not offer.isVisible()


def test_a_live_listener_is_not_offered_for_removal(qtbot, window, unix_folder, unix_peers):
    tab = show(qtbot, window, window.tcp_server_tab)
    path = os.path.join(unix_folder, "live.sock")
    live = unix_peers()
    live.bind(path)
    live.listen(1)
    _type_host(qtbot, tab, path)
    _start(qtbot, tab)
    qtbot.waitUntil(lambda: "a program is listening on" in _error(tab).text())
    assert not widget(tab, QPushButton, "removeStaleButton").isVisible()
    assert os.path.exists(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/tmp/" + "p" * 110, "at most 107 (sun_path)"),
        ("/no/such/dir/s.sock", "the directory '/no/such/dir' does not exist"),
        ("@", "the abstract name after '@' is empty"),
    ],
)
def test_bad_unix_addresses_are_said_at_the_field(qtbot, window, text, expected):
    tab = show(qtbot, window, window.tcp_server_tab)
    _type_host(qtbot, tab, text)
    _start(qtbot, tab)
    qtbot.waitUntil(lambda: expected in _error(tab).text())
    assert tab.local_host.property("invalid") is True
    assert any(expected in r[COL_DATA] for r in rows(tab))
    assert tab.session is None


def test_a_nul_in_the_path_is_said_at_the_field(qtbot, window):
    tab = show(qtbot, window, window.tcp_client_tab)
    tab.remote_host.setText("/tmp/a\0b")  # no key types a NUL: pasted
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: "cannot contain a NUL character" in _error(tab).text())


def test_client_tab_talks_to_an_abstract_name(qtbot, window, unix_peers):
    tab = show(qtbot, window, window.tcp_client_tab)
    name = abstract_name()
    listener = unix_peers()
    listener.bind("\0" + name[1:])
    listener.listen(1)
    listener.setblocking(False)
    type_into(qtbot, tab.remote_host, name)
    assert not widget(tab, QLineEdit, "remotePort").isEnabled()
    click(qtbot, widget(tab, QPushButton, "openButton"))
    conn = accept(qtbot, listener)
    qtbot.waitUntil(tab.editor.send_enabled)
    type_payload(qtbot, tab, "hi")
    click(qtbot, widget(tab, QPushButton, "sendButton"))
    assert recv_exactly(qtbot, conn, 2) == b"hi"
    conn.close()


def test_udp_tab_sends_from_a_path_of_its_own_and_gets_the_reply(
    qtbot, window, unix_folder, unix_peers
):
    tab = window.udp_tab
    target = os.path.join(unix_folder, "d.sock")
    peer = unix_peers(socket.SOCK_DGRAM)
    peer.bind(target)
    peer.setblocking(False)
    type_into(qtbot, tab.remote_host, target)
    assert not widget(tab, QLineEdit, "remotePort").isEnabled()
    type_payload(qtbot, tab, "question")
    click(qtbot, widget(tab, QPushButton, "sendButton"))
    data, source = recv_from(qtbot, peer)
    assert data == b"question" and source.endswith("/client.sock")
    peer.sendto(b"answer", source)
    qtbot.waitUntil(lambda: any("answer" in r[COL_DATA] for r in rows(tab)))
    assert any(target in " ".join(r) for r in rows(tab))  # the reply's source
    click(qtbot, widget(tab, QPushButton, "openButton"))  # Close
    qtbot.waitUntil(lambda: tab.session is None)
    assert not os.path.exists(source) and not os.path.exists(os.path.dirname(source))


def test_a_typed_path_and_its_unused_port_survive_a_language_switch(qtbot, window, unix_folder):
    from PySide6.QtGui import QAction

    from socklab.gui import i18n

    tab = show(qtbot, window, window.tcp_server_tab)
    path = os.path.join(unix_folder, "lang.sock")
    _type_host(qtbot, tab, path)
    window.findChild(QAction, "language_zh_CN").trigger()
    qtbot.waitUntil(lambda: tab.local_label.text() != "Listen on")
    assert tab.local_host.currentText() == path  # not put back to 127.0.0.1
    port = widget(tab, QLineEdit, "localPort")
    assert not port.isEnabled()
    assert port.toolTip() == "不使用：Unix 套接字地址（路径或 @名字）没有端口"
    i18n.set_language("en")


def test_udp_tab_offers_to_remove_a_stale_datagram_file(qtbot, window, unix_folder, unix_peers):
    """A datagram socket's file outlives its program too: the UDP tab offers the
    same proved removal, then binds, and the path receives."""
    tab = show(qtbot, window, window.udp_tab)
    path = os.path.join(unix_folder, "stale-d.sock")
    left = unix_peers(socket.SOCK_DGRAM)
    left.bind(path)
    left.close()  # the file stays; nothing is bound to it any more
    type_into(qtbot, tab.local_host.lineEdit(), path)
    click(qtbot, widget(tab, QPushButton, "openButton"))
    offer = widget(tab, QPushButton, "removeStaleButton")
    qtbot.waitUntil(offer.isVisible)
    assert offer.text() == "Remove the stale file and bind"
    assert "nothing is bound to it" in _error(tab).text()
    assert tab.session is None and os.path.exists(path)
    click(qtbot, offer)
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address == path)
    assert not offer.isVisible()
    unix_peers(socket.SOCK_DGRAM).sendto(b"after the stale file", path)
    qtbot.waitUntil(lambda: any("after the stale file" in r[COL_DATA] for r in rows(tab)))


def test_udp_tab_never_offers_to_remove_a_live_datagram_socket(
    qtbot, window, unix_folder, unix_peers
):
    tab = show(qtbot, window, window.udp_tab)
    path = os.path.join(unix_folder, "live-d.sock")
    unix_peers(socket.SOCK_DGRAM).bind(path)
    type_into(qtbot, tab.local_host.lineEdit(), path)
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: "a program's datagram socket is bound to" in _error(tab).text())
    assert not widget(tab, QPushButton, "removeStaleButton").isVisible()
    assert os.path.exists(path)
