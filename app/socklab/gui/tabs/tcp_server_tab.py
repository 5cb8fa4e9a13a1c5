"""The TCP Server tab: bind, listen, accept many clients, talk to some or all.

Auto-reply (echo, or a fixed text such as 已收到) and "close a client that
sends: exit" make it the classic classroom server without writing one.
"""

from __future__ import annotations

from collections.abc import Coroutine
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from socklab.core import (
    DEFAULT_BACKLOG,
    DEFAULT_MAX_REPLY_RATE,
    AutoReply,
    Batch,
    GeneratorSpec,
    PayloadError,
    Progress,
    State,
    StateChanged,
    TcpServerOptions,
    TcpServerSession,
    TlsOptions,
    checksums,
    describe_certificate_file,
    encode_word,
    template,
)
from socklab.gui.bridge import wait_for
from socklab.gui.tabs.base import SessionTab
from socklab.gui.tabs.code_follower import bind_host_or, port_or
from socklab.gui.tabs.tab_place import bound_endpoint, is_unix_field, typed_endpoint
from socklab.gui.tls_text import describe_own_certificate
from socklab.gui.widgets.client_table import ClientTable
from socklab.gui.widgets.compact_button import CompactButton
from socklab.gui.widgets.counters_bar import Unit
from socklab.gui.widgets.fields import (
    bind_address_combo,
    fill_bind_addresses,
    ipv6_only_checkbox,
    port_edit,
    read_bind_host,
    read_port,
    retranslate_ipv6_only,
)
from socklab.gui.widgets.reply_rules_dialog import ReplyRulesButton
from socklab.gui.widgets.stale_offer import StaleOffer
from socklab.gui.widgets.tls_box import TlsBox
from socklab.gui.widgets.unix_port import follow_host

#: How often the client table repaints its live byte counts.
TABLE_REFRESH_MS = 250
#: Seconds a client has to finish its TLS handshake.
TLS_HANDSHAKE_TIMEOUT = TlsOptions().handshake_timeout

if TYPE_CHECKING:
    from socklab.teaching.codegen import TcpServerCode


class TcpServerTab(SessionTab[TcpServerSession]):
    """A listening socket and its clients.

    Signals: those of :class:`SessionTab`.
    """

    unit = Unit.CHUNKS
    settings_key = "tcp_server"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tcpServerTab")
        self.local_label = QLabel(self)
        self.local_host = bind_address_combo("localHost", self)
        self.local_port = port_edit("localPort", "", self)
        self.open_button = CompactButton(self)
        self.open_button.setObjectName("openButton")
        self.backlog_label = QLabel(self)
        self.backlog = QSpinBox(self)
        self.backlog.setObjectName("backlog")
        self.backlog.setRange(0, 65_535)
        self.backlog.setValue(DEFAULT_BACKLOG)
        self.reuse = QCheckBox("SO_REUSEADDR", self)
        self.reuse.setObjectName("reuseAddress")
        self.reuse.setChecked(True)
        self.ipv6_only = ipv6_only_checkbox(self)
        self.max_label = QLabel(self)
        self.max_clients = QSpinBox(self)
        self.max_clients.setObjectName("maxClients")
        self.max_clients.setRange(0, 1_000_000)
        self.reply_label = QLabel(self)
        self.auto_reply = QComboBox(self)
        self.auto_reply.setObjectName("autoReply")
        self.reply_text = QLineEdit("已收到", self)
        self.reply_text.setObjectName("autoReplyText")
        self.close_on = QCheckBox(self)
        self.close_on.setObjectName("closeOnWord")
        self.close_word = QLineEdit("exit", self)
        self.close_word.setObjectName("closeWord")
        self.close_word.setMaximumWidth(120)
        self.reply_rate_label = QLabel(self)
        self.max_reply_rate = QSpinBox(self)
        self.max_reply_rate.setObjectName("maxRepliesPerSecond")
        self.max_reply_rate.setRange(0, 1_000_000)
        self.max_reply_rate.setValue(DEFAULT_MAX_REPLY_RATE)
        self.recv_label = QLabel(self)
        self.recv_size = QSpinBox(self)
        self.recv_size.setObjectName("recvSize")
        self.recv_size.setRange(1, 1 << 20)
        self.recv_size.setValue(65_536)
        self.send_all_button = QPushButton(self)
        self.send_all_button.setObjectName("sendAllButton")

        grid = self.settings_grid
        grid.addWidget(self.local_label, 0, 0)
        grid.addWidget(self.local_host, 0, 1)
        grid.addWidget(self.local_port, 0, 2)
        grid.addWidget(self.open_button, 0, 3)
        grid.addWidget(self.backlog_label, 0, 4)
        grid.addWidget(self.backlog, 0, 5)
        grid.addWidget(self.reuse, 0, 6)
        grid.addWidget(self.reply_label, 1, 0)
        grid.addWidget(self.auto_reply, 1, 1)
        grid.addWidget(self.reply_text, 1, 2, 1, 2)
        grid.addWidget(self.max_label, 1, 4)
        grid.addWidget(self.max_clients, 1, 5)
        grid.addWidget(self.ipv6_only, 1, 6)
        grid.addWidget(self.close_on, 2, 0, 1, 2)
        grid.addWidget(self.close_word, 2, 2)
        grid.addWidget(self.recv_label, 2, 4)
        grid.addWidget(self.recv_size, 2, 5)
        grid.addWidget(self.add_stream_view(), 2, 6)
        grid.addWidget(self.trace_checkbox, 3, 0, 1, 2)
        # Under the auto-reply fields, across columns that have room (its label
        # alone in one column would widen the window).
        reply_rate = QHBoxLayout()
        self.rules_button = ReplyRulesButton(self)  # the table in its own window
        reply_rate.addWidget(self.rules_button)
        reply_rate.addStretch(1)
        reply_rate.addWidget(self.reply_rate_label)
        reply_rate.addWidget(self.max_reply_rate)
        grid.addLayout(reply_rate, 3, 2, 1, 4)
        self.tls = TlsBox(server=True, parent=self)
        grid.addWidget(self.tls, 4, 0, 1, 7)
        grid.setColumnStretch(1, 1)
        for field in (self.local_host, self.local_port, *self.tls.fields.values()):
            self.banner.watch(field)
        self.port_follower = follow_host(self.local_host, self.local_port)  # /path, @name
        self.stale_offer = StaleOffer(self)
        grid.addWidget(self.stale_offer, 3, 6)
        self.stale_offer.clicked.connect(lambda: self.act(self.removing_stale))
        self.tls.fieldFailed.connect(self.banner.show_field_error)
        self.tls.generated.connect(self._show_own_certificate)
        self.mark_advanced(
            self.reuse,
            self.ipv6_only,
            self.max_label,
            self.max_clients,
            self.reply_rate_label,
            self.max_reply_rate,
        )

        # Reply rules (gui/widgets/reply_rules*)
        self.rules_box = self.rules_button.box
        self.rules_box.rules_changed.connect(self._options_changed)
        self.rules_button.report_to(self.banner)
        self.rules_box.follow_editor(self.editor)
        self.sessionChanged.connect(self._new_reply_session)
        self.clients = ClientTable(self)
        self.clients.kickRequested.connect(self._kick)
        self.splitter.insertWidget(0, self.clients)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 3)
        self.editor.add_button(self.send_all_button)

        self._reply_counter = template.SendCounter()  # {{counter}} in the fixed reply
        self._table_timer = QTimer(self)
        self._table_timer.setInterval(TABLE_REFRESH_MS)
        self._table_timer.timeout.connect(self.clients.refresh)

        self.open_button.clicked.connect(self._open_clicked)
        self.send_all_button.clicked.connect(self._send_all_clicked)
        for signal in (
            self.auto_reply.currentIndexChanged,
            self.reply_text.editingFinished,
            self.close_on.toggled,
            self.close_word.editingFinished,
            self.max_clients.valueChanged,
            self.max_reply_rate.valueChanged,
            self.recv_size.valueChanged,
            # The reply text and the close word are encoded in the editor's encoding;
            # the reply takes its checksum and template fields too.
            self.editor.encoding_combo.currentIndexChanged,
            self.editor.template_check.toggled,
            self.editor.checksumChanged,
        ):
            signal.connect(self._options_changed)
        self.sessionChanged.connect(self._update_buttons)
        self.follow_title(self.local_host, self.local_port, self.tls.enabled)
        self.editor.validityChanged.connect(lambda _valid: self._update_buttons())
        self.clients.selectionChanged.connect(lambda _ids: self._update_buttons())
        self.retranslate()

    # -- text ------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.local_label.setText(self.tr("Listen on"))
        if (rules := getattr(self, "rules_button", None)) is not None:
            rules.set_title(self.tr("TCP Server"))
            rules.box.note.setText(
                self.tr(
                    "Each line a client sends is tried against the rules in order; the first"
                    " that matches answers that client (before the auto-reply). Replies per"
                    " client caps them."
                )
            )
        self.backlog_label.setText(self.tr("Backlog"))
        self.local_host.setToolTip(
            self.tr(
                "bind() address: 127.0.0.1 is this machine only; 0.0.0.0 (or empty, as "
                'bind(("", port))) accepts on every interface and is reachable from the '
                "network; :: accepts IPv6 and, unless IPv6 only is checked, IPv4 clients"
            )
        )
        self.max_clients.setToolTip(
            self.tr("Connections beyond this number are closed right after accept()")
        )
        self.auto_reply.setToolTip(self.tr("What the server sends back after each recv()"))
        self.close_on.setToolTip(
            self.tr("Like the classroom server: if data == 'exit': conn.close()")
        )
        self.backlog.setToolTip(
            self.tr("listen(backlog): how many finished handshakes may wait for accept()")
        )
        self.reuse.setToolTip(
            self.tr("Restart on the same port at once, even while old connections sit in TIME_WAIT")
        )
        self.max_label.setText(self.tr("Max clients"))
        self.recv_label.setText(self.tr("recv size"))
        self.recv_size.setSuffix(self.tr(" bytes"))
        self.recv_size.setToolTip(
            self.tr("The size passed to each recv(): the most one chunk holds")
        )
        self.max_clients.setSpecialValueText(self.tr("no limit"))
        self.reply_rate_label.setText(self.tr("Replies per client"))
        self.max_reply_rate.setSuffix(self.tr("/s"))
        self.max_reply_rate.setSpecialValueText(self.tr("no limit"))
        self.max_reply_rate.setToolTip(
            self.tr(
                "At most this many auto-replies to one client a second (more wait for the "
                "next second). A client that keeps this limit reached for 3 seconds in a row "
                "looks like a loop between two auto-repliers: auto-reply to it pauses until "
                "you change the auto-reply setting. 0: no limit and no loop check."
            )
        )
        self.reply_label.setText(self.tr("Auto-reply"))
        current = self.auto_reply.currentData() or AutoReply.OFF.value
        self.auto_reply.blockSignals(True)
        self.auto_reply.clear()
        self.auto_reply.addItem(self.tr("Off"), AutoReply.OFF.value)
        self.auto_reply.addItem(self.tr("Echo what arrives"), AutoReply.ECHO.value)
        self.auto_reply.addItem(self.tr("Fixed text"), AutoReply.FIXED.value)
        self.auto_reply.setCurrentIndex(max(0, self.auto_reply.findData(current)))
        self.auto_reply.blockSignals(False)
        self.close_on.setText(self.tr("Close the connection when a client sends:"))
        self.send_all_button.setText(self.tr("Send to all"))
        fill_bind_addresses(self.local_host)
        retranslate_ipv6_only(self.ipv6_only)
        if self.tls.info.text():  # the running server's certificate, in the new language
            self._show_own_certificate()
        self._update_buttons()

    def send_text(self) -> str:
        return self.tr("Send to selected")

    def idle_text(self) -> str:
        return self.tr("not listening")

    def _update_buttons(self) -> None:
        running = self.session is not None
        self.open_button.setText(self.tr("Stop") if running else self.tr("Start"))
        for widget in (self.local_host, self.local_port, self.backlog, self.reuse, self.ipv6_only):
            widget.setEnabled(not running)
        self.tls.set_editable(not running)
        has_clients = self.clients.model.open_count > 0
        self.send_all_button.setEnabled(running and has_clients and self.editor.is_valid())
        self.editor.set_send_enabled(running and self.clients.has_open_selected())
        self.reply_text.setEnabled(self.auto_reply.currentData() == AutoReply.FIXED.value)

    # -- settings --------------------------------------------------------------

    def save_settings(self, settings: QSettings) -> None:
        super().save_settings(settings)
        settings.setValue("reply_rules", self.rules_box.state())

    def load_settings(self, settings: QSettings) -> None:
        super().load_settings(settings)
        kept = settings.value("reply_rules")
        if kept is not None:
            self.rules_box.restore(kept)

    def title_place(self) -> tuple[str, str]:
        bound = self.session.local_address if self.session is not None else None
        where = bound_endpoint(bound) or typed_endpoint(self.local_host, self.local_port)
        if where.startswith(("/", "@")) or is_unix_field(self.local_host):
            return "unix", where
        return ("tls" if self.tls.enabled.isChecked() else ""), where

    def kept_fields(self) -> dict[str, QWidget]:
        return {
            "local_host": self.local_host,
            "local_port": self.local_port,
            "backlog": self.backlog,
            "reuse": self.reuse,
            "ipv6_only": self.ipv6_only,
            "max_clients": self.max_clients,
            "max_reply_rate": self.max_reply_rate,
            "recv_size": self.recv_size,
            "auto_reply": self.auto_reply,
            "reply_text": self.reply_text,
            "close_on": self.close_on,
            "close_word": self.close_word,
            "tls_enabled": self.tls.enabled,
            "tls_verify": self.tls.verify,
            "tls_require_client_cert": self.tls.require_client_cert,
            **{f"tls_{name}": field for name, field in self.tls.fields.items()},
        }

    # -- options ---------------------------------------------------------------

    def options(self) -> TcpServerOptions:
        """The server's options from the fields (reply text in the editor's encoding)."""
        mode = AutoReply(self.auto_reply.currentData() or AutoReply.OFF.value)
        reply = self._fixed_reply(self._encode_field(self.reply_text, mode is AutoReply.FIXED))
        close_on = self._encode_field(
            self.close_word, self.close_on.isChecked() and bool(self.close_word.text())
        )
        return TcpServerOptions(
            backlog=self.backlog.value(),
            reuse_address=self.reuse.isChecked(),
            max_clients=self.max_clients.value() or None,
            auto_reply=mode,
            reply=reply,
            close_on=close_on,
            encoding=self.editor.encoding(),
            recv_size=self.recv_size.value(),
            max_reply_rate=self.max_reply_rate.value(),
            ipv6_only=self.ipv6_only.isChecked(),
            rules=self.rules_box.rule_set(),
        )

    def _new_reply_session(self) -> None:
        """A server starts: its replies' {{counter}} counts from 1, the rules' hits from 0."""
        if self.session is not None:
            self._reply_counter.reset()
            self.rules_box.new_session()

    def _fixed_reply(self, data: bytes | None) -> bytes | template.WordTemplate:
        """The fixed reply as the editor sends: its checksum appended and, with
        Template fields on, its fields expanded at each reply (a bad one is said)."""
        if not data:
            return b""
        checksum = self.editor.checksum() or None
        if not self.editor.templates_on():
            return checksums.append(data, checksum)
        try:
            reply = template.WordTemplate.create(
                self.reply_text.text(), self.editor.encoding(), checksum, self._reply_counter
            )
        except PayloadError as exc:
            self.banner.show_message(str(exc), self.reply_text, log=True)
            return b""
        return reply if reply.template.has_fields else checksums.append(data, checksum)

    def _encode_field(self, field: QLineEdit, used: bool) -> bytes | None:
        """``field``'s text in the editor's encoding; None if unused or unencodable.

        Only a field in use is checked (a reply that latin-1 cannot hold does not
        matter while auto-reply is off); its error mark goes once it encodes.
        """
        if not used:
            self.banner.unmark(field)
            return None
        try:
            data = encode_word(field.text(), self.editor.encoding())
        except PayloadError as exc:
            self.banner.show_message(str(exc), field, log=True)
            return None
        self.banner.unmark(field)
        return data

    def code_settings(self) -> TcpServerCode:
        from socklab.teaching.codegen import TcpServerCode  # with the first script shown

        options = self.options()
        return TcpServerCode(
            host=bind_host_or(self.local_host, "127.0.0.1"),
            port=port_or(self.local_port, 8080),
            backlog=options.backlog,
            reuse_address=options.reuse_address,
            auto_reply=options.auto_reply,
            reply=options.reply.preview() if callable(options.reply) else options.reply,
            close_on=options.close_on,
            encoding=self.editor.encoding(),
            recv_size=options.recv_size,
            max_clients=options.max_clients,
            ipv6_only=options.ipv6_only,
            tls=self.tls.code_options(),
        )

    def _options_changed(self) -> None:
        self._update_buttons()
        if self.session is not None:
            self.session.set_options(self.options())

    # -- events ----------------------------------------------------------------

    def _on_batch(self, batch: Batch) -> None:
        session = self.session
        lookup = session.peer if session is not None else (lambda _id: None)
        self.clients.model.apply_events(batch.events, lookup)
        super()._on_batch(batch)
        self._update_buttons()

    def on_state(self, event: StateChanged) -> None:
        super().on_state(event)
        if event.state is State.STOPPED:
            self.release_soon()

    # -- actions ---------------------------------------------------------------

    def bind_fields(self) -> tuple[QWidget | None, QWidget | None]:
        return self.local_host, self.local_port

    def _open_clicked(self) -> None:
        if self.session is not None:
            self.stop()
        else:
            self.act(self.starting)

    def starting(self) -> Coroutine[Any, Any, None]:
        """Start's click: read the address to listen on and the options now; the
        coroutine binds and listens."""
        host = read_bind_host(self.local_host, self.tr("Listen address"))
        port = read_port(self.local_port, self.tr("Port"), allow_zero=True)
        tls = self.tls.read_options(TLS_HANDSHAKE_TIMEOUT)
        self.clear_errors()
        self.stale_offer.withdraw()
        if tls is not None:
            self._show_own_certificate()
        return self._listen(host, port, replace(self.options(), tls=tls))

    def removing_stale(self) -> Coroutine[Any, Any, None]:
        """The stale offer's click: prove the file in the field stale, remove it, listen."""
        host = self.stale_offer.removed_host(self.local_host, self.tr("Listen address"))
        self.clear_errors()
        return self._listen(host, 0, self.options())

    async def start(self) -> None:
        """Listen on the address in the fields (what Start does)."""
        await self.starting()

    async def _listen(self, host: str, port: int, options: TcpServerOptions) -> None:
        # Peer ids start again at #1 in a new session: the old rows must go.
        self.clients.clear()
        session = self.attach_session(TcpServerSession(options))
        self._table_timer.start()
        try:
            await wait_for(session.start(host, port))
        except BaseException as exc:
            if session is self.session:
                self.release_session()
            self.stale_offer.consider(host, exc)  # a Unix path left by a crashed server
            raise

    def _show_own_certificate(self, _fingerprint: str = "") -> None:
        """The certificate the server shows its clients (what a client pins)."""
        path = self.tls.cert_file.text().strip()
        try:
            certificate = describe_certificate_file(path)
        except ValueError:  # said at its field when Start reads it
            self.tls.show_info("")
            return
        self.tls.show_info(*describe_own_certificate(certificate))

    def stop(self) -> None:
        self.release_session()
        self.clients.refresh()
        self.state_label.show_idle()

    def release_session(self) -> None:
        self._table_timer.stop()
        super().release_session()  # the clients' PeerLeft events reach the table
        self.clients.refresh()

    def recv_call(self) -> str:
        return f"recv({self.recv_size.value()})"

    def job_target(self) -> list[int] | None:
        """The selected clients, or all (None) when none is selected."""
        return self.clients.selected_open_ids() or None

    def start_generator(
        self, session: TcpServerSession, spec: GeneratorSpec, target: list[int] | None
    ) -> Progress:
        return session.generate(spec, target)

    def start_file_send(
        self, session: TcpServerSession, path: str, chunk: int, target: list[int] | None
    ) -> Progress:
        return session.send_file(path, target)

    def sending(self, data: bytes) -> Coroutine[Any, Any, None]:
        """Send to selected: to the clients selected when it was clicked."""
        return self._send(data, self.clients.selected_open_ids())

    def _send_all_clicked(self) -> None:
        self.act(lambda: self._send(self.editor.take_payload(), None))

    async def _send(self, data: bytes, peer_ids: list[int] | None) -> None:
        """Send ``data`` to these clients (None: all; an empty list: nobody)."""
        if self.session is not None and peer_ids != []:
            await wait_for(self.session.send(data, peer_ids))

    def _kick(self, peer_ids: list[int]) -> None:
        if self.session is not None and peer_ids:
            self.run(wait_for(self.session.kick(peer_ids)))
