"""The UDP tab: bind a port (or let the first send bind one), sendto, recvfrom."""

from __future__ import annotations

import socket
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QSpinBox, QWidget

from socklab.core import Failed, SessionError, UdpOptions, UdpSession
from socklab.gui.bridge import wait_for
from socklab.gui.tabs.code_follower import bind_host_or, host_or, payload_or_empty, port_or
from socklab.gui.tabs.datagram_tab import DatagramTab
from socklab.gui.tabs.fast_path_note import FastPathNote
from socklab.gui.tabs.tab_place import bound_endpoint, is_unix_field, typed_endpoint
from socklab.gui.tabs.udp_multicast import UdpMulticast
from socklab.gui.widgets.compact_button import CompactButton
from socklab.gui.widgets.counters_bar import Unit
from socklab.gui.widgets.fields import (
    bind_address_combo,
    fill_bind_addresses,
    ipv6_only_checkbox,
    port_edit,
    read_bind_host,
    read_host,
    read_port,
    retranslate_ipv6_only,
)
from socklab.gui.widgets.reply_rules_dialog import ReplyRulesButton
from socklab.gui.widgets.stale_offer import StaleOffer
from socklab.gui.widgets.unix_port import follow_host

if TYPE_CHECKING:
    from socklab.teaching.codegen import UdpCode


class UdpTab(DatagramTab):
    """Bind a UDP socket, send datagrams to any address, see each one that arrives.

    Signals: those of :class:`SessionTab`.
    """

    unit = Unit.DATAGRAMS
    settings_key = "udp"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("udpTab")
        self.local_label = QLabel(self)
        self.local_host = bind_address_combo("localHost", self)
        self.local_port = port_edit("localPort", "0", self)
        self.open_button = CompactButton(self)
        self.open_button.setObjectName("openButton")
        self.remote_label = QLabel(self)
        self.remote_host = QLineEdit("127.0.0.1", self)
        self.remote_host.setObjectName("remoteHost")
        self.remote_port = port_edit("remotePort", "", self)
        self.buffer_label = QLabel(self)
        self.recv_buffer = QSpinBox(self)
        self.recv_buffer.setObjectName("recvBuffer")
        self.recv_buffer.setRange(1, 65_535)
        self.recv_buffer.setValue(65_535)
        self.reuse = QCheckBox("SO_REUSEADDR", self)
        self.reuse.setObjectName("reuseAddress")
        self.broadcast = QCheckBox("SO_BROADCAST", self)
        self.broadcast.setObjectName("broadcastOption")
        self.ipv6_only = ipv6_only_checkbox(self)

        grid = self.settings_grid
        grid.addWidget(self.local_label, 0, 0)
        grid.addWidget(self.local_host, 0, 1)
        grid.addWidget(self.local_port, 0, 2)
        grid.addWidget(self.open_button, 0, 3)
        grid.addWidget(self.buffer_label, 0, 4)
        grid.addWidget(self.recv_buffer, 0, 5)
        grid.addWidget(self.remote_label, 1, 0)
        grid.addWidget(self.remote_host, 1, 1)
        grid.addWidget(self.remote_port, 1, 2)
        grid.addWidget(self.reuse, 1, 4)
        grid.addWidget(self.broadcast, 1, 5)
        grid.addWidget(self.ipv6_only, 3, 4, 1, 2)
        grid.addWidget(self.trace_checkbox, 1, 3)
        self.multicast = UdpMulticast(self)
        grid.addWidget(self.multicast.box, 2, 0, 1, 6)
        self.stale_offer = StaleOffer(self, socket.SOCK_DGRAM)  # a Unix path left behind
        grid.addWidget(self.stale_offer, 3, 2, 1, 2)
        self.stale_offer.clicked.connect(lambda: self.act(self.removing_stale))
        grid.setColumnStretch(1, 1)
        for field in (self.local_host, self.local_port, self.remote_host, self.remote_port):
            self.banner.watch(field)
        self.port_followers = [  # a Unix address (/path, @name) has no port
            follow_host(self.local_host, self.local_port),
            follow_host(self.remote_host, self.remote_port),
        ]
        self.mark_advanced(self.buffer_label, self.recv_buffer, self.reuse, self.ipv6_only)

        self.open_button.clicked.connect(self._open_clicked)
        self.recv_buffer.valueChanged.connect(self._options_changed)
        self.recv_buffer.valueChanged.connect(self.refresh_trace)
        self.broadcast.toggled.connect(self._options_changed)
        self.sessionChanged.connect(self._update_buttons)
        self.path_note = FastPathNote(self)
        # Reply rules: a button here, the table in its own window (gui/widgets/reply_rules*)
        self.rules_button = ReplyRulesButton(self)
        grid.addWidget(self.rules_button, 3, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        self.rules_box = self.rules_button.box
        self.rules_box.show_rate()
        self.rules_box.rules_changed.connect(self._apply_rules)
        self.rules_button.report_to(self.banner)
        self.follow_title(self.local_host, self.local_port)
        self.rules_box.follow_editor(self.editor)
        self.sessionChanged.connect(lambda: self.session and self.rules_box.new_session())
        self.retranslate()
        self._update_buttons()

    # -- text ------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.local_label.setText(self.tr("Local address"))
        if (rules := getattr(self, "rules_button", None)) is not None:
            rules.set_title(self.tr("UDP"))
            rules.box.note.setText(
                self.tr(
                    "Each datagram that arrives is tried against the rules in order; the"
                    " first that matches answers it, to the address it came from."
                )
            )
        self.remote_label.setText(self.tr("Send to"))
        self.buffer_label.setText(self.tr("recvfrom buffer"))
        self.recv_buffer.setSuffix(self.tr(" bytes"))
        self.recv_buffer.setToolTip(
            self.tr("Size passed to recvfrom(): a longer datagram is cut to it (truncated).")
        )
        self.local_host.setToolTip(
            self.tr(
                "bind() address: 127.0.0.1 is this machine only; 0.0.0.0 (or empty, as "
                'bind(("", port))) receives on every interface; :: every IPv6 and, unless '
                "IPv6 only is checked, IPv4 interface"
            )
        )
        self.local_port.setToolTip(
            self.tr(
                "bind((host, port)): 0 asks the system for a free ephemeral port "
                "(on Linux one from 32768 to 60999)"
            )
        )
        self.remote_host.setToolTip(self.tr("sendto(data, (host, port)): where each datagram goes"))
        self.reuse.setToolTip(
            self.tr(
                "setsockopt(SOL_SOCKET, SO_REUSEADDR, 1): lets several sockets bind the same "
                "port, e.g. several receivers of one broadcast on this machine"
            )
        )
        self.broadcast.setToolTip(
            self.tr(
                "setsockopt(SOL_SOCKET, SO_BROADCAST, 1): without it the system refuses "
                "sendto() to a broadcast address (permission denied)"
            )
        )
        fill_bind_addresses(self.local_host)
        self.path_note.retranslate()
        self.multicast.retranslate()
        retranslate_ipv6_only(self.ipv6_only)
        self._update_buttons()

    def idle_text(self) -> str:
        return self.tr("unbound — Open binds the local address, or the first Send binds one")

    def _update_buttons(self) -> None:
        self.open_button.setText(self.tr("Close") if self.session else self.tr("Open"))
        for widget in (self.local_host, self.local_port, self.reuse, self.ipv6_only):
            widget.setEnabled(self.session is None)

    def title_place(self) -> tuple[str, str]:
        bound = self.session.local_address if self.session is not None else None
        where = bound_endpoint(bound) or typed_endpoint(self.local_host, self.local_port)
        unix = where.startswith(("/", "@")) or is_unix_field(self.local_host)
        return ("unix" if unix else ""), where

    # -- settings --------------------------------------------------------------

    def save_settings(self, settings: QSettings) -> None:
        super().save_settings(settings)
        settings.setValue("reply_rules", self.rules_box.state())
        settings.setValue("reply_rules_rate", self.rules_box.max_rate.value())

    def load_settings(self, settings: QSettings) -> None:
        super().load_settings(settings)
        kept = settings.value("reply_rules")
        if kept is not None:
            self.rules_box.restore(kept)
        rate = settings.value("reply_rules_rate")
        if rate is not None and str(rate).isdigit():
            self.rules_box.max_rate.setValue(int(str(rate)))

    def kept_fields(self) -> dict[str, QWidget]:
        return {
            "local_host": self.local_host,
            "local_port": self.local_port,
            "remote_host": self.remote_host,
            "remote_port": self.remote_port,
            "recv_buffer": self.recv_buffer,
            "reuse": self.reuse,
            "broadcast": self.broadcast,
            "multicast_group": self.multicast.box.group,
            "multicast_source": self.multicast.box.source,
            "multicast_interface": self.multicast.box.interface,
            "multicast_ttl": self.multicast.box.ttl,
            "multicast_loop": self.multicast.box.loop,
            "ipv6_only": self.ipv6_only,
        }

    # -- actions ---------------------------------------------------------------

    def bind_fields(self) -> tuple[QWidget | None, QWidget | None]:
        return self.local_host, self.local_port

    def code_settings(self) -> UdpCode:
        from socklab.teaching.codegen import UdpCode  # with the first script shown

        local_host = bind_host_or(self.local_host, "0.0.0.0")
        local_port = port_or(self.local_port, 0, allow_zero=True)
        bound = self.session is not None and self.session.local_address is not None
        # No bind() where the first sendto binds the same: every interface, port 0.
        implicit = not bound and not local_port and local_host in ("", "0.0.0.0", "::")
        return UdpCode.from_options(
            host_or(self.remote_host, "127.0.0.1"),
            port_or(self.remote_port, 8080),
            self.options(),
            local_host=local_host,
            local_port=None if implicit else local_port,
            payload=payload_or_empty(self.editor),
            encoding=self.editor.encoding(),
            multicast=self.multicast.code(),
        )

    def options(self) -> UdpOptions:
        return UdpOptions(
            broadcast=self.broadcast.isChecked(),
            reuse_address=self.reuse.isChecked(),
            recv_buffer=self.recv_buffer.value(),
            multicast=self.multicast.box.sending_options(),
            ipv6_only=self.ipv6_only.isChecked(),
        )

    def _open_clicked(self) -> None:
        if self.session is not None:
            self.release_session()
            self.state_label.show_idle()
        else:
            self.act(self.opening)

    def opening(self) -> Coroutine[Any, Any, None]:
        """Open's click: read the local address now; the coroutine binds it."""
        host = read_bind_host(self.local_host, self.tr("Local address"))
        port = read_port(self.local_port, self.tr("Local port"), allow_zero=True)
        self.clear_errors()
        self.stale_offer.withdraw()
        return self._bind(host, port, self.options())

    def removing_stale(self) -> Coroutine[Any, Any, None]:
        """The stale offer's click: prove the file in the field stale, remove it, bind."""
        host = self.stale_offer.removed_host(self.local_host, self.tr("Local address"))
        self.clear_errors()
        return self._bind(host, 0, self.options())

    async def open(self) -> None:
        """Bind to the local address and port in the fields (what Open does)."""
        await self.opening()

    def attach_session(self, session: UdpSession) -> UdpSession:  # type: ignore[override]
        """Make ``session`` this tab's, answering by the reply rules."""
        session = super().attach_session(session)
        self._apply_rules()
        return session

    def _apply_rules(self) -> None:
        if self.session is not None:
            self.session.set_rules(
                self.rules_box.rule_set(),
                self.rules_box.max_rate.value(),
                encoding=self.editor.encoding(),
            )

    async def _bind(self, host: str, port: int, options: UdpOptions) -> None:
        session = self.attach_session(UdpSession(options))
        try:
            await wait_for(session.open(host, port))
        except BaseException as exc:
            self.release_session()
            self.stale_offer.consider(host, exc)  # a Unix path left by a crashed program
            raise

    def sending(self, data: bytes) -> Coroutine[Any, Any, None]:
        host, port = self.destination()
        self.multicast.check_sending()
        local = self._auto_bind_address()
        self.clear_errors()
        return self._send_to(data, host, port, self.options(), local)

    async def _send_to(
        self,
        data: bytes,
        host: str,
        port: int,
        options: UdpOptions,
        local: tuple[str, int] | None,
    ) -> None:
        session = self._session_or_new(options, local)
        try:
            await wait_for(session.send(data, host, port))
        except BaseException:
            if session.local_address is None and session is self.session:
                self.release_session()  # nothing was bound: back to "unbound"
                self.state_label.show_idle()
            raise

    def _auto_bind_address(self) -> tuple[str, int] | None:
        """Where the first send binds: the local address in the fields (None once
        a socket is bound, as it keeps its own)."""
        if self.session is not None:
            return None
        host = read_bind_host(self.local_host, self.tr("Local address"))
        return host, read_port(self.local_port, self.tr("Local port"), allow_zero=True)

    def _session_or_new(self, options: UdpOptions, local: tuple[str, int] | None) -> UdpSession:
        """The open session, or a new one that the first sendto binds to ``local``."""
        if self.session is None:
            return self.attach_session(UdpSession(options, auto_bind=local))
        return self.session

    def destination(self) -> tuple[str, int]:
        host = read_host(self.remote_host, self.tr("Destination host"))
        return host, read_port(self.remote_port, self.tr("Destination port"))

    def job_session(self) -> Coroutine[Any, Any, UdpSession]:
        return self._job_session(self.options(), self._auto_bind_address())

    async def _job_session(self, options: UdpOptions, local: tuple[str, int] | None) -> UdpSession:
        return self._session_or_new(options, local)  # like Send: the first datagram binds

    def field_for(self, failure: SessionError | Failed) -> QWidget | None:
        field = self.multicast.box.field_for(failure.operation, failure.errno_name)
        return field or super().field_for(failure)

    def recv_call(self) -> str:
        return f"recvfrom({self.recv_buffer.value()})"

    def _options_changed(self) -> None:
        if self.session is not None:
            self.session.set_options(self.options())
