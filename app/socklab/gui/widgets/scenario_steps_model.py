"""The rows of a scenario's results view: one per step (the connect first),
its number, what it does, its result (a word AND a colour, for a projector and
for colour-blind eyes), its time and what arrived (escaped, cut with a note).

Text is made in :meth:`data` when a row is painted; received bytes are only
shown through :meth:`~socklab.core.scenario.StepResult.arrived_text`.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPalette

from socklab.core import scenario as sc
from socklab.gui.tones import Tone, colour

_Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    NUMBER = 0
    STEP = 1
    RESULT = 2
    TIME = 3
    ARRIVED = 4


def outcome_word(outcome: sc.Outcome | None, running: bool = False) -> str:
    """The result column's word, in the current language."""
    if running:
        return QCoreApplication.translate("ScenarioStepsModel", "running…")
    if outcome is None:
        return QCoreApplication.translate("ScenarioStepsModel", "waiting")
    return {
        sc.Outcome.PASSED: QCoreApplication.translate("ScenarioStepsModel", "passed"),
        sc.Outcome.FAILED: QCoreApplication.translate("ScenarioStepsModel", "FAILED"),
        sc.Outcome.NOT_RUN: QCoreApplication.translate("ScenarioStepsModel", "not run"),
    }[outcome]


def failure_words(result: sc.StepResult) -> str:
    """Why a step failed, in the current language."""
    detail = result.detail
    said = {
        "no-connection": QCoreApplication.translate(
            "ScenarioStepsModel", "no connection after %1 s"
        ),
        "cannot-connect": QCoreApplication.translate("ScenarioStepsModel", "cannot connect: %1"),
        "send-failed": QCoreApplication.translate("ScenarioStepsModel", "send failed: %1"),
        "cannot-make": QCoreApplication.translate(
            "ScenarioStepsModel", "cannot make the bytes to send: %1"
        ),
        "receive-failed": QCoreApplication.translate("ScenarioStepsModel", "receive failed: %1"),
        "bad-pattern": QCoreApplication.translate(
            "ScenarioStepsModel", "the pattern with its variables filled in is not valid: %1"
        ),
        "closed-no-match": QCoreApplication.translate(
            "ScenarioStepsModel", "the peer closed the connection; nothing that arrived matched"
        ),
        "nothing-arrived": QCoreApplication.translate(
            "ScenarioStepsModel", "nothing arrived in %1 s"
        ),
        "no-match": QCoreApplication.translate(
            "ScenarioStepsModel", "what arrived did not match in %1 s"
        ),
        "still-open": QCoreApplication.translate(
            "ScenarioStepsModel", "the connection is still open after %1 s"
        ),
    }.get(result.reason)
    return said.replace("%1", detail) if said is not None else result.message


def _time(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


class ScenarioStepsModel(QAbstractTableModel):
    """One row per step of a scenario, filled in as the run reports.

    Signals: none of its own (the model's dataChanged / modelReset).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.scenario: sc.Scenario | None = None
        self._steps: list[sc.Step] = []
        self._results: list[sc.StepResult | None] = []
        self._running = -1
        self.palette = QPalette()

    # -- filling ------------------------------------------------------------------

    def show_scenario(self, scenario: sc.Scenario | None) -> None:
        """Every step of ``scenario``, none run yet (None: no rows)."""
        self.beginResetModel()
        self.scenario = scenario
        self._steps = sc.all_steps(scenario) if scenario is not None else []
        self._results = [None] * len(self._steps)
        self._running = -1
        self.endResetModel()

    def started(self, index: int) -> None:
        previous, self._running = self._running, index
        for row in (previous, index):
            self._changed(row)

    def finished(self, result: sc.StepResult) -> None:
        if 0 <= result.index < len(self._results):
            self._results[result.index] = result
            if self._running == result.index:
                self._running = -1
            self._changed(result.index)

    def stopped(self) -> None:
        """The run was stopped: no row is running any more."""
        row, self._running = self._running, -1
        self._changed(row)

    def _changed(self, row: int) -> None:
        if 0 <= row < len(self._steps):
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def refresh(self) -> None:
        """Everything painted again (the language or the palette changed)."""
        if self._steps:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._steps) - 1, len(Column) - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)

    def result(self, row: int) -> sc.StepResult | None:
        return self._results[row]

    # -- Qt's model ---------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._steps)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            Column.NUMBER: QCoreApplication.translate("ScenarioStepsModel", "#"),
            Column.STEP: QCoreApplication.translate("ScenarioStepsModel", "Step"),
            Column.RESULT: QCoreApplication.translate("ScenarioStepsModel", "Result"),
            Column.TIME: QCoreApplication.translate("ScenarioStepsModel", "Time"),
            Column.ARRIVED: QCoreApplication.translate(
                "ScenarioStepsModel", "What arrived / why it failed"
            ),
        }[Column(section)]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), Column(index.column())
        step = self._steps[row]
        result = self._results[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(step, result, row, column)
        if role == Qt.ItemDataRole.BackgroundRole and result is not None:
            if result.outcome is sc.Outcome.PASSED:
                return colour(Tone.PASSED_SHADE, self.palette, QPalette.ColorRole.Base)
            if result.outcome is sc.Outcome.FAILED:
                return colour(Tone.ERROR_SHADE, self.palette, QPalette.ColorRole.Base)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"{step.file}:{step.line}" if step.line is not None else step.file
            tip = f"{where}\n{step.describe()}"
            if step.label:
                tip += f"\n{step.action()}"
            if result is not None and result.outcome is sc.Outcome.FAILED:
                tip += "\n" + failure_words(result)
            return tip
        if role == Qt.ItemDataRole.UserRole:  # the outcome's value, for scripts and tests
            return result.outcome.value if result is not None else ""
        return None

    def _text(self, step: sc.Step, result: sc.StepResult | None, row: int, column: Column) -> str:
        if column is Column.NUMBER:
            return "" if row == 0 else step.number
        if column is Column.STEP:
            return step.describe()
        if column is Column.RESULT:
            return outcome_word(result.outcome if result else None, row == self._running)
        if result is None or result.outcome is sc.Outcome.NOT_RUN:
            return ""
        if column is Column.TIME:
            return _time(result.duration)
        encoding = self.scenario.encoding if self.scenario is not None else "utf-8"
        arrived = result.arrived_text(encoding)
        if result.outcome is sc.Outcome.FAILED:
            why = failure_words(result)
            if not arrived:
                return why
            said = QCoreApplication.translate("ScenarioStepsModel", "%1 — arrived: %2")
            return said.replace("%1", why).replace("%2", arrived)
        if result.sent and not arrived:
            size = len(result.sent)
            return QCoreApplication.translate("ScenarioStepsModel", "sent %1 bytes").replace(
                "%1", f"{size:,}"
            )
        return arrived
