"""The payload editor turns what is typed into bytes, and refuses what it cannot send."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QMimeData, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPlainTextEdit, QPushButton

from socklab.core.payload import ENCODINGS, LineEnding, Mode, PayloadError
from socklab.gui.widgets.payload_editor import PayloadEditor

UDP_LIMIT_MESSAGE = "a UDP datagram carries at most 65,507 bytes over IPv4"


class Parts:
    """The editor's widgets, found by objectName as a test script would."""

    def __init__(self, editor: PayloadEditor) -> None:
        self.edit = editor.findChild(QPlainTextEdit, "payloadEdit")
        self.mode = editor.findChild(QComboBox, "payloadMode")
        self.encoding = editor.findChild(QComboBox, "encoding")
        self.line_ending = editor.findChild(QComboBox, "lineEnding")
        self.send = editor.findChild(QPushButton, "sendButton")
        self.error = editor.findChild(QLabel, "payloadError")
        self.size = editor.findChild(QLabel, "payloadSize")
        for name, widget in vars(self).items():
            assert widget is not None, name


@pytest.fixture
def editor(qtbot) -> PayloadEditor:
    widget = PayloadEditor()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def ui(editor: PayloadEditor) -> Parts:
    return Parts(editor)


def choose(combo: QComboBox, data: object) -> None:
    """Pick the combo item whose data is ``data``, as a user would."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def type_ime(widget: QPlainTextEdit, text: str) -> None:
    """Commit ``text`` the way an input method does (QTest can only type Latin-1)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def click_send(qtbot, editor: PayloadEditor, ui: Parts) -> bytes:
    with qtbot.waitSignal(editor.sendRequested) as blocker:
        qtbot.mouseClick(ui.send, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def assert_no_send(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    with qtbot.assertNotEmitted(editor.sendRequested, wait=0):
        qtbot.mouseClick(ui.send, Qt.MouseButton.LeftButton)


def test_combos_offer_every_choice(ui: Parts) -> None:
    assert [ui.mode.itemData(i) for i in range(ui.mode.count())] == [
        Mode.TEXT,
        Mode.HEX,
        Mode.ESCAPES,
    ]
    assert [ui.mode.itemText(i) for i in range(ui.mode.count())] == ["Text", "Hex", "Escapes"]
    assert tuple(ui.encoding.itemData(i) for i in range(ui.encoding.count())) == ENCODINGS
    assert [ui.encoding.itemText(i) for i in range(ui.encoding.count())] == [
        "UTF-8",
        "GBK",
        "GB18030",
        "Big5",
        "Latin-1",
        "ASCII",
        "UTF-16 (LE)",
    ]
    assert [ui.line_ending.itemText(i) for i in range(ui.line_ending.count())] == [
        "None",
        "LF (\\n)",
        "CRLF (\\r\\n)",
    ]
    assert ui.error.textFormat() == Qt.TextFormat.PlainText


def test_text_mode_sends_utf8(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    qtbot.keyClicks(ui.edit, "hello ")
    type_ime(ui.edit, "你好")
    assert ui.size.text() == "12 bytes"
    assert click_send(qtbot, editor, ui) == "hello 你好".encode()


def test_hex_mode_sends_bytes(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    choose(ui.mode, Mode.HEX)
    qtbot.keyClicks(ui.edit, "48 65 6c 6c 6f 00 ff")
    assert ui.size.text() == "7 bytes"
    assert click_send(qtbot, editor, ui) == b"Hello\x00\xff"


def test_escapes_mode_sends_bytes(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    choose(ui.mode, Mode.ESCAPES)
    qtbot.keyClicks(ui.edit, r"a\tb\r\n\x00\xfe\\")
    assert click_send(qtbot, editor, ui) == b"a\tb\r\n\x00\xfe\\"


def test_bad_hex_disables_send_until_fixed(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    choose(ui.mode, Mode.HEX)
    with qtbot.waitSignal(editor.validityChanged) as blocker:
        qtbot.keyClicks(ui.edit, "zz")
    assert blocker.args == [False]
    assert not ui.send.isEnabled()
    assert not editor.is_valid()
    assert ui.error.isVisible()
    assert ui.error.text().startswith("hex digit expected")
    assert ui.error.text() == "hex digit expected at column 1: 'z'"
    assert ui.edit.property("invalid") is True
    # The offending character is marked.
    [selection] = ui.edit.extraSelections()
    assert selection.cursor.selectionStart() == 0
    assert selection.cursor.selectedText() == "z"
    with pytest.raises(PayloadError):
        editor.payload()
    assert_no_send(qtbot, editor, ui)

    with qtbot.waitSignal(editor.validityChanged) as blocker:
        ui.edit.selectAll()
        qtbot.keyClicks(ui.edit, "0a")
    assert blocker.args == [True]
    assert ui.send.isEnabled()
    assert not ui.error.isVisible()
    assert ui.error.text() == ""
    assert ui.edit.property("invalid") is False
    assert ui.edit.extraSelections() == []
    assert click_send(qtbot, editor, ui) == b"\n"


def test_error_marker_on_a_later_line(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    choose(ui.mode, Mode.HEX)
    editor.set_text("00 11\n22 3g")
    assert ui.error.text() == "hex digit expected at line 2, column 5: 'g'"
    [selection] = ui.edit.extraSelections()
    assert selection.cursor.selectionStart() == len("00 11\n22 3")
    assert selection.cursor.selectedText() == "g"


def test_changing_mode_revalidates(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    qtbot.keyClicks(ui.edit, "hello")
    assert ui.send.isEnabled()
    with qtbot.waitSignal(editor.validityChanged) as blocker:
        choose(ui.mode, Mode.HEX)
    assert blocker.args == [False]
    assert not ui.send.isEnabled()
    assert ui.error.text() == "hex digit expected at column 1: 'h'"
    assert not ui.encoding.isEnabled()  # the encoding plays no part in hex
    choose(ui.mode, Mode.TEXT)
    assert ui.send.isEnabled()
    assert ui.encoding.isEnabled()
    assert click_send(qtbot, editor, ui) == b"hello"


def test_line_ending_is_appended(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    qtbot.keyClicks(ui.edit, "PING")
    choose(ui.line_ending, LineEnding.CRLF)
    assert ui.size.text() == "6 bytes"
    assert click_send(qtbot, editor, ui) == b"PING\r\n"
    choose(ui.line_ending, LineEnding.LF)
    assert click_send(qtbot, editor, ui) == b"PING\n"
    choose(ui.mode, Mode.HEX)
    ui.edit.selectAll()
    qtbot.keyClicks(ui.edit, "41")
    assert click_send(qtbot, editor, ui) == b"A\n"


def test_gbk_encoding(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    choose(ui.encoding, "gbk")
    type_ime(ui.edit, "已收到")
    assert ui.size.text() == "6 bytes"
    data = click_send(qtbot, editor, ui)
    assert data == bytes.fromhex("d2d1 cad5 b5bd")
    assert data == "已收到".encode("gbk")


def test_unencodable_character(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    choose(ui.encoding, "ascii")
    qtbot.keyClicks(ui.edit, "ok ")
    type_ime(ui.edit, "é")
    assert not ui.send.isEnabled()
    assert "cannot be encoded in ascii" in ui.error.text()
    assert ui.size.text() == ""


def test_max_size_limit(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    editor.set_max_size(65_507, UDP_LIMIT_MESSAGE)
    choose(ui.mode, Mode.ESCAPES)
    editor.set_text("A" * 65_507)
    assert ui.send.isEnabled()
    assert ui.size.text() == "65,507 bytes"
    with qtbot.waitSignal(editor.validityChanged) as blocker:
        ui.edit.moveCursor(ui.edit.textCursor().MoveOperation.End)
        qtbot.keyClicks(ui.edit, "B")
    assert blocker.args == [False]
    assert not ui.send.isEnabled()
    assert ui.error.text() == UDP_LIMIT_MESSAGE
    assert ui.size.text() == "65,508 bytes"
    assert_no_send(qtbot, editor, ui)
    with pytest.raises(PayloadError, match="65,507 bytes"):
        editor.payload()
    # Lifting the limit makes it sendable again.
    editor.set_max_size(None, "")
    assert ui.send.isEnabled()
    assert len(click_send(qtbot, editor, ui)) == 65_508


def test_limit_counts_the_line_ending(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    editor.set_max_size(4, "four bytes at most")
    qtbot.keyClicks(ui.edit, "abcd")
    assert ui.send.isEnabled()
    choose(ui.line_ending, LineEnding.LF)
    assert not ui.send.isEnabled()
    assert ui.error.text() == "four bytes at most"


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_return_sends(qtbot, editor: PayloadEditor, ui: Parts, key: Qt.Key) -> None:
    ui.edit.setFocus()
    qtbot.keyClicks(ui.edit, "hi")
    with qtbot.waitSignal(editor.sendRequested) as blocker:
        qtbot.keyClick(ui.edit, key, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [b"hi"]
    assert editor.text() == "hi"  # no newline was typed


def test_plain_return_types_a_newline(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    qtbot.keyClicks(ui.edit, "a")
    with qtbot.assertNotEmitted(editor.sendRequested, wait=0):
        qtbot.keyClick(ui.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(ui.edit, "b")
    assert click_send(qtbot, editor, ui) == b"a\nb"


def test_ctrl_return_does_nothing_while_invalid(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    choose(ui.mode, Mode.HEX)
    qtbot.keyClicks(ui.edit, "abc")
    with qtbot.assertNotEmitted(editor.sendRequested, wait=0):
        qtbot.keyClick(ui.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ui.error.text() == "odd number of hex digits in 'abc' at column 1"


def test_tab_can_forbid_sending(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    qtbot.keyClicks(ui.edit, "hello")
    editor.set_send_enabled(False)
    assert editor.is_valid()
    assert not ui.send.isEnabled()
    qtbot.keyClicks(ui.edit, " world")  # revalidation must not re-enable it
    assert not ui.send.isEnabled()
    with qtbot.assertNotEmitted(editor.sendRequested, wait=0):
        qtbot.keyClick(ui.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    editor.set_send_enabled(True)
    assert ui.send.isEnabled()
    assert click_send(qtbot, editor, ui) == b"hello world"
    # Both conditions: allowed by the tab but invalid stays disabled.
    choose(ui.mode, Mode.HEX)
    assert not ui.send.isEnabled()


def test_empty_payload(qtbot, ui: Parts, editor: PayloadEditor) -> None:
    assert editor.is_valid()
    assert ui.size.text() == "0 bytes"
    assert click_send(qtbot, editor, ui) == b""

    strict = PayloadEditor(allow_empty=False)
    qtbot.addWidget(strict)
    parts = Parts(strict)
    assert not strict.is_valid()
    assert not parts.send.isEnabled()
    assert parts.error.text() == ""  # nothing typed yet is not shown as an error
    qtbot.keyClicks(parts.edit, "x")
    assert parts.send.isEnabled()
    # An empty payload with a line ending is not empty.
    parts.edit.clear()
    assert not parts.send.isEnabled()
    choose(parts.line_ending, LineEnding.LF)
    assert parts.send.isEnabled()


def test_size_label(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    qtbot.keyClicks(ui.edit, "a")
    assert ui.size.text() == "1 byte"
    choose(ui.encoding, "utf-16")
    assert ui.size.text() == "2 bytes"
    editor.set_text("x" * 1_234_567)
    assert ui.size.text() == "2,469,134 bytes"


def test_paste_html_arrives_as_plain_text(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    mime = QMimeData()
    mime.setHtml("<b>bold</b> &amp; <i>x</i>")
    mime.setText("bold & x")
    QApplication.clipboard().setMimeData(mime)
    ui.edit.setFocus()
    ui.edit.paste()
    assert editor.text() == "bold & x"
    assert ui.edit.toPlainText() == "bold & x"
    assert ui.edit.document().toHtml().count("<b>") == 0
    assert click_send(qtbot, editor, ui) == b"bold & x"
    # Leave no data on the clipboard: Qt's offscreen clipboard crashes at exit
    # when it still owns mime data then.
    QApplication.clipboard().clear()


def test_no_break_space_is_kept(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    editor.set_text("a\u00a0b")
    assert click_send(qtbot, editor, ui) == "a\u00a0b".encode()


def test_large_text_is_validated_after_a_pause(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    choose(ui.mode, Mode.HEX)
    editor.set_text("00" * 50_000)
    assert ui.size.text() == "50,000 bytes"
    # Qt wraps one huge line very slowly: such a text is shown unwrapped.
    assert ui.edit.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    ui.edit.moveCursor(ui.edit.textCursor().MoveOperation.End)
    with qtbot.waitSignal(editor.validityChanged) as blocker:
        qtbot.keyClicks(ui.edit, "g")
    assert blocker.args == [False]
    assert not ui.send.isEnabled()
    # Asking right after an edit never sees a stale answer.
    qtbot.keyClick(ui.edit, Qt.Key.Key_Backspace)
    assert editor.is_valid()
    assert len(editor.payload()) == 50_000
    editor.set_text("00")
    assert ui.edit.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth


def test_state_round_trip(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    choose(ui.mode, Mode.ESCAPES)
    choose(ui.encoding, "gb18030")
    choose(ui.line_ending, LineEnding.CRLF)
    type_ime(ui.edit, "你好")
    qtbot.keyClicks(ui.edit, r"\x01")
    state = editor.state()
    assert state == {
        "text": r"你好\x01",
        "mode": "escapes",
        "encoding": "gb18030",
        "line_ending": "CRLF",
        "checksum": "",
        "templates": "off",
    }
    assert all(isinstance(value, str) for value in state.values())

    other = PayloadEditor()
    qtbot.addWidget(other)
    other.restore(state)
    assert other.state() == state
    assert other.mode() is Mode.ESCAPES
    assert other.encoding() == "gb18030"
    assert other.line_ending() is LineEnding.CRLF
    assert other.payload() == "你好".encode("gb18030") + b"\x01\r\n"
    assert Parts(other).send.isEnabled()


def test_restore_ignores_junk(qtbot, editor: PayloadEditor) -> None:
    editor.restore({"mode": "hex", "encoding": "klingon", "line_ending": 3, "text": None})
    assert editor.mode() is Mode.HEX
    assert editor.encoding() == "utf-8"
    assert editor.line_ending() is LineEnding.NONE
    editor.restore({})
    editor.restore(None)
    assert editor.text() == ""


def test_restore_invalid_text_shows_the_error(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    editor.restore({"text": "xyz", "mode": "hex"})
    assert not ui.send.isEnabled()
    assert ui.error.text() == "hex digit expected at column 1: 'x'"


def test_retranslate_keeps_choices(qtbot, editor: PayloadEditor, ui: Parts) -> None:
    choose(ui.mode, Mode.ESCAPES)
    choose(ui.encoding, "big5")
    choose(ui.line_ending, LineEnding.LF)
    QApplication.sendEvent(editor, QEvent(QEvent.Type.LanguageChange))
    assert ui.mode.currentData() is Mode.ESCAPES
    assert ui.mode.currentText() == "Escapes"
    assert ui.encoding.currentData() == "big5"
    assert ui.line_ending.currentData() is LineEnding.LF
    assert ui.send.text() == "&Send"
