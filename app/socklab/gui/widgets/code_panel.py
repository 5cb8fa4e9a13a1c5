"""The "Python code" panel: the plain-socket script for what a tab is set to do.

The text comes from :mod:`socklab.teaching.codegen`; this widget shows it with
syntax highlighting and lets the user copy or save it.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from socklab.gui.fonts import monospace
from socklab.gui.widgets.compact_button import CompactButton


def _format(colour: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class PythonHighlighter(QSyntaxHighlighter):
    """Keywords, builtins, numbers, strings and comments in a Python script."""

    _RULES: tuple[tuple[re.Pattern[str], QTextCharFormat], ...] = ()

    def __init__(self, document: object) -> None:
        super().__init__(document)
        if not PythonHighlighter._RULES:
            words = "|".join(keyword.kwlist)
            PythonHighlighter._RULES = (
                (re.compile(rf"\b(?:{words})\b"), _format("#7b1fa2", bold=True)),
                (re.compile(r"\b(?:print|len|range|int|str|bytes|socket)\b"), _format("#1565c0")),
                (re.compile(r"\b[A-Z][A-Z0-9_]{2,}\b"), _format("#00838f")),
                (re.compile(r"\b\d+(?:\.\d+)?\b"), _format("#c62828")),
                (
                    re.compile(r"""[bBrRuUfF]{0,2}(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""),
                    _format("#2e7d32"),
                ),
                (re.compile(r"#[^\n]*"), _format("#757575", italic=True)),
            )

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        for pattern, fmt in self._RULES:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)


class CodePanel(QWidget):
    """Shows a generated script, with Copy and Save.

    Signals:
        saved(str): the script was written to this path.
    """

    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codePanel")
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)  # a narrow panel wraps its title, not the window
        self.title.setMinimumWidth(40)
        self.view = QPlainTextEdit(self)
        self.view.setObjectName("codeView")
        self.view.setReadOnly(True)
        self.view.setFont(monospace())
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.highlighter = PythonHighlighter(self.view.document())
        self.copy_button = CompactButton(self)
        self.copy_button.setObjectName("copyCode")
        self.save_button = CompactButton(self)
        self.save_button.setObjectName("saveCode")

        # The title on a row of its own: a narrow panel wraps it across the
        # panel's width, not word by word beside the buttons.
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self._save_clicked)
        self.retranslate()

    def code(self) -> str:
        return self.view.toPlainText()

    def set_code(self, text: str) -> None:
        """Show ``text``, keeping the scroll position when only details changed."""
        if text == self.view.toPlainText():
            return
        bar = self.view.verticalScrollBar()
        position = bar.value()
        self.view.setPlainText(text)
        bar.setValue(position)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code())

    def save_to(self, path: str | Path) -> None:
        Path(path).write_text(self.code(), encoding="utf-8")
        self.saved.emit(str(path))

    def _save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the Python script"), "socklab_demo.py", self.tr("Python (*.py)")
        )
        if path:
            self.save_to(path)

    def retranslate(self) -> None:
        self.title.setText(self.tr("The same in Python (standard socket module)"))
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the script to the clipboard"))
        self.save_button.setText(self.tr("Save…"))
        self.save_button.setToolTip(self.tr("Save the script as a .py file"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
