"""The payload history: each payload a tab sends is remembered (the last 100),
Up on the field's first line and Down on its last walk through them as a shell
does, the payloadHistory menu lists them, and they come back in a new window."""

from __future__ import annotations

from gui_helpers import click, peer_socket, recv_from, type_into, type_payload, widget
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QToolButton

from socklab.core import Mode
from socklab.gui.widgets.payload_history import MAX_ENTRIES, PayloadHistory


def _send(qtbot, tab, peer, text: str) -> bytes:
    type_payload(qtbot, tab, text)
    click(qtbot, widget(tab, QPushButton, "sendButton"))
    return recv_from(qtbot, peer)[0]


def test_up_and_down_walk_what_was_sent_and_it_persists(qtbot, window, settings):
    tab = window.udp_tab
    peer = peer_socket()
    peer.setblocking(False)
    try:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        assert _send(qtbot, tab, peer, "first") == b"first"
        tab.editor.set_mode(Mode.HEX)
        assert _send(qtbot, tab, peer, "41 42") == b"AB"
        tab.editor.set_mode(Mode.TEXT)
        assert _send(qtbot, tab, peer, "third") == b"third"
    finally:
        peer.close()
    edit = tab.editor.edit
    type_payload(qtbot, tab, "draft")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert tab.editor.text() == "third"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert (tab.editor.text(), tab.editor.mode()) == ("41 42", Mode.HEX), "its mode comes back"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # the oldest: stays
    assert (tab.editor.text(), tab.editor.mode()) == ("first", Mode.TEXT)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert tab.editor.text() == "third"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert tab.editor.text() == "draft", "past the newest: what was being typed"

    button = widget(tab, QToolButton, "payloadHistory")
    assert button.isEnabled()
    tab.editor._fill_history_menu()
    actions = button.menu().actions()
    assert [a.text() for a in actions] == ["third", "41 42", "first"]
    actions[2].trigger()
    assert tab.editor.text() == "first"

    window.save_settings()
    from socklab.gui.main_window import MainWindow

    again = MainWindow(settings)
    qtbot.addWidget(again)
    try:
        assert [e["text"] for e in again.udp_tab.editor.history.entries()] == [
            "first",
            "41 42",
            "third",
        ]
    finally:
        again.close()


def test_up_inside_a_multi_line_payload_moves_the_caret_first(qtbot, window):
    tab = window.udp_tab
    tab.editor.history.add({**tab.editor.state(), "text": "old"})
    type_payload(qtbot, tab, "one")
    edit = tab.editor.edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "two")
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # to the first line: no history yet
    assert tab.editor.text() == "one\ntwo"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert tab.editor.text() == "old"


def test_the_history_keeps_the_last_100_and_skips_a_repeat():
    history = PayloadHistory()
    for number in range(MAX_ENTRIES + 20):
        history.add({"text": str(number)})
        history.add({"text": str(number)})
    texts = [entry["text"] for entry in history.entries()]
    assert len(texts) == MAX_ENTRIES and texts[0] == "20" and texts[-1] == "119"
    again = PayloadHistory()
    again.restore(history.to_text())
    assert again.entries() == history.entries()
    again.restore("not json")
    again.restore('[{"text": 1}, "x"]')
    assert [e["text"] for e in again.entries()] == [], "hand-edited junk is passed over"
