"""The ``ssl.SSLContext`` of a TLS client or server, from checked settings:
TLS 1.2 at least; a client verifies unless told not to.

Each file given is checked on its own first (so a bad one is said at its own
field), then what they need together (a certificate's key, a server's
certificate)."""

from __future__ import annotations

import ssl

from .files import check_pair, read_certificates, read_private_key
from .options import TlsOptions, TlsSettingsError


def client_context(options: TlsOptions) -> ssl.SSLContext:
    """What ``ssl.create_default_context()`` gives, with ``options`` applied;
    raises TlsSettingsError naming the field that is wrong."""
    _check_files(options)
    context = ssl.create_default_context(cafile=options.ca_file or None)
    if not options.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    _common(context, options)
    return context


def server_context(options: TlsOptions) -> ssl.SSLContext:
    """A server's context: its certificate and key, and client certificates
    asked for (``verify``) or required (``require_client_cert``)."""
    _check_files(options)
    if not options.cert_file:
        raise TlsSettingsError(
            "cert_file", "a TLS server needs a certificate: choose its file or generate one"
        )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if options.verify or options.require_client_cert:
        if options.ca_file:
            _load_verify(context, options.ca_file)
        else:
            context.load_default_certs(ssl.Purpose.CLIENT_AUTH)
        context.verify_mode = (
            ssl.CERT_REQUIRED if options.require_client_cert else ssl.CERT_OPTIONAL
        )
    _common(context, options)
    return context


def _check_files(options: TlsOptions) -> None:
    """Every file given, on its own: it exists, it is PEM, it parses."""
    if options.cert_file:
        read_certificates(options.cert_file, "cert_file")
    if options.key_file:
        read_private_key(options.key_file, "key_file")
    if options.ca_file:
        read_certificates(options.ca_file, "ca_file")


def _common(context: ssl.SSLContext, options: TlsOptions) -> None:
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if options.cert_file:
        check_pair(options.cert_file, options.key_file)
        try:
            context.load_cert_chain(options.cert_file, options.key_file or None)
        except (ssl.SSLError, OSError) as exc:  # checked above: a rare kind of file
            raise TlsSettingsError("cert_file", f"OpenSSL refuses the certificate: {exc}") from None
    elif options.key_file:
        raise TlsSettingsError("key_file", "a key without its certificate: choose the certificate")
    if options.alpn:
        context.set_alpn_protocols(list(options.alpn))


def _load_verify(context: ssl.SSLContext, ca_file: str) -> None:
    try:
        context.load_verify_locations(cafile=ca_file)
    except (ssl.SSLError, OSError) as exc:
        raise TlsSettingsError("ca_file", f"OpenSSL refuses the CA file: {exc}") from None
