"""Tabs built when first shown: the window starts with the one on screen.

Each page of the tab widget starts as an empty placeholder that carries the
tab's objectName (``udpTab``, ...) and dynamic properties. The first time a
page becomes current (or its tab is asked for, :meth:`LazyTabs.tab`), its
factory builds the real tab and it takes the placeholder's place, at the same
index, under the same title, tooltip, name and properties; the placeholder is
deleted. A tab never built costs no widgets, no imports and no memory.

Pages may be added (:meth:`LazyTabs.add`), removed (:meth:`LazyTabs.remove`)
and moved by the user at any time: a page is known by its widget, not its index.

Signals:
    built(QWidget): a tab was just built and put in its place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QObject, QSignalBlocker, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

#: A page: its objectName and the factory that builds the real tab.
PageSpec = tuple[str, Callable[[], QWidget]]

#: Dynamic properties Qt and PySide give an object themselves: PySide adds
#: ``_PySideInvalidatePtr`` (a C++ pointer it cannot read back) once a Python
#: event filter has seen the object, e.g. an application-wide one.
_BINDING_PROPERTIES = ("_PySide", "_q_")


class LazyTabs(QObject):
    """The pages of ``tabs``, built from ``pages`` when first shown (see the module).

    Signals:
        built(QWidget): a tab was just built and put in its place.
    """

    built = Signal(QWidget)

    def __init__(self, tabs: QTabWidget, pages: Sequence[PageSpec] = ()) -> None:
        super().__init__(tabs)
        self._tabs_widget = tabs
        #: The placeholders not built yet, each with its factory.
        self._factories: dict[QWidget, Callable[[], QWidget]] = {}
        for name, factory in pages:
            self.add(name, factory)
        tabs.currentChanged.connect(self._on_current)  # the first pages wait: see build_current

    def add(
        self,
        name: str,
        factory: Callable[[], QWidget],
        index: int = -1,
        properties: Mapping[str, object] | None = None,
    ) -> int:
        """A page named ``name`` whose tab ``factory`` builds when first shown,
        at ``index`` (-1: last), with these dynamic ``properties``; returns its
        index. It is built once current (the first page of an empty tab widget
        becomes current at once)."""
        placeholder = QWidget()
        placeholder.setObjectName(name)
        for key, value in (properties or {}).items():
            placeholder.setProperty(key, value)
        self._factories[placeholder] = factory
        return self._tabs_widget.insertTab(index, placeholder, "")

    def tab(self, index: int) -> QWidget:
        """The tab at ``index``, built now if it was not yet."""
        widget = self._tabs_widget.widget(index)
        if widget is None:
            raise IndexError(index)
        return self._build(index) if widget in self._factories else widget

    def is_built(self, index: int) -> bool:
        return self._tabs_widget.widget(index) not in self._factories

    def built_tabs(self) -> list[QWidget]:
        """The tabs built so far, in their order."""
        tabs = self._tabs_widget
        pages = (tabs.widget(i) for i in range(tabs.count()))
        return [page for page in pages if page not in self._factories]

    def build_current(self) -> None:
        """Build the page on screen (the window does it once, before it shows)."""
        index = self._tabs_widget.currentIndex()
        if index >= 0:
            self.tab(index)

    def remove(self, index: int) -> QWidget | None:
        """Take the page at ``index`` out; its tab if it was built (the caller
        ends and deletes it), else None (the placeholder is deleted)."""
        tabs = self._tabs_widget
        widget = tabs.widget(index)
        tabs.removeTab(index)
        if self._factories.pop(widget, None) is not None:
            widget.setParent(None)
            widget.deleteLater()
            return None
        return widget

    def _on_current(self, index: int) -> None:
        widget = self._tabs_widget.widget(index)
        if widget is not None and widget in self._factories:
            self._build(index)

    def _build(self, index: int) -> QWidget:
        tabs = self._tabs_widget
        placeholder = tabs.widget(index)
        tab = self._factories.pop(placeholder)()
        for name in placeholder.dynamicPropertyNames():
            key = bytes(name).decode()
            if key.startswith(_BINDING_PROPERTIES):
                continue  # the binding's own (no Python value): not the tab's to take
            tab.setProperty(key, placeholder.property(key))
        was_current = tabs.currentIndex() == index
        # The swap moves the current page for a moment: nobody else hears of it.
        blocker = QSignalBlocker(tabs)
        try:
            tabs.insertTab(index, tab, tabs.tabText(index))
            tabs.setTabToolTip(index, tabs.tabToolTip(index + 1))
            tabs.removeTab(index + 1)
            if was_current:
                tabs.setCurrentIndex(index)
        finally:
            blocker.unblock()
        tab.ensurePolished()  # ready as a tab built with the window: its fields guarded
        tab.setObjectName(placeholder.objectName())  # the name is the tab's now
        placeholder.setObjectName("")
        placeholder.setParent(None)
        placeholder.deleteLater()
        self.built.emit(tab)
        return tab
