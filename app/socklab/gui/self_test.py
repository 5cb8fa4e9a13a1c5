"""``socklab --self-test``: the real window proves, on loopback, that it works.

A packaged build runs this to show that Qt, its plugins, the translations, the
icon and the socket engine all made it into the bundle. It drives the window's
own tabs (fields, buttons, logs) like a user would:

* UDP: the UDP tab binds 127.0.0.1:0; a plain peer socket sends it a datagram
  (the tab's log must show it) and the tab's Send answers the peer.
* Sessions: File → New session → UDP opens a second UDP tab, which does the
  same round trip; Close session closes it and its socket.
* TCP: the TCP Server tab listens on 127.0.0.1:0, the TCP Client tab connects
  and sends (the server's log must show it), the server sends to all (the
  client's log must show it).
* Unix: the same over a Unix socket path (:mod:`.self_test_unix`).
* TLS: the same round trip with TLS on both tabs: the server generates a
  self-signed certificate (in a throw-away folder), the client verifies it
  (that certificate as its CA file, server name localhost) and its tlsInfo
  must say "certificate verified".

One report line per check; the window is closed at the end. Everything stays
on loopback and the whole run is time-limited.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import tempfile
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPushButton

from socklab import __version__
from socklab.core import (
    LineEnding,
    Mode,
    Received,
    State,
    StateChanged,
    TcpServerSession,
    UdpSession,
)
from socklab.gui import i18n
from socklab.gui.widgets.fields import select_host

if TYPE_CHECKING:
    from socklab.gui.main_window import MainWindow
    from socklab.gui.tabs.base import SessionTab

#: The whole self-test must finish within this many seconds.
TOTAL_TIMEOUT = 20.0
#: One step (a bind, a datagram, a connect ...) within this many seconds.
STEP_TIMEOUT = 5.0
_POLL = 0.01


class SelfTestError(Exception):
    """A check failed; the message says which step and why."""


async def _until(what: str, condition: Callable[[], object], timeout: float = STEP_TIMEOUT):
    """Poll ``condition`` while the GUI loop runs; its first truthy value, or fail."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise SelfTestError(f"{what}: not within {timeout:g} s")
        await asyncio.sleep(_POLL)


def _received(tab: SessionTab) -> bytes:
    """All the data the tab's log shows as received, joined."""
    return b"".join(e.data for e in tab.log.model.events() if isinstance(e, Received))


def _state_seen(tab: SessionTab, state: State) -> bool:
    return any(isinstance(e, StateChanged) and e.state is state for e in tab.log.model.events())


def _shown_errors(tab: SessionTab) -> str:
    text = tab.settings_error.text()
    return f" (the tab says: {text})" if text and not tab.settings_error.isHidden() else ""


def _click(tab: SessionTab, button_name: str) -> None:
    button = tab.findChild(QPushButton, button_name)
    if button is None:
        raise SelfTestError(f"{tab.objectName()}: no button {button_name}")
    if not button.isEnabled():
        raise SelfTestError(f"{tab.objectName()}: {button_name} is disabled{_shown_errors(tab)}")
    button.click()


def _set_payload(tab: SessionTab, text: str) -> None:
    editor = tab.editor
    editor.set_mode(Mode.TEXT)
    editor.set_encoding("utf-8")
    editor.set_line_ending(LineEnding.NONE)
    editor.set_text(text)


async def check_udp(window: MainWindow, tab: SessionTab | None = None) -> str:
    tab = tab if tab is not None else window.udp_tab
    window.tabs.setCurrentWidget(tab)
    select_host(tab.local_host, "127.0.0.1")
    tab.local_port.setText("0")
    _click(tab, "openButton")
    session = await _until(
        f"UDP tab: bind 127.0.0.1:0{_shown_errors(tab)}",
        lambda: isinstance(tab.session, UdpSession) and tab.session.local_address and tab.session,
    )
    port = session.local_address[1]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.setblocking(False)
        inbound = "self-test: peer to SockLab, 你好".encode()
        peer.sendto(inbound, ("127.0.0.1", port))
        await _until("UDP tab: the peer's datagram in the log", lambda: inbound in _received(tab))

        peer_port = peer.getsockname()[1]
        tab.remote_host.setText("127.0.0.1")
        tab.remote_port.setText(str(peer_port))
        _set_payload(tab, "self-test: SockLab to peer, 已收到")
        _click(tab, "sendButton")

        def answer() -> tuple[bytes, tuple[str, int]] | None:
            with contextlib.suppress(BlockingIOError):
                return peer.recvfrom(65_536)
            return None

        data, source = await _until(f"UDP peer: the tab's answer{_shown_errors(tab)}", answer)
    if data != "self-test: SockLab to peer, 已收到".encode():
        raise SelfTestError(f"UDP peer: got {data!r}")
    if source[1] != port:
        raise SelfTestError(f"UDP peer: answer came from port {source[1]}, not {port}")
    _click(tab, "openButton")  # Close
    await _until("UDP tab: close", lambda: tab.session is None)
    return f"UDP round trip on 127.0.0.1:{port} <-> 127.0.0.1:{peer_port}"


async def check_sessions(window: MainWindow) -> str:
    """A second UDP session from the File menu: its own round trip, then closed."""
    window.findChild(QAction, "newUdpSession").trigger()
    tab = window.tabs.currentWidget()
    if tab is None or tab is window.udp_tab or not hasattr(tab, "local_host"):
        raise SelfTestError("File → New session → UDP: no new UDP tab")
    name = tab.objectName()
    detail = await check_udp(window, tab)
    window.tabs.setCurrentWidget(tab)
    window.findChild(QAction, "closeSession").trigger()
    await _until("Close session: the second UDP tab closed", lambda: window.tabs.indexOf(tab) < 0)
    return f"a second session ({name}): {detail.replace('UDP round trip', 'round trip')}"


async def check_tcp(window: MainWindow) -> str:
    port = await _round_trip(window, "")
    await _close_both(window)
    return f"TCP round trip on 127.0.0.1:{port} (client -> server -> all clients)"


async def _round_trip(window: MainWindow, what: str) -> int:
    """Server Start, client Connect and Send, server Send to all, both ends
    close: the TCP tabs as they are set; returns the server's port."""
    server, client = window.tcp_server_tab, window.tcp_client_tab
    window.tabs.setCurrentWidget(server)
    select_host(server.local_host, "127.0.0.1")
    server.local_port.setText("0")
    _click(server, "openButton")  # Start
    session = await _until(
        f"TCP Server tab: listen on 127.0.0.1:0{what}{_shown_errors(server)}",
        lambda: (
            isinstance(server.session, TcpServerSession)
            and server.session.listening
            and server.session.local_address
            and server.session
        ),
    )
    port = session.local_address[1]

    window.tabs.setCurrentWidget(client)
    client.remote_host.setText("127.0.0.1")
    client.remote_port.setText(str(port))
    _click(client, "openButton")  # Connect
    await _until(
        f"TCP Client tab: connect to 127.0.0.1:{port}{what}{_shown_errors(client)}",
        lambda: _state_seen(client, State.CONNECTED) and client.editor.send_enabled(),
    )
    upstream = f"self-test: client to server{what}, 你好"
    _set_payload(client, upstream)
    _click(client, "sendButton")
    await _until(
        f"TCP Server tab: the client's data in the log{what}{_shown_errors(client)}",
        lambda: upstream.encode() in _received(server),
    )

    window.tabs.setCurrentWidget(server)
    downstream = f"self-test: server to all{what}, 已收到"
    _set_payload(server, downstream)
    await _until("TCP Server tab: Send to all enabled", server.send_all_button.isEnabled)
    _click(server, "sendAllButton")
    await _until(
        f"TCP Client tab: the server's data in the log{what}{_shown_errors(server)}",
        lambda: downstream.encode() in _received(client),
    )
    return port


async def _close_both(window: MainWindow) -> None:
    server, client = window.tcp_server_tab, window.tcp_client_tab
    _click(client, "openButton")  # Disconnect
    await _until("TCP Client tab: disconnect", lambda: client.session is None)
    _click(server, "openButton")  # Stop
    await _until("TCP Server tab: stop", lambda: server.session is None)


async def check_tls(window: MainWindow) -> str:
    server, client = window.tcp_server_tab, window.tcp_client_tab
    with tempfile.TemporaryDirectory(prefix="socklab-self-test-") as folder:
        server.tls.data_folder = lambda: folder  # not the user's data folder
        server.tls.enabled.setChecked(True)
        _click(server.tls, "tlsGenerate")
        certificate = server.tls.cert_file.text()
        if not certificate:
            raise SelfTestError(
                f"TCP Server tab: no self-signed certificate{_shown_errors(server)}"
            )
        client.tls.enabled.setChecked(True)
        client.tls.verify.setChecked(True)
        client.tls.ca_file.setText(certificate)
        client.tls.server_name.setText("localhost")
        port = await _round_trip(window, " over TLS")
        info = client.tls.info.text()
        if "certificate verified" not in info:
            raise SelfTestError(f"TCP Client tab: tlsInfo says {info!r}")
        version = info.split(" ", 1)[0]
        await _close_both(window)
        for tab in (server, client):
            tab.tls.enabled.setChecked(False)
    return f"TLS round trip on 127.0.0.1:{port} ({version}, self-signed, verified)"


async def _check_unix(window: MainWindow) -> str:
    from socklab.gui.self_test_unix import check_unix  # it imports this module

    return await check_unix(window)


def check_resources() -> str:
    """The icon and the translations are there (a bundle may have lost them)."""
    app = QApplication.instance()
    icon = app.windowIcon() if isinstance(app, QApplication) else None
    if icon is None or icon.isNull() or icon.pixmap(32, 32).isNull():
        raise SelfTestError("window icon: not loaded (SVG icon engine or socklab.svg missing)")
    ours = QTranslator()
    if not ours.load(i18n.qm_path("zh_CN")):
        raise SelfTestError(f"translations: cannot load {i18n.qm_path('zh_CN')}")
    qt_path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_own = QTranslator()
    qtbase = "qtbase_zh_CN.qm" if qt_own.load("qtbase_zh_CN", qt_path) else "no qtbase_zh_CN.qm"
    return f"icon, translations (socklab_zh_CN.qm, {qtbase})"


async def _checks(window: MainWindow, report: Callable[[str], None]) -> None:
    for name, check in (
        ("resources", None),
        ("udp", check_udp),
        ("sessions", check_sessions),
        ("tcp", check_tcp),
        *((("unix", _check_unix),) if hasattr(socket, "AF_UNIX") else ()),
        ("tls", check_tls),
    ):
        started = time.monotonic()
        try:
            detail = check_resources() if check is None else await check(window)
        except SelfTestError:
            raise
        except Exception as exc:  # an unexpected error is a failed check too
            raise SelfTestError(f"{name}: {type(exc).__name__}: {exc}") from exc
        report(f"self-test: ok    {detail} ({time.monotonic() - started:.2f} s)")


async def run_self_test(
    window: MainWindow,
    *,
    timeout: float = TOTAL_TIMEOUT,
    report: Callable[[str], None] | None = None,
) -> int:
    """Run every check through ``window``'s tabs, close the window; 0 ok, 1 failed."""

    def say(line: str) -> None:
        if report is not None:
            report(line)
        else:
            print(line, flush=True)

    started = time.monotonic()
    platform = QApplication.platformName()
    say(f"self-test: SockLab {__version__}, Qt platform {platform}")
    try:
        await asyncio.wait_for(_checks(window, say), timeout)
    except SelfTestError as exc:
        say(f"self-test: FAILED {exc}")
        code = 1
    except TimeoutError:
        say(f"self-test: FAILED not finished within {timeout:g} s")
        code = 1
    else:
        say(f"self-test: passed in {time.monotonic() - started:.2f} s")
        code = 0
    window.close()
    return code
