"""The colours SockLab paints beyond the palette's own roles, made from the palette.

One place for them: a :class:`Tone` is a hue and a use, never a fixed colour.
A ``TEXT`` tone takes the lightness that reads at :data:`MIN_CONTRAST` against
the background it sits on (dark red on a light window, light red on a dark one;
the high-contrast palette of presentation mode gets the red that reads on it),
a ``MUTED`` tone likewise, in grey; a ``SHADE`` tone tints that background.
Lines (the rate plot's curves) take text tones: what reads as text reads as a
line. :func:`follow_palette` applies a colouring now and again whenever the
widget's palette changes (presentation mode, a dark desktop theme).

Signals: none (functions, and an event filter that listens for palette changes).
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

#: WCAG's contrast ratio for normal text (AA): text tones read at least this well.
MIN_CONTRAST = 4.5
#: How much of its hue a shade mixes into the background (light, dark).
_SHADE_MIX = (0.22, 0.32)


class Use(enum.Enum):
    TEXT = "text"  # drawn on the background: keeps MIN_CONTRAST to it
    MUTED = "muted"  # grey text (the hue is not used): keeps MIN_CONTRAST too
    SHADE = "shade"  # drawn behind the palette's text: a tint of the background


class Tone(enum.Enum):
    """A hue (degrees on the colour wheel) and how it is used.

    Every member is a tone of its own, even where two share a hue and a use
    (a number in code is red like an error, and is not an error).
    """

    hue: int
    use: Use

    def __new__(cls, hue: int, use: Use) -> Tone:
        tone = object.__new__(cls)
        tone._value_ = len(cls.__members__)  # members with one hue stay apart
        tone.hue, tone.use = hue, use
        return tone

    ERROR = (0, Use.TEXT)  # a failure, a bad field, data the system dropped
    ERROR_SHADE = (0, Use.SHADE)  # behind the character a payload error points at (a failed step)
    PASSED_SHADE = (128, Use.SHADE)  # green: behind a scenario step that passed
    CHUNK_EVEN = (45, Use.SHADE)  # amber: every other recv() chunk of a stream
    CHUNK_ODD = (210, Use.SHADE)  # blue: the chunks in between
    # The log's rows, by direction, and the rate plot's curves.
    RECEIVED = (212, Use.TEXT)  # blue: what arrived
    SENT = (128, Use.TEXT)  # green: what went out
    CALL = (280, Use.TEXT)  # purple: a socket call (the log's trace of calls)
    # The code panel's Python.
    CODE_KEYWORD = (282, Use.TEXT)  # purple: def, for, with, ...
    CODE_NAME = (212, Use.TEXT)  # blue: print, len, socket, ...
    CODE_CONSTANT = (185, Use.TEXT)  # teal: AF_INET, SOCK_DGRAM, ...
    CODE_NUMBER = (0, Use.TEXT)  # red
    CODE_STRING = (123, Use.TEXT)  # green
    CODE_COMMENT = (0, Use.MUTED)  # grey


def is_dark(colour: QColor) -> bool:
    return colour.lightnessF() < 0.5


def colour(
    tone: Tone, palette: QPalette, on: QPalette.ColorRole = QPalette.ColorRole.Window
) -> QColor:
    """``tone`` for a place painted in ``palette``'s ``on`` role."""
    background = palette.color(on)
    hue = tone.hue / 360
    dark = is_dark(background)
    if tone.use is Use.SHADE:
        return _mix(background, QColor.fromHslF(hue, 1.0, 0.5), _SHADE_MIX[dark])
    saturation = 0.0 if tone.use is Use.MUTED else 0.7
    lightness, step = (0.75, 0.03) if dark else (0.45, -0.03)
    text = QColor.fromHslF(hue, saturation, lightness)
    while contrast(text, background) < MIN_CONTRAST and 0.0 < lightness + step < 1.0:
        lightness += step
        text = QColor.fromHslF(hue, saturation, lightness)
    return text


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(c: QColor) -> float:
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF())


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    keep = 1.0 - share_of_b
    return QColor.fromRgbF(
        a.redF() * keep + b.redF() * share_of_b,
        a.greenF() * keep + b.greenF() * share_of_b,
        a.blueF() * keep + b.blueF() * share_of_b,
    )


class _PaletteFollower(QObject):
    """Calls ``apply`` when its widget's palette changes (not for its own change)."""

    def __init__(self, widget: QWidget, apply: Callable[[], None]) -> None:
        super().__init__(widget)
        self._apply = apply
        self._applying = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange:
            self.apply()
        return False

    def apply(self) -> None:
        if not self._applying:  # applying may change the palette again
            self._applying = True
            try:
                self._apply()
            finally:
                self._applying = False


def follow_palette(widget: QWidget, apply: Callable[[], None]) -> None:
    """Call ``apply`` now, and again whenever ``widget``'s palette changes."""
    _PaletteFollower(widget, apply).apply()


def paint_text(widget: QWidget, tone: Tone) -> None:
    """Draw ``widget``'s text (its WindowText) in ``tone``, from now on."""

    def apply() -> None:
        own = QPalette()  # only WindowText is set: every other role still follows the parent
        own.setColor(QPalette.ColorRole.WindowText, colour(tone, widget.palette()))
        widget.setPalette(own)

    follow_palette(widget, apply)
