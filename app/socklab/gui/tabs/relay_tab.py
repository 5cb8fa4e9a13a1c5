"""The Relay tab: a man in the middle between a program and its server.

Listen on one address, forward to another (TCP: each client its own
connection to the target; UDP: each source its own socket), show both
directions with who sent what, and on request delay, drop (UDP) or spoil the
bytes on their way; inject a payload toward the client or the target.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from socklab.core import Batch, Event, Received, Sent, State, StateChanged, relay
from socklab.gui.bridge import wait_for
from socklab.gui.describe import arg, format_count
from socklab.gui.tabs.base import SessionTab
from socklab.gui.tabs.tab_place import bound_endpoint, typed_endpoint
from socklab.gui.widgets.compact_button import CompactButton
from socklab.gui.widgets.counters_bar import Unit
from socklab.gui.widgets.fields import (
    FieldError,
    bind_address_combo,
    fill_bind_addresses,
    port_edit,
    read_bind_host,
    read_host,
    read_port,
)
from socklab.gui.widgets.relay_flows import RelayFlows
from socklab.gui.widgets.steady_label import SteadyLabel
from socklab.gui.widgets.unix_port import follow_host

#: How often the flows table and the relay's counters repaint.
TABLE_REFRESH_MS = 250


class RelayTab(SessionTab[relay.RelaySession]):
    """A relay and its flows.

    Signals: those of :class:`SessionTab`.
    """

    unit = Unit.CHUNKS
    settings_key = "relay"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relayTab")
        self.protocol_label = QLabel(self)
        self.protocol = QComboBox(self)
        self.protocol.setObjectName("relayProtocol")
        self.protocol.addItem("TCP", relay.RelayProtocol.TCP.value)
        self.protocol.addItem("UDP", relay.RelayProtocol.UDP.value)
        self.listen_label = QLabel(self)
        self.listen_host = bind_address_combo("relayListenHost", self)
        self.listen_port = port_edit("relayListenPort", "", self)
        self.target_label = QLabel(self)
        self.target_host = QLineEdit("127.0.0.1", self)
        self.target_host.setObjectName("relayTargetHost")
        self.target_port = port_edit("relayTargetPort", "", self)
        self.start_button = CompactButton(self)
        self.start_button.setObjectName("relayStartButton")
        self.delay_label = QLabel(self)
        self.delay = QDoubleSpinBox(self)
        self.delay.setObjectName("relayDelay")
        self.delay.setRange(0, relay.MAX_DELAY_MS)
        self.delay.setDecimals(1)
        self.drop_label = QLabel(self)
        self.drop = QDoubleSpinBox(self)
        self.drop.setObjectName("relayDrop")
        self.drop.setRange(0, 100)
        self.drop.setDecimals(2)
        self.corrupt_label = QLabel(self)
        self.corrupt = QLineEdit(self)
        self.corrupt.setObjectName("relayCorrupt")
        self.corrupt.setMaximumWidth(140)
        self.seed_label = QLabel(self)
        self.seed = QSpinBox(self)
        self.seed.setObjectName("relaySeed")
        self.seed.setRange(0, 2_147_483_647)
        self.inject_client_button = QPushButton(self)
        self.inject_client_button.setObjectName("injectClientButton")
        self.totals = SteadyLabel(self)
        self.totals.setObjectName("relayCounters")

        grid = self.settings_grid
        grid.addWidget(self.protocol_label, 0, 0)
        grid.addWidget(self.protocol, 0, 1)
        grid.addWidget(self.listen_label, 0, 2)
        grid.addWidget(self.listen_host, 0, 3)
        grid.addWidget(self.listen_port, 0, 4)
        grid.addWidget(self.target_label, 0, 5)
        grid.addWidget(self.target_host, 0, 6)
        grid.addWidget(self.target_port, 0, 7)
        grid.addWidget(self.start_button, 0, 8)
        impair = QHBoxLayout()
        for label, field in (
            (self.delay_label, self.delay),
            (self.drop_label, self.drop),
            (self.corrupt_label, self.corrupt),
            (self.seed_label, self.seed),
        ):
            impair.addWidget(label)
            impair.addWidget(field)
        impair.addStretch(1)
        impair.addWidget(self.trace_checkbox)
        grid.addLayout(impair, 1, 0, 1, 9)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(6, 1)
        for field in (
            self.listen_host,
            self.listen_port,
            self.target_host,
            self.target_port,
            self.corrupt,
        ):
            self.banner.watch(field)
        self.follow_title(
            self.protocol, self.listen_host, self.listen_port, self.target_host, self.target_port
        )
        self.listen_follower = follow_host(self.listen_host, self.listen_port)
        self.target_follower = follow_host(self.target_host, self.target_port)

        self.flows = RelayFlows(self)
        self.splitter.insertWidget(0, self.flows)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 3)
        self.editor.add_button(self.inject_client_button)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.counters), self.totals)
        self.log.model.peer_role = self._peer_role
        # No load tools and no script: a relay's traffic is its clients'.
        self.tools.hide()
        self.code_panel.hide()

        self._table_timer = QTimer(self)
        self._table_timer.setInterval(TABLE_REFRESH_MS)
        self._table_timer.timeout.connect(self._refresh)

        self.start_button.clicked.connect(self._start_clicked)
        self.inject_client_button.clicked.connect(self._inject_client_clicked)
        self.protocol.currentIndexChanged.connect(self._protocol_changed)
        self.sessionChanged.connect(self._update_buttons)
        self.editor.validityChanged.connect(lambda _valid: self._update_buttons())
        self.flows.selectionChanged.connect(lambda _ids: self._update_buttons())
        self.retranslate()
        self._protocol_changed()

    # -- text ------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.protocol_label.setText(self.tr("Relay"))
        self.listen_label.setText(self.tr("Listen on"))
        self.target_label.setText(self.tr("Forward to"))
        self.delay_label.setText(self.tr("Delay"))
        self.delay.setSuffix(self.tr(" ms"))
        self.delay.setToolTip(self.tr("Hold everything this long, each way; the order is kept"))
        self.drop_label.setText(self.tr("Drop"))
        self.drop.setSuffix(" %")
        self.drop.setToolTip(
            self.tr(
                "UDP: drop exactly this share of every 100 datagrams, each way, at positions "
                "drawn from the seed (the same seed, the same drops)"
            )
        )
        self.corrupt_label.setText(self.tr("Corrupt"))
        self.corrupt.setPlaceholderText(self.tr("@10 or 0.001"))
        self.corrupt.setToolTip(
            self.tr(
                "Flip bytes on their way (XOR 0xff, or ^0x01 for one bit): @N the byte at "
                "offset N of each datagram (TCP: of each direction's stream), or a share of "
                "the bytes such as 0.001 at positions drawn from the seed. Empty: none"
            )
        )
        self.seed_label.setText(self.tr("Seed"))
        self.seed.setToolTip(self.tr("The same seed gives the same drops and flips"))
        self.listen_host.setToolTip(
            self.tr("Where programs connect instead of the target: an address, or /path, @name")
        )
        self.target_host.setToolTip(
            self.tr("The server the relay forwards to: a host, or a Unix socket /path, @name")
        )
        self.inject_client_button.setText(self.tr("Inject toward client"))
        self.inject_client_button.setToolTip(
            self.tr("Send the payload to the clients selected in the table (none: all)")
        )
        fill_bind_addresses(self.listen_host)
        self.flows.model.retranslate()
        self._show_totals()
        self._update_buttons()

    def send_text(self) -> str:
        return self.tr("Inject toward target")

    def idle_text(self) -> str:
        return self.tr("not relaying")

    def title_place(self) -> tuple[str, str]:
        """``TCP Relay :41600 → 127.0.0.1:7000``: the protocol, where it listens, where to."""
        bound = self.session.local_address if self.session is not None else None
        listen = bound_endpoint(bound) or typed_endpoint(self.listen_host, self.listen_port)
        target = typed_endpoint(self.target_host, self.target_port)
        where = f"{listen} → {target}" if listen and target else listen or target
        return str(self.protocol.currentData() or ""), where

    def _peer_role(self, event: Event) -> str:
        """The log's word for the side a relay's data row names."""
        session = self.session
        if not isinstance(event, Received | Sent) or event.peer_id is None or session is None:
            return ""
        if relay.side_of(event, session.target_address) is relay.Side.TARGET:
            return self.tr("target")
        return self.tr("client")

    def _protocol_changed(self) -> None:
        udp = self.protocol.currentData() == relay.RelayProtocol.UDP.value
        self.drop.setEnabled(udp and self.session is None)
        self.drop_label.setEnabled(udp)
        self.counters.set_unit(Unit.DATAGRAMS if udp else Unit.CHUNKS)

    def _update_buttons(self) -> None:
        running = self.session is not None
        self.start_button.setText(self.tr("Stop") if running else self.tr("Start"))
        for widget in (
            self.protocol,
            self.listen_host,
            self.listen_port,
            self.target_host,
            self.target_port,
            self.delay,
            self.corrupt,
            self.seed,
        ):
            widget.setEnabled(not running)
        self.drop.setEnabled(
            not running and self.protocol.currentData() == relay.RelayProtocol.UDP.value
        )
        can_inject = running and self.flows.open_count() > 0 and self.editor.is_valid()
        self.inject_client_button.setEnabled(can_inject)
        self.editor.set_send_enabled(can_inject)

    # -- settings --------------------------------------------------------------

    def kept_fields(self) -> dict[str, QWidget]:
        return {
            "protocol": self.protocol,
            "listen_host": self.listen_host,
            "listen_port": self.listen_port,
            "target_host": self.target_host,
            "target_port": self.target_port,
            "delay": self.delay,
            "drop": self.drop,
            "corrupt": self.corrupt,
            "seed": self.seed,
        }

    def show_code(self, shown: bool) -> None:
        self.code_panel.hide()  # a relay has no script of its own

    def set_presentation(self, on: bool) -> None:
        super().set_presentation(on)
        self.tools.hide()

    # -- actions ---------------------------------------------------------------

    def bind_fields(self) -> tuple[QWidget | None, QWidget | None]:
        return self.listen_host, self.listen_port

    def _start_clicked(self) -> None:
        if self.session is not None:
            self.stop()
        else:
            self.act(self.starting)

    def starting(self) -> Coroutine[Any, Any, None]:
        """Start's click: read every field now; the coroutine starts the relay."""
        listen = (
            read_bind_host(self.listen_host, self.tr("Listen address")),
            read_port(self.listen_port, self.tr("Listen port"), allow_zero=True),
        )
        target = (
            read_host(self.target_host, self.tr("Target host")),
            read_port(self.target_port, self.tr("Target port")),
        )
        udp = self.protocol.currentData() == relay.RelayProtocol.UDP.value
        seed = self.seed.value()
        options = relay.RelayOptions(
            protocol=relay.RelayProtocol.UDP if udp else relay.RelayProtocol.TCP,
            delay_ms=self.delay.value(),
            drop_percent=self.drop.value() if udp else 0.0,
            corrupt=self.read_corrupt(seed),
            seed=seed,
        )
        self.clear_errors()
        return self._relay(listen, target, options)

    def read_corrupt(self, seed: int) -> relay.CorruptSpec | None:
        """The corrupt field: none, @offset or a rate; a bad one said at the field."""
        label = self.tr("Corrupt")
        try:
            return relay.parse_corrupt(self.corrupt.text(), seed)
        except relay.RelayValueError as exc:
            raise FieldError(self.corrupt, label, self._corrupt_message(exc)) from None

    def _corrupt_message(self, exc: relay.RelayValueError) -> str:
        messages = {
            "mask-not-number": self.tr("the mask %1 after ^ is not a number (write ^0x01)"),
            "mask-range": self.tr("the mask %1 is not a byte from 0x01 to 0xff"),
            "offset-not-integer": self.tr(
                "the offset %1 after @ is not a whole number (write @10)"
            ),
            "offset-negative": self.tr("the offset %1 is negative: the first byte is @0"),
            "corrupt-unknown": self.tr(
                "%1 is neither a share of the bytes (0.001) nor an offset (@10)"
            ),
            "rate-range": self.tr(
                "the share %1 is not from 0 to 1 (0.001: one byte in a thousand)"
            ),
        }
        template = messages.get(exc.code)
        return arg(template, exc.value) if template is not None else str(exc)

    async def start(self) -> None:
        """Start the relay with the fields' settings (what Start does)."""
        await self.starting()

    async def _relay(
        self, listen: tuple[str, int], target: tuple[str, int], options: relay.RelayOptions
    ) -> None:
        self.flows.model.clear()  # flow ids start again at #1
        session = self.attach_session(relay.RelaySession(options))
        self._table_timer.start()
        try:
            await wait_for(session.start(listen, target))
        except BaseException:
            if session is self.session:
                self.release_session()
            raise
        self._show_totals()

    def stop(self) -> None:
        self.release_session()
        self.state_label.show_idle()

    def release_session(self) -> None:
        self._table_timer.stop()
        super().release_session()
        self._refresh()

    def sending(self, data: bytes) -> Coroutine[Any, Any, None]:
        """The editor's button: inject toward the target of the selected flows."""
        return self._inject(data, relay.Side.TARGET, self.flows.selected_open_ids() or None)

    def _inject_client_clicked(self) -> None:
        ids = self.flows.selected_open_ids() or None
        self.act(lambda: self._inject(self.editor.take_payload(), relay.Side.CLIENT, ids))

    async def inject(self, data: bytes, toward: relay.Side) -> None:
        """Inject ``data`` toward the client or the target of the selected flows (none: all)."""
        await self._inject(data, toward, self.flows.selected_open_ids() or None)

    async def _inject(self, data: bytes, toward: relay.Side, flow_ids: list[int] | None) -> None:
        if self.session is not None:
            await wait_for(self.session.inject(data, toward, flow_ids))

    # -- events ----------------------------------------------------------------

    def _on_batch(self, batch: Batch) -> None:
        session = self.session
        live = session.flows() if session is not None else []
        self.flows.model.apply_events(batch.events, live)
        super()._on_batch(batch)
        self._update_buttons()

    def on_state(self, event: StateChanged) -> None:
        super().on_state(event)
        if event.state is State.STOPPED:
            self.release_soon()

    def _refresh(self) -> None:
        self.flows.model.refresh()
        self._show_totals()

    def _show_totals(self) -> None:
        session = self.session
        counters = session.relay_counters if session is not None else relay.RelayCounters()
        self.totals.setText(self.totals_text(counters))

    def totals_text(self, counters: relay.RelayCounters) -> str:
        """Both directions in one line: forwarded, dropped, flipped, injected."""
        parts = []
        for template, counts in (
            (self.tr("→ target: %1"), counters.to_target),
            (self.tr("→ client: %1"), counters.to_client),
        ):
            words = [arg(self.tr("%1 forwarded"), format_count(counts.forwarded_packets))]
            if counts.dropped_packets:
                words.append(arg(self.tr("%1 dropped"), format_count(counts.dropped_packets)))
            if counts.lost_packets:
                words.append(arg(self.tr("%1 lost"), format_count(counts.lost_packets)))
            if counts.corrupted_bytes:
                words.append(arg(self.tr("%1 B flipped"), format_count(counts.corrupted_bytes)))
            if counts.injected_packets:
                words.append(arg(self.tr("%1 injected"), format_count(counts.injected_packets)))
            parts.append(arg(template, ", ".join(words)))
        return "   ".join(parts)
