"""A tab's input fields as a user meets them: found by objectName, typed or pasted into,
read back as shown, and put back to a known good value between tries."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from socklab.core import Mode

#: Longest text typed key by key; longer text, or text with characters a keyboard
#: does not type, is pasted from the clipboard.
TYPED_MAX = 200
#: The payload editor's modes, each probed as a field of its own.
PAYLOAD_MODES = (Mode.TEXT, Mode.HEX, Mode.ESCAPES)


@dataclass
class Field:
    """One input field of a tab: ``name`` is its objectName (the payload editor's
    name carries its mode), ``kind`` what it holds ("port", "port0", "host",
    "number", "text", "payload")."""

    name: str
    widget: QWidget
    kind: str
    mode: Mode | None = None
    baseline: object = field(default=None)

    @property
    def editor(self) -> QWidget:
        """The widget that takes the keys."""
        if isinstance(self.widget, QComboBox):
            return self.widget.lineEdit()
        return self.widget

    def shown(self) -> str:
        """The text the field shows now."""
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return w.currentText()
        if isinstance(w, QAbstractSpinBox):
            return w.findChild(QLineEdit).text()
        return w.text()

    def remember(self) -> None:
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            self.baseline = w.toPlainText()
        elif isinstance(w, QComboBox):
            self.baseline = (w.currentIndex(), w.currentText())
        elif isinstance(w, QAbstractSpinBox):
            self.baseline = w.value()
        else:
            self.baseline = w.text()

    def restore(self) -> None:
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(str(self.baseline))
        elif isinstance(w, QComboBox):
            index, text = self.baseline
            w.setCurrentIndex(index)
            w.setEditText(text)
        elif isinstance(w, QAbstractSpinBox):
            w.setValue(self.baseline)
        else:
            w.setText(str(self.baseline))

    def enter(self, text: str) -> None:
        """Type ``text`` (or paste it, see :data:`TYPED_MAX`) over what the field
        holds, then press Return (not in the payload editor, where it is a newline)."""
        target = self.editor
        target.setFocus()
        target.selectAll()
        if not text:
            QTest.keyClick(target, Qt.Key.Key_Delete)
        elif len(text) <= TYPED_MAX and all(" " <= c <= "~" for c in text):
            QTest.keyClicks(target, text)
        else:
            QGuiApplication.clipboard().setText(text)
            paste_into = (
                target.findChild(QLineEdit) if isinstance(target, QAbstractSpinBox) else None
            )
            (paste_into or target).paste()
        if not isinstance(self.widget, QPlainTextEdit):
            QTest.keyClick(target, Qt.Key.Key_Return)

    def changed(self, typed: str) -> bool:
        """Whether the field shows something else than what was typed."""
        shown = self.shown()
        if not isinstance(self.widget, QAbstractSpinBox):
            return shown != typed
        spin = self.widget
        if spin.specialValueText() and shown == spin.specialValueText():
            shown = str(spin.minimum())
        shown = shown.removeprefix(spin.prefix()).removesuffix(spin.suffix())
        shown = shown.replace(spin.locale().groupSeparator(), "").strip()
        if shown == typed.strip():
            return False
        try:
            a, b = float(shown), float(typed)
        except ValueError:
            return True
        return not (math.isfinite(b) and typed.strip().isascii() and a == b)


def _kind(widget: QWidget) -> str:
    name = widget.objectName()
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return "number"
    if isinstance(widget, QComboBox) or name.endswith("Host"):
        return "host"
    if name == "localPort":
        return "port0"
    if name.endswith("Port"):
        return "port"
    return "text"


def input_fields(tab: QWidget, window: QWidget) -> list[Field]:
    """Every field of ``tab`` a user can type into, in a stable order (by objectName)."""
    found: list[Field] = []
    for widget in tab.findChildren(QWidget):
        if not widget.objectName() or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), (QAbstractSpinBox, QComboBox)
        ):
            continue
        if isinstance(widget, QPlainTextEdit):
            if widget.objectName() == "payloadEdit":
                found.extend(
                    Field(f"payloadEdit[{mode.value}]", widget, "payload", mode)
                    for mode in PAYLOAD_MODES
                )
            continue
        editable = isinstance(widget, (QLineEdit, QAbstractSpinBox)) or (
            isinstance(widget, QComboBox) and widget.isEditable()
        )
        if editable and not getattr(widget, "isReadOnly", lambda: False)():
            found.append(Field(widget.objectName(), widget, _kind(widget)))
    names = [f.name for f in found]
    assert len(names) == len(set(names)), f"objectNames repeat in {tab.objectName()}: {names}"
    return sorted(found, key=lambda f: f.name)
