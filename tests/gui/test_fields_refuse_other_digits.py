"""Port and host fields refuse digits other than 0-9 (fullwidth １２３, Arabic-Indic
١٢٣), typed into real tabs: the message shows at the field, nothing is opened."""

from __future__ import annotations

import pytest
from gui_helpers import check_bad_port, click, show, type_into, type_payload, widget
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from socklab.gui.models.log_model import COL_DATA

OTHER_DIGIT_PORTS = [
    ("１２３", "port must be written with the digits 0-9, not '１２３'"),
    ("١٢٣", "port must be written with the digits 0-9, not '١٢٣'"),
]


@pytest.mark.parametrize("case", OTHER_DIGIT_PORTS, ids=["fullwidth", "arabic-indic"])
def test_udp_remote_port(qtbot, window, case):
    tab = show(qtbot, window, window.udp_tab)
    type_payload(qtbot, tab, "x")
    type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "127.0.0.1")
    check_bad_port(
        qtbot,
        tab,
        widget(tab, QLineEdit, "remotePort"),
        widget(tab, QPushButton, "sendButton"),
        case,
    )
    assert tab.session is None or tab.session.counters.tx_packets == 0


@pytest.mark.parametrize("case", OTHER_DIGIT_PORTS, ids=["fullwidth", "arabic-indic"])
def test_tcp_server_local_port(qtbot, window, case):
    tab = show(qtbot, window, window.tcp_server_tab)
    tab.local_host.setEditText("127.0.0.1")
    check_bad_port(
        qtbot,
        tab,
        widget(tab, QLineEdit, "localPort"),
        widget(tab, QPushButton, "openButton"),
        case,
    )
    assert tab.session is None


def test_tcp_client_host_and_port(qtbot, window):
    tab = show(qtbot, window, window.tcp_client_tab)
    host = widget(tab, QLineEdit, "remoteHost")
    port = widget(tab, QLineEdit, "remotePort")
    error = widget(tab, QLabel, "settingsError")
    type_into(qtbot, host, "127.0.0.1")
    check_bad_port(qtbot, tab, port, widget(tab, QPushButton, "openButton"), OTHER_DIGIT_PORTS[0])

    expected = "write IP addresses with the digits 0-9, not '１２７.０.０.１'"
    type_into(qtbot, host, "１２７.０.０.１")
    type_into(qtbot, port, "80")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: expected in error.text())
    assert host.property("invalid") is True
    assert expected in host.toolTip()
    assert any(
        expected in tab.log.model.row_text(r)[COL_DATA] for r in range(tab.log.model.rowCount())
    )
    assert tab.session is None
