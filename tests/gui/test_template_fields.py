"""The templateFields checkbox: each send expands {{fields}} (counters exact at a
real peer), the preview under the editor shows the next send, a bad field is
said at the editor."""

from __future__ import annotations

import socket

from gui_helpers import (
    click,
    peer_socket,
    recv_from,
    type_into,
    type_payload,
    widget,
    worker_round_trip,
)
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from socklab.core import Mode


def test_bad_field_is_said_at_the_editor_and_send_waits(qtbot, window):
    tab = window.udp_tab
    click(qtbot, widget(tab, QCheckBox, "templateFields"))
    type_payload(qtbot, tab, "ab {{random:x}}")
    error = widget(tab, QLabel, "payloadError")
    assert error.text() == "{{random:x}} at column 4: N must be a number 1-1024"
    assert not error.isHidden()
    assert not widget(tab, QPushButton, "sendButton").isEnabled()
    # Off, the same text is plain text again: a literal {{ is never surprising.
    click(qtbot, widget(tab, QCheckBox, "templateFields"))
    assert error.isHidden() and widget(tab, QPushButton, "sendButton").isEnabled()
    assert widget(tab, QLabel, "templatePreview").isHidden()


def test_each_send_takes_the_next_counter_and_a_new_session_starts_at_1(qtbot, window):
    tab = window.udp_tab
    preview = widget(tab, QLabel, "templatePreview")
    click(qtbot, widget(tab, QCheckBox, "templateFields"))
    type_payload(qtbot, tab, "#{{counter}} len={{len}}")
    assert preview.text() == "Next: #1 len=8"
    with peer_socket() as peer:
        type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "127.0.0.1")
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        send = widget(tab, QPushButton, "sendButton")
        click(qtbot, send)
        assert recv_from(qtbot, peer)[0] == b"#1 len=8"
        assert preview.text() == "Next: #2 len=8"
        click(qtbot, send)
        assert recv_from(qtbot, peer)[0] == b"#2 len=8"
    click(qtbot, widget(tab, QPushButton, "openButton"))  # Close: the session ends
    qtbot.waitUntil(lambda: tab.session is None)
    assert preview.text() == "Next: #1 len=8"


def test_hex_mode_fields_and_checksum_after_them(qtbot, window):
    tab = window.udp_tab
    widget(tab, QComboBox, "payloadMode").setCurrentIndex(
        widget(tab, QComboBox, "payloadMode").findData(Mode.HEX)
    )
    checksum = widget(tab, QComboBox, "appendChecksum")
    checksum.setCurrentIndex(checksum.findData("sum8"))
    click(qtbot, widget(tab, QCheckBox, "templateFields"))
    type_payload(qtbot, tab, "aa {{counter}} {{len}}")
    # 1 + 4 + 2 bytes; sum8 of aa 00 00 00 01 00 07 is b2 (not counted in len).
    assert widget(tab, QLabel, "templatePreview").text() == "Next: aa 00 00 00 01 00 07 b2"


def test_broadcast_repeat_counts_1_to_n_at_a_real_peer(qtbot, window):
    tab = window.broadcast_tab
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("0.0.0.0", 0))
        listener.setblocking(False)
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(listener.getsockname()[1]))
        tab.interval.setValue(1)
        click(qtbot, widget(tab, QCheckBox, "templateFields"))
        type_payload(qtbot, tab, "tick {{counter}}")
        repeat = widget(tab, QPushButton, "repeatButton")
        click(qtbot, repeat)
        qtbot.waitUntil(lambda: tab.session is not None and tab.session.counters.tx_packets >= 5)
        click(qtbot, repeat)
        qtbot.waitUntil(lambda: repeat.text() == "Repeat")
        worker_round_trip(tab.session)
        sent = tab.session.counters.tx_packets
        got = []
        while True:
            try:
                got.append(listener.recv(100))
            except BlockingIOError:
                break
    assert got == [f"tick {n}".encode() for n in range(1, sent + 1)]
    preview = widget(tab, QLabel, "templatePreview")
    qtbot.waitUntil(lambda: preview.text() == f"Next: tick {sent + 1}")
