"""The window's session tabs: which kind each page runs, in which slot, under
which name; opened, closed, moved, and kept between runs.

Every page carries three dynamic properties (on its placeholder, then on its
built tab, see :class:`~socklab.gui.lazy_tabs.LazyTabs`): ``sessionKind`` (the
kind's key, :mod:`socklab.gui.session_kinds`), ``sessionSlot`` (1, 2 ...: its
objectName and settings group, :meth:`SessionKind.tab_name`) and
``sessionName`` (the name the user gave it, "" for the automatic title).

The set is saved in the QSettings array ``sessions`` (``kind``, ``slot``,
``name`` per tab, in order) whenever it changes; a window that saved none opens
the classic four (:data:`~socklab.gui.session_kinds.DEFAULT_KINDS`). Only the
page on screen is built at start.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from socklab.gui.lazy_tabs import LazyTabs
from socklab.gui.session_kinds import DEFAULT_KINDS, KINDS, SessionKind, kind_for

#: The QSettings array of the tabs.
ARRAY = "sessions"
KIND, SLOT, NAME = "sessionKind", "sessionSlot", "sessionName"

#: Builds a tab of a kind, with the settings kept in a group: (kind, group) -> tab.
TabMaker = Callable[[SessionKind, str], QWidget]
#: A page: its kind, slot and user-given name.
Entry = tuple[SessionKind, int, str]


class SessionSet(QObject):
    """The pages of ``tabs`` and what each one runs (see the module).

    Signals:
        changed(): a tab was opened, closed, moved or renamed (and the set saved).
        closing(QWidget): a built tab is about to be shut down and removed.
    """

    changed = Signal()
    closing = Signal(QWidget)

    def __init__(self, tabs: QTabWidget, settings: QSettings, make_tab: TabMaker) -> None:
        super().__init__(tabs)
        self.tabs, self._settings, self._make_tab = tabs, settings, make_tab
        entries = self._saved_entries()
        self.pages = LazyTabs(
            tabs, [(kind.tab_name(slot), self._factory(kind, slot)) for kind, slot, _ in entries]
        )
        for index, (kind, slot, name) in enumerate(entries):
            self._mark(tabs.widget(index), kind, slot, name)
        tabs.tabBar().tabMoved.connect(lambda _from, _to: self._changed())

    # -- what each page is ---------------------------------------------------------

    def kind_at(self, index: int) -> SessionKind:
        key = str(self.tabs.widget(index).property(KIND))
        kind = kind_for(key)
        if kind is None:  # every page is made with a known kind
            raise LookupError(key)
        return kind

    def slot_at(self, index: int) -> int:
        return int(self.tabs.widget(index).property(SLOT))

    def name_at(self, index: int) -> str:
        return str(self.tabs.widget(index).property(NAME) or "")

    def set_name(self, index: int, name: str) -> None:
        """Name the tab at ``index`` (``""``: back to its automatic title); kept."""
        self.tabs.widget(index).setProperty(NAME, name.strip())
        self._changed()

    def title_at(self, index: int) -> str:
        """The tab's title: the name the user gave it, else its kind's name."""
        return self.name_at(index) or self.kind_at(index).display_name()

    def retitle(self) -> None:
        """Title every tab anew (the language changed, a tab was renamed ...)."""
        for index in range(self.tabs.count()):
            self.tabs.setTabText(index, self.title_at(index))

    def index_of(self, name: str) -> int:
        """The index of the page whose objectName is ``name``; -1 if none."""
        tabs = self.tabs
        return next((i for i in range(tabs.count()) if tabs.widget(i).objectName() == name), -1)

    def group_at(self, index: int) -> str:
        """The QSettings group of the tab at ``index``."""
        return self.kind_at(index).settings_group(self.slot_at(index))

    # -- opening and closing -------------------------------------------------------

    def open(self, kind: SessionKind) -> QWidget:
        """A new tab of ``kind``, last, made current (and so built); returns it."""
        slot = self._free_slot(kind)
        self._settings.remove(kind.settings_group(slot))  # a new session starts as built
        index = self.pages.add(kind.tab_name(slot), self._factory(kind, slot))
        self._mark(self.tabs.widget(index), kind, slot, "")
        self.tabs.setCurrentIndex(index)
        tab = self.pages.tab(index)
        self._changed()
        return tab

    def close(self, index: int) -> None:
        """Close the tab at ``index``: its session first, then the tab; what it
        kept in the settings goes with it."""
        group = self.group_at(index)
        if self.pages.is_built(index):
            tab = self.tabs.widget(index)
            self.closing.emit(tab)
            tab.shutdown()
        widget = self.pages.remove(index)
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
        self._settings.remove(group)
        self._changed()

    def _free_slot(self, kind: SessionKind) -> int:
        tabs = self.tabs
        same_kind = (i for i in range(tabs.count()) if tabs.widget(i).property(KIND) == kind.key)
        taken = {self.slot_at(i) for i in same_kind}
        return next(slot for slot in range(1, len(taken) + 2) if slot not in taken)

    def _factory(self, kind: SessionKind, slot: int) -> Callable[[], QWidget]:
        return lambda: self._make_tab(kind, kind.settings_group(slot))

    @staticmethod
    def _mark(page: QWidget, kind: SessionKind, slot: int, name: str) -> None:
        page.setProperty(KIND, kind.key)
        page.setProperty(SLOT, slot)
        page.setProperty(NAME, name)

    # -- kept between runs ---------------------------------------------------------

    def _changed(self) -> None:
        self.retitle()
        self.save()
        self.changed.emit()

    def save(self) -> None:
        """Write the set of tabs (kinds, slots, names, in order) to the settings."""
        settings = self._settings
        settings.remove(ARRAY)
        settings.beginWriteArray(ARRAY, self.tabs.count())
        for index in range(self.tabs.count()):
            settings.setArrayIndex(index)
            settings.setValue("kind", self.kind_at(index).key)
            settings.setValue("slot", self.slot_at(index))
            settings.setValue("name", self.name_at(index))
        settings.endArray()

    def _saved_entries(self) -> list[Entry]:
        """The tabs saved last time; the classic four if none were. An entry of a
        kind no longer known, or a slot taken twice, is passed over."""
        settings = self._settings
        if not settings.contains(f"{ARRAY}/size"):
            return [(kind, 1, "") for kind in KINDS if kind.key in DEFAULT_KINDS]
        entries: list[Entry] = []
        taken: set[tuple[str, int]] = set()
        count = settings.beginReadArray(ARRAY)
        try:
            for index in range(count):
                settings.setArrayIndex(index)
                kind = kind_for(str(settings.value("kind", "")))
                try:
                    slot = int(settings.value("slot", 1))
                except (TypeError, ValueError):
                    continue
                if kind is None or slot < 1 or (kind.key, slot) in taken:
                    continue
                taken.add((kind.key, slot))
                entries.append((kind, slot, str(settings.value("name", "") or "")))
        finally:
            settings.endArray()
        return entries
