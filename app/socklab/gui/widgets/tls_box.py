"""The TLS controls of the TCP tabs: a "TLS" check box, and once it is on the
settings (verify, server name, CA file, certificate and key, ALPN; on the
server: generate a self-signed certificate, require client certificates) and
what the handshake gave (``tlsInfo``).

A click reads the box with :meth:`TlsBox.read_options`: a bad value (a file
that does not exist, a PEM that does not parse, a certificate file without its
key, ALPN names that are not comma-separated tokens) raises a FieldError at
its field, before any socket is made.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from socklab.core import (
    TlsOptions,
    TlsSettingsError,
    check_server_name,
    check_tls_target,
    client_context,
    parse_alpn,
    self_signed,
    server_context,
)
from socklab.gui.tls_text import describe_tls
from socklab.gui.widgets.compact_button import CompactButton
from socklab.gui.widgets.fields import FieldError
from socklab.gui.widgets.long_text import bounded, plain_tip, wrappable


def app_data_folder() -> str:
    """Where the window keeps its files (the self-signed certificate)."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)


class TlsBox(QWidget):
    """TLS settings of one TCP tab (``server``: the server's set of them).

    Signals:
        generated(str): a self-signed certificate was made or reused; its
            SHA-256 fingerprint (server only).
        fieldFailed(FieldError): a click of the box failed at one of its fields.
    """

    generated = Signal(str)
    fieldFailed = Signal(object)  # noqa: N815

    def __init__(self, *, server: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tlsBox")
        self.server = server
        self.enabled = QCheckBox(self)
        self.enabled.setObjectName("tlsEnabled")
        self.verify = QCheckBox(self)
        self.verify.setObjectName("tlsVerify")
        self.verify.setChecked(not server)  # a client verifies unless told not to
        self.require_client_cert = QCheckBox(self) if server else None
        self.server_name = self._line("tlsServerName") if not server else None
        # ALPN in the window for a client only (the server row has no room; `tcp serve --alpn`)
        self.alpn = self._line("tlsAlpn") if not server else None
        self.ca_file = self._line("tlsCaFile")
        self.cert_file = self._line("tlsCertFile")
        self.key_file = self._line("tlsKeyFile")
        self.generate_button = CompactButton(self) if server else None
        self.info = QLabel(self)
        self.info.setObjectName("tlsInfo")
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.info.hide()
        self._labels: dict[str, QLabel] = {}
        self._browse: dict[str, CompactButton] = {}
        #: The field of each name a TlsSettingsError gives.
        self.fields: dict[str, QLineEdit] = {
            "ca_file": self.ca_file,
            "cert_file": self.cert_file,
            "key_file": self.key_file,
        }
        if self.server_name is not None and self.alpn is not None:
            self.fields["server_name"] = self.server_name
            self.fields["alpn"] = self.alpn
        self.data_folder = app_data_folder
        self._editable = True
        self._tls_info: Any = None  # what show_tls shows (said again in a new language)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.enabled, 0, 0)
        if self.require_client_cert is not None and self.generate_button is not None:
            # One row (a projector has no height to spare): the check boxes, the
            # files, Generate; the kept certificate's fingerprint under it.
            self.require_client_cert.setObjectName("tlsRequireClientCert")
            self.generate_button.setObjectName("tlsGenerate")
            self.generate_button.clicked.connect(self._generate_clicked)
            grid.addWidget(self.verify, 0, 1)
            grid.addWidget(self.require_client_cert, 0, 2)
            self._place(grid, 0, 3, "cert_file", self.cert_file)
            self._place(grid, 0, 6, "key_file", self.key_file)
            self._place(grid, 0, 9, "ca_file", self.ca_file)
            grid.addWidget(self.generate_button, 0, 12)
            # While the server runs (the files fixed), its certificate in their place.
            grid.addWidget(self.info, 0, 3, 1, 10)
            stretched = (4, 7, 10)
        else:
            assert self.server_name is not None and self.alpn is not None
            grid.addWidget(self.verify, 0, 1, 1, 2)
            self._place(grid, 0, 3, "server_name", self.server_name, browse=False)
            self._place(grid, 0, 6, "alpn", self.alpn, browse=False)
            self._place(grid, 1, 0, "cert_file", self.cert_file)
            self._place(grid, 1, 3, "key_file", self.key_file)
            self._place(grid, 1, 6, "ca_file", self.ca_file)
            grid.addWidget(self.info, 2, 0, 1, 9)
            stretched = (1, 4, 7)
        for column in stretched:
            grid.setColumnStretch(column, 1)

        self.enabled.toggled.connect(self._update_shown)
        self._update_shown()
        self.retranslate()

    def _line(self, object_name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(object_name)
        return edit

    def _place(
        self,
        grid: QGridLayout,
        row: int,
        column: int,
        name: str,
        field: QLineEdit,
        *,
        browse: bool = True,
    ) -> None:
        """A label, its field and (``browse``) a button to choose its file; a
        field without one spans two columns."""
        label = QLabel(self)
        label.setBuddy(field)
        self._labels[name] = label
        grid.addWidget(label, row, column)
        if browse:
            button = CompactButton(self)
            button.setObjectName(f"{field.objectName()}Browse")
            button.clicked.connect(lambda: self._browse_clicked(field))
            self._browse[name] = button
            grid.addWidget(field, row, column + 1)
            grid.addWidget(button, row, column + 2)
        else:
            grid.addWidget(field, row, column + 1, 1, 2)

    # -- text ------------------------------------------------------------------

    def retranslate(self) -> None:
        if self._tls_info is not None:
            self.show_tls(self._tls_info)
        self.enabled.setText(self.tr("TLS"))
        self.enabled.setToolTip(
            self.tr("Speak TLS (1.2 or newer) on the connection: the ssl module's wrap_socket")
        )
        if self.server:
            self.verify.setText(self.tr("Verify client certificates"))
            self.verify.setToolTip(
                self.tr(
                    "Ask each client for a certificate and verify one it sends, against the "
                    "CA file (else the system's CAs)"
                )
            )
        else:
            self.verify.setText(self.tr("Verify the server"))
            self.verify.setToolTip(
                self.tr(
                    "Check the server's certificate (against the CA file, else the system's "
                    "CAs) and its name; off: the state line says 'not verified'"
                )
            )
        if self.require_client_cert is not None:
            self.require_client_cert.setText(self.tr("Require a client certificate"))
            self.require_client_cert.setToolTip(
                self.tr("Turn away a client that sends no certificate (CERT_REQUIRED)")
            )
        if self.generate_button is not None:
            self.generate_button.setText(self.tr("Generate self-signed"))
            self.generate_button.setToolTip(
                self.tr(
                    "Make a self-signed certificate for localhost (kept in the app's data "
                    "folder and reused) and fill in its files"
                )
            )
        texts = {
            "server_name": self.tr("Server name"),
            "alpn": self.tr("ALPN"),
            "ca_file": self.tr("CA file"),
            "cert_file": self.tr("Certificate"),
            "key_file": self.tr("Key"),
        }
        for name, label in self._labels.items():
            label.setText(texts[name])
        for button in self._browse.values():
            button.setText("…")
            button.setToolTip(self.tr("Choose the file"))
        if self.server_name is not None:
            self.server_name.setPlaceholderText(self.tr("the host"))
            self.server_name.setToolTip(
                self.tr("server_hostname: sent as SNI and checked against the certificate")
            )
        if self.alpn is not None:
            self.alpn.setPlaceholderText("h2,http/1.1")
        self.key_file.setPlaceholderText(self.tr("in the certificate file"))
        self.ca_file.setPlaceholderText(self.tr("the system's CAs"))
        self.cert_file.setPlaceholderText(
            self.tr("required") if self.server else self.tr("none (no client certificate)")
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def label(self, name: str) -> str:
        """The field's name as its label shows it (for messages)."""
        label = self._labels.get(name)
        return label.text() if label is not None else name

    # -- reading -----------------------------------------------------------------

    def read_options(self, handshake_timeout: float, host: str = "") -> TlsOptions | None:
        """The TLS settings now (None: TLS is off), checked: files read and parsed,
        the certificate's key found, a name to verify a client's ``host`` by.
        Raises FieldError at the field that is wrong."""
        if not self.enabled.isChecked():
            return None
        try:
            options = TlsOptions(
                verify=self.verify.isChecked(),
                server_name=check_server_name(self.server_name.text())
                if self.server_name is not None
                else "",
                ca_file=self.ca_file.text().strip(),
                cert_file=self.cert_file.text().strip(),
                key_file=self.key_file.text().strip(),
                alpn=parse_alpn(self.alpn.text()) if self.alpn is not None else (),
                require_client_cert=self.require_client_cert is not None
                and self.require_client_cert.isChecked(),
                handshake_timeout=handshake_timeout,
            )
            (server_context if self.server else client_context)(options)
            if not self.server:
                check_tls_target(options, host)
        except TlsSettingsError as exc:
            raise FieldError(self.fields[exc.field], self.label(exc.field), exc.message) from None
        return options

    def code_options(self) -> TlsOptions | None:
        """The settings as typed, for the code panel: read leniently (no file is
        read; ALPN names that do not parse are left out) and never refused."""
        if not self.enabled.isChecked():
            return None
        try:
            alpn = parse_alpn(self.alpn.text()) if self.alpn is not None else ()
        except TlsSettingsError:
            alpn = ()
        return TlsOptions(
            verify=self.verify.isChecked(),
            server_name=self.server_name.text().strip() if self.server_name is not None else "",
            ca_file=self.ca_file.text().strip(),
            cert_file=self.cert_file.text().strip(),
            key_file=self.key_file.text().strip(),
            alpn=alpn,
            require_client_cert=self.require_client_cert is not None
            and self.require_client_cert.isChecked(),
        )

    # -- showing -------------------------------------------------------------------

    def show_info(self, text: str, tip: str = "") -> None:
        """What the handshake gave, or the kept certificate's fingerprint ("" hides
        it); ``tip``: more of it, on hover."""
        self.info.setText(wrappable(bounded(text)))
        self.info.setToolTip(plain_tip(tip) if tip else "")
        self._update_shown()

    def show_tls(self, info: Any) -> None:
        """What a handshake gave (a TlsInfo): version, cipher, ALPN, verified or
        not, and the peer's certificate; None clears it."""
        self._tls_info = info
        self.show_info(describe_tls(info) if info is not None else "")

    def set_editable(self, editable: bool) -> None:
        """Settings are fixed while a connection (or the server) runs."""
        for widget in (self.enabled, self.verify, self.require_client_cert, self.generate_button):
            if widget is not None:
                widget.setEnabled(editable)
        for field in self.fields.values():
            field.setEnabled(editable)
        for button in self._browse.values():
            button.setEnabled(editable)
        self._editable = editable
        self._update_shown()

    def _update_shown(self) -> None:
        on = self.enabled.isChecked()
        # A server shows its certificate in the files' place while it runs.
        in_place = self.server and not self._editable and bool(self.info.text())
        files = [*self._labels.values(), *self._browse.values(), *self.fields.values()]
        if self.generate_button is not None:
            files.append(self.generate_button)
        for widget in (self.verify, self.require_client_cert, *files):
            if widget is not None:
                is_file = widget in files
                widget.setVisible(on and not (self.server and is_file and in_place))
        shown = on and bool(self.info.text()) and (in_place or not self.server)
        self.info.setVisible(shown)

    # -- clicks ------------------------------------------------------------------

    def _browse_clicked(self, field: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a PEM file"), field.text())
        if path:
            field.setText(path)

    def _generate_clicked(self) -> None:
        folder = self.data_folder()
        try:
            made = self_signed(folder)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.fieldFailed.emit(
                FieldError(
                    self.cert_file,
                    self.label("cert_file"),
                    f"cannot keep the certificate in {folder}: {reason.lower()}",
                )
            )
            return
        self.cert_file.setText(str(made.cert_file))
        self.key_file.setText(str(made.key_file))
        self.generated.emit(made.sha256)
