"""Teaching features in the window: recv size and chunk boundaries, code panel."""

from __future__ import annotations

import socket

from gui_helpers import click, type_into, widget
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QSpinBox

from socklab.core.events import Received
from socklab.gui.widgets.stream_view import BOUNDARY


def _connected_pair(qtbot, tab):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.setblocking(False)
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(listener.getsockname()[1]))
    click(qtbot, widget(tab, QPushButton, "openButton"))
    accepted = []

    def accept() -> bool:
        try:
            accepted.append(listener.accept()[0])
        except BlockingIOError:
            return False
        return True

    qtbot.waitUntil(accept)
    state = widget(tab, QLabel, "stateLabel")
    qtbot.waitUntil(lambda: "connected" in state.text())
    return listener, accepted[0]


def _chunk_sizes(tab) -> list[int]:
    return [len(e.data) for e in tab.log.model.events() if isinstance(e, Received)]


def test_recv_size_changes_the_chunks_of_the_same_stream(qtbot, window):
    tab = window.tcp_client_tab
    sizes = {}
    for recv_size in (10, 1000):
        widget(tab, QSpinBox, "recvSize").setValue(recv_size)
        listener, server_side = _connected_pair(qtbot, tab)
        with listener, server_side:
            server_side.sendall(bytes(range(100)))
            qtbot.waitUntil(lambda: sum(_chunk_sizes(tab)) == 100)
            sizes[recv_size] = _chunk_sizes(tab)
        qtbot.waitUntil(lambda: tab.session is None)
        tab.log.clear()
    assert max(sizes[10]) == 10 and len(sizes[10]) == 10
    assert sizes[1000] == [100]


def test_chunk_boundaries_view_marks_each_recv(qtbot, window):
    tab = window.tcp_client_tab
    widget(tab, QSpinBox, "recvSize").setValue(4)
    boundaries = widget(tab, QCheckBox, "chunkBoundaries")
    boundaries.setChecked(True)
    window.tabs.setCurrentWidget(tab)
    assert tab.stream_view.isVisible()
    listener, server_side = _connected_pair(qtbot, tab)
    with listener, server_side:
        server_side.sendall(b"helloworld")  # one send, three recv() calls of at most 4
        qtbot.waitUntil(lambda: tab.stream_view.chunk_count == 3)
    assert tab.stream_view.plain_text() == f"hell{BOUNDARY}owor{BOUNDARY}ld"
