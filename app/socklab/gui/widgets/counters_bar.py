"""The counters bar: exact received / sent counts, rates, and kernel drops."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QFont, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QWidget

from socklab.gui.describe import format_byte_rate, format_count
from socklab.gui.tones import Tone, paint_text
from socklab.gui.widgets.steady_label import SteadyLabel

# Rates are averaged over this many seconds of updates.
RATE_WINDOW = 1.0

_SEPARATOR = " · "
_GROUP_SEPARATOR = "   |   "


class Unit(StrEnum):
    """What one counted item is called."""

    PACKETS = "packets"
    DATAGRAMS = "datagrams"
    CHUNKS = "chunks"


class _Sample(NamedTuple):
    t: float
    rx_packets: int
    rx_bytes: int
    tx_packets: int
    tx_bytes: int


def format_packet_rate(rate: float) -> str:
    """Items per second, rounded, with thousands separators: 12,345 /s."""
    return f"{round(rate):,} /s"


class CountersBar(QWidget):
    """Exact RX / TX counts, per-second rates and kernel drops of one session.

    Fed by the tab with ``update_counts()`` from a timer; rates come from the
    successive calls over a sliding window of about a second, timed by ``clock``
    (monotonic seconds; tests pass a clock they move themselves). No signals.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        unit: Unit | str = Unit.PACKETS,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("counters")
        self._unit = Unit(unit)
        self._clock = clock
        self._samples: deque[_Sample] = deque()
        self._counts = (0, 0, 0, 0)
        self._dropped = 0
        self._rates = (0.0, 0.0, 0.0, 0.0)

        font = QFont()  # only the feature is set: the size follows the window's zoom
        font.setFeature(QFont.Tag("tnum"), 1)  # digits of equal width: no jitter

        self.counts_label = SteadyLabel(self)
        self.counts_label.setObjectName("countersText")
        self.dropped_label = SteadyLabel(self)
        self.dropped_label.setObjectName("countersDropped")
        paint_text(self.dropped_label, Tone.ERROR)
        for label in (self.counts_label, self.dropped_label):
            label.setFont(font)
        self.dropped_label.hide()

        # Right-click: copy the counts (for a bug report, a lab sheet).
        self.copy_action = QAction(self)
        self.copy_action.setObjectName("copyCounters")
        self.copy_action.triggered.connect(self.copy_to_clipboard)
        self.addAction(self.copy_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.dropped_label)
        layout.addStretch(1)

        self.retranslate()

    # ----------------------------------------------------------------- public

    def unit(self) -> Unit:
        """What one counted item is called."""
        return self._unit

    def set_unit(self, unit: Unit | str) -> None:
        """Name the counted items: ``"datagrams"`` (UDP), ``"chunks"`` (TCP) or ``"packets"``."""
        self._unit = Unit(unit)
        self._refresh()

    def update_counts(
        self,
        rx_packets: int,
        rx_bytes: int,
        tx_packets: int,
        tx_bytes: int,
        dropped_by_system: int = 0,
    ) -> None:
        """Show new totals, as of the clock's time now."""
        t = self._clock()
        sample = _Sample(t, rx_packets, rx_bytes, tx_packets, tx_bytes)
        if self._samples:
            last = self._samples[-1]
            if t < last.t or any(new < old for new, old in zip(sample[1:], last[1:], strict=True)):
                # Time or counters went backwards: a new session. Start over.
                self._samples.clear()
        self._samples.append(sample)
        # Keep the newest sample at or before the window's start, so the span is ~1 s.
        start = t - RATE_WINDOW
        while len(self._samples) > 2 and self._samples[1].t <= start:
            self._samples.popleft()
        first = self._samples[0]
        span = t - first.t
        if span > 0:
            self._rates = (
                (rx_packets - first.rx_packets) / span,
                (rx_bytes - first.rx_bytes) / span,
                (tx_packets - first.tx_packets) / span,
                (tx_bytes - first.tx_bytes) / span,
            )
        else:
            self._rates = (0.0, 0.0, 0.0, 0.0)
        self._counts = (rx_packets, rx_bytes, tx_packets, tx_bytes)
        self._dropped = dropped_by_system
        self._refresh()

    def rates(self) -> tuple[float, float, float, float]:
        """Current (rx packets/s, rx bytes/s, tx packets/s, tx bytes/s)."""
        return self._rates

    def reset(self) -> None:
        """Back to zero, forgetting the rate history."""
        self._samples.clear()
        self._counts = (0, 0, 0, 0)
        self._dropped = 0
        self._rates = (0.0, 0.0, 0.0, 0.0)
        self._refresh()

    def text(self) -> str:
        """Exactly what the bar shows."""
        parts = [self.counts_label.text()]
        if self._dropped:
            parts.append(self.dropped_label.text())
        return _GROUP_SEPARATOR.join(parts)

    def copy_to_clipboard(self) -> None:
        """Put exactly what the bar shows on the clipboard."""
        QGuiApplication.clipboard().setText(self.text())

    def retranslate(self) -> None:
        """Set every visible string in the current language."""
        self.copy_action.setText(self.tr("Copy counters"))
        self.setToolTip(
            self.tr("Exact totals since the socket was opened, and the rate over the last second")
        )
        self.dropped_label.setToolTip(
            self.tr("Datagrams the operating system discarded because the receive buffer was full")
        )
        self._refresh()

    # -------------------------------------------------------------- internals

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _unit_word(self, n: int) -> str:
        if self._unit is Unit.DATAGRAMS:
            return self.tr("datagram") if n == 1 else self.tr("datagrams")
        if self._unit is Unit.CHUNKS:
            return self.tr("chunk") if n == 1 else self.tr("chunks")
        return self.tr("packet") if n == 1 else self.tr("packets")

    def _direction(self, label: str, packets: int, nbytes: int, prate: float, brate: float) -> str:
        return _SEPARATOR.join(
            (
                self.tr("{direction} {count} {unit}").format(
                    direction=label, count=format_count(packets), unit=self._unit_word(packets)
                ),
                self.tr("{count} B").format(count=format_count(nbytes)),
                format_packet_rate(prate),
                format_byte_rate(brate),
            )
        )

    def _refresh(self) -> None:
        rx_p, rx_b, tx_p, tx_b = self._counts
        rx_pr, rx_br, tx_pr, tx_br = self._rates
        text = _GROUP_SEPARATOR.join(
            (
                self._direction(self.tr("RX"), rx_p, rx_b, rx_pr, rx_br),
                self._direction(self.tr("TX"), tx_p, tx_b, tx_pr, tx_br),
            )
        )
        if self.counts_label.text() != text:
            self.counts_label.setText(text)
        if self._dropped:
            dropped = self.tr("{count} dropped by the system before SockLab saw them").format(
                count=format_count(self._dropped)
            )
            if self.dropped_label.text() != dropped:
                self.dropped_label.setText(dropped)
            self.dropped_label.show()
        else:
            self.dropped_label.clear()
            self.dropped_label.hide()
