"""SockLab's window: session tabs (the classic four, and more of any kind from
File → New session), a View menu for language and zoom, settings that persist.

Only the tab on screen is built when the window starts; each other tab is built
the first time it is shown or asked for (:class:`~socklab.gui.lazy_tabs.LazyTabs`).
Which tabs are open, and what each runs, is :class:`~socklab.gui.session_set.SessionSet`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

import socklab
from socklab.gui import i18n
from socklab.gui.packet_menu import PacketMenu
from socklab.gui.scenario_menu import ScenarioMenu
from socklab.gui.session_menu import SessionMenu
from socklab.gui.session_set import SessionSet
from socklab.gui.sockets_menu import SocketsMenu
from socklab.gui.tab_titles import TabTitles

if TYPE_CHECKING:
    from socklab.gui.session_kinds import SessionKind
    from socklab.gui.tabs.base import SessionTab

#: Font sizes (points) the zoom steps through; the projector wants the large ones.
ZOOM_MIN, ZOOM_MAX = 7, 40
#: Points that presentation mode adds to the font size.
PRESENTATION_ZOOM = 6.0


def high_contrast_palette() -> QPalette:
    """Black on white with a strong selection colour: readable on a washed-out projector."""
    palette = QPalette(QApplication.palette())
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, QColor("#ffffff"))
        palette.setColor(group, QPalette.ColorRole.WindowText, QColor("#000000"))
        palette.setColor(group, QPalette.ColorRole.Base, QColor("#ffffff"))
        palette.setColor(group, QPalette.ColorRole.AlternateBase, QColor("#eeeeee"))
        palette.setColor(group, QPalette.ColorRole.Text, QColor("#000000"))
        palette.setColor(group, QPalette.ColorRole.Button, QColor("#f0f0f0"))
        palette.setColor(group, QPalette.ColorRole.ButtonText, QColor("#000000"))
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor("#0d47a1"))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return palette


class MainWindow(QMainWindow):
    """The SockLab window.

    ``MainWindow()`` builds the window once a QApplication and a qasync loop
    exist: the tab on screen at once, the others when first shown or asked for
    (``udp_tab``, ``broadcast_tab``, ``tcp_client_tab``, ``tcp_server_tab``,
    :meth:`session_tab`, :meth:`session_tabs` build them). Closing it stops
    every session.

    Signals:
        closed(): the window closed and every session has stopped.
    """

    closed = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings if settings is not None else QSettings()
        language = str(self.settings.value("language", "") or i18n.system_language())
        if language != i18n.current_language():
            i18n.set_language(language)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.sessions = SessionSet(self.tabs, self.settings, self._make_tab)
        self.pages = self.sessions.pages
        self.session_menu = SessionMenu(self, self.sessions)
        self.titles = TabTitles(self.sessions)
        self.setCentralWidget(self.session_menu.area)

        self._base_point_size = QApplication.font().pointSizeF()
        self._zoom = 0.0
        self._presentation_zoom = 0.0
        self._build_menus()
        self._load_settings()
        self.retranslate()
        self.pages.build_current()

    # -- the tabs ----------------------------------------------------------------

    def _make_tab(self, kind: SessionKind, group: str) -> SessionTab:
        """Build a tab now, with the settings kept in ``group`` and the window's view options."""
        tab: SessionTab = kind.make_tab(self.tabs)  # type: ignore[assignment]
        tab.settings_key = group
        self.settings.beginGroup(group)
        tab.load_settings(self.settings)
        self.settings.endGroup()
        if not self.show_code_action.isChecked():
            tab.show_code(False)
        if self.rate_plot_action.isChecked():
            tab.show_rate_plot(True)
        if self.presentation_action.isChecked():
            tab.set_presentation(True)
        return tab

    def session_tab(self, name: str) -> SessionTab:
        """The tab whose objectName is ``name`` (``"udpTab"``, ``"udpTab2"``...),
        built now if need be; KeyError if no tab has that name (it was closed)."""
        index = self.sessions.index_of(name)
        if index < 0:
            raise KeyError(name)
        return self.pages.tab(index)

    def session_tabs(self) -> list[SessionTab]:
        """Every tab, in order (the ones not shown yet are built now)."""
        return [self.pages.tab(i) for i in range(self.tabs.count())]

    def built_tabs(self) -> list[SessionTab]:
        """The tabs built so far: shown at least once, or asked for."""
        return self.pages.built_tabs()

    # The classic tabs by name (asking for one builds it).
    udp_tab = property(lambda self: self.session_tab("udpTab"))
    broadcast_tab = property(lambda self: self.session_tab("broadcastTab"))
    tcp_client_tab = property(lambda self: self.session_tab("tcpClientTab"))
    tcp_server_tab = property(lambda self: self.session_tab("tcpServerTab"))

    # -- menus -----------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(self)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.scenarios = ScenarioMenu(self)
        self.file_menu.addAction(self.scenarios.action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.session_menu.add_to(self.file_menu)
        bar.addMenu(self.file_menu)

        self.view_menu = QMenu(self)
        self.language_menu = QMenu(self)
        self.language_menu.setObjectName("languageMenu")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES:
            action = QAction(name, self, checkable=True)
            action.setObjectName(f"language_{code}")
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.view_menu.addMenu(self.language_menu)
        self.view_menu.addSeparator()
        self.zoom_in_action = QAction(self)
        self.zoom_in_action.setObjectName("zoomIn")
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_in_action.triggered.connect(lambda: self.zoom(+1))
        self.zoom_out_action = QAction(self)
        self.zoom_out_action.setObjectName("zoomOut")
        self.zoom_out_action.setShortcut(QKeySequence("Ctrl+-"))
        self.zoom_out_action.triggered.connect(lambda: self.zoom(-1))
        self.zoom_reset_action = QAction(self)
        self.zoom_reset_action.setShortcut(QKeySequence("Ctrl+0"))
        self.zoom_reset_action.triggered.connect(lambda: self.zoom(0))
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.show_code_action = QAction(self, checkable=True)
        self.show_code_action.setObjectName("showCode")
        self.show_code_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.show_code_action.setChecked(True)
        self.show_code_action.toggled.connect(self.show_code)
        self.view_menu.addAction(self.show_code_action)
        self.rate_plot_action = QAction(self, checkable=True)
        self.rate_plot_action.setObjectName("showRatePlot")
        self.rate_plot_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.rate_plot_action.toggled.connect(self.show_rate_plot)
        self.view_menu.addAction(self.rate_plot_action)
        self.sockets = SocketsMenu(self, self.tabs, self.settings)
        self.sessions.retitled.connect(self.sockets.retitle)
        self.view_menu.addAction(self.sockets.action)
        self.presentation_action = QAction(self, checkable=True)
        self.presentation_action.setObjectName("presentationMode")
        self.presentation_action.setShortcut(QKeySequence("F11"))
        self.presentation_action.toggled.connect(self.set_presentation)
        self.view_menu.addAction(self.presentation_action)
        bar.addMenu(self.view_menu)
        self.packets = PacketMenu(self, self.tabs, self.settings)
        self.packets.add_to(self.file_menu, self.view_menu)

        self.help_menu = QMenu(self)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._about)
        self.help_menu.addAction(self.about_action)
        bar.addMenu(self.help_menu)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("SockLab — socket tester"))
        self.session_menu.retranslate()
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.zoom_in_action.setText(self.tr("Zoom &in"))
        self.zoom_out_action.setText(self.tr("Zoom &out"))
        self.zoom_reset_action.setText(self.tr("&Normal size"))
        self.show_code_action.setText(self.tr("Show the &Python code"))
        self.show_code_action.setToolTip(
            self.tr("Each tab shows the plain-socket script that does what it is set to do")
        )
        self.rate_plot_action.setText(self.tr("Show the &rate plot"))
        self.rate_plot_action.setToolTip(
            self.tr("A live plot of bytes or packets per second, received and sent")
        )
        self.presentation_action.setText(self.tr("&Presentation mode"))
        self.presentation_action.setToolTip(
            self.tr("Large text, strong contrast, advanced options hidden: for a projector")
        )
        self.sockets.retranslate()
        self.scenarios.retranslate()
        self.packets.retranslate()
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About SockLab"))
        current = i18n.current_language()
        for code, action in self.language_actions.items():
            action.setChecked(code == current)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About SockLab"))
        box.setText(
            self.tr("SockLab %1 — a socket tester for UDP and TCP.").replace(
                "%1", socklab.__version__
            )
        )
        box.open()

    # -- language and zoom -------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Switch the UI language at run time (every widget retranslates itself)."""
        if i18n.set_language(code):
            self.settings.setValue("language", code)
        self.retranslate()

    def zoom(self, step: int) -> None:
        """Grow (+1) or shrink (-1) the whole window's font; 0 goes back to normal."""
        if step == 0:
            self._zoom = 0.0
        else:
            self._zoom += step * max(1.0, self._base_point_size * 0.1)
        self._apply_zoom()
        self.settings.setValue("zoom", self._zoom)

    def show_rate_plot(self, shown: bool) -> None:
        """Show or hide every tab's rate plot (a tab built later follows)."""
        for tab in self.built_tabs():
            tab.show_rate_plot(shown)
        self.settings.setValue("show_rate_plot", shown)

    def show_code(self, shown: bool) -> None:
        """Show or hide every tab's Python code panel (a tab built later follows)."""
        for tab in self.built_tabs():
            tab.show_code(shown)
        self.settings.setValue("show_code", shown)

    def set_presentation(self, on: bool) -> None:
        """Presentation mode: large text, high contrast, advanced options hidden."""
        if self.presentation_action.isChecked() != on:
            self.presentation_action.setChecked(on)  # toggles back into this method
            return
        self.setPalette(high_contrast_palette() if on else QApplication.palette())
        for tab in self.built_tabs():
            tab.set_presentation(on)
        self._presentation_zoom = PRESENTATION_ZOOM if on else 0.0
        self._apply_zoom()
        self.settings.setValue("presentation", on)

    # -- settings ----------------------------------------------------------------

    def _load_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 760)
        self.tabs.setCurrentIndex(int(self.settings.value("current_tab", 0)))
        self._zoom = float(self.settings.value("zoom", 0.0))
        if self._zoom:
            self._apply_zoom()
        if self.settings.value("show_rate_plot", False) in (True, "true"):
            self.rate_plot_action.setChecked(True)
        if self.settings.value("show_code", True) in (False, "false"):
            self.show_code_action.setChecked(False)
        self.sockets.load()
        self.packets.load()
        if self.settings.value("presentation", False) in (True, "true"):
            self.set_presentation(True)

    def _apply_zoom(self) -> None:
        """Children inherit the window's font, so one setFont scales everything."""
        extra = self._presentation_zoom
        size = min(ZOOM_MAX, max(ZOOM_MIN, self._base_point_size + self._zoom + extra))
        self._zoom = size - self._base_point_size - extra
        font = self.font()
        font.setPointSizeF(size)
        self.setFont(font)

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("current_tab", self.tabs.currentIndex())
        self.sessions.save()  # with each tab's place, for its title at the next start
        for tab in self.built_tabs():  # a tab never built keeps what it had
            self.settings.beginGroup(tab.settings_key)
            tab.save_settings(self.settings)
            self.settings.endGroup()
        self.settings.sync()

    # -- closing -----------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_settings()
        self.scenarios.shutdown()
        for tab in self.built_tabs():
            tab.shutdown()
        super().closeEvent(event)
        self.closed.emit()
