"""The reply rules editor of the TCP Server and UDP tabs (shown in its window,
:mod:`.reply_rules_dialog`).

A table (objectName ``replyRules``) of the rules, tried in order, with
Add / Remove / Up / Down, Import / Export (the TOML of ``--rules FILE``) and,
under it, the selected rule's fields (match kind, pattern, reply, hex reply,
delay, stop after). A rule that does not compile is said under the fields
(``replyRuleError``, with the column of a regular expression's error, where the
cursor is put) and in red at its cell; the Hits column counts each rule's
replies live while the editor is on screen.

Signals:
    rules_changed(): the user changed the rules.
    said(str, QWidget): a field holds what it cannot take (the tab's banner
        says it and logs it; a spin box or text field's guard found it).
    unsaid(QWidget): that field was edited again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from socklab.core import (
    DEFAULT_MAX_REPLY_RATE,
    Rule,
    RuleError,
    RuleKind,
    RuleSet,
    RulesFileError,
    load_rules,
    save_rules,
)
from socklab.gui.models.rule_model import (
    COL_KIND,
    COL_PATTERN,
    COL_REPLY,
    RuleTableModel,
    default_rule,
    kind_text,
)
from socklab.gui.tones import Tone, paint_text
from socklab.gui.widgets.field_guards import guard_line_edits, guard_spin_boxes
from socklab.gui.widgets.fields import mark_invalid
from socklab.gui.widgets.long_text import bounded, wrappable
from socklab.gui.widgets.payload_editor import PayloadEditor

#: How often the Hits column repaints while on screen (milliseconds).
HITS_REFRESH_MS = 250
#: The longest delay a rule may wait (seconds), as in a rules file.
MAX_DELAY = 3600


class ReplyRulesBox(QWidget):
    """Edit a tab's reply rules. Signals: rules_changed(), said(str, QWidget), unsaid(QWidget)."""

    rules_changed = Signal()
    said = Signal(str, QWidget)
    unsaid = Signal(QWidget)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("replyRulesBox")
        self.model = RuleTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("replyRules")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column in (COL_PATTERN, COL_REPLY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_KIND, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = self._button("addRuleButton")
        self.remove_button = self._button("removeRuleButton")
        self.up_button = self._button("ruleUpButton")
        self.down_button = self._button("ruleDownButton")
        self.import_button = self._button("importRulesButton")
        self.export_button = self._button("exportRulesButton")
        self.kind = QComboBox(self)
        self.kind.setObjectName("ruleKind")
        for kind in RuleKind:
            self.kind.addItem(kind.value, kind.value)
        self.pattern = QLineEdit(self)
        self.pattern.setObjectName("rulePattern")
        self.reply = QLineEdit(self)
        self.reply.setObjectName("ruleReply")
        self.reply_hex = QCheckBox(self)
        self.reply_hex.setObjectName("ruleReplyHex")
        self.delay = QDoubleSpinBox(self)
        self.delay.setObjectName("ruleDelay")
        self.delay.setRange(0, MAX_DELAY)
        self.delay.setDecimals(3)
        self.stop_after = QSpinBox(self)
        self.stop_after.setObjectName("ruleStopAfter")
        self.stop_after.setRange(0, 1_000_000_000)
        # The UDP tab's cap on replies per second, every source together (the
        # TCP Server tab has its own per client, in its settings): hidden unless shown.
        self.rate_label = QLabel(self)
        self.max_rate = QSpinBox(self)
        self.max_rate.setObjectName("ruleMaxRate")
        self.max_rate.setRange(0, 1_000_000)
        self.max_rate.setValue(DEFAULT_MAX_REPLY_RATE)
        self.rate_label.hide()
        self.max_rate.hide()
        self.error = QLabel(self)
        self.error.setObjectName("replyRuleError")
        paint_text(self.error, Tone.ERROR)
        self.error.setWordWrap(True)
        self.error.hide()
        self.note = QLabel(self)
        self.note.setObjectName("replyRulesNote")
        self.note.setWordWrap(True)
        self._labels = [QLabel(self) for _ in range(5)]
        self._file_error = ""  # what the last Import / Export said ("" for nothing)
        self._rule_marks: set[QWidget] = set()  # fields marked for their rule's error

        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.rate_label)
        buttons.addWidget(self.max_rate)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        fields = QGridLayout()
        kind, pattern, reply, delay, stop = self._labels
        fields.addWidget(kind, 0, 0)
        fields.addWidget(self.kind, 0, 1)
        fields.addWidget(delay, 0, 2)
        fields.addWidget(self.delay, 0, 3)
        fields.addWidget(stop, 0, 4)
        fields.addWidget(self.stop_after, 0, 5)
        fields.addWidget(pattern, 1, 0)
        fields.addWidget(self.pattern, 1, 1, 1, 5)
        fields.addWidget(reply, 2, 0)
        fields.addWidget(self.reply, 2, 1, 1, 4)
        fields.addWidget(self.reply_hex, 2, 5)
        fields.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(fields)
        layout.addWidget(self.error)

        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.import_button.clicked.connect(self._import_clicked)
        self.export_button.clicked.connect(self._export_clicked)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_row())
        for signal in (
            self.kind.currentIndexChanged,
            self.pattern.editingFinished,
            self.reply.editingFinished,
            self.reply_hex.toggled,
            self.delay.valueChanged,
            self.stop_after.valueChanged,
        ):
            signal.connect(self._edit)
        self.max_rate.valueChanged.connect(self.rules_changed)
        self._rule_set: RuleSet | None = None
        self.model.rules_changed.connect(self._rebuild)
        self._hits_timer = QTimer(self)
        self._hits_timer.setInterval(HITS_REFRESH_MS)
        self._hits_timer.timeout.connect(self.model.refresh)
        self._showing = False
        self._guard_fields()
        self.retranslate()
        self._show_row()

    # -- the rules ---------------------------------------------------------------------

    def rule_set(self) -> RuleSet | None:
        """The rules, compiled once per change (None: none, or one is bad)."""
        return self._rule_set

    def rules(self) -> list[Rule]:
        return self.model.rules()

    def set_rules(self, rules: list[Rule]) -> None:
        self.model.set_rules(rules)
        if rules:
            self._select(0)
        else:
            self._show_row()

    def follow_editor(self, editor: PayloadEditor) -> None:
        """Replies as the tab's payload editor sends: its Template fields choice
        (fields expanded at each reply) and its checksum (appended to each)."""

        def follow(*_: object) -> None:
            row = self.current_row()
            self.model.set_sending(editor.templates_on(), editor.checksum())
            if row >= 0:
                self._select(row)

        editor.template_check.toggled.connect(follow)
        editor.checksumChanged.connect(follow)
        follow()

    def new_session(self) -> None:
        """A session starts: its hits count from 0, its {{counter}} from 1."""
        if self._rule_set is not None:
            self._rule_set.reset_hits()
            self._rule_set.counter.reset()
            self.model.refresh()

    def show_rate(self) -> None:
        """Show the cap on replies per second (the UDP tab's: every source together)."""
        self.rate_label.show()
        self.max_rate.show()

    def _rebuild(self) -> None:
        try:
            self._rule_set = self.model.rule_set()
        except RuleError:
            self._rule_set = None
        self.model.attach(self._rule_set)
        self.rules_changed.emit()

    def state(self) -> str:
        """The rules as JSON text (kept with the tab's settings)."""
        return json.dumps(
            [
                {
                    "kind": r.kind.value,
                    "pattern": r.pattern,
                    "reply": r.reply,
                    "hex_reply": r.hex_reply,
                    "delay": r.delay,
                    "stop_after": r.stop_after,
                }
                for r in self.model.rules()
            ]
        )

    def restore(self, text: object) -> None:
        """Rules kept by :meth:`state`; a stale or hand-edited value is passed over."""
        try:
            items = json.loads(str(text))
            rules = [
                Rule(
                    RuleKind(str(i["kind"])),
                    str(i["pattern"]),
                    str(i.get("reply", "")),
                    str(i.get("hex_reply", "")),
                    float(i.get("delay", 0.0)),
                    int(i["stop_after"]) if i.get("stop_after") else None,
                )
                for i in items
            ]
        except (ValueError, TypeError, KeyError, AttributeError):
            return
        self.set_rules(rules)

    # -- files -------------------------------------------------------------------------

    def import_rules(self, path: str | Path) -> bool:
        """Take the rules of a TOML rules file (as ``--rules FILE`` reads it);
        a file that cannot be used is said and changes nothing."""
        try:
            rules = load_rules(path).rules
        except RulesFileError as exc:
            self._say_file_error(str(exc))
            return False
        self._say_file_error("")
        self.set_rules(rules)
        return True

    def export_rules(self, path: str | Path) -> bool:
        """Write the rules as a TOML rules file (atomically); a failure is said."""
        try:
            save_rules(path, self.model.rules())
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self._say_file_error(
                self.tr("Cannot write %1: %2").replace("%1", str(path)).replace("%2", reason)
            )
            return False
        self._say_file_error("")
        return True

    def _import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import reply rules"), "", self.tr("Rules files (*.toml);;All files (*)")
        )
        if path:
            self.import_rules(path)

    def _export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export reply rules"), "rules.toml", self.tr("Rules files (*.toml)")
        )
        if path:
            self.export_rules(path)

    def _say_file_error(self, text: str) -> None:
        self._file_error = text
        self._show_error()
        if text:
            self.said.emit(text, self.table)
        else:
            self.unsaid.emit(self.table)

    # -- widgets -----------------------------------------------------------------------

    def _button(self, name: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Return in a field ends its edit, it adds no rule
        return button

    def _guard_fields(self) -> None:
        """A number out of a spin box's range, a paste longer than a field holds:
        said under the fields and by the tab (these guards come first: the
        tab's own then pass these fields by)."""
        for guard in guard_spin_boxes(self):
            spin = guard.spin
            guard.outOfRange.connect(lambda text, spin=spin: self._field_said(text, spin))
            guard.retyped.connect(lambda spin=spin: self._field_unsaid(spin))
        for length_guard in guard_line_edits(self):
            field = length_guard.field
            length_guard.full.connect(lambda text, field=field: self._field_said(text, field))

    def _field_said(self, text: str, field: QWidget) -> None:
        self.error.setText(wrappable(bounded(text)))
        self.error.show()
        self.said.emit(text, field)

    def _field_unsaid(self, field: QWidget) -> None:
        self.unsaid.emit(field)
        self._show_error()

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add"))
        self.remove_button.setText(self.tr("Remove"))
        self.up_button.setText(self.tr("Up"))
        self.down_button.setText(self.tr("Down"))
        self.import_button.setText(self.tr("Import…"))
        self.import_button.setToolTip(
            self.tr("Read rules from a TOML file, as socklab --rules FILE reads them")
        )
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(
            self.tr("Write these rules as a TOML file for socklab --rules FILE")
        )
        for label, text in zip(
            self._labels,
            (
                self.tr("Match"),
                self.tr("Pattern"),
                self.tr("Reply"),
                self.tr("Delay (s)"),
                self.tr("Stop after"),
            ),
            strict=True,
        ):
            label.setText(text)
        for index in range(self.kind.count()):
            self.kind.setItemText(index, kind_text(RuleKind(self.kind.itemData(index))))
        self.stop_after.setSpecialValueText(self.tr("no limit"))
        self.rate_label.setText(self.tr("Replies at most"))
        self.max_rate.setSuffix(self.tr("/s"))
        self.max_rate.setSpecialValueText(self.tr("no limit"))
        self.max_rate.setToolTip(
            self.tr(
                "Replies per second, every sender together: two auto-repliers pointed at"
                " each other stop here instead of looping forever"
            )
        )
        self.stop_after.setToolTip(self.tr("After this many replies the rule is passed over"))
        self.pattern.setToolTip(
            self.tr(
                "A regular expression is searched in the text received (line endings"
                " removed); a hex pattern is bytes such as 01 03 ?? ??, where ?? is any byte"
            )
        )
        self.reply.setToolTip(
            self.tr(
                "\\1, \\g<name>: captures; \\g<0>: the matched text; \\n \\r \\t \\xHH:"
                " escapes. With the editor's Template fields on, {{counter}} {{time}}"
                " {{unixtime}} {{random:N}} {{len}} are filled in at each reply; its"
                " checksum is appended to each reply"
            )
        )
        self.reply_hex.setText(self.tr("hex"))
        self.reply_hex.setToolTip(self.tr("The reply is bytes written in hex: 06 00 ff"))
        self.model.retranslate()
        self._show_error()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: Any) -> None:  # noqa: N802
        self.model.refresh()
        self._hits_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:  # noqa: N802
        self._hits_timer.stop()
        super().hideEvent(event)

    # -- rows --------------------------------------------------------------------------

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _select(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        self._show_row()

    def _add(self) -> None:
        self._select(self.model.add(default_rule()))
        self.pattern.setFocus()

    def _remove(self) -> None:
        row = self.current_row()
        self.model.remove(row)
        if self.model.rowCount():
            self._select(min(row, self.model.rowCount() - 1))
        else:
            self._show_row()

    def _move(self, step: int) -> None:
        self._select(self.model.move(self.current_row(), step))

    def _show_row(self) -> None:
        row = self.current_row()
        rules = self.model.rules()
        enabled = 0 <= row < len(rules)
        for field in self._fields():
            field.setEnabled(enabled)
        for b in (self.remove_button, self.up_button, self.down_button):
            b.setEnabled(enabled)
        self.export_button.setEnabled(bool(rules))
        if enabled:
            rule = rules[row]
            self._showing = True
            self.kind.setCurrentIndex(self.kind.findData(rule.kind.value))
            self.pattern.setText(rule.pattern)
            self.reply_hex.setChecked(bool(rule.hex_reply))
            self.reply.setText(rule.hex_reply or rule.reply)
            self.delay.setValue(rule.delay)
            self.stop_after.setValue(rule.stop_after or 0)
            self._showing = False
        self._show_error()

    def _fields(self) -> tuple[QWidget, ...]:
        return (self.kind, self.pattern, self.reply, self.reply_hex, self.delay, self.stop_after)

    def _edit(self, *_: object) -> None:
        row = self.current_row()
        if self._showing or row < 0:
            return
        hex_reply = self.reply_hex.isChecked()
        rule = Rule(
            RuleKind(self.kind.currentData()),
            self.pattern.text(),
            "" if hex_reply else self.reply.text(),
            self.reply.text() if hex_reply else "",
            delay=self.delay.value(),
            stop_after=self.stop_after.value() or None,
        )
        if rule != self.model.rules()[row]:
            self.model.update(row, rule)
        self._show_error()

    def _show_error(self) -> None:
        row = self.current_row()
        error = self.model.error(row)
        bad_field = None
        if error is not None:
            bad_field = self.pattern if error.field == "match" else self.reply
        for field in (self.pattern, self.reply):
            if field is bad_field and error is not None:
                mark_invalid(field, True, bounded(error.message))
                self._rule_marks.add(field)
            elif field in self._rule_marks:  # a guard's mark stays until the field is edited
                self._rule_marks.discard(field)
                mark_invalid(field, False)
        if error is None:
            text = self._file_error
        else:
            where = self.tr("Pattern") if bad_field is self.pattern else self.tr("Reply")
            text = (
                self.tr("Rule %1, %2: %3")
                .replace("%1", str(row + 1))
                .replace("%2", where)
                .replace("%3", error.message)
            )
            if bad_field is not None and error.position is not None and not bad_field.hasFocus():
                bad_field.setCursorPosition(min(error.position, len(bad_field.text())))
        self.error.setText(wrappable(bounded(text)))
        self.error.setVisible(bool(text))
