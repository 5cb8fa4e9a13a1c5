"""The TLS lines of the TCP scripts: an ``ssl`` context as the tab's TLS
settings make it (``create_default_context()`` for a client, an
``SSLContext(PROTOCOL_TLS_SERVER)`` for a server), the ``wrap_socket`` that
does the handshake, and what it gave printed.

The settings are a :class:`~socklab.core.TlsOptions`; a kind's script calls
:func:`client_context` / :func:`server_context` where the context is made and
:func:`wrap_client` / :func:`wrap_server` where its socket is wrapped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from socklab.teaching.catalogue import QT_TRANSLATE_NOOP
from socklab.teaching.codegen.builder import Script, quoted
from socklab.teaching.codegen.unix import is_unix

if TYPE_CHECKING:
    from socklab.core import TlsOptions

PHRASES: dict[str, str] = {
    "tls_client_context": QT_TRANSLATE_NOOP(
        "Codegen",
        "TLS: create_default_context() verifies the server's certificate and its name\n"
        "(against the system's CAs, or the CA file given as cafile).",
    ),
    "tls_no_verify": QT_TRANSLATE_NOOP(
        "Codegen",
        "Verification off: any certificate is accepted, so anyone in the middle can read\n"
        "the connection. Only for a test.",
    ),
    "tls_minimum": QT_TRANSLATE_NOOP(
        "Codegen", "Refuse TLS versions older than 1.2 (SockLab's minimum too)."
    ),
    "tls_client_cert": QT_TRANSLATE_NOOP(
        "Codegen", "Our client certificate and its private key, for a server that asks for one."
    ),
    "tls_server_cert": QT_TRANSLATE_NOOP(
        "Codegen", "The server's certificate and its private key (the clients verify it)."
    ),
    "tls_alpn": QT_TRANSLATE_NOOP(
        "Codegen", "ALPN: the application protocols we speak, preferred first."
    ),
    "tls_server_context": QT_TRANSLATE_NOOP(
        "Codegen", "TLS: a server-side context (PROTOCOL_TLS_SERVER)."
    ),
    "tls_require": QT_TRANSLATE_NOOP(
        "Codegen", "Every client must send a certificate, signed by one of these CAs."
    ),
    "tls_optional": QT_TRANSLATE_NOOP(
        "Codegen",
        "Ask each client for a certificate; one that is sent must be signed by these CAs.",
    ),
    "tls_wrap_client": QT_TRANSLATE_NOOP(
        "Codegen",
        "wrap_socket: the TLS handshake (do_handshake) over the connected socket;\n"
        "server_hostname is sent as SNI and checked against the certificate.",
    ),
    "tls_wrap_server": QT_TRANSLATE_NOOP(
        "Codegen",
        "wrap_socket(server_side=True): the TLS handshake with this client; a client\n"
        "that does not speak TLS (or lacks a required certificate) fails here.",
    ),
    "tls_peer": QT_TRANSLATE_NOOP(
        "Codegen",
        "getpeercert(): the peer's certificate as a dict (empty when it was not verified).",
    ),
    "p_tls": QT_TRANSLATE_NOOP("Codegen", "TLS session:"),
    "p_tls_failed": QT_TRANSLATE_NOOP("Codegen", "TLS handshake failed:"),
    "p_peer_cert": QT_TRANSLATE_NOOP("Codegen", "peer certificate:"),
}


def imports(tls: TlsOptions | None) -> list[str]:
    return ["ssl"] if tls is not None else []


def _own_certificate(script: Script, tls: TlsOptions, key: str) -> None:
    if tls.cert_file:
        script.comment(key)
        arguments = quoted(tls.cert_file)
        if tls.key_file:
            arguments += f", {quoted(tls.key_file)}"
        script.code(f"context.load_cert_chain({arguments})")


def _alpn(script: Script, tls: TlsOptions) -> None:
    if tls.alpn:
        script.comment("tls_alpn")
        script.code(f"context.set_alpn_protocols({list(tls.alpn)!r})")


def client_context(script: Script, tls: TlsOptions) -> None:
    """``context = ssl.create_default_context(...)`` and the settings on it."""
    script.comment("tls_client_context")
    cafile = f"cafile={quoted(tls.ca_file)}" if tls.ca_file else ""
    script.code(f"context = ssl.create_default_context({cafile})")
    if not tls.verify:
        script.comment("tls_no_verify")
        script.code("context.check_hostname = False", "context.verify_mode = ssl.CERT_NONE")
    script.comment("tls_minimum")
    script.code("context.minimum_version = ssl.TLSVersion.TLSv1_2")
    _own_certificate(script, tls, "tls_client_cert")
    _alpn(script, tls)


def server_context(script: Script, tls: TlsOptions) -> None:
    """``context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)`` and the settings on it."""
    script.comment("tls_server_context")
    script.code("context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)")
    script.comment("tls_minimum")
    script.code("context.minimum_version = ssl.TLSVersion.TLSv1_2")
    _own_certificate(script, tls, "tls_server_cert")
    if tls.verify or tls.require_client_cert:
        script.comment("tls_require" if tls.require_client_cert else "tls_optional")
        mode = "CERT_REQUIRED" if tls.require_client_cert else "CERT_OPTIONAL"
        script.code(f"context.verify_mode = ssl.{mode}")
        if tls.ca_file:
            script.code(f"context.load_verify_locations(cafile={quoted(tls.ca_file)})")
        else:
            script.code("context.load_default_certs(ssl.Purpose.CLIENT_AUTH)")
    _alpn(script, tls)


def wrap_client(script: Script, tls: TlsOptions, host: str) -> None:
    """``sock = context.wrap_socket(sock, server_hostname=...)`` and what it gave."""
    script.comment("tls_wrap_client")
    # A Unix socket's path is no host name: no SNI.
    unnamed = is_unix(host) and not tls.server_name
    name = "None" if unnamed else quoted(tls.server_name or host)
    script.code(f"sock = context.wrap_socket(sock, server_hostname={name})")
    _print_session(script, "sock", 0)


def wrap_server(script: Script, indent: int, release: bool) -> None:
    """In ``serve``: ``conn = context.wrap_socket(conn, server_side=True)``; a failed
    handshake is printed, the connection closed (its place given back)."""
    script.comment("tls_wrap_server", indent)
    script.code("try:", indent=indent)
    script.code("conn = context.wrap_socket(conn, server_side=True)", indent=indent + 1)
    script.code("except (ssl.SSLError, OSError) as exc:", indent=indent)
    script.code(f'print("{script.say("p_tls_failed")}", address, exc)', indent=indent + 1)
    script.code("conn.close()", indent=indent + 1)
    if release:
        script.code("places.release()", indent=indent + 1)
    script.code("return", indent=indent + 1)
    _print_session(script, "conn", indent)


def _print_session(script: Script, name: str, indent: int) -> None:
    script.code(
        f'print("{script.say("p_tls")}", {name}.version(), {name}.cipher()[0], '
        f"{name}.selected_alpn_protocol())",
        indent=indent,
    )
    script.comment("tls_peer", indent)
    script.code(
        f'print("{script.say("p_peer_cert")}", {name}.getpeercert())',
        indent=indent,
    )
