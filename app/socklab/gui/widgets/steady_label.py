"""A label for text that changes many times a second: counters, drop counts, progress.

A plain ``QLabel`` asks its layout to recompute on every ``setText``; the request
climbs from layout to layout up to the window, which then lays out and repaints
every widget in it (measured during a flood: the whole window, twenty times a
second, a fifth of the GUI thread). And its minimum width is its text's: a count
that grows by a digit can make the window itself wider, in the middle of a
transfer. A :class:`SteadyLabel` paints its text itself: a new text repaints the
label alone; its size hint follows the text only when it must (it grows as soon
as a text needs more room, shrinks when the text has become much shorter or the
font changed); and where the layout gives it less room, the text ends in an
ellipsis (the tooltip then shows all of it) instead of pushing the window wider.
Hidden, it keeps its place, so showing it needs no more room either.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip, QWidget

from socklab.gui.widgets.long_text import bounded, plain_tip

#: Shrink only when the text needs less than this share of the hinted width:
#: a rate that goes from "999 KB/s" to "1 MB/s" and back must not jiggle the layout.
_SHRINK_BELOW = 0.75
_ELLIPSIS = "\u2026"


class SteadyLabel(QLabel):
    """A one-line plain-text QLabel whose text changes repaint only the label.

    ``text()`` is the whole text; :meth:`shown_text` what fits. No signals of its own.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._hint_width = 0  # the text width the size hint was fitted to
        self._hint_height = 0  # ... and the line height
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)  # showing it never needs more room
        self.setSizePolicy(policy)

    # -- QLabel's text, kept here (QLabel's own would relayout on every change)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if text == self._text:
            return
        self._text = text
        self.setAccessibleName(text)  # what QLabel's own text would tell a screen reader
        self._refit()
        self.update()

    def clear(self) -> None:
        self.setText("")

    def shown_text(self) -> str:
        """The text as painted: all of it, or its start and an ellipsis."""
        return self.fontMetrics().elidedText(
            self._text, Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )

    # -- size ------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802
        margins = self.contentsMargins()
        width = int(self._hint_width) + margins.left() + margins.right()
        height = self.fontMetrics().height() + margins.top() + margins.bottom()
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Room for an ellipsis, whatever the text: it never raises the window's minimum."""
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(_ELLIPSIS) + margins.left() + margins.right()
        return QSize(width, self.sizeHint().height())

    def _refit(self) -> None:
        """Move the size hint to the text's when it no longer fits or is much
        shorter (one relayout); otherwise leave the layout alone."""
        metrics = self.fontMetrics()
        needed = math.ceil(QFontMetricsF(self.font()).horizontalAdvance(self._text)) + 1
        if (
            self._hint_height == metrics.height()
            and self._hint_width * _SHRINK_BELOW <= needed <= self._hint_width
        ):
            return
        self._hint_width, self._hint_height = needed, metrics.height()
        self.updateGeometry()

    # -- events ----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        alignment = self.alignment()
        if not alignment & Qt.AlignmentFlag.AlignVertical_Mask:
            alignment |= Qt.AlignmentFlag.AlignVCenter
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(alignment),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.shown_text() != self._text:
            assert isinstance(event, QHelpEvent)
            tip = "\n\n".join(filter(None, (self._text, self.toolTip())))
            QToolTip.showText(event.globalPos(), plain_tip(bounded(tip)), self)
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._hint_height = 0
            self._refit()
