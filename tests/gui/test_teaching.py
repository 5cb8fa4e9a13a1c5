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
    qtbot.waitUntil(lambda: "↔" in state.text())  # connected local ↔ peer
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
        click(qtbot, widget(tab, QPushButton, "openButton"))  # Disconnect
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


def test_code_panel_follows_the_settings_and_its_script_talks_to_the_tab(qtbot, window, tmp_path):
    import subprocess
    import sys

    from PySide6.QtWidgets import QPlainTextEdit

    from socklab.teaching.codegen import generate

    tab = window.udp_tab
    code = widget(tab, QPlainTextEdit, "codeView")
    # A live SockLab session: the UDP tab bound on a port.
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    port = tab.session.local_address[1]
    # Point the tab at itself and type a payload: the script follows.
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(port))
    tab.editor.set_text("from the generated script")
    qtbot.waitUntil(lambda: f"{port}" in code.toPlainText())
    assert code.toPlainText() == generate(tab.code_settings(), "en")
    assert "sendto" in code.toPlainText() and "from the generated script" in code.toPlainText()
    # Run the script: the tab receives exactly its payload.
    script = tmp_path / "demo.py"
    tab.code_panel.save_to(script)
    with subprocess.Popen(
        [sys.executable, str(script), "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        qtbot.waitUntil(
            lambda: any(
                isinstance(e, Received) and e.data == b"from the generated script"
                for e in tab.log.model.events()
            ),
            timeout=10_000,
        )
        process.kill()
    # Hide it from the View menu; the setting is remembered.
    window.show_code_action.trigger()
    assert tab.code_panel.isHidden()
    assert window.settings.value("show_code") in (False, "false")


def test_errors_are_explained_in_both_languages(qtbot, window):
    tab = window.tcp_client_tab
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(port))
    click(qtbot, widget(tab, QPushButton, "openButton"))
    explanation = widget(tab, QLabel, "errorExplanation")
    qtbot.waitUntil(lambda: explanation.text() != "")
    english = explanation.text()
    assert "listening" in english.lower()
    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: explanation.text() not in ("", english))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in explanation.text())  # Chinese now
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: explanation.text() == english)
    # Fixing the input clears the error and its explanation.
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), "80")
    tab.clear_errors()
    assert explanation.isHidden()


def _calls(tab) -> list[str]:
    model = tab.log.model
    return [
        model.row_text(r)[4]
        for r in range(model.rowCount())
        if model.row_text(r)[1] in ("socket call", "received ←", "sent →")
    ]


def test_trace_of_a_udp_exchange(qtbot, window):
    tab = window.udp_tab
    tab.recv_buffer.setValue(1024)
    widget(tab, QCheckBox, "traceCalls").setChecked(True)
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    port = tab.session.local_address[1]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer_port = peer.getsockname()[1]
        peer.sendto(b"hello", ("127.0.0.1", port))
        qtbot.waitUntil(lambda: tab.session.counters.rx_packets == 1)
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer_port))
        tab.editor.set_text("hi")
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        qtbot.waitUntil(lambda: tab.session.counters.tx_packets == 1)
    click(qtbot, widget(tab, QPushButton, "openButton"))  # close
    qtbot.waitUntil(lambda: "close()" in _calls(tab))
    assert _calls(tab) == [
        "socket(AF_INET, SOCK_DGRAM)",
        f"bind(('127.0.0.1', 0)) → port {port}",
        f"recvfrom(1024) → (b'hello', ('127.0.0.1', {peer_port}))",
        f"sendto(b'hi', ('127.0.0.1', {peer_port})) → 2",
        "close()",
    ]


def test_trace_of_a_tcp_client_session(qtbot, window):
    tab = window.tcp_client_tab
    widget(tab, QSpinBox, "recvSize").setValue(1024)
    widget(tab, QCheckBox, "traceCalls").setChecked(True)
    listener, server_side = _connected_pair(qtbot, tab)
    local = tab.session.stats.local
    port = listener.getsockname()[1]
    with listener:
        with server_side:
            tab.editor.set_text("GET")
            click(qtbot, widget(tab, QPushButton, "sendButton"))
            qtbot.waitUntil(lambda: tab.session.counters.tx_packets == 1)
            server_side.settimeout(5)
            # Read what arrived: closing with unread data would send a reset.
            assert server_side.recv(3) == b"GET"
            server_side.sendall(b"reply")
            qtbot.waitUntil(lambda: tab.session.counters.rx_bytes == 5)
        qtbot.waitUntil(lambda: "recv(1024) → b'' (the peer finished sending)" in _calls(tab))
        click(qtbot, widget(tab, QPushButton, "openButton"))  # Disconnect
        qtbot.waitUntil(lambda: "close()" in _calls(tab))
    assert _calls(tab) == [
        "socket(AF_INET, SOCK_STREAM)",
        f"connect(('127.0.0.1', {port})) → connected from {(local[0], local[1])!r}",
        "send(b'GET') → 3",
        "recv(1024) → b'reply'",
        "recv(1024) → b'' (the peer finished sending)",
        "close()",
    ]


def test_trace_of_a_tcp_server_accepting_two_clients(qtbot, window):
    tab = window.tcp_server_tab
    window.tabs.setCurrentWidget(tab)
    widget(tab, QSpinBox, "recvSize").setValue(1024)
    widget(tab, QCheckBox, "traceCalls").setChecked(True)
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    port = tab.session.local_address[1]
    first = socket.create_connection(("127.0.0.1", port))
    qtbot.waitUntil(lambda: tab.session.peer_count == 1)
    second = socket.create_connection(("127.0.0.1", port))
    qtbot.waitUntil(lambda: tab.session.peer_count == 2)
    first.sendall(b"one")
    qtbot.waitUntil(lambda: tab.session.counters.rx_bytes == 3)
    first.close()
    second.close()
    qtbot.waitUntil(lambda: tab.session.peer_count == 0)
    qtbot.waitUntil(lambda: _calls(tab).count("conn.close()") == 2)
    calls = _calls(tab)
    assert calls[:4] == [
        "socket(AF_INET, SOCK_STREAM)",
        "setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)",
        f"bind(('127.0.0.1', 0)) → port {port}",
        "listen(4096)",
    ]
    accepts = [c for c in calls if c.startswith("accept()")]
    assert [c.split(",")[0] for c in accepts] == ["accept() → (conn #1", "accept() → (conn #2"]
    assert "conn.recv(1024) → b'one'" in calls
    assert calls.count("conn.recv(1024) → b'' (the peer closed)") == 2
    assert calls.index("conn.recv(1024) → b'one'") > calls.index(accepts[1])
