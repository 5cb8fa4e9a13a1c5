"""A live plot of one session's receive and send rates (bytes/s or packets/s).

The tab feeds :meth:`RatePlot.add_sample` with the session's exact cumulative
counters on every bridge tick (~30 Hz). The plot turns successive samples into
rates itself (averaged over the same one-second window as the counters bar),
keeps a bounded history, and redraws at most a few times a second, and not at
all while it is hidden.

The drawing (:mod:`.rate_view`, painted with QPainter) is built when the plot
is first shown, or its curves first asked for: a plot that stays hidden costs
no more than its history.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, Protocol

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from .counters_bar import RATE_WINDOW  # the same window as the counters bar

if TYPE_CHECKING:
    from .rate_view import RateView

Mode = Literal["bytes", "packets"]
MODES: tuple[Mode, ...] = ("bytes", "packets")

#: How many seconds of rates the plot keeps and shows.
HISTORY_SECONDS = 120.0
#: Plotted points are at least this far apart (newer samples update the last point),
#: so the history holds at most HISTORY_SECONDS / POINT_INTERVAL points at any sample rate.
POINT_INTERVAL = 0.05
#: Room in the history: every point of it, and a margin.
CAPACITY = math.ceil(HISTORY_SECONDS / POINT_INTERVAL) + 64
#: Raw samples kept for the rate window (more only if samples come faster than ~500/s).
MAX_RAW_SAMPLES = 512
#: At most one redraw per this many milliseconds (~6 per second).
REDRAW_INTERVAL_MS = 150

# Columns of a history row: (t, rx packets/s, rx B/s, tx packets/s, tx B/s).
_T, _RX_PACKETS, _RX_BYTES, _TX_PACKETS, _TX_BYTES = range(5)
_COLUMNS = {"bytes": (_RX_BYTES, _TX_BYTES), "packets": (_RX_PACKETS, _TX_PACKETS)}

#: A history row: the time and the four rates.
Point = tuple[float, float, float, float, float]


class CountersLike(Protocol):
    """What :meth:`RatePlot.add_sample` reads: exact cumulative counts."""

    rx_packets: int
    rx_bytes: int
    tx_packets: int
    tx_bytes: int


class RatePlot(QWidget):
    """Received (blue) and sent (green) bytes/s or packets/s of one tab, over time.

    * :meth:`add_sample` takes cumulative counters (``rx_packets``, ``rx_bytes``,
      ``tx_packets``, ``tx_bytes``); counters or time going backwards mean a new
      session, and the plot starts over.
    * :meth:`latest` is the newest (rx rate, tx rate) in the current mode: what the
      right-hand end of the curves shows; :meth:`history` every point kept.
    * :attr:`redraws` counts redraws (each one ``setData`` per curve);
      :meth:`redraw_scheduled` says whether one is on its way.
    * :meth:`view` is the drawing (:class:`~socklab.gui.widgets.rate_view.RateView`),
      built on first use; ``rx_curve`` and ``tx_curve`` are what it draws.
      :meth:`view_built` says whether it is.
    * ``clock`` gives the time of a sample added without one (monotonic seconds;
      tests pass a clock they move themselves).

    Signals: none.
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
        # History: at most CAPACITY points, oldest first.
        self._history: deque[Point] = deque(maxlen=CAPACITY)
        self._latest = (0.0, 0.0, 0.0, 0.0)  # rx p/s, rx B/s, tx p/s, tx B/s
        self._dirty = False
        self._view: RateView | None = None
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

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addStretch(1)
        top.addWidget(self.mode_combo)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(top)
        self.retranslate()

    # ----------------------------------------------------------------- the view

    def view(self) -> RateView:
        """The drawing, built the first time it is asked for."""
        if self._view is None:
            from .rate_view import RateView

            self._view = RateView(self, HISTORY_SECONDS)
            self._layout.addWidget(self._view, 1)
            self._view.apply_style(self.palette(), self.font())
            self._retranslate_view()
        return self._view

    def view_built(self) -> bool:
        """Whether the drawing exists (the plot was shown, or its parts asked for)."""
        return self._view is not None

    # The drawing's parts (asking for one builds the drawing).
    rx_curve = property(lambda self: self.view().rx_curve)
    tx_curve = property(lambda self: self.view().tx_curve)

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
        self._push((t, *rates))
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

    def history(self) -> list[Point]:
        """Every point kept, oldest first: (t, rx packets/s, rx B/s, tx packets/s, tx B/s)."""
        return list(self._history)

    def history_length(self) -> int:
        """How many points the history holds (at most :data:`CAPACITY`)."""
        return len(self._history)

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
        if self._view is not None:
            self._retranslate_view()

    # -------------------------------------------------------------- internals

    def _retranslate_view(self) -> None:
        view = self.view()
        view.set_texts(self.tr("Received"), self.tr("Sent"), self.tr("Seconds ago"))
        self._apply_mode_to_axis()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif kind in (QEvent.Type.PaletteChange, QEvent.Type.FontChange) and self._view:
            self._view.apply_style(self.palette(), self.font())
            self._retranslate_view()  # the axis labels carry the font size
        super().changeEvent(event)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._view is None:
            self.view().show()  # a child added to a shown widget shows when told
        if self._dirty:
            self._redraw()

    def hideEvent(self, event: QEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        self._timer.stop()  # nothing is drawn while hidden; showing redraws at once

    def _clear(self) -> None:
        self._raw.clear()
        self._history.clear()
        self._latest = (0.0, 0.0, 0.0, 0.0)

    def _push(self, point: Point) -> None:
        history = self._history
        if len(history) >= 2 and history[-1][_T] - history[-2][_T] < POINT_INTERVAL:
            history[-1] = point  # the newest point is too close to the one before: move it
        else:
            history.append(point)  # the oldest goes when the history is full
        oldest = point[_T] - HISTORY_SECONDS
        while history[0][_T] < oldest:
            history.popleft()

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
        self.view().draw(self._history, *_COLUMNS[self._mode])
        self._dirty = False
        self.redraws += 1

    def _apply_mode_to_axis(self) -> None:
        if self._view is None:
            return
        packets = None if self._mode == "bytes" else self.tr("packets/s")
        self._view.set_rate_label(self.tr("Rate"), packets)
