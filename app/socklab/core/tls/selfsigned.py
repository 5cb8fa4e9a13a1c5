"""A self-signed certificate for a TLS server, made once and kept in the app's
data folder (the window passes Qt's AppDataLocation; the CLI uses
``$XDG_DATA_HOME/socklab``). Its SHA-256 fingerprint is what a client pins.

EC P-256 (fast to make), valid for a year, for ``localhost``, 127.0.0.1 and
::1. Both files are written atomically; the key is readable by its owner only.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ..files.atomic import AtomicFile
from ..files.paths import user_data_folder
from .files import check_pair, read_certificates
from .info import fingerprint
from .options import TlsSettingsError

CERT_NAME = "self-signed-cert.pem"
KEY_NAME = "self-signed-key.pem"
#: A kept certificate closer than this to its end is made anew.
_RENEW_BEFORE = datetime.timedelta(days=7)
_VALID_FOR = datetime.timedelta(days=365)


@dataclass(frozen=True, slots=True)
class SelfSigned:
    """The kept certificate and key files, the certificate's SHA-256
    fingerprint, and whether this call made them (False: reused)."""

    cert_file: Path
    key_file: Path
    sha256: str
    created: bool


def default_data_folder() -> Path:
    """The CLI's data folder: ``$XDG_DATA_HOME/socklab`` (``~/.local/share/socklab``)."""
    return user_data_folder()


def self_signed(folder: str | os.PathLike[str], *, renew: bool = False) -> SelfSigned:
    """The self-signed certificate kept in ``folder``/tls: reused while it is good
    (readable, its key's, not near its end), made anew otherwise or with ``renew``.

    Raises OSError when the folder cannot be written.
    """
    tls_folder = Path(folder) / "tls"
    cert_file, key_file = tls_folder / CERT_NAME, tls_folder / KEY_NAME
    if not renew and cert_file.exists():
        try:
            check_pair(str(cert_file), str(key_file))
            certificate = read_certificates(str(cert_file), "cert_file")[0]
        except TlsSettingsError:
            pass  # damaged: made anew
        else:
            if certificate.not_valid_after_utc - _now() > _RENEW_BEFORE:
                return SelfSigned(cert_file, key_file, fingerprint(certificate), False)
    tls_folder.mkdir(parents=True, exist_ok=True)
    certificate, key = _make()
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with AtomicFile(key_file, "wb") as stream:
        os.fchmod(stream.fileno(), 0o600)  # before a byte of the key is written
        stream.write(key_pem)
    with AtomicFile(cert_file, "wb") as stream:
        stream.write(certificate.public_bytes(serialization.Encoding.PEM))
    return SelfSigned(cert_file, key_file, fingerprint(certificate), True)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _make() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "SockLab self-signed"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SockLab"),
        ]
    )
    now = _now()
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + _VALID_FOR)
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    x509.IPAddress(ipaddress.ip_address("::1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return certificate, key
