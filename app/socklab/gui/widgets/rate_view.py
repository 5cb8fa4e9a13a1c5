"""The drawing half of the rate plot: two curves (received, sent) over "seconds
ago", a legend, a time axis and a rate axis that speaks bytes/s (with an SI
prefix: kB/s, MB/s ...) or packets/s (thousands separators), painted with
QPainter.

It holds no text of its own (the plot hands it the words) and no history (the
plot hands it the rows to draw). Building one costs a few milliseconds, so a
plot shown for the first time shows at once.

Signals: none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..tones import Tone, colour

#: Width of a curve's line, in pixels.
PEN_WIDTH = 2.5
#: How many ticks an axis aims at, at most (fewer where its labels would crowd).
TICKS = 6
#: SI prefixes of the bytes/s axis, by power of 1000.
SI_PREFIXES = ("", "k", "M", "G", "T", "P")
#: Room around the plot area and between a label and its ticks, in pixels.
_PAD = 6.0
#: The grid's opacity over the background.
_GRID_ALPHA = 0.2


@dataclass
class Curve:
    """One line of the plot: its points (x in seconds ago, y in units/s), its
    name in the legend and its pen."""

    name: str = ""
    pen: QPen = field(default_factory=QPen)
    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)


def nice_step(span: float, ticks: int) -> float:
    """A round step (1, 2 or 5 x 10^n) that cuts ``span`` into about ``ticks`` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1.0, 2.0, 5.0, 10.0):
        if raw <= multiple * power:
            return multiple * power
    return 10.0 * power


def tick_values(low: float, high: float, ticks: int = TICKS) -> tuple[list[float], float]:
    """Round values from ``low`` to ``high`` (inclusive) in about ``ticks`` steps, and the step."""
    step = nice_step(high - low, max(1, ticks))
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [i * step for i in range(first, last + 1)], step


def si_scale(top: float) -> tuple[float, str]:
    """The power of 1000 to divide values up to ``top`` by, and its prefix."""
    power = 0
    while power + 1 < len(SI_PREFIXES) and top >= 1000.0 ** (power + 1):
        power += 1
    return 1000.0**power, SI_PREFIXES[power]


def tick_text(value: float, step: float, thousands: bool) -> str:
    """``value`` with as many decimals as ``step`` needs (and thousands separators)."""
    places = max(0, math.ceil(-math.log10(step) - 1e-9)) if step > 0 else 0
    text = f"{value:,.{places}f}" if thousands else f"{value:.{places}f}"
    return "0" if float(value) == 0 else text


class RateView(QWidget):
    """Received and sent curves over "seconds ago" (now on the right).

    :attr:`rx_curve` and :attr:`tx_curve` hold what is drawn; :meth:`labels`
    gives the axes' titles as shown.
    """

    def __init__(self, parent: QWidget, history_seconds: float) -> None:
        super().__init__(parent)
        self.setObjectName("ratePlotView")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.history_seconds = history_seconds
        self.rx_curve = Curve()
        self.tx_curve = Curve()
        self.top = 10.0
        self.thousands = False
        self._time_label = ""
        self._rate_title = ""
        self._rate_unit = "B/s"
        self._background = QColor(Qt.GlobalColor.white)
        self._text = QColor(Qt.GlobalColor.black)
        self._frame = QColor(Qt.GlobalColor.gray)
        self._area = QRectF()  # the plot area of the last paint

    def sizeHint(self) -> QSize:  # noqa: N802
        line = self.fontMetrics().height()
        return QSize(40 * line, 12 * line)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        line = self.fontMetrics().height()
        return QSize(16 * line, 6 * line)

    # ----------------------------------------------------------------- what

    def draw(self, rows: Sequence[tuple[float, ...]], rx_col: int, tx_col: int) -> None:
        """Draw ``rows`` (time first, newest last): columns ``rx_col`` and ``tx_col``
        against seconds before the newest row."""
        now = rows[-1][0] if rows else 0.0
        x = [now - row[0] for row in rows]
        self.rx_curve.x, self.rx_curve.y = x, [row[rx_col] for row in rows]
        self.tx_curve.x, self.tx_curve.y = list(x), [row[tx_col] for row in rows]
        highest = max([*self.rx_curve.y, *self.tx_curve.y], default=0.0)
        self.top = max(highest * 1.15, 10.0)  # whole-number ticks when there is little
        self.update()

    def set_texts(self, received: str, sent: str, time_label: str) -> None:
        """The legend's names and the time axis's title."""
        self.rx_curve.name, self.tx_curve.name = received, sent
        self._time_label = time_label
        self.update()

    def set_rate_label(self, title: str, packets_unit: str | None) -> None:
        """Bytes/s (``packets_unit`` None: the prefix follows the range shown) or
        packets/s in ``packets_unit``, with thousands separators ("kpackets/s"
        reads badly)."""
        self._rate_title = title
        self.thousands = packets_unit is not None
        self._rate_unit = "B/s" if packets_unit is None else packets_unit
        self.update()

    def apply_style(self, palette: QPalette, font: QFont) -> None:
        """Colours from ``palette`` (curves in the received and sent tones); text in ``font``."""
        base = QPalette.ColorRole.Base
        self._background = palette.color(base)
        self._text = palette.color(QPalette.ColorRole.Text)
        self._frame = palette.color(QPalette.ColorRole.Mid)
        for curve, tone in ((self.rx_curve, Tone.RECEIVED), (self.tx_curve, Tone.SENT)):
            pen = QPen(colour(tone, palette, base), PEN_WIDTH)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            curve.pen = pen
        self.setFont(font)
        self.update()

    def labels(self) -> tuple[str, str]:
        """The (rate axis, time axis) titles as shown: "Rate (MB/s)", "Seconds ago"."""
        _scale, prefix = self._scale()
        return f"{self._rate_title} ({prefix}{self._rate_unit})", self._time_label

    def legend_texts(self) -> list[str]:
        return [self.rx_curve.name, self.tx_curve.name]

    # ----------------------------------------------------------------- how

    def _scale(self) -> tuple[float, str]:
        return (1.0, "") if self.thousands else si_scale(self.top)

    def _y_range(self) -> tuple[float, float]:
        return -0.04 * self.top, self.top

    def _x_range(self) -> tuple[float, float]:
        return -0.025 * self.history_seconds, self.history_seconds

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._background)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(self.font())
        scale, _prefix = self._scale()
        low, high = self._y_range()
        room = self.height() - 3 * metrics.height() - 3 * _PAD  # about the plot area's height
        y_ticks, y_step = tick_values(
            low / scale, high / scale, int(room / (1.6 * metrics.height()))
        )
        y_texts = [tick_text(v, y_step, self.thousands) for v in y_ticks]
        numbers = max((metrics.horizontalAdvance(t) for t in y_texts), default=0.0)
        left = 3 * _PAD + metrics.height() + numbers
        top, bottom = _PAD + metrics.height() / 2, _PAD + 2 * metrics.height() + _PAD
        area = QRectF(self.rect()).adjusted(left, top, -_PAD * 3, -bottom)
        if area.width() <= 1 or area.height() <= 1:
            return
        self._area = area
        grid = QColor(self._text)
        grid.setAlphaF(_GRID_ALPHA)
        painter.setPen(QPen(self._text, 1))
        painter.drawRect(area)
        self._paint_rate_axis(painter, metrics, grid, [v * scale for v in y_ticks], y_texts)
        self._paint_time_axis(painter, metrics, grid)
        self._paint_curves(painter)
        self._paint_legend(painter, metrics, area)

    def _point(self, seconds_ago: float, value: float) -> QPointF:
        """Where (``seconds_ago``, ``value``) is in the plot area (now on the right)."""
        area = self._area
        x_low, x_high = self._x_range()
        low, high = self._y_range()
        x = area.right() - (seconds_ago - x_low) / (x_high - x_low) * area.width()
        y = area.bottom() - (value - low) / (high - low) * area.height()
        return QPointF(x, y)

    def _paint_rate_axis(
        self,
        painter: QPainter,
        metrics: QFontMetricsF,
        grid: QColor,
        values: list[float],
        texts: list[str],
    ) -> None:
        """Grid lines, ticks and numbers at ``values``; the title turned to read upwards."""
        area = self._area
        numbers_left = 2 * _PAD + metrics.height()
        for value, text in zip(values, texts, strict=True):
            y = self._point(0, value).y()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QPen(self._text, 1))
            painter.drawLine(QPointF(area.left() - 4, y), QPointF(area.left(), y))
            box = QRectF(numbers_left, y - metrics.height() / 2, 0, metrics.height())
            box.setRight(area.left() - 6)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.save()
        painter.translate(_PAD, area.center().y())
        painter.rotate(-90)
        title = QRectF(-area.height() / 2, 0, area.height(), metrics.height())
        text = metrics.elidedText(self.labels()[0], Qt.TextElideMode.ElideRight, area.height())
        painter.drawText(title, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def _paint_time_axis(self, painter: QPainter, metrics: QFontMetricsF, grid: QColor) -> None:
        """Grid lines, ticks and numbers of seconds ago; the title under them."""
        area = self._area
        x_low, x_high = self._x_range()
        room = int(area.width() / (4 * metrics.horizontalAdvance("000")))
        ticks, step = tick_values(max(0.0, x_low), x_high, room)
        for value in ticks:
            x = self._point(value, 0).x()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
            painter.setPen(QPen(self._text, 1))
            painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 4))
            text = tick_text(value, step, False)
            width = metrics.horizontalAdvance(text)
            painter.drawText(QPointF(x - width / 2, area.bottom() + 4 + metrics.ascent()), text)
        title = QRectF(area.left(), area.bottom() + 4 + metrics.height(), area.width(), 0)
        title.setBottom(self.height())
        painter.drawText(title, Qt.AlignmentFlag.AlignCenter, self.labels()[1])

    def _paint_curves(self, painter: QPainter) -> None:
        area = self._area
        x_low, x_high = self._x_range()
        low, high = self._y_range()
        x_per = area.width() / (x_high - x_low)  # pixels per second
        y_per = area.height() / (high - low)  # pixels per unit/s
        x0, y0 = area.right() + x_low * x_per, area.bottom() + low * y_per
        painter.save()
        painter.setClipRect(area)
        for curve in (self.rx_curve, self.tx_curve):
            if len(curve.x) >= 2:
                painter.setPen(curve.pen)
                points = [
                    QPointF(x0 - x * x_per, y0 - y * y_per)
                    for x, y in zip(curve.x, curve.y, strict=True)
                ]
                painter.drawPolyline(QPolygonF(points))
        painter.restore()

    def _paint_legend(self, painter: QPainter, metrics: QFontMetricsF, area: QRectF) -> None:
        curves = (self.rx_curve, self.tx_curve)
        line = metrics.height() * 1.5
        width = line + _PAD + max(metrics.horizontalAdvance(c.name) for c in curves) + 2 * _PAD
        box = QRectF(
            area.left() + 10, area.top() + 10, width, len(curves) * metrics.height() + _PAD * 2
        )
        if box.bottom() > area.bottom() or box.right() > area.right():
            return  # no room for it: the curves' colours are the tab's received and sent tones
        fill = QColor(self._background)
        fill.setAlpha(200)
        painter.setPen(QPen(self._frame, 1))
        painter.setBrush(fill)
        painter.drawRect(box)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for row, curve in enumerate(curves):
            y = box.top() + _PAD + (row + 0.5) * metrics.height()
            painter.setPen(curve.pen)
            painter.drawLine(QPointF(box.left() + _PAD, y), QPointF(box.left() + _PAD + line, y))
            painter.setPen(QPen(self._text, 1))
            text_box = QRectF(
                box.left() + 2 * _PAD + line, y - metrics.height() / 2, width, metrics.height()
            )
            painter.drawText(
                text_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, curve.name
            )
