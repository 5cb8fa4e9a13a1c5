"""Colours beyond the palette's roles are made from the palette: an error reads on
a light, a dark and the high-contrast palette, and follows a palette change; so do
the code panel's highlighting, the log's rows, the rate plot's curves and the
greyed rows of ended clients."""

from __future__ import annotations

import pytest
from gui_helpers import click, type_into, widget
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget

from socklab.core import Failed, PeerJoined, PeerLeft, Reason, Received, Sent, SocketCall, State
from socklab.gui.main_window import high_contrast_palette
from socklab.gui.tones import MIN_CONTRAST, Tone, colour, contrast, paint_text
from socklab.gui.widgets.code_panel import CodePanel
from socklab.gui.widgets.fields import FieldMark

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
BASE = QPalette.ColorRole.Base


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


SCRIPT = """import socket

# Send one datagram
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.sendto(b"hello", ("127.0.0.1", 9999))
"""
#: A piece of each kind the highlighter marks, and the tone it should get.
PIECES = {
    "import": Tone.CODE_KEYWORD,
    "socket": Tone.CODE_NAME,
    "AF_INET": Tone.CODE_CONSTANT,
    "9999": Tone.CODE_NUMBER,
    '"127.0.0.1"': Tone.CODE_STRING,
    "# Send one datagram": Tone.CODE_COMMENT,
}


def painted(panel: CodePanel, piece: str) -> QColor:
    """The colour the highlighter gave the first character of ``piece``."""
    document = panel.view.document()
    at = document.toPlainText().index(piece)
    block = document.findBlock(at)
    offset = at - block.position()
    for span in block.layout().formats():
        if span.start <= offset < span.start + span.length:
            return span.format.foreground().color()
    raise AssertionError(f"{piece!r} is not highlighted")


def test_code_panel_colours_follow_a_dark_palette(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    panel = CodePanel(parent)
    panel.set_code(SCRIPT)
    light = {piece: painted(panel, piece) for piece in PIECES}
    assert len({c.name() for c in light.values()}) == len(PIECES)  # six tones, apart
    for palette in (palette_on(*DARK), high_contrast_palette(), QApplication.palette()):
        parent.setPalette(palette)  # a dark theme; presentation mode; back again
        background = panel.view.palette().color(BASE)
        assert background == palette.color(BASE)
        for piece, tone in PIECES.items():
            shown = painted(panel, piece)
            assert shown == colour(tone, panel.view.palette(), BASE), piece
            assert contrast(shown, background) >= MIN_CONTRAST, (piece, background.name())
        if palette is not QApplication.palette():
            dark = palette.color(BASE).name() == DARK[0]
            assert (painted(panel, "import") != light["import"]) == dark
    assert {piece: painted(panel, piece) for piece in PIECES} == light


def test_log_rows_curves_and_ended_clients_follow_the_window_palette(qtbot, window):
    log = window.udp_tab.log
    peer = ("127.0.0.1", 9)
    log.append_events(
        [
            Received(data=b"in", peer=peer),
            Sent(data=b"out", peer=peer),
            Failed(operation="sendto", message="Network is unreachable"),
            SocketCall(call="socket()"),
        ]
    )
    plot = window.udp_tab.rate_plot
    clients = window.tcp_server_tab.clients
    clients.apply_events(
        [
            PeerJoined(peer_id=1, peer=("10.0.0.1", 40001), local=("127.0.0.1", 1)),
            PeerLeft(peer_id=1, peer=("10.0.0.1", 40001), state=State.CLOSED, reason=Reason.NONE),
        ]
    )
    tones = (Tone.RECEIVED, Tone.SENT, Tone.ERROR, Tone.CALL)
    seen = set()
    for palette in (palette_on(*DARK), high_contrast_palette(), QApplication.palette()):
        window.setPalette(palette)
        background = log.view.palette().color(BASE)
        assert background == palette.color(BASE)
        rows = [
            log.model.data(log.model.index(row, 0), Qt.ItemDataRole.ForegroundRole)
            for row in range(4)
        ]
        assert rows == [colour(tone, palette, BASE) for tone in tones]
        assert all(contrast(row, background) >= MIN_CONTRAST for row in rows)
        pens = [curve.pen.color() for curve in (plot.rx_curve, plot.tx_curve)]
        assert pens == [colour(Tone.RECEIVED, palette, BASE), colour(Tone.SENT, palette, BASE)]
        grey = clients.model.data(clients.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
        assert grey.color() == palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        seen.add(tuple(c.name() for c in rows))
    assert len(seen) == 2  # one set for the light palettes, a lighter one for the dark
