"""A click acts on what its fields said when it was clicked (DESIGN.md, Data flow).

Each test clicks a button, then changes the field at once, before the event
loop runs (no wait in between: what a fast typist or a queued keystroke does),
and only then waits. The click must have read the field already: a bad value
is shown at its field and nothing goes to the new one; a good value is the one
used, whatever the field says afterwards. Real widgets, real sockets on
127.0.0.1, non-blocking peers, waits on conditions only.
"""

from __future__ import annotations

import select
import socket
from collections.abc import Iterator

import pytest
from gui_helpers import click, recv_exactly, type_into, type_payload, widget
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QSpinBox

from socklab.gui.widgets.fields import select_host

#: What the port field says when it is bad, and what the message says of it.
BAD_PORT = "70000"
BAD_PORT_MESSAGE = "port must be a number from 0 to 65535, not '70000'"


@pytest.fixture
def udp_peers() -> Iterator[list[socket.socket]]:
    """Two non-blocking UDP sockets on 127.0.0.1."""
    peers = []
    for _ in range(2):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        sock.setblocking(False)
        peers.append(sock)
    yield peers
    for sock in peers:
        sock.close()


@pytest.fixture
def listeners() -> Iterator[list[socket.socket]]:
    """Two non-blocking listening TCP sockets on 127.0.0.1."""
    socks = []
    for _ in range(2):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        sock.setblocking(False)
        socks.append(sock)
    yield socks
    for sock in socks:
        sock.close()


def port_of(sock: socket.socket) -> str:
    return str(sock.getsockname()[1])


def free_ports(count: int) -> list[str]:
    """``count`` different TCP ports that nothing listens on (held open together,
    so the system hands out different ones)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [port_of(probe) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def datagrams(sock: socket.socket) -> list[bytes]:
    """Every datagram waiting on ``sock`` now (never blocks)."""
    got = []
    while select.select([sock], [], [], 0)[0]:
        got.append(sock.recv(70_000))
    return got


def wait_datagrams(qtbot, sock: socket.socket, count: int) -> list[bytes]:
    """Wait (the GUI loop running) until ``sock`` has received ``count`` datagrams."""
    got: list[bytes] = []

    def enough() -> bool:
        got.extend(datagrams(sock))
        return len(got) >= count

    qtbot.waitUntil(enough)
    return got


def accepted(listener: socket.socket) -> socket.socket | None:
    try:
        return listener.accept()[0]
    except BlockingIOError:
        return None


def wait_accept(qtbot, listener: socket.socket) -> socket.socket:
    """Wait (the GUI loop running) for a connection to ``listener``."""
    got: list[socket.socket] = []

    def arrived() -> bool:
        sock = accepted(listener)
        if sock is not None:
            got.append(sock)
        return bool(got)

    qtbot.waitUntil(arrived)
    return got[0]


def assert_bad_port_shown(qtbot, tab, field: QLineEdit) -> None:
    """The message under the settings and the field's mark speak of 70000."""
    error = widget(tab, QLabel, "settingsError")
    qtbot.waitUntil(lambda: BAD_PORT_MESSAGE in error.text())
    assert error.isVisible()
    assert field.property("invalid") is True
    assert BAD_PORT_MESSAGE in field.toolTip()


# -- UDP Send --------------------------------------------------------------------


def test_udp_send_of_a_bad_port_sends_nothing_to_the_port_typed_after(qtbot, window, udp_peers):
    tab = window.udp_tab
    peer = udp_peers[0]
    remote_port = widget(tab, QLineEdit, "remotePort")
    send = widget(tab, QPushButton, "sendButton")
    type_payload(qtbot, tab, "first")
    type_into(qtbot, remote_port, BAD_PORT)
    click(qtbot, send)
    remote_port.setText(port_of(peer))  # fixed before the event loop runs
    assert_bad_port_shown(qtbot, tab, remote_port)
    assert tab.session is None  # nothing was bound for it either
    # Send again, now to the fixed port: the first datagram there is the second click's.
    type_payload(qtbot, tab, "second")
    click(qtbot, send)
    assert wait_datagrams(qtbot, peer, 1) == [b"second"]


def test_udp_send_goes_to_the_port_the_field_held_at_the_click(qtbot, window, udp_peers):
    tab = window.udp_tab
    first, second = udp_peers
    remote_port = widget(tab, QLineEdit, "remotePort")
    send = widget(tab, QPushButton, "sendButton")
    type_payload(qtbot, tab, "to the first")
    type_into(qtbot, remote_port, port_of(first))
    click(qtbot, send)
    remote_port.setText(port_of(second))  # before the event loop runs
    assert wait_datagrams(qtbot, first, 1) == [b"to the first"]
    type_payload(qtbot, tab, "to the second")
    click(qtbot, send)
    assert wait_datagrams(qtbot, second, 1) == [b"to the second"]  # and nothing before it
    assert datagrams(first) == []


def test_udp_generator_sends_to_the_port_the_field_held_at_the_click(qtbot, window, udp_peers):
    tab = window.udp_tab
    first, second = udp_peers
    remote_port = widget(tab, QLineEdit, "remotePort")
    widget(tab, QSpinBox, "generatorSize").setValue(10)
    widget(tab, QSpinBox, "generatorCount").setValue(3)
    type_into(qtbot, remote_port, port_of(first))
    click(qtbot, widget(tab, QPushButton, "generateButton"))
    remote_port.setText(port_of(second))  # before the event loop runs
    assert [len(d) for d in wait_datagrams(qtbot, first, 3)] == [10, 10, 10]
    status = widget(tab, QLabel, "generatorStatus")
    qtbot.waitUntil(lambda: "done" in status.text())
    assert datagrams(second) == []


# -- Broadcast Send --------------------------------------------------------------


def test_broadcast_send_goes_to_the_port_the_field_held_at_the_click(qtbot, window):
    tab = window.broadcast_tab
    window.tabs.setCurrentWidget(tab)
    receivers = []
    for _ in range(2):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("0.0.0.0", 0))
        sock.setblocking(False)
        receivers.append(sock)
    first, second = receivers
    try:
        select_host(tab.interface_list, "127.255.255.255")
        remote_port = widget(tab, QLineEdit, "remotePort")
        type_payload(qtbot, tab, "anyone?")
        type_into(qtbot, remote_port, port_of(first))
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        remote_port.setText(port_of(second))  # before the event loop runs
        assert wait_datagrams(qtbot, first, 1) == [b"anyone?"]
        assert datagrams(second) == []
    finally:
        for sock in receivers:
            sock.close()


# -- TCP client Connect ----------------------------------------------------------


def test_client_connect_to_a_bad_port_connects_nowhere(qtbot, window, listeners):
    tab = window.tcp_client_tab
    window.tabs.setCurrentWidget(tab)
    listener = listeners[0]
    remote_port = widget(tab, QLineEdit, "remotePort")
    connect = widget(tab, QPushButton, "openButton")
    type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "127.0.0.1")
    type_into(qtbot, remote_port, BAD_PORT)
    click(qtbot, connect)
    remote_port.setText(port_of(listener))  # fixed before the event loop runs
    assert_bad_port_shown(qtbot, tab, remote_port)
    assert tab.session is None
    assert connect.text() == "Connect"
    # Connect again: the listener's first connection is this second click's.
    click(qtbot, connect)
    with wait_accept(qtbot, listener):
        qtbot.waitUntil(lambda: tab.session is not None and tab.session.connected)
    assert accepted(listener) is None


def test_client_connects_to_the_port_the_field_held_at_the_click(qtbot, window, listeners):
    tab = window.tcp_client_tab
    window.tabs.setCurrentWidget(tab)
    first, second = listeners
    remote_port = widget(tab, QLineEdit, "remotePort")
    type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "127.0.0.1")
    type_into(qtbot, remote_port, port_of(first))
    click(qtbot, widget(tab, QPushButton, "openButton"))
    remote_port.setText(port_of(second))  # before the event loop runs
    with wait_accept(qtbot, first):
        state = widget(tab, QLabel, "stateLabel")
        qtbot.waitUntil(lambda: f"↔ 127.0.0.1:{port_of(first)}" in state.text())
    assert accepted(second) is None


# -- TCP server Start (listen) ---------------------------------------------------


def server_tab(window):
    """The TCP Server tab, shown, set to listen on 127.0.0.1."""
    tab = window.tcp_server_tab
    window.tabs.setCurrentWidget(tab)
    tab.local_host.setEditText("127.0.0.1")
    return tab


def listening_port(qtbot, tab) -> str:
    """Wait until the server tab listens; the port it listens on."""
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    return str(tab.session.local_address[1])


def test_server_start_on_a_bad_port_listens_nowhere(qtbot, window):
    tab = server_tab(window)
    local_port = widget(tab, QLineEdit, "localPort")
    start = widget(tab, QPushButton, "openButton")
    [port] = free_ports(1)
    type_into(qtbot, local_port, BAD_PORT)
    click(qtbot, start)
    local_port.setText(port)  # fixed before the event loop runs
    assert_bad_port_shown(qtbot, tab, local_port)
    assert tab.session is None
    assert start.text() == "Start"
    click(qtbot, start)  # again: now it listens on the fixed port
    assert listening_port(qtbot, tab) == port


def test_server_listens_on_the_port_the_field_held_at_the_click(qtbot, window):
    tab = server_tab(window)
    local_port = widget(tab, QLineEdit, "localPort")
    first, second = free_ports(2)
    type_into(qtbot, local_port, first)
    click(qtbot, widget(tab, QPushButton, "openButton"))
    local_port.setText(second)  # before the event loop runs
    assert listening_port(qtbot, tab) == first


def test_server_send_to_all_sends_the_payload_of_the_click(qtbot, window):
    tab = server_tab(window)
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    port = int(listening_port(qtbot, tab))
    send_all = widget(tab, QPushButton, "sendAllButton")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.setblocking(False)
        type_payload(qtbot, tab, "one")
        qtbot.waitUntil(send_all.isEnabled)  # the client is in the table
        click(qtbot, send_all)
        tab.editor.set_text("two")  # before the event loop runs
        assert recv_exactly(qtbot, client, 3) == b"one"
