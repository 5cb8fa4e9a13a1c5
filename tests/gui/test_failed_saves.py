"""The log's and the code panel's Save: written whole or not at all, and a failed
save is said at its button (and, for the log, in the log), never a traceback.

The failures are real: RLIMIT_FSIZE makes the kernel refuse a write past a size
with EFBIG, as a full disk refuses one with ENOSPC.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import rows
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from socklab.core.events import Received
from socklab.gui.models.log_model import COL_DATA
from socklab.gui.widgets.code_panel import CodePanel
from socklab.gui.widgets.log_pane import LogPane
from socklab.gui.widgets.steady_label import SteadyLabel

PEER = ("127.0.0.1", 53712)


@contextlib.contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Writes past ``limit`` bytes fail with EFBIG (SIGXFSZ ignored, so the
    write returns the error instead of ending the process)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


def answer_save_dialog(path: Path) -> None:
    """Choose ``path`` in the file dialog the next click opens."""

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog), dialog
        dialog.selectFile(str(path))
        dialog.accept()

    QTimer.singleShot(0, choose)


@pytest.fixture
def pane(qtbot) -> LogPane:
    widget = LogPane()
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    widget.append_events([Received(b"%04d " % i + b"x" * 1000, PEER) for i in range(300)])
    return widget


@pytest.fixture
def panel(qtbot) -> CodePanel:
    widget = CodePanel()
    qtbot.addWidget(widget)
    widget.set_code("import socket\n" + "# a long comment\n" * 500)
    widget.show()
    return widget


def test_the_log_save_button_writes_the_file_its_dialog_names(pane, qtbot, tmp_path):
    path = tmp_path / "log.txt"
    answer_save_dialog(path)
    qtbot.mouseClick(pane.findChild(QPushButton, "saveLog"), Qt.MouseButton.LeftButton)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 301 and lines[1].endswith("0000 " + "x" * 1000)
    assert os.listdir(tmp_path) == ["log.txt"]


def test_a_failed_log_save_keeps_the_earlier_file_and_says_why(pane, tmp_path):
    path = tmp_path / "log.txt"
    path.write_text("the earlier log\n")
    with file_size_limit(64 * 1024):  # the rows are ~300 KB
        assert pane.save(str(path)) is False
    assert path.read_text() == "the earlier log\n"
    assert os.listdir(tmp_path) == ["log.txt"], "no temporary file is left"
    message = pane.findChild(SteadyLabel, "logMessage")
    assert message.isVisible()
    assert message.text() == f"Could not save the log to {path}: File too large"
    button = pane.findChild(QPushButton, "saveLog")
    assert button.property("invalid") is True and message.text() in button.toolTip()
    last = pane.model.rowCount() - 1
    assert pane.model.row_text(last)[4] == message.text()  # and in the log

    assert pane.save(str(path)) is True  # the next save works: the mark goes
    assert not message.isVisible() and not button.property("invalid")
    assert len(path.read_text().splitlines()) == 302


def test_a_failed_csv_save_keeps_the_earlier_file(pane, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("a,b\n")
    with file_size_limit(64 * 1024):
        assert pane.save(str(path)) is False
    assert path.read_text() == "a,b\n" and os.listdir(tmp_path) == ["log.csv"]


@pytest.mark.parametrize("name", ["a\0b.txt", "missing/log.txt"])
def test_a_bad_log_path_is_said_like_any_other(pane, tmp_path, name):
    path = str(tmp_path / name)
    assert pane.save(path) is False
    text = pane.findChild(SteadyLabel, "logMessage").text()
    assert text.startswith(f"Could not save the log to {path}: ")
    reason = "NUL character" if "\0" in name else "No such file or directory"
    assert reason in text


def test_the_code_save_button_writes_the_file_its_dialog_names(panel, qtbot, tmp_path):
    path = tmp_path / "demo.py"
    answer_save_dialog(path)
    with qtbot.waitSignal(panel.saved) as saved:
        qtbot.mouseClick(panel.findChild(QPushButton, "saveCode"), Qt.MouseButton.LeftButton)
    assert saved.args == [str(path)]
    assert path.read_text(encoding="utf-8") == panel.code()


def test_a_failed_code_save_keeps_the_earlier_file_and_says_why(panel, qtbot, tmp_path):
    path = tmp_path / "demo.py"
    path.write_text("print('mine')\n")
    with qtbot.waitSignal(panel.saveFailed) as failed, file_size_limit(1024):
        assert panel.save(str(path)) is False
    assert path.read_text() == "print('mine')\n"
    assert os.listdir(tmp_path) == ["demo.py"]
    error = panel.findChild(SteadyLabel, "saveCodeError")
    assert error.isVisible() and error.text() == failed.args[0]
    assert error.text() == f"Could not save the script to {path}: File too large"
    assert panel.findChild(QPushButton, "saveCode").property("invalid") is True

    assert panel.save(str(path) + "\0") is False  # a NUL: the same kind of message
    assert "NUL character" in error.text()
    assert panel.save(str(path)) is True
    assert not error.isVisible()


def test_a_failed_code_save_in_a_tab_is_a_log_row_too(qtbot, window, tmp_path):
    tab = window.udp_tab
    path = tmp_path / "demo.py"
    with file_size_limit(16):
        assert tab.code_panel.save(str(path)) is False
    expected = f"Could not save the script to {path}: File too large"
    qtbot.waitUntil(lambda: any(expected in row[COL_DATA] for row in rows(tab)))
