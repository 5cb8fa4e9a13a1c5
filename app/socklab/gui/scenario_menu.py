"""File → Run scenario… (``runScenario``): choose a scenario file, see its steps
pass or fail in the results view (:class:`~socklab.gui.widgets.scenario_results.ScenarioResults`,
made the first time it is wanted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:  # built when first wanted, not with the window
    from socklab.gui.widgets.scenario_results import ScenarioResults


class ScenarioMenu(QObject):
    """The ``runScenario`` action and the results view it opens. Signals: none."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.results: ScenarioResults | None = None
        self.action = QAction(window)
        self.action.setObjectName("runScenario")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.action.triggered.connect(self.run_scenario)
        self.retranslate()

    def view(self) -> ScenarioResults:
        """The results view, made now if need be."""
        if self.results is None:
            from socklab.gui.widgets.scenario_results import ScenarioResults

            self.results = ScenarioResults(self._window)
        return self.results

    def run_scenario(self) -> None:
        self.view().choose_file()

    def shutdown(self) -> None:
        """Stop a run (the window is closing)."""
        if self.results is not None:
            self.results.stop()

    def retranslate(self) -> None:
        self.action.setText(self.tr("Run &scenario…"))
        self.action.setToolTip(
            self.tr("Run a scenario file (send, expect, pass or fail) and see each step's result")
        )
