"""A combo box that fills its list when it is opened.

For lists read from the machine (its network interfaces): they are read when
the user looks at them, not while the window starts, and are fresh each time.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QWidget


class FillOnOpenCombo(QComboBox):
    """Calls ``fill`` (which fills the combo, keeping what was typed) each time
    the list is opened.

    Signals: QComboBox's.
    """

    def __init__(self, fill: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fill = fill

    def showPopup(self) -> None:  # noqa: N802
        self._fill()
        super().showPopup()
