"""Tab titles that say what each session is and where, and renaming a tab.

A built tab tells where its socket is (:meth:`SessionTab.title_place`, and
``titleChanged`` when that may have changed: a field edited, a socket bound or
closed); :class:`TabTitles` hands it to the :class:`SessionSet`, which titles
the tab ``UDP :41400``, ``TCP Server [::]:8080``, ``TLS Client example:443``
(and keeps it for the next start, so a tab not built yet says it too).

A double-click on a tab opens an inline editor (``tabNameEditor``) over it:
Enter (or clicking elsewhere) keeps the name, Escape leaves the title as it
was, and an empty name gives the tab its automatic title back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from socklab.gui.session_set import SessionSet


class TabTitles(QObject):
    """Keeps the tabs' titles following their sessions; renames on double-click.

    Signals: none.
    """

    def __init__(self, sessions: SessionSet) -> None:
        super().__init__(sessions)
        self.sessions = sessions
        self.editor: QLineEdit | None = None
        self._renaming: QWidget | None = None
        sessions.pages.built.connect(self.watch)
        for tab in sessions.pages.built_tabs():
            self.watch(tab)
        sessions.tabs.tabBarDoubleClicked.connect(self.rename)

    def watch(self, tab: QWidget) -> None:
        """Title ``tab`` by where its socket is, now and whenever that changes."""
        signal = getattr(tab, "titleChanged", None)
        if signal is None:
            return
        signal.connect(lambda: self.follow(tab))
        self.follow(tab)

    def follow(self, tab: QWidget) -> None:
        index = self.sessions.tabs.indexOf(tab)
        if index >= 0:
            variant, where = tab.title_place()  # type: ignore[attr-defined]
            self.sessions.set_place(index, variant, where)

    # -- renaming ----------------------------------------------------------------

    def rename(self, index: int) -> None:
        """Open the name editor over the tab at ``index``."""
        if index < 0:
            return
        bar = self.sessions.tabs.tabBar()
        if self.editor is None:
            self.editor = QLineEdit(bar)
            self.editor.setObjectName("tabNameEditor")
            self.editor.editingFinished.connect(self._commit)
            self.editor.installEventFilter(self)
        self._renaming = self.sessions.tabs.widget(index)
        editor = self.editor
        editor.setPlaceholderText(self.sessions.automatic_title(index))
        editor.setToolTip(self.tr("A name for this tab; leave it empty for the automatic title"))
        editor.setText(self.sessions.title_at(index))
        editor.setGeometry(bar.tabRect(index))
        editor.show()
        editor.setFocus()
        editor.selectAll()

    def _commit(self) -> None:
        page, self._renaming = self._renaming, None
        if self.editor is None or page is None:
            return
        self.editor.hide()
        index = self.sessions.tabs.indexOf(page)
        if index < 0:
            return  # closed meanwhile
        text = self.editor.text().strip()
        if text == self.sessions.automatic_title(index):
            text = ""  # accepted as it was: the title keeps following the socket
        if text != self.sessions.name_at(index):
            self.sessions.set_name(index, text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.editor
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self._renaming = None  # nothing to keep
            self.editor.hide()
            return True
        return super().eventFilter(watched, event)
