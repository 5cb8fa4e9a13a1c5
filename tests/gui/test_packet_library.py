"""The packet library in the window: savePacket saves the current tab's payload and
destination under a name (an empty or taken name said at the field), the
packetLibrary dock lists them by group, sends them (to a real peer, byte for
byte: in the current tab, or to the packet's own destination through the tab
of its kind), renames, deletes with undo, moves them, imports Packet Sender's
packets.ini, and all of it is there again in a new window."""

from __future__ import annotations

import json
import socket

import pytest
from gui_helpers import (
    accept,
    click,
    listening_socket,
    peer_socket,
    recv_exactly,
    recv_from,
    type_into,
    type_payload,
    widget,
)
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from socklab.core import Mode, packets
from socklab.gui.widgets.packet_library import PacketLibrary


@pytest.fixture
def store_path(tmp_path, monkeypatch):
    path = tmp_path / "data" / "packets.json"
    monkeypatch.setenv("SOCKLAB_PACKETS", str(path))
    return path


def _save(qtbot, window, name: str, group: str = ""):
    window.packets.save_action.trigger()
    dialog = window.packets.dialog
    type_into(qtbot, widget(dialog, QLineEdit, "packetName"), name)
    dialog.group.setCurrentText(group)
    click(qtbot, widget(dialog, QPushButton, "savePacketOk"))
    return dialog


def test_save_the_current_tab_and_send_it_back_byte_exact(qtbot, window, store_path):
    tab = window.udp_tab
    peer = peer_socket()
    peer.setblocking(False)
    try:
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(peer.getsockname()[1]))
        tab.editor.set_mode(Mode.HEX)
        type_payload(qtbot, tab, "01 03 00 00 00 0a")
        tab.editor.set_checksum("crc16-modbus")

        dialog = _save(qtbot, window, "")
        error = widget(dialog, QLabel, "packetNameError")
        assert dialog.isVisible() and error.text() == "Give the packet a name"
        type_into(qtbot, dialog.name, "read holding")
        dialog.group.setCurrentText("modbus")
        click(qtbot, widget(dialog, QPushButton, "savePacketOk"))
        assert not dialog.isVisible()
        again = _save(qtbot, window, "read holding")
        assert again.isVisible()
        assert "already called 'read holding'" in widget(again, QLabel, "packetNameError").text()
        again.reject()

        saved = json.loads(store_path.read_text(encoding="utf-8"))["packets"]
        assert saved == [
            {
                "name": "read holding",
                "kind": "udp",
                "destination": f"127.0.0.1:{peer.getsockname()[1]}",
                "payload": "01 03 00 00 00 0a",
                "mode": "hex",
                "encoding": "utf-8",
                "line_ending": "none",
                "group": "modbus",
                "checksum": "crc16-modbus",
                "template": False,
            }
        ]
        dock = window.findChild(PacketLibrary, "packetLibrary")
        assert dock is not None and dock.isVisible()
        assert window.packets.show_action.isChecked()
        tab.editor.set_checksum("")
        type_payload(qtbot, tab, "ff")  # the editor moves on; the packet keeps its payload
        assert dock.selected()[0].name == "read holding"
        click(qtbot, widget(dock, QPushButton, "sendPacket"))
        assert recv_from(qtbot, peer)[0] == bytes.fromhex("01030000000ac5cd")
        assert tab.editor.text() == "01 03 00 00 00 0a", "sent from the tab, as typed there"
    finally:
        peer.close()


def test_send_to_its_own_destination_connects_the_tcp_client_tab(qtbot, window, store_path):
    listener = listening_socket()
    port = listener.getsockname()[1]
    store = packets.PacketStore.load(store_path)
    store.add(packets.SavedPacket("hello", packets.Kind.TCP, f"127.0.0.1:{port}", "hi\\r\\n",
                                  Mode.ESCAPES))  # fmt: skip
    window.packets.show_action.trigger()
    dock = window.packets.dock
    dock.select("hello")
    click(qtbot, widget(dock, QPushButton, "sendPacket"))
    conn = accept(qtbot, listener)
    try:
        assert recv_exactly(qtbot, conn, 4) == b"hi\r\n"
        tab = window.tcp_client_tab
        assert window.tabs.currentWidget() is tab
        assert tab.remote_port.text() == str(port)
        # Connected there already: a second send goes on the same connection.
        click(qtbot, widget(dock, QPushButton, "sendPacket"))
        assert recv_exactly(qtbot, conn, 4) == b"hi\r\n"
        assert dock.message.text().startswith("Sent 'hello' from the ")
    finally:
        conn.close()
        listener.close()


def test_send_here_uses_the_current_tab_and_says_when_it_cannot(qtbot, window, store_path):
    store = packets.PacketStore.load(store_path)
    store.add(packets.SavedPacket("no address", payload="你好", encoding="gbk"))
    window.packets.show_action.trigger()
    dock = window.packets.dock
    window.tabs.setCurrentWidget(window.tcp_client_tab)
    dock.select("no address")
    assert not widget(dock, QPushButton, "sendPacket").isEnabled(), "it has no destination"
    click(qtbot, widget(dock, QPushButton, "sendPacketHere"))
    assert "cannot send now" in widget(dock, QLabel, "packetLibraryError").text()
    window.tabs.setCurrentWidget(window.udp_tab)
    peer = peer_socket()
    peer.setblocking(False)
    try:
        type_into(
            qtbot, widget(window.udp_tab, QLineEdit, "remotePort"), str(peer.getsockname()[1])
        )
        dock.tree.doubleClicked.emit(dock.tree.currentIndex())
        assert recv_from(qtbot, peer)[0] == "你好".encode("gbk")
    finally:
        peer.close()


def test_rename_delete_undo_move_and_a_new_window(qtbot, window, settings, store_path):
    store = packets.PacketStore.load(store_path)
    for name, group in (("a", "g1"), ("b", "g1"), ("c", ""), ("d", "g2")):
        store.add(packets.SavedPacket(name, payload=name, group=group))
    window.packets.show_action.trigger()
    dock = window.packets.dock
    model = dock.model

    dock.select("a")
    click(qtbot, widget(dock, QPushButton, "renamePacket"))
    editor = dock.tree.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "b")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits the edit when it gets to it
    qtbot.waitUntil(lambda: "another packet has that name" in dock.error.text())
    dock.select("a")
    dock.rename_selected()
    editor = dock.tree.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "alpha")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dock.store.names() == ["alpha", "b", "c", "d"])
    assert packets.PacketStore.load(store_path).names() == ["alpha", "b", "c", "d"]

    dock.select("b")
    click(qtbot, widget(dock, QPushButton, "deletePacket"))
    assert packets.PacketStore.load(store_path).names() == ["alpha", "c", "d"]
    assert dock.message.text() == "Deleted 'b'"
    click(qtbot, widget(dock, QPushButton, "undoDeletePacket"))
    assert packets.PacketStore.load(store_path).names() == ["alpha", "b", "c", "d"]

    # A drag: what the view hands the model when "d" is dropped on group g1's first row.
    g1 = model.index(0, 0, QModelIndex())
    data = model.mimeData([model.index_of("d")])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, g1)
    kept = packets.PacketStore.load(store_path)
    assert kept.names() == ["d", "alpha", "b", "c"]
    assert kept.get("d").group == "g1"
    assert [model.data(model.index(r, 0, QModelIndex())) for r in range(model.rowCount())] == [
        "g1 (3)",
        "No group (1)",
    ]

    dock.search.setText("alp")
    assert dock.model.rowCount() == 1 and not dock.tree.dragEnabled()
    assert dock.model.data(dock.model.index(0, 0, dock.model.index(0, 0))) == "alpha"

    window.save_settings()
    from socklab.gui.main_window import MainWindow

    again = MainWindow(settings)
    qtbot.addWidget(again)
    try:
        assert again.packets.show_action.isChecked()
        assert again.packets.dock.store.names() == ["d", "alpha", "b", "c"]
    finally:
        again.close()


def test_import_packet_sender_and_a_corrupt_library(qtbot, window, store_path, tmp_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_text("{broken", encoding="utf-8")
    window.packets.show_action.trigger()
    dock = window.packets.dock
    assert "could not be read whole (it is not valid JSON" in dock.error.text()
    assert "the file as it was is kept as" in dock.error.text()
    kept = [p for p in store_path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_text() == "{broken"

    ini = tmp_path / "packets.ini"
    ini.write_text(
        "[General]\n\n[NAMES]\n1\\name=Say hi\n2\\name=web\nsize=2\n\n"
        "[Say%20hi]\nhexString=48 69\nname=Say hi\nport=5000\ntcpOrUdp=UDP\ntoIP=10.0.0.5\n\n"
        "[web]\nhexString=\nname=web\nport=80\ntcpOrUdp=HTTP Get\ntoIP=example.com\n",
        encoding="utf-8",
    )
    report = window.packets.import_file(str(ini))
    assert report is not None and report.added == ["Say hi"]
    assert "'web' skipped: HTTP Get packets are not something SockLab sends" in dock.message.text()
    assert dock.store.get("Say hi").destination == "10.0.0.5:5000"
    out = tmp_path / "out.json"
    assert window.packets.export_file(str(out)) == 1
    assert json.loads(out.read_text())["packets"][0]["name"] == "Say hi"


def test_a_broadcast_packet_is_saved_and_sent_from_the_broadcast_tab(qtbot, window, store_path):
    tab = window.broadcast_tab
    window.tabs.setCurrentWidget(tab)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("0.0.0.0", 0))  # hears broadcasts to 127.255.255.255
        listener.setblocking(False)
        port = listener.getsockname()[1]
        type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(port))
        type_payload(qtbot, tab, "WHO IS THERE?")
        _save(qtbot, window, "who")
        packet = packets.PacketStore.load(store_path).get("who")
        assert packet.destination == f"127.255.255.255:{port}", "the address, not its label"
        type_payload(qtbot, tab, "something else")
        dock = window.packets.dock
        dock.select("who")
        click(qtbot, widget(dock, QPushButton, "sendPacket"))
        assert window.tabs.currentWidget() is tab, "sent with the Broadcast tab's SO_BROADCAST"
        assert recv_from(qtbot, listener)[0] == b"WHO IS THERE?"
