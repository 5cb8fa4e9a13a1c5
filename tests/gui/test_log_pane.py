"""LogModel and LogPane: bounded rows, lazy formatting, hostile data, filter, copy, save."""

from __future__ import annotations

import csv
import random
import re
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QStyleOptionViewItem

from socklab.core.events import (
    Failed,
    PeerJoined,
    PeerLeft,
    Reason,
    Received,
    Sent,
    State,
    StateChanged,
)
from socklab.gui.models.log_model import (
    CELL_LIMIT,
    COL_DATA,
    COL_PEER,
    COL_SIZE,
    DISPLAY_LIMIT,
    LogModel,
)
from socklab.gui.widgets.log_pane import LogPane

PEER = ("127.0.0.1", 53712)
LOCAL = ("127.0.0.1", 11451)
WALL = 1_700_000_000.25


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    """Number formatting in these tests follows en_US (thousands separator ',')."""
    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(old)


@pytest.fixture
def pane(qtbot) -> LogPane:
    widget = LogPane()
    qtbot.addWidget(widget)
    widget.resize(1200, 500)  # a Data column wide enough for the texts read below
    widget.show()
    return widget


def rx(data: bytes, peer=PEER, **kw) -> Received:
    return Received(data, peer=peer, local=LOCAL, wall=kw.pop("wall", WALL), **kw)


def cell(model: LogModel, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def child(pane: LogPane, kind, name: str):
    widget = pane.findChild(kind, name)
    assert widget is not None, name
    return widget


def test_rows_appear_with_columns(pane: LogPane) -> None:
    events = [
        rx(b"hello"),
        Sent(b"hi!", peer=PEER, peer_id=3, wall=WALL),
        Received(b"abc", peer=PEER, truncated=True, size=2000, wall=WALL),
        StateChanged(State.BOUND, local=("0.0.0.0", 41400), wall=WALL),
        StateChanged(State.CONNECTED, local=PEER, peer=LOCAL, wall=WALL),
        StateChanged(State.PEER_CLOSED, peer=LOCAL, reason=Reason.PEER_CLOSED, wall=WALL),
        Failed("bind 0.0.0.0:11451", "Address already in use", "EADDRINUSE", wall=WALL),
        PeerJoined(7, ("::1", 5000), wall=WALL),
        PeerLeft(7, ("::1", 5000), wall=WALL),
    ]
    pane.append_events(events)
    model = pane.model
    assert model.rowCount() == len(events)
    assert model.columnCount() == 5
    assert pane.view.model().rowCount() == len(events)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Time",
        "Direction",
        "Peer",
        "Size",
        "Data",
    ]

    expected_time = time.strftime("%H:%M:%S", time.localtime(WALL)) + ".250"
    assert model.row_text(0) == [expected_time, "received ←", "127.0.0.1:53712", "5", "hello"]
    assert model.row_text(1) == [expected_time, "sent →", "127.0.0.1:53712 #3", "3", "hi!"]
    assert model.row_text(2)[3] == "3 of 2000 (truncated)"
    assert model.row_text(3)[1:] == ["state", "", "", "bound to 0.0.0.0:41400"]
    assert model.row_text(4)[4] == "connected 127.0.0.1:53712 ↔ 127.0.0.1:11451"
    assert model.row_text(5)[4].startswith("closed by peer")
    assert "recv() returned" in model.row_text(5)[4]
    assert model.row_text(6)[1] == "error"
    assert model.row_text(6)[4] == "Address already in use"
    assert model.row_text(7)[2:] == ["[::1]:5000 #7", "", "client connected"]
    assert model.row_text(8)[4] == "client left (closed by peer)"
    assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3}", model.row_text(0)[0])

    for row, event in enumerate(events):
        assert cell(model, row, 0, LogModel.EventRole) is event
    assert model.events() == events
    size_align = cell(model, 0, COL_SIZE, Qt.ItemDataRole.TextAlignmentRole)
    assert size_align & Qt.AlignmentFlag.AlignRight
    colours = [cell(model, row, 0, Qt.ItemDataRole.ForegroundRole) for row in (0, 1, 6)]
    assert all(isinstance(c, QColor) for c in colours)
    assert len({c.name() for c in colours}) == 3


def test_bound_and_dropped_count(pane: LogPane, qtbot) -> None:
    pane.set_max_rows(1000)
    model = pane.model
    inserts: list[tuple[int, int]] = []
    removes: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserts.append((first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: removes.append((first, last)))
    events = [rx(str(i).encode()) for i in range(2500)]
    label = child(pane, QLabel, "droppedLabel")
    assert label.isHidden()

    for start in range(0, 2000, 500):
        pane.append_events(events[start : start + 500], dropped_before=7 if start == 0 else 0)
    with qtbot.waitSignal(model.droppedChanged) as blocker:
        pane.append_events(events[2000:])

    assert blocker.args == [1507]
    assert model.dropped == 1507
    assert model.rowCount() == 1000
    assert model.events() == events[1500:]
    assert model.row_text(0)[4] == "1500"
    assert len(inserts) == 5  # one insert per batch
    assert removes == [(0, 499), (0, 499), (0, 499)]
    assert not label.isHidden()
    assert label.text() == "1,507 older rows dropped"


def test_batch_larger_than_bound_keeps_its_tail(pane: LogPane) -> None:
    pane.set_max_rows(1000)
    pane.append_events([rx(b"old")] * 10)
    events = [rx(str(i).encode()) for i in range(2500)]
    pane.append_events(events, dropped_before=1)
    assert pane.model.events() == events[1500:]
    assert pane.model.dropped == 1 + 1500 + 10
    pane.set_max_rows(10)
    assert pane.model.events() == events[-10:]
    assert pane.model.dropped == 1 + 1500 + 10 + 990
    with pytest.raises(ValueError):
        pane.set_max_rows(1_000_001)


def test_display_mode_switch(pane: LogPane, qtbot) -> None:
    pane.append_events([rx(b"Hello"), rx("你好".encode("gbk"))])
    model = pane.model
    mode = child(pane, QComboBox, "displayMode")
    encoding = child(pane, QComboBox, "displayEncoding")
    assert [mode.itemText(i) for i in range(mode.count())] == ["Text", "Hex", "Text + Hex"]
    assert cell(model, 0, COL_DATA) == "Hello"

    changed: list[tuple[str, str]] = []
    model.dataChanged.connect(lambda tl, br, _roles=(): changed.append((tl.row(), br.row())))
    with qtbot.waitSignal(pane.displayChanged) as blocker:
        mode.setCurrentIndex(mode.findData("hex"))
    assert blocker.args == ["hex", "utf-8"]
    assert changed == [(0, 1)]
    assert cell(model, 0, COL_DATA) == "48 65 6c 6c 6f"

    mode.setCurrentIndex(mode.findData("both"))
    assert cell(model, 0, COL_DATA) == "Hello | 48 65 6c 6c 6f"

    mode.setCurrentIndex(mode.findData("text"))
    assert cell(model, 1, COL_DATA) != "你好"
    encoding.setCurrentIndex(encoding.findData("gbk"))
    assert cell(model, 1, COL_DATA) == "你好"
    assert model.display_encoding == "gbk"


HOSTILE = [
    b"<b>x</b>",
    b"\x1b[31mred",
    b"a\x00b",
    b"\xff\xfe",
    b"<img src=x onerror=alert(1)>\r\n",
]


@pytest.mark.parametrize("mode", ["text", "both"])
def test_hostile_data_is_shown_literally(pane: LogPane, mode: str) -> None:
    pane.append_events([rx(data) for data in HOSTILE])
    pane.set_display(mode, "utf-8")
    model = pane.model
    shown = [cell(model, row, COL_DATA) for row in range(len(HOSTILE))]
    assert shown[0].startswith("<b>x</b>")
    assert shown[1].startswith("\\x1b[31mred")
    assert shown[2].startswith("a\\0b")
    assert shown[3].startswith("\\xff\\xfe")
    assert shown[4].startswith("<img src=x onerror=alert(1)>\\r\\n")
    for text in shown:
        assert not any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text), text
    for row in range(len(HOSTILE)):
        for column in range(5):
            tip = cell(model, row, column, Qt.ItemDataRole.ToolTipRole)
            if tip is not None:
                assert "<b>" not in tip
                assert "<img" not in tip
                assert "\x1b" not in tip
                assert "\x00" not in tip
    tip = cell(model, 0, COL_DATA, Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;x&lt;/b&gt;" in tip


def test_megabyte_chunk_is_capped(qtbot) -> None:
    chunk = b"A" * 1_000_000
    model = LogModel()  # no view: nothing cuts the cells to a column's width
    model.append_events([rx(chunk), rx(bytes(range(256)) * 4096)])
    for mode in ("text", "hex", "both"):
        model.set_display(mode, "utf-8")
        for row in (0, 1):
            text = cell(model, row, COL_DATA)
            assert 0 < len(text) < 40_000, (mode, len(text))
            assert "bytes)" in text
    assert model.row_text(0)[3] == "1000000"
    model.set_display("text", "utf-8")
    assert (
        cell(model, 0, COL_DATA) == "A" * DISPLAY_LIMIT + f" … (+{1_000_000 - DISPLAY_LIMIT} bytes)"
    )
    assert model.row_text(0)[4] == "A" * CELL_LIMIT + f" … (+{1_000_000 - CELL_LIMIT} bytes)"
    tip = cell(model, 0, COL_DATA, Qt.ItemDataRole.ToolTipRole)
    assert len(tip) < 10_000


def test_data_cells_are_cut_to_the_column_before_painting(pane: LogPane, qtbot) -> None:
    """The view paints a little more of a Data cell than fits (so it still elides
    it), never the whole 512 bytes; copying still has them all."""
    pane.append_events([rx(b"x" * 1400)])
    model, view = pane.model, pane.view
    view.viewport().repaint()
    shown = cell(model, 0, COL_DATA)
    column = view.horizontalHeader().sectionSize(COL_DATA)
    metrics = QFontMetricsF(model.fixed_font.resolve(view.font()))
    assert metrics.horizontalAdvance(shown) > column  # still elided at the edge
    assert metrics.horizontalAdvance(shown[:-3]) <= column  # ... by no more than needed
    assert shown == "x" * len(shown)
    assert model.row_text(0)[COL_DATA].startswith("x" * DISPLAY_LIMIT)

    pane.resize(600, 500)  # a narrower column: fewer characters
    qtbot.waitUntil(lambda: view.horizontalHeader().sectionSize(COL_DATA) < column)
    view.viewport().repaint()
    assert len(cell(model, 0, COL_DATA)) < len(shown)


def test_filter_is_plain_substring_on_peer_and_data(pane: LogPane, qtbot) -> None:
    pane.append_events(
        [
            rx(b"alpha one"),
            rx(b"beta two"),
            rx(b"literal .* here"),
            rx(b"nothing", peer=("10.0.0.9", 7)),
        ]
    )
    edit = child(pane, QLineEdit, "logFilter")

    def shown() -> list[str]:
        model = pane.view.model()  # the proxy while filtering, else the model
        return [model.index(r, COL_DATA).data() for r in range(model.rowCount())]

    qtbot.keyClicks(edit, "ALPHA")
    qtbot.waitUntil(lambda: shown() == ["alpha one"])
    assert pane.filter_text == "ALPHA"
    assert pane.view.model() is pane.proxy

    edit.setText(".*")
    qtbot.waitUntil(lambda: shown() == ["literal .* here"])

    edit.setText("10.0.0.9")
    qtbot.waitUntil(lambda: shown() == ["nothing"])

    edit.setText("received")  # the Direction column is not searched
    qtbot.waitUntil(lambda: shown() == [])

    # New rows go through the filter too.
    pane.append_events([rx(b"received later")])
    assert shown() == ["received later"]

    # The display mode changes what the Data column says, and the filter follows.
    edit.setText("61 6c 70 68 61")
    qtbot.waitUntil(lambda: shown() == [])
    pane.set_display("hex", "utf-8")
    assert shown() == ["61 6c 70 68 61 20 6f 6e 65"]

    edit.clear()
    qtbot.waitUntil(lambda: len(shown()) == 5)
    assert pane.view.model() is pane.model
    assert pane.filter_text == ""


def test_clear_resets_rows_and_dropped(pane: LogPane, qtbot) -> None:
    pane.set_max_rows(5)
    pane.append_events([rx(b"x")] * 8)
    label = child(pane, QLabel, "droppedLabel")
    assert label.text() == "3 older rows dropped"
    with qtbot.waitSignal(pane.model.droppedChanged) as blocker:
        qtbot.mouseClick(child(pane, QPushButton, "clearLog"), Qt.MouseButton.LeftButton)
    assert blocker.args == [0]
    assert pane.model.rowCount() == 0
    assert pane.model.dropped == 0
    assert pane.view.model().rowCount() == 0
    assert label.isHidden()
    assert child(pane, QPushButton, "clearLog").shortcut().toString() == "Ctrl+L"


def test_copy_selected_rows(pane: LogPane, qtbot) -> None:
    events = [rx(f"row {i}".encode()) for i in range(5)]
    pane.append_events(events)
    view = pane.view
    selection = view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (3, 1):
        selection.select(view.model().index(row, 0), flags)
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()

    qtbot.mouseClick(child(pane, QPushButton, "copyRows"), Qt.MouseButton.LeftButton)
    expected = "\n".join("\t".join(pane.model.row_text(r)) for r in (1, 3))
    assert clipboard.text() == expected
    assert clipboard.text().splitlines()[0].split("\t")[4] == "row 1"

    clipboard.clear()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == expected


def test_save_csv_round_trips(pane: LogPane, tmp_path: Path) -> None:
    events = [
        rx(b"plain"),
        rx(b'comma, "quotes"'),
        rx(b"tab\there\nnewline"),
        rx("中文".encode()),
        StateChanged(State.BOUND, local=("0.0.0.0", 41400)),
    ]
    pane.append_events(events)
    path = tmp_path / "log.csv"
    assert pane.save_to(str(path)) == len(events)
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Time", "Direction", "Peer", "Size", "Data"]
    assert rows[1:] == [pane.model.row_text(r) for r in range(len(events))]
    assert rows[4][4] == "中文"


def test_save_neutralises_formulas_and_writes_text(pane: LogPane, tmp_path: Path) -> None:
    pane.append_events([rx(b"=1+1"), rx(b"@SUM(A1)"), rx(b"ok")])
    path = tmp_path / "log.csv"
    pane.save_to(str(path))
    with open(path, encoding="utf-8-sig", newline="") as file:
        data = [row[4] for row in csv.reader(file)][1:]
    assert data == ["'=1+1", "'@SUM(A1)", "ok"]

    text_path = tmp_path / "log.txt"
    assert pane.save_to(str(text_path)) == 3
    lines = text_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    assert lines[1].split("\t") == pane.model.row_text(0)


def test_save_writes_only_filtered_rows(pane: LogPane, qtbot, tmp_path: Path) -> None:
    pane.append_events([rx(b"keep me"), rx(b"drop me")])
    child(pane, QLineEdit, "logFilter").setText("keep")
    qtbot.waitUntil(lambda: pane.view.model().rowCount() == 1)
    assert pane.save_to(str(tmp_path / "log.txt")) == 1


def test_autoscroll_follows_only_at_bottom(pane: LogPane, qtbot) -> None:
    pane.resize(600, 300)
    pane.show()
    qtbot.waitExposed(pane)
    bar = pane.view.verticalScrollBar()
    pane.append_events([rx(b"x")] * 200)
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())

    bar.setValue(10)  # the user scrolled up to read
    pane.append_events([rx(b"y")] * 50)
    qtbot.waitUntil(lambda: bar.maximum() > 200 - 50)
    assert bar.value() == 10

    pane.view.scrollToBottom()
    pause = child(pane, QPushButton, "pauseScroll")
    qtbot.mouseClick(pause, Qt.MouseButton.LeftButton)
    assert pane.paused
    before = bar.value()
    pane.append_events([rx(b"z")] * 50)
    qtbot.waitUntil(lambda: bar.maximum() > before)
    assert bar.value() == before

    qtbot.mouseClick(pause, Qt.MouseButton.LeftButton)
    pane.view.scrollToBottom()
    pane.append_events([rx(b"w")] * 50)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() > before)


def test_million_rows_keep_exact_count(pane: LogPane) -> None:
    pane.set_max_rows(1_000_000)
    filler = [rx(b"f")] * 1000
    for _ in range(1000):
        pane.append_events(filler)
    assert pane.model.rowCount() == 1_000_000
    assert pane.model.dropped == 0
    batch = [rx(str(i).encode()) for i in range(1000)]
    pane.append_events(batch, dropped_before=5)
    model = pane.model
    assert model.rowCount() == 1_000_000
    assert pane.view.model().rowCount() == 1_000_000
    assert model.dropped == 1005
    assert cell(model, 999_999, 0, LogModel.EventRole) is batch[-1]
    assert cell(model, 999_000, COL_DATA) == "0"
    assert cell(model, 998_999, COL_DATA) == "f"
    assert not model.index(1_000_000, 0).isValid()
    pane.append_events(batch)
    assert model.rowCount() == 1_000_000
    assert cell(model, 998_999, COL_DATA) == "999"


class _Bracketing(QTranslator):
    """A translator that wraps every LogPane/LogModel string in brackets."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if context in ("LogPane", "LogModel"):
            return f"[{source}]"
        return None

    def isEmpty(self) -> bool:
        return False  # an empty translator is skipped


def test_retranslate_on_language_change(pane: LogPane, qtbot) -> None:
    pane.set_max_rows(1)
    pane.append_events([rx(b"a"), rx(b"b"), rx(b"c")])
    translator = _Bracketing()
    pause = child(pane, QPushButton, "pauseScroll")
    assert pause.text() == "Pause autoscroll"
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: pause.text() == "[Pause autoscroll]")
        assert child(pane, QLabel, "droppedLabel").text() == "[%1 older rows dropped]".replace(
            "%1", "2"
        )
        assert child(pane, QComboBox, "displayMode").itemText(1) == "[Hex]"
        assert pane.model.headerData(0, Qt.Orientation.Horizontal) == "[Time]"
        assert pane.model.row_text(0)[1] == "[received ←]"
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: pause.text() == "Pause autoscroll")


def test_peer_column_and_model_index_bounds() -> None:
    model = LogModel()
    model.append_events([Failed("send", "boom", peer_id=4), rx(b"x", peer=None)])
    assert cell(model, 0, COL_PEER) == "#4"
    assert cell(model, 1, COL_PEER) == ""
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0
    with pytest.raises(ValueError):
        model.set_display("octal", "utf-8")
    with pytest.raises(ValueError):
        model.set_display("text", "no-such-codec")


def test_ring_matches_a_bounded_deque() -> None:
    """Random batch sizes and bounds: rows, order, dropped and signals stay exact."""
    rng = random.Random(1234)
    model = LogModel(max_rows=50)
    reference: deque = deque(maxlen=50)
    rows_seen = 0
    dropped = 0

    def inserted(_parent, first: int, last: int) -> None:
        nonlocal rows_seen
        assert first == rows_seen
        rows_seen += last - first + 1

    def removed(_parent, first: int, last: int) -> None:
        nonlocal rows_seen
        assert first == 0
        rows_seen -= last - first + 1

    model.rowsInserted.connect(inserted)
    model.rowsRemoved.connect(removed)
    serial = 0
    for _ in range(400):
        if rng.random() < 0.05:
            bound = rng.randint(1, 80)
            excess = max(0, len(reference) - bound)
            dropped += excess
            reference = deque(reference, maxlen=bound)
            model.set_max_rows(bound)
        size = rng.choice([0, 1, 3, 17, 49, 50, 51, 120])
        batch = [rx(str(serial + i).encode()) for i in range(size)]
        serial += size
        upstream = rng.choice([0, 0, 2])
        dropped += upstream + max(0, len(reference) + size - reference.maxlen)
        reference.extend(batch)
        model.append_events(tuple(batch), dropped_before=upstream)
        assert model.events() == list(reference)
        assert model.rowCount() == rows_seen == len(reference)
        assert model.dropped == dropped
    model.clear()
    assert model.rowCount() == 0
    assert model.dropped == 0


def test_copy_and_save_while_filtered_use_the_right_rows(
    pane: LogPane, qtbot, tmp_path: Path
) -> None:
    pane.append_events([rx(f"{word} {i}".encode()) for i, word in enumerate(["a", "b"] * 5)])
    header = pane.view.horizontalHeader()
    header.resizeSection(COL_PEER, 333)
    child(pane, QLineEdit, "logFilter").setText("b")
    qtbot.waitUntil(lambda: pane.view.model().rowCount() == 5)
    assert header.sectionSize(COL_PEER) == 333  # widths survive the switch to the proxy
    pane.view.selectRow(1)
    assert pane.copy_selection() == 1
    assert QGuiApplication.clipboard().text().endswith("\tb 3")
    assert pane.visible_rows() == [1, 3, 5, 7, 9]
    assert pane.save_to(str(tmp_path / "b.txt")) == 5
    pane.clear()
    assert pane.view.model().rowCount() == 0
    child(pane, QLineEdit, "logFilter").clear()
    qtbot.waitUntil(lambda: pane.view.model() is pane.model)
    assert header.sectionSize(COL_PEER) == 333


def test_set_display_rejects_unknown_values(pane: LogPane) -> None:
    encoding = child(pane, QComboBox, "displayEncoding")
    count = encoding.count()
    for bad in ("no-such-codec", "rot13"):
        with pytest.raises(ValueError):
            pane.set_display("text", bad)
    with pytest.raises(ValueError):
        pane.set_display("octal", "utf-8")
    assert encoding.count() == count
    pane.append_events([rx(b"\x80")])
    pane.set_display("text", "cp1252")
    assert encoding.currentData() == "cp1252"
    assert pane.model.display_encoding == "cp1252"
    assert cell(pane.model, 0, COL_DATA) == "€"


def test_max_rows_control_sets_the_bound(qtbot) -> None:
    from PySide6.QtWidgets import QSpinBox

    pane = LogPane()
    qtbot.addWidget(pane)
    box = pane.findChild(QSpinBox, "maxRows")
    assert box.value() == 10_000
    box.setValue(2_000)
    box.editingFinished.emit()
    assert pane.model.max_rows == 2_000
    pane.append_events([Received(b"x") for _ in range(2_500)])
    assert pane.model.rowCount() == 2_000 and pane.model.dropped == 500
    pane.set_max_rows(1_000_000)
    assert box.value() == 1_000_000


def test_byte_bound_drops_old_rows_and_counts_them(qtbot) -> None:
    pane = LogPane()
    qtbot.addWidget(pane)
    model = pane.model
    model.set_max_bytes(100_000)
    for _ in range(5):
        pane.append_events([Received(b"x" * 10_000) for _ in range(4)])  # 40 KB a batch
    assert model.stored_bytes <= 100_000
    assert model.rowCount() == 10 and model.dropped == 10
    assert model.stored_bytes == 10 * 10_000
    one_big = Received(b"y" * 250_000)  # larger than the bound: kept alone, the rest goes
    pane.append_events([one_big])
    assert model.rowCount() == 1 and model.event_at(0) is one_big
    assert model.dropped == 20
    pane.clear()
    assert model.stored_bytes == 0


def test_each_cell_gets_its_own_alignment_and_font_from_the_delegate(pane: LogPane) -> None:
    """The delegate reuses one span of roles from cell to cell (multiData): a
    value set for one cell must not leak into the next."""
    pane.append_events([rx(b"hello")])
    model, view = pane.model, pane.view
    delegate = view.itemDelegate()

    def option_of(column: int) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, model.index(0, column))
        return option

    for _ in range(2):  # in both orders
        size, data, peer = option_of(COL_SIZE), option_of(COL_DATA), option_of(COL_PEER)
        assert size.displayAlignment & Qt.AlignmentFlag.AlignRight
        assert not data.displayAlignment & Qt.AlignmentFlag.AlignRight
        assert not peer.displayAlignment & Qt.AlignmentFlag.AlignRight
        assert data.font.family() == model.fixed_font.family() != peer.font.family()
        assert data.text == "hello"


def test_log_text_skips_shaping_where_the_script_needs_none_and_still_zooms(pane) -> None:
    """The log repaints ten times a second in a flood: its fonts prefer no text
    shaping (Qt still shapes the scripts that need it), and set nothing else, so
    the window's zoom still reaches them."""
    no_shaping = QFont.StyleStrategy.PreferNoShaping
    assert pane.view.font().styleStrategy() & no_shaping
    assert pane.model.fixed_font.styleStrategy() & no_shaping
    bigger = QFont(pane.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 2)
    pane.setFont(bigger)
    assert pane.view.font().pointSizeF() == bigger.pointSizeF()
    assert pane.view.font().styleStrategy() & no_shaping
