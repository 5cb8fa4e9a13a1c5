"""The counters bar shows exact totals, per-second rates and kernel drops.

Rates are timed by a clock the test moves itself, never by the machine's."""

from __future__ import annotations

import inspect
import re
import time

import pytest
from gui_helpers import FakeClock
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from socklab.gui.widgets.counters_bar import (
    CountersBar,
    Unit,
    format_byte_rate,
    format_packet_rate,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def bar(qtbot, clock: FakeClock) -> CountersBar:
    widget = CountersBar(clock=clock)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _shown(bar: CountersBar) -> str:
    """The text of the visible labels, joined like ``text()`` joins them."""
    labels = [w for w in bar.findChildren(QLabel) if w.isVisible() and w.text()]
    return "   |   ".join(label.text() for label in labels)


def test_starts_at_zero(bar: CountersBar) -> None:
    assert bar.objectName() == "counters"
    assert bar.text() == "RX 0 packets · 0 B · 0 /s · 0 B/s   |   TX 0 packets · 0 B · 0 /s · 0 B/s"


def test_exact_large_numbers(bar: CountersBar) -> None:
    bar.set_unit("datagrams")
    bar.update_counts(100_000, 6_400_000, 1_234_567, 9_876_543_210)
    assert bar.text() == (
        "RX 100,000 datagrams · 6,400,000 B · 0 /s · 0 B/s"
        "   |   TX 1,234,567 datagrams · 9,876,543,210 B · 0 /s · 0 B/s"
    )
    # What the user sees is what text() says.
    assert _shown(bar) == bar.text()


def test_exact_integers_parse_back(bar: CountersBar) -> None:
    bar.update_counts(3, 123_456_789_012, 0, 0)
    match = re.search(r"RX ([\d,]+) packets · ([\d,]+) B", bar.text())
    assert match is not None
    assert int(match[1].replace(",", "")) == 3
    assert int(match[2].replace(",", "")) == 123_456_789_012


def test_unit_words(bar: CountersBar) -> None:
    bar.set_unit(Unit.CHUNKS)
    bar.update_counts(1, 10, 2, 20)
    assert bar.text().startswith("RX 1 chunk · 10 B")
    assert "TX 2 chunks · 20 B" in bar.text()
    bar.set_unit("datagrams")
    assert bar.text().startswith("RX 1 datagram · 10 B")
    assert "TX 2 datagrams · 20 B" in bar.text()
    assert bar.unit() is Unit.DATAGRAMS
    with pytest.raises(ValueError):
        bar.set_unit("furlongs")


def test_rate_from_two_updates_one_second_apart(bar: CountersBar, clock: FakeClock) -> None:
    bar.set_unit("datagrams")
    bar.update_counts(0, 0, 0, 0)
    clock.advance(1.0)
    bar.update_counts(1_000, 64_000, 12_345, 1_200_000)
    assert bar.rates() == pytest.approx((1_000, 64_000, 12_345, 1_200_000))
    assert bar.text() == (
        "RX 1,000 datagrams · 64,000 B · 1,000 /s · 64.0 kB/s"
        "   |   TX 12,345 datagrams · 1,200,000 B · 12,345 /s · 1.2 MB/s"
    )


def test_rate_uses_a_sliding_window_of_about_a_second(bar: CountersBar, clock: FakeClock) -> None:
    # 30 updates a second: 500 datagrams per second for 2 s, then 2,000 per second.
    count = 0
    for _ in range(60):
        bar.update_counts(count, count * 100, 0, 0)
        clock.advance(1 / 30)
        count += 500 // 30 + 1  # ~510 /s
    rate_before = bar.rates()[0]
    assert rate_before == pytest.approx(510 * 1.0, rel=0.05)
    for _ in range(45):
        count += 2_000 // 30
        bar.update_counts(count, count * 100, 0, 0)
        clock.advance(1 / 30)
    # After 1.5 s at the new pace the old pace no longer counts.
    assert bar.rates()[0] == pytest.approx(2_000, rel=0.05)
    assert bar.rates()[1] == pytest.approx(200_000, rel=0.05)


def test_rate_drops_to_zero_when_idle(bar: CountersBar, clock: FakeClock) -> None:
    bar.update_counts(0, 0, 0, 0)
    clock.advance(1.0)
    bar.update_counts(100, 1_000, 0, 0)
    assert bar.rates()[0] == pytest.approx(100)
    clock.advance(1.0)
    bar.update_counts(100, 1_000, 0, 0)
    clock.advance(0.5)
    bar.update_counts(100, 1_000, 0, 0)
    assert bar.rates()[0] == 0
    assert " 0 /s · 0 B/s" in bar.text()


def test_counters_going_back_restart_the_rates(bar: CountersBar, clock: FakeClock) -> None:
    bar.update_counts(0, 0, 0, 0)
    clock.advance(0.5)
    bar.update_counts(5_000, 5_000, 0, 0)
    clock.advance(0.5)
    bar.update_counts(10, 10, 0, 0)  # a new session reported from zero
    assert bar.rates() == (0.0, 0.0, 0.0, 0.0)
    assert bar.text().startswith("RX 10 packets · 10 B · 0 /s · 0 B/s")


def test_time_going_back_restarts_the_rates(bar: CountersBar, clock: FakeClock) -> None:
    bar.update_counts(0, 0, 0, 0)
    clock.advance(1.0)
    bar.update_counts(100, 1_000, 0, 0)
    assert bar.rates()[0] == pytest.approx(100)
    clock.advance(-2.0)  # another clock: a new session, as the rate plot takes it
    bar.update_counts(200, 2_000, 0, 0)
    assert bar.rates() == (0.0, 0.0, 0.0, 0.0)
    clock.advance(0.5)
    bar.update_counts(300, 3_000, 0, 0)
    assert bar.rates()[:2] == pytest.approx((200, 2_000))  # from the restart on


def test_dropped_text_only_when_non_zero(bar: CountersBar) -> None:
    bar.update_counts(5, 50, 0, 0, dropped_by_system=0)
    assert "dropped" not in bar.text()
    assert "dropped" not in _shown(bar)

    bar.update_counts(6, 60, 0, 0, dropped_by_system=12_345)
    assert bar.text().endswith("   |   12,345 dropped by the system before SockLab saw them")
    assert _shown(bar) == bar.text()

    bar.update_counts(7, 70, 0, 0, dropped_by_system=0)
    assert "dropped" not in bar.text()
    assert "dropped" not in _shown(bar)


def test_reset(bar: CountersBar, clock: FakeClock) -> None:
    bar.update_counts(0, 0, 0, 0, dropped_by_system=3)
    clock.advance(1.0)
    bar.update_counts(100, 1_000, 5, 50, dropped_by_system=4)
    assert bar.rates()[0] == pytest.approx(100)
    bar.reset()
    assert bar.text() == "RX 0 packets · 0 B · 0 /s · 0 B/s   |   TX 0 packets · 0 B · 0 /s · 0 B/s"
    # The history is gone: the next update alone gives no rate.
    clock.advance(4.0)
    bar.update_counts(100, 1_000, 0, 0)
    assert bar.rates() == (0.0, 0.0, 0.0, 0.0)


def test_monotonic_clock_by_default() -> None:
    """The window's bars run on monotonic time (a wall clock can jump back)."""
    default = inspect.signature(CountersBar).parameters["clock"].default
    wall_proof = time.monotonic
    assert default is wall_proof


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (0, "0 B/s"),
        (999.4, "999 B/s"),
        (64_000, "64.0 kB/s"),
        (1_234_567, "1.2 MB/s"),
        (2_500_000_000, "2.5 GB/s"),
    ],
)
def test_byte_rate_format(rate: float, text: str) -> None:
    assert format_byte_rate(rate) == text


def test_packet_rate_format() -> None:
    assert format_packet_rate(12_345.4) == "12,345 /s"
    assert format_packet_rate(0) == "0 /s"


def test_right_click_offers_copy_of_exactly_what_the_bar_shows(bar: CountersBar) -> None:
    bar.set_unit("datagrams")
    bar.update_counts(12_345, 790_080, 3, 192, dropped_by_system=7)
    assert bar.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert bar.actions() == [bar.copy_action] and bar.copy_action.text() == "Copy counters"
    QGuiApplication.clipboard().clear()
    bar.copy_action.trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied == bar.text() == _shown(bar)
    assert copied.startswith("RX 12,345 datagrams") and "7 dropped by the system" in copied


# A popup menu raises itself and grabs the keyboard; the offscreen platform can
# do neither and says so (a desktop does both): those two messages, and only in
# this test, are not failures.
@pytest.mark.qt_log_ignore(
    r"This plugin does not support raise\(\)",
    r"This plugin does not support grabbing the keyboard",
)
def test_right_clicking_the_counts_opens_the_bars_menu(bar: CountersBar, qtbot) -> None:
    """The labels leave the context menu to the bar: a right-click on the
    counts text offers "Copy counters"."""
    offered: list[list[str]] = []

    def look_and_close() -> None:
        popup = QApplication.activePopupWidget()
        offered.append([action.text() for action in popup.actions()] if popup else [])
        if popup is not None:
            popup.close()

    # Runs in the menu's own event loop, once the menu is open (or, if no menu
    # opens, after the event: then it finds none).
    QTimer.singleShot(0, look_and_close)
    at = QPoint(5, 5)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, bar.counts_label.mapToGlobal(at))
    QApplication.sendEvent(bar.counts_label, event)
    qtbot.waitUntil(lambda: bool(offered))
    assert offered == [["Copy counters"]]
