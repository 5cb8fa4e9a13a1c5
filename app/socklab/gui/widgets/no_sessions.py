"""What the window shows once its last tab is closed: a line that says so and
one button per kind of session (each triggers the File → New session action
of its kind), so the window stays usable without the menu.

The page is ``noSessions``; its buttons are ``noSessions_<action>``
(``noSessions_newUdpSession`` ...).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget


class NoSessionsPage(QWidget):
    """The empty window's page: a text and a button per New session action. No signals."""

    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noSessions")
        self.label = QLabel(self)
        self.label.setObjectName("noSessionsText")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: list[QToolButton] = []
        for action in actions:
            button = QToolButton(self)
            button.setObjectName(f"noSessions_{action.objectName()}")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumWidth(120)
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addStretch(2)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
