"""File → New session and Close session, and where the tabs live.

* ``newSession``: the File menu's "New session" submenu (its menu action), one
  action per kind of :data:`~socklab.gui.session_kinds.KINDS` (``newUdpSession``
  ...). Ctrl+T pops the same menu up under the tabs' ``+`` button
  (``newSessionButton``), or over the empty window's buttons.
* ``closeSession`` (Ctrl+W), each tab's close button and a middle click on a
  tab close it, its session first (:meth:`SessionSet.close`).
* :attr:`SessionMenu.area` (``sessionArea``), the window's central widget,
  shows the tabs, or, once the last tab is closed, the ``noSessions`` page with
  a button per kind: closing the last tab leaves a window one click away from a
  new session, as an editor with no file open does, rather than closing it or
  refusing (the user asked for it, and the classic four come back one by one
  from the same menu).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QStackedWidget, QTabBar, QToolButton

from socklab.gui.session_kinds import KINDS, SessionKind
from socklab.gui.session_set import SessionSet
from socklab.gui.widgets.no_sessions import NoSessionsPage


class SessionMenu(QObject):
    """The actions that open and close session tabs (see the module). Signals: none."""

    def __init__(self, window: QMainWindow, sessions: SessionSet) -> None:
        super().__init__(window)
        self._window, self.sessions = window, sessions
        tabs = sessions.tabs
        self.menu = QMenu(window)
        self.menu.setObjectName("newSessionMenu")
        self.new_action = self.menu.menuAction()
        self.new_action.setObjectName("newSession")
        self.new_action.setShortcut(QKeySequence("Ctrl+T"))
        # Chosen in the File menu it opens as a submenu; Ctrl+T pops it up by the tabs.
        self.new_action.triggered.connect(self.choose)
        self.kind_actions: dict[str, QAction] = {}
        for kind in KINDS:
            action = QAction(window)
            action.setObjectName(kind.action)
            action.triggered.connect(lambda _checked=False, k=kind: self.open(k))
            self.menu.addAction(action)
            self.kind_actions[kind.key] = action
        self.close_action = QAction(window)
        self.close_action.setObjectName("closeSession")
        self.close_action.setShortcut(QKeySequence("Ctrl+W"))
        self.close_action.triggered.connect(self.close_current)

        self.new_button = QToolButton(tabs)
        self.new_button.setObjectName("newSessionButton")
        self.new_button.setText("+")
        self.new_button.setAutoRaise(True)
        self.new_button.setMenu(self.menu)
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The + says it opens something; the style's arrow beside it only crowds it.
        self.new_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        tabs.setCornerWidget(self.new_button)
        tabs.setTabsClosable(True)
        tabs.setMovable(True)
        tabs.tabCloseRequested.connect(self.sessions.close)
        tabs.tabBar().installEventFilter(self)  # a middle click closes, as in a browser

        self.empty = NoSessionsPage(list(self.kind_actions.values()), window)
        self.area = QStackedWidget(window)
        self.area.setObjectName("sessionArea")
        self.area.addWidget(tabs)
        self.area.addWidget(self.empty)
        sessions.changed.connect(self._show_tabs_or_empty)
        sessions.changed.connect(self._label_close_buttons)
        sessions.pages.built.connect(lambda _tab: self._label_close_buttons())
        self._show_tabs_or_empty()

    def add_to(self, file_menu: QMenu) -> None:
        """Put New session and Close session at the top of ``file_menu``."""
        first = file_menu.actions()[0] if file_menu.actions() else None
        file_menu.insertMenu(first, self.menu)
        file_menu.insertAction(first, self.close_action)
        file_menu.insertSeparator(first)

    def open(self, kind: SessionKind) -> None:
        self.sessions.open(kind)

    def close_current(self) -> None:
        index = self.sessions.tabs.currentIndex()
        if index >= 0:
            self.sessions.close(index)

    def choose(self) -> None:
        """Pop the New session menu up: under the ``+`` button, or over the
        empty window's buttons."""
        if self.menu.isVisible():
            return
        if self.area.currentWidget() is self.empty:
            anchor = self.empty.buttons[0]
            where = anchor.mapToGlobal(QPoint(0, anchor.height()))
        else:
            button = self.new_button
            where = button.mapToGlobal(QPoint(button.width() - self.menu.sizeHint().width(), 0))
            where.setY(button.mapToGlobal(QPoint(0, button.height())).y())
        self.menu.popup(where)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.MiddleButton
            and isinstance(watched, QTabBar)
        ):
            index = watched.tabAt(event.position().toPoint())
            if index >= 0:
                self.sessions.close(index)
                return True
        return super().eventFilter(watched, event)

    def _show_tabs_or_empty(self) -> None:
        empty = self.sessions.tabs.count() == 0
        self.area.setCurrentWidget(self.empty if empty else self.sessions.tabs)
        self.close_action.setEnabled(not empty)

    def _label_close_buttons(self) -> None:
        """Each tab's close button says what it does (a tab built anew has a new one)."""
        bar = self.sessions.tabs.tabBar()
        tip = self.tr("Close this session (Ctrl+W closes the current one)")
        for index in range(bar.count()):
            button = bar.tabButton(index, QTabBar.ButtonPosition.RightSide)
            if button is not None:
                button.setToolTip(tip)

    def retranslate(self) -> None:
        self.sessions.retitle()
        self._label_close_buttons()
        self.menu.setTitle(self.tr("&New session"))
        self.new_action.setToolTip(self.tr("Open a new tab of any kind (Ctrl+T)"))
        self.new_button.setToolTip(self.tr("New session (Ctrl+T)"))
        for kind in KINDS:
            self.kind_actions[kind.key].setText(kind.display_name())
        self.close_action.setText(self.tr("&Close session"))
        self.close_action.setToolTip(self.tr("Close the current tab; its socket is closed first"))
        self.empty.set_text(
            self.tr("No session is open. Open one (Ctrl+T), of any kind, as many as you like:")
        )
