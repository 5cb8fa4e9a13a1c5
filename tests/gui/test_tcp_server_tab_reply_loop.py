"""The TCP Server tab on auto-reply against a real peer that echoes everything
(socat EXEC:cat): the ping-pong stops by itself, the log says why and the
client's row is marked. The test ends when the loop does."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from gui_helpers import click, rows, type_into, type_payload, widget
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QSpinBox

from socklab.core import LOOP_WINDOWS, AutoReply
from socklab.gui.models.client_model import COL_STATE
from socklab.gui.models.log_model import COL_DATA

pytestmark = pytest.mark.skipif(shutil.which("socat") is None, reason="socat is not installed")

LOOP_WORDS = "looks like a loop between two auto-repliers"


def _start_echo_server(qtbot, tab, limit: int) -> int:
    echo = widget(tab, QComboBox, "autoReply")
    echo.setCurrentIndex(echo.findData(AutoReply.ECHO.value))
    rate = widget(tab, QSpinBox, "maxRepliesPerSecond")
    rate.lineEdit().selectAll()
    qtbot.keyClicks(rate, str(limit))
    qtbot.keyClick(rate, Qt.Key.Key_Return)
    assert rate.value() == limit
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    return tab.session.local_address[1]


def test_an_echo_loop_stops_by_itself_with_a_message_and_a_marked_row(qtbot, window):
    tab = window.tcp_server_tab
    window.tabs.setCurrentWidget(tab)
    limit = 10
    port = _start_echo_server(qtbot, tab, limit)
    peer = subprocess.Popen(
        ["socat", f"TCP:127.0.0.1:{port}", "EXEC:cat"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        qtbot.waitUntil(lambda: tab.session.peer_count == 1, timeout=20_000)
        type_payload(qtbot, tab, "ping")  # the first word; then the two echo each other
        send_all = widget(tab, QPushButton, "sendAllButton")
        qtbot.waitUntil(send_all.isEnabled)
        click(qtbot, send_all)
        qtbot.waitUntil(
            lambda: any(LOOP_WORDS in row[COL_DATA] for row in rows(tab)), timeout=60_000
        )
        said = next(row[COL_DATA] for row in rows(tab) if LOOP_WORDS in row[COL_DATA])
        assert f"{limit * LOOP_WINDOWS} replies in" in said
        model = tab.clients.model
        qtbot.waitUntil(
            lambda: "auto-reply paused" in model.data(model.index(0, COL_STATE)), timeout=10_000
        )
        tip = model.data(model.index(0, COL_STATE), Qt.ItemDataRole.ToolTipRole)
        assert f"{limit * LOOP_WINDOWS} replies sent" in tip
        click(qtbot, widget(tab, QPushButton, "openButton"))  # Stop
        qtbot.waitUntil(lambda: peer.poll() is not None, timeout=20_000)
    finally:
        if peer.poll() is None:
            peer.kill()
        peer.wait()
