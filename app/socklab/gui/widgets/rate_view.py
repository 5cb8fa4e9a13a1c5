"""The drawing half of the rate plot: a pyqtgraph plot with two curves, a
legend and a rate axis that speaks bytes/s (SI prefixes) or packets/s
(thousands separators).

pyqtgraph brings numpy and most of Qt's classes with it (a third of a second
and some 45 MB here), so this module is imported only when a rate plot is first
shown (:class:`socklab.gui.widgets.rate_plot.RatePlot` does it); the window
starts without it. It holds no text of its own: the plot hands it the words.

Signals: none.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Sequence

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

# PySide6 is imported first and named explicitly: pyqtgraph never picks another binding.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np
import pyqtgraph as pg

from ..tones import Tone, colour

_PEN_WIDTH = 2.5


class _RateAxis(pg.AxisItem):
    """The rate axis: SI prefixes for bytes/s, thousands separators for packets/s."""

    #: Label ticks with thousands separators and no SI prefix (packets/s).
    thousands = False

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        if not self.thousands:
            return super().tickStrings(values, scale, spacing)
        places = max(0, math.ceil(-math.log10(spacing * scale))) if spacing > 0 else 0
        return [f"{v * scale:,.{places}f}" for v in values]


class RateView(pg.PlotWidget):
    """Received and sent curves over "seconds ago" (now on the right)."""

    def __init__(self, parent: QWidget, history_seconds: float) -> None:
        self.rate_axis = _RateAxis("left")
        super().__init__(parent, axisItems={"left": self.rate_axis})
        self.setObjectName("ratePlotView")
        item = self.getPlotItem()
        self.time_axis = item.getAxis("bottom")
        item.setMouseEnabled(x=False, y=False)
        item.setMenuEnabled(False)
        # No right-click menu: drop the scene's untranslatable "Export..." action too.
        scene = self.scene()
        for action in scene.contextMenu:
            action.setParent(None)  # owned by Python now: freed with the list below
        scene.contextMenu = []
        item.hideButtons()
        item.showGrid(x=True, y=True, alpha=0.2)
        item.invertX(True)  # seconds ago: now is on the right
        # A little room right of "now" and below zero, so the 0 ticks get their labels.
        item.setXRange(-0.025 * history_seconds, history_seconds, padding=0)
        item.setYRange(-0.4, 10, padding=0)
        item.enableAutoRange(x=False, y=False)
        self.legend = item.addLegend(offset=(10, 10))
        self.rx_curve = item.plot(name="", antialias=True, skipFiniteCheck=True)
        self.tx_curve = item.plot(name="", antialias=True, skipFiniteCheck=True)

    def draw(self, rows: Sequence[tuple[float, ...]], rx_col: int, tx_col: int) -> None:
        """Draw ``rows`` (time first, newest last): columns ``rx_col`` and ``tx_col``
        against seconds before the newest row."""
        if rows:
            table = np.array(rows, dtype=np.float64)
            x = table[-1, 0] - table[:, 0]
            rx = np.ascontiguousarray(table[:, rx_col])
            tx = np.ascontiguousarray(table[:, tx_col])
            top = max(float(rx.max()), float(tx.max()))
        else:
            x = rx = tx = np.zeros(0)
            top = 0.0
        self.rx_curve.setData(x, rx)
        self.tx_curve.setData(x, tx)
        top = max(top * 1.15, 10.0)  # whole-number ticks when there is little or nothing
        self.getPlotItem().setYRange(-0.04 * top, top, padding=0)

    def set_texts(self, received: str, sent: str, time_label: str, style: dict[str, str]) -> None:
        """The legend's names and the time axis's label (plain text)."""
        for curve, text in ((self.rx_curve, received), (self.tx_curve, sent)):
            curve.opts["name"] = text
            label = self.legend.getLabel(curve)
            if label is not None:
                label.setText(html.escape(text))
        self.legend.updateSize()
        self.time_axis.setLabel(html.escape(time_label), **style)

    def set_rate_label(self, title: str, packets_unit: str | None, style: dict[str, str]) -> None:
        """Bytes/s (``packets_unit`` None: pyqtgraph picks the SI prefix from the
        range shown) or packets/s in ``packets_unit``, with thousands separators
        ("kpackets/s" reads badly)."""
        if packets_unit is None:
            self.rate_axis.thousands = False
            self.rate_axis.setLabel(html.escape(title), units="B/s", **style)
        else:
            self.rate_axis.thousands = True
            self.rate_axis.setLabel(
                html.escape(title),
                units=html.escape(packets_unit),
                siPrefixEnableRanges=(),
                **style,
            )
        self.rate_axis.picture = None  # tick strings change with the mode
        self.rate_axis.update()

    def apply_style(self, palette: QPalette, font: QFont) -> None:
        """Colours from ``palette`` (curves in the received and sent tones), ticks in ``font``."""
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        base = QPalette.ColorRole.Base
        self.setBackground(background)
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
