"""A port field follows its host field: a Unix address (``/path``, ``@name``)
has no port, so the port field is disabled and says why.

:func:`follow_host` couples the two; the tab may enable and disable the port
field as before (while a socket is open ...): it stays disabled as long as the
host is a Unix address. :func:`~.fields.read_port` then reads 0.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from socklab.core import is_unix_text
from socklab.gui.widgets.fields import UNUSED_PORT, field_text


def unused_port_tip() -> str:
    return QCoreApplication.translate(
        "UnixPort", "Not used: a Unix socket address (a path or @name) has no port"
    )


class PortFollower(QObject):
    """Keeps ``port`` disabled while ``host`` holds a Unix address. Signals: none."""

    def __init__(self, host: QComboBox | QLineEdit, port: QWidget) -> None:
        super().__init__(port)
        self.setObjectName("portFollower")
        self.host = host
        self.port = port
        self._help = port.toolTip()
        self._enabled = port.isEnabled()
        self._shown_tip = ""
        if isinstance(host, QComboBox):
            host.currentTextChanged.connect(self.update)
        else:
            host.textChanged.connect(self.update)
        port.installEventFilter(self)
        self.update()

    def unused(self) -> bool:
        return is_unix_text(field_text(self.host))

    def update(self) -> None:
        """Follow the host's text now."""
        unused = self.unused()
        was = bool(self.port.property(UNUSED_PORT))
        self.port.setProperty(UNUSED_PORT, unused)
        if unused:
            if not was:
                self._help = self.port.toolTip()
                self._enabled = self.port.isEnabled()
            self._show_unused_tip()
            self.port.setEnabled(False)
        elif was:
            self.port.setToolTip(self._help)
            self.port.setEnabled(self._enabled)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is not self.port or not self.port.property(UNUSED_PORT):
            return False
        kind = event.type()
        if kind == QEvent.Type.EnabledChange and self.port.isEnabled():
            self._enabled = True  # what the tab wants once the host is no Unix one
            self.port.setEnabled(False)
        elif kind in (QEvent.Type.ToolTipChange, QEvent.Type.LanguageChange):
            tip = self.port.toolTip()
            if kind == QEvent.Type.ToolTipChange and tip != self._shown_tip:
                self._help = tip  # the tab's help (retranslated), for later
            self._show_unused_tip()
        return False

    def _show_unused_tip(self) -> None:
        self._shown_tip = unused_port_tip()
        if self.port.toolTip() != self._shown_tip:
            self.port.setToolTip(self._shown_tip)


def follow_host(host: QComboBox | QLineEdit, port: QWidget) -> PortFollower:
    """Couple ``port`` to ``host`` (see :class:`PortFollower`)."""
    return PortFollower(host, port)
