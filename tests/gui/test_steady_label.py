"""SteadyLabel: a changing text repaints the label, not the window's layout, and
never makes the window wider."""

from __future__ import annotations

from gui_helpers import settle_layouts
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from socklab.gui.widgets.steady_label import SteadyLabel


class LayoutRequests(QObject):
    """Counts the LayoutRequest events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _window(qtbot, qapp) -> tuple[QWidget, QWidget, SteadyLabel]:
    window = QWidget()
    qtbot.addWidget(window)
    outer = QVBoxLayout(window)
    bar = QWidget(window)
    row = QHBoxLayout(bar)
    label = SteadyLabel(bar)
    row.addWidget(label)
    row.addStretch(1)
    outer.addWidget(bar)
    outer.addStretch(1)
    label.setText("RX 1,000 datagrams")
    window.resize(800, 200)
    window.show()
    qtbot.waitExposed(window)
    qapp.processEvents()  # the layout of the first show
    return window, bar, label


def test_a_text_that_fits_does_not_relayout_the_window(qtbot, qapp) -> None:
    window, bar, label = _window(qtbot, qapp)
    requests = LayoutRequests(window), LayoutRequests(bar)
    for n in range(2_000, 2_050):  # a counter ticking: same width, new digits
        label.setText(f"RX {n:,} datagrams")
        qapp.processEvents()
    assert label.text() == "RX 2,049 datagrams"
    assert [r.count for r in requests] == [0, 0]


def test_the_label_grows_when_a_text_needs_room_and_shrinks_when_much_shorter(qtbot, qapp):
    window, _, label = _window(qtbot, qapp)
    narrow = label.width()
    label.setText("RX 1,000,000,000 datagrams, 64,000,000,000 bytes")
    qtbot.waitUntil(lambda: label.width() >= label.sizeHint().width() > narrow)
    wide = label.width()
    assert label.shown_text() == label.text()
    label.setText("RX 1,000,000,000 datagrams, 64,000,000,000 byte")  # a little shorter
    assert label.sizeHint().width() == wide  # no relayout for that
    label.setText("RX 0")
    qtbot.waitUntil(lambda: label.width() < wide / 2)
    assert window.isVisible()


def test_a_text_too_long_for_the_window_is_cut_not_widening_it(qtbot, qapp) -> None:
    window, _, label = _window(qtbot, qapp)
    window.resize(300, 200)
    qtbot.waitUntil(lambda: window.width() == 300)
    long_text = "RX 1,000,000,000,000 datagrams, 64,000,000,000,000 bytes (9.99 GB/s)"
    label.setText(long_text)
    settle_layouts()  # every relayout the text asked for is done
    assert window.width() == 300
    assert label.width() < label.sizeHint().width()
    assert label.text() == long_text
    shown = label.shown_text()
    assert shown.endswith("\u2026") and long_text.startswith(shown[:-1])
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    window.resize(900, 200)  # room again: the whole text shows
    qtbot.waitUntil(lambda: label.shown_text() == long_text)


def test_the_painted_text_is_the_label_text_in_its_palette_colour(qtbot, qapp) -> None:
    window, _, label = _window(qtbot, qapp)
    label.setStyleSheet("color: #c62828;")
    label.setText("<b>12 dropped</b>")  # plain text: the tags show as typed
    qapp.processEvents()
    image = label.grab().toImage()
    colours = {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }
    assert "#c62828" in colours
    assert label.shown_text() == "<b>12 dropped</b>"
    assert label.accessibleName() == "<b>12 dropped</b>"  # a screen reader hears it
    assert window.isVisible()


def test_a_bigger_font_resizes_the_label(qtbot, qapp) -> None:
    window, _, label = _window(qtbot, qapp)
    height = label.height()
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    window.setFont(font)  # what the window's zoom does
    qtbot.waitUntil(lambda: label.height() > height)
    assert label.width() >= label.sizeHint().width()
