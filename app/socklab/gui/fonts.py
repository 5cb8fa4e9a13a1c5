"""Fonts that set only what they change, so their size follows the window's zoom."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase


def monospace() -> QFont:
    """The system's fixed-pitch family, at whatever size the widget inherits."""
    font = QFont()
    font.setFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def bold() -> QFont:
    """Bold, at whatever family and size the widget inherits."""
    font = QFont()
    font.setBold(True)
    return font
