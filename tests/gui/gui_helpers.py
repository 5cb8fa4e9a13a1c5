"""Helpers for GUI tests: find controls by objectName, click and type like a
person, and talk to real peer sockets without ever blocking the GUI thread."""

from __future__ import annotations

import select
import socket
import subprocess
import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QPushButton


class FakeClock:
    """A clock for what takes one (the bridge, the rate plot, the counters bar): its
    time moves only when the test moves it, whatever the machine's speed."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class _LayoutRequests(QObject):
    """Counts the LayoutRequest events the application delivers."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def settle_layouts() -> None:
    """Deliver every pending layout request, and those they post in turn, until
    none is left: then each widget has the geometry its layout gives it now
    (the explicit hook for "this text did not change the window", instead of
    waiting some milliseconds and seeing nothing change)."""
    app = QCoreApplication.instance()
    requests = _LayoutRequests()
    app.installEventFilter(requests)
    try:
        for _ in range(100):
            requests.count = 0
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            if requests.count == 0:
                return
        raise AssertionError("layout requests kept coming")
    finally:
        app.removeEventFilter(requests)


async def _loop_pass() -> None:
    """Returns once the loop that runs it gets to it."""


def worker_round_trip(session, timeout: float = 5) -> None:
    """Return once ``session``'s worker loop has run what was submitted to it
    before (a stop, say): an explicit hook instead of waiting some milliseconds.
    Blocks the GUI thread only for that round trip; the worker needs no GUI loop."""
    session.worker.submit(_loop_pass()).result(timeout)


def widget(tab, cls, name):
    found = tab.findChild(cls, name)
    assert found is not None, name
    return found


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # QTest types ASCII only; Chinese arrives as an input method would commit it
        edit.insert(text)


def type_payload(qtbot, tab, text: str) -> None:
    editor = widget(tab, QPlainTextEdit, "payloadEdit")
    editor.clear()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:  # QTest types ASCII only; Chinese arrives as an input method would commit it
        editor.insertPlainText(text)


def click(qtbot, button: QPushButton) -> None:
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def rows(tab) -> list[list[str]]:
    model = tab.log.model
    return [model.row_text(r) for r in range(model.rowCount())]


def peer_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5)
    return sock


def listening_socket() -> socket.socket:
    """A non-blocking TCP listener on 127.0.0.1 (a port the system chose)."""
    sock = socket.create_server(("127.0.0.1", 0))
    sock.setblocking(False)
    return sock


def accept(qtbot, listener: socket.socket) -> socket.socket:
    """The next connection ``listener`` accepts, waited for without blocking the GUI."""
    accepted: list[socket.socket] = []

    def ready() -> bool:
        try:
            accepted.append(listener.accept()[0])
        except BlockingIOError:
            return False
        return True

    qtbot.waitUntil(ready)
    return accepted[0]


def connect_client(qtbot, tab, port: int) -> None:
    """Type 127.0.0.1 and ``port`` into a TCP Client tab and click Connect."""
    type_into(qtbot, widget(tab, QLineEdit, "remoteHost"), "127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), str(port))
    click(qtbot, widget(tab, QPushButton, "openButton"))


def recv_from(qtbot, sock: socket.socket) -> tuple[bytes, tuple]:
    """Receive one datagram while the GUI loop keeps running (never block it)."""
    got = []

    def ready() -> bool:
        if select.select([sock], [], [], 0)[0]:
            got.append(sock.recvfrom(70_000))
        return bool(got)

    qtbot.waitUntil(ready, timeout=5000)
    return got[0]


def recv_exactly(qtbot, sock: socket.socket, size: int, timeout_ms: int = 5000) -> bytes:
    """Read ``size`` bytes from a TCP socket while the GUI loop keeps running."""
    data = bytearray()

    def done() -> bool:
        while len(data) < size and select.select([sock], [], [], 0)[0]:
            chunk = sock.recv(size - len(data))
            if not chunk:
                raise AssertionError(f"closed after {len(data)} of {size} bytes")
            data.extend(chunk)
        return len(data) >= size

    qtbot.waitUntil(done, timeout=timeout_ms)
    return bytes(data)


def wait_closed(qtbot, sock: socket.socket, timeout_ms: int = 5000) -> None:
    """Wait until the peer closed ``sock`` (recv returns b'') without blocking the GUI."""

    def closed() -> bool:
        if select.select([sock], [], [], 0)[0]:
            try:
                return sock.recv(65536) == b""
            except ConnectionResetError:
                return True
        return False

    qtbot.waitUntil(closed, timeout=timeout_ms)


#: Bad ports and the message each must bring next to its field.
BAD_PORTS = (
    ("70000", "port must be a number from 0 to 65535, not '70000'"),
    ("abc", "port must be a number"),
)


def check_bad_port(qtbot, tab, field: QLineEdit, button: QPushButton, case: tuple) -> None:
    """``case`` is (bad port, expected message): the bad port typed into ``field``
    and ``button`` clicked, the message shows under the settings, in the field's
    tooltip and as a log row; the field is marked."""
    from PySide6.QtWidgets import QLabel

    from socklab.gui.models.log_model import COL_DATA

    bad, expected = case
    error = widget(tab, QLabel, "settingsError")
    type_into(qtbot, field, bad)
    click(qtbot, button)
    qtbot.waitUntil(lambda: expected in error.text())
    qtbot.waitUntil(error.isVisible)
    assert field.property("invalid") is True
    assert expected in field.toolTip()
    assert any(expected in r[COL_DATA] for r in rows(tab))  # and in the log


def show(qtbot, window, tab):
    """Click ``tab`` in the window's tab bar; returns the tab once it is visible."""
    bar = window.tabs.tabBar()
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(tab)).center()
    )
    qtbot.waitUntil(tab.isVisible)
    return tab


def run_python(script: str, *args: object, env: dict[str, str], timeout: float = 120) -> str:
    """Run ``script`` in a Python process of its own (``python -c``) with ``env``;
    its output once it ended with code 0 (else the test fails with its stderr)."""
    result = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def start_on(qtbot, tab, host: str) -> int:
    """Type ``host`` and port 0 into a tab's bind fields, click Open / Start; the
    port the system chose."""
    tab.local_host.setEditText(host)
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is not None and tab.session.local_address is not None)
    return tab.session.local_address[1]


def open_udp_tab(qtbot, window):
    """Show the UDP tab and open it on 127.0.0.1 at a free port by clicking Open;
    returns the tab once its session is bound."""
    tab = show(qtbot, window, window.udp_tab)
    start_on(qtbot, tab, "127.0.0.1")
    return tab


def tick(qtbot, box: QCheckBox) -> None:
    """Click a check box on its indicator (its middle may be past its text)."""
    assert box.isEnabled(), box.objectName()
    middle = box.height() // 2
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(middle, middle))
