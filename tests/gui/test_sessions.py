"""Many sessions: File → New session (Ctrl+T) opens a tab of any kind, Ctrl+W
closes the current one (its socket first), and the set of tabs, their names and
their settings come back after a restart. Real sockets on loopback."""

from __future__ import annotations

import errno
import importlib
import socket

import pytest
from gui_helpers import click, rows, start_on, type_into, widget
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolButton,
)

from socklab.gui import MainWindow
from socklab.gui.models.kernel_sockets_model import COL_LOCAL, COL_STATE
from socklab.gui.models.log_model import COL_DATA
from socklab.gui.session_kinds import DEFAULT_KINDS, KINDS, kind_for

# The offscreen platform says it cannot raise a popup menu or give it the keyboard.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support raise\(\)", "This plugin does not support grabbing the keyboard"
)

CLASSIC = ["udpTab", "broadcastTab", "tcpClientTab", "tcpServerTab"]


def _names(window: MainWindow) -> list[str]:
    tabs = window.findChild(QTabWidget, "mainTabs")
    return [tabs.widget(i).objectName() for i in range(tabs.count())]


def _action(window: MainWindow, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def activate(qtbot, window: MainWindow) -> None:
    """Make ``window`` the active one, as a click on it would (shortcuts go there)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def new_session(qtbot, window: MainWindow, action_name: str):
    """Ctrl+T, then click the kind's entry in the menu that pops up; the new tab."""
    before = window.tabs.count()
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    menu = window.findChild(QMenu, "newSessionMenu")
    qtbot.waitUntil(menu.isVisible)
    entry = _action(window, action_name)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(entry).center())
    qtbot.waitUntil(lambda: window.tabs.count() == before + 1)
    # The offscreen platform leaves the closed menu the active window: a window
    # system gives activation back to the main window.
    activate(qtbot, window)
    tab = window.tabs.currentWidget()
    qtbot.waitUntil(tab.isVisible)
    return tab


def close_current(qtbot, window: MainWindow) -> None:
    before = window.tabs.count()
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tabs.count() == before - 1)


def test_the_registry_names_each_kind_as_its_tab_does() -> None:
    """The menu is built from KINDS: each kind's derived objectName and settings
    group are its tab's, and the classic four are the default set."""
    assert [k.key for k in KINDS][:4] == list(DEFAULT_KINDS)
    for kind, name in zip(KINDS, CLASSIC, strict=False):
        tab_class = getattr(importlib.import_module(kind.module), kind.cls)
        assert kind.tab_name() == name and kind.tab_name(2) == f"{name}2"
        assert kind.settings_group() == tab_class.settings_key
        assert kind.settings_group(3) == f"{tab_class.settings_key}_3"
    assert kind_for("tcp-server").action == "newTcpServerSession"
    assert kind_for("nonsense") is None
    # What the keys give, as README's objectNames list them; every tab class is found.
    assert [k.action for k in KINDS] == [
        "newUdpSession",
        "newBroadcastSession",
        "newTcpClientSession",
        "newTcpServerSession",
        "newRelaySession",
    ]
    assert [k.cls for k in KINDS] == [
        "UdpTab",
        "BroadcastTab",
        "TcpClientTab",
        "TcpServerTab",
        "RelayTab",
    ]
    for kind in KINDS:
        assert getattr(importlib.import_module(kind.module), kind.cls).__name__ == kind.cls


def test_two_udp_and_two_servers_receive_at_once_and_close_for_real(qtbot, window) -> None:
    assert _names(window) == CLASSIC
    udp2 = new_session(qtbot, window, "newUdpSession")
    assert udp2.objectName() == "udpTab2" and udp2 is not window.udp_tab
    assert _names(window) == [*CLASSIC, "udpTab2"]
    for name in ("localPort", "remotePort", "openButton", "sendButton", "logView", "counters"):
        assert udp2.findChild(object, name) is not None, name
    server2 = new_session(qtbot, window, "newTcpServerSession")
    assert server2.objectName() == "tcpServerTab2"

    udp1, server1 = window.udp_tab, window.tcp_server_tab
    ports = {tab: start_on(qtbot, tab, "127.0.0.1") for tab in (udp1, udp2, server1, server2)}
    assert len(set(ports.values())) == 4

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        for tab, word in ((udp1, b"to-one"), (udp2, b"to-two"), (udp2, b"again-two")):
            peer.sendto(word, ("127.0.0.1", ports[tab]))
        qtbot.waitUntil(lambda: udp2.session.counters.rx_packets == 2)
        qtbot.waitUntil(lambda: udp1.session.counters.rx_packets == 1)
    qtbot.waitUntil(lambda: "again-two" in str(rows(udp2)))
    qtbot.waitUntil(lambda: "to-one" in str(rows(udp1)))
    assert "to-one" in str(rows(udp1)) and "two" not in str(rows(udp1))
    assert "to-one" not in str(rows(udp2))

    clients = [socket.create_connection(("127.0.0.1", ports[s]), 5) for s in (server1, server2)]
    try:
        clients[1].sendall(b"hello server two")
        qtbot.waitUntil(lambda: server2.session.peer_count == 1 and server1.session.peer_count == 1)
        qtbot.waitUntil(lambda: any("hello server two" in r[COL_DATA] for r in rows(server2)))
        assert not any("hello server two" in r[COL_DATA] for r in rows(server1))
    finally:
        for client in clients:
            client.close()

    # Ctrl+W on the second server: its listening socket is really closed.
    assert window.tabs.currentWidget() is server2
    close_current(qtbot, window)
    assert "tcpServerTab2" not in _names(window)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", ports[server2]), 5).close()
    # The first server still listens.
    socket.create_connection(("127.0.0.1", ports[server1]), 5).close()

    # The second UDP tab, closed by its tab's close button: its port is free again.
    index = window.tabs.indexOf(udp2)
    button = window.tabs.tabBar().tabButton(index, window.tabs.tabBar().ButtonPosition.RightSide)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tabs.indexOf(udp2) < 0)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as again:
        again.bind(("127.0.0.1", ports[udp2]))
    assert _names(window) == CLASSIC


def test_closing_the_last_tab_leaves_a_window_to_open_one_from(qtbot, window, settings) -> None:
    server = window.tcp_server_tab
    port = start_on(qtbot, server, "127.0.0.1")
    window.tabs.setCurrentIndex(0)
    for _ in CLASSIC:
        close_current(qtbot, window)
    with pytest.raises(OSError) as refused:
        socket.create_connection(("127.0.0.1", port), 5).close()
    assert refused.value.errno == errno.ECONNREFUSED
    empty = window.findChild(QToolButton, "noSessions_newTcpClientSession").parentWidget()
    qtbot.waitUntil(empty.isVisible)
    assert not _action(window, "closeSession").isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)  # nothing to close
    with pytest.raises(KeyError):
        _ = window.udp_tab
    empty_again = MainWindow(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(empty_again)
    assert empty_again.tabs.count() == 0  # as it was left, not the classic four
    assert empty_again.session_menu.area.currentWidget().objectName() == "noSessions"
    empty_again.close()

    click(qtbot, window.findChild(QToolButton, "noSessions_newTcpClientSession"))
    qtbot.waitUntil(lambda: window.tabs.count() == 1 and window.tabs.isVisible())
    client = window.tabs.currentWidget()
    assert client.objectName() == "tcpClientTab" and client is window.tcp_client_tab
    assert _action(window, "closeSession").isEnabled()


def test_the_set_of_tabs_and_their_settings_come_back(qtbot, event_loop_qt, settings) -> None:
    settings.setValue("language", "en")
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    udp2 = new_session(qtbot, first, "newUdpSession")
    type_into(qtbot, widget(udp2, QLineEdit, "localPort"), "11461")
    type_into(qtbot, widget(first.udp_tab, QLineEdit, "localPort"), "11460")
    server2 = new_session(qtbot, first, "newTcpServerSession")
    type_into(qtbot, widget(server2, QLineEdit, "localPort"), "11462")
    bar = first.tabs.tabBar()  # a middle click closes the Broadcast tab, not on screen
    qtbot.mouseClick(bar, Qt.MouseButton.MiddleButton, pos=bar.tabRect(1).center())
    qtbot.waitUntil(lambda: "broadcastTab" not in _names(first))
    first.tabs.tabBar().moveTab(3, 0)  # udpTab2 first
    first.tabs.setCurrentIndex(first.tabs.indexOf(server2))
    order = _names(first)
    assert order == ["udpTab2", "udpTab", "tcpClientTab", "tcpServerTab", "tcpServerTab2"]
    first.close()

    again = MainWindow(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert _names(again) == order
    assert again.tabs.currentIndex() == 4
    assert [t.objectName() for t in again.built_tabs()] == ["tcpServerTab2"]  # lazy still
    assert again.tabs.tabText(0) == "UDP 127.0.0.1:11461"  # not built: titled as it was
    assert again.session_tab("udpTab2").local_port.text() == "11461"
    assert again.udp_tab.local_port.text() == "11460"
    assert again.session_tab("tcpServerTab2").local_port.text() == "11462"
    # A new Broadcast tab takes the first slot again, with nothing of the closed one.
    broadcast = new_session(qtbot, again, "newBroadcastSession")
    assert broadcast.objectName() == "broadcastTab"
    again.close()


def test_each_kind_has_its_action_in_the_file_menu(window) -> None:
    menu = window.findChild(QMenu, "newSessionMenu")
    assert menu.menuAction().objectName() == "newSession"
    assert menu.menuAction() in window.file_menu.actions()
    assert [a.objectName() for a in menu.actions()] == [k.action for k in KINDS]
    classic = ["UDP", "Broadcast", "TCP Client", "TCP Server"]
    assert [a.text() for a in menu.actions()][:4] == classic
    assert window.findChild(QPushButton, "openButton") is not None


def test_the_sockets_panel_follows_a_new_tab(qtbot, window) -> None:
    window.findChild(QAction, "showSockets").trigger()
    panel = window.findChild(QDockWidget, "socketsPanel")
    qtbot.waitUntil(panel.isVisible)
    server2 = new_session(qtbot, window, "newTcpServerSession")
    port = start_on(qtbot, server2, "127.0.0.1")

    def listed() -> bool:
        panel.refresh()
        model = panel.model
        states = {
            model.index(r, COL_STATE).data()
            for r in range(model.rowCount())
            if model.index(r, COL_LOCAL).data() == f"127.0.0.1:{port}"
        }
        return states == {"LISTEN"}

    qtbot.waitUntil(listed)
    _rename(qtbot, window, window.tabs.indexOf(server2), "Q&A server")
    assert panel.summary.text().startswith("Q&A server — port")  # as the tab reads, not "&&"
    close_current(qtbot, window)  # the panel follows the tab that is current now
    qtbot.waitUntil(lambda: panel.ports() != {port})


def _title(window: MainWindow, tab) -> str:
    return window.tabs.tabText(window.tabs.indexOf(tab))


def test_titles_say_what_and_where_as_the_user_edits_and_starts(qtbot, window, tmp_path):
    udp = window.udp_tab
    assert _title(window, udp) == "UDP"  # port 0: nothing to say until bound
    type_into(qtbot, udp.local_port, "11470")
    assert _title(window, udp) == "UDP 127.0.0.1:11470"
    udp.local_host.setEditText("0.0.0.0")
    assert _title(window, udp) == "UDP :11470"
    udp.local_host.setEditText("127.0.0.1")
    port = start_on(qtbot, udp, "127.0.0.1")  # port 0: the title says the one bound
    qtbot.waitUntil(lambda: _title(window, udp) == f"UDP 127.0.0.1:{port}")

    server = new_session(qtbot, window, "newTcpServerSession")
    assert _title(window, server) == "TCP Server"
    server.local_host.setEditText("::")
    type_into(qtbot, server.local_port, "11471")
    assert _title(window, server) == "TCP Server [::]:11471"
    server.tls.enabled.setChecked(True)
    assert _title(window, server) == "TLS Server [::]:11471"
    path = str(tmp_path / "demo.sock")
    server.local_host.setEditText(path)
    title = _title(window, server)  # a long path: its middle is cut, the tooltip has it all
    assert title.startswith("Unix Server /tmp/") and title.endswith("/demo.sock")
    assert "…" in title and len(title) < len(f"Unix Server {path}")
    tip = window.tabs.tabToolTip(window.tabs.indexOf(server))
    assert tip == f"Unix Server {path} — double-click to rename"

    client = window.tcp_client_tab
    type_into(qtbot, client.remote_host, "example")
    type_into(qtbot, client.remote_port, "443")
    client.tls.enabled.setChecked(True)
    assert _title(window, client) == "TLS Client example:443"
    broadcast = window.broadcast_tab
    broadcast.interface_list.setEditText("127.255.255.255")
    type_into(qtbot, broadcast.remote_port, "11472")
    assert _title(window, broadcast) == "Broadcast 127.255.255.255:11472"

    # The language switched: every title in Chinese, its place as it was.
    window.findChild(QAction, "language_zh_CN").trigger()
    qtbot.waitUntil(lambda: _title(window, client) == "TLS 客户端 example:443")
    assert _title(window, server).startswith("Unix 服务器 /tmp/")
    assert window.tabs.tabText(window.tabs.indexOf(broadcast)).startswith("广播 ")
    window.findChild(QAction, "language_en").trigger()
    qtbot.waitUntil(lambda: _title(window, client) == "TLS Client example:443")


def _rename(qtbot, window: MainWindow, index: int, name: str, key=Qt.Key.Key_Return) -> None:
    """Double-click the tab at ``index``, type ``name``, press ``key``."""
    bar = window.tabs.tabBar()
    qtbot.mouseDClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    editor = window.findChild(QLineEdit, "tabNameEditor")
    qtbot.waitUntil(editor.isVisible)
    editor.selectAll()
    if name:
        qtbot.keyClicks(editor, name)
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: not editor.isVisible())


def test_a_name_given_by_double_click_sticks_and_comes_back(qtbot, event_loop_qt, settings):
    settings.setValue("language", "en")
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    server = first.tcp_server_tab  # not on screen: the double-click shows it
    _rename(qtbot, first, 3, "classroom server")
    assert first.tabs.tabText(3) == "classroom server"
    type_into(qtbot, server.local_port, "11473")
    assert first.tabs.tabText(3) == "classroom server"  # a name sticks: no port added
    _rename(qtbot, first, 0, "never kept", key=Qt.Key.Key_Escape)
    assert first.tabs.tabText(0) == "UDP"
    first.close()

    again = MainWindow(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.tabs.tabText(3) == "classroom server"
    _rename(qtbot, again, 3, "")  # empty: the automatic title again
    assert again.tabs.tabText(3) == "TCP Server 127.0.0.1:11473"
    again.close()
