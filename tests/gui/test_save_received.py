"""Save received to file, and file sends, through the window: a full disk is
shown at once at the save control, an earlier file is replaced only by a whole
save, an HTTP body is saved without its header (shown in the log), and a file
send cut short by the peer says how it ended."""

from __future__ import annotations

import os
import re
import socket
import struct
import subprocess
import sys

import gui_helpers
import pytest
from gui_helpers import accept, click, listening_socket, rows, type_into, type_payload, widget
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QProgressBar, QPushButton

from socklab.core import Mode
from socklab.gui.models.log_model import COL_DATA


def show(qtbot, window, tab):
    """Bring ``tab`` to the front by clicking its tab, as a user would."""
    tabs = window.tabs
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(tab)).center())
    qtbot.waitUntil(tab.isVisible)
    return tab


def connect_client(qtbot, tab, port: int) -> None:
    """Connect the TCP Client tab to ``port`` and wait until it is connected."""
    gui_helpers.connect_client(qtbot, tab, port)
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.connected)


def open_udp(qtbot, tab) -> tuple:
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    return tab.session.local_address


def start_saving(qtbot, tab, path) -> None:
    tab.tools.saveRequested.emit(str(path))  # what the Save… dialog hands on
    qtbot.waitUntil(tab.tools.save_button.isChecked)


# -- a full disk -------------------------------------------------------------------


def _udp_sends(qtbot, window, stack):
    tab = window.udp_tab
    address = open_udp(qtbot, tab)
    peer = stack(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
    return tab, lambda data: peer.sendto(data, address)


def _client_receives(qtbot, window, stack):
    tab = window.tcp_client_tab
    listener = stack(listening_socket())
    connect_client(qtbot, tab, listener.getsockname()[1])
    server_side = stack(accept(qtbot, listener))
    return tab, server_side.sendall


def _server_receives(qtbot, window, stack):
    tab = window.tcp_server_tab
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    client = stack(socket.create_connection(tab.session.local_address[:2], 5))
    qtbot.waitUntil(lambda: tab.session.peer_count == 1)
    return tab, client.sendall


@pytest.mark.parametrize(
    "receive", [_udp_sends, _client_receives, _server_receives], ids=["udp", "client", "server"]
)
def test_a_full_disk_is_shown_at_the_save_control_at_once(qtbot, window, receive):
    sockets: list[socket.socket] = []
    try:
        tab, send = receive(qtbot, window, lambda s: sockets.append(s) or s)
        start_saving(qtbot, tab, "/dev/full")
        send(b"x" * 300)  # far below any buffer: only a checked write or flush fails
        save = tab.tools.save_button
        qtbot.waitUntil(lambda: not save.isChecked())
        expected = "save to /dev/full: no space left on device"
        assert save.property("invalid") is True
        assert expected in save.toolTip()
        error = widget(tab, QLabel, "settingsError")
        qtbot.waitUntil(lambda: expected in error.text())  # the Failed event's, with the log row
        qtbot.waitUntil(lambda: any(expected in r[COL_DATA] for r in rows(tab)))
        assert tab.session is not None  # the session goes on
    finally:
        for sock in sockets:
            sock.close()


# -- an existing file --------------------------------------------------------------


def test_an_existing_file_is_replaced_only_when_the_save_ends(qtbot, window, tmp_path):
    tab = window.udp_tab
    address = open_udp(qtbot, tab)
    path = tmp_path / "saved.bin"
    path.write_bytes(b"the earlier file")
    start_saving(qtbot, tab, path)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"new bytes", address)
    qtbot.waitUntil(lambda: tab.session.counters.rx_packets == 1)
    assert path.read_bytes() == b"the earlier file"  # whole, while the save runs
    click(qtbot, tab.tools.save_button)  # released: the save ends
    qtbot.waitUntil(lambda: path.read_bytes() == b"new bytes")
    assert not tab.tools.save_button.isChecked()
    assert tab.tools.save_button.property("invalid") is not True
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # none left behind


# -- the seed's last exercise --------------------------------------------------------


def test_the_client_saves_an_http_body_without_its_header(qtbot, window, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    page = b"<html><body>\r\n\r\nSockLab \xe4\xbd\xa0\xe5\xa5\xbd</body></html>\n"
    (site / "page.html").write_bytes(page)
    with subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
         "--directory", str(site)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    ) as server:  # fmt: skip
        try:
            banner = server.stdout.readline()  # before any click: blocks no coroutine
            port = int(banner.split(" port ")[1].split()[0])
            tab = show(qtbot, window, window.tcp_client_tab)
            connect_client(qtbot, tab, port)
            without_header = widget(tab, QCheckBox, "saveWithoutHeader")
            click(qtbot, without_header)
            assert without_header.isChecked()
            saved = tmp_path / "page.html"
            start_saving(qtbot, tab, saved)
            mode = widget(tab, QComboBox, "payloadMode")
            mode.setCurrentIndex(mode.findData(Mode.ESCAPES))
            type_payload(qtbot, tab, r"GET /page.html HTTP/1.0\r\nHost: localhost\r\n\r\n")
            send = widget(tab, QPushButton, "sendButton")
            qtbot.waitUntil(send.isEnabled)  # once the tab has seen the connection
            click(qtbot, send)
            # The server answers and closes: the save ends with the connection.
            qtbot.waitUntil(saved.exists, timeout=10_000)
        finally:
            server.terminate()
    qtbot.waitUntil(lambda: not tab.tools.save_button.isChecked())  # the save has ended
    assert saved.read_bytes() == page

    # One row holds the header block, escaped as received text is (its line
    # ends shown as \r\n, no raw control character), without the empty line.
    def header_rows() -> list[str]:
        texts = [r[COL_DATA] for r in rows(tab)]
        return [t for t in texts if t.startswith("HTTP/1.0 200 OK") and "\\r\\n\\r\\n" not in t]

    qtbot.waitUntil(lambda: len(header_rows()) == 1)
    [header] = header_rows()
    assert f"\\r\\nContent-Length: {len(page)}\\r\\n" in header
    assert "\r" not in header and "\n" not in header
    assert header.endswith("GMT")


# -- a file send cut short -----------------------------------------------------------


@pytest.mark.parametrize("reset", [False, True], ids=["close", "reset"])
def test_a_file_send_cut_short_by_the_peer_says_how_it_ended(qtbot, window, tmp_path, reset):
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(32 << 20))
    tab = window.tcp_client_tab
    with listening_socket() as listener:
        connect_client(qtbot, tab, listener.getsockname()[1])
        with accept(qtbot, listener) as peer:
            peer.setblocking(False)
            tab.tools.sendFileRequested.emit(str(source), 0)  # what the file dialog hands on
            got = [0]

            def read_some() -> bool:
                try:
                    while got[0] < 5 << 20:
                        got[0] += len(peer.recv(1 << 16))
                except BlockingIOError:
                    pass
                return got[0] >= 5 << 20  # more than its first batch

            qtbot.waitUntil(read_some, timeout=10_000)
            if reset:
                peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    progress = widget(tab, QProgressBar, "fileProgress")
    how = "reset" if reset else "(closed|reset)"
    qtbot.waitUntil(lambda: progress.format().startswith("stopped: the peer"), timeout=10_000)
    pattern = rf"stopped: the peer {how} the connection after [\d,]+ of 33,554,432 bytes"
    assert re.fullmatch(pattern, progress.format()), progress.format()
    sent = progress.format().split(" after ")[1].split(" of ")[0]
    assert sent != "0"
    row = f"send {source}: the peer "
    qtbot.waitUntil(lambda: any(r[COL_DATA].startswith(row) for r in rows(tab)))
    [text] = [r[COL_DATA] for r in rows(tab) if r[COL_DATA].startswith(row)]
    assert text.endswith(f"after {sent} of 33,554,432 bytes")
    assert widget(tab, QPushButton, "sendFileButton").text() == "Send a file…"
