"""The Broadcast and TCP Client tabs against real peers on loopback."""

from __future__ import annotations

import socket
import struct

from gui_helpers import (
    accept,
    click,
    connect_client,
    listening_socket,
    recv_exactly,
    recv_from,
    rows,
    type_into,
    type_payload,
    wait_closed,
    widget,
    worker_round_trip,
)
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from socklab.gui.models.log_model import COL_DATA, COL_PEER


def broadcast_listener() -> socket.socket:
    """A socket on 0.0.0.0 that hears broadcasts to 127.255.255.255."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("0.0.0.0", 0))
    return sock


def test_interface_list_offers_loopback_and_limited_broadcast(window):
    combo = widget(window.broadcast_tab, QComboBox, "interfaceList")
    addresses = [combo.itemData(i) for i in range(combo.count())]
    assert "127.255.255.255" in addresses and "255.255.255.255" in addresses
    assert combo.currentData() == "127.255.255.255"  # the safe default


def test_broadcast_once_is_received_and_replies_are_logged(qtbot, window):
    tab = window.broadcast_tab
    window.tabs.setCurrentWidget(tab)
    with broadcast_listener() as listener:
        port = listener.getsockname()[1]
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(port))
        type_payload(qtbot, tab, "anyone there?")
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        data, source = recv_from(qtbot, listener)
        assert data == b"anyone there?"
        state = widget(tab, QLabel, "stateLabel")
        qtbot.waitUntil(lambda: f":{source[1]}" in state.text())
        listener.sendto(b"I am here", ("127.0.0.1", source[1]))
        qtbot.waitUntil(lambda: any("I am here" in r[COL_DATA] for r in rows(tab)))
        reply = next(r for r in rows(tab) if "I am here" in r[COL_DATA])
        assert reply[COL_PEER] == f"127.0.0.1:{port}"


def test_repeat_sends_until_stop(qtbot, window):
    tab = window.broadcast_tab
    with broadcast_listener() as listener:
        listener.setblocking(False)
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(listener.getsockname()[1]))
        tab.interval.setValue(5)
        type_payload(qtbot, tab, "tick")
        repeat = widget(tab, QPushButton, "repeatButton")
        click(qtbot, repeat)
        assert repeat.text() == "Stop"
        qtbot.waitUntil(lambda: tab.session is not None and tab.session.counters.tx_packets >= 5)
        click(qtbot, repeat)
        qtbot.waitUntil(lambda: repeat.text() == "Repeat")
        # The click sent the stop to the worker: once the worker's loop has run
        # it, the repeat is cancelled and sends no more.
        worker_round_trip(tab.session)
        sent = tab.session.counters.tx_packets
        worker_round_trip(tab.session)
        assert tab.session.counters.tx_packets == sent  # it really stopped
        received = 0
        while True:
            try:
                assert listener.recv(100) == b"tick"
            except BlockingIOError:
                break
            received += 1
    assert received == sent


def test_broadcast_bad_port_is_shown(qtbot, window):
    tab = window.broadcast_tab
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), "0")
    type_payload(qtbot, tab, "x")
    click(qtbot, widget(tab, QPushButton, "sendButton"))
    error = widget(tab, QLabel, "settingsError")
    qtbot.waitUntil(lambda: "port 0 can only be used to bind" in error.text())
    assert tab.session is None


# -- TCP client ----------------------------------------------------------------


def test_client_connect_send_receive_and_peer_close(qtbot, window):
    tab = window.tcp_client_tab
    send = widget(tab, QPushButton, "sendButton")
    assert not send.isEnabled()  # nothing to send to yet
    with listening_socket() as listener:
        connect_client(qtbot, tab, listener.getsockname()[1])
        server_side = accept(qtbot, listener)
        with server_side:
            state = widget(tab, QLabel, "stateLabel")
            qtbot.waitUntil(lambda: "connected 127.0.0.1:" in state.text())
            assert f"↔ 127.0.0.1:{listener.getsockname()[1]}" in state.text()
            assert widget(tab, QPushButton, "openButton").text() == "Disconnect"
            qtbot.waitUntil(send.isEnabled)
            type_payload(qtbot, tab, "hello server")
            click(qtbot, send)
            assert recv_exactly(qtbot, server_side, 12) == b"hello server"
            server_side.sendall(b"<i>hi</i> client")
            qtbot.waitUntil(lambda: any("<i>hi</i> client" in r[COL_DATA] for r in rows(tab)))
        # A FIN may be a half-close: our sending side stays open until Disconnect.
        qtbot.waitUntil(lambda: "the peer finished sending" in state.text())
    assert send.isEnabled()
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is None)
    assert widget(tab, QPushButton, "openButton").text() == "Connect"
    assert not send.isEnabled()
    assert "RX 1 chunk" in tab.counters.text()


def test_client_shutdown_sending_then_server_answers(qtbot, window):
    tab = window.tcp_client_tab
    with listening_socket() as listener:
        connect_client(qtbot, tab, listener.getsockname()[1])
        server_side = accept(qtbot, listener)
        with server_side:
            shutdown = widget(tab, QPushButton, "shutdownButton")
            qtbot.waitUntil(shutdown.isEnabled)
            click(qtbot, shutdown)
            wait_closed(qtbot, server_side)  # the server reads EOF ...
            server_side.sendall(b"late answer")  # ... and can still answer
            qtbot.waitUntil(lambda: any("late answer" in r[COL_DATA] for r in rows(tab)))
            assert "half-closed" in widget(tab, QLabel, "stateLabel").text()


def test_client_reset_is_a_state(qtbot, window):
    tab = window.tcp_client_tab
    with listening_socket() as listener:
        connect_client(qtbot, tab, listener.getsockname()[1])
        server_side = accept(qtbot, listener)
        state = widget(tab, QLabel, "stateLabel")
        qtbot.waitUntil(lambda: "↔" in state.text())  # connected local ↔ peer
        server_side.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        server_side.close()
        qtbot.waitUntil(lambda: "reset" in state.text())
    assert not widget(tab, QLabel, "settingsError").isVisible()  # a state, not an error


def test_client_connect_refused_is_shown_at_the_field(qtbot, window):
    tab = window.tcp_client_tab
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    connect_client(qtbot, tab, port)
    error = widget(tab, QLabel, "settingsError")
    qtbot.waitUntil(lambda: f"connect to 127.0.0.1:{port}: connection refused" in error.text())
    # The session's own Failed event can reach the banner (a bridge pull) before
    # the failed connect's answer releases the session (a loop callback).
    qtbot.waitUntil(lambda: tab.session is None)
    assert widget(tab, QPushButton, "openButton").text() == "Connect"
    assert any("connection refused" in r[COL_DATA] for r in rows(tab))


def test_client_bad_host_and_port(qtbot, window):
    tab = window.tcp_client_tab
    error = widget(tab, QLabel, "settingsError")
    type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "exa mple")
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), "80")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: "not a valid host name" in error.text())
    type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), "")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: "port is empty" in error.text())
    assert tab.session is None
