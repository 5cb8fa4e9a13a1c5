"""The UDP tab's state line says how the generator sends: GSO, or sendmmsg and why."""

from __future__ import annotations

import pytest
from gui_helpers import click, type_into, widget
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QSpinBox
from test_load_tools import drain, udp_peer

from socklab.core import GsoSkip, ReceivePath, SendMode, SendPath
from socklab.core.fastpath import gso as fastgso
from socklab.gui.tabs.fast_path_note import fast_path_text

COUNT = 500


@pytest.mark.skipif(not fastgso.AVAILABLE, reason="UDP GSO is Linux's")
@pytest.mark.parametrize(
    ("gso", "said"),
    [(True, "GSO: 46 x 1400 B"), (False, "GSO off; using sendmmsg")],
    ids=["gso", "gso-off"],
)
def test_the_state_line_says_the_send_path_and_every_datagram_arrives(qtbot, window, gso, said):
    tab = window.udp_tab
    with udp_peer() as peer:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        widget(tab, QSpinBox, "generatorSize").setValue(1400)
        widget(tab, QSpinBox, "generatorCount").setValue(COUNT)
        unit = widget(tab, QComboBox, "generatorUnit")
        unit.setCurrentIndex(unit.findData("max"))
        box = widget(tab, QCheckBox, "generatorGso")
        assert box.isChecked()  # on by default
        if not gso:
            click(qtbot, box)
        click(qtbot, widget(tab, QPushButton, "generateButton"))
        got: list[bytes] = []
        qtbot.waitUntil(lambda: drain(peer, got) >= COUNT, timeout=10_000)
        state = widget(tab, QLabel, "stateLabel")
        qtbot.waitUntil(lambda: said in state.text())
        drain(peer, got)
    assert len(got) == COUNT and {len(d) for d in got} == {1400}
    assert state.text().startswith("bound to ")
    status = widget(tab, QLabel, "generatorStatus")
    qtbot.waitUntil(lambda: "done" in status.text())
    assert status.text().startswith(f"{COUNT} sent")


def test_a_refusal_and_a_refused_gro_are_said_with_the_kernels_reason(qapp):
    refused = SendPath(SendMode.SENDMMSG, 1400, refused="EMSGSIZE")
    assert fast_path_text(refused, ReceivePath(True)) == (
        "GSO refused by the kernel: EMSGSIZE; using sendmmsg"
    )
    small = SendPath(SendMode.SENDMMSG, 40_000, skipped=GsoSkip.SIZE)
    assert fast_path_text(small, ReceivePath(False, "ENOPROTOOPT")) == (
        "no GSO for 40000 B datagrams (fewer than 2 fit in one send); using sendmmsg"
        " · GRO refused by the kernel: ENOPROTOOPT"
    )
    assert fast_path_text(None, ReceivePath(True)) == ""
