"""The load tools through the window: generator, file send and save, capture."""

from __future__ import annotations

import os
import select
import socket

from gui_helpers import click, type_into, widget, worker_round_trip
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QSpinBox

from socklab.core.events import Received
from socklab.core.files.capture import load_capture


def udp_peer() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.setblocking(False)
    return sock


def drain(sock: socket.socket, into: list[bytes]) -> int:
    while select.select([sock], [], [], 0)[0]:
        try:
            into.append(sock.recv(70_000))
        except BlockingIOError:
            break
    return len(into)


def test_generator_sends_the_count_at_the_size(qtbot, window):
    tab = window.udp_tab
    with udp_peer() as peer:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        widget(tab, QSpinBox, "generatorSize").setValue(100)
        widget(tab, QSpinBox, "generatorCount").setValue(200)
        rate = widget(tab, type(tab.tools.rate), "generatorRate")
        rate.setValue(5000)
        click(qtbot, widget(tab, QPushButton, "generateButton"))
        got: list[bytes] = []
        qtbot.waitUntil(lambda: drain(peer, got) >= 200, timeout=10_000)
    assert len(got) == 200 and {len(d) for d in got} == {100}
    status = widget(tab, QLabel, "generatorStatus")
    qtbot.waitUntil(lambda: "done" in status.text())
    assert status.text().startswith("200 sent")


def test_generator_until_stopped_stops_at_once(qtbot, window):
    tab = window.udp_tab
    with udp_peer() as peer:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        unit = widget(tab, QComboBox, "generatorUnit")
        unit.setCurrentIndex(unit.findData("max"))
        generate = widget(tab, QPushButton, "generateButton")
        click(qtbot, generate)
        qtbot.waitUntil(lambda: tab.session is not None and tab.session.counters.tx_packets > 1000)
        click(qtbot, generate)  # the same button stops it
        status = widget(tab, QLabel, "generatorStatus")
        qtbot.waitUntil(lambda: "stopped" in status.text())  # the job has ended ...
        sent = tab.session.counters.tx_packets
        worker_round_trip(tab.session)  # ... and nothing left on the worker sends more
        assert tab.session.counters.tx_packets == sent
        assert not generate.isChecked()


def test_file_from_client_tab_saved_byte_identical_by_server_tab(qtbot, window, tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(os.urandom(3_000_000))
    saved = tmp_path / "saved.bin"
    server = window.tcp_server_tab
    server.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(server, QLineEdit, "localPort"), "0")
    click(qtbot, widget(server, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: server.session is not None and server.session.local_address is not None)
    server.tools.saveRequested.emit(str(saved))  # what the Save… dialog hands on
    qtbot.waitUntil(server.tools.save_button.isChecked)

    client = window.tcp_client_tab
    type_into(qtbot, widget(client, QLineEdit, "remotePort"), str(server.session.local_address[1]))
    click(qtbot, widget(client, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: client.session is not None and client.session.connected)
    client.tools.sendFileRequested.emit(str(source), 0)
    qtbot.waitUntil(lambda: server.session.counters.rx_bytes == 3_000_000, timeout=20_000)
    progress = widget(client, type(client.tools.progress), "fileProgress")
    qtbot.waitUntil(lambda: progress.value() == 1000)
    click(qtbot, widget(client, QPushButton, "openButton"))  # disconnect
    qtbot.waitUntil(lambda: server.session.peer_count == 0)
    server.tools.saveRequested.emit("")  # the button unchecked: close the file
    qtbot.waitUntil(lambda: not server.tools.save_button.isChecked())
    qtbot.waitUntil(lambda: saved.stat().st_size == 3_000_000)
    assert saved.read_bytes() == source.read_bytes()


def test_capture_keeps_what_the_log_drops_and_loads_back(qtbot, window, tmp_path):
    tab = window.udp_tab
    tab.log.set_max_rows(1_000)
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    capture = tmp_path / "capture.jsonl"
    tab.tools.captureRequested.emit(str(capture))
    qtbot.waitUntil(tab.tools.capture_button.isChecked)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        for i in range(3_000):
            peer.sendto(i.to_bytes(4, "big"), tab.session.local_address)
            if i % 200 == 199:  # let the receiver keep up: nothing is lost in the kernel
                qtbot.waitUntil(lambda i=i: tab.session.counters.rx_packets > i)
    qtbot.waitUntil(lambda: tab.session.counters.rx_packets == 3_000)
    qtbot.waitUntil(lambda: tab.log.model.dropped > 0)  # the log let rows go ...
    tab.tools.captureRequested.emit("")
    qtbot.waitUntil(lambda: not tab.tools.capture_button.isChecked())
    recorded = [e for e in load_capture(capture) if isinstance(e, Received)]
    assert [int.from_bytes(e.data, "big") for e in recorded] == list(range(3_000))  # ... not it
    tab.log.clear()
    tab.log.set_max_rows(10_000)
    assert tab.load_capture(str(capture)) >= 3_000
    shown = [e for e in tab.log.model.events() if isinstance(e, Received)]
    assert [e.data for e in shown] == [e.data for e in recorded]
