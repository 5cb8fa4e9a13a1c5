"""What a TLS handshake gave: the version, cipher, ALPN protocol and the peer's
certificate (subject, issuer, names, validity, SHA-256 fingerprint)."""

from __future__ import annotations

import datetime
import ssl
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes


@dataclass(frozen=True, slots=True)
class PeerCertificate:
    """A certificate in words: ``sans`` are its DNS names and IP addresses,
    ``sha256`` its fingerprint as colon-separated hex (what a client pins)."""

    subject: str
    issuer: str
    sans: tuple[str, ...]
    not_before: datetime.datetime
    not_after: datetime.datetime
    sha256: str

    @classmethod
    def from_der(cls, der: bytes) -> PeerCertificate:
        certificate = x509.load_der_x509_certificate(der)
        try:
            extension = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        except x509.ExtensionNotFound:
            sans: tuple[str, ...] = ()
        else:
            names = extension.value
            sans = tuple(
                [f"DNS:{n}" for n in names.get_values_for_type(x509.DNSName)]
                + [f"IP:{n}" for n in names.get_values_for_type(x509.IPAddress)]
            )
        return cls(
            subject=certificate.subject.rfc4514_string(),
            issuer=certificate.issuer.rfc4514_string(),
            sans=sans,
            not_before=certificate.not_valid_before_utc,
            not_after=certificate.not_valid_after_utc,
            sha256=fingerprint(certificate),
        )

    @property
    def validity(self) -> str:
        return f"{self.not_before:%Y-%m-%d %H:%M} – {self.not_after:%Y-%m-%d %H:%M} UTC"


def fingerprint(certificate: x509.Certificate) -> str:
    """``certificate``'s SHA-256 fingerprint: ``AB:CD:...`` (32 bytes)."""
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


@dataclass(frozen=True, slots=True)
class TlsInfo:
    """One TLS connection once its handshake is done.

    ``verified``: the peer's certificate was checked (and its name, by a client);
    ``peer_cert``: the certificate the peer sent (None: it sent none).
    """

    version: str
    cipher: str
    alpn: str | None
    verified: bool
    peer_cert: PeerCertificate | None

    @classmethod
    def of(cls, ssl_object: ssl.SSLObject, verified: bool) -> TlsInfo:
        der = ssl_object.getpeercert(binary_form=True)
        cipher = ssl_object.cipher()
        return cls(
            version=ssl_object.version() or "",
            cipher=cipher[0] if cipher else "",
            alpn=ssl_object.selected_alpn_protocol(),
            verified=verified and der is not None,
            peer_cert=PeerCertificate.from_der(der) if der else None,
        )
