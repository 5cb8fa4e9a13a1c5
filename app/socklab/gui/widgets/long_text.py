"""Text of any length, shown in a window of fixed width.

What the user pastes and what a peer sends can be a page long, and can be
markup. Shown, it must stay inside the window and read as written:
:func:`shortened` quotes a long value by its start and its length,
:func:`bounded` cuts a message, :func:`wrappable` lets a word-wrapped label
break a long unbroken run, :func:`plain_tip` makes a tooltip show its text
literally.

Strings are translated in the context ``"Fields"``.
"""

from __future__ import annotations

import ast
import html
import re

from PySide6.QtCore import QCoreApplication

#: A quoted value longer than this many characters is shown by its start and length.
SHOWN_CHARS = 40
#: A message longer than this is cut.
MESSAGE_CHARS = 1_000

#: A Python string literal, as ``repr()`` writes one into a message.
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
#: A run this long without a space gets a place to wrap after it.
_UNBROKEN = re.compile(r"\S{40}(?=\S)")
_BREAK = "\u200b"  # zero-width space: a place to wrap, invisible
_ELLIPSIS = "\u2026"


def _length(count: int) -> str:
    template = QCoreApplication.translate("Fields", "(%1 characters)")
    return template.replace("%1", f"{count:,}")


def shortened(value: str) -> str:
    """``value`` quoted as ``repr()`` does; a long one by its first
    :data:`SHOWN_CHARS` characters, an ellipsis and its length."""
    if len(value) <= SHOWN_CHARS:
        return repr(value)
    return f"{value[:SHOWN_CHARS]!r}{_ELLIPSIS} {_length(len(value))}"


def shorten_quoted(message: str) -> str:
    """``message`` with each long quoted value in it :func:`shortened`."""

    def shorten(match: re.Match[str]) -> str:
        literal = match[0]
        if len(literal) <= SHOWN_CHARS + 2:
            return literal
        try:
            value = ast.literal_eval(literal)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            value = literal[1:-1]
        return shortened(value) if isinstance(value, str) else literal

    return _QUOTED.sub(shorten, message)


def bounded(text: str, limit: int = MESSAGE_CHARS) -> str:
    """``text``, or its first ``limit`` characters, an ellipsis and its length."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}{_ELLIPSIS} {_length(len(text))}"


def wrappable(text: str) -> str:
    """``text`` with an invisible break in every long unbroken run, so that a
    word-wrapped label wraps it instead of growing as wide as the run."""
    return _UNBROKEN.sub(lambda m: m[0] + _BREAK, text)


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` as written: Qt renders ``<b>x</b>`` in a
    plain tooltip as bold (``Qt.mightBeRichText``); escaped in rich text it
    shows literally, and wraps instead of growing one line wide."""
    return f"<qt><p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p></qt>"
