"""The window's session tabs: which kind each page runs, in which slot, under
which name; opened, closed, moved, and kept between runs.

Every page carries dynamic properties (on its placeholder, then on its built
tab, see :class:`~socklab.gui.lazy_tabs.LazyTabs`): ``sessionKind`` (the kind's
key, :mod:`socklab.gui.session_kinds`), ``sessionSlot`` (1, 2 ...: its
objectName and settings group, :meth:`SessionKind.tab_name`), ``sessionName``
(the name the user gave it, "" for the automatic title), and what its
automatic title says besides the kind: ``sessionVariant`` (``"tls"``,
``"unix"`` or "") and ``sessionWhere`` (``:41400``; see
:class:`~socklab.gui.tab_titles.TabTitles`).

The set is saved in the QSettings array ``sessions`` (``kind``, ``slot``,
``name``, ``variant``, ``where`` per tab, in order) whenever it changes and
when the window closes; a window that saved none opens the classic four
(:data:`~socklab.gui.session_kinds.DEFAULT_KINDS`). Only the page on screen is
built at start; the others are titled from what was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from socklab.gui.lazy_tabs import LazyTabs
from socklab.gui.session_kinds import DEFAULT_KINDS, KINDS, SessionKind, kind_for

#: The QSettings array of the tabs.
ARRAY = "sessions"
KIND, SLOT, NAME = "sessionKind", "sessionSlot", "sessionName"
VARIANT, WHERE = "sessionVariant", "sessionWhere"
#: The most characters of a place a title shows (the middle of a longer one is cut).
WHERE_MAX = 32

#: Builds a tab of a kind, with the settings kept in a group: (kind, group) -> tab.
TabMaker = Callable[[SessionKind, str], QWidget]


class Entry(NamedTuple):
    """A page: its kind, slot, user-given name, variant and place."""

    kind: SessionKind
    slot: int
    name: str = ""
    variant: str = ""
    where: str = ""


class SessionSet(QObject):
    """The pages of ``tabs`` and what each one runs (see the module).

    Signals:
        changed(): a tab was opened, closed, moved or renamed (and the set saved).
        closing(QWidget): a built tab is about to be shut down and removed.
        retitled(int): the tab at this index has a new title (or tooltip).
    """

    changed = Signal()
    closing = Signal(QWidget)
    retitled = Signal(int)

    def __init__(self, tabs: QTabWidget, settings: QSettings, make_tab: TabMaker) -> None:
        super().__init__(tabs)
        self.tabs, self._settings, self._make_tab = tabs, settings, make_tab
        entries = self._saved_entries()
        self.pages = LazyTabs(
            tabs, [(e.kind.tab_name(e.slot), self._factory(e.kind, e.slot)) for e in entries]
        )
        for index, entry in enumerate(entries):
            for key, value in self._properties(entry).items():
                tabs.widget(index).setProperty(key, value)
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

    def set_place(self, index: int, variant: str, where: str) -> None:
        """What the tab at ``index`` runs as (``"tls"`` ...) and where (``:41400``)."""
        page = self.tabs.widget(index)
        if page.property(VARIANT) != variant or page.property(WHERE) != where:
            page.setProperty(VARIANT, variant)
            page.setProperty(WHERE, where)
            self._retitle(index)

    def automatic_title(self, index: int, *, full: bool = False) -> str:
        """What the tab is and where: ``UDP :41400`` (``full``: never shortened)."""
        page = self.tabs.widget(index)
        name = self.kind_at(index).display_name(str(page.property(VARIANT) or ""))
        where = str(page.property(WHERE) or "")
        if not full and len(where) > WHERE_MAX:
            half = WHERE_MAX // 2
            where = f"{where[: half - 1]}…{where[-half:]}"
        return f"{name} {where}" if where else name

    def title_at(self, index: int) -> str:
        """The tab's title: the name the user gave it, else its automatic title."""
        return self.name_at(index) or self.automatic_title(index)

    def retitle(self) -> None:
        """Title every tab anew (the language changed, a tab was renamed ...)."""
        for index in range(self.tabs.count()):
            self._retitle(index)

    def _retitle(self, index: int) -> None:
        self.tabs.setTabText(index, self.title_at(index).replace("&", "&&"))
        tip = self.tr("%1 — double-click to rename").replace(
            "%1", self.automatic_title(index, full=True)
        )
        self.tabs.setTabToolTip(index, tip)
        self.retitled.emit(index)

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
        entry = Entry(kind, slot)
        index = self.pages.add(
            kind.tab_name(slot), self._factory(kind, slot), properties=self._properties(entry)
        )
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
    def _properties(entry: Entry) -> dict[str, object]:
        """What a page carries (see the module)."""
        return {
            KIND: entry.kind.key,
            SLOT: entry.slot,
            NAME: entry.name,
            VARIANT: entry.variant,
            WHERE: entry.where,
        }

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
            page = self.tabs.widget(index)
            settings.setValue("variant", str(page.property(VARIANT) or ""))
            settings.setValue("where", str(page.property(WHERE) or ""))
        settings.endArray()

    def _saved_entries(self) -> list[Entry]:
        """The tabs saved last time; the classic four if none were. An entry of a
        kind no longer known, or a slot taken twice, is passed over."""
        settings = self._settings
        if not settings.contains(f"{ARRAY}/size"):
            return [Entry(kind, 1) for kind in KINDS if kind.key in DEFAULT_KINDS]
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
                name, variant, where = (
                    str(settings.value(key, "") or "") for key in ("name", "variant", "where")
                )
                entries.append(Entry(kind, slot, name, variant, where))
        finally:
            settings.endArray()
        return entries
