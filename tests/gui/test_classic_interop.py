"""The classroom's usual scripts work against SockLab's tabs, and the tabs against them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from gui_helpers import click, type_into, type_payload, widget
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from socklab.core.events import Received

CLASSIC = Path(__file__).resolve().parents[2] / "resources" / "classroom"


def received(tab) -> list[bytes]:
    return [e.data for e in tab.log.model.events() if isinstance(e, Received)]


def choose(combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_classic_udp_sender_to_the_udp_tab(qtbot, window):
    tab = window.udp_tab
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    port = tab.session.local_address[1]
    script = CLASSIC / "udp_sender.py"
    subprocess.run(
        [sys.executable, str(script), "--port", str(port), "--encoding", "gbk", "hello", "你好"],
        check=True,
        timeout=20,
        capture_output=True,
    )
    qtbot.waitUntil(lambda: received(tab) == [b"hello", "你好".encode("gbk")])


def test_classic_tcp_client_against_the_server_tab_gbk(qtbot, window):
    tab = window.tcp_server_tab
    window.tabs.setCurrentWidget(tab)
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    choose(tab.editor.encoding_combo, "gbk")
    choose(widget(tab, QComboBox, "autoReply"), "fixed")
    tab.close_on.setChecked(True)
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    port = tab.session.local_address[1]
    # The auto-reply runs on the server's worker thread: the script may block this one.
    command = [sys.executable, str(CLASSIC / "tcp_client_lines.py"), "--port", str(port)]
    result = subprocess.run(
        [*command, "--encoding", "gbk"],
        input="你好\n第二句\nexit\n",
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    assert result.stdout.count("已收到") == 2
    assert "server closed the connection" in result.stdout
    qtbot.waitUntil(
        lambda: received(tab) == ["你好".encode("gbk"), "第二句".encode("gbk"), b"exit"]
    )


def test_tcp_client_tab_against_the_classic_server(qtbot, window):
    script = CLASSIC / "tcp_server_reply.py"
    command = [sys.executable, "-u", str(script), "--host", "127.0.0.1", "--port", "0"]
    with subprocess.Popen(
        [*command, "--encoding", "gbk", "--count", "1"],
        stdout=subprocess.PIPE,
        text=True,
    ) as server:
        banner = server.stdout.readline()  # "listening on ('127.0.0.1', PORT)"
        port = ast.literal_eval(banner.split("listening on", 1)[1].strip())[1]
        tab = window.tcp_client_tab
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(port))
        click(qtbot, widget(tab, QPushButton, "openButton"))
        state = widget(tab, QLabel, "stateLabel")
        qtbot.waitUntil(lambda: "↔" in state.text())  # connected local ↔ peer
        choose(tab.editor.encoding_combo, "gbk")
        tab.editor.set_text("你好")
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        qtbot.waitUntil(lambda: received(tab) == ["已收到".encode("gbk")])
        type_payload(qtbot, tab, "exit")
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        qtbot.waitUntil(lambda: "the peer finished sending" in state.text())
        qtbot.waitUntil(lambda: server.poll() is not None)
        output = server.stdout.read()
    assert "received: 你好" in output and "bye" in output
