"""What a TLS handshake gave (a ``TlsInfo``), in the UI language: the TCP
Client's ``tlsInfo`` lines, a server's client row and its tooltip.

Strings are translated in the context ``"TlsText"``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from socklab.gui.describe import arg
from socklab.gui.widgets.long_text import shortened


def verified_text(info: Any) -> str:
    return (
        QCoreApplication.translate("TlsText", "certificate verified")
        if info.verified
        else QCoreApplication.translate("TlsText", "not verified")
    )


def describe_tls(info: Any) -> str:
    """Three lines at most: version · cipher · ALPN · verified; the peer's
    certificate's subject, issuer and names; its validity and SHA-256."""
    head = [info.version, info.cipher]
    if info.alpn:
        head.append(arg(QCoreApplication.translate("TlsText", "ALPN %1"), info.alpn))
    lines = [" · ".join([*head, verified_text(info)])]
    cert = info.peer_cert
    if cert is None:
        lines.append(QCoreApplication.translate("TlsText", "The peer sent no certificate"))
    else:
        names = ", ".join(cert.sans) or QCoreApplication.translate("TlsText", "none")
        lines.append(
            arg(
                QCoreApplication.translate("TlsText", "Subject %1 · issuer %2 · names %3"),
                cert.subject,
                cert.issuer,
                names,
            )
        )
        lines.append(
            arg(
                QCoreApplication.translate("TlsText", "Valid %1 · SHA-256 %2"),
                cert.validity,
                cert.sha256,
            )
        )
    return "\n".join(lines)


def tls_cell(peer_id: int, info: Any) -> str:
    """A server's client column: ``#3``, or with TLS its version and client
    certificate (``#3 · TLSv1.3 · CN=alice``)."""
    if info is None:
        return f"#{peer_id}"
    cert = info.peer_cert
    who = shortened(cert.subject) if cert is not None else ""
    return " · ".join(filter(None, (f"#{peer_id}", info.version, who)))


def tls_tooltip(info: Any) -> str:
    """A TLS client in full: version, cipher, ALPN, and its certificate."""
    alpn = arg(QCoreApplication.translate("TlsText", "ALPN %1"), info.alpn) if info.alpn else ""
    head = ", ".join(filter(None, (info.version, info.cipher, alpn)))
    cert = info.peer_cert
    if cert is None:
        return arg(QCoreApplication.translate("TlsText", "%1; no client certificate"), head)
    return arg(
        QCoreApplication.translate(
            "TlsText", "%1; client certificate %2 (%3), issuer %4, SHA-256 %5"
        ),
        head,
        cert.subject,
        verified_text(info),
        cert.issuer,
        cert.sha256,
    )


def describe_own_certificate(cert: Any) -> tuple[str, str]:
    """The server's own certificate (a PeerCertificate), what its clients see and
    pin: one line (subject, SHA-256), and the rest (names, validity) for a tooltip."""
    line = arg(
        QCoreApplication.translate("TlsText", "Our certificate: %1 · SHA-256 %2"),
        cert.subject,
        cert.sha256,
    )
    names = ", ".join(cert.sans) or QCoreApplication.translate("TlsText", "none")
    more = arg(QCoreApplication.translate("TlsText", "Names %1 · valid %2"), names, cert.validity)
    return line, more
