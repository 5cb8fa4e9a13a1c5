"""What went wrong, under a tab's settings: the message, what it means and the
usual fix, and a mark on the field that holds the bad value.

Colours come from the palette: the message in the error tone of
:mod:`socklab.gui.tones`, the explanation in the palette's tool-tip
roles, so the high-contrast and dark palettes apply to them as to the rest.

Strings are translated in the context ``"SessionTab"`` (they were the tab's).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from socklab.core import Failed, SessionError
from socklab.gui.i18n import current_language
from socklab.gui.tones import Tone, paint_text
from socklab.gui.widgets.fields import FieldError, mark_invalid
from socklab.teaching.explain import explain_error


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
        self.message = QLabel(self)
        self.message.setObjectName("settingsError")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        paint_text(self.message, Tone.ERROR)
        self.explanation = QLabel(self)
        self.explanation.setObjectName("errorExplanation")
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setWordWrap(True)
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
        if field is not None:
            self.mark(field, tip or text)
        self.message.setText(text)
        self.message.show()
        self._set_explanation(None)
        if log:
            self.logged.emit(text)

    def show_field_error(self, error: FieldError) -> None:
        """Mark the field, say what is wrong next to it, log it, and go there."""
        self.show_message(str(error), error.widget, tip=error.message, log=True)
        error.widget.setFocus()

    def explain(self, text: str, failure: SessionError | Failed) -> None:
        """Say ``text`` (what failed), what it means and the usual fix, in the UI language."""
        self.show_message(text)
        self._set_explanation(failure)

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
