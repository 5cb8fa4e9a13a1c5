"""The results view of a scenario run (File → Run scenario): a row per step,
green and "passed" or red and "FAILED" with what arrived instead, run again,
open another file, stop.

The run is a coroutine on the GUI's qasync loop (the steps wait on sockets,
never on the GUI thread); each step's result comes back on that loop and fills
its row. A file that cannot be run says why (its line and key) under the file
name, and nothing runs.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from socklab.core import scenario as sc
from socklab.gui.tones import Tone, follow_palette, paint_text
from socklab.gui.widgets.long_text import bounded, wrappable
from socklab.gui.widgets.scenario_steps_model import Column, ScenarioStepsModel

#: What the file dialog offers.
_FILTER = "TOML (*.toml);;*"


class ScenarioResults(QDialog):
    """The ``scenarioResults`` window: ``scenarioFile`` (the file), ``scenarioError``
    (why it cannot run), ``scenarioSteps`` (the rows), ``scenarioSummary``,
    ``scenarioRerun``, ``scenarioOpen``, ``scenarioStop``.

    Signals:
        runFinished(bool): a run ended (True: every step passed); not sent for a
            run that was stopped or a file that could not be loaded.
    """

    runFinished = Signal(bool)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scenarioResults")
        self.setModal(False)
        self.path: Path | None = None
        self.last_run: sc.RunResult | None = None
        self._task: asyncio.Task | None = None
        self._error: tuple[str, str] | None = None

        self.file_label = QLabel(self)
        self.file_label.setObjectName("scenarioFile")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.variables_label = QLabel(self)
        self.variables = QLineEdit(self)
        self.variables.setObjectName("scenarioVariables")
        self.variables.setClearButtonEnabled(True)
        self.variables.returnPressed.connect(self.rerun)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("scenarioError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        paint_text(self.error_label, Tone.ERROR)

        self.model = ScenarioStepsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("scenarioSteps")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (Column.NUMBER, Column.RESULT, Column.TIME):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.STEP, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(Column.STEP, 260)

        def follow() -> None:
            self.model.palette = self.table.palette()
            self.model.refresh()

        follow_palette(self.table, follow)

        self.summary = QLabel(self)
        self.summary.setObjectName("scenarioSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.rerun_button = QPushButton(self)
        self.rerun_button.setObjectName("scenarioRerun")
        self.rerun_button.clicked.connect(self.rerun)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("scenarioOpen")
        self.open_button.clicked.connect(self.choose_file)
        self.stop_button = QPushButton(self)
        self.stop_button.setObjectName("scenarioStop")
        self.stop_button.clicked.connect(self.stop)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("scenarioClose")
        self.close_button.clicked.connect(self.close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.stop_button, self.rerun_button, self.open_button, self.close_button):
            buttons.addWidget(button)
        variables = QHBoxLayout()
        variables.addWidget(self.variables_label)
        variables.addWidget(self.variables, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addLayout(variables)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(900, 480)
        self.retranslate()
        self._update_buttons()

    # -- running ------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def run_file(self, path: str | Path) -> asyncio.Task | None:
        """Load ``path`` and run it (a bad file is said, nothing runs)."""
        self.stop()
        self.path = Path(path)
        self.last_run = None
        self.file_label.setText(str(self.path))
        scenario = self._load(self.path)
        if scenario is None:
            self.model.show_scenario(None)
            self._show_error()
            self.summary.clear()
            self._update_buttons()
            return None
        self._error = None
        self.error_label.hide()
        self.file_label.setText(f"{self.path} — {scenario.name} ({scenario.target.text})")
        self.model.show_scenario(scenario)
        self._task = asyncio.ensure_future(self._run(scenario))
        self._update_buttons()
        self._say_running()
        return self._task

    def _load(self, path: Path) -> sc.Scenario | None:
        """The scenario at ``path`` with the variables typed, or None (and ``_error``)."""
        try:
            variables = sc.parse_variables(self.variables.text())
        except ValueError as exc:
            self._error = ("variables", str(exc))
            return None
        try:
            return sc.load_scenario(path, variables)
        except sc.ScenarioError as exc:
            self._error = ("file", str(exc))
            return None

    async def _run(self, scenario: sc.Scenario) -> None:
        me = asyncio.current_task()
        try:
            run = await sc.run_scenario(scenario, self._started, self.model.finished)
        except asyncio.CancelledError:
            if self._task is me:  # not a run replaced by a new one
                self.model.stopped()
                self.summary.setText(self.tr("Stopped."))
            raise
        finally:
            if self._task is me:
                self._task = None
                self._update_buttons()
        self.last_run = run
        self._summarise()
        self.runFinished.emit(run.passed)

    def _started(self, index: int) -> None:
        self.model.started(index)
        self.table.scrollTo(self.model.index(index, 0))

    def rerun(self) -> None:
        """Run the file again (read anew: an edit made meanwhile counts)."""
        if self.path is not None:
            self.run_file(self.path)

    def stop(self) -> None:
        if self.running:
            assert self._task is not None
            self._task.cancel()

    def choose_file(self) -> None:
        """Ask for a scenario file (a non-blocking dialog), then run it."""
        dialog = QFileDialog(self, self.tr("Run a scenario"))
        dialog.setObjectName("scenarioFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Scenarios (*.toml);;All files (*)"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        if self.path is not None:
            dialog.setDirectory(str(self.path.parent))
        dialog.fileSelected.connect(self._chosen)
        dialog.finished.connect(dialog.deleteLater)
        self.show()
        dialog.open()

    def _chosen(self, path: str) -> None:
        if path:
            self.run_file(path)

    # -- words --------------------------------------------------------------------

    def _say_running(self) -> None:
        self.summary.setText(self.tr("Running…"))

    def _summarise(self) -> None:
        run = self.last_run
        if run is None:
            return
        passed = run.count(sc.Outcome.PASSED)
        text = (
            self.tr("PASSED: %1 of %2 steps passed")
            if run.passed
            else self.tr("FAILED: %1 of %2 steps passed")
        )
        text = text.replace("%1", str(passed)).replace("%2", str(len(run.results)))
        self.summary.setText(text)
        paint_text(self.summary, Tone.SENT if run.passed else Tone.ERROR)

    def _show_error(self) -> None:
        if self._error is None:
            return
        kind, detail = self._error
        if kind == "variables":
            said = self.tr("Variables: %1")
        else:
            said = self.tr("This scenario file cannot be run: %1")
        self.error_label.setText(wrappable(bounded(said.replace("%1", detail))))
        self.error_label.show()

    def _update_buttons(self) -> None:
        self.stop_button.setEnabled(self.running)
        self.rerun_button.setEnabled(self.path is not None and not self.running)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Scenario results"))
        self.rerun_button.setText(self.tr("&Run again"))
        self.open_button.setText(self.tr("&Open another…"))
        self.stop_button.setText(self.tr("&Stop"))
        self.close_button.setText(self.tr("Close"))
        self.variables_label.setText(self.tr("&Variables:"))
        self.variables_label.setBuddy(self.variables)
        self.variables.setPlaceholderText(
            self.tr("port=9000 host=127.0.0.1 (win over the file's [vars])")
        )
        self.model.refresh()
        if self._error:
            self._show_error()
        if self.running:
            self._say_running()
        else:
            self._summarise()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.stop()
        super().closeEvent(event)

    def done(self, result: int) -> None:  # Esc, and the window closing
        self.stop()
        with contextlib.suppress(RuntimeError):
            super().done(result)
