"""The rate plot: rates from cumulative counters, bounded history, throttled redraws."""

from __future__ import annotations

import socket
from types import SimpleNamespace

import pytest
from gui_helpers import FakeClock
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QPalette

from socklab.core import Counters, UdpSession
from socklab.gui.bridge import SessionBridge
from socklab.gui.tones import Tone, colour
from socklab.gui.widgets.rate_plot import (
    CAPACITY,
    HISTORY_SECONDS,
    MAX_RAW_SAMPLES,
    RatePlot,
)
from socklab.gui.widgets.rate_view import si_scale, tick_text, tick_values


def counts(rx_packets: int = 0, rx_bytes: int = 0, tx_packets: int = 0, tx_bytes: int = 0):
    return SimpleNamespace(
        rx_packets=rx_packets, rx_bytes=rx_bytes, tx_packets=tx_packets, tx_bytes=tx_bytes
    )


@pytest.fixture
def plot(qtbot) -> RatePlot:
    widget = RatePlot()
    qtbot.addWidget(widget)
    widget.resize(640, 300)
    return widget


@pytest.fixture
def shown(qtbot, plot: RatePlot) -> RatePlot:
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def drawn(plot: RatePlot) -> tuple[list[float], list[float], list[float]]:
    """x (seconds ago), received and sent, as the curves hold them."""
    return plot.rx_curve.x, plot.rx_curve.y, plot.tx_curve.y


def rate_label(plot: RatePlot) -> str:
    return plot.view().labels()[0]


def test_object_names_and_defaults(plot: RatePlot) -> None:
    assert plot.objectName() == "ratePlot"
    assert plot.mode_combo.objectName() == "rateMode"
    assert plot.mode() == "bytes"
    assert plot.latest() == (0.0, 0.0)
    assert plot.history_length() == 0


def test_rate_from_two_samples(plot: RatePlot) -> None:
    plot.add_sample(counts(), now=100.0)
    assert plot.latest() == (0.0, 0.0)  # one sample: no rate yet
    plot.add_sample(
        counts(rx_packets=2_000, rx_bytes=1_000_000, tx_packets=100, tx_bytes=50_000), now=102.0
    )
    assert plot.latest() == pytest.approx((500_000.0, 25_000.0))
    plot.set_mode("packets")
    assert plot.latest() == pytest.approx((1_000.0, 50.0))


def test_a_sample_without_a_time_takes_the_clocks(qtbot) -> None:
    clock = FakeClock()
    plot = RatePlot(clock=clock)
    qtbot.addWidget(plot)
    plot.add_sample(counts())
    clock.advance(0.5)
    plot.add_sample(counts(rx_packets=100, rx_bytes=50_000, tx_packets=1, tx_bytes=10))
    assert plot.latest() == pytest.approx((100_000.0, 20.0))
    clock.advance(0.5)
    plot.add_sample(counts(rx_packets=300, rx_bytes=150_000, tx_packets=2, tx_bytes=20))
    assert plot.latest() == pytest.approx((150_000.0, 20.0))  # over the second since the first
    clock.advance(-1.0)  # a clock going backwards is a new session, as with ``now``
    plot.add_sample(counts(rx_packets=400, rx_bytes=200_000, tx_packets=3, tx_bytes=30))
    assert plot.latest() == (0.0, 0.0) and plot.history_length() == 0


def test_rate_is_averaged_over_the_last_second(plot: RatePlot) -> None:
    # 30 samples a second: 10 kB/s received for 3 s, then 40 kB/s.
    rx = 0
    t = 0.0
    for i in range(1, 181):
        t = i / 30
        rx += (10_000 if t <= 3.0 else 40_000) // 30
        plot.add_sample(counts(rx_packets=i, rx_bytes=rx), now=t)
        if i == 90:
            assert plot.latest()[0] == pytest.approx(9_990, rel=0.01)
    assert plot.latest()[0] == pytest.approx(39_990, rel=0.01)
    plot.set_mode("packets")
    assert plot.latest() == pytest.approx((30.0, 0.0))


def test_mode_combo_and_set_mode_agree_and_change_latest(qtbot, shown: RatePlot) -> None:
    shown.add_sample(counts(), now=0.0)
    shown.add_sample(counts(rx_packets=3_000, rx_bytes=3_000_000, tx_packets=30), now=1.0)
    qtbot.waitUntil(lambda: shown.redraws >= 1)
    assert shown.latest() == pytest.approx((3_000_000.0, 0.0))
    assert rate_label(shown) == "Rate (MB/s)"  # the SI prefix follows the range shown

    shown.mode_combo.setCurrentIndex(shown.mode_combo.findData("packets"))
    assert shown.mode() == "packets"
    assert shown.latest() == pytest.approx((3_000.0, 30.0))
    assert rate_label(shown) == "Rate (packets/s)"  # not "kpackets/s"
    _, rx, tx = drawn(shown)
    assert (rx[-1], tx[-1]) == pytest.approx((3_000.0, 30.0))  # redrawn at once

    shown.set_mode("bytes")
    assert shown.mode_combo.currentData() == "bytes"
    assert drawn(shown)[1][-1] == pytest.approx(3_000_000.0)
    with pytest.raises(ValueError, match="mode"):
        shown.set_mode("bits")  # type: ignore[arg-type]


def test_counters_going_backwards_start_a_new_session(plot: RatePlot) -> None:
    plot.add_sample(counts(), now=0.0)
    plot.add_sample(counts(rx_packets=100, rx_bytes=100_000), now=1.0)
    plot.add_sample(counts(rx_packets=200, rx_bytes=200_000), now=2.0)
    assert plot.latest()[0] == pytest.approx(100_000)
    assert plot.history_length() == 2

    # A new session: its counters start again from zero. That is a baseline, not
    # a negative rate.
    plot.add_sample(counts(tx_packets=1, tx_bytes=10), now=2.5)
    assert plot.latest() == (0.0, 0.0)
    assert plot.history_length() == 0
    plot.add_sample(counts(rx_packets=5, rx_bytes=500, tx_packets=1, tx_bytes=10), now=3.0)
    assert plot.latest() == pytest.approx((1_000.0, 0.0))
    assert plot.history_length() == 1

    # Time going backwards (another clock) is a restart too.
    plot.add_sample(counts(rx_packets=6, rx_bytes=600, tx_packets=1, tx_bytes=10), now=1.0)
    assert plot.latest() == (0.0, 0.0)


def test_reset_forgets_everything(qtbot, shown: RatePlot) -> None:
    shown.add_sample(counts(), now=0.0)
    shown.add_sample(counts(rx_bytes=1_000), now=1.0)
    qtbot.waitUntil(lambda: len(drawn(shown)[0]) == 1)
    shown.reset()
    assert shown.latest() == (0.0, 0.0)
    assert shown.history_length() == 0
    assert len(drawn(shown)[0]) == 0


def test_history_is_bounded_after_100k_samples(plot: RatePlot) -> None:
    # 100,000 samples at the bridge's ~30 Hz: almost an hour of traffic.
    for i in range(100_000):
        plot.add_sample(counts(i, 1_000 * i, i // 2, 500 * i), now=i / 30)
    assert plot.history_length() <= CAPACITY
    assert len(plot._raw) <= MAX_RAW_SAMPLES
    rows = plot.history()
    assert len(rows) == plot.history_length()
    assert rows[-1][0] - rows[0][0] <= HISTORY_SECONDS
    assert rows[-1][0] - rows[0][0] > HISTORY_SECONDS - 1  # ... and it keeps the whole span
    assert plot.latest() == pytest.approx((30_000.0, 15_000.0))

    # Far faster than the bridge (a sample every millisecond): still bounded.
    base = 100_000 / 30
    for i in range(100_000):
        n = 100_000 + i
        plot.add_sample(counts(n, 1_000 * n, n // 2, 500 * n), now=base + i / 1_000)
    assert plot.history_length() <= CAPACITY
    assert len(plot._raw) <= MAX_RAW_SAMPLES
    assert plot.latest()[0] == pytest.approx(1_000_000.0)
    assert not plot.view_built()  # never shown: nothing was drawn or built


def test_redraws_are_throttled(qtbot, shown: RatePlot, monkeypatch) -> None:
    """A sample never redraws: it schedules one redraw (a short single-shot timer)
    unless one is on its way, and that redraw shows the newest rate."""
    calls = []
    view = shown.view()
    original = view.draw
    monkeypatch.setattr(view, "draw", lambda *a, **k: (calls.append(1), original(*a, **k)))
    before = shown.redraws
    assert not shown.redraw_scheduled()

    # A burst of samples in one go: nothing is drawn per sample, one redraw is on its way ...
    for i in range(1, 1_001):
        shown.add_sample(counts(i, 100 * i), now=i / 30)
    assert calls == [] and shown.redraw_scheduled()
    # ... it shows the newest rate, and no other follows.
    qtbot.waitUntil(lambda: len(calls) == 1)
    assert not shown.redraw_scheduled() and shown.redraws == before + 1
    _, rx, _ = drawn(shown)
    assert rx[-1] == pytest.approx(shown.latest()[0]) == pytest.approx(3_000.0)

    # A steady feed, ten samples between two redraws: one redraw per ten samples.
    calls.clear()
    n, t = 1_000, 1_000 / 30
    for redrawn in range(10):
        for _ in range(10):
            n, t = n + 1, t + 0.01
            shown.add_sample(counts(n, 100 * n), now=t)
            assert len(calls) == redrawn and shown.redraw_scheduled()
        qtbot.waitUntil(lambda redrawn=redrawn: len(calls) == redrawn + 1)
        assert drawn(shown)[1][-1] == pytest.approx(shown.latest()[0])
    assert not shown.redraw_scheduled() and len(calls) == 10


def test_hidden_plot_collects_but_does_not_redraw(qtbot, plot: RatePlot) -> None:
    assert not plot.isVisible()
    for i in range(60):
        plot.add_sample(counts(i, 10 * i), now=i / 30)
    assert not plot.redraw_scheduled()  # hidden: no redraw on its way
    assert plot.redraws == 0
    assert plot.history_length() > 0

    plot.show()  # shown again: drawn at once, with what was collected meanwhile
    qtbot.waitExposed(plot)
    assert plot.redraws == 1
    x, rx, _ = drawn(plot)
    assert len(x) == plot.history_length()
    assert rx[-1] == pytest.approx(300.0)
    assert x[-1] == 0.0 and x[0] == pytest.approx(59 / 30 - 1 / 30, abs=0.06)

    plot.add_sample(counts(70, 700), now=2.5)
    assert plot.redraw_scheduled()
    plot.hide()  # hidden before the redraw came: it never comes
    assert not plot.redraw_scheduled()
    plot.add_sample(counts(100, 1_000), now=3.0)
    assert not plot.redraw_scheduled() and plot.redraws == 1

    plot.show()  # ... and showing the plot draws what came meanwhile
    qtbot.waitExposed(plot)
    assert plot.redraws == 2 and not plot.redraw_scheduled()
    assert drawn(plot)[1][-1] == pytest.approx(plot.latest()[0])


class _Shouting(QTranslator):
    """A translator that upper-cases every string of the rate plot."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return source.upper() if context == "RatePlot" else None

    def isEmpty(self) -> bool:  # Qt skips translators that say they are empty
        return False


def test_retranslates_on_language_change(qtbot, plot: RatePlot) -> None:
    def texts() -> list[str]:
        view = plot.view()
        combo = [plot.mode_combo.itemText(i) for i in range(plot.mode_combo.count())]
        return [*view.legend_texts(), *combo, view.labels()[1], view.labels()[0]]

    english = texts()
    assert english[:4] == ["Received", "Sent", "bytes/s", "packets/s"]
    assert "Seconds ago" in english[4] and "Rate" in english[5]

    translator = _Shouting()
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: texts()[0] == "RECEIVED")
        shouted = texts()
        assert shouted[:4] == ["RECEIVED", "SENT", "BYTES/S", "PACKETS/S"]
        assert "SECONDS AGO" in shouted[4] and "RATE" in shouted[5]
        plot.set_mode("packets")
        assert "PACKETS/S" in rate_label(plot)
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: texts()[0] == "Received")


def test_renders_offscreen(qtbot, shown: RatePlot, tmp_path) -> None:
    for i in range(300):
        shown.add_sample(counts(i * 10, i * 10_000, i, i * 1_000), now=i / 30)
    qtbot.waitUntil(lambda: shown.redraws >= 1 and not shown._dirty)
    image = shown.grab().toImage()
    assert image.save(str(tmp_path / "rate_plot.png"))
    # Both curve colours (the tones for the plot's Base) are on the picture.
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    palette, base = shown.palette(), QPalette.ColorRole.Base
    assert colour(Tone.RECEIVED, palette, base).name() in colours
    assert colour(Tone.SENT, palette, base).name() in colours


def test_follows_a_real_udp_session(qtbot, sessions) -> None:
    """Fed by a bridge: each pull's counters are a sample at the bridge's (and
    the plot's) clock; the test moves the clock and pulls itself."""
    session, _log = sessions(UdpSession)
    local = session.open("127.0.0.1", 0).result(5)
    clock = FakeClock()
    plot = RatePlot(clock=clock)
    qtbot.addWidget(plot)
    plot.show()
    qtbot.waitExposed(plot)
    plot.set_mode("packets")

    bridge = SessionBridge(clock=clock, auto_pull=False)
    bridge.countersChanged.connect(plot.add_sample)
    bridge.attach(session)
    try:
        bridge.pull()  # the baseline: nothing received yet
        assert plot.latest() == (0.0, 0.0)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
            peer.bind(("127.0.0.1", 0))
            for _ in range(200):
                peer.sendto(b"x" * 64, local)
            qtbot.waitUntil(lambda: session.counters.rx_packets == 200, timeout=5_000)
        clock.advance(0.5)
        bridge.pull()
        assert plot.latest() == pytest.approx((400.0, 0.0))  # 200 in half a second, none sent
        qtbot.waitUntil(lambda: max(drawn(plot)[1], default=0) == pytest.approx(400.0))
        assert isinstance(session.counters.snapshot(), Counters)
        plot.set_mode("bytes")
        assert plot.latest() == pytest.approx((400.0 * 64, 0.0))
    finally:
        bridge.detach()


def test_axis_numbers_read_well() -> None:
    """Round ticks, an SI prefix for bytes/s, thousands separators for packets/s."""
    assert tick_values(-0.4, 10) == ([0.0, 2.0, 4.0, 6.0, 8.0, 10.0], 2.0)
    assert tick_values(0, 120, ticks=3)[1] == 50.0  # fewer ticks where there is less room
    assert si_scale(999) == (1.0, "")
    assert si_scale(1_500) == (1_000.0, "k")
    assert si_scale(3_000_000) == (1_000_000.0, "M")
    assert si_scale(2e9) == (1e9, "G")
    assert tick_text(12_000, 2_000, thousands=True) == "12,000"
    assert tick_text(0.5, 0.5, thousands=False) == "0.5"
    assert tick_text(0, 0.5, thousands=False) == "0"
