"""The TCP Server tab's close word is encoded as the CLI's --close-on is (one
encoder, ``payload.encode_word``): a real client sending it in UTF-16 is closed."""

from __future__ import annotations

import select
import socket

from gui_helpers import click, type_into, widget
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton


def test_a_utf16_close_word_closes_a_real_client(qtbot, window):
    tab = window.tcp_server_tab
    bar = window.tabs.tabBar()
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(tab)).center()
    )
    qtbot.waitUntil(tab.isVisible)
    encoding = widget(tab, QComboBox, "encoding")
    encoding.setCurrentIndex(encoding.findData("utf-16"))
    close_word = widget(tab, QLineEdit, "closeWord")
    type_into(qtbot, close_word, "退出")
    qtbot.keyClick(close_word, Qt.Key.Key_Return)
    close_on = widget(tab, QCheckBox, "closeOnWord")
    box = QPoint(close_on.height() // 2, close_on.height() // 2)
    qtbot.mouseClick(close_on, Qt.MouseButton.LeftButton, pos=box)
    assert close_on.isChecked()

    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    port = tab.session.local_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.setblocking(False)
        qtbot.waitUntil(lambda: tab.clients.model.open_count == 1)
        client.sendall("退出".encode("utf-16-le"))  # as a Windows client sends "Unicode"
        got = []

        def closed() -> bool:
            if select.select([client], [], [], 0)[0]:
                got.append(client.recv(100))
            return bool(got)

        qtbot.waitUntil(closed)
        assert got == [b""]  # closed by the server, nothing sent before
    qtbot.waitUntil(lambda: tab.clients.model.open_count == 0)
    assert not widget(tab, QLabel, "settingsError").isVisible()
