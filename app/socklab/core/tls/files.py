"""Reading the certificate, key and CA files a user chose, with a specific
message for each way one can be wrong: missing, unreadable, no PEM, a PEM that
does not parse, a key with a passphrase, a key of another certificate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from .options import TlsSettingsError

_CERT_MARK = b"-----BEGIN CERTIFICATE-----"
_KEY_MARK = b"PRIVATE KEY-----"
#: Larger than any certificate chain or key a person picks by hand.
_MAX_FILE = 1 << 20


def read_file(path: str, field: str) -> bytes:
    """The bytes of ``path``; a missing, unreadable or huge file raises
    TlsSettingsError(``field``)."""
    file = Path(path).expanduser()
    try:
        if file.is_dir():
            raise TlsSettingsError(field, f"{path!r} is a folder, not a file")
        with file.open("rb") as stream:
            data = stream.read(_MAX_FILE + 1)
    except FileNotFoundError:
        raise TlsSettingsError(field, f"no such file: {path!r}") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or str(exc)
        raise TlsSettingsError(field, f"cannot read {path!r}: {reason.lower()}") from None
    if len(data) > _MAX_FILE:
        raise TlsSettingsError(field, f"{path!r} is larger than 1 MB: not a PEM file")
    return data


def read_certificates(path: str, field: str) -> list[x509.Certificate]:
    """The PEM certificates in ``path`` (one at least)."""
    data = read_file(path, field)
    if _CERT_MARK not in data:
        raise TlsSettingsError(
            field, f"{path!r} holds no PEM certificate (a '-----BEGIN CERTIFICATE-----' block)"
        )
    try:
        return x509.load_pem_x509_certificates(data)
    except ValueError as exc:
        raise TlsSettingsError(
            field, f"the certificate in {path!r} does not parse: {exc}"
        ) from None


def read_private_key(path: str, field: str, *, cert_path: str = "") -> Any:
    """The private key in ``path``; ``cert_path``: the key was looked for in the
    certificate file (the message says to choose a key file)."""
    data = read_file(path, field)
    if _KEY_MARK not in data:
        if cert_path:
            raise TlsSettingsError(
                "key_file", "the certificate file holds no private key: choose the key file too"
            )
        raise TlsSettingsError(
            field, f"{path!r} holds no PEM private key (a '-----BEGIN PRIVATE KEY-----' block)"
        )
    try:
        return serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise TlsSettingsError(
            field,
            f"the key in {path!r} is protected by a passphrase: SockLab needs it without one "
            "(openssl pkey -in KEY -out PLAIN-KEY)",
        ) from None
    except (ValueError, serialization.UnsupportedAlgorithm) as exc:
        raise TlsSettingsError(
            field, f"the private key in {path!r} does not parse: {exc}"
        ) from None


def check_pair(cert_file: str, key_file: str) -> None:
    """The certificate in ``cert_file`` and its key (in ``key_file``, or in the
    certificate file when it is ""): both readable, and the key the certificate's."""
    certificate = read_certificates(cert_file, "cert_file")[0]
    if key_file:
        key = read_private_key(key_file, "key_file")
    else:
        key = read_private_key(cert_file, "key_file", cert_path=cert_file)
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    encoding = serialization.Encoding.DER
    if key.public_key().public_bytes(encoding, public) != certificate.public_key().public_bytes(
        encoding, public
    ):
        raise TlsSettingsError(
            "key_file",
            f"the key in {key_file or cert_file} does not belong to the certificate in {cert_file}",
        )
