"""TLS on the command line: the arguments of ``tcp connect`` and ``tcp serve``,
their settings checked before any socket is opened (a bad file is an
InputError naming its argument), and what a handshake gave, in words."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from socklab.core import (
    TlsOptions,
    TlsSettingsError,
    check_server_name,
    check_tls_target,
    client_context,
    default_data_folder,
    parse_alpn,
    self_signed,
    server_context,
)

from .arguments import InputError

#: The argument of each field a TlsSettingsError names.
_ARGUMENTS = {
    "server_name": "--sni",
    "ca_file": "--cafile",
    "cert_file": "--cert",
    "key_file": "--key",
    "alpn": "--alpn",
}


def _add_arguments(parser: argparse.ArgumentParser, helps: dict[str, str]) -> None:
    """One TLS argument group: each argument of ``helps`` with its help text
    (flags take no value, the others a FILE, NAME or P1,P2)."""
    group = parser.add_argument_group("TLS")
    flags = ("--tls", "--insecure", "--self-signed", "--require-client-cert")
    metavars = {"--sni": "NAME", "--alpn": "P1,P2"}
    for name, text in helps.items():
        if name in flags:
            group.add_argument(name, action="store_true", help=text)
        else:
            group.add_argument(name, metavar=metavars.get(name, "FILE"), help=text)


def add_client_arguments(parser: argparse.ArgumentParser) -> None:
    """``tcp connect``'s TLS arguments."""
    _add_arguments(
        parser,
        {
            "--tls": "speak TLS (1.2 or newer) on the connection",
            "--insecure": "with --tls: do not verify the server's certificate nor its name",
            "--cafile": "with --tls: trust the CAs in FILE (PEM), not the system's",
            "--cert": "with --tls: our client certificate (PEM)",
            "--key": "with --cert: its private key (default: in the --cert file)",
            "--sni": "with --tls: the server name sent (SNI) and verified (default: the host)",
            "--alpn": "with --tls: ALPN protocols to offer, such as h2,http/1.1",
        },
    )


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """``tcp serve``'s TLS arguments."""
    _add_arguments(
        parser,
        {
            "--tls": "speak TLS (1.2 or newer): --cert, or --self-signed",
            "--self-signed": "with --tls: a self-signed certificate for localhost, made once and "
            "kept in $XDG_DATA_HOME/socklab/tls (its SHA-256 fingerprint is printed)",
            "--cert": "with --tls: the server's certificate (PEM)",
            "--key": "with --cert: its private key (default: in the --cert file)",
            "--cafile": "with --tls: ask clients for a certificate and verify it against the "
            "CAs in FILE",
            "--require-client-cert": "with --tls: turn away a client without a certificate (the "
            "system's CAs verify it unless --cafile)",
            "--alpn": "with --tls: ALPN protocols accepted",
        },
    )


def server_tls(args: argparse.Namespace) -> TlsOptions | None:
    """``tcp serve``'s TLS settings (None without --tls), checked; with
    --self-signed, the kept certificate (made the first time), said on stderr."""
    names = ("--self-signed", "--cert", "--key", "--cafile", "--require-client-cert", "--alpn")
    if not args.tls:
        _refuse_without_tls(args, names)
        return None
    if args.self_signed and (args.cert or args.key):
        raise InputError("argument --self-signed: not with --cert / --key")
    if not args.self_signed and not args.cert:
        raise InputError("argument --tls: a server needs --cert FILE (and --key) or --self-signed")
    cert, key = args.cert or "", args.key or ""
    if args.self_signed:
        folder = default_data_folder()
        try:
            made = self_signed(folder)
        except OSError as exc:
            raise InputError(
                f"argument --self-signed: cannot keep the certificate in {folder}: "
                f"{(exc.strerror or str(exc)).lower()}"
            ) from None
        cert, key = str(made.cert_file), str(made.key_file)
        state = "made" if made.created else "reused"
        print(f"socklab: TLS: self-signed certificate {cert} ({state})", file=sys.stderr)
        print(f"socklab: TLS: SHA-256 {made.sha256}", file=sys.stderr)
    try:
        alpn = parse_alpn(args.alpn or "")
    except TlsSettingsError as exc:
        raise InputError(f"argument --alpn: {exc.message}") from None
    options = TlsOptions(
        verify=bool(args.cafile) or args.require_client_cert,
        ca_file=args.cafile or "",
        cert_file=cert,
        key_file=key,
        alpn=alpn,
        require_client_cert=args.require_client_cert,
    )
    return _checked(options, server_context)


def client_line(peer_id: int, info: Any) -> str:
    """A TLS client of the server, as the CLI says it on stderr."""
    alpn = f", ALPN {info.alpn}" if info.alpn else ""
    cert = info.peer_cert
    if cert is None:
        who = "no client certificate"
    else:
        verified = "verified" if info.verified else "not verified"
        who = f"client certificate {cert.subject} ({verified}, SHA-256 {cert.sha256})"
    return f"TLS: client #{peer_id}: {info.version}, {info.cipher}{alpn}; {who}"


def _checked(options: TlsOptions, build: Any) -> TlsOptions:
    try:
        build(options)
    except TlsSettingsError as exc:
        raise InputError(f"argument {_ARGUMENTS[exc.field]}: {exc.message}") from None
    return options


def _refuse_without_tls(args: argparse.Namespace, names: tuple[str, ...]) -> None:
    for name in names:
        if getattr(args, name.lstrip("-").replace("-", "_"), None):
            raise InputError(f"argument {name}: goes with --tls")


def client_tls(args: argparse.Namespace, timeout: float) -> TlsOptions | None:
    """``tcp connect``'s TLS settings (None without --tls), checked."""
    if not args.tls:
        _refuse_without_tls(args, ("--insecure", "--cafile", "--cert", "--key", "--sni", "--alpn"))
        return None
    try:
        server_name = check_server_name(args.sni or "")
        alpn = parse_alpn(args.alpn or "")
    except TlsSettingsError as exc:
        raise InputError(f"argument {_ARGUMENTS[exc.field]}: {exc.message}") from None
    options = TlsOptions(
        verify=not args.insecure,
        server_name=server_name,
        ca_file=args.cafile or "",
        cert_file=args.cert or "",
        key_file=args.key or "",
        alpn=alpn,
        handshake_timeout=timeout,
    )
    try:
        check_tls_target(options, args.target[0])
    except TlsSettingsError as exc:
        raise InputError(f"argument --sni: {exc.message} (--sni NAME, or --insecure)") from None
    return _checked(options, client_context)


def tls_lines(info: Any) -> list[str]:
    """What a handshake gave (a TlsInfo), as the CLI says it on stderr."""
    alpn = f", ALPN {info.alpn}" if info.alpn else ""
    verified = "certificate verified" if info.verified else "not verified"
    lines = [f"TLS: {info.version}, {info.cipher}{alpn}, {verified}"]
    cert = info.peer_cert
    if cert is None:
        lines.append("TLS: the peer sent no certificate")
    else:
        sans = ", ".join(cert.sans) or "none"
        lines += [
            f"TLS: peer certificate: {cert.subject}; issuer {cert.issuer}",
            f"TLS: names {sans}; valid {cert.validity}",
            f"TLS: SHA-256 {cert.sha256}",
        ]
    return lines


def say_tls(info: Any) -> None:
    for line in tls_lines(info):
        print(f"socklab: {line}", file=sys.stderr)
