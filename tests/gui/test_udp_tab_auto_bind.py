"""Send without Open binds where the Local address fields say, and the state
line says when that is every interface (reachable from the network)."""

from __future__ import annotations

from gui_helpers import click, peer_socket, recv_from, type_into, type_payload, widget
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from socklab.teaching.codegen import generate


def _send_without_open(qtbot, tab, peer, text: str = "first") -> tuple[bytes, tuple]:
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
    type_payload(qtbot, tab, text)
    click(qtbot, widget(tab, QPushButton, "sendButton"))
    return recv_from(qtbot, peer)


def test_first_send_binds_the_local_address_in_the_field(qtbot, window):
    tab = window.udp_tab
    assert tab.local_host.currentText() == "127.0.0.1"  # the default
    with peer_socket() as peer:
        data, source = _send_without_open(qtbot, tab, peer)
    assert data == b"first"
    assert tab.session is not None and tab.session.local_address == source
    assert source[0] == "127.0.0.1"  # the socket's own address, not 0.0.0.0
    state = widget(tab, QLabel, "stateLabel")
    qtbot.waitUntil(lambda: f"bound to 127.0.0.1:{source[1]}" in state.text())
    assert "automatically" in state.text() and "reachable" not in state.text()


def test_first_send_binds_the_local_port_in_the_field(qtbot, window):
    tab = window.udp_tab
    with peer_socket() as taken:
        free_port = taken.getsockname()[1]
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), str(free_port))
    with peer_socket() as peer:
        _, source = _send_without_open(qtbot, tab, peer)
    assert source == ("127.0.0.1", free_port)
    assert tab.session.local_address == ("127.0.0.1", free_port)


def test_first_send_on_every_interface_says_reachable_from_the_network(qtbot, window):
    tab = window.udp_tab
    tab.local_host.setEditText("0.0.0.0")
    with peer_socket() as peer:
        _, source = _send_without_open(qtbot, tab, peer)
    assert tab.session.local_address == ("0.0.0.0", source[1])
    state = widget(tab, QLabel, "stateLabel")
    qtbot.waitUntil(lambda: f"bound to 0.0.0.0:{source[1]}" in state.text())
    assert "reachable from the network" in state.text()


def test_the_code_panel_binds_where_the_first_send_binds(qtbot, window):
    tab = window.udp_tab
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), "9")
    type_payload(qtbot, tab, "hello")
    script = generate(tab.code_settings(), "en")
    assert 'sock.bind(("127.0.0.1", 0))' in script
    tab.local_host.setEditText("0.0.0.0")
    script = generate(tab.code_settings(), "en")
    assert "sock.bind(" not in script  # the first sendto binds every interface itself


def test_a_local_address_of_the_other_family_is_refused_with_a_message(qtbot, window):
    tab = window.udp_tab
    type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "::1")
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), "9")
    type_payload(qtbot, tab, "x")
    click(qtbot, widget(tab, QPushButton, "sendButton"))
    error = widget(tab, QLabel, "settingsError")
    qtbot.waitUntil(lambda: "IPv4" in error.text())
    assert "127.0.0.1" in error.text() and "IPv6" in error.text()
    # The bridge may show the failure before the click's coroutine, which
    # releases the session, has seen it: wait for that, not for the text.
    qtbot.waitUntil(lambda: tab.session is None)  # nothing bound: back to "unbound"
