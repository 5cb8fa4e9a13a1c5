"""The TCP Server tab's reply rules, clicked through: Add, a bad pattern said
at its field with its column, fixed, then a real client gets the rule's reply
and the Hits column counts it."""

from __future__ import annotations

from gui_helpers import click, tick, type_into, widget
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
)
from test_tcp_server_tab import WAIT_MS, clients, connect, read_some, show_tab, start_server

from socklab.gui.models.rule_model import COL_HITS

__all__ = ["clients"]


def open_rules(qtbot, tab):
    """Click the tab's Reply rules button: its window shows."""
    click(qtbot, widget(tab, QPushButton, "replyRulesButton"))
    dialog = widget(tab, QDialog, "replyRulesDialog")
    qtbot.waitExposed(dialog)
    return dialog


def test_a_rule_typed_in_the_table_answers_a_real_client(qtbot, window, clients):
    tab = show_tab(qtbot, window)
    open_rules(qtbot, tab)
    click(qtbot, widget(tab, QPushButton, "addRuleButton"))
    table = widget(tab, QTableView, "replyRules")
    assert table.model().rowCount() == 1
    pattern = widget(tab, QLineEdit, "rulePattern")
    type_into(qtbot, pattern, "^HELLO (\\w+")
    qtbot.keyClick(pattern, Qt.Key.Key_Return)
    error = widget(tab, QLabel, "replyRuleError")
    assert "column 8" in error.text() and "missing )" in error.text()
    type_into(qtbot, pattern, "^HELLO (\\w+)$")
    qtbot.keyClick(pattern, Qt.Key.Key_Return)
    assert error.text() == ""
    reply = widget(tab, QLineEdit, "ruleReply")
    type_into(qtbot, reply, "hi \\1\\n")
    qtbot.keyClick(reply, Qt.Key.Key_Return)
    port = start_server(qtbot, tab)
    (client,) = connect(clients, port)
    client.sendall(b"HELLO bob\r\n")
    got = [b""]

    def answered() -> bool:
        data = read_some(client)
        if data:
            got[0] += data
        return got[0] == b"hi bob\n"

    qtbot.waitUntil(answered, timeout=WAIT_MS)
    hits = table.model().index(0, COL_HITS)
    qtbot.waitUntil(lambda: hits.data() == "1", timeout=WAIT_MS)


def test_udp_tab_rules_answer_the_source_and_are_kept(qtbot, window, settings):
    from test_udp_tab import open_udp, peer_socket, recv_from

    tab = window.udp_tab
    open_rules(qtbot, tab)
    click(qtbot, widget(tab, QPushButton, "addRuleButton"))  # PING (\d+) -> PONG \1
    click(qtbot, widget(tab, QPushButton, "addRuleButton"))
    pattern = widget(tab, QLineEdit, "rulePattern")
    type_into(qtbot, pattern, "^PING 7$")
    qtbot.keyClick(pattern, Qt.Key.Key_Return)
    reply = widget(tab, QLineEdit, "ruleReply")
    type_into(qtbot, reply, "seven")
    qtbot.keyClick(reply, Qt.Key.Key_Return)
    click(qtbot, widget(tab, QPushButton, "ruleUpButton"))  # tried first now
    local = open_udp(qtbot, tab)
    with peer_socket() as peer:
        peer.sendto(b"PING 7", local)
        assert recv_from(qtbot, peer) == (b"seven", local)
        peer.sendto(b"PING 8", local)
        assert recv_from(qtbot, peer) == (b"PONG 8", local)
    table = widget(tab, QTableView, "replyRules")
    qtbot.waitUntil(lambda: table.model().index(1, COL_HITS).data() == "1", timeout=WAIT_MS)
    assert table.model().index(0, COL_HITS).data() == "1"
    tab.save_settings(settings)
    click(qtbot, widget(tab, QPushButton, "removeRuleButton"))
    click(qtbot, widget(tab, QPushButton, "removeRuleButton"))
    assert table.model().rowCount() == 0
    tab.load_settings(settings)
    assert [r.pattern for r in tab.rules_box.model.rules()] == ["^PING 7$", r"^PING (\d+)$"]


def test_rules_go_out_as_the_cli_file_and_come_back(qtbot, window, tmp_path):
    """Export writes the TOML of --rules FILE (the CLI's reader takes it);
    Import reads it back; a bad file is said with its line and key."""
    from socklab.core import load_rules

    tab = window.tcp_server_tab
    open_rules(qtbot, tab)
    box = tab.rules_box
    click(qtbot, widget(tab, QPushButton, "addRuleButton"))
    kind = widget(tab, QComboBox, "ruleKind")
    kind.setCurrentIndex(kind.findData("hex"))
    pattern = widget(tab, QLineEdit, "rulePattern")
    type_into(qtbot, pattern, "01 03 ?? ??")
    qtbot.keyClick(pattern, Qt.Key.Key_Return)
    hex_box = widget(tab, QCheckBox, "ruleReplyHex")
    tick(qtbot, hex_box)
    assert hex_box.isChecked()
    reply = widget(tab, QLineEdit, "ruleReply")
    type_into(qtbot, reply, "01 03 02 00 2a")
    qtbot.keyClick(reply, Qt.Key.Key_Return)
    assert widget(tab, QLabel, "replyRuleError").text() == ""
    path = tmp_path / "rules.toml"
    assert box.export_rules(path)
    (rule,) = load_rules(path).rules
    assert (rule.kind.value, rule.pattern) == ("hex", "01 03 ?? ??")
    assert rule.hex_reply == "01 03 02 00 2a"
    click(qtbot, widget(tab, QPushButton, "removeRuleButton"))
    assert box.import_rules(path)
    assert box.rules() == [rule]
    assert widget(tab, QPushButton, "replyRulesButton").text() == "Reply rules (1)…"
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rule]]\nmatch = '(x'\nreply = 'y'\n", encoding="utf-8")
    assert not box.import_rules(bad)
    said = widget(tab, QLabel, "replyRuleError").text().replace("\u200b", "")
    assert "line 2: rule[1].match: regular expression error at column 1: missing )" in said
    assert box.rules() == [rule]  # a bad file changes nothing


def test_an_odd_hex_digit_is_said_with_its_column(qtbot, window):
    tab = window.udp_tab
    open_rules(qtbot, tab)
    click(qtbot, widget(tab, QPushButton, "addRuleButton"))
    kind = widget(tab, QComboBox, "ruleKind")
    kind.setCurrentIndex(kind.findData("hex"))
    pattern = widget(tab, QLineEdit, "rulePattern")
    type_into(qtbot, pattern, "01 0 ??")
    qtbot.keyClick(pattern, Qt.Key.Key_Return)
    error = widget(tab, QLabel, "replyRuleError")
    assert "Rule 1, Pattern: odd hex digit at column 4: '0'" in error.text()
    assert pattern.property("invalid") is True
    assert tab.rules_box.rule_set() is None  # a bad rule: no rules answer
    type_into(qtbot, pattern, "01 00 ??")
    qtbot.keyClick(pattern, Qt.Key.Key_Return)
    assert "Pattern" not in error.text()  # the default reply's \1 is next: no group here
    assert pattern.property("invalid") is False


def test_udp_rule_replies_fill_template_fields_and_carry_the_checksum(qtbot, window):
    from test_udp_tab import open_udp, peer_socket, recv_from

    from socklab.core import checksums

    tab = window.udp_tab
    open_rules(qtbot, tab)
    click(qtbot, widget(tab, QPushButton, "addRuleButton"))
    reply = widget(tab, QLineEdit, "ruleReply")
    type_into(qtbot, reply, "PONG \\1 #{{counter}}")
    qtbot.keyClick(reply, Qt.Key.Key_Return)
    fields = widget(tab, QCheckBox, "templateFields")
    tick(qtbot, fields)
    assert fields.isChecked()
    choice = widget(tab, QComboBox, "appendChecksum")
    choice.setCurrentIndex(choice.findData("xor8"))
    local = open_udp(qtbot, tab)
    with peer_socket() as peer:
        got = []
        for message in (b"PING 5", b"PING {{counter}}", b"PING 6"):
            peer.sendto(message, local)
            if message != b"PING {{counter}}":  # \d+ only: the peer's field is no number
                got.append(recv_from(qtbot, peer)[0])
    assert got == [checksums.append(b"PONG 5 #1", "xor8"), checksums.append(b"PONG 6 #2", "xor8")]
    # With the fields off, the reply is the text as typed.
    tick(qtbot, fields)
    with peer_socket() as peer:
        peer.sendto(b"PING 7", local)
        assert recv_from(qtbot, peer)[0] == checksums.append(b"PONG 7 #{{counter}}", "xor8")


def test_tcp_server_fixed_reply_fills_its_fields_at_each_reply(qtbot, window, clients):
    tab = show_tab(qtbot, window)
    tab.auto_reply.setCurrentIndex(tab.auto_reply.findData("fixed"))
    type_into(qtbot, widget(tab, QLineEdit, "autoReplyText"), "n={{counter}};")
    tick(qtbot, widget(tab, QCheckBox, "templateFields"))
    port = start_server(qtbot, tab)
    (client,) = connect(clients, port)
    got = [b""]

    def answered(expected: bytes) -> bool:
        data = read_some(client)
        if data:
            got[0] += data
        return got[0] == expected

    client.sendall(b"a\n")
    qtbot.waitUntil(lambda: answered(b"n=1;"), timeout=WAIT_MS)
    client.sendall(b"b\n")
    qtbot.waitUntil(lambda: answered(b"n=1;n=2;"), timeout=WAIT_MS)
    reply_field = widget(tab, QLineEdit, "autoReplyText")
    type_into(qtbot, reply_field, "{{random:x}}")
    qtbot.keyClick(reply_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reply_field.property("invalid") is True, timeout=WAIT_MS)
    assert "N must be a number 1-1024" in tab.banner.message.text()
