"""The appendChecksum choice: sent payloads carry it byte-exact to real peers,
and the log marks received data whose checksum is good or bad."""

from __future__ import annotations

from gui_helpers import (
    accept,
    click,
    connect_client,
    listening_socket,
    peer_socket,
    recv_exactly,
    recv_from,
    rows,
    type_into,
    type_payload,
    widget,
)
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from socklab.core import Mode
from socklab.gui.models.log_model import COL_DIRECTION


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_udp_send_appends_modbus_crc_and_the_log_marks_good_and_bad(qtbot, window):
    tab = window.udp_tab
    choose(widget(tab, QComboBox, "payloadMode"), Mode.HEX)
    choose(widget(tab, QComboBox, "appendChecksum"), "crc16-modbus")
    type_payload(qtbot, tab, "01 03 00 00 00 0A")
    assert widget(tab, QLabel, "payloadSize").text() == "8 bytes"
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    local = tab.session.local_address

    with peer_socket() as peer:
        type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "127.0.0.1")
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        data, _source = recv_from(qtbot, peer)
        assert data == bytes.fromhex("01 03 00 00 00 0A C5 CD")

        peer.sendto(bytes.fromhex("11 03 00 6B 00 03 76 87"), local)  # good
        peer.sendto(bytes.fromhex("11 03 00 6B 00 03 76 88"), local)  # bad
        qtbot.waitUntil(lambda: sum("received" in r[COL_DIRECTION] for r in rows(tab)) == 2)
    received = [r for r in rows(tab) if "received" in r[COL_DIRECTION]]
    assert "checksum good" in received[0][COL_DIRECTION]
    assert "checksum BAD" in received[1][COL_DIRECTION]
    assert all("checksum" not in r[COL_DIRECTION] for r in rows(tab) if "sent" in r[COL_DIRECTION])

    # No checksum chosen: nothing is checked, and the next send is the bare payload.
    choose(widget(tab, QComboBox, "appendChecksum"), "")
    received = [r for r in rows(tab) if "received" in r[COL_DIRECTION]]
    assert all("checksum" not in r[COL_DIRECTION] for r in received)


def test_tcp_client_send_appends_crc32(qtbot, window):
    tab = window.tcp_client_tab
    choose(widget(tab, QComboBox, "appendChecksum"), "crc32")
    with listening_socket() as listener:
        connect_client(qtbot, tab, listener.getsockname()[1])
        conn = accept(qtbot, listener)
        with conn:
            qtbot.waitUntil(lambda: widget(tab, QPushButton, "sendButton").isEnabled())
            type_payload(qtbot, tab, "123456789")
            click(qtbot, widget(tab, QPushButton, "sendButton"))
            assert recv_exactly(qtbot, conn, 13) == b"123456789" + bytes.fromhex("CBF43926")
