"""TLS for the TCP sessions (the standard ``ssl`` module; certificates with
``cryptography``).

Light to import: the settings (:mod:`.options`) and the failures in words
(:mod:`.failures`). What reads files or certificates (``cryptography``) loads
when it is first called: :mod:`.files`, :mod:`.contexts`, :mod:`.info`,
:mod:`.selfsigned` (the functions below import them then).
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import TYPE_CHECKING

from .failures import tls_failure
from .options import (
    TlsOptions,
    TlsSettingsError,
    check_server_name,
    check_tls_target,
    parse_alpn,
)

if TYPE_CHECKING:
    from .info import PeerCertificate
    from .selfsigned import SelfSigned

__all__ = [
    "TlsOptions",
    "TlsSettingsError",
    "check_server_name",
    "check_tls_target",
    "client_context",
    "default_data_folder",
    "describe_certificate_file",
    "parse_alpn",
    "self_signed",
    "server_context",
    "tls_failure",
]


def client_context(options: TlsOptions) -> ssl.SSLContext:
    """A client's context (see :func:`.contexts.client_context`)."""
    from .contexts import client_context as build

    return build(options)


def server_context(options: TlsOptions) -> ssl.SSLContext:
    """A server's context (see :func:`.contexts.server_context`)."""
    from .contexts import server_context as build

    return build(options)


def self_signed(folder: str | Path, *, renew: bool = False) -> SelfSigned:
    """The self-signed certificate kept in ``folder`` (see :mod:`.selfsigned`)."""
    from .selfsigned import self_signed as make

    return make(folder, renew=renew)


def default_data_folder() -> Path:
    """The CLI's data folder (see :mod:`.selfsigned`)."""
    from .selfsigned import default_data_folder as folder

    return folder()


def describe_certificate_file(path: str) -> PeerCertificate:
    """The first certificate in the PEM file ``path``, described (subject,
    names, validity, SHA-256); raises TlsSettingsError("cert_file")."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from .files import read_certificates
    from .info import PeerCertificate

    certificate = read_certificates(path, "cert_file")[0]
    return PeerCertificate.from_der(certificate.public_bytes(Encoding.DER))
