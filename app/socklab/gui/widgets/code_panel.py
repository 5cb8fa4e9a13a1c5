"""The "Python code" panel: the plain-socket script for what a tab is set to do.

The text comes from :mod:`socklab.teaching.codegen`; this widget shows it with
syntax highlighting (in tones made from the view's palette, so a dark theme and
presentation mode get colours that read on them) and lets the user copy or save it.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QPalette, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from socklab.core import atomic_write, checked_path
from socklab.gui.describe import arg
from socklab.gui.fonts import monospace
from socklab.gui.tones import Tone, colour, follow_palette, paint_text
from socklab.gui.widgets.compact_button import CompactButton
from socklab.gui.widgets.fields import mark_invalid
from socklab.gui.widgets.steady_label import SteadyLabel

_KEYWORDS = "|".join(keyword.kwlist)
#: What the highlighter marks, in order (a later match paints over an earlier
#: one: a number inside a string or a comment takes the string's or the
#: comment's tone), in which tone, bold, italic.
_RULES: tuple[tuple[re.Pattern[str], Tone, bool, bool], ...] = (
    (re.compile(rf"\b(?:{_KEYWORDS})\b"), Tone.CODE_KEYWORD, True, False),
    (re.compile(r"\b(?:print|len|range|int|str|bytes|socket)\b"), Tone.CODE_NAME, False, False),
    (re.compile(r"\b[A-Z][A-Z0-9_]{2,}\b"), Tone.CODE_CONSTANT, False, False),
    (re.compile(r"\b\d+(?:\.\d+)?\b"), Tone.CODE_NUMBER, False, False),
    (
        re.compile(r"""[bBrRuUfF]{0,2}(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""),
        Tone.CODE_STRING,
        False,
        False,
    ),
    (re.compile(r"#[^\n]*"), Tone.CODE_COMMENT, False, True),
)


class PythonHighlighter(QSyntaxHighlighter):
    """Keywords, builtins, numbers, strings and comments in a Python script,
    in tones that read on ``palette``'s Base (see :meth:`set_palette`)."""

    def __init__(self, document: object, palette: QPalette | None = None) -> None:
        super().__init__(document)
        self._formats: list[QTextCharFormat] = []
        self.set_palette(palette if palette is not None else QGuiApplication.palette())

    def set_palette(self, palette: QPalette) -> None:
        """Colour for the text drawn on ``palette``'s Base, and repaint what is shown."""
        base = QPalette.ColorRole.Base
        formats = []
        for _pattern, tone, bold, italic in _RULES:
            fmt = QTextCharFormat()
            fmt.setForeground(colour(tone, palette, base))
            if bold:
                fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontItalic(italic)
            formats.append(fmt)
        self._formats = formats
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        for (pattern, *_), fmt in zip(_RULES, self._formats, strict=True):
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)


class CodePanel(QWidget):
    """Shows a generated script, with Copy and Save.

    Signals:
        saved(str): the script was written to this path.
        saveFailed(str): saving failed; carries the message shown at the button.
    """

    saved = Signal(str)
    saveFailed = Signal(str)  # noqa: N815

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
        follow_palette(self.view, lambda: self.highlighter.set_palette(self.view.palette()))
        self.copy_button = CompactButton(self)
        self.copy_button.setObjectName("copyCode")
        self.save_button = CompactButton(self)
        self.save_button.setObjectName("saveCode")
        # Why the last save failed, under the buttons (elided to the panel's width).
        self.save_error = SteadyLabel(self)
        self.save_error.setObjectName("saveCodeError")
        policy = self.save_error.sizePolicy()
        policy.setRetainSizeWhenHidden(False)
        self.save_error.setSizePolicy(policy)
        paint_text(self.save_error, Tone.ERROR)
        self.save_error.hide()

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
        layout.addWidget(self.save_error)
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
        """Write the script to ``path``, whole or not at all (an earlier file
        stays as it was); raises OSError when it cannot."""
        with atomic_write(checked_path(path), encoding="utf-8") as file:
            file.write(self.code())
        self.saved.emit(str(path))

    def save(self, path: str) -> bool:
        """Save as the Save… button does (what its dialog hands on): a failure
        is said under the buttons, the button is marked, and saveFailed says it."""
        try:
            self.save_to(path)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            problem = arg(self.tr("Could not save the script to %1: %2"), path, reason)
            self._show_save_error(problem)
            self.saveFailed.emit(problem)
            return False
        self._show_save_error("")
        return True

    def _show_save_error(self, problem: str) -> None:
        mark_invalid(self.save_button, bool(problem), problem)
        self.save_error.setText(problem)
        self.save_error.setVisible(bool(problem))

    def _save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the Python script"), "socklab_demo.py", self.tr("Python (*.py)")
        )
        if path:
            self.save(path)

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
