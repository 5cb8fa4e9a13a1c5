"""The UDP tab's multicast controls, clicked, between three namespaces.

The test's thread enters host b of the lab (tests/multicast_lab.py) before the
window is built and leaves it after the window is closed: the tab's sessions
(their worker threads) and every socket the test makes live in the lab, so
nothing is multicast from this machine's own namespace. Peers in hosts a and c
are plain sockets made inside them.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterator

import pytest
from gui_helpers import click, recv_from, rows, type_into, widget
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QListWidget, QPushButton

from multicast_lab import GROUP_V4, GROUP_V6, address6, build_lab, inside
from socklab.gui.models.log_model import COL_DATA

pytestmark = pytest.mark.netns

PORT = 47320


@pytest.fixture
def hosts() -> Iterator[list]:
    """The lab's hosts, with this thread in host b (the window's) for the test."""
    for lab in build_lab():
        with inside(lab.hosts[1]):
            yield lab.hosts


def member_socket(host, group: str) -> socket.socket:
    """A plain socket in ``host`` bound to PORT that joined ``group`` on eth0."""
    v6 = ":" in group
    with inside(host):
        sock = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("::" if v6 else "0.0.0.0", PORT))
        index = socket.if_nametoindex("eth0")
        if v6:
            mreq = socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", index)
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
        else:
            mreq = socket.inet_aton(group) + bytes(4) + struct.pack("@i", index)
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    return sock


def sender_socket(host, v6: bool) -> socket.socket:
    with inside(host):
        sock = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
        index = socket.if_nametoindex("eth0")
        if v6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, index)
        else:
            mreqn = bytes(8) + struct.pack("@i", index)
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, mreqn)
    return sock


def fill(qtbot, tab, group: str, source: str = "", interface: str = "eth0") -> None:
    type_into(qtbot, widget(tab, QLineEdit, "multicastGroup"), group)
    type_into(qtbot, widget(tab, QLineEdit, "multicastSource"), source)
    widget(tab, QComboBox, "multicastInterface").setEditText(interface)


def data_rows(tab) -> list[str]:
    return [r[COL_DATA] for r in rows(tab)]


def shown(tab, text: str) -> bool:
    """Some row of the log shows ``text`` (traced: inside the recvfrom call)."""
    return any(text in row for row in data_rows(tab))


@pytest.mark.parametrize("v6", [False, True], ids=["ipv4", "ipv6"])
def test_join_receive_leave_from_the_tab(qtbot, hosts, window, v6: bool) -> None:
    a, b, _ = hosts
    group = GROUP_V6 if v6 else GROUP_V4
    tab = window.udp_tab
    tab.local_host.setEditText("::" if v6 else "0.0.0.0")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), str(PORT))
    widget(tab, QCheckBox, "traceCalls").setChecked(True)
    fill(qtbot, tab, group)
    click(qtbot, widget(tab, QPushButton, "joinButton"))  # binds first, then joins

    joined = widget(tab, QListWidget, "joinedGroups")
    qtbot.waitUntil(lambda: joined.count() == 1)
    assert joined.item(0).text() == f"{group} on eth0"
    state = widget(tab, QLabel, "stateLabel")
    assert f"member of {group}" in state.text()
    option = "IPV6_JOIN_GROUP" if v6 else "IP_ADD_MEMBERSHIP"
    assert any(f"setsockopt(IPPROTO_IP{'V6' if v6 else ''}, {option}" in d for d in data_rows(tab))

    here = address6(b) if v6 else b.address
    with sender_socket(a, v6) as out:
        out.sendto(b"to the group", (group, PORT))
        qtbot.waitUntil(lambda: shown(tab, "to the group"))

        joined.setCurrentRow(0)
        click(qtbot, widget(tab, QPushButton, "leaveButton"))
        qtbot.waitUntil(lambda: joined.count() == 0)
        assert "member of" not in state.text()
        assert any(f"left {group} on eth0" in d for d in data_rows(tab))
        out.sendto(b"after leaving", (group, PORT))
        out.sendto(b"marker", (here, PORT))  # same path, after the group datagram
        qtbot.waitUntil(lambda: shown(tab, "marker"))
    assert not shown(tab, "after leaving")


def test_sending_options_reach_a_member_on_another_host(qtbot, hosts, window) -> None:
    _, _, c = hosts
    tab = window.udp_tab
    tab.local_host.setEditText("0.0.0.0")
    widget(tab, QCheckBox, "traceCalls").setChecked(True)
    widget(tab, QComboBox, "multicastInterface").setEditText("eth0")
    ttl = widget(tab, type(tab.multicast.box.ttl), "multicastTtl")
    ttl.setValue(3)
    widget(tab, QCheckBox, "multicastLoop").setChecked(False)
    type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), GROUP_V4)
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(PORT))
    tab.editor.edit.setPlainText("hello members")
    with member_socket(c, GROUP_V4) as member:
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        data, _ = recv_from(qtbot, member)
    assert data == b"hello members"
    qtbot.waitUntil(lambda: shown(tab, "hello members"))
    calls = data_rows(tab)
    assert "setsockopt(IPPROTO_IP, IP_MULTICAST_TTL, 3)" in calls
    assert "setsockopt(IPPROTO_IP, IP_MULTICAST_LOOP, 0)" in calls
    assert any("IP_MULTICAST_IF" in call for call in calls)
    script = tab.code_settings().multicast
    assert script.sending.ttl == 3 and not script.sending.loop


#: (group, source, interface, the field marked, what is said)
BAD_FIELDS = [
    ("224.0.0.1", "", "", "multicastGroup", "224.0.0.1 is reserved for all hosts; pick 239."),
    ("10.1.2.3", "", "", "multicastGroup", "10.1.2.3 is not a multicast address"),
    (GROUP_V6, "10.0.0.1", "", "multicastSource", "give an IPv6 source"),
    (GROUP_V4, "", "a b", "multicastInterface", "is neither an interface name"),
]


def test_bad_fields_are_said_at_the_field(qtbot, window) -> None:
    tab = window.udp_tab  # refused before any socket: no namespace needed
    error = widget(tab, QLabel, "settingsError")
    for group, source, interface, field, words in BAD_FIELDS:
        fill(qtbot, tab, group, source, interface)
        click(qtbot, widget(tab, QPushButton, "joinButton"))
        qtbot.waitUntil(lambda words=words: words in error.text())
        assert tab.findChild(object, field).property("invalid") is True
        assert shown(tab, words)  # and in the log
    assert tab.session is None


def test_system_refusals_are_explained_at_the_interface(qtbot, hosts, window) -> None:
    tab = window.udp_tab
    tab.local_host.setEditText("0.0.0.0")
    error = widget(tab, QLabel, "settingsError")
    explanation = widget(tab, QLabel, "errorExplanation")
    interface = widget(tab, QComboBox, "multicastInterface")
    for name, words, title in (
        ("eth9", "there is no interface eth9", "No such device"),
        ("lo", "lo has no MULTICAST flag", "The interface has no MULTICAST flag"),
    ):
        fill(qtbot, tab, GROUP_V4, "", name)
        click(qtbot, widget(tab, QPushButton, "joinButton"))
        qtbot.waitUntil(lambda words=words: words in error.text())
        assert title in explanation.text()
        assert interface.property("invalid") is True
    ttl = tab.multicast.box.ttl
    ttl.lineEdit().selectAll()
    qtbot.keyClicks(ttl.lineEdit(), "300")
    ttl.editingFinished.emit()
    qtbot.waitUntil(lambda: "300 is more than 255" in error.text())
    assert ttl.value() == 255
