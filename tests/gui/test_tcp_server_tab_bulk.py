"""A real peer process (socat) streams a file into the TCP Server tab, opened
by its fields and button: the tab counts every byte (its counters bar and the
client's row), the log's last chunk is the file's tail, and the peer's leaving
after its last byte is shown."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from gui_helpers import click, type_into, widget
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from socklab.core import Received
from socklab.gui.models.client_model import COL_BYTES_IN

MiB = 1 << 20
#: Bounds for a busy machine, never speed requirements.
PEER_BOUND_S = 60
WAIT_MS = 60_000

pytestmark = pytest.mark.skipif(shutil.which("socat") is None, reason="socat is not installed")


@pytest.mark.parametrize("size", [16 * MiB + 1, 8 * MiB], ids=["one-more", "multiple"])
def test_a_file_socat_streams_into_the_server_tab_is_counted_to_the_byte(
    qtbot, window, tmp_path, size
):
    source = tmp_path / "in.bin"
    data = os.urandom(size)
    source.write_bytes(data)
    tab = window.tcp_server_tab
    window.tabs.setCurrentWidget(tab)  # on screen: its log and counters are painted
    tab.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    port = tab.session.local_address[1]
    peer = subprocess.Popen(
        ["socat", "-u", f"OPEN:{source},rdonly", f"TCP:127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL,
    )
    try:
        table = tab.clients.model
        # The row stays after the peer left; wait for its last count there.
        qtbot.waitUntil(
            lambda: (
                table.rowCount() == 1
                and table.index(0, COL_BYTES_IN).data() == f"{size:,}"
                and tab.session.peer_count == 0
            ),
            timeout=WAIT_MS,
        )
        qtbot.waitUntil(lambda: peer.poll() is not None, timeout=WAIT_MS)
    finally:
        if peer.poll() is None:
            peer.kill()
        peer.wait(PEER_BOUND_S)
    assert peer.returncode == 0
    assert tab.session.counters.rx_bytes == size
    counters = widget(tab, QLabel, "countersText")
    qtbot.waitUntil(lambda: f"{size:,} B" in counters.text(), timeout=WAIT_MS)
    received = [e for e in tab.log.model.events() if isinstance(e, Received)]
    assert received and data.endswith(received[-1].data)  # nothing lost at the end
