"""Hostile capture files loaded into the real window, in a subprocess: a file that
crashed the window (a segfault on the first repaint) fails the test, not the suite.

The child builds the window, hands each file to a tab as the "Load capture…"
dialog does, paints the whole window, and reports what the tab shows; then it
hands the log events no loader lets through and paints them too. It must end
cleanly. (The checks themselves, fast and in-process: tests/core/test_capture_hostile.py.)
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap

import pytest

from hostile_captures import hostile_files

CHILD = textwrap.dedent(
    """
    import json, math, sys
    from PySide6.QtCore import QSettings, Qt
    from socklab.gui.main import create_application

    app = create_application([])
    from socklab.core import Failed, PeerLeft, Received, SocketCall, State, StateChanged
    from socklab.gui.main_window import MainWindow

    files, settings = json.loads(sys.argv[1]), sys.argv[2]
    window = MainWindow(QSettings(settings, QSettings.Format.IniFormat))
    window.resize(1200, 800)
    window.show()
    tab = window.session_tabs()[0]
    model = tab.log.model

    def rows():
        return [model.row_text(r) for r in range(model.rowCount())]

    for path in files:
        tab.log.clear()
        tab.banner.clear()
        tab.tools.loadCaptureRequested.emit(path)  # what the Load capture… dialog hands on
        window.grab()  # paint the whole window, the log's rows too
        report = {
            "path": path,
            "message": tab.banner.message.text(),
            "shown": tab.banner.message.isVisible(),
            "marked": bool(tab.tools.load_button.property("invalid")),
            "rows": rows(),
        }
        print(json.dumps(report), flush=True)

    # Events no loader lets through, handed to the log directly: data() and the
    # paint must show something safe for each, never raise.
    tab.log.clear()
    tab.log.append_events([
        StateChanged(State.BOUND, wall=1e20),
        StateChanged(State.BOUND, wall=math.nan),
        StateChanged(State.BOUND, wall=math.inf),
        StateChanged(State.BOUND, wall=-1e18),
        StateChanged("bogus", local=5, reason="no reason", detail=object()),
        SocketCall(5),
        SocketCall("ok", result=["a"]),
        Failed(operation="", message=5),
        Failed(operation=None, message=None, errno_name=7),
        PeerLeft(peer_id="x", peer=5, state=State.RESET, reason="no", detail=[1]),
        Received("not bytes", peer=("h",)),
        Received(b"fine", ("127.0.0.1", 1)),
    ])
    for mode in ("text", "hex", "both"):
        tab.log.set_display(mode, "utf-8")
        window.grab()
    roles = [role.value for role in Qt.ItemDataRole if role.value < 256] + [
        model.EventRole, model.FilterRole
    ]
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            for role in roles:
                model.data(model.index(r, c), role)
    print(json.dumps({"hostile rows": rows()}), flush=True)
    window.close()
    """
)


def run_child(files: list[str], tmp_path) -> tuple[list[dict], dict]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(files), str(tmp_path / "settings.ini")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"exit {result.returncode}:\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return lines[:-1], lines[-1]


def test_hostile_captures_are_refused_and_the_window_lives(tmp_path):
    files = hostile_files(tmp_path)
    reports, hostile = run_child([str(path) for path, _ in files], tmp_path)
    assert len(reports) == len(files)
    for (path, expected), report in zip(files, reports, strict=True):
        message = report["message"].replace("\u200b", "")  # the banner's break points
        assert message.startswith("Cannot load the capture: "), (path.name, message)
        assert expected in message, (path.name, message)
        assert report["shown"] and report["marked"], path.name
        # No event of the file got in; the one row is the message, logged.
        assert len(report["rows"]) == 1, (path.name, report["rows"])
        assert report["rows"][0][4] == message
    shown = hostile["hostile rows"]
    assert len(shown) == 12
    assert shown[-1][4].startswith("fine") and all(len(row) == 5 for row in shown)
    assert "\ufffd" in shown[0]  # the time it cannot show


def test_a_good_capture_still_loads_and_paints(tmp_path):
    good = tmp_path / "good.jsonl"
    lines = [
        {"socklab_capture": 2, "session": "udp"},
        {"event": "received", "wall": 1_700_000_000.5, "mono": 1.0, "peer": "127.0.0.1:9"}
        | {"local": None, "size": 2, "hex": "6869", "direction": "received"},
        {"event": "call", "wall": 1_700_000_001.0, "mono": 2.0, "call": "close()", "result": ""},
    ]
    good.write_text("".join(json.dumps(line) + "\n" for line in lines))
    (report,), _ = run_child([str(good)], tmp_path)
    assert report["message"] == "" and not report["marked"]
    assert [row[4] for row in report["rows"]] == ["hi", "close()"]


@pytest.mark.parametrize("value", [1e20, math.nan, -1e18])
def test_the_issues_walls_name_their_line(tmp_path, value):
    """The issue's own files, one by one, with the message it asked for."""
    path = tmp_path / "wall.jsonl"
    body = json.dumps({"event": "state", "wall": value, "mono": 1, "state": "bound"})
    path.write_text(json.dumps({"socklab_capture": 2}) + "\n\n" + body + "\n")
    (report,), _ = run_child([str(path)], tmp_path)
    shown = {1e20: "1e+20", -1e18: "-1e+18"}.get(value, "nan")
    message = report["message"].replace("\u200b", "")
    expected = f"line 3: field 'wall' must be a time in seconds, not {shown}"
    assert expected in message
