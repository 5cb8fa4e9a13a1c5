"""The reply rules of a tab, as a table model (its widget is
:class:`~socklab.gui.widgets.reply_rules.ReplyRulesBox`).

One row per :class:`~socklab.core.Rule`; each row is compiled as it changes and
keeps its error (shown in red at the pattern or reply cell, with the message as
tooltip). ``hits`` come from the session's live :class:`~socklab.core.RuleSet`
(:meth:`RuleTableModel.refresh`, from a timer). Signals: ``rules_changed()``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QGuiApplication, QPalette

from socklab.core import Rule, RuleError, RuleKind, RuleSet
from socklab.gui.tones import Tone, colour
from socklab.gui.widgets.long_text import bounded

#: A cell shows at most this many characters of a pattern or reply (then its length).
CELL_CHARS = 200

COL_KIND, COL_PATTERN, COL_REPLY, COL_DELAY, COL_STOP, COL_HITS = range(6)
_HEADERS = (
    QT_TRANSLATE_NOOP("RuleTableModel", "Match"),
    QT_TRANSLATE_NOOP("RuleTableModel", "Pattern"),
    QT_TRANSLATE_NOOP("RuleTableModel", "Reply"),
    QT_TRANSLATE_NOOP("RuleTableModel", "Delay (s)"),
    QT_TRANSLATE_NOOP("RuleTableModel", "Stop after"),
    QT_TRANSLATE_NOOP("RuleTableModel", "Hits"),
)
#: How each kind of match is called in the table and the Match list.
_KIND_TEXT = {
    RuleKind.REGEX: QT_TRANSLATE_NOOP("RuleTableModel", "regular expression"),
    RuleKind.EXACT: QT_TRANSLATE_NOOP("RuleTableModel", "is exactly"),
    RuleKind.CONTAINS: QT_TRANSLATE_NOOP("RuleTableModel", "contains"),
    RuleKind.STARTS: QT_TRANSLATE_NOOP("RuleTableModel", "starts with"),
    RuleKind.ENDS: QT_TRANSLATE_NOOP("RuleTableModel", "ends with"),
    RuleKind.HEX: QT_TRANSLATE_NOOP("RuleTableModel", "hex pattern (?? any byte)"),
}


def kind_text(kind: RuleKind) -> str:
    """The words for a kind of match, in the window's language."""
    return QCoreApplication.translate("RuleTableModel", _KIND_TEXT[kind])


class RuleTableModel(QAbstractTableModel):
    """Rows of rules, their errors and hits. Signals: rules_changed()."""

    rules_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rules: list[Rule] = []
        self._errors: list[RuleError | None] = []
        self._live: RuleSet | None = None
        self._templates = False  # template fields in the replies (the editor's choice)
        self._checksum: str | None = None  # appended to every reply (the editor's choice)

    # -- the rules ---------------------------------------------------------------

    def rules(self) -> list[Rule]:
        return list(self._rules)

    def set_rules(self, rules: list[Rule]) -> None:
        self.beginResetModel()
        self._rules = list(rules)
        self._errors = [_check(r, self._templates) for r in self._rules]
        self.endResetModel()
        self.rules_changed.emit()

    def error(self, row: int) -> RuleError | None:
        return self._errors[row] if 0 <= row < len(self._errors) else None

    def rule_set(self) -> RuleSet | None:
        """The rules compiled (None if there are none); RuleError if one is bad."""
        if not self._rules:
            return None
        return RuleSet(self._rules, templates=self._templates, checksum=self._checksum)

    def set_sending(self, templates: bool, checksum: str | None) -> None:
        """Expand template fields in the replies (a field is checked as the rule
        is), and append ``checksum`` to each, as the tab's payload editor does."""
        if (templates, checksum or None) == (self._templates, self._checksum):
            return
        self._templates, self._checksum = templates, checksum or None
        self.set_rules(self._rules)

    def attach(self, live: RuleSet | None) -> None:
        """Show the hits of the session's rules from now on."""
        self._live = live
        self.refresh()

    def retranslate(self) -> None:
        """The headers and the Match column in the window's language again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_HEADERS) - 1)
        if self._rules:
            self.dataChanged.emit(
                self.index(0, COL_KIND), self.index(len(self._rules) - 1, COL_KIND)
            )

    def refresh(self) -> None:
        if self._rules:
            self.dataChanged.emit(
                self.index(0, COL_HITS), self.index(len(self._rules) - 1, COL_HITS)
            )

    def add(self, rule: Rule) -> int:
        row = len(self._rules)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rules.append(rule)
        self._errors.append(_check(rule, self._templates))
        self.endInsertRows()
        self.rules_changed.emit()
        return row

    def remove(self, row: int) -> None:
        if not 0 <= row < len(self._rules):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rules[row], self._errors[row]
        self.endRemoveRows()
        self.rules_changed.emit()

    def move(self, row: int, step: int) -> int:
        """Move a row up (-1) or down (+1); its new row."""
        to = row + step
        if not (0 <= row < len(self._rules) and 0 <= to < len(self._rules)):
            return row
        self.beginResetModel()
        for items in (self._rules, self._errors):
            items[row], items[to] = items[to], items[row]
        self.endResetModel()
        self.rules_changed.emit()
        return to

    def update(self, row: int, rule: Rule) -> RuleError | None:
        """Replace a row's rule; its error (None if it compiles)."""
        self._rules[row] = rule
        self._errors[row] = _check(rule, self._templates)
        self.dataChanged.emit(self.index(row, 0), self.index(row, COL_HITS))
        self.rules_changed.emit()
        return self._errors[row]

    # -- Qt ----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rules)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("RuleTableModel", _HEADERS[section])
        return None

    def data(self, index: QModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        rule = self._rules[index.row()]
        error = self._errors[index.row()]
        column = index.column()
        bad = error is not None and _column_of(error) == column
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_KIND:
                return kind_text(rule.kind)
            if column == COL_PATTERN:
                return bounded(rule.pattern, CELL_CHARS)
            if column == COL_REPLY:
                return bounded(rule.hex_reply or rule.reply, CELL_CHARS)
            if column == COL_DELAY:
                return f"{rule.delay:g}"
            if column == COL_STOP:
                return "" if rule.stop_after is None else str(rule.stop_after)
            live = self._live
            if live is not None and index.row() < len(live.hits):
                return str(live.hits[index.row()])
            return "0"
        if role == Qt.ItemDataRole.ToolTipRole and bad:
            return error.message if error is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and bad:
            return QBrush(colour(Tone.ERROR, QGuiApplication.palette(), QPalette.ColorRole.Base))
        return None


def _check(rule: Rule, templates: bool) -> RuleError | None:
    try:
        RuleSet([rule], templates=templates)
    except RuleError as exc:
        return exc
    return None


def _column_of(error: RuleError) -> int:
    return {"match": COL_PATTERN, "reply": COL_REPLY, "hex_reply": COL_REPLY}.get(
        error.field, COL_DELAY if error.field == "delay" else COL_STOP
    )


def default_rule() -> Rule:
    return Rule(RuleKind.REGEX, r"^PING (\d+)$", r"PONG \1")


__all__ = ["RuleTableModel", "default_rule", "kind_text"]
