"""The tabs take the classroom's idioms: a server or a UDP socket on ``::`` takes
IPv4 peers and shows them as 127.0.0.1 (``ipv6Only`` turns that off), an empty
bind address is every interface, ``<broadcast>`` and a bad scope are read as
Python reads them; the code panel writes them as typed. Real widgets, real
sockets on loopback (nothing is sent to a broadcast address here)."""

from __future__ import annotations

import socket

from gui_helpers import (
    click,
    peer_socket,
    recv_from,
    rows,
    start_on,
    type_into,
    type_payload,
    widget,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from socklab.gui.models.client_model import COL_PEER
from socklab.gui.models.log_model import COL_DATA
from socklab.gui.models.log_model import COL_PEER as LOG_PEER


def _code(tab) -> QPlainTextEdit:
    return widget(tab, QPlainTextEdit, "codeView")


def test_server_on_any_ipv6_shows_an_ipv4_client_as_ipv4(qtbot, window):
    tab = window.tcp_server_tab
    window.tabs.setCurrentWidget(tab)
    only = widget(tab, QCheckBox, "ipv6Only")
    assert not only.isChecked()
    port = start_on(qtbot, tab, "::")
    assert not only.isEnabled()  # a socket option: set before bind
    qtbot.waitUntil(lambda: "IPV6_V6ONLY, 0)" in _code(tab).toPlainText())
    with socket.create_connection(("127.0.0.1", port), 5) as client:
        mine = f"127.0.0.1:{client.getsockname()[1]}"
        model = tab.clients.model
        qtbot.waitUntil(
            lambda: any(model.index(r, COL_PEER).data() == mine for r in range(model.rowCount()))
        )
        assert not any(
            "::ffff:" in model.index(r, COL_PEER).data() for r in range(model.rowCount())
        )
        click(qtbot, widget(tab, QPushButton, "openButton"))  # Stop
    qtbot.waitUntil(lambda: tab.session is None)

    # On its box (the widget may be wider than its box and text).
    qtbot.mouseClick(only, Qt.MouseButton.LeftButton, pos=QPoint(6, only.height() // 2))
    assert only.isChecked()
    port = start_on(qtbot, tab, "::")
    qtbot.waitUntil(lambda: "IPV6_V6ONLY, 1)" in _code(tab).toPlainText())
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # refused: IPv6 only
    finally:
        probe.close()
    with socket.create_connection(("::1", port), 5):
        qtbot.waitUntil(lambda: tab.clients.model.rowCount() == 1)


def test_udp_on_any_ipv6_and_an_empty_bind_address(qtbot, window):
    tab = window.udp_tab
    port = start_on(qtbot, tab, "::")
    peer = peer_socket()
    try:
        peer.sendto(b"v4", ("127.0.0.1", port))
        source = f"127.0.0.1:{peer.getsockname()[1]}"
        qtbot.waitUntil(lambda: any(r[LOG_PEER] == source for r in rows(tab)))
        # Reply to the address shown: the IPv6 socket reaches it (::ffff:127.0.0.1).
        type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "127.0.0.1")
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        type_payload(qtbot, tab, "back")
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        assert recv_from(qtbot, peer)[0] == b"back"
    finally:
        peer.close()
    click(qtbot, widget(tab, QPushButton, "openButton"))  # Close
    qtbot.waitUntil(lambda: tab.session is None)

    port = start_on(qtbot, tab, "")  # as bind(("", port)): every interface
    assert tab.session.local_address[0] == "0.0.0.0"
    qtbot.waitUntil(lambda: 'sock.bind(("", 0))' in _code(tab).toPlainText())


def test_broadcast_name_is_a_destination_and_a_bad_scope_is_said(qtbot, window):
    tab = window.udp_tab
    type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "<broadcast>")
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), "9")
    type_payload(qtbot, tab, "x")
    qtbot.waitUntil(lambda: 'destination = ("<broadcast>", 9)' in _code(tab).toPlainText())
    assert tab.destination() == ("<broadcast>", 9)

    error = widget(tab, QLabel, "settingsError")
    tab.local_host.setEditText("fe80::1%nosuch0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    expected = "no network interface 'nosuch0' on this machine"
    qtbot.waitUntil(lambda: expected in error.text())
    assert tab.local_host.property("invalid") is True
    assert any(expected in r[COL_DATA] for r in rows(tab))
    assert tab.session is None
