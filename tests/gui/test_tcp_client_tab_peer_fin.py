"""The TCP Client tab against a real peer that half-closes (shutdown(SHUT_WR))
and reads on: the tab says so and can still send."""

from __future__ import annotations

import select
import socket

from gui_helpers import click, recv_exactly, type_into, type_payload, widget
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton


def _accept(qtbot, listener: socket.socket) -> socket.socket:
    accepted: list[socket.socket] = []

    def ready() -> bool:
        if select.select([listener], [], [], 0)[0]:
            accepted.append(listener.accept()[0])
        return bool(accepted)

    qtbot.waitUntil(ready)
    return accepted[0]


def _read_to_end(qtbot, sock: socket.socket) -> bytes:
    """Everything until the tab closes, read without blocking the GUI loop."""
    data = bytearray()
    ended = []

    def done() -> bool:
        while not ended and select.select([sock], [], [], 0)[0]:
            chunk = sock.recv(65536)
            if not chunk:
                ended.append(True)
            data.extend(chunk)
        return bool(ended)

    qtbot.waitUntil(done)
    return bytes(data)


def test_the_peers_half_close_leaves_the_tab_able_to_send(qtbot, window):
    tab = window.tcp_client_tab
    with socket.create_server(("127.0.0.1", 0)) as listener:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(listener.getsockname()[1]))
        click(qtbot, widget(tab, QPushButton, "openButton"))
        peer = _accept(qtbot, listener)
        with peer:
            state = widget(tab, QLabel, "stateLabel")
            qtbot.waitUntil(lambda: "↔" in state.text())  # connected local ↔ peer
            peer.shutdown(socket.SHUT_WR)  # the peer finished sending; it reads on
            qtbot.waitUntil(lambda: "the peer finished sending" in state.text())
            send = widget(tab, QPushButton, "sendButton")
            assert send.isEnabled() and tab.session is not None
            type_payload(qtbot, tab, "sent after your FIN")
            click(qtbot, send)
            assert recv_exactly(qtbot, peer, 19) == b"sent after your FIN"
            disconnect = widget(tab, QPushButton, "openButton")
            assert disconnect.text() == "Disconnect"
            click(qtbot, disconnect)
            assert _read_to_end(qtbot, peer) == b""  # a clean end (FIN), no reset
    assert tab.session is None
    assert widget(tab, QPushButton, "openButton").text() == "Connect"
    assert not widget(tab, QLabel, "settingsError").isVisible()
