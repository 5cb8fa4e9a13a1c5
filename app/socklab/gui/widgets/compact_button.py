"""A push button that a narrow window may shrink to what its text needs.

Qt's Fusion style gives every text button at least 80 px; a toolbar of ten
of them then decides the window's minimum width (more than a 1024 x 768
projector has). A :class:`CompactButton` is as wide as any button where there
is room, and may shrink down to its text and the style's margins where there
is none: the text itself is never cut.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget


class CompactButton(QPushButton):
    """A QPushButton whose minimum width is its text's, not the style's. No
    signals of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.setSizePolicy(policy)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = self.sizeHint()
        option = QStyleOptionButton()
        self.initStyleOption(option)
        style = self.style()
        margins = style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, option, self)
        frame = style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, self)
        text = self.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        width = self.fontMetrics().horizontalAdvance(text) + margins + 2 * frame + 4
        return QSize(min(hint.width(), width), hint.height())
