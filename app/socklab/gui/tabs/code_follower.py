"""Keeps a tab's code panel showing the plain-socket script of what the tab is
set to do, a moment after each edit.

The script is written only while the panel is on screen, and when it comes on
screen (just after, so that the window shows first): a hidden tab or panel
costs nothing, and :mod:`socklab.teaching.codegen` is imported when the first
script is written, not when the window starts.

The script is shown even while a field holds a bad value: :func:`host_or`,
:func:`port_or` and :func:`payload_or_empty` read a field leniently, with a
default in place of what does not parse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit, QWidget

from socklab.core import PayloadError
from socklab.gui.i18n import current_language
from socklab.gui.widgets.code_panel import CodePanel
from socklab.gui.widgets.fields import FieldError, read_bind_host, read_host, read_port
from socklab.gui.widgets.payload_editor import PayloadEditor

if TYPE_CHECKING:
    from socklab.teaching.codegen import CodeSettings

#: The code panel regenerates this long after the last edit.
CODE_REFRESH_MS = 150


class CodeFollower(QObject):
    """Regenerates ``panel``'s script from ``settings()`` when a field of ``tab`` changes.

    Signals: none.
    """

    def __init__(
        self,
        tab: QWidget,
        panel: CodePanel,
        settings: Callable[[], CodeSettings | None],
        editor: PayloadEditor,
    ) -> None:
        super().__init__(tab)
        self._tab = tab
        self._panel = panel
        self._settings = settings
        self._editor = editor
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CODE_REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        #: The script does not follow the fields yet: it is written when the panel shows.
        self.stale = True
        panel.installEventFilter(self)
        # Once the tab has built its fields (it is still in its constructor): follow them.
        QTimer.singleShot(0, self._watch_fields)

    def refresh(self) -> None:
        """Regenerate the script now if the panel is on screen, else when it shows."""
        if not self._panel.isVisible():
            self.stale = True
            return
        self.stale = False
        settings = self._settings()
        if settings is not None:
            from socklab.teaching.codegen import generate  # the first script imports it

            self._panel.set_code(generate(settings, current_language()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and self.stale:
            # Just after: the window (or the tab) shows first, then its script.
            QTimer.singleShot(0, self, self._refresh_if_stale)
        return False

    def _refresh_if_stale(self) -> None:
        if self.stale:
            self.refresh()

    def schedule(self) -> None:
        """Regenerate the script shortly (edits in a row regenerate it once)."""
        self._timer.start()

    def _watch_fields(self) -> None:
        tab = self._tab
        for edit in tab.findChildren(QLineEdit):
            edit.textChanged.connect(self.schedule)
        for combo in tab.findChildren(QComboBox):
            combo.currentIndexChanged.connect(self.schedule)
        for spin in tab.findChildren(QAbstractSpinBox):
            spin.editingFinished.connect(self.schedule)
            if hasattr(spin, "valueChanged"):
                spin.valueChanged.connect(self.schedule)
        for check in tab.findChildren(QCheckBox):
            check.toggled.connect(self.schedule)
        self._editor.edit.textChanged.connect(self.schedule)
        self._refresh_if_stale()


def host_or(widget: QWidget, default: str) -> str:
    """The host in ``widget``, or ``default`` while it is not a valid one."""
    try:
        return read_host(widget, "")
    except FieldError:
        return default


def bind_host_or(widget: QWidget, default: str) -> str:
    """The bind host in ``widget`` (empty: every interface), or ``default`` while
    it is not a valid one."""
    try:
        return read_bind_host(widget, "")
    except FieldError:
        return default


def port_or(widget: QWidget, default: int, *, allow_zero: bool = False) -> int:
    """The port in ``widget``, or ``default`` while it is not a valid one."""
    try:
        return read_port(widget, "", allow_zero=allow_zero)
    except FieldError:
        return default


def payload_or_empty(editor: PayloadEditor) -> bytes:
    """The editor's bytes, or nothing while its input is invalid."""
    try:
        return editor.payload()
    except PayloadError:
        return b""
