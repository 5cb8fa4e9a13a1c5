"""The GUI probe of one tab, in a process of its own (run.py starts it; a crash ends
only this process, and run.py counts it and starts the next try in a new one).

    python tests/probe/gui_probe.py TAB OUT.jsonl [--start N]

For each input field of the tab (by objectName) and each hostile input, in a fixed
order: put the tab back to good values, type or paste the input, press the tab's
actions, classify the try. Writes ``{"try": i}`` before a try and its record after,
one JSON object a line, flushed: a try with no record is the one that killed us.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QFileDialog

import qasync  # isort: skip

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))

from gui_fields import Field, input_fields
from gui_helpers import settle_layouts
from gui_tabs import DRIVERS, TabDriver
from hostile import INPUTS, must_refuse

#: The window's size at the start of every try: the projector the README promises.
SCREEN_WIDTH, SCREEN_HEIGHT = 1024, 768
#: Qt's one harmless warning on the offscreen platform.
HARMLESS = ("This plugin does not support propagateSizeHints",)


class Trouble:
    """What reached the hooks during a try: exceptions, unraisables, Qt messages."""

    def __init__(self) -> None:
        self.exceptions: list[str] = []
        self.qt_critical: list[str] = []
        self.qt_warnings: list[str] = []

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        sys.excepthook = lambda t, v, tb: self.exceptions.append(_short(t, v, tb))
        sys.unraisablehook = lambda u: self.exceptions.append(
            "unraisable: " + _short(u.exc_type, u.exc_value, u.exc_traceback)
        )
        loop.set_exception_handler(
            lambda _loop, context: self.exceptions.append(
                "loop: "
                + (
                    _short(type(e), e, e.__traceback__)
                    if (e := context.get("exception"))
                    else str(context.get("message"))
                )
            )
        )
        qInstallMessageHandler(self._qt_message)

    def _qt_message(self, mode: QtMsgType, _context: object, message: str) -> None:
        if any(text in message for text in HARMLESS):
            return
        if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.qt_critical.append(message[:300])
        elif mode is QtMsgType.QtWarningMsg:
            self.qt_warnings.append(message[:200])

    def take(self) -> tuple[list[str], list[str], list[str]]:
        taken = self.exceptions, self.qt_critical, self.qt_warnings[:3]
        self.exceptions, self.qt_critical, self.qt_warnings = [], [], []
        return taken


def _short(kind: type, value: BaseException | None, tb: object) -> str:
    last = traceback.extract_tb(tb)[-1:] if tb is not None else []
    where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
    return f"{kind.__name__}: {str(value)[:200]}{where}"


def classify(record: dict) -> tuple[str, str]:
    """(outcome, why): crash > not run > clear > silent > accepted (see README.md)."""
    if record["exceptions"] or record["qt_critical"]:
        return "crash", "exception" if record["exceptions"] else "qt-critical"
    if record["width_after"] > max(SCREEN_WIDTH, record["width_before"]):
        return "crash", "too-wide"
    if record["guarded"]:
        return "not run", "leaves loopback" if record["enabled"] else "disabled"
    if record["said"]:
        return "clear", "said"
    if record["changed"]:
        return "silent", "changed"
    if record["taken_bad"]:
        return "silent", "bad-value-taken"
    if record["mismatch"]:
        return "silent", "bytes-differ"
    if any(ok is False for ok in record["steps"].values()):
        return "silent", "no-effect"
    return "accepted", ""


async def run_try(driver: TabDriver, field: Field, name: str, text: str, window) -> dict:
    """One try; the record for the JSON."""
    tab = driver.tab
    leftover = tab.session is not None
    if leftover:  # an earlier try left a session running: end it, and say so
        tab.release_session()
    for each in driver.fields.values():
        each.restore()
    log_filter = driver.fields["logFilter"].widget
    await driver.until(lambda: tab.log.filter_text == log_filter.text())  # the log unfiltered
    tab.clear_errors()
    tab.log.clear()
    driver.prepare(field)
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)
    settle_layouts()
    width_before = window.width()
    enabled = field.widget.isEnabled()
    field.enter(text)
    changed = field.changed(text)
    steps: dict[str, bool | None] = {}
    guarded = driver.leaves_loopback() or not enabled
    if not guarded:
        for step_name, step in driver.steps(field):
            steps[step_name] = await step()
    settle_layouts()
    await asyncio.sleep(0)
    return {
        "tab": tab.objectName(),
        "field": field.name,
        "input": name,
        "guarded": guarded,
        "leftover": leftover,
        "enabled": enabled,
        "changed": changed,
        "shown": field.shown()[:80],
        "taken_bad": must_refuse(field.kind, text) and not changed,
        "steps": steps,
        "said": driver.said()[:300],
        "mismatch": driver.mismatch,
        "compared": driver.compared,
        "width_before": width_before,
        "width_after": window.width(),
    }


async def probe(tab_name: str, out: Path, start: int, stop: int | None, folder: str) -> int:
    from socklab.gui.main_window import MainWindow

    probe_file = os.path.join(folder, "payload.bin")
    Path(probe_file).write_bytes(bytes(range(256)) * 40)
    QFileDialog.getOpenFileName = staticmethod(lambda *_a, **_k: (probe_file, ""))
    settings = QSettings(os.path.join(folder, "socklab.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)
    window.show()
    tab = next(t for t in window.session_tabs() if t.objectName() == tab_name)
    window.tabs.setCurrentWidget(tab)
    settle_layouts()
    fields = input_fields(tab, window)
    driver = DRIVERS[tab_name](tab, fields, probe_file)
    driver.set_baseline()
    for each in fields:
        each.remember()
    trouble = Trouble()
    trouble.install(asyncio.get_event_loop())
    tries = [(f, n, t) for f in fields for n, t in INPUTS]
    with out.open("a", encoding="utf-8") as sink:
        for index in range(start, min(stop or len(tries), len(tries))):
            field, name, text = tries[index]
            sink.write(json.dumps({"try": index, "field": field.name, "input": name}) + "\n")
            sink.flush()
            trouble.take()
            began = time.monotonic()
            record = await run_try(driver, field, name, text, window)
            record["seconds"] = round(time.monotonic() - began, 3)
            record["exceptions"], record["qt_critical"], record["qt_warnings"] = trouble.take()
            record["outcome"], record["why"] = classify(record)
            record["try"] = index
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            sink.flush()
    window.close()
    driver.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tab", choices=sorted(DRIVERS))
    parser.add_argument("out", type=Path)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--stop", type=int, default=None, help="end before this try")
    parser.add_argument("--folder", help="for the throw-away settings (default: a temporary one)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from socklab.gui.main import create_application

    app = create_application([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory(prefix="gui-", dir=args.folder) as folder, loop:
        return loop.run_until_complete(probe(args.tab, args.out, args.start, args.stop, folder))


if __name__ == "__main__":
    sys.exit(main())
