"""A painted log cell answers from what it showed before (LogModel._painted): it
must still show exactly its own row, and follow every change of what cells
show. Each check paints through the view's delegate (initStyleOption asks the
model with multiData, as a paint does) and compares with ``model.data``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyleOptionViewItem

from socklab.core.events import Received, Sent
from socklab.gui.models.log_model import COL_DATA, COL_DIRECTION, COLUMNS, LogModel
from socklab.gui.widgets.log_pane import LogPane

PEER = ("127.0.0.1", 53712)
WALL = 1_700_000_000.25


@pytest.fixture
def pane(qtbot) -> LogPane:
    widget = LogPane()
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def painted(pane: LogPane, row: int, column: int) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    pane.view.itemDelegate().initStyleOption(option, pane.model.index(row, column))
    return option


def shown(model: LogModel, row: int, column: int) -> str:
    return model.data(model.index(row, column))


def assert_paints_as_model(pane: LogPane) -> None:
    model = pane.model
    for row in range(model.rowCount()):
        for column in COLUMNS:
            assert painted(pane, row, column).text == shown(model, row, column), (row, column)


def test_rows_let_go_by_the_bound_leave_no_stale_cell(pane: LogPane) -> None:
    model = pane.model
    model.set_max_rows(3)
    pane.append_events([Received(f"row {n}".encode(), peer=PEER, wall=WALL) for n in range(3)])
    assert [painted(pane, r, COL_DATA).text for r in range(3)] == ["row 0", "row 1", "row 2"]
    pane.append_events([Sent(b"row 3", peer=PEER, wall=WALL + 1)])  # row 0 goes
    assert [painted(pane, r, COL_DATA).text for r in range(3)] == ["row 1", "row 2", "row 3"]
    assert painted(pane, 2, COL_DIRECTION).text == shown(model, 2, COL_DIRECTION) == "sent →"
    assert model.dropped == 1
    assert_paints_as_model(pane)

    pane.clear()
    pane.append_events([Sent(b"after clear", peer=PEER, wall=WALL)])
    assert painted(pane, 0, COL_DATA).text == "after clear"
    assert_paints_as_model(pane)


def test_painted_cells_follow_display_checksum_and_width_changes(pane: LogPane) -> None:
    model = pane.model
    pane.append_events([Received(b"hello\x00\x00", peer=PEER, wall=WALL)])
    before = painted(pane, 0, COL_DATA).text
    assert before == shown(model, 0, COL_DATA)

    model.set_display("hex", "utf-8")
    assert painted(pane, 0, COL_DATA).text == shown(model, 0, COL_DATA) != before

    plain_direction = painted(pane, 0, COL_DIRECTION).text
    model.set_checksum("crc16-modbus")
    assert painted(pane, 0, COL_DIRECTION).text == shown(model, 0, COL_DIRECTION)
    assert painted(pane, 0, COL_DIRECTION).text != plain_direction

    model.set_trace("recv(1024)")
    assert painted(pane, 0, COL_DATA).text == shown(model, 0, COL_DATA)
    assert painted(pane, 0, COL_DATA).text.startswith("recv(1024)")

    model.set_visible_chars(4)  # what a narrow Data column lets show
    assert painted(pane, 0, COL_DATA).text == shown(model, 0, COL_DATA) == "recv"
    assert_paints_as_model(pane)


def test_painted_cells_take_a_new_palette(pane: LogPane) -> None:
    model = pane.model
    pane.append_events([Received(b"x", peer=PEER, wall=WALL)])
    text_role = QPalette.ColorRole.Text
    option = painted(pane, 0, COL_DATA)
    first = QColor(option.palette.color(text_role))
    dark = QPalette(QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    model.update_palette(dark)
    option = painted(pane, 0, COL_DATA)
    again = QColor(option.palette.color(text_role))
    assert again == model.data(model.index(0, COL_DATA), Qt.ItemDataRole.ForegroundRole) != first
