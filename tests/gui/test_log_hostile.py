"""The log stands hostile input: a huge filter, failed saves, events no session writes."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from socklab.core.events import Failed, Received, SocketCall, State, StateChanged
from socklab.gui.models.log_model import COL_DATA, COL_TIME, UNSHOWABLE, LogModel
from socklab.gui.widgets.log_pane import LogPane
from socklab.gui.widgets.steady_label import SteadyLabel

PEER = ("127.0.0.1", 53712)


@pytest.fixture
def pane(qtbot) -> Iterator[LogPane]:
    widget = LogPane()
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def message(pane: LogPane) -> SteadyLabel:
    label = pane.findChild(SteadyLabel, "logMessage")
    assert label is not None
    return label


def shown_rows(pane: LogPane) -> int:
    return pane.view.model().rowCount()


def test_a_100_kb_filter_is_refused_at_the_field_without_a_warning_per_row(pane, qtbot):
    """Qt searched with a regular expression made of the filter; 100 kB of it does
    not compile, and Qt printed the whole pattern once per row (a Qt warning
    fails this test)."""
    pane.append_events([Received(b"row %d" % i, PEER) for i in range(200)])
    edit = pane.findChild(QLineEdit, "logFilter")
    QGuiApplication.clipboard().setText("x" * 100_000)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # paste
    assert len(edit.text()) > 30_000  # a line edit keeps 32,767
    qtbot.waitUntil(lambda: message(pane).isVisible())
    assert "longer than 10,000 characters" in message(pane).text()
    assert edit.property("invalid") is True
    assert message(pane).text() in edit.toolTip()
    pane.view.grab()  # paint the rows: still every one, no warning
    assert shown_rows(pane) == 200

    edit.clear()
    qtbot.keyClicks(edit, "ROW 19")
    qtbot.waitUntil(lambda: shown_rows(pane) == 11)  # row 19, row 190 ... row 199
    assert not message(pane).isVisible()
    assert not edit.property("invalid")


def test_a_long_filter_within_the_limit_still_finds_its_row(pane, qtbot):
    pane.append_events([Received(b"a" * 4000, PEER), Received(b"b" * 4000, PEER)])
    edit = pane.findChild(QLineEdit, "logFilter")
    edit.setText("A" * 4000)
    qtbot.waitUntil(lambda: pane.view.model() is pane.proxy and shown_rows(pane) == 1)
    assert not message(pane).isVisible()


def test_data_never_raises_for_an_event_no_session_writes(qtbot):
    """An exception out of data() while Qt paints ends the program: a value the
    model cannot format shows as a replacement character instead."""
    model = LogModel()
    model.append_events(
        [
            StateChanged(State.BOUND, wall=1e20),
            StateChanged(State.BOUND, wall=math.nan),
            StateChanged(State.BOUND, wall=-1e18),
            SocketCall(5),  # type: ignore[arg-type]
            Failed(operation="", message=5),  # type: ignore[arg-type]
            Received(b"ok", PEER, wall=1_700_000_000.0),
        ]
    )
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, LogModel.FilterRole]
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in roles:
                model.data(model.index(row, column), role)
    assert model.data(model.index(0, COL_TIME)) == UNSHOWABLE
    assert model.data(model.index(3, COL_DATA)) == UNSHOWABLE
    assert model.row_text(4)[COL_DATA] == UNSHOWABLE
    assert model.row_text(5)[COL_DATA] == "ok"
