"""A tab's state line (``stateLabel``): what its socket is doing right now, in
words (``bound to 127.0.0.1:5000``, ``closed by peer``), or what the tab says
while it has no socket. A long one (a 253-character host name) wraps inside
the window instead of widening it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from socklab.core import StateChanged
from socklab.gui.describe import state_text
from socklab.gui.fonts import bold
from socklab.gui.widgets.long_text import bounded, wrappable


class StateLine(QLabel):
    """Bold, selectable, plain text; the last state shown stays after the socket goes.

    Signals:
        textShown(str): the line now reads this (emitted only when it changes).
    """

    textShown = Signal(str)  # noqa: N815

    def __init__(self, idle_text: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateLabel")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFont(bold())
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._idle_text = idle_text
        self._last: StateChanged | None = None
        self._note = ""
        self._members = ""

    def show_state(self, event: StateChanged) -> None:
        self._last = event
        self._show(state_text(event, exposure=True))

    def show_idle(self) -> None:
        """Back to the words of a tab with no socket."""
        self._last = None
        self._show(self._idle_text())

    def retranslate(self) -> None:
        self._show(
            self._idle_text() if self._last is None else state_text(self._last, exposure=True)
        )

    def set_note(self, note: str) -> None:
        """A second part after the state (the send path in use, say); "" for none."""
        if note != self._note:
            self._note = note
            self.retranslate()

    def set_members(self, members: str) -> None:
        """The multicast groups joined, after the state and its note; "" for none."""
        if members != self._members:
            self._members = members
            self.retranslate()

    def _show(self, text: str) -> None:
        if self._note:
            text = f"{text} · {self._note}"
        if self._members:
            text = f"{text} — {self._members}"
        shown = wrappable(bounded(text))
        if shown != self.text():
            self.setText(shown)
            self.textShown.emit(text)
