"""The reply rules' own window, and the tab's button that opens it.

A tab's settings strip has no room for a table (the window fits a 1024 x 768
projector), so the UDP and TCP Server tabs hold a "Reply rules…" button
(objectName ``replyRulesButton``) that says how many rules there are and opens
:class:`ReplyRulesDialog` (``replyRulesDialog``, not modal: the tab stays
usable and the Hits column counts live while both show). The dialog is a child
of the tab: its fields are the tab's, kept with the tab's settings.

Signals: none of their own; the editor is :attr:`ReplyRulesButton.box`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from socklab.gui.widgets.error_banner import ErrorBanner
from socklab.gui.widgets.reply_rules import ReplyRulesBox

#: The dialog's first size: room for a handful of rules and their fields.
DIALOG_SIZE = (760, 420)


class ReplyRulesDialog(QDialog):
    """A window holding one tab's :class:`ReplyRulesBox`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("replyRulesDialog")
        self.setModal(False)
        self.box = ReplyRulesBox(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.hide)
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # Return ends a field's edit, not the window
        layout = QVBoxLayout(self)
        layout.addWidget(self.box, 1)
        layout.addWidget(buttons)
        self.resize(*DIALOG_SIZE)


class ReplyRulesButton(QPushButton):
    """Opens (or brings forward) its tab's reply rules window; its text counts the rules."""

    def __init__(self, tab: QWidget) -> None:
        super().__init__(tab)
        self.setObjectName("replyRulesButton")
        self.dialog = ReplyRulesDialog(tab)
        self.box = self.dialog.box
        self._title = ""
        self.box.rules_changed.connect(self.retranslate)
        self.clicked.connect(self.open_rules)
        self.retranslate()

    def report_to(self, banner: ErrorBanner) -> None:
        """What the rules' fields cannot take is said (and logged) by the tab's ``banner`` too."""
        self.box.said.connect(lambda text, field: banner.show_message(text, field, log=True))
        self.box.unsaid.connect(banner.unmark)

    def open_rules(self) -> None:
        """Show the rules window in front."""
        if not self.dialog.isVisible():
            self.dialog.show()
            return
        self.dialog.setWindowState(self.dialog.windowState() & ~Qt.WindowState.WindowMinimized)
        self.dialog.raise_()
        self.dialog.activateWindow()

    def set_title(self, title: str) -> None:
        """The window's title: the tab it belongs to (already translated)."""
        self._title = title
        self.retranslate()

    def retranslate(self) -> None:
        count = len(self.box.rules())
        if count:
            self.setText(self.tr("Reply rules (%1)…").replace("%1", f"{count:,}"))
        else:
            self.setText(self.tr("Reply rules…"))
        self.setToolTip(
            self.tr("Answer what arrives by rules: a pattern, its reply, tried in order")
        )
        title = self.tr("Reply rules")
        self.dialog.setWindowTitle(f"{title}: {self._title}" if self._title else title)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
