"""The View menu's "Sockets" action (``showSockets``) and the panel it shows.

The panel (:class:`~socklab.gui.widgets.sockets_panel.SocketsPanel`) is
imported and built the first time it is shown, docked under the tabs, and follows the current tab.
Whether it is shown is remembered (``show_sockets``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabWidget

if TYPE_CHECKING:
    from socklab.gui.widgets.sockets_panel import SocketsPanel


class SocketsMenu(QObject):
    """Shows and hides the window's Sockets panel. Signals: none."""

    def __init__(self, window: QMainWindow, tabs: QTabWidget, settings: QSettings) -> None:
        super().__init__(window)
        self._window, self._tabs, self._settings = window, tabs, settings
        self.panel: SocketsPanel | None = None
        self.action = QAction(window, checkable=True)
        self.action.setObjectName("showSockets")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.action.toggled.connect(self.show_panel)
        self.retranslate()

    def load(self) -> None:
        """Show the panel if it was shown last time."""
        if self._settings.value("show_sockets", False) in (True, "true"):
            self.action.setChecked(True)

    def show_panel(self, shown: bool) -> None:
        if shown and self.panel is None:
            # Imported with the panel: the window starts without the kernel's
            # socket tables and their explanations.
            from socklab.gui.widgets.sockets_panel import SocketsPanel

            self.panel = SocketsPanel(self._window)
            self._window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.panel)
            self._tabs.currentChanged.connect(self._follow)
            # Closed by its own button: the menu's check follows.
            self.panel.visibilityChanged.connect(self._closed)
            self._follow(self._tabs.currentIndex())
        if self.panel is not None:
            first = shown and not self.panel.isVisible() and not self.panel.property("sized")
            self.panel.setVisible(shown)
            if first:  # a third of the window: room for a few rows under the tabs
                self.panel.setProperty("sized", True)
                height = max(200, self._window.height() // 3)
                self._window.resizeDocks([self.panel], [height], Qt.Orientation.Vertical)
        self._settings.setValue("show_sockets", shown)

    def _closed(self, visible: bool) -> None:
        if not visible and self.panel is not None and self.panel.isHidden():
            self.action.setChecked(False)

    def _title(self, index: int) -> str:
        """The tab's title as it reads (a tab's text writes a literal & as &&)."""
        return self._tabs.tabText(index).replace("&&", "&")

    def _follow(self, index: int) -> None:
        if self.panel is not None:
            self.panel.follow(self._tabs.widget(index), self._title(index))

    def retitle(self, index: int) -> None:
        """The tab at ``index`` has a new title: the panel says it if it follows that tab."""
        if self.panel is not None and index == self._tabs.currentIndex():
            self.panel.set_title(self._title(index))

    def retranslate(self) -> None:
        self.action.setText(self.tr("Show the &sockets in the kernel"))
        self.action.setToolTip(
            self.tr(
                "What the kernel holds for the current tab's ports: state (LISTEN, "
                "ESTABLISHED, TIME_WAIT ...), Recv-Q and Send-Q"
            )
        )
        if self.panel is not None:
            self.panel.retranslate()
            self._follow(self._tabs.currentIndex())
