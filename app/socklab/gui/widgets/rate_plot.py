"""A live plot of one session's receive and send rates (bytes/s or packets/s).

The tab feeds :meth:`RatePlot.add_sample` with the session's exact cumulative
counters on every bridge tick (~30 Hz). The plot turns successive samples into
rates itself (averaged over the same one-second window as the counters bar),
keeps a bounded history in a numpy ring, and redraws at most a few times a
second, and not at all while it is hidden.
"""

from __future__ import annotations

import html
import math
import os
import time
from collections import deque
from collections.abc import Callable
from typing import Literal, Protocol

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

# PySide6 is imported first and named explicitly: pyqtgraph never picks another binding.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np
import pyqtgraph as pg

from ..tones import Tone, colour
from .counters_bar import RATE_WINDOW  # the same window as the counters bar

Mode = Literal["bytes", "packets"]
MODES: tuple[Mode, ...] = ("bytes", "packets")

#: How many seconds of rates the plot keeps and shows.
HISTORY_SECONDS = 120.0
#: Plotted points are at least this far apart (newer samples update the last point),
#: so the history holds at most HISTORY_SECONDS / POINT_INTERVAL points at any sample rate.
POINT_INTERVAL = 0.05
#: Room in the ring: every point of the history, and a margin.
CAPACITY = math.ceil(HISTORY_SECONDS / POINT_INTERVAL) + 64
#: Raw samples kept for the rate window (more only if samples come faster than ~500/s).
MAX_RAW_SAMPLES = 512
#: At most one redraw per this many milliseconds (~6 per second).
REDRAW_INTERVAL_MS = 150

# Columns of the history ring.
_T, _RX_PACKETS, _RX_BYTES, _TX_PACKETS, _TX_BYTES = range(5)
_COLUMNS = {"bytes": (_RX_BYTES, _TX_BYTES), "packets": (_RX_PACKETS, _TX_PACKETS)}

_PEN_WIDTH = 2.5


class CountersLike(Protocol):
    """What :meth:`RatePlot.add_sample` reads: exact cumulative counts."""

    rx_packets: int
    rx_bytes: int
    tx_packets: int
    tx_bytes: int


class _RateAxis(pg.AxisItem):
    """The rate axis: SI prefixes for bytes/s, thousands separators for packets/s."""

    #: Label ticks with thousands separators and no SI prefix (packets/s).
    thousands = False

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        if not self.thousands:
            return super().tickStrings(values, scale, spacing)
        places = max(0, math.ceil(-math.log10(spacing * scale))) if spacing > 0 else 0
        return [f"{v * scale:,.{places}f}" for v in values]


class RatePlot(QWidget):
    """Received (blue) and sent (green) bytes/s or packets/s of one tab, over time.

    * :meth:`add_sample` takes cumulative counters (``rx_packets``, ``rx_bytes``,
      ``tx_packets``, ``tx_bytes``); counters or time going backwards mean a new
      session, and the plot starts over.
    * :meth:`latest` is the newest (rx rate, tx rate) in the current mode: what the
      right-hand end of the curves shows.
    * :attr:`redraws` counts redraws (each one ``setData`` per curve);
      :meth:`redraw_scheduled` says whether one is on its way.
    * ``clock`` gives the time of a sample added without one (monotonic seconds;
      tests pass a clock they move themselves).
    """

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ratePlot")
        self._clock = clock
        self._mode: Mode = "bytes"
        # (t, rx_packets, rx_bytes, tx_packets, tx_bytes) of the rate window.
        self._raw: deque[tuple[float, int, int, int, int]] = deque(maxlen=MAX_RAW_SAMPLES)
        # History: rows _start.._end of a buffer twice the capacity, compacted when full.
        self._ring = np.zeros((2 * CAPACITY, 5), dtype=np.float64)
        self._start = 0
        self._end = 0
        self._latest = (0.0, 0.0, 0.0, 0.0)  # rx p/s, rx B/s, tx p/s, tx B/s
        self._dirty = False
        #: How many times the curves were redrawn.
        self.redraws = 0

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer)

        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("rateMode")
        for mode in MODES:
            self.mode_combo.addItem("", mode)
        self.mode_combo.currentIndexChanged.connect(self._on_mode_index)

        self.rate_axis = _RateAxis("left")
        self.plot_widget = pg.PlotWidget(self, axisItems={"left": self.rate_axis})
        self.plot_widget.setObjectName("ratePlotView")
        item = self.plot_widget.getPlotItem()
        self.time_axis = item.getAxis("bottom")
        item.setMouseEnabled(x=False, y=False)
        item.setMenuEnabled(False)
        # No right-click menu: drop the scene's untranslatable "Export..." action too.
        scene = self.plot_widget.scene()
        for action in scene.contextMenu:
            action.setParent(None)  # owned by Python now: freed with the list below
        scene.contextMenu = []
        item.hideButtons()
        item.showGrid(x=True, y=True, alpha=0.2)
        item.invertX(True)  # seconds ago: now is on the right
        # A little room right of "now" and below zero, so the 0 ticks get their labels.
        item.setXRange(-0.025 * HISTORY_SECONDS, HISTORY_SECONDS, padding=0)
        item.setYRange(-0.4, 10, padding=0)
        item.enableAutoRange(x=False, y=False)
        self.legend = item.addLegend(offset=(10, 10))
        self.rx_curve = item.plot(name="", antialias=True, skipFiniteCheck=True)
        self.tx_curve = item.plot(name="", antialias=True, skipFiniteCheck=True)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addStretch(1)
        top.addWidget(self.mode_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.plot_widget, 1)

        self._apply_style()
        self.retranslate()
        self._apply_mode_to_axis()

    # ----------------------------------------------------------------- public

    def add_sample(self, counters: CountersLike, now: float | None = None) -> None:
        """Take the session's cumulative counters at ``now`` (the clock's time when omitted)."""
        t = self._clock() if now is None else float(now)
        sample = (
            t,
            counters.rx_packets,
            counters.rx_bytes,
            counters.tx_packets,
            counters.tx_bytes,
        )
        raw = self._raw
        if raw:
            last = raw[-1]
            if (
                t < last[0]
                or sample[1] < last[1]
                or sample[2] < last[2]
                or sample[3] < last[3]
                or sample[4] < last[4]
            ):
                self._clear()  # time or counters went backwards: a new session
        raw.append(sample)
        # Keep the newest sample at or before the window's start: a span of ~RATE_WINDOW.
        window_start = t - RATE_WINDOW
        while len(raw) > 2 and raw[1][0] <= window_start:
            raw.popleft()
        first = raw[0]
        span = t - first[0]
        if span <= 0:
            return
        rates = (
            (sample[1] - first[1]) / span,
            (sample[2] - first[2]) / span,
            (sample[3] - first[3]) / span,
            (sample[4] - first[4]) / span,
        )
        self._latest = rates
        self._push(t, rates)
        self._dirty = True
        if not self._timer.isActive() and self.isVisible():
            self._timer.start()

    def reset(self) -> None:
        """Forget every sample and clear the curves."""
        self._clear()
        self._dirty = True
        self._redraw_if_visible()

    def mode(self) -> Mode:
        """``"bytes"`` or ``"packets"``: what the curves show."""
        return self._mode

    def set_mode(self, mode: Mode) -> None:
        """Plot bytes/s (``"bytes"``) or packets/s (``"packets"``)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        if mode == self._mode:
            return
        self._mode = mode
        self.mode_combo.setCurrentIndex(MODES.index(mode))  # no-op when the combo did it
        self._apply_mode_to_axis()
        self._dirty = True
        self._redraw_if_visible()

    def latest(self) -> tuple[float, float]:
        """The newest (received, sent) rate in the current mode (0, 0 before any)."""
        rx_packets, rx_bytes, tx_packets, tx_bytes = self._latest
        if self._mode == "packets":
            return rx_packets, tx_packets
        return rx_bytes, tx_bytes

    def history_length(self) -> int:
        """How many points the history holds (at most :data:`CAPACITY`)."""
        return self._end - self._start

    def redraw_scheduled(self) -> bool:
        """Whether a redraw is on its way: the curves are behind the samples and
        the plot is shown. At most one is, whatever the number of samples; none
        while hidden (showing the plot redraws it at once)."""
        return self._timer.isActive()

    def retranslate(self) -> None:
        """Set every visible string in the current language."""
        self.mode_combo.setItemText(MODES.index("bytes"), self.tr("bytes/s"))
        self.mode_combo.setItemText(MODES.index("packets"), self.tr("packets/s"))
        self.mode_combo.setToolTip(self.tr("Plot bytes per second or packets per second"))
        self.setToolTip(self.tr("Received and sent per second, over the last two minutes"))
        for curve, text in ((self.rx_curve, self.tr("Received")), (self.tx_curve, self.tr("Sent"))):
            curve.opts["name"] = text
            label = self.legend.getLabel(curve)
            if label is not None:
                label.setText(html.escape(text))
        self.legend.updateSize()
        self.time_axis.setLabel(html.escape(self.tr("Seconds ago")), **self._label_style())
        self._apply_mode_to_axis()

    # -------------------------------------------------------------- internals

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif kind in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._apply_style()
            self.retranslate()  # the axis labels carry the font size
        super().changeEvent(event)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self._redraw()

    def hideEvent(self, event: QEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        self._timer.stop()  # nothing is drawn while hidden; showing redraws at once

    def _clear(self) -> None:
        self._raw.clear()
        self._start = self._end = 0
        self._latest = (0.0, 0.0, 0.0, 0.0)

    def _push(self, t: float, rates: tuple[float, float, float, float]) -> None:
        ring = self._ring
        start, end = self._start, self._end
        if end - start >= 2 and ring[end - 1, _T] - ring[end - 2, _T] < POINT_INTERVAL:
            end -= 1  # the newest point is too close to the one before: move it instead
        elif end == len(ring):
            n = end - start  # the buffer is full: move the live rows to its front
            ring[:n] = ring[start:end]
            start, end = 0, n
        ring[end] = (t, *rates)
        end += 1
        oldest = t - HISTORY_SECONDS
        if ring[start, _T] < oldest:
            start += int(np.searchsorted(ring[start:end, _T], oldest, side="left"))
        self._start, self._end = max(start, end - CAPACITY), end

    def _on_mode_index(self, index: int) -> None:
        if 0 <= index < len(MODES):
            self.set_mode(MODES[index])

    def _on_timer(self) -> None:
        if self._dirty and self.isVisible():
            self._redraw()

    def _redraw_if_visible(self) -> None:
        if self.isVisible():
            self._timer.stop()
            self._redraw()

    def _redraw(self) -> None:
        rows = self._ring[self._start : self._end]
        rx_col, tx_col = _COLUMNS[self._mode]
        if len(rows):
            x = rows[-1, _T] - rows[:, _T]
            rx = np.ascontiguousarray(rows[:, rx_col])
            tx = np.ascontiguousarray(rows[:, tx_col])
            top = max(float(rx.max()), float(tx.max()))
        else:
            x = rx = tx = np.zeros(0)
            top = 0.0
        self.rx_curve.setData(x, rx)
        self.tx_curve.setData(x, tx)
        top = max(top * 1.15, 10.0)  # whole-number ticks when there is little or nothing
        self.plot_widget.getPlotItem().setYRange(-0.04 * top, top, padding=0)
        self._dirty = False
        self.redraws += 1

    def _apply_mode_to_axis(self) -> None:
        style = self._label_style()
        title = html.escape(self.tr("Rate"))
        if self._mode == "bytes":
            # B/s, kB/s, MB/s ...: pyqtgraph picks the SI prefix from the range shown.
            self.rate_axis.thousands = False
            self.rate_axis.setLabel(title, units="B/s", **style)
        else:
            # "kpackets/s" reads badly: plain numbers with thousands separators.
            self.rate_axis.thousands = True
            units = html.escape(self.tr("packets/s"))
            self.rate_axis.setLabel(title, units=units, siPrefixEnableRanges=(), **style)
        self.rate_axis.picture = None  # tick strings change with the mode
        self.rate_axis.update()

    def _label_style(self) -> dict[str, str]:
        size = self.font().pointSizeF()
        style = {"color": self.palette().color(QPalette.ColorRole.Text).name()}
        if size > 0:
            style["font-size"] = f"{size:g}pt"
        return style

    def _apply_style(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        base = QPalette.ColorRole.Base
        self.plot_widget.setBackground(background)
        font = self.font()
        for axis in (self.rate_axis, self.time_axis):
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))
            axis.setStyle(tickFont=font, maxTickLevel=1, hideOverlappingLabels=False)
        self.rx_curve.setPen(pg.mkPen(colour(Tone.RECEIVED, palette, base), width=_PEN_WIDTH))
        self.tx_curve.setPen(pg.mkPen(colour(Tone.SENT, palette, base), width=_PEN_WIDTH))
        legend_bg = QColor(background)
        legend_bg.setAlpha(200)
        self.legend.setBrush(pg.mkBrush(legend_bg))
        self.legend.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
        self.legend.setLabelTextColor(text)
        size = font.pointSizeF()
        if size > 0:
            self.legend.setLabelTextSize(f"{size:g}pt")
