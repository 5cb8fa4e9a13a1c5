"""What each TLS failure means and its usual fix (codes from
:mod:`socklab.core.tls.failures`), in English, marked for translation in the
``"Explain"`` context like :mod:`.texts`."""

from __future__ import annotations

from socklab.teaching.catalogue import QT_TRANSLATE_NOOP

#: (code, variant) -> (title, why, fix), merged into texts.EXPLANATIONS.
TLS_EXPLANATIONS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("TLS_VERIFY_FAILED", ""): (
        QT_TRANSLATE_NOOP("Explain", "Certificate verify failed"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The peer's certificate did not pass the checks: the reason after the colon says "
            "which one (its CA is not trusted, it has expired, it is not valid for this name, "
            "it was made for another purpose).",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Fix what the reason names: choose the CA file that signed the certificate, renew "
            "it, or connect by a name it lists. Turning verification off makes the connection "
            "readable to whoever sits in the middle: only for a test.",
        ),
    ),
    ("TLS_UNKNOWN_CA", ""): (
        QT_TRANSLATE_NOOP("Explain", "Unknown CA: the certificate is not trusted"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The certificate was signed by a CA this side does not trust, or it signed itself "
            "(a self-signed certificate). Only the system's CAs are trusted unless a CA file "
            "is chosen.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Choose the CA file that signed the peer's certificate (for a self-signed one: the "
            "certificate itself, and check its SHA-256 fingerprint). A server that reports it "
            "does not trust your client certificate: give it your CA.",
        ),
    ),
    ("TLS_HOSTNAME_MISMATCH", ""): (
        QT_TRANSLATE_NOOP("Explain", "Hostname mismatch"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The certificate is valid, but not for the name (or IP address) we connected to: "
            "its subject alternative names list other names. The name checked is the server "
            "name field, else the host.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Connect by a name the certificate lists (tlsInfo shows them after a connection "
            "without verification), or set the server name (SNI) to one of them.",
        ),
    ),
    ("TLS_CERT_EXPIRED", ""): (
        QT_TRANSLATE_NOOP("Explain", "The certificate has expired"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The certificate's validity period is over (or this machine's clock is wrong).",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Renew the certificate (SockLab's server makes a new self-signed one when the "
            "kept one is near its end), and check the date of both machines.",
        ),
    ),
    ("TLS_WRONG_VERSION", ""): (
        QT_TRANSLATE_NOOP("Explain", "Wrong version number: TLS on one side only"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "What arrived is not a TLS record: one side speaks TLS and the other plain TCP "
            "(a TLS client to a plain server, or the reverse), or the peer only knows TLS "
            "versions older than 1.2.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Turn TLS on (or off) on both sides, and check the port: many services have a "
            "plain port and a TLS one (80 and 443).",
        ),
    ),
    ("TLS_HANDSHAKE_TIMEOUT", ""): (
        QT_TRANSLATE_NOOP("Explain", "The TLS handshake timed out"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The TCP connection was made, but the peer never answered the TLS handshake: it "
            "is a plain TCP program waiting for us to speak first, or it is stuck.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Check that the peer speaks TLS on this port; raise the timeout for a slow peer.",
        ),
    ),
    ("TLS_CERT_REQUIRED", ""): (
        QT_TRANSLATE_NOOP("Explain", "A client certificate is required"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The server asks every client for a certificate (CERT_REQUIRED) and this client "
            "sent none.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Choose a client certificate and its key, signed by a CA the server trusts; or let "
            "the server stop requiring one.",
        ),
    ),
    ("TLS_HANDSHAKE_FAILED", ""): (
        QT_TRANSLATE_NOOP("Explain", "The TLS handshake failed"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The two sides could not agree on a TLS session: the reason after the colon says "
            "what OpenSSL saw (no version, cipher or ALPN protocol in common, a certificate "
            "refused, a connection closed in the middle).",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Compare both sides' settings: TLS versions (1.2 at least here), ALPN names, "
            "certificates. openssl s_client -connect HOST:PORT shows what a server offers.",
        ),
    ),
}
