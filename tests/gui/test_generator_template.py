"""The generator's "editor's payload" (generatorPayload): with Template fields on,
each packet is its own expansion, counters 1..N with no gap at a real peer, the
checksum after each; on TCP the stream is their concatenation."""

from __future__ import annotations

from gui_helpers import (
    accept,
    click,
    connect_client,
    listening_socket,
    recv_exactly,
    type_into,
    type_payload,
    widget,
    worker_round_trip,
)
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QSpinBox
from test_load_tools import drain, udp_peer

from socklab.core import checksums

COUNT = 600


def _choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def _generate_from_editor(qtbot, tab, text: str, count: int) -> None:
    click(qtbot, widget(tab, QCheckBox, "templateFields"))
    type_payload(qtbot, tab, text)
    _choose(widget(tab, QComboBox, "generatorPayload"), "editor")
    assert not widget(tab, QSpinBox, "generatorSize").isEnabled()  # the payload's own size
    widget(tab, QSpinBox, "generatorCount").setValue(count)
    _choose(widget(tab, QComboBox, "generatorUnit"), "max")
    click(qtbot, widget(tab, QPushButton, "generateButton"))


def test_udp_generator_sends_seq_1_to_n_with_len_and_crc(qtbot, window):
    tab = window.udp_tab
    _choose(widget(tab, QComboBox, "appendChecksum"), "crc16-modbus")
    with udp_peer() as peer:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        _generate_from_editor(qtbot, tab, "seq {{counter}} len {{len}}", COUNT)
        got: list[bytes] = []
        qtbot.waitUntil(lambda: drain(peer, got) >= COUNT, timeout=10_000)
        status = widget(tab, QLabel, "generatorStatus")
        qtbot.waitUntil(lambda: "done" in status.text())
        drain(peer, got)
    bodies = [g[:-2] for g in got]
    assert bodies == [f"seq {n} len {len(f'seq {n} len 10')}".encode() for n in range(1, COUNT + 1)]
    assert all(g[-2:] == checksums.checksum(g[:-2], "crc16-modbus") for g in got)
    assert status.text().startswith(f"{COUNT} sent")
    state = widget(tab, QLabel, "stateLabel")
    qtbot.waitUntil(lambda: "template fields: each datagram its own payload" in state.text())
    # The editor's counter went on: the next send is numbered after the generator's.
    preview = widget(tab, QLabel, "templatePreview")
    qtbot.waitUntil(lambda: preview.text().startswith(f"Next: seq {COUNT + 1} "))


def test_tcp_generator_stream_is_the_expansions_concatenated(qtbot, window):
    tab = window.tcp_client_tab
    with listening_socket() as listener:
        connect_client(qtbot, tab, listener.getsockname()[1])
        conn = accept(qtbot, listener)
        with conn:
            qtbot.waitUntil(lambda: widget(tab, QPushButton, "sendButton").isEnabled())
            _generate_from_editor(qtbot, tab, "<{{counter}}>", COUNT)
            expected = b"".join(f"<{n}>".encode() for n in range(1, COUNT + 1))
            assert recv_exactly(qtbot, conn, len(expected)) == expected


def test_pattern_stays_the_default_and_without_fields_the_payload_repeats(qtbot, window):
    tab = window.udp_tab
    assert widget(tab, QComboBox, "generatorPayload").currentData() == "pattern"
    with udp_peer() as peer:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        type_payload(qtbot, tab, "same")
        _choose(widget(tab, QComboBox, "generatorPayload"), "editor")
        widget(tab, QSpinBox, "generatorCount").setValue(50)
        click(qtbot, widget(tab, QPushButton, "generateButton"))
        got: list[bytes] = []
        qtbot.waitUntil(lambda: drain(peer, got) >= 50, timeout=10_000)
    assert got == [b"same"] * 50


def test_until_stopped_stops_at_once_and_what_went_has_no_gap(qtbot, window):
    tab = window.udp_tab
    with udp_peer() as peer:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        _generate_from_editor(qtbot, tab, "n{{counter}}", 0)  # 0: until stopped
        got: list[bytes] = []
        qtbot.waitUntil(lambda: drain(peer, got) > 300, timeout=10_000)
        click(qtbot, widget(tab, QPushButton, "generateButton"))  # the same button stops it
        status = widget(tab, QLabel, "generatorStatus")
        qtbot.waitUntil(lambda: "stopped" in status.text())
        worker_round_trip(tab.session)  # nothing left on the worker sends more
        sent = tab.session.counters.tx_packets
        qtbot.waitUntil(lambda: drain(peer, got) >= sent, timeout=10_000)
    assert got == [f"n{n}".encode() for n in range(1, sent + 1)]


def test_a_bad_field_is_said_at_the_editor_and_nothing_is_sent(qtbot, window):
    tab = window.udp_tab
    with udp_peer() as peer:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        _generate_from_editor(qtbot, tab, "x{{random:x}}", 10)
        message = tab.banner.message
        qtbot.waitUntil(lambda: "N must be a number 1-1024" in message.text())
        assert not widget(tab, QPushButton, "generateButton").isChecked()
        assert tab.session is None  # nothing opened, nothing sent
