"""The TCP Server tab's TLS controls, clicked: a self-signed certificate
generated (its fingerprint shown), clients from openssl s_client with their TLS
version and client certificate in their rows, a required certificate missing
said in the log, and bad input at its field."""

from __future__ import annotations

from gui_helpers import click, rows, tick, type_into, widget
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from tls_peers import end, needs_openssl, read_line_until, s_client

pytestmark = needs_openssl


def _start_tls(qtbot, tab) -> int:
    """Tick TLS, listen on 127.0.0.1:0 (the fields as set), return the port."""
    host = widget(tab, QComboBox, "localHost")
    host.setEditText("127.0.0.1")
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    click(qtbot, widget(tab, QPushButton, "openButton"))
    state = widget(tab, QLabel, "stateLabel")
    qtbot.waitUntil(lambda: "listening on" in state.text())
    return int(state.text().split("127.0.0.1:", 1)[1].split()[0])


def _client_cells(tab) -> list[str]:
    model = tab.clients.model
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def test_self_signed_server_and_an_openssl_client(qtbot, window, tmp_path):
    tab = window.tcp_server_tab
    tab.tls.data_folder = lambda: str(tmp_path)  # the app's data folder, for this test
    tick(qtbot, widget(tab, QCheckBox, "tlsEnabled"))
    click(qtbot, widget(tab, QPushButton, "tlsGenerate"))
    cert = widget(tab, QLineEdit, "tlsCertFile").text()
    assert cert == str(tmp_path / "tls" / "self-signed-cert.pem")
    info = widget(tab, QLabel, "tlsInfo")
    assert "SHA-256" in info.text() and "SockLab self-signed" in info.text()
    port = _start_tls(qtbot, tab)
    client = s_client(port, "-CAfile", cert, "-verify_return_error", "-quiet")
    try:
        qtbot.waitUntil(lambda: any("TLSv1." in cell for cell in _client_cells(tab)))
        assert info.isVisibleTo(tab) and "SHA-256" in info.text()  # in the files' place
        assert not widget(tab, QLineEdit, "tlsCertFile").isVisibleTo(tab)
        assert window.minimumSizeHint().height() <= 700  # still fits a projector
        tooltip = tab.clients.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert "no client certificate" in tooltip
        client.stdin.write(b"hello from s_client\n")
        client.stdin.flush()
        qtbot.waitUntil(lambda: any("hello from s_client" in " ".join(r) for r in rows(tab)))
    finally:
        end(client)
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is None)


def test_required_client_certificates(qtbot, window, pki):
    tab = window.tcp_server_tab
    tick(qtbot, widget(tab, QCheckBox, "tlsEnabled"))
    type_into(qtbot, widget(tab, QLineEdit, "tlsCertFile"), pki.cert("server"))
    type_into(qtbot, widget(tab, QLineEdit, "tlsKeyFile"), pki.key("server"))
    type_into(qtbot, widget(tab, QLineEdit, "tlsCaFile"), pki.cert("ca"))
    tick(qtbot, widget(tab, QCheckBox, "tlsRequireClientCert"))
    port = _start_tls(qtbot, tab)
    with_cert = s_client(
        port, "-CAfile", pki.cert("ca"), "-cert", pki.cert("client"), "-key", pki.key("client")
    )
    without = s_client(port, "-CAfile", pki.cert("ca"))
    try:
        qtbot.waitUntil(lambda: any("CN=socklab client" in c for c in _client_cells(tab)))
        qtbot.waitUntil(lambda: any("sent no certificate" in " ".join(r) for r in rows(tab)))
        read_line_until(with_cert, "Verification: OK")
    finally:
        end(with_cert)
        end(without)
    click(qtbot, widget(tab, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: tab.session is None)


def test_bad_input_is_said_at_its_field(qtbot, window, pki, tmp_path):
    tab = window.tcp_server_tab
    tick(qtbot, widget(tab, QCheckBox, "tlsEnabled"))
    type_into(qtbot, widget(tab, QLineEdit, "localPort"), "0")
    error = widget(tab, QLabel, "settingsError")
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----\n")
    cases = [
        ("tlsCertFile", "", "needs a certificate"),
        ("tlsCertFile", str(broken), "does not parse"),
        ("tlsCertFile", pki.cert("server"), "holds no private key"),
    ]
    for name, text, words in cases:
        type_into(qtbot, widget(tab, QLineEdit, name), text)
        click(qtbot, widget(tab, QPushButton, "openButton"))
        qtbot.waitUntil(lambda words=words: words in error.text())
        assert tab.session is None
    assert widget(tab, QLineEdit, "tlsKeyFile").property("invalid")
