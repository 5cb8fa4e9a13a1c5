"""Each tab's primary actions, pressed as a user presses them, against loopback peers.

A step is a coroutine that clicks and waits (on conditions, each with a bound) and
returns whether it had its effect (True), had none (False) or did not apply (None:
an earlier step failed). A step leaves nothing running: Stop, Close or Disconnect
come last in every list.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import time
from collections.abc import Awaitable, Callable

from gui_fields import Field
from peers import TcpClient, TcpPeer, UdpPeer
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QWidget

from socklab.core import AddressError, AutoReply, Counters, Failed, Mode, parse_host
from socklab.gui.widgets.fields import chosen_host

#: Bound of one wait (a bind, a connect, a datagram ...): never a speed requirement.
STEP_BOUND = 5.0
#: Every field's baseline generator count: a generator run is always bounded.
GENERATOR_COUNT = 5
GENERATOR_FIELDS = ("generatorSize", "generatorRate", "generatorCount")
#: Fields that say where a send goes: a try on them sends elsewhere than the probe's peer.
DESTINATION_FIELDS = ("remoteHost", "remotePort", "interfaceList")

Step = Callable[[], Awaitable[bool | None]]


class TabDriver:
    """Drives one tab; subclasses name its fields' baseline and its steps."""

    def __init__(self, tab: QWidget, fields: list[Field], probe_file: str) -> None:
        self.tab = tab
        self.fields = {f.name: f for f in fields}
        self.probe_file = probe_file
        self.sent: bytes | None = None  # the payload of the last Send, as the editor encoded it
        self.mismatch = False
        self.compared = 0  # sends whose bytes the peer got and the probe compared
        self.field_name = ""
        self.refusals = 0
        runner = tab.tasks
        for signal in (runner.fieldFailed, runner.payloadFailed, runner.sessionFailed):
            signal.connect(self._refused)

    # -- waiting ---------------------------------------------------------------

    def pump(self) -> None:
        """Read what the peers received."""

    async def until(self, condition: Callable[[], object], bound: float = STEP_BOUND) -> bool:
        deadline = time.monotonic() + bound
        while True:
            self.pump()
            if condition():
                return True
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.005)

    # -- what the tab says -------------------------------------------------------

    def error_shown(self) -> bool:
        tab = self.tab
        return (
            bool(tab.settings_error.text()) and not tab.settings_error.isHidden()
        ) or not tab.editor.error_label.isHidden()

    def failures(self) -> int:
        """How many clicks failed so far: refused by the tab (a bad field, payload or
        session) or failed on the socket (a log row of a failed operation). A field's
        own message (typing, leaving it) is not a click's failure."""
        logged = sum(
            1 for e in self.tab.log.model.events() if isinstance(e, Failed) and e.operation
        )
        return self.refusals + logged

    def _refused(self, _error: object) -> None:
        self.refusals += 1

    async def make_session(self, ready: Callable[[], bool]) -> bool:
        """Click Open, Connect or Start; wait until its session is ``ready()``, gone
        or failed. True when it is ready."""
        failed = self.failures()
        if not self.click(self.button("openButton")):
            return False
        # The click's coroutine attaches the session first: wait for it, then for the end.
        await self.until(lambda: self.tab.session is not None or self.failures() > failed)
        await self.until(lambda: ready() or self.tab.session is None or self.failures() > failed)
        return ready()

    def marked_fields(self) -> list[str]:
        return [w.objectName() for w in self.tab.findChildren(QWidget) if w.property("invalid")]

    def failures_logged(self) -> list[str]:
        return [e.message for e in self.tab.log.model.events() if isinstance(e, Failed)]

    def said(self) -> str:
        """Everything the tab says about a problem now (empty: nothing)."""
        parts = []
        if self.error_shown():
            parts += [self.tab.settings_error.text(), self.tab.editor.error_label.text()]
        parts += self.failures_logged()
        if self.marked_fields():
            parts.append("marked: " + ",".join(self.marked_fields()))
        return " | ".join(p for p in parts if p)

    # -- pressing --------------------------------------------------------------

    @staticmethod
    def click(button: QAbstractButton) -> bool:
        if not (button.isEnabled() and button.isVisible()):
            return False
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        return True

    def button(self, name: str) -> QAbstractButton:
        found = self.tab.findChild(QAbstractButton, name)
        assert found is not None, name
        return found

    def counters(self) -> Counters:
        """The session's exact counters (zeros without a session)."""
        session = self.tab.session
        return session.counters.snapshot() if session is not None else Counters()

    async def press_send(self, button: QAbstractButton | None = None) -> bool | None:
        """Click Send (or ``button``); True once the session counted it sent."""
        button = button or self.tab.editor.send_button
        try:
            self.sent = self.tab.editor.payload()
        except ValueError:
            self.sent = None
        before, failed = self.counters().tx_packets, self.failures()
        if not self.click(button):
            return False
        await self.until(lambda: self.counters().tx_packets > before or self.failures() > failed)
        return self.counters().tx_packets > before

    async def generate(self) -> bool | None:
        """Generate until the first packet went out (or an error), then Stop."""
        button = self.tab.tools.generate_button
        before, failed = self.counters().tx_packets, self.failures()
        if not self.click(button):
            return False
        await self.until(lambda: self.counters().tx_packets > before or self.failures() > failed)
        sent = self.counters().tx_packets > before
        if button.isChecked():
            self.click(button)  # Stop
        await self.until(lambda: not button.isChecked())
        return sent

    async def send_file(self) -> bool | None:
        """Send the probe's file; True once all its bytes were counted sent."""
        tools = self.tab.tools
        before, failed = self.counters().tx_bytes, self.failures()
        size = os.path.getsize(self.probe_file)
        if not self.click(tools.send_file_button):
            return False
        await self.until(
            lambda: self.counters().tx_bytes >= before + size or self.failures() > failed
        )
        done = self.counters().tx_bytes >= before + size
        stop = tools.tr("Stop")
        if tools.send_file_button.text() == stop:
            self.click(tools.send_file_button)
        await self.until(lambda: tools.send_file_button.text() != stop)
        return done

    async def filter_applied(self) -> bool | None:
        edit = self.fields["logFilter"].widget
        return await self.until(lambda: self.tab.log.filter_text == edit.text(), 2.0)

    # -- per tab -----------------------------------------------------------------

    def set_baseline(self) -> None:
        """Good values in every field, so that a try's only bad value is its own."""
        self.fields["generatorCount"].widget.setValue(GENERATOR_COUNT)
        # Good in every mode (text, hex, escapes): Send starts enabled, and its click
        # checks what the try typed (the editor defers checking a long paste).
        self.tab.editor.set_text("41")

    def prepare(self, field: Field) -> None:
        """Before a try: the payload editor in the field's mode."""
        self.tab.editor.set_mode(field.mode or Mode.TEXT)
        self.sent = None
        self.mismatch = False
        self.compared = 0
        self.field_name = field.name

    def hosts(self) -> list[QWidget]:
        """The fields that name a host this tab will bind, send or connect to."""
        return [f.widget for f in self.fields.values() if f.kind == "host"]

    def leaves_loopback(self) -> bool:
        """A host field names a place other than a loopback IP (a name too: it is
        looked up): the probe does not press anything then."""
        for widget in self.hosts():
            text = chosen_host(widget) if isinstance(widget, QComboBox) else widget.text()
            try:
                host = parse_host(text)
            except (AddressError, ValueError):
                continue  # refused: the tab must say so before anything is sent
            try:
                if not ipaddress.ip_address(host.split("%")[0]).is_loopback:
                    return True
            except ValueError:
                return True
        return False

    def steps(self, field: Field) -> list[tuple[str, Step]]:
        raise NotImplementedError

    def check_bytes(self, got: bytes | None) -> None:
        """A send reached the probe's peer: it must be the payload exactly (unless the
        try changed where it goes)."""
        if self.field_name in DESTINATION_FIELDS:
            return
        if got is None or self.sent is None:
            return
        self.compared += 1
        if got != self.sent:
            self.mismatch = True

    def close(self) -> None:
        """Close the probe's peers."""


class PeerDriver(TabDriver):
    """A tab that sends to one probe peer, whose port is the tab's remote port."""

    def __init__(self, tab: QWidget, fields: list[Field], probe_file: str) -> None:
        super().__init__(tab, fields, probe_file)
        self.peer = self.make_peer()

    def make_peer(self) -> UdpPeer | TcpPeer:
        raise NotImplementedError

    def pump(self) -> None:
        self.peer.pump()

    def set_baseline(self) -> None:
        super().set_baseline()
        self.fields["remotePort"].widget.setText(str(self.peer.port))

    def close(self) -> None:
        self.peer.close()


class UdpDriver(PeerDriver):
    def make_peer(self) -> UdpPeer:
        return UdpPeer()

    def steps(self, field: Field) -> list[tuple[str, Step]]:
        middle = [("send", self.send)]
        if field.name in GENERATOR_FIELDS:
            middle = [("generate", self.generate)]
        elif field.name == "fileChunk":
            middle = [("send-file", self.send_file)]
        steps = [("open", self.open), *middle, ("close", self.close_session)]
        if field.name == "logFilter":
            steps.append(("filter", self.filter_applied))
        return steps

    async def open(self) -> bool | None:
        self.peer.take()
        tab = self.tab
        return await self.make_session(
            lambda: tab.session is not None and tab.session.local_address is not None
        )

    async def send(self) -> bool | None:
        if self.tab.session is None:
            return None
        ok = await self.press_send()
        if (
            ok
            and self.sent is not None
            and self.fields["remotePort"].widget.text() == str(self.peer.port)
        ):
            await self.until(lambda: self.peer.datagrams, 2.0)
            got = self.peer.take()
            self.check_bytes(got[0] if got else b"\0missing")
        return ok

    async def close_session(self) -> bool | None:
        if self.tab.session is None:
            return None
        self.click(self.button("openButton"))
        return await self.until(lambda: self.tab.session is None)


class BroadcastDriver(PeerDriver):
    def make_peer(self) -> UdpPeer:
        return UdpPeer("127.255.255.255")

    def set_baseline(self) -> None:
        super().set_baseline()
        combo = self.fields["interfaceList"].widget
        combo.setCurrentIndex(combo.findData("127.255.255.255"))

    def steps(self, field: Field) -> list[tuple[str, Step]]:
        middle = [("send", self.send)]
        if field.name in GENERATOR_FIELDS:
            middle = [("generate", self.generate)]
        elif field.name == "fileChunk":
            middle = [("send-file", self.send_file)]
        elif field.name == "repeatInterval":
            middle = [("repeat", self.repeat)]
        steps = [*middle, ("close", self.close_session)]
        if field.name == "logFilter":
            steps.append(("filter", self.filter_applied))
        return steps

    async def send(self) -> bool | None:
        self.peer.take()
        ok = await self.press_send()
        destination = self.fields["remotePort"].widget.text() == str(self.peer.port)
        if (
            ok
            and self.sent is not None
            and destination
            and self.tab.session is not None
            and await self.until(lambda: self.peer.datagrams, 2.0)
        ):
            self.check_bytes(self.peer.take()[0])
        return ok

    async def repeat(self) -> bool | None:
        button = self.button("repeatButton")
        failed = self.failures()
        if not self.click(button):
            return False
        await self.until(lambda: self.counters().tx_packets > 0 or self.failures() > failed)
        sent = self.counters().tx_packets > 0
        if button.isChecked():
            self.click(button)  # Stop
            await self.until(lambda: not button.isChecked())
        return sent

    async def close_session(self) -> bool | None:
        if self.tab.session is None:
            return None
        self.click(self.button("openButton"))
        return await self.until(lambda: self.tab.session is None)


class TcpClientDriver(PeerDriver):
    def make_peer(self) -> TcpPeer:
        return TcpPeer()

    def steps(self, field: Field) -> list[tuple[str, Step]]:
        middle = [("send", self.send)]
        if field.name in GENERATOR_FIELDS:
            middle = [("generate", self.generate)]
        steps = [("connect", self.connect), *middle, ("disconnect", self.disconnect)]
        if field.name == "logFilter":
            steps.append(("filter", self.filter_applied))
        return steps

    def connected(self) -> bool:
        return self.button("shutdownButton").isEnabled()

    async def connect(self) -> bool | None:
        self.peer.close_all()
        return await self.make_session(self.connected)

    async def send(self) -> bool | None:
        if not self.connected():
            return None
        ok = await self.press_send()
        if (
            ok
            and self.sent is not None
            and self.fields["remotePort"].widget.text() == str(self.peer.port)
        ):
            expected = self.sent
            await self.until(lambda: len(self.peer.last()) >= len(expected), 2.0)
            self.check_bytes(self.peer.last())
        return ok

    async def disconnect(self) -> bool | None:
        if self.tab.session is None:
            return None
        self.click(self.button("openButton"))
        return await self.until(lambda: self.tab.session is None)


class TcpServerDriver(TabDriver):
    def __init__(self, tab: QWidget, fields: list[Field], probe_file: str) -> None:
        super().__init__(tab, fields, probe_file)
        self.client: TcpClient | None = None

    def pump(self) -> None:
        if self.client is not None:
            self.client.pump()

    def set_baseline(self) -> None:
        super().set_baseline()
        self.fields["localPort"].widget.setText("0")

    def steps(self, field: Field) -> list[tuple[str, Step]]:
        middle = [("send-all", self.send_all), ("client-sends", self.client_sends)]
        if field.name in GENERATOR_FIELDS:
            middle = [("generate", self.generate)]
        steps = [("start", self.start), ("client", self.connect_client), *middle]
        steps.append(("stop", self.stop))
        if field.name == "logFilter":
            steps.append(("filter", self.filter_applied))
        return steps

    def prepare(self, field: Field) -> None:
        """The auto-reply text is typed with auto-reply on "Fixed text", the close
        word with "close when a client sends" checked (else they are disabled)."""
        super().prepare(field)
        reply = AutoReply.FIXED if field.name == "autoReplyText" else AutoReply.OFF
        combo = self.tab.findChild(QComboBox, "autoReply")
        combo.setCurrentIndex(combo.findData(reply.value))
        self.tab.findChild(QCheckBox, "closeOnWord").setChecked(field.name == "closeWord")

    def listening(self) -> bool:
        session = self.tab.session
        return session is not None and session.local_address is not None

    async def start(self) -> bool | None:
        return await self.make_session(self.listening)

    async def connect_client(self) -> bool | None:
        if not self.listening():
            return None
        self.client = TcpClient(self.tab.session.local_address)
        return await self.until(self.tab.clients.model.open_ids)

    async def send_all(self) -> bool | None:
        client = self.client
        if client is None or not self.tab.clients.model.open_ids():
            return None
        ok = await self.press_send(self.button("sendAllButton"))
        if ok and self.sent is not None:
            expected = self.sent
            await self.until(lambda: len(client.received) >= len(expected), 2.0)
            self.check_bytes(bytes(client.received))
            client.received.clear()
        return ok

    async def client_sends(self) -> bool | None:
        if self.client is None or not self.listening():
            return None
        before = self.counters().rx_packets
        self.client.send(b"probe\n")
        return await self.until(lambda: self.counters().rx_packets > before)

    async def stop(self) -> bool | None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.tab.session is None:
            return None
        self.click(self.button("openButton"))
        return await self.until(lambda: self.tab.session is None)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()


#: The driver of each tab, by the tab's objectName.
DRIVERS: dict[str, type[TabDriver]] = {
    "udpTab": UdpDriver,
    "broadcastTab": BroadcastDriver,
    "tcpClientTab": TcpClientDriver,
    "tcpServerTab": TcpServerDriver,
}
