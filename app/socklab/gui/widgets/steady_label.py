"""A label for text that changes many times a second: counters, drop counts, progress.

A plain ``QLabel`` asks its layout to recompute on every ``setText``; the request
climbs from layout to layout up to the window, which then lays out and repaints
every widget in it (measured during a flood: the whole window, twenty times a
second, a fifth of the GUI thread). A :class:`SteadyLabel` keeps a fixed size
instead, so a new text repaints the label alone. The size follows the text only
when it must: it grows as soon as a text needs more room, and shrinks when the
text has become much shorter, or the font changed (zoom).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

#: Shrink only when the text needs less than this share of the label's width:
#: a rate that goes from "999 KB/s" to "1 MB/s" and back must not jiggle the layout.
_SHRINK_BELOW = 0.75
_UNBOUNDED = 16_777_215  # QWIDGETSIZE_MAX


class SteadyLabel(QLabel):
    """A plain-text QLabel whose size changes only when its text no longer fits
    (or is much shorter). No signals of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._fitted: tuple[float, int] | None = None  # (text width, line height) fitted to

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if text == self.text():
            return
        super().setText(text)
        self._fit()

    def clear(self) -> None:
        super().clear()
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fitted = None
            self._fit()

    def _fit(self) -> None:
        """Fix the size to the text's when it does not fit or is much smaller;
        otherwise leave the layout alone."""
        metrics = self.fontMetrics()
        needed = metrics.horizontalAdvance(self.text())
        fitted = self._fitted
        if (
            fitted is not None
            and fitted[1] == metrics.height()
            and fitted[0] * _SHRINK_BELOW <= needed <= fitted[0]
        ):
            return
        # QLabel's size hint never goes below its minimum size: free it first.
        self.setMinimumSize(0, 0)
        self.setMaximumSize(_UNBOUNDED, _UNBOUNDED)
        self.setFixedSize(self.sizeHint())
        self._fitted = (needed, metrics.height())
