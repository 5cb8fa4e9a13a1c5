"""What a hostile user types or pastes: the window stays whole, and each bad
value is said next to its field, as plain text.

Fields are found by walking the real window (every text field, every spin box
of every tab), pasted into through the clipboard with Ctrl+V and read by the
click that reads them.
"""

from __future__ import annotations

import socket

import pytest
from gui_helpers import click, rows, settle_layouts, widget
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from socklab.core import MAX_DATAGRAM_IPV4, Reason
from socklab.gui.describe import reason_text
from socklab.gui.models.log_model import COL_DATA
from socklab.gui.widgets.long_text import MESSAGE_CHARS

#: The width the window must fit in (a classroom projector, DESIGN.md).
PROJECTOR_WIDTH = 1024
#: Longest text a label or tooltip may hold after any paste (the cut message and its words).
TEXT_BOUND = MESSAGE_CHARS + 400

#: Each tab's text fields (by objectName) and the button whose click reads them;
#: None: no click reads it (the log filter), or Return in the field does.
#: The reply rules' fields are in the tab's rules window (open while the tests run).
READ_BY = {
    "udpTab": {
        "localHost": "openButton",
        "localPort": "openButton",
        "remoteHost": "sendButton",
        "remotePort": "sendButton",
        "logFilter": None,
        "multicastGroup": "joinButton",
        "multicastSource": "joinButton",
        "multicastInterface": "joinButton",
        "rulePattern": None,
        "ruleReply": None,
    },
    "broadcastTab": {
        "interfaceList": "sendButton",
        "remotePort": "sendButton",
        "localPort": "sendButton",
        "logFilter": None,
    },
    "tcpClientTab": {
        "remoteHost": "openButton",
        "remotePort": "openButton",
        "logFilter": None,
        # read with TLS on (the test turns it on for them)
        "tlsServerName": "openButton",
        "tlsCaFile": "openButton",
        "tlsCertFile": "openButton",
        "tlsKeyFile": "openButton",
        "tlsAlpn": "openButton",
    },
    "tcpServerTab": {
        "localHost": "openButton",
        "localPort": "openButton",
        "autoReplyText": None,
        "closeWord": None,
        "logFilter": None,
        # read with TLS on (the test turns it on for them)
        "tlsCaFile": "openButton",
        "tlsCertFile": "openButton",
        "tlsKeyFile": "openButton",
        "rulePattern": None,
        "ruleReply": None,
    },
}


#: Fields where the hostile value is good text (a regular expression, a reply):
#: only what does not fit (a paste past the field's length) is said.
TAKES_ANY_TEXT = {"logFilter", "rulePattern", "ruleReply"}


def hostile(length: int) -> str:
    """A value no field takes, ``length`` characters long: not a host, not a
    port, not ASCII (the server's reply fields are set to ASCII), not short."""
    return "é://" + "a" * (length - 4)


def text_fields(tab: QWidget) -> list[QWidget]:
    """Every field the user can type text into: line edits and editable combo boxes
    (not a spin box's own line edit: the spin box tests take those)."""
    fields: list[QWidget] = []
    for edit in tab.findChildren(QLineEdit):
        owner = edit.parentWidget()
        if isinstance(owner, QAbstractSpinBox):
            continue
        fields.append(owner if isinstance(owner, QComboBox) else edit)
    return fields


def paste(qtbot, field: QWidget, text: str) -> None:
    """Select all in ``field`` and paste ``text`` with Ctrl+V, as a person does."""
    edit = field.lineEdit() if isinstance(field, QComboBox | QAbstractSpinBox) else field
    edit.setFocus()
    edit.selectAll()
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def set_text(field: QWidget, text: str) -> None:
    if isinstance(field, QComboBox):
        field.setEditText(text)
    else:
        field.setText(text)


def shown_tip(tip: str) -> str:
    """A tooltip as the user reads it: Qt renders what looks like markup."""
    if not QtGui.Qt.mightBeRichText(tip):
        return tip
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()


def window_size(win) -> tuple[int, int]:
    settle_layouts()
    return win.width(), win.minimumSizeHint().width()


@pytest.fixture
def peers():
    """A UDP peer and a TCP listener the tabs' other fields can point at."""
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen()
    yield udp.getsockname()[1], tcp.getsockname()[1]
    udp.close()
    tcp.close()


def point_at_peers(win, udp_port: int, tcp_port: int) -> None:
    """Good values in every field, so that a click fails at the one pasted into."""
    for name in ("udpTab", "broadcastTab"):
        win.session_tab(name).remote_port.setText(str(udp_port))
    win.session_tab("udpTab").multicast.box.group.setText("239.1.2.3")
    win.session_tab("tcpClientTab").remote_port.setText(str(tcp_port))
    server = win.session_tab("tcpServerTab")
    server.local_port.setText("0")
    server.auto_reply.setCurrentIndex(server.auto_reply.findData("fixed"))
    server.close_on.setChecked(True)
    server.editor.set_encoding("ascii")
    open_rule_editors(win)


def open_rule_editors(win) -> None:
    """Each tab's reply rules window open, one rule selected: its fields take input."""
    for tab in win.session_tabs():
        button = tab.findChild(QPushButton, "replyRulesButton")
        if button is not None:
            button.click()
            if not tab.rules_box.rules():
                widget(tab, QPushButton, "addRuleButton").click()


@pytest.mark.parametrize("length", [200, 1_000, 100_000])
def test_a_long_paste_in_any_field_leaves_the_window_as_it_was(
    qtbot, window, peers, length
) -> None:
    point_at_peers(window, *peers)
    value = hostile(length)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.widget(index)
        fields = text_fields(tab)
        assert sorted(f.objectName() for f in fields) == sorted(READ_BY[tab.objectName()])
        for field in fields:
            name = f"{tab.objectName()}.{field.objectName()}"
            before = window_size(window)
            original = field.currentText() if isinstance(field, QComboBox) else field.text()
            tls = getattr(tab, "tls", None)
            if tls is not None:
                tls.enabled.setChecked(field.objectName().startswith("tls"))
            paste(qtbot, field, value)
            button = READ_BY[tab.objectName()][field.objectName()]
            marked = field.property
            if button is not None:
                click(qtbot, widget(tab, QPushButton, button))
                qtbot.waitUntil(lambda: marked("invalid") is True)  # noqa: B023
            elif field.objectName() not in TAKES_ANY_TEXT:
                qtbot.keyClick(field, Qt.Key.Key_Return)  # the server reads its options
                qtbot.waitUntil(lambda: marked("invalid") is True)  # noqa: B023
            message = tab.banner.message
            if field.property("invalid"):
                assert message.isVisible(), name
                assert message.text(), name
            assert window_size(window) == before, name
            assert before[1] <= PROJECTOR_WIDTH
            for label in (message, tab.banner.explanation, tab.state_label):
                assert len(label.text()) <= TEXT_BOUND, name
            assert len(field.toolTip()) <= TEXT_BOUND, name
            assert all(len(r[COL_DATA]) <= TEXT_BOUND for r in rows(tab)), name
            set_text(field, original)
            tab.clear_errors()
        assert tab.session is None


def test_a_long_value_is_quoted_by_its_start_and_its_length(qtbot, window, peers) -> None:
    point_at_peers(window, *peers)
    tab = window.session_tab("udpTab")
    field = tab.remote_host
    paste(qtbot, field, "http://" + "x" * 193)
    click(qtbot, tab.editor.send_button)
    qtbot.waitUntil(lambda: field.property("invalid") is True)
    text = tab.banner.message.text().replace("\u200b", "")
    assert "Destination host: 'http://xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'… (200 characters)" in text
    assert "x" * 41 not in text


def test_any_message_stays_inside_the_window(qtbot, window) -> None:
    tab = window.session_tab("udpTab")
    before = window_size(window)
    tab.banner.show_message("/" + "very-long-path" * 10_000, tab.local_port, log=True)
    assert tab.banner.message.isVisible()
    assert len(tab.banner.message.text()) <= TEXT_BOUND
    assert window_size(window) == before
    tab.state_label.show_idle()
    tab.state_label._show("connected to " + "h" * 5_000)  # a state as long as any can be
    assert window_size(window) == before
    assert len(tab.state_label.text()) <= TEXT_BOUND


def test_a_close_word_a_page_long_is_described_by_its_start_and_length() -> None:
    text = reason_text(Reason.CLOSE_WORD, "exit" * 25_000)
    assert "(100,000 characters)" in text
    assert len(text) < 200


# -- bind errors at the port field --------------------------------------------


def test_a_taken_port_marks_the_port_field_in_the_udp_tab(qtbot, window) -> None:
    taken = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    taken.bind(("127.0.0.1", 0))
    with taken:
        tab = window.session_tab("udpTab")
        window.tabs.setCurrentWidget(tab)
        tab.local_port.setText(str(taken.getsockname()[1]))
        click(qtbot, tab.open_button)
        check_port_marked(qtbot, tab, tab.local_port)


def test_a_taken_port_marks_the_port_field_in_the_server_tab(qtbot, window) -> None:
    taken = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    with taken:
        tab = window.session_tab("tcpServerTab")
        window.tabs.setCurrentWidget(tab)
        tab.reuse.setChecked(False)
        tab.local_port.setText(str(taken.getsockname()[1]))
        click(qtbot, tab.open_button)
        check_port_marked(qtbot, tab, tab.local_port)


def test_a_taken_port_marks_the_local_port_field_in_the_broadcast_tab(qtbot, window) -> None:
    taken = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # no SO_REUSEADDR: nobody shares
    taken.bind(("0.0.0.0", 0))
    with taken:
        tab = window.session_tab("broadcastTab")
        window.tabs.setCurrentWidget(tab)
        tab.remote_port.setText("9")
        tab.local_port.setText(str(taken.getsockname()[1]))
        click(qtbot, tab.editor.send_button)
        check_port_marked(qtbot, tab, tab.local_port)


def test_an_address_this_machine_does_not_have_marks_the_address_field(qtbot, window) -> None:
    tab = window.session_tab("udpTab")
    tab.local_host.setEditText("192.0.2.1")  # TEST-NET-1: no interface of this machine
    click(qtbot, tab.open_button)
    qtbot.waitUntil(lambda: tab.local_host.property("invalid") is True)
    assert "192.0.2.1" in shown_tip(tab.local_host.toolTip())
    assert tab.local_port.property("invalid") is not True
    qtbot.waitUntil(lambda: tab.session is None)


def check_port_marked(qtbot, tab, port_field: QLineEdit) -> None:
    """The port field is marked, its tooltip says what failed and why, like any field error."""
    qtbot.waitUntil(lambda: port_field.property("invalid") is True)
    tip = shown_tip(port_field.toolTip())
    assert f"port {port_field.text()} is already in use" in tip
    assert "The address is already in use" in tip  # the explanation's title
    assert tab.banner.message.isVisible()
    qtbot.waitUntil(lambda: tab.session is None)  # the failed bind leaves no session
    port_field.setFocus()
    qtbot.keyClicks(port_field, "0")  # editing it takes the mark away
    assert port_field.property("invalid") is False


# -- datagram size --------------------------------------------------------------


def test_the_broadcast_tab_refuses_a_payload_larger_than_a_datagram(qtbot, window) -> None:
    tab = window.session_tab("broadcastTab")
    window.tabs.setCurrentWidget(tab)
    tab.remote_port.setText("9")
    paste(qtbot, tab.editor.edit, "x" * (MAX_DATAGRAM_IPV4 + 1))
    qtbot.waitUntil(lambda: not tab.editor.send_button.isEnabled())
    error = widget(tab, QLabel, "payloadError")
    assert "65,507" in error.text()
    assert error.isVisible()
    assert tab.editor.edit.property("invalid") is True
    paste(qtbot, tab.editor.edit, "x" * MAX_DATAGRAM_IPV4)
    qtbot.waitUntil(tab.editor.send_button.isEnabled)
    assert not error.isVisible()


# -- the user's text is text --------------------------------------------------------

MARKUP = ("<b>x</b>", "<img src='file:///etc/passwd'>", "<a href='http://evil'>y</a>")


@pytest.mark.parametrize("markup", MARKUP)
def test_markup_in_a_field_shows_literally(qtbot, window, peers, markup) -> None:
    point_at_peers(window, *peers)
    tab = window.session_tab("tcpClientTab")
    window.tabs.setCurrentWidget(tab)
    paste(qtbot, tab.remote_host, markup)
    click(qtbot, tab.open_button)
    qtbot.waitUntil(lambda: tab.remote_host.property("invalid") is True)
    assert markup in shown_tip(tab.remote_host.toolTip())
    message = tab.banner.message
    assert message.textFormat() is Qt.TextFormat.PlainText
    assert markup in message.text()
    assert tab.state_label.textFormat() is Qt.TextFormat.PlainText


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltips
def test_markup_in_a_steady_label_tooltip_shows_literally(qtbot) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from socklab.gui.widgets.steady_label import SteadyLabel

    label = SteadyLabel()
    qtbot.addWidget(label)
    label.setText("<b>x</b> " * 40)  # a status that names a hostile file, say
    label.setFixedWidth(80)  # too narrow: the tooltip shows all of it
    label.show()
    qtbot.waitExposed(label)
    event = QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), label.mapToGlobal(QPoint(5, 5)))
    QApplication.sendEvent(label, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "<b>x</b> <b>x</b>" in shown_tip(QToolTip.text())
    QToolTip.hideText()


# -- numbers ------------------------------------------------------------------------


def spin_boxes(win) -> list[QAbstractSpinBox]:
    found = []
    for tab in win.session_tabs():  # every tab, built now if not shown yet
        found += [(tab, s) for s in tab.findChildren(QSpinBox) + tab.findChildren(QDoubleSpinBox)]
    return found


def number_text(spin: QAbstractSpinBox, value: float) -> str:
    if isinstance(spin, QDoubleSpinBox):
        return f"{value:.{spin.decimals()}f}"
    return str(int(value))


def test_a_number_above_a_spin_box_range_is_set_to_its_largest_and_said(qtbot, window) -> None:
    open_rule_editors(window)
    boxes = spin_boxes(window)
    assert len(boxes) >= 20  # every tab's own, the load tools', the log's
    checked = set()
    for tab, spin in boxes:
        window.tabs.setCurrentWidget(tab)
        if not spin.isVisible():  # a TCP tab's datagram size: out of reach
            continue
        checked.add(spin.objectName())
        name = f"{tab.objectName()}.{spin.objectName()}"
        too_big = number_text(spin, spin.maximum() + 1)
        paste(qtbot, spin, too_big)
        assert spin.value() == spin.maximum(), name
        assert spin.property("invalid") is True, name
        message = tab.banner.message.text()
        assert f"{too_big} is more than" in message, name
        assert spin.textFromValue(spin.maximum()) in message, name
        assert any(f"{too_big} is more than" in r[COL_DATA] for r in rows(tab)), name
        tab.clear_errors()
    assert checked == {spin.objectName() for _tab, spin in boxes}  # each kind, somewhere


def test_a_number_below_a_spin_box_range_is_set_to_its_smallest_and_said(qtbot, window) -> None:
    open_rule_editors(window)
    for tab, spin in spin_boxes(window):
        window.tabs.setCurrentWidget(tab)
        if not spin.isVisible():
            continue
        name = f"{tab.objectName()}.{spin.objectName()}"
        too_small = number_text(spin, spin.minimum() - 1)
        paste(qtbot, spin, too_small)
        qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)  # "0" may yet become "10": done
        assert spin.value() == spin.minimum(), name
        assert f"{too_small} is less than" in tab.banner.message.text(), name
        tab.clear_errors()


def test_65536_in_the_recvfrom_buffer_is_not_6553(qtbot, window) -> None:
    tab = window.session_tab("udpTab")
    spin = tab.recv_buffer
    spin.setValue(1024)
    paste(qtbot, spin, "65536")
    assert spin.value() == 65_535
    assert "65536 is more than 65535" in tab.banner.message.text()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "70000")  # typed: the last digit is not dropped
    assert spin.value() == 65_535
    assert "70000 is more than 65535" in tab.banner.message.text()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "2048")  # a good value: the mark goes
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert spin.value() == 2048
    assert spin.property("invalid") is False
    paste(qtbot, spin, "9" * 100_000)
    assert spin.value() == 65_535
    assert len(tab.banner.message.text()) <= TEXT_BOUND


@pytest.mark.parametrize("typed", ["nan", "1_000", "１２３", "1.5", "0x10", ""])
def test_text_that_is_no_number_is_said_and_the_field_keeps_its_value(qtbot, window, typed) -> None:
    tab = window.session_tab("udpTab")
    spin = tab.recv_buffer
    spin.setValue(4096)
    paste(qtbot, spin, typed)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert spin.value() == 4096
    assert spin.text() == "4096 bytes"
    message = tab.banner.message.text()
    assert f"{typed!r} is not a number from 1 to 65535: the field keeps 4096" in message
    assert spin.property("invalid") is True
    assert any("is not a number" in r[COL_DATA] for r in rows(tab))


def test_a_number_typed_key_by_key_counts_when_it_is_done(qtbot, window) -> None:
    tab = window.session_tab("udpTab")
    spin = tab.recv_buffer
    spin.setValue(4096)
    spin.lineEdit().setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "1.5")  # not 1 on the way, then 15
    assert spin.value() == 4096
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert spin.value() == 4096
    assert "'1.5' is not a number" in tab.banner.message.text()
    timeout = window.session_tab("tcpClientTab").timeout
    paste(qtbot, timeout, "1.23456")
    qtbot.keyClick(timeout.lineEdit(), Qt.Key.Key_Return)
    assert timeout.value() == pytest.approx(1.23)
    client = window.session_tab("tcpClientTab")
    assert "1.23456 has more decimals than this field keeps" in client.banner.message.text()


# -- text that goes on the wire -------------------------------------------------------


@pytest.mark.parametrize("name", ["autoReplyText", "closeWord"])
def test_a_paste_longer_than_a_wire_field_holds_is_said(qtbot, window, name) -> None:
    tab = window.session_tab("tcpServerTab")
    window.tabs.setCurrentWidget(tab)
    tab.auto_reply.setCurrentIndex(tab.auto_reply.findData("fixed"))
    field = widget(tab, QLineEdit, name)
    paste(qtbot, field, "y" * 100_000)
    assert len(field.text()) == field.maxLength()
    assert field.property("invalid") is True
    expected = f"holds at most {field.maxLength():,} characters"
    assert expected in tab.banner.message.text()
    assert any(expected in r[COL_DATA] for r in rows(tab))
