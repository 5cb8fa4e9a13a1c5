"""GUI fixtures: a qasync loop that lives inside pytest-qt's QApplication,
isolated settings, and a complete MainWindow."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QSettings  # PySide6 before qasync

import qasync  # isort: skip


@pytest.fixture(scope="session", autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings write under a temporary folder, never into the user's config."""
    folder = tmp_path_factory.mktemp("settings")
    os.environ["XDG_CONFIG_HOME"] = str(folder)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("SockLab-tests")
    QCoreApplication.setApplicationName("SockLab-tests")


@pytest.fixture
def event_loop_qt(qapp) -> Iterator[asyncio.AbstractEventLoop]:
    """qasync's loop on the GUI thread, running whenever Qt processes events."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    # qasync's stop() calls QApplication.exit(), which would break every later
    # qtbot wait: neutralise it while the loop stops and closes.
    original_exit = qapp.exit
    qapp.exit = lambda *args: None
    try:
        loop.stop()
        loop.close()
    finally:
        qapp.exit = original_exit
        asyncio.set_event_loop(None)


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """A settings file of this test's own."""
    return QSettings(str(tmp_path / "socklab.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, event_loop_qt, settings):
    """The complete window, in English, closed (every session stopped) after the test."""
    from socklab.gui import i18n
    from socklab.gui.main_window import MainWindow

    settings.setValue("language", "en")
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    i18n.set_language("en")
