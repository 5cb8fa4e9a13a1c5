"""The TCP Client tab: connect, send, watch each recv() chunk, half-close, disconnect;
save what arrives, or only an HTTP response's body (its header shown in the log)."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QLineEdit, QSpinBox, QWidget

from socklab.core import (
    GeneratorSpec,
    Progress,
    Received,
    State,
    StateChanged,
    TcpClientOptions,
    TcpClientSession,
)
from socklab.gui.bridge import wait_for
from socklab.gui.tabs.base import SessionTab
from socklab.gui.tabs.code_follower import host_or, payload_or_empty, port_or
from socklab.gui.tabs.tab_place import is_unix_field, typed_endpoint
from socklab.gui.widgets.compact_button import CompactButton
from socklab.gui.widgets.counters_bar import Unit
from socklab.gui.widgets.fields import port_edit, read_host, read_port
from socklab.gui.widgets.tls_box import TlsBox
from socklab.gui.widgets.unix_port import follow_host

if TYPE_CHECKING:
    from socklab.teaching.codegen import TcpClientCode


class TcpClientTab(SessionTab[TcpClientSession]):
    """One TCP connection: Connect/Disconnect, Send, shut down sending.

    "Closed by peer" and "reset" are states, shown on the state line, not errors.
    Signals: those of :class:`SessionTab`.
    """

    unit = Unit.CHUNKS
    settings_key = "tcp_client"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tcpClientTab")
        self.remote_label = QLabel(self)
        self.remote_host = QLineEdit("127.0.0.1", self)
        self.remote_host.setObjectName("remoteHost")
        self.remote_port = port_edit("remotePort", "", self)
        self.open_button = CompactButton(self)
        self.open_button.setObjectName("openButton")
        self.shutdown_button = CompactButton(self)
        self.shutdown_button.setObjectName("shutdownButton")
        self.timeout_label = QLabel(self)
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setObjectName("connectTimeout")
        self.timeout.setRange(0.1, 600)
        self.timeout.setValue(5.0)
        self.recv_label = QLabel(self)
        self.recv_size = QSpinBox(self)
        self.recv_size.setObjectName("recvSize")
        self.recv_size.setRange(1, 1 << 20)
        self.recv_size.setValue(65_536)

        grid = self.settings_grid
        grid.addWidget(self.remote_label, 0, 0)
        grid.addWidget(self.remote_host, 0, 1)
        grid.addWidget(self.remote_port, 0, 2)
        grid.addWidget(self.open_button, 0, 3)
        grid.addWidget(self.shutdown_button, 0, 4)
        grid.addWidget(self.timeout_label, 1, 0)
        grid.addWidget(self.timeout, 1, 1)
        grid.addWidget(self.recv_label, 1, 2)
        grid.addWidget(self.recv_size, 1, 3)
        grid.addWidget(self.add_stream_view(), 1, 4)
        grid.addWidget(self.trace_checkbox, 2, 0, 1, 2)
        self.tls = TlsBox(server=False, parent=self)
        grid.addWidget(self.tls, 3, 0, 1, 5)
        grid.setColumnStretch(1, 1)
        for field in (self.remote_host, self.remote_port, *self.tls.fields.values()):
            self.banner.watch(field)
        self.port_follower = follow_host(self.remote_host, self.remote_port)  # /path, @name
        self.mark_advanced(self.timeout_label, self.timeout)

        self.open_button.clicked.connect(self._open_clicked)
        self.shutdown_button.clicked.connect(self._shutdown_clicked)
        self.recv_size.valueChanged.connect(self._recv_size_changed)
        self.recv_size.valueChanged.connect(self.refresh_trace)
        self.sessionChanged.connect(self._update_buttons)
        self.follow_title(self.remote_host, self.remote_port, self.tls.enabled)
        self.tools.allow_saving_without_header()
        self.jobs.headerSetAside.connect(self._show_header)
        self._connected = False
        self.retranslate()

    # -- text ------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.remote_label.setText(self.tr("Server"))
        self.shutdown_button.setText(self.tr("Shut down sending"))
        self.remote_host.setToolTip(
            self.tr("connect((host, port)): the system picks our own port (an ephemeral one)")
        )
        self.timeout.setToolTip(
            self.tr("settimeout() before connect(): give up if the handshake takes longer")
        )
        self.shutdown_button.setToolTip(
            self.tr("shutdown(SHUT_WR): tell the server you are done sending; keep receiving")
        )
        self.timeout_label.setText(self.tr("Connect timeout"))
        self.timeout.setSuffix(self.tr(" s"))
        self.recv_label.setText(self.tr("recv size"))
        self.recv_size.setSuffix(self.tr(" bytes"))
        self.recv_size.setToolTip(
            self.tr("The size passed to each recv(): the most one chunk holds")
        )
        self._update_buttons()

    def idle_text(self) -> str:
        return self.tr("not connected")

    def _update_buttons(self) -> None:
        busy = self.session is not None
        self.open_button.setText(self.tr("Disconnect") if busy else self.tr("Connect"))
        # TLS has no half-close here (see Connection.shutdown_write).
        self.shutdown_button.setEnabled(self._connected and not self._tls_connected())
        self.editor.set_send_enabled(self._connected)
        for widget in (self.remote_host, self.remote_port, self.timeout):
            widget.setEnabled(not busy)
        self.tls.set_editable(not busy)

    # -- settings --------------------------------------------------------------

    def title_place(self) -> tuple[str, str]:
        where = typed_endpoint(self.remote_host, self.remote_port)
        if is_unix_field(self.remote_host):
            return "unix", where
        return ("tls" if self.tls.enabled.isChecked() else ""), where

    def kept_fields(self) -> dict[str, QWidget]:
        return {
            "remote_host": self.remote_host,
            "remote_port": self.remote_port,
            "timeout": self.timeout,
            "recv_size": self.recv_size,
            "tls_enabled": self.tls.enabled,
            "tls_verify": self.tls.verify,
            **{f"tls_{name}": field for name, field in self.tls.fields.items()},
        }

    # -- events ----------------------------------------------------------------

    def on_state(self, event: StateChanged) -> None:
        super().on_state(event)
        # After the peer's FIN (PEER_FINISHED) our sending side is still open.
        self._connected = event.state in (
            State.CONNECTED,
            State.HALF_CLOSED,
            State.PEER_FINISHED,
        )
        if event.state is State.CONNECTED:
            self.tls.show_tls(
                self.session.stats.tls if self.session and self.session.stats else None
            )
        if self.ended(event):
            self.release_soon()  # the peer (or we) ended it
        self._update_buttons()
        if event.state is State.HALF_CLOSED:
            self.shutdown_button.setEnabled(False)

    def code_settings(self) -> TcpClientCode:
        from socklab.teaching.codegen import TcpClientCode  # with the first script shown

        return TcpClientCode(
            host=host_or(self.remote_host, "127.0.0.1"),
            port=port_or(self.remote_port, 8080),
            timeout=self.timeout.value(),
            recv_size=self.recv_size.value(),
            payload=payload_or_empty(self.editor),
            encoding=self.editor.encoding(),
            tls=self.tls.code_options(),
        )

    # -- actions ---------------------------------------------------------------

    def _open_clicked(self) -> None:
        if self.session is not None:
            self._connected = False
            self.release_session()
        else:
            self.act(self.connecting)

    def connecting(self) -> Coroutine[Any, Any, None]:
        """Connect's click: read the server's address and the options now; the
        coroutine connects."""
        host = read_host(self.remote_host, self.tr("Server host"))
        port = read_port(self.remote_port, self.tr("Server port"))
        tls = self.tls.read_options(self.timeout.value(), host)
        self.clear_errors()
        self.tls.show_tls(None)
        options = TcpClientOptions(
            connect_timeout=self.timeout.value(),
            recv_size=self.recv_size.value(),
            keep_sending_after_fin=True,  # a peer's half-close leaves us able to send
            tls=tls,
        )
        return self._connect(host, port, options)

    async def connect_to_server(self) -> None:
        """Connect to the server in the fields (what Connect does)."""
        await self.connecting()

    async def _connect(self, host: str, port: int, options: TcpClientOptions) -> None:
        session = self.attach_session(TcpClientSession(options))
        try:
            await wait_for(session.connect(host, port))
        except BaseException:
            if session is self.session:
                self.release_session()
            raise

    def recv_call(self) -> str:
        return f"recv({self.recv_size.value()})"

    def start_generator(
        self, session: TcpClientSession, spec: GeneratorSpec, target: None
    ) -> Progress:
        return session.generate(spec)

    def start_file_send(
        self, session: TcpClientSession, path: str, chunk: int, target: None
    ) -> Progress:
        return session.send_file(path)

    def sending(self, data: bytes) -> Coroutine[Any, Any, None]:
        return self._send(data)  # no field to read: the bytes go on the connection

    async def _send(self, data: bytes) -> None:
        if self.session is not None:
            await wait_for(self.session.send(data))

    def _tls_connected(self) -> bool:
        stats = self.session.stats if self.session is not None else None
        return stats is not None and stats.tls is not None

    def _shutdown_clicked(self) -> None:
        if self.session is not None:
            self.run(wait_for(self.session.shutdown_write()))

    def _show_header(self, header: bytes) -> None:
        """The HTTP header a save set aside: one row of the log, shown (and
        escaped) as received bytes are."""
        stats = self.session.stats if self.session is not None else None
        peer, local = (stats.peer, stats.local) if stats is not None else (None, None)
        self.log.append_events([Received(header, peer, local)])

    def _recv_size_changed(self, size: int) -> None:
        if self.session is not None:
            self.session.set_recv_size(size)
