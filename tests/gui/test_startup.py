"""Start-up builds only the first screen: the code generator, psutil and the
hidden tabs come when first used, and work then as if they had been there
from the start; the rate plot needs no plotting library (pyqtgraph, numpy) at all.

Which modules a process imported is seen only in a process of its own: the
window is started in a subprocess that reports its ``sys.modules`` at each step.
The timings are the benchmark's (tests/benchmarks/side_by_side.py), not these.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from gui_helpers import run_python, type_into, widget
from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt
from PySide6.QtWidgets import QLineEdit, QTabBar, QTabWidget

from socklab.gui import MainWindow

#: Modules the first screen does without (the first two, SockLab never imports).
HEAVY = (
    "pyqtgraph",
    "numpy",
    "socklab.teaching.codegen",
    "psutil",
    "socklab.gui.widgets.sockets_panel",
    "crc",  # the CRC-16 library, until a CRC-16 is computed
    "socklab.core.scenario",  # and with it the scenario runner, TOML loader, JUnit XML
    "xml.etree.ElementTree",
)

_STEPS = r"""
import json, sys, time
from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer
from socklab.gui.main import create_application
import qasync, asyncio
from socklab.gui.main_window import MainWindow

HEAVY = json.loads(sys.argv[2])
app = create_application([sys.argv[0]])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
window = MainWindow(settings)
steps = {}
wake = QTimer(interval=20)  # so that each wait below looks at its condition again
wake.start()

def wait_for(condition):
    deadline = time.monotonic() + 60  # a bound on a wait that never ends, not a measure
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError("timed out")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

def step(name):
    steps[name] = {
        "loaded": [m for m in HEAVY if m in sys.modules],
        "built": [t.objectName() for t in window.built_tabs()],
    }

window.show()
step("shown")
wait_for(lambda: window.windowHandle().isExposed())
udp = window.tabs.currentWidget()  # the tab on screen
code_on = window.show_code_action.isChecked()
# Wait for what the first screen does right after it shows: its script, if shown.
wait_for(lambda: not code_on or bool(udp.code_panel.code()))
app.processEvents()
step("idle")
window.rate_plot_action.trigger()
wait_for(lambda: udp.rate_plot.isVisible() and udp.rate_plot.view_built())
step("plot")
window.show_code_action.setChecked(True)
wait_for(lambda: "socket" in udp.code_panel.code())
step("code")
window.close()
print(json.dumps(steps), flush=True)
"""


def _start_steps(tmp_path: Path, **settings: object) -> dict[str, dict[str, list[str]]]:
    """Start the window in a process of its own with these settings; what it had
    loaded and built at each step of :data:`_STEPS`."""
    ini = tmp_path / "socklab.ini"
    stored = QSettings(str(ini), QSettings.Format.IniFormat)
    stored.setValue("language", "en")
    for key, value in settings.items():
        stored.setValue(key, value)
    stored.sync()
    app_dir = Path(__file__).resolve().parents[2] / "app"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(app_dir), env.get("PYTHONPATH")]))
    out = run_python(_STEPS, ini, json.dumps(HEAVY), env=env)
    return json.loads(out.splitlines()[-1])


def test_first_screen_loads_no_heavy_module_and_builds_one_tab(tmp_path) -> None:
    steps = _start_steps(tmp_path)
    assert steps["shown"] == {"loaded": [], "built": ["udpTab"]}
    # Once shown, the code panel writes its script: the code generator comes then.
    assert steps["idle"] == {"loaded": ["socklab.teaching.codegen"], "built": ["udpTab"]}
    # The plot, on first show, is drawn without a plotting library.
    assert steps["plot"]["loaded"] == ["socklab.teaching.codegen"]
    assert "psutil" not in steps["code"]["loaded"]  # until an interface list is opened


def test_with_the_code_panel_off_no_code_generator_until_it_is_shown(tmp_path) -> None:
    steps = _start_steps(tmp_path, show_code=False, current_tab=3)
    assert steps["idle"] == {"loaded": [], "built": ["tcpServerTab"]}
    assert "socklab.teaching.codegen" not in steps["plot"]["loaded"]
    assert "socklab.teaching.codegen" in steps["code"]["loaded"]


def _click_tab(qtbot, window: MainWindow, index: int) -> None:
    bar = window.findChild(QTabWidget, "mainTabs").findChild(QTabBar)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_a_hidden_tab_is_built_when_first_clicked(qtbot, window) -> None:
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert [t.objectName() for t in window.built_tabs()] == ["udpTab"]
    placeholder = tabs.widget(2)
    assert placeholder.objectName() == "tcpClientTab"  # findable by name before it is built
    assert placeholder.findChild(QLineEdit) is None

    _click_tab(qtbot, window, 2)
    client = tabs.currentWidget()
    assert tabs.currentIndex() == 2 and client is tabs.widget(2)
    assert client is window.tcp_client_tab and client.objectName() == "tcpClientTab"
    assert tabs.tabText(2) == "TCP Client"
    assert window.findChild(QLineEdit, "remotePort") is not None
    qtbot.waitUntil(client.isVisible)
    # Its script shows once it is on screen; and it is as usable as the first tab.
    qtbot.waitUntil(lambda: "connect" in client.code_panel.code())
    type_into(qtbot, widget(client, QLineEdit, "remotePort"), "11452")
    qtbot.waitUntil(lambda: "11452" in client.code_panel.code())
    assert [t.objectName() for t in window.built_tabs()] == ["udpTab", "tcpClientTab"]


def test_a_tab_built_later_takes_the_window_view_options(qtbot, window) -> None:
    window.presentation_action.trigger()
    window.rate_plot_action.trigger()
    window.show_code_action.trigger()  # off
    window.zoom_in_action.trigger()
    _click_tab(qtbot, window, 3)
    server = window.tcp_server_tab
    qtbot.waitUntil(server.isVisible)
    assert server.reuse.isHidden()  # presentation mode hides advanced options
    assert server.rate_plot.isVisible() and server.rate_plot.view_built()
    assert server.code_panel.isHidden()
    assert server.font().pointSizeF() == window.font().pointSizeF()
    assert server.palette().color(server.backgroundRole()) == window.palette().color(
        window.backgroundRole()
    )


def test_a_tab_never_shown_keeps_its_saved_settings(qtbot, event_loop_qt, settings) -> None:
    settings.setValue("language", "en")
    first = MainWindow(settings)
    qtbot.addWidget(first)
    type_into(qtbot, widget(first.broadcast_tab, QLineEdit, "remotePort"), "11453")
    first.close()

    again = MainWindow(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert [t.objectName() for t in again.built_tabs()] == ["udpTab"]
    again.close()  # the broadcast tab was not built: what it kept stays

    third = MainWindow(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(third)
    assert third.broadcast_tab.remote_port.text() == "11453"
    third.close()


@pytest.mark.parametrize("index", [1, 3])
def test_the_tab_restored_at_start_is_the_one_built(qtbot, event_loop_qt, settings, index):
    settings.setValue("language", "en")
    settings.setValue("current_tab", index)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert tabs.currentIndex() == index
    assert window.built_tabs() == [tabs.widget(index)]
    assert tabs.widget(index).isVisible()
    assert tabs.widget(index).mapTo(window, QPoint(0, 0)).y() > 0
    window.close()


_GC_STATE = r"""
import gc, sys
import socklab.cli  # the engine's modules, imported with the collector off, are frozen
print(gc.isenabled(), gc.get_freeze_count() > 10_000, gc.get_count()[0] < 700)
gc.disable()  # as socklab.cli.main does before the window is built
from socklab.gui.main import settle_for_traffic
settle_for_traffic()  # once the first frame is on screen
print(gc.isenabled())
"""


def test_the_start_keeps_the_collector_out_of_the_way_and_turns_it_back_on() -> None:
    app_dir = Path(__file__).resolve().parents[2] / "app"
    env = {**os.environ}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(app_dir), env.get("PYTHONPATH")]))
    lines = run_python(_GC_STATE, env=env).splitlines()
    assert lines == ["True True True", "True"]


_SOURCES_KEPT = r"""
import linecache
import PySide6.QtWidgets
import socklab.gui.main_window  # PySide's import hook reads each module's source
from socklab.gui.main import forget_sources
kept = [name for name in linecache.cache if name.endswith("session_menu.py")]
forget_sources()
print(len(kept), len(linecache.cache))
"""


def test_the_start_drops_the_source_lines_pysides_import_hook_kept() -> None:
    """If PySide stops reading sources at import, the first number is 0 and
    :func:`socklab.gui.main.forget_sources` has no more reason to be."""
    app_dir = Path(__file__).resolve().parents[2] / "app"
    env = {**os.environ}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(app_dir), env.get("PYTHONPATH")]))
    assert run_python(_SOURCES_KEPT, env=env).split() == ["1", "0"]


class _Watcher(QObject):
    """An application-wide event filter in Python (as a tool or test may add)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return False


def test_tabs_build_with_an_application_wide_python_event_filter(
    qtbot, qapp, event_loop_qt, settings
) -> None:
    """PySide gives an object a property of its own (a C++ pointer it cannot
    read back) once a Python event filter has seen it: building a tab copied
    it from the placeholder and ended in a RuntimeError."""
    watcher = _Watcher()
    qapp.installEventFilter(watcher)
    try:
        settings.setValue("language", "en")
        window = MainWindow(settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        _click_tab(qtbot, window, 2)
        client = window.findChild(QTabWidget, "mainTabs").currentWidget()
        assert client.objectName() == "tcpClientTab" and client is window.tcp_client_tab
        assert client.property("sessionKind") is not None  # SockLab's own properties came along
        window.close()
    finally:
        qapp.removeEventFilter(watcher)
