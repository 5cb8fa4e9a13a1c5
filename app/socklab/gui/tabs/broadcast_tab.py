"""The Broadcast tab: pick an interface's broadcast address, send once or repeatedly.

The socket has SO_BROADCAST set; replies that come back to it are logged with
their source address.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QWidget

from socklab.core import (
    LIMITED_BROADCAST,
    UdpOptions,
    UdpSession,
    local_interfaces,
)
from socklab.gui.bridge import wait_for
from socklab.gui.tabs.code_follower import host_or, payload_or_empty, port_or
from socklab.gui.tabs.datagram_tab import DatagramTab
from socklab.gui.tabs.tab_place import typed_endpoint
from socklab.gui.widgets.compact_button import CompactButton
from socklab.gui.widgets.counters_bar import Unit
from socklab.gui.widgets.fields import chosen_host, port_edit, read_host, read_port

if TYPE_CHECKING:
    from socklab.teaching.codegen import BroadcastCode

LOOPBACK_BROADCAST = "127.255.255.255"


class BroadcastTab(DatagramTab):
    """Send datagrams to a broadcast address, once or every N ms until Stop.

    Signals: those of :class:`SessionTab`.
    """

    unit = Unit.DATAGRAMS
    settings_key = "broadcast"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("broadcastTab")
        self.interface_label = QLabel(self)
        self.interface_list = QComboBox(self)
        self.interface_list.setObjectName("interfaceList")
        self.interface_list.setEditable(True)
        self.interface_list.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.port_label = QLabel(self)
        self.remote_port = port_edit("remotePort", "", self)
        self.local_label = QLabel(self)
        self.local_port = port_edit("localPort", "0", self)
        self.interval_label = QLabel(self)
        self.interval = QSpinBox(self)
        self.interval.setObjectName("repeatInterval")
        self.interval.setRange(1, 3_600_000)
        self.interval.setValue(1000)
        self.repeat_button = CompactButton(self)
        self.repeat_button.setObjectName("repeatButton")
        self.repeat_button.setCheckable(True)
        self.close_button = CompactButton(self)
        self.close_button.setObjectName("openButton")

        grid = self.settings_grid
        grid.addWidget(self.interface_label, 0, 0)
        grid.addWidget(self.interface_list, 0, 1, 1, 3)
        grid.addWidget(self.port_label, 0, 4)
        grid.addWidget(self.remote_port, 0, 5)
        grid.addWidget(self.local_label, 1, 0)
        grid.addWidget(self.local_port, 1, 1)
        grid.addWidget(self.interval_label, 1, 2)
        grid.addWidget(self.interval, 1, 3)
        grid.addWidget(self.repeat_button, 1, 4)
        grid.addWidget(self.close_button, 1, 5)
        grid.addWidget(self.trace_checkbox, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        for field in (self.interface_list, self.remote_port, self.local_port):
            self.banner.watch(field)
        self.mark_advanced(self.local_label, self.local_port)

        self.repeat_button.clicked.connect(self._repeat_clicked)
        self.close_button.clicked.connect(self._close_clicked)
        self.sessionChanged.connect(self._update_buttons)
        self.follow_title(self.interface_list, self.remote_port)
        self.retranslate()

    # -- text ------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.interface_label.setText(self.tr("Broadcast to"))
        self.port_label.setText(self.tr("Port"))
        self.local_label.setText(self.tr("Local port"))
        self.local_port.setToolTip(self.tr("0 lets the system choose; replies come back to it"))
        self.interface_list.setToolTip(
            self.tr(
                "A subnet's broadcast address reaches every host on that subnet; "
                "255.255.255.255 stays on the local segment; 127.255.255.255 reaches "
                "only this machine"
            )
        )
        self.interval_label.setText(self.tr("Repeat every"))
        self.interval.setSuffix(self.tr(" ms"))
        self.fill_interfaces()
        self._update_buttons()

    def idle_text(self) -> str:
        return self.tr("no socket yet — Send creates one with SO_BROADCAST")

    def fill_interfaces(self) -> None:
        """List each interface's broadcast address, this machine's, and 255.255.255.255."""
        combo = self.interface_list
        chosen = chosen_host(combo)
        combo.blockSignals(True)
        combo.clear()
        for interface in local_interfaces(include_ipv6=False):
            if interface.broadcast and not interface.is_loopback and interface.is_up:
                combo.addItem(
                    self.tr("%1 — %2 (address %3)")
                    .replace("%1", interface.broadcast)
                    .replace("%2", interface.name)
                    .replace("%3", interface.address),
                    interface.broadcast,
                )
        combo.addItem(
            self.tr("%1 — this machine only (loopback)").replace("%1", LOOPBACK_BROADCAST),
            LOOPBACK_BROADCAST,
        )
        combo.addItem(
            self.tr("%1 — limited broadcast (this network segment)").replace(
                "%1", LIMITED_BROADCAST
            ),
            LIMITED_BROADCAST,
        )
        index = combo.findData(chosen)
        if index >= 0:
            combo.setCurrentIndex(index)
        elif chosen:
            combo.setEditText(str(chosen))
        else:
            combo.setCurrentIndex(combo.findData(LOOPBACK_BROADCAST))
        combo.blockSignals(False)

    def _update_buttons(self) -> None:
        repeating = self.repeat_button.isChecked()
        self.repeat_button.setText(self.tr("Stop") if repeating else self.tr("Repeat"))
        self.close_button.setText(self.tr("Close socket"))
        self.close_button.setEnabled(self.session is not None)
        self.local_port.setEnabled(self.session is None)

    # -- settings --------------------------------------------------------------

    def title_place(self) -> tuple[str, str]:
        return "", typed_endpoint(self.interface_list, self.remote_port)  # where it goes

    def kept_fields(self) -> dict[str, QWidget]:
        return {
            "address": self.interface_list,
            "port": self.remote_port,
            "local_port": self.local_port,
            "interval": self.interval,
        }

    # -- actions ---------------------------------------------------------------

    def bind_fields(self) -> tuple[QWidget | None, QWidget | None]:
        return None, self.local_port  # it binds 0.0.0.0

    def code_settings(self) -> BroadcastCode:
        from socklab.teaching.codegen import BroadcastCode  # with the first script shown

        local_port = port_or(self.local_port, 0, allow_zero=True)
        return BroadcastCode(
            address=host_or(self.interface_list, "255.255.255.255"),
            port=port_or(self.remote_port, 8080),
            local_port=local_port or None,
            payload=payload_or_empty(self.editor),
            encoding=self.editor.encoding(),
            receive=True,
            repeat=None if self.repeat_button.isChecked() else 1,
            interval=self.interval.value() / 1000,
        )

    def _local_port(self) -> int:
        """The port a new socket binds (a socket that exists keeps its own)."""
        return read_port(self.local_port, self.tr("Local port"), allow_zero=True)

    async def _ensure_session(self, local_port: int) -> UdpSession:
        if self.session is not None:
            return self.session
        session = self.attach_session(UdpSession(UdpOptions(broadcast=True, reuse_address=True)))
        try:
            await wait_for(session.open("0.0.0.0", local_port))
        except BaseException:
            self.release_session()
            raise
        return session

    def destination(self) -> tuple[str, int]:
        host = read_host(self.interface_list, self.tr("Broadcast address"))
        port = read_port(self.remote_port, self.tr("Port"))
        return host, port

    def recv_call(self) -> str:
        return "recvfrom(65535)"

    def job_session(self) -> Coroutine[Any, Any, UdpSession]:
        return self._ensure_session(self._local_port())

    def sending(self, data: bytes) -> Coroutine[Any, Any, None]:
        host, port = self.destination()
        local_port = self._local_port()
        self.clear_errors()
        return self._send_to(data, host, port, local_port)

    async def _send_to(self, data: bytes, host: str, port: int, local_port: int) -> None:
        session = await self._ensure_session(local_port)
        await wait_for(session.send(data, host, port))

    def _repeat_clicked(self) -> None:
        if not self.repeat_button.isChecked():
            self._stop_repeat()
        elif self.act(self._repeating) is None:  # a bad field: nothing repeats
            self.repeat_button.setChecked(False)
        self._update_buttons()

    def _repeating(self) -> Coroutine[Any, Any, None]:
        """Repeat's click: what to send, where and how often, as the fields say now."""
        host, port = self.destination()
        data = self.editor.payload_source()  # template fields: expanded at each send
        local_port = self._local_port()
        interval = self.interval.value() / 1000
        self.clear_errors()
        return self._repeat(data, host, port, local_port, interval)

    async def _repeat(
        self,
        data: bytes | Callable[[], bytes],
        host: str,
        port: int,
        local_port: int,
        interval: float,
    ) -> None:
        try:
            session = await self._ensure_session(local_port)
            await wait_for(session.send_repeated(data, host, port, None, interval))
        finally:
            self.repeat_button.setChecked(False)
            self._update_buttons()

    def _stop_repeat(self) -> None:
        if self.session is not None:
            self.session.stop_repeat()

    def _close_clicked(self) -> None:
        self.repeat_button.setChecked(False)
        self.release_session()
        self.state_label.show_idle()
