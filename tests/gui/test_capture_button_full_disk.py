"""A capture to a full disk is shown at the capture button the moment the write
fails (released, marked with the reason), with one log row; the session goes on."""

from __future__ import annotations

import socket

from gui_helpers import open_udp_tab, rows

from socklab.gui.models.log_model import COL_DATA

FULL = "capture to /dev/full: no space left on device"


def test_a_full_disk_releases_the_capture_button_at_once(qtbot, window):
    tab = open_udp_tab(qtbot, window)
    capture = tab.tools.capture_button
    tab.tools.captureRequested.emit("/dev/full")  # what the Capture… dialog hands on
    qtbot.waitUntil(capture.isChecked)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"x" * 300, tab.session.local_address[:2])
        qtbot.waitUntil(lambda: not capture.isChecked())
    assert capture.property("invalid") is True
    assert FULL in capture.toolTip()
    qtbot.waitUntil(lambda: sum(FULL in r[COL_DATA] for r in rows(tab)) == 1)
    assert tab.session is not None  # the session goes on
