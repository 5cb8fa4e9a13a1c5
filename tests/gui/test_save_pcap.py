"""The log's pcapng save (the load tools' ``savePcap`` button, and the log's
Save… with a .pcapng name) and a live capture to a .pcapng file, clicked through with real widgets;
the files are read back by the real tshark (or dpkt, where only counts matter)."""

from __future__ import annotations

import socket

from dpkt import pcapng
from gui_helpers import click, open_udp_tab, widget
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton
from test_failed_saves import answer_save_dialog, pane  # noqa: F401 - a fixture
from test_tcp_server_tab import (
    choose,
    clients,  # noqa: F401 - a fixture
    connect,
    recv_exactly,
    show_tab,
    start_server,
    wait_connected,
)
from test_udp_tab import recv_from

from socklab.core.events import Received
from socklab.core.sessions.tcp_server import AutoReply
from socklab.gui.widgets.steady_label import SteadyLabel
from tshark_files import fields, follow, needs_tshark

PEER = ("127.0.0.1", 53712)
LOCAL = ("127.0.0.1", 9000)


def packets(path) -> list[bytes]:
    """The bytes of each packet in a pcapng file, read by dpkt."""
    with open(path, "rb") as file:
        return [bytes(data) for _, data in pcapng.Reader(file)]


@needs_tshark
def test_save_pcap_button_writes_streams_wireshark_follows(qtbot, window, clients, tmp_path):  # noqa: F811
    tab = show_tab(qtbot, window)
    port = start_server(qtbot, tab)
    choose(widget(tab, QComboBox, "autoReply"), AutoReply.ECHO.value)
    sent = {}
    messages = [b"first\x00\xff", b"\x1b[31mred"]
    connect(clients, port, len(messages))
    wait_connected(qtbot, tab, len(messages))
    for client, message in zip(clients, messages, strict=True):
        client.sendall(message)
        recv_exactly(qtbot, [client], message)
        sent[client.getsockname()[1]] = message
    for client in clients:
        client.close()
    qtbot.waitUntil(lambda: tab.clients.model.open_count == 0)

    path = tmp_path / "log.pcapng"
    answer_save_dialog(path)
    click(qtbot, widget(tab, QPushButton, "savePcap"))
    streams = follow(path, 2)
    server = f"127.0.0.1:{port}"
    for stream in streams.values():
        (client,) = set(stream) - {server}
        message = sent[int(client.rsplit(":", 1)[1])]
        assert stream == {client: message, server: message}
    assert len(streams) == 2


def test_rows_the_log_let_go_are_said_and_the_save_dialog_offers_pcapng(pane, qtbot, tmp_path):  # noqa: F811
    pane.clear()
    pane.set_max_rows(1_000)
    pane.append_events([Received(b"%d" % i, PEER, LOCAL) for i in range(1_500)])
    path = tmp_path / "log.pcapng"
    answer_save_dialog(path)
    qtbot.mouseClick(pane.findChild(QPushButton, "saveLog"), Qt.MouseButton.LeftButton)
    saved = packets(path)
    assert len(saved) == 1_000 and saved[0].endswith(b"500")
    assert b"the log had let 500 older events go" in path.read_bytes()[:300]  # its header
    message = pane.findChild(SteadyLabel, "logMessage")
    assert message.isVisible()
    assert message.text() == (
        f"Saved {path} without the 500 older rows the log let go (a capture keeps every event)"
    )


def test_a_pcap_that_cannot_be_written_is_said_at_its_button(qtbot, window, tmp_path):
    tab = window.udp_tab
    path = tmp_path / "missing" / "log.pcapng"
    tab.tools.savePcapRequested.emit(str(path))  # what the pcapng button's dialog hands on
    text = f"Could not save the log to {path}: No such file or directory"
    message = tab.banner.message
    assert message.isVisible() and message.text().replace("\u200b", "") == text
    button = widget(tab, QPushButton, "savePcap")
    assert button.property("invalid") is True and text in button.toolTip()
    assert tab.log.model.row_text(tab.log.model.rowCount() - 1)[4] == text  # and in the log
    tab.tools.savePcapRequested.emit(str(tmp_path / "log.pcapng"))  # the next one works
    assert not button.property("invalid")
    assert (tmp_path / "log.pcapng").read_bytes()[:4] == b"\n\r\r\n"  # a pcapng section


def test_a_capture_to_a_pcapng_name_records_packets(qtbot, window, tmp_path):
    tab = open_udp_tab(qtbot, window)
    path = tmp_path / "live.pcapng"
    answer_save_dialog(path)
    click(qtbot, tab.tools.capture_button)
    qtbot.waitUntil(lambda: tab.session.capturing)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        for data in (b"one", b"two"):
            peer.sendto(data, tab.session.local_address[:2])
    qtbot.waitUntil(lambda: tab.session.counters.rx_packets == 2)
    click(qtbot, tab.tools.capture_button)
    qtbot.waitUntil(lambda: not tab.session.capturing)
    assert [data[-3:] for data in packets(path)] == [b"one", b"two"]


@needs_tshark
def test_save_pcap_button_writes_the_udp_tabs_datagrams_both_ways(qtbot, window, tmp_path):
    """The UDP tab's savePcap: what a peer sent and what the window's Send sent
    back, with their addresses, ports and bytes as tshark reads them."""
    tab = open_udp_tab(qtbot, window)
    local = tab.session.local_address[:2]
    hostile = bytes(range(256))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.sendto(hostile, local)
        qtbot.waitUntil(lambda: tab.session.counters.rx_packets == 1)
        tab.remote_port.setText(str(peer.getsockname()[1]))
        tab.editor.set_text("back")
        click(qtbot, tab.editor.send_button)
        assert recv_from(qtbot, peer)[0] == b"back"
        there = ["127.0.0.1", str(peer.getsockname()[1])]
    qtbot.waitUntil(lambda: tab.log.model.rowCount() >= 3)  # bound, received, sent
    path = tmp_path / "udp.pcapng"
    answer_save_dialog(path)
    click(qtbot, widget(tab, QPushButton, "savePcap"))
    here = ["127.0.0.1", str(local[1])]
    names = ("ip.src", "udp.srcport", "ip.dst", "udp.dstport", "udp.payload", "udp.checksum.status")
    assert fields(path, *names) == [
        [*there, *here, hostile.hex(), "1"],
        [*here, *there, b"back".hex(), "1"],
    ]
