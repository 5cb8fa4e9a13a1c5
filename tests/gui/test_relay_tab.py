"""The Relay tab, clicked: Start passes traffic both ways through it, the log
names who sent what, the table shows the flow, inject reaches each side, and a
bad value is said at its field."""

from __future__ import annotations

import socket

import pytest
from gui_helpers import (
    accept,
    click,
    listening_socket,
    recv_exactly,
    recv_from,
    rows,
    type_into,
    type_payload,
    widget,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from socklab.gui.models.log_model import COL_DATA, COL_PEER
from socklab.gui.tabs.relay_tab import RelayTab


@pytest.fixture
def relay_tab(qtbot, window):
    """A Relay tab opened as a user does: File → New session → Relay."""
    action = window.findChild(QAction, "newRelaySession")
    assert action is not None
    before = window.tabs.count()
    action.trigger()
    qtbot.waitUntil(lambda: window.tabs.count() == before + 1)
    tab = window.tabs.currentWidget()
    assert isinstance(tab, RelayTab)
    assert tab.objectName() == "relayTab"
    qtbot.waitUntil(tab.isVisible)
    return tab


def start(qtbot, tab, target_port: int, protocol: str = "TCP") -> int:
    widget(tab, QComboBox, "relayProtocol").setCurrentText(protocol)
    tab.listen_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "relayListenPort"), "0")
    type_into(qtbot, widget(tab, QLineEdit, "relayTargetHost"), "127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "relayTargetPort"), str(target_port))
    click(qtbot, widget(tab, QPushButton, "relayStartButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    return tab.session.local_address[1]


def test_start_relays_tcp_both_ways_and_injects(qtbot, window, relay_tab):
    tab = relay_tab
    with listening_socket() as server:
        port = start(qtbot, tab, server.getsockname()[1])
        target = server.getsockname()[1]

        def titled() -> bool:  # a long title is cut in its middle: both ends show
            title = window.tabs.tabText(window.tabs.indexOf(tab))
            return title.startswith(f"TCP Relay 127.0.0.1:{port}") and title.endswith(f":{target}")

        qtbot.waitUntil(titled)
        with socket.create_connection(("127.0.0.1", port), 5) as client:
            client.setblocking(False)
            upstream = accept(qtbot, server)
            with upstream:
                upstream.setblocking(False)
                client.sendall(b"hello \x1b[31m")
                assert recv_exactly(qtbot, upstream, 11) == b"hello \x1b[31m"
                upstream.sendall(b"world")
                assert recv_exactly(qtbot, client, 5) == b"world"
                qtbot.waitUntil(lambda: tab.flows.open_count() == 1)
                type_payload(qtbot, tab, "slipped in")
                click(qtbot, widget(tab, QPushButton, "injectClientButton"))
                assert recv_exactly(qtbot, client, 10) == b"slipped in"
                click(qtbot, tab.editor.send_button)  # "Inject toward target"
                assert recv_exactly(qtbot, upstream, 10) == b"slipped in"
        qtbot.waitUntil(
            lambda: any("target" in r[COL_PEER] and "world" in r[COL_DATA] for r in rows(tab))
        )
    logged = [(r[COL_PEER].split(" ")[0], r[COL_DATA]) for r in rows(tab)]
    assert ("client", r"hello \x1b[31m") in logged  # escaped, as everywhere
    assert ("target", "world") in logged
    table = tab.flows.model
    qtbot.waitUntil(lambda: table.data(table.index(0, 4)) == "21 B")  # 11 relayed, 10 injected
    totals = widget(tab, QLabel, "relayCounters")
    qtbot.waitUntil(lambda: "→ target: 1 forwarded, 1 injected" in totals.text())
    assert "→ client: 1 forwarded, 1 injected" in totals.text()
    click(qtbot, widget(tab, QPushButton, "relayStartButton"))  # Stop
    qtbot.waitUntil(lambda: tab.session is None)


def test_udp_relay_drop_field_and_datagrams(qtbot, relay_tab):
    tab = relay_tab
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as target:
        target.bind(("127.0.0.1", 0))
        target.setblocking(False)
        port = start(qtbot, tab, target.getsockname()[1], "UDP")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            client.setblocking(False)
            client.sendto(b"ping", ("127.0.0.1", port))
            data, upstream = recv_from(qtbot, target)
            assert data == b"ping"
            target.sendto(b"pong", upstream)
            assert recv_from(qtbot, client) == (b"pong", ("127.0.0.1", port))


#: A bad value in a field, and what must be said at it.
BAD_VALUES = (
    ("relayCorrupt", "@x", "Corrupt: the offset x after @ is not a whole number (write @10)"),
    ("relayCorrupt", "5", "Corrupt: the share 5 is not from 0 to 1"),
    ("relayCorrupt", "@1^0x100", "Corrupt: the mask 0x100 is not a byte from 0x01 to 0xff"),
    ("relayTargetPort", "70000", "Target port: port must be a number from"),
    ("relayTargetHost", "bad host!", "Target host:"),
)
GOOD_VALUES = {"relayCorrupt": "", "relayTargetPort": "9", "relayTargetHost": "127.0.0.1"}


def test_bad_values_are_said_at_their_field_in_both_languages(qtbot, relay_tab):
    from socklab.gui import i18n

    tab = relay_tab
    error = widget(tab, QLabel, "settingsError")
    type_into(qtbot, widget(tab, QLineEdit, "relayListenPort"), "0")
    for name, good in GOOD_VALUES.items():
        type_into(qtbot, widget(tab, QLineEdit, name), good)
    for name, text, expected in BAD_VALUES:
        edit = widget(tab, QLineEdit, name)
        type_into(qtbot, edit, text)
        click(qtbot, widget(tab, QPushButton, "relayStartButton"))
        qtbot.waitUntil(lambda expected=expected: expected in error.text())
        assert edit.property("invalid") is True
        assert tab.session is None
        type_into(qtbot, edit, GOOD_VALUES[name])
    i18n.set_language("zh_CN")  # the window's fixture puts English back
    corrupt = widget(tab, QLineEdit, "relayCorrupt")
    type_into(qtbot, corrupt, "@-3")
    click(qtbot, widget(tab, QPushButton, "relayStartButton"))
    qtbot.waitUntil(lambda: "篡改: 偏移 -3 是负数：第一个字节是 @0" in error.text())


def test_send_button_keeps_the_tabs_word_across_a_language_switch(qtbot, relay_tab):
    """The editor puts back its own "Send" on LanguageChange; the tab's word wins."""
    from socklab.gui import i18n

    send = widget(relay_tab, QPushButton, "sendButton")
    assert send.text() == "Inject toward target"
    i18n.set_language("zh_CN")
    qtbot.waitUntil(lambda: relay_tab.state_label.text() != "not relaying")
    assert send.text() == "注入给目标"
    i18n.set_language("en")
    qtbot.waitUntil(lambda: relay_tab.state_label.text() == "not relaying")
    assert send.text() == "Inject toward target"
