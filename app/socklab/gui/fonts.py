"""Fonts that set only what they change, so their size follows the window's zoom."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase


def monospace() -> QFont:
    """The system's fixed-pitch family, at whatever size the widget inherits."""
    font = QFont()
    font.setFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def unshaped(font: QFont | None = None) -> QFont:
    """``font`` (by default one that sets nothing) that skips text shaping where
    the script does not need it: Latin, digits, CJK are laid out glyph by glyph
    (a fifth faster to paint a log screen), while scripts that need shaping
    (Arabic, Devanagari ...) are still shaped."""
    font = QFont() if font is None else QFont(font)
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font


def bold() -> QFont:
    """Bold, at whatever family and size the widget inherits."""
    font = QFont()
    font.setBold(True)
    return font
