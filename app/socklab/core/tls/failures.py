"""A failed TLS handshake (or TLS error) in plain words, with a code that
:mod:`socklab.teaching.explain` explains: ``TLS_UNKNOWN_CA``, ``TLS_WRONG_VERSION`` ...

``ssl.SSLError`` is an ``OSError`` whose errno is OpenSSL's error kind (1 for
most), not a system error: read as an errno it would say "operation not
permitted". :func:`tls_failure` reads OpenSSL's reason instead.
"""

from __future__ import annotations

import ssl

TLS_VERIFY_FAILED = "TLS_VERIFY_FAILED"
TLS_HOSTNAME_MISMATCH = "TLS_HOSTNAME_MISMATCH"
TLS_UNKNOWN_CA = "TLS_UNKNOWN_CA"
TLS_CERT_EXPIRED = "TLS_CERT_EXPIRED"
TLS_WRONG_VERSION = "TLS_WRONG_VERSION"
TLS_HANDSHAKE_TIMEOUT = "TLS_HANDSHAKE_TIMEOUT"
TLS_CERT_REQUIRED = "TLS_CERT_REQUIRED"
TLS_HANDSHAKE_FAILED = "TLS_HANDSHAKE_FAILED"

# OpenSSL's X509_V_ERR_* codes of a failed verification.
_EXPIRED = {10}  # CERT_HAS_EXPIRED
_NOT_YET_VALID = {9}
_UNKNOWN_ISSUER = {2, 18, 19, 20, 21}  # no issuer, self-signed (leaf or in the chain)
_NAME_MISMATCH = {62, 64}  # HOSTNAME_MISMATCH, IP_ADDRESS_MISMATCH

# OpenSSL's reasons (exc.reason) -> (plain words, code).
_REASONS: dict[str, tuple[str, str]] = {
    "WRONG_VERSION_NUMBER": (
        "wrong version number: the peer does not speak TLS (a plain TCP server or client?)",
        TLS_WRONG_VERSION,
    ),
    "HTTP_REQUEST": (
        "the client sent plain HTTP to this TLS server (http:// instead of https://)",
        TLS_WRONG_VERSION,
    ),
    "UNSUPPORTED_PROTOCOL": (
        "the peer offers only TLS versions older than 1.2",
        TLS_WRONG_VERSION,
    ),
    "TLSV1_ALERT_PROTOCOL_VERSION": (
        "the peer refused our TLS version (it wants an older or newer one)",
        TLS_WRONG_VERSION,
    ),
    "TLSV1_ALERT_UNKNOWN_CA": (
        "the peer does not trust our certificate: unknown CA",
        TLS_UNKNOWN_CA,
    ),
    "SSLV3_ALERT_CERTIFICATE_EXPIRED": (
        "the peer refused our certificate: it has expired",
        TLS_CERT_EXPIRED,
    ),
    "SSLV3_ALERT_BAD_CERTIFICATE": (
        "the peer refused our certificate (bad certificate)",
        TLS_VERIFY_FAILED,
    ),
    "TLSV13_ALERT_CERTIFICATE_REQUIRED": (
        "the server requires a client certificate, and we sent none",
        TLS_CERT_REQUIRED,
    ),
    "PEER_DID_NOT_RETURN_A_CERTIFICATE": (
        "the client sent no certificate, and this server requires one",
        TLS_CERT_REQUIRED,
    ),
    "NO_APPLICATION_PROTOCOL": (
        "no ALPN protocol in common with the peer",
        TLS_HANDSHAKE_FAILED,
    ),
    "TLSV1_ALERT_NO_APPLICATION_PROTOCOL": (
        "the peer accepts none of our ALPN protocols",
        TLS_HANDSHAKE_FAILED,
    ),
}


def tls_failure(exc: BaseException) -> tuple[str, str] | None:
    """(plain reason, code) of a TLS failure; None when ``exc`` is no TLS error."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _verify_failure(exc.verify_code, exc.verify_message or exc.reason or "")
    if isinstance(exc, ssl.SSLError):
        reason = exc.reason or ""
        if reason in _REASONS:
            return _REASONS[reason]
        if isinstance(exc, ssl.SSLEOFError) or reason == "UNEXPECTED_EOF_WHILE_READING":
            return "the peer closed the connection in the middle of TLS", TLS_HANDSHAKE_FAILED
        words = reason.replace("_", " ").lower() or (exc.strerror or str(exc))
        return f"TLS error: {words}", TLS_HANDSHAKE_FAILED
    if isinstance(exc, ConnectionAbortedError) and "handshake is taking longer" in str(exc):
        return "the TLS handshake timed out: the peer did not answer it", TLS_HANDSHAKE_TIMEOUT
    return None


def _verify_failure(code: int, message: str) -> tuple[str, str]:
    message = message.rstrip(".")
    if code in _NAME_MISMATCH:
        return f"certificate verify failed: hostname mismatch ({message})", TLS_HOSTNAME_MISMATCH
    if code in _EXPIRED:
        return f"certificate verify failed: the certificate has expired ({message})", (
            TLS_CERT_EXPIRED
        )
    if code in _UNKNOWN_ISSUER:
        return f"certificate verify failed: unknown CA ({message})", TLS_UNKNOWN_CA
    if code in _NOT_YET_VALID:
        return f"certificate verify failed: not valid yet ({message})", TLS_VERIFY_FAILED
    return f"certificate verify failed: {message}", TLS_VERIFY_FAILED


def handshake_closed() -> tuple[str, str]:
    """The peer closed the connection during the handshake (asyncio raises a bare
    ConnectionResetError then)."""
    return (
        "the peer closed the connection during the TLS handshake (does it speak TLS? "
        "did it refuse our certificate?)",
        TLS_HANDSHAKE_FAILED,
    )
