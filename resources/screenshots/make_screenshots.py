"""Render the real window with live loopback traffic and save a PNG of each tab.

    QT_QPA_PLATFORM=offscreen python resources/screenshots/make_screenshots.py

Writes udp.png, broadcast.png, tcp_client.png, tcp_server.png (English) and
udp_zh_CN.png, tcp_server_zh_CN.png (Chinese), the Sockets panel after the TCP
Client tab disconnected (sockets_zh_CN.png, sockets.png: its TIME_WAIT), the TCP
Server tab on a Unix socket (tcp_server_unix_stale.png: a stale file explained
and offered for removal; tcp_server_unix.png: listening, its clients' processes
shown) and multicast.png (the UDP tab's multicast controls, at 1024 x 768) and the TLS
controls (tcp_client_tls.png, tcp_client_tls_zh_CN.png, tcp_server_tls.png), the
UDP tab's reply rules window answering a peer (reply_rules.png, reply_rules_zh_CN.png),
the scenario results view (scenario.png, scenario_zh_CN.png: the teacher's exercise
against a server that forgets to close on exit), the packet library docked beside the
UDP tab (packets.png, packets_zh_CN.png; a library of its own in a temporary folder),
the Relay tab between a client and its server (relay.png, relay_zh_CN.png)
next to this file, and sessions.png: a window with several sessions open (two UDP
sockets and three TCP servers, one of them renamed). With ``--packets`` it makes only
packets.png and packets_zh_CN.png. Every socket it opens is on 127.0.0.1 or in a
temporary folder, and every send is bounded; nothing is multicast (the joined
groups shown are the events a session reports, staged).
"""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
import sys
import tempfile
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

import qasync  # isort: skip

from socklab.core import Batch, MembershipChanged, Rule, RuleKind, self_signed
from socklab.gui import i18n
from socklab.gui.main import create_application
from socklab.gui.main_window import MainWindow
from socklab.gui.session_kinds import kind_for

HERE = Path(__file__).resolve().parent


async def settle(seconds: float = 0.3) -> None:
    """Let the bridges pull and the views repaint."""
    await asyncio.sleep(seconds)


async def stage(window: MainWindow) -> list[socket.socket]:
    """Put realistic traffic into every tab; returns the peer sockets to close."""
    peers: list[socket.socket] = []

    udp = window.udp_tab
    udp.local_port.setText("41400")
    await udp.open()
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    peers.append(peer)
    for text in ("hello", "温度=23.5℃", "<b>not bold</b>", "line\r\n"):
        peer.sendto(text.encode(), ("127.0.0.1", 41400))
    peer.sendto(b"\x01\x02\xff\xfe binary", ("127.0.0.1", 41400))
    udp.remote_port.setText(str(peer.getsockname()[1]))
    udp.editor.set_text("ping")
    await udp.send(b"ping")

    broadcast = window.broadcast_tab
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("0.0.0.0", 0))
    peers.append(listener)
    broadcast.remote_port.setText(str(listener.getsockname()[1]))
    broadcast.editor.set_text("WHO IS THERE?")
    await broadcast.send(b"WHO IS THERE?")
    _, source = listener.recvfrom(100)
    listener.sendto(b"device-42 here", source)

    server = window.tcp_server_tab
    server.local_port.setText("11451")
    server.auto_reply.setCurrentIndex(server.auto_reply.findData("fixed"))
    await server.start()
    for index in range(3):
        client = socket.create_connection(("127.0.0.1", 11451))
        client.sendall(f"client {index}: 你好".encode())
        peers.append(client)

    tcp_client = window.tcp_client_tab
    tcp_client.remote_port.setText("11451")
    await tcp_client.connect_to_server()
    await settle()
    tcp_client.editor.set_mode("escapes")
    tcp_client.editor.set_text("GET / HTTP/1.0\\r\\n\\r\\n")
    await tcp_client.send(b"GET / HTTP/1.0\r\n\r\n")
    await settle(0.5)
    return peers


async def show_time_wait(window: MainWindow) -> None:
    """Disconnect the TCP Client tab (it closes first) and show the Sockets panel
    following it, once its connection is in TIME_WAIT."""
    window.tabs.setCurrentIndex(2)
    window.resize(1200, 900)  # room for the panel under the tab
    window.sockets.action.setChecked(True)
    panel = window.sockets.panel
    assert panel is not None
    window.tcp_client_tab.open_button.click()  # Disconnect
    for _ in range(50):
        await settle(0.1)
        panel.refresh()
        mine = window.tcp_client_tab.session  # released at Disconnect: match the ports
        rows = panel.model.sockets()
        waiting = [i for i, s in enumerate(rows) if s.state == "TIME_WAIT" and mine is None]
        if waiting and any(rows[i].local[1] in panel.ports() - {11451} for i in waiting):
            row = next(i for i in waiting if rows[i].local[1] in panel.ports() - {11451})
            panel.table.selectRow(row)
            panel.table.scrollTo(panel.model.index(row, 0))
            return
    raise SystemExit("no TIME_WAIT appeared")


async def stage_unix(window: MainWindow, folder: str) -> list[socket.socket]:
    """The TCP Server tab on a path a crashed server left: the stale file is
    explained (shot), removed with one click, and two clients connect (shot)."""
    server = window.tcp_server_tab
    server.stop()
    path = os.path.join(folder, "demo.sock")
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    crashed.bind(path)
    crashed.close()
    server.local_host.setEditText(path)
    server.open_button.click()  # Start: address already in use, a stale file
    await settle(0.5)
    save(window, 3, "tcp_server_unix_stale.png")
    server.stale_offer.click()  # removes it (nothing listens on it), then listens
    await settle(0.5)
    clients = []
    for index in range(2):
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(path)
        client.sendall(f"unix client {index}".encode())
        clients.append(client)
    await settle(0.6)
    save(window, 3, "tcp_server_unix.png")
    return clients


def stage_multicast(window: MainWindow) -> None:
    """Fill the multicast controls; show two groups as joined (their events, staged:
    a real join would send IGMP reports from this machine)."""
    box = window.udp_tab.multicast.box
    box.group.setText("232.1.1.1")
    box.source.setText("10.0.0.7")
    box.interface.setEditText("eth0")
    box.ttl.setValue(4)
    joins = [
        MembershipChanged(True, "239.1.2.3", "", "eth0"),
        MembershipChanged(True, "ff15::1234", "", "eth0"),
    ]
    window.udp_tab.bridge.eventsArrived.emit(Batch(joins))


def tls_echo_server(cert: str, key: str) -> socket.socket:
    """A Python ssl server on 127.0.0.1 that echoes one client's first message."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.set_alpn_protocols(["h2", "http/1.1"])
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        with context.wrap_socket(conn, server_side=True) as tls:
            tls.sendall(tls.recv(1024))
            tls.recv(1024)  # until the client goes

    threading.Thread(target=serve, daemon=True).start()
    return listener


async def stage_tls(window: MainWindow) -> socket.socket:
    """The TCP Client tab, TLS on, connected to a self-signed server it verifies."""
    made = self_signed(tempfile.mkdtemp())
    listener = tls_echo_server(str(made.cert_file), str(made.key_file))
    tab = window.tcp_client_tab
    tab.release_session()
    tab.tls.enabled.setChecked(True)
    tab.tls.ca_file.setText(str(made.cert_file))
    tab.tls.server_name.setText("localhost")
    tab.tls.alpn.setText("h2,http/1.1")
    tab.trace_checkbox.setChecked(True)
    tab.remote_port.setText(str(listener.getsockname()[1]))
    await tab.connect_to_server()
    tab.editor.set_mode("text")
    tab.editor.set_text("hello over TLS")
    await tab.send(b"hello over TLS")
    await settle(0.5)
    return listener


async def stage_tls_server(window: MainWindow) -> socket.socket:
    """The TCP Server tab, TLS on with a generated self-signed certificate, and a
    Python ssl client that verifies it."""
    tab = window.tcp_server_tab
    tab.release_session()
    tab.local_host.setEditText("127.0.0.1")  # after the Unix shots' path
    folder = tempfile.mkdtemp()
    tab.tls.data_folder = lambda: folder
    tab.tls.enabled.setChecked(True)
    tab.tls.generate_button.click()
    tab.local_port.setText("0")
    await tab.start()
    port = tab.session.local_address[1]
    context = ssl.create_default_context(cafile=tab.tls.cert_file.text())
    raw = socket.create_connection(("127.0.0.1", port))
    client = await asyncio.to_thread(context.wrap_socket, raw, server_hostname="localhost")
    client.sendall("hello over TLS 你好".encode())
    await settle(0.5)
    return client


async def stage_rules(window: MainWindow) -> socket.socket:
    """The UDP tab's reply rules answering a peer, their window open (Hits counted)."""
    udp = window.udp_tab
    udp.rules_box.set_rules(
        [
            Rule(RuleKind.REGEX, r"^PING (?P<n>\d+)$", r"PONG \g<n>"),
            Rule(RuleKind.EXACT, "hello", r"hi there\n", delay=0.2),
            Rule(RuleKind.HEX, "01 03 ?? ??", hex_reply="01 03 02 00 2a", stop_after=3),
            Rule(RuleKind.STARTS, "GET /", r"HTTP/1.0 200 OK\r\n\r\n\g<0>"),
        ]
    )
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    for data in (b"PING 1", b"PING 2", b"hello", b"\x01\x03\x00\x10", b"PING 3"):
        peer.sendto(data, ("127.0.0.1", 41400))
    udp.rules_button.open_rules()
    await settle(0.8)
    return peer


def save_rules_window(window: MainWindow, name: str) -> None:
    dialog = window.udp_tab.rules_button.dialog
    QApplication.processEvents()
    path = HERE / name
    dialog.grab().save(str(path))
    print(f"wrote {path}")


async def several_sessions(folder: str) -> list[socket.socket]:
    """A window of its own with two UDP sockets and three TCP servers open at
    once, each on its own port with its own traffic; one server renamed."""
    settings = QSettings(str(Path(folder) / "sessions.ini"), QSettings.Format.IniFormat)
    settings.setValue("language", "en")
    window = MainWindow(settings)
    window.resize(1200, 780)
    window.show()
    udp_tabs = [window.udp_tab, window.sessions.open(kind_for("udp"))]
    servers = [window.tcp_server_tab]
    servers += [window.sessions.open(kind_for("tcp-server")) for _ in range(2)]
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    peers = [peer]
    for number, tab in enumerate(udp_tabs, 1):
        tab.local_port.setText(str(41400 + number))
        await tab.open()
        for text in (f"to UDP socket {number}", "温度=23.5℃"):
            peer.sendto(text.encode(), ("127.0.0.1", 41400 + number))
    for number, server in enumerate(servers, 1):
        server.local_port.setText(str(8080 + number))
        server.auto_reply.setCurrentIndex(server.auto_reply.findData("echo"))
        await server.start()
        for index in range(number):
            client = socket.create_connection(("127.0.0.1", 8080 + number))
            client.sendall(f"client {index} of server {number}".encode())
            peers.append(client)
    window.sessions.set_name(window.tabs.indexOf(servers[2]), "classroom server")
    window.tabs.setCurrentIndex(window.tabs.indexOf(servers[1]))
    await settle(0.5)
    save(window, window.tabs.currentIndex(), "sessions.png")
    for server in servers:
        server.release_session()
    window.close()
    return peers
async def stage_relay(window: MainWindow) -> tuple[int, list[socket.socket]]:
    """A Relay tab (its index) between a TCP client and its server, with a delay
    and one byte spoiled each way, and a payload injected toward the client."""
    from socklab.core import relay

    tab = window.sessions.open(kind_for("relay"))  # File → New session → Relay
    index = window.tabs.indexOf(tab)
    server = socket.create_server(("127.0.0.1", 0))
    tab.listen_host.setEditText("127.0.0.1")
    tab.listen_port.setText("0")
    tab.target_port.setText(str(server.getsockname()[1]))
    tab.delay.setValue(20)
    tab.corrupt.setText("@7")
    await tab.start()
    assert tab.session is not None and tab.session.local_address is not None
    client = socket.create_connection(tab.session.local_address[:2])
    upstream, _ = server.accept()
    client.sendall(b"GET /status HTTP/1.0\r\n\r\n")
    await settle()
    upstream.recv(100)
    upstream.sendall("HTTP/1.0 200 OK\r\n\r\n温度=23.5℃".encode())
    await settle()
    client.recv(100)
    tab.editor.edit.setPlainText("PING")
    await tab.inject(b"PING", relay.Side.CLIENT)
    await settle(0.5)
    return index, [client, upstream, server]


def forgetful_student_server() -> socket.socket:
    """The teacher's exercise, a student's try: answers 已收到 to every line but
    does not close on exit (so the last step of homework.toml fails)."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(10)
            buffered = b""
            while True:
                try:
                    chunk = conn.recv(4096)
                except OSError:
                    return
                if not chunk:
                    return
                buffered += chunk
                while b"\n" in buffered:
                    _, buffered = buffered.split(b"\n", 1)
                    conn.sendall("已收到\n".encode())

    threading.Thread(target=serve, daemon=True).start()
    return listener


async def stage_scenario(window: MainWindow, name: str) -> socket.socket:
    """resources/scenarios/homework.toml run against a student's server: green
    rows, then the red one (it does not close on exit)."""
    listener = forgetful_student_server()
    view = window.scenarios.view()
    view.variables.setText(f"port={listener.getsockname()[1]}")
    view.resize(1000, 460)
    view.show()
    task = view.run_file(HERE.parent / "scenarios" / "homework.toml")
    if task is not None:
        await task
    await settle()
    path = HERE / name
    view.grab().save(str(path))
    print(f"wrote {path}")
    return listener


async def stage_packets(window: MainWindow, folder: str) -> socket.socket:
    """A small library (groups, a Unix packet, a TLS one) in ``folder``, docked
    beside the UDP tab; one packet sent from it to a peer on 127.0.0.1."""
    from socklab.core import Mode, packets

    os.environ["SOCKLAB_PACKETS"] = str(Path(folder) / "packets.json")
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    port = peer.getsockname()[1]
    store = packets.PacketStore.load()
    kind = packets.Kind
    for packet in (
        packets.SavedPacket("read holding registers", kind.UDP, f"127.0.0.1:{port}",
                            "01 03 00 00 00 0a", Mode.HEX, group="Modbus", checksum="crc16-modbus"),
        packets.SavedPacket("write coil", kind.TCP, "192.168.1.20:502",
                            "00 01 00 00 00 06 01 05 00 13 ff 00", Mode.HEX, group="Modbus"),
        packets.SavedPacket("ping", kind.UDP, f"127.0.0.1:{port}", "PING {{counter}}",
                            group="Device", template=True),
        packets.SavedPacket("查询温度", kind.UDP, "10.0.0.8:7000", "温度?", encoding="gbk",
                            group="Device"),
        packets.SavedPacket("GET /", kind.TLS, "example.com:443",
                            "GET / HTTP/1.1\\r\\nHost: example.com\\r\\n\\r\\n", Mode.ESCAPES),
        packets.SavedPacket("log line", kind.UNIX_DGRAM, "/run/demo.sock", "hello", group=""),
    ):  # fmt: skip
        store.add(packet)
    window.tabs.setCurrentIndex(0)
    window.packets.show_action.setChecked(True)
    dock = window.packets.dock
    dock.select("read holding registers")
    dock.send_button.click()
    log = window.udp_tab.log.model
    for _ in range(100):  # until the send is in the log (bounded)
        if log.rowCount() >= 2:
            break
        await settle(0.05)
    await settle()
    return peer


def save(window: MainWindow, index: int, name: str) -> None:
    window.tabs.setCurrentIndex(index)
    QApplication.processEvents()
    path = HERE / name
    window.grab().save(str(path))
    print(f"wrote {path}")


async def main() -> None:
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("language", "en")
    window = MainWindow(settings)
    window.resize(1200, 780)
    window.show()
    peers = await stage(window)
    for index, name in enumerate(("udp", "broadcast", "tcp_client", "tcp_server")):
        save(window, index, f"{name}.png")
    peers.append(await stage_rules(window))
    save_rules_window(window, "reply_rules.png")
    stage_multicast(window)
    window.resize(1024, 768)
    await settle()
    save(window, 0, "multicast.png")
    window.resize(1200, 780)
    i18n.set_language("zh_CN")
    window.retranslate()
    await settle()
    save(window, 0, "udp_zh_CN.png")
    save(window, 3, "tcp_server_zh_CN.png")
    save_rules_window(window, "reply_rules_zh_CN.png")
    window.udp_tab.rules_button.dialog.hide()
    await show_time_wait(window)
    save(window, 2, "sockets_zh_CN.png")
    i18n.set_language("en")
    window.retranslate()
    await settle()
    save(window, 2, "sockets.png")
    window.sockets.action.setChecked(False)
    window.resize(1200, 780)
    if hasattr(socket, "AF_UNIX"):
        i18n.set_language("en")
        window.retranslate()
        await settle()  # the language change reaches every widget first
        peers += await stage_unix(window, tempfile.mkdtemp(prefix="socklab-shots-"))
    i18n.set_language("en")
    window.retranslate()
    peers.append(await stage_tls(window))
    save(window, 2, "tcp_client_tls.png")
    i18n.set_language("zh_CN")
    window.retranslate()
    await settle()
    save(window, 2, "tcp_client_tls_zh_CN.png")
    window.tcp_client_tab.release_session()
    i18n.set_language("en")
    window.retranslate()
    peers.append(await stage_tls_server(window))
    save(window, 3, "tcp_server_tls.png")
    window.tcp_server_tab.release_session()
    peers.append(await stage_scenario(window, "scenario.png"))
    i18n.set_language("zh_CN")
    window.retranslate()
    peers.append(await stage_scenario(window, "scenario_zh_CN.png"))
    i18n.set_language("en")
    window.scenarios.results.close()
    peers.append(await packet_screens(window))
    index, relay_peers = await stage_relay(window)
    peers += relay_peers
    save(window, index, "relay.png")
    i18n.set_language("zh_CN")
    window.retranslate()
    await settle()
    save(window, index, "relay_zh_CN.png")
    i18n.set_language("en")
    window.retranslate()
    window.sessions.close(index)  # its session first, then the tab
    window.close()
    peers += await several_sessions(tempfile.mkdtemp(prefix="socklab-shots-"))
    for peer in peers:
        peer.close()


async def packet_screens(window: MainWindow) -> socket.socket:
    """packets.png and packets_zh_CN.png; returns the peer to close."""
    i18n.set_language("en")
    window.retranslate()
    window.resize(1200, 780)
    peer = await stage_packets(window, tempfile.mkdtemp(prefix="socklab-shots-"))
    save(window, 0, "packets.png")
    i18n.set_language("zh_CN")
    window.retranslate()
    await settle()
    save(window, 0, "packets_zh_CN.png")
    i18n.set_language("en")
    window.retranslate()
    window.packets.show_action.setChecked(False)
    return peer


async def only_packets() -> None:
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("language", "en")
    window = MainWindow(settings)
    window.show()
    peer = await packet_screens(window)
    peer.close()
    window.close()


if __name__ == "__main__":
    app = create_application(sys.argv)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(only_packets() if "--packets" in sys.argv else main())
