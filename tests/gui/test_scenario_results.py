"""File → Run scenario (runScenario): the file dialog, a row per step, green
"passed" and red "FAILED" rows with what arrived, run again, a bad file said
with its line and key; the window keeps answering while a step waits."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFileDialog

from scenario_peers import socat_echo
from socklab.gui.tones import Tone, colour
from socklab.gui.widgets.scenario_steps_model import Column

pytestmark = pytest.mark.skipif(shutil.which("socat") is None, reason="socat is not installed")


def _choose_in_dialog(qtbot, path) -> None:
    """Pick ``path`` in the scenario file dialog that is open now."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QFileDialog))
    dialog = QApplication.activeModalWidget()
    assert dialog.objectName() == "scenarioFileDialog"
    dialog.selectFile(str(path))
    dialog.accept()


def _cell(view, row: int, column: Column, role=Qt.ItemDataRole.DisplayRole):
    model = view.model
    return model.data(model.index(row, column), role)


def test_run_scenario_shows_green_and_red_rows(qtbot, window, tmp_path):
    with socat_echo("tcp") as port:
        path = tmp_path / "echo.toml"
        path.write_text(
            f'connect = "tcp://127.0.0.1:{port}"\ntimeout = 0.5\n'
            '[[step]]\nsend = "hello\\u0007\\n"\n[[step]]\nexpect = "hel+o"\n'
            '[[step]]\nexpect = "never"\n[[step]]\nsend = "not sent"\n'
        )
        action = window.findChild(type(window.scenarios.action), "runScenario")
        assert action in window.file_menu.actions()
        action.trigger()
        _choose_in_dialog(qtbot, path)
        view = window.scenarios.results
        assert view.objectName() == "scenarioResults" and view.isVisible()
        with qtbot.waitSignal(view.runFinished, timeout=10_000) as finished:
            # While the last expect waits, the window still answers: a click on
            # another tab is handled at once.
            qtbot.waitUntil(lambda: _cell(view, 2, Column.RESULT) == "passed")
            window.tabs.setCurrentIndex(2)
            assert window.tabs.currentWidget().objectName() == "tcpClientTab"
        assert finished.args == [False]

    results = [_cell(view, row, Column.RESULT) for row in range(5)]
    assert results == ["passed", "passed", "passed", "FAILED", "not run"]
    assert _cell(view, 2, Column.ARRIVED) == "hello"
    failed = _cell(view, 3, Column.ARRIVED)
    assert failed == "what arrived did not match in 0.5 s — arrived: \\x07\\n"
    palette = view.table.palette()
    green = colour(Tone.PASSED_SHADE, palette, QPalette.ColorRole.Base)
    red = colour(Tone.ERROR_SHADE, palette, QPalette.ColorRole.Base)
    assert _cell(view, 1, Column.RESULT, Qt.ItemDataRole.BackgroundRole) == green
    assert _cell(view, 3, Column.RESULT, Qt.ItemDataRole.BackgroundRole) == red
    assert _cell(view, 4, Column.RESULT, Qt.ItemDataRole.BackgroundRole) is None
    assert view.summary.text() == "FAILED: 3 of 5 steps passed"
    assert view.findChild(type(view.rerun_button), "scenarioRerun").isEnabled()


def test_run_again_and_open_another_file(qtbot, window, tmp_path):
    with socat_echo("tcp") as port:
        good = tmp_path / "good.toml"
        good.write_text(
            f'connect = "tcp://127.0.0.1:{port}"\n[[step]]\nsend = "hi\\n"\n'
            '[[step]]\nexpect = "hi"\n'
        )
        view = window.scenarios.view()
        with qtbot.waitSignal(view.runFinished, timeout=10_000) as finished:
            view.run_file(good)
        assert finished.args == [True]
        assert view.summary.text() == "PASSED: 3 of 3 steps passed"

        good.write_text(good.read_text() + '[[step]]\nsend = "more"\n')  # edited meanwhile
        with qtbot.waitSignal(view.runFinished, timeout=10_000):
            qtbot.mouseClick(view.rerun_button, Qt.MouseButton.LeftButton)
        assert view.model.rowCount() == 4

    bad = tmp_path / "bad.toml"
    bad.write_text('connect = "tcp://127.0.0.1:9"\n[[step]]\nexpect = "(unclosed"\n')
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    _choose_in_dialog(qtbot, bad)
    qtbot.waitUntil(view.error_label.isVisible)
    assert view.error_label.text().replace("\u200b", "") == (
        f"This scenario file cannot be run: {bad}: line 3: step[1].expect: regular expression"
        " error at column 1: missing ), unterminated subpattern"
    )
    assert view.model.rowCount() == 0

    view.variables.setText("port=9000 9lives=1")
    view.run_file(bad)
    assert view.error_label.text() == "Variables: '9lives=1': write NAME=VALUE (such as port=9000)"


def test_the_variables_field_sets_the_port_of_the_teachers_exercise(qtbot, window):
    from pathlib import Path

    from scenario_peers import ExerciseServer

    homework = Path(__file__).parents[2] / "resources" / "scenarios" / "homework.toml"
    server = ExerciseServer(good=True)
    try:
        view = window.scenarios.view()
        view.variables.setText(f"port={server.port}")
        with qtbot.waitSignal(view.runFinished, timeout=10_000) as finished:
            view.run_file(homework)
    finally:
        server.close()
    assert finished.args == [True]
    assert view.model.rowCount() == 11  # the connect and 10 steps
