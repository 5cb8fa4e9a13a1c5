"""The TCP Client tab's TLS controls, clicked, against openssl s_server: the
handshake's facts in tlsInfo, "not verified" on the state line when
verification is off, a verify failure explained, and bad input at its field."""

from __future__ import annotations

import os

from gui_helpers import click, connect_client, rows, tick, type_into, type_payload, widget
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from socklab.core import LineEnding
from tls_peers import end, needs_openssl, s_server

pytestmark = needs_openssl


def _enable_tls(qtbot, tab) -> None:
    box = widget(tab, QCheckBox, "tlsEnabled")
    if not box.isChecked():
        tick(qtbot, box)
    assert box.isChecked() and widget(tab, QLineEdit, "tlsCaFile").isVisibleTo(tab)


def test_verified_connection_shows_the_certificate(qtbot, window, pki):
    tab = window.tcp_client_tab
    server, port = s_server(pki, "-rev", "-alpn", "h2")
    try:
        _enable_tls(qtbot, tab)
        assert widget(tab, QCheckBox, "tlsVerify").isChecked()  # on unless turned off
        type_into(qtbot, widget(tab, QLineEdit, "tlsCaFile"), pki.cert("ca"))
        type_into(qtbot, widget(tab, QLineEdit, "tlsAlpn"), "h2,http/1.1")
        connect_client(qtbot, tab, port)
        info = widget(tab, QLabel, "tlsInfo")
        qtbot.waitUntil(lambda: "SHA-256" in info.text())
        assert "certificate verified" in info.text() and "ALPN h2" in info.text()
        assert "CN=localhost" in info.text() and "DNS:localhost" in info.text()
        assert "certificate verified" in widget(tab, QLabel, "stateLabel").text()
        assert not widget(tab, QPushButton, "shutdownButton").isEnabled()  # no half-close
        ending = widget(tab, QComboBox, "lineEnding")
        ending.setCurrentIndex(ending.findData(LineEnding.LF))  # s_server -rev answers lines
        type_payload(qtbot, tab, "hello")
        click(qtbot, widget(tab, QPushButton, "sendButton"))
        qtbot.waitUntil(lambda: any("olleh" in " ".join(row) for row in rows(tab)))
        click(qtbot, widget(tab, QPushButton, "openButton"))
        qtbot.waitUntil(lambda: tab.session is None)
    finally:
        end(server)


def test_verification_off_says_not_verified(qtbot, window, pki):
    tab = window.tcp_client_tab
    server, port = s_server(pki, "-rev")
    try:
        _enable_tls(qtbot, tab)
        tick(qtbot, widget(tab, QCheckBox, "tlsVerify"))
        connect_client(qtbot, tab, port)
        state = widget(tab, QLabel, "stateLabel")
        qtbot.waitUntil(lambda: "not verified" in state.text())
        assert "not verified" in widget(tab, QLabel, "tlsInfo").text()
    finally:
        end(server)


def test_unknown_ca_is_explained(qtbot, window, pki):
    tab = window.tcp_client_tab
    server, port = s_server(pki)
    try:
        _enable_tls(qtbot, tab)
        connect_client(qtbot, tab, port)
        error = widget(tab, QLabel, "settingsError")
        qtbot.waitUntil(lambda: "unknown CA" in error.text())
        explanation = widget(tab, QLabel, "errorExplanation")
        assert not explanation.isHidden() and "Unknown CA" in explanation.text()
        qtbot.waitUntil(lambda: tab.session is None)
    finally:
        end(server)


def test_bad_input_is_said_at_its_field(qtbot, window, pki, tmp_path):
    tab = window.tcp_client_tab
    _enable_tls(qtbot, tab)
    type_into(qtbot, widget(tab, QLineEdit, "remotePort"), "9")
    error = widget(tab, QLabel, "settingsError")
    cases = [
        ("tlsAlpn", "h2 http/1.1", "holds a space"),
        ("tlsCaFile", str(tmp_path / "missing.pem"), "no such file"),
        ("tlsCertFile", pki.cert("client"), "holds no private key"),
        ("tlsServerName", "bad name!", "not a host name"),
    ]
    for name, text, words in cases:
        field = widget(tab, QLineEdit, name)
        type_into(qtbot, field, text)
        click(qtbot, widget(tab, QPushButton, "openButton"))
        qtbot.waitUntil(lambda words=words: words in error.text())
        marked = widget(tab, QLineEdit, "tlsKeyFile" if name == "tlsCertFile" else name)
        assert marked.property("invalid") and words in marked.toolTip()
        assert tab.session is None
        assert any(words in " ".join(row) for row in rows(tab))  # in the log too
        field.clear()


def test_the_tls_controls_fit_a_projector(qtbot, window):
    """With TLS on (its fields shown), the window still fits 1024 x 768 in both
    languages, and the browse buttons show their text."""
    from gui_helpers import settle_layouts
    from PySide6.QtWidgets import QTabWidget

    from socklab.gui import i18n

    tabs = window.findChild(QTabWidget, "mainTabs")
    for tab in (window.tcp_client_tab, window.tcp_server_tab):
        tabs.setCurrentWidget(tab)
        _enable_tls(qtbot, tab)
    try:
        for code in ("en", "zh_CN"):
            i18n.set_language(code)
            window.retranslate()
            for tab in (window.tcp_client_tab, window.tcp_server_tab):
                tabs.setCurrentWidget(tab)
                settle_layouts()
                hint = window.minimumSizeHint()
                assert hint.width() <= 1000 and hint.height() <= 700, (code, hint)
    finally:
        i18n.set_language("en")
        window.retranslate()


def test_tls_to_a_unix_path_asks_for_the_certificates_name(qtbot, window, unix_folder):
    """A path is no host name: with verification on, the server name field says
    what to write before anything connects."""
    tab = window.tcp_client_tab
    _enable_tls(qtbot, tab)
    type_into(qtbot, tab.remote_host, os.path.join(unix_folder, "tls.sock"))
    click(qtbot, widget(tab, QPushButton, "openButton"))
    error = widget(tab, QLabel, "settingsError")
    words = "a Unix socket has no host name to check"
    qtbot.waitUntil(lambda: words in error.text())
    name = widget(tab, QLineEdit, "tlsServerName")
    assert name.property("invalid") and words in name.toolTip()
    assert tab.session is None
