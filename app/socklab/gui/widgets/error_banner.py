"""What went wrong, under a tab's settings: the message, what it means and the
usual fix, and a mark on the field that holds the bad value.

Colours come from the palette: the message in the error tone of
:mod:`socklab.gui.tones`, the explanation in the palette's tool-tip
roles, so the high-contrast and dark palettes apply to them as to the rest.

Whatever a message holds (a pasted page, a long path), it stays inside the
window: it is cut (:func:`~socklab.gui.widgets.long_text.bounded`), wraps (a
long unbroken run too) and never asks for more width than the window has.

Strings are translated in the context ``"SessionTab"`` (they were the tab's).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from socklab.core import Failed, SessionError
from socklab.gui.i18n import current_language
from socklab.gui.tones import Tone, paint_text
from socklab.gui.widgets.fields import FieldError, mark_invalid
from socklab.gui.widgets.long_text import bounded, wrappable
from socklab.teaching.explain import explain_error


def _wrapping_label(object_name: str, parent: QWidget) -> QLabel:
    """A plain-text label that wraps and takes the width it is given, never more."""
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class ErrorBanner(QWidget):
    """The ``settingsError`` line, the ``errorExplanation`` note, and field marks.

    Hidden while it has nothing to say.

    Signals:
        logged(str): a message the log should keep too (a session's own failures
            reach the log as its Failed events; a bad field's do not).
    """

    logged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = _wrapping_label("settingsError", self)
        paint_text(self.message, Tone.ERROR)
        self.explanation = _wrapping_label("errorExplanation", self)
        self.explanation.setMargin(4)
        self.explanation.setAutoFillBackground(True)
        self.explanation.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.explanation.setForegroundRole(QPalette.ColorRole.ToolTipText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.explanation)
        self._marked: dict[QWidget, str] = {}
        self._explained: SessionError | Failed | None = None
        self.clear()

    def show_message(
        self, text: str, field: QWidget | None = None, *, tip: str = "", log: bool = False
    ) -> None:
        """Say ``text``; mark ``field`` (its tooltip says ``tip``, else ``text``)."""
        text = bounded(text)
        if field is not None:
            self.mark(field, bounded(tip or text))
        self.message.setText(wrappable(text))
        self.message.show()
        self._set_explanation(None)
        if log:
            self.logged.emit(text)

    def show_field_error(self, error: FieldError) -> None:
        """Mark the field, say what is wrong next to it, log it, and go there."""
        self.show_message(str(error), error.widget, tip=error.message, log=True)
        error.widget.setFocus()

    def explain(
        self, text: str, failure: SessionError | Failed, field: QWidget | None = None
    ) -> None:
        """Say ``text`` (what failed), what it means and the usual fix, in the UI
        language; mark ``field`` if the failure concerns its value (its tooltip
        says all of it)."""
        self.show_message(text)
        self._set_explanation(failure)
        if field is not None:
            explanation = self.explanation.text() if not self.explanation.isHidden() else ""
            self.mark(field, "\n".join(filter(None, (bounded(text), explanation))))

    def retranslate(self) -> None:
        if self._explained is not None:
            self._set_explanation(self._explained)

    def clear(self) -> None:
        for field in self._marked:
            mark_invalid(field, False)
        self._marked.clear()
        self.message.clear()
        self.message.hide()
        self._set_explanation(None)

    def mark(self, field: QWidget, tip: str) -> None:
        mark_invalid(field, True, tip)
        self._marked[field] = tip

    def unmark(self, field: QWidget) -> None:
        """``field`` holds a good value now; the message goes with the last mark."""
        if self._marked.pop(field, None) is not None:
            mark_invalid(field, False)
            if not self._marked:
                self.message.hide()
                self._update_shown()

    def watch(self, field: QWidget) -> None:
        """Take ``field``'s mark away as soon as the user edits it."""
        signal = getattr(field, "editTextChanged", None) or getattr(field, "textEdited", None)
        if signal is not None:
            signal.connect(lambda *_: self.unmark(field))

    def _set_explanation(self, failure: SessionError | Failed | None) -> None:
        self._explained = failure
        explanation = explain_error(failure, current_language()) if failure else None
        if explanation is None:
            self.explanation.clear()
            self.explanation.hide()
        else:
            why = QCoreApplication.translate("SessionTab", "Why:")
            fix = QCoreApplication.translate("SessionTab", "What to do:")
            self.explanation.setText(
                f"{explanation.title}\n{why} {explanation.why}\n{fix} {explanation.fix}"
            )
            self.explanation.show()
        self._update_shown()

    def _update_shown(self) -> None:
        self.setVisible(not (self.message.isHidden() and self.explanation.isHidden()))
