"""Tabs built when first shown: the window starts with the one on screen.

Each page of the tab widget starts as an empty placeholder that carries the
tab's objectName (``udpTab``, ...). The first time a page becomes current (or
its tab is asked for, :meth:`LazyTabs.tab`), its factory builds the real tab
and it takes the placeholder's place, at the same index, under the same title
and name; the placeholder is deleted. A tab never built costs no widgets, no
imports and no memory.

Signals:
    built(QWidget): a tab was just built and put in its place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSignalBlocker, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

#: A page: its objectName and the factory that builds the real tab.
PageSpec = tuple[str, Callable[[], QWidget]]


class LazyTabs(QObject):
    """The pages of ``tabs``, built from ``pages`` when first shown (see the module).

    Signals:
        built(QWidget): a tab was just built and put in its place.
    """

    built = Signal(QWidget)

    def __init__(self, tabs: QTabWidget, pages: Sequence[PageSpec]) -> None:
        super().__init__(tabs)
        self._tabs_widget = tabs
        self._factories = [factory for _name, factory in pages]
        self._built: list[QWidget | None] = [None] * len(pages)
        for name, _factory in pages:
            placeholder = QWidget()
            placeholder.setObjectName(name)
            tabs.addTab(placeholder, "")
        tabs.currentChanged.connect(self._on_current)

    def tab(self, index: int) -> QWidget:
        """The tab at ``index``, built now if it was not yet."""
        built = self._built[index]
        if built is None:
            built = self._build(index)
        return built

    def is_built(self, index: int) -> bool:
        return self._built[index] is not None

    def built_tabs(self) -> list[QWidget]:
        """The tabs built so far, in their order."""
        return [tab for tab in self._built if tab is not None]

    def build_current(self) -> None:
        """Build the page on screen (the window does it once, before it shows)."""
        index = self._tabs_widget.currentIndex()
        if index >= 0:
            self.tab(index)

    def _on_current(self, index: int) -> None:
        if 0 <= index < len(self._built) and self._built[index] is None:
            self._build(index)

    def _build(self, index: int) -> QWidget:
        tabs = self._tabs_widget
        tab = self._factories[index]()
        self._built[index] = tab
        placeholder = tabs.widget(index)
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
        placeholder.setObjectName("")  # the name is the tab's now
        placeholder.setParent(None)
        placeholder.deleteLater()
        self.built.emit(tab)
        return tab
