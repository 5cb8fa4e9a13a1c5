"""The UDP tab, clicked through with real widgets against real peer sockets."""

from __future__ import annotations

import subprocess
import sys

from gui_helpers import (
    BAD_PORTS,
    check_bad_port,
    click,
    peer_socket,
    recv_from,
    rows,
    type_into,
    type_payload,
    widget,
)
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from socklab.gui.models.log_model import COL_DATA, COL_PEER, COL_SIZE


def open_udp(qtbot, tab, port: str = "0") -> tuple[str, int]:
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), port)
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    return tab.session.local_address


def test_open_receive_and_send(qtbot, window):
    tab = window.udp_tab
    local = open_udp(qtbot, tab)
    state = widget(tab, QLabel, "stateLabel")
    qtbot.waitUntil(lambda: f"bound to 127.0.0.1:{local[1]}" in state.text())
    assert widget(tab, QPushButton, "openButton").text() == "Close"

    with peer_socket() as peer:
        peer.sendto(b"hello from the peer", local)
        qtbot.waitUntil(lambda: any("hello from the peer" in r[COL_DATA] for r in rows(tab)))
        row = next(r for r in rows(tab) if "hello from the peer" in r[COL_DATA])
        assert row[COL_PEER] == f"127.0.0.1:{peer.getsockname()[1]}"
        assert row[COL_SIZE].startswith("19")

        type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "127.0.0.1")
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        type_payload(qtbot, tab, "你好")
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        data, source = recv_from(qtbot, peer)
    assert data == "你好".encode() and source == local
    counters = widget(tab, type(tab.counters), "counters")
    qtbot.waitUntil(
        lambda: "RX 1 datagram" in counters.text() and "TX 1 datagram" in counters.text()
    )

    click(qtbot, widget(tab, QPushButton, "openButton"))
    assert tab.session is None
    assert widget(tab, QPushButton, "openButton").text() == "Open"


def test_first_send_binds_automatically_and_shows_the_port(qtbot, window):
    tab = window.udp_tab
    with peer_socket() as peer:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        type_payload(qtbot, tab, "first")
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        _, source = recv_from(qtbot, peer)
        state = widget(tab, QLabel, "stateLabel")
        qtbot.waitUntil(lambda: f":{source[1]}" in state.text())
        assert "bound to 127.0.0.1:" in state.text() and "automatically" in state.text()
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        assert recv_from(qtbot, peer)[1][1] == source[1]  # the same ephemeral port


def test_truncated_datagram_is_marked(qtbot, window):
    tab = window.udp_tab
    tab.recv_buffer.setValue(8)
    local = open_udp(qtbot, tab)
    with peer_socket() as peer:
        peer.sendto(b"0123456789abcdef", local)
        qtbot.waitUntil(lambda: any("truncated" in r[COL_SIZE] for r in rows(tab)))
    row = next(r for r in rows(tab) if "truncated" in r[COL_SIZE])
    assert row[COL_DATA] == "01234567" and row[COL_SIZE].startswith("8 of 16")


def test_bad_input_is_shown_at_the_field_and_the_window_keeps_working(qtbot, window):
    tab = window.udp_tab
    error = widget(tab, QLabel, "settingsError")
    remote_port = widget(tab, QLineEdit, "remotePort")
    send = widget(tab, QPushButton, "sendButton")
    type_payload(qtbot, tab, "x")

    for case in BAD_PORTS:
        check_bad_port(qtbot, tab, remote_port, send, case)

    remote_host = widget(tab, QLineEdit, "remoteHost")
    type_into(qtbot, remote_host, "")
    type_into(qtbot, remote_port, "9")
    assert remote_port.property("invalid") is False  # editing cleared the mark
    click(qtbot, send)
    qtbot.waitUntil(lambda: "host is empty" in error.text())
    assert remote_host.property("invalid") is True

    mode = tab.editor.mode_combo
    mode.setCurrentIndex(mode.findData(mode.itemData(1)))  # Hex
    type_payload(qtbot, tab, "zz")
    assert not send.isEnabled()
    assert "hex digit expected" in widget(tab, QLabel, "payloadError").text()
    mode.setCurrentIndex(0)

    tab.editor.set_text("x" * 65_536)
    qtbot.waitUntil(lambda: not send.isEnabled())
    assert "65,507" in widget(tab, QLabel, "payloadError").text()
    tab.editor.set_text("ok")
    qtbot.waitUntil(send.isEnabled)

    with peer_socket() as taken:
        port = taken.getsockname()[1]
        tab.local_host.setEditText("127.0.0.1")
        type_into(qtbot, widget(tab, QLineEdit, "localPort"), str(port))
        click(qtbot, widget(tab, QPushButton, "openButton"))
        qtbot.waitUntil(lambda: f"port {port} is already in use" in error.text())
        qtbot.waitUntil(
            lambda: any(f"port {port} is already in use" in r[COL_DATA] for r in rows(tab))
        )
    # The Failed event can reach the log before the failed open() releases the session.
    qtbot.waitUntil(lambda: tab.session is None)
    # ... and the tab still works.
    local = open_udp(qtbot, tab)
    assert local[1] != 0


def test_hostile_data_is_shown_literally(qtbot, window):
    tab = window.udp_tab
    local = open_udp(qtbot, tab)
    hostile = [b"<b>x</b>", b"\x1b[31mred", b"nul\x00byte", b"\xff\xfe bad utf-8"]
    with peer_socket() as peer:
        for data in hostile:
            peer.sendto(data, local)
        peer.sendto(b"A" * 60_000, local)
        qtbot.waitUntil(lambda: tab.session.counters.rx_packets == 5)
    qtbot.waitUntil(lambda: len([r for r in rows(tab) if r[COL_PEER]]) >= 5)
    shown = [r[COL_DATA] for r in rows(tab)]
    assert "<b>x</b>" in shown
    assert "\\x1b[31mred" in shown
    assert "nul\\0byte" in shown
    assert "\\xff\\xfe bad utf-8" in shown
    big = next(s for s in shown if s.startswith("AAAA"))
    assert len(big) < 10_000 and "bytes)" in big


def test_flood_of_100k_datagrams_keeps_exact_counts_and_a_live_window(qtbot, window):
    """Every datagram of a flood is counted exactly (or in the kernel's own drop
    count), the counters bar shows the exact count, and every event is a log row
    or counted as dropped, while the window keeps running its loop. How long the
    GUI thread stalls meanwhile is a benchmark figure (tests/benchmarks/run.py),
    not asserted here."""
    tab = window.udp_tab
    tab.log.set_max_rows(10_000)
    local = open_udp(qtbot, tab)
    # The peer: SockLab's own CLI in another process, paced at 100k datagrams/s,
    # while the GUI thread keeps running its loop.
    command = [sys.executable, "-m", "socklab", "udp", "send", f"127.0.0.1:{local[1]}"]
    command += ["f" * 64, "--count", "100000", "--interval", "0.01"]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL) as sender:
        qtbot.waitUntil(lambda: sender.poll() is not None, timeout=120_000)
    assert sender.returncode == 0
    lost_in_kernel = 0

    def all_accounted() -> bool:
        nonlocal lost_in_kernel
        # The kernel's own count of what it dropped for this socket (SO_RXQ_OVFL).
        lost_in_kernel = tab.session.counters.dropped_by_system
        return tab.session.counters.rx_packets + lost_in_kernel >= 100_000

    qtbot.waitUntil(all_accounted, timeout=30_000)
    qtbot.waitUntil(lambda: f"RX {100_000 - lost_in_kernel:,} datagrams" in tab.counters.text())
    if lost_in_kernel:
        assert f"{lost_in_kernel:,} dropped by the system" in tab.counters.text()
    assert tab.session.counters.rx_packets == 100_000 - lost_in_kernel
    assert tab.session.counters.rx_bytes == 64 * (100_000 - lost_in_kernel)
    model = tab.log.model
    assert model.rowCount() <= 10_000
    # Every event is either a row or counted as dropped: the datagrams and one "bound" row.
    qtbot.waitUntil(lambda: model.rowCount() + model.dropped == 100_000 - lost_in_kernel + 1)
    dropped_label = widget(tab, QLabel, "droppedLabel")
    assert f"{model.dropped:,}" in dropped_label.text()
