"""Colours beyond the palette's roles are made from the palette: an error reads on
a light, a dark and the high-contrast palette, and follows a palette change."""

from __future__ import annotations

import pytest
from gui_helpers import click, type_into, widget
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget

from socklab.gui.main_window import high_contrast_palette
from socklab.gui.widgets.fields import FieldMark
from socklab.gui.widgets.tones import MIN_CONTRAST, Tone, colour, contrast, paint_text

WINDOW = QPalette.ColorRole.Window
WINDOW_TEXT = QPalette.ColorRole.WindowText


def palette_on(background: str, text: str) -> QPalette:
    palette = QPalette()
    for role, value in ((WINDOW, background), (QPalette.ColorRole.Base, background)):
        palette.setColor(role, QColor(value))
    for role in (WINDOW_TEXT, QPalette.ColorRole.Text):
        palette.setColor(role, QColor(text))
    return palette


DARK = ("#202020", "#eeeeee")


@pytest.mark.parametrize("background", ["#ffffff", "#efefef", "#808080", "#353535", "#000000"])
def test_error_text_reads_on_any_background(qapp, background):
    palette = palette_on(background, "#000000")
    red = colour(Tone.ERROR, palette)
    assert contrast(red, QColor(background)) >= MIN_CONTRAST
    assert red.red() > red.green() and red.red() > red.blue()  # and it is still red


def test_shades_stay_behind_the_palettes_text(qapp):
    for background, text in (("#ffffff", "#000000"), DARK):
        palette = palette_on(background, text)
        for tone in (Tone.CHUNK_EVEN, Tone.CHUNK_ODD, Tone.ERROR_SHADE):
            shade = colour(tone, palette, QPalette.ColorRole.Base)
            assert contrast(QColor(text), shade) >= MIN_CONTRAST, (tone, background)


def test_painted_text_follows_a_palette_change(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    label = QLabel("bad port", parent)
    paint_text(label, Tone.ERROR)
    light = label.palette().color(WINDOW_TEXT)
    parent.setPalette(palette_on(*DARK))
    dark = label.palette().color(WINDOW_TEXT)
    assert dark != light
    assert contrast(dark, QColor(DARK[0])) >= MIN_CONTRAST
    assert label.palette().color(WINDOW) == QColor(DARK[0])  # the rest still inherited
    parent.setPalette(QPalette())  # back to the application's
    assert label.palette().color(WINDOW_TEXT) == light


def test_error_banner_and_field_mark_follow_the_window_palette(qtbot, window):
    tab = window.udp_tab
    port = widget(tab, QLineEdit, "remotePort")
    type_into(qtbot, port, "70000")
    click(qtbot, widget(tab, QPushButton, "sendButton"))
    error = widget(tab, QLabel, "settingsError")
    qtbot.waitUntil(error.isVisible)
    reds = set()
    for palette in (high_contrast_palette(), palette_on(*DARK), QApplication.palette()):
        window.setPalette(palette)  # as presentation mode does; a dark theme
        background = error.palette().color(WINDOW)
        assert background == palette.color(WINDOW)
        red = error.palette().color(WINDOW_TEXT)
        assert contrast(red, background) >= MIN_CONTRAST
        mark = port.findChild(FieldMark)
        assert mark.isVisible() and colour(Tone.ERROR, mark.palette()) == red  # the same red
        # No style sheet on the field: it keeps following the window's palette.
        assert port.palette().color(QPalette.ColorRole.Base) == palette.color(
            QPalette.ColorRole.Base
        )
        reds.add(red.name())
    assert len(reds) == 2  # one for the light palettes, a lighter one for the dark
    type_into(qtbot, port, "9")  # editing takes the mark away
    assert not port.findChild(FieldMark).isVisible()
    explanation = widget(tab, QLabel, "errorExplanation")
    assert explanation.backgroundRole() == QPalette.ColorRole.ToolTipBase
    assert explanation.foregroundRole() == QPalette.ColorRole.ToolTipText
