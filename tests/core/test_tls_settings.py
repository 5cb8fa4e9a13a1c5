"""TLS settings as typed: each bad value is refused with its own message, naming
its field (ALPN names, a server name, files that are missing, not PEM, do not
parse, hold no key, a key with a passphrase or of another certificate); the
self-signed certificate is kept, reused, and its key is the owner's only."""

from __future__ import annotations

import os
import ssl
import stat
import subprocess

import pytest

from socklab.core.tls import TlsOptions, TlsSettingsError, check_server_name, parse_alpn
from socklab.core.tls.contexts import client_context, server_context
from socklab.core.tls.selfsigned import self_signed


def _refused(build, options: TlsOptions) -> TlsSettingsError:
    with pytest.raises(TlsSettingsError) as caught:
        build(options)
    return caught.value


def test_alpn_names() -> None:
    assert parse_alpn(" h2, http/1.1 ") == ("h2", "http/1.1")
    assert parse_alpn("") == ()
    for text, words in (
        ("h2 http/1.1", "holds a space"),
        ("h2,,x", "ALPN name 2 is empty"),
        ("h2,é", "not an ALPN name"),
        ("a" * 256, "at most 255"),
    ):
        with pytest.raises(TlsSettingsError, match=words) as caught:
            parse_alpn(text)
        assert caught.value.field == "alpn"


def test_server_names() -> None:
    assert check_server_name(" example.com ") == "example.com"
    assert check_server_name("::1") == "::1"
    assert check_server_name("") == ""
    for text in ("exa mple.com", "a..b", "-x.com", "x" * 300):
        with pytest.raises(TlsSettingsError) as caught:
            check_server_name(text)
        assert caught.value.field == "server_name"


def test_file_errors_name_their_field(pki, tmp_path) -> None:
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("hello")
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----\n")
    cases = [
        (TlsOptions(ca_file=str(tmp_path / "nope.pem")), "ca_file", "no such file"),
        (TlsOptions(ca_file=str(tmp_path)), "ca_file", "is a folder"),
        (TlsOptions(ca_file=str(not_pem)), "ca_file", "holds no PEM certificate"),
        (TlsOptions(ca_file=str(broken)), "ca_file", "does not parse"),
        (TlsOptions(cert_file=pki.cert("client")), "key_file", "holds no private key"),
        (
            TlsOptions(cert_file=pki.cert("client"), key_file=pki.key("server")),
            "key_file",
            "does not belong to the certificate",
        ),
        (TlsOptions(cert_file=pki.cert("client"), key_file=str(not_pem)), "key_file", "no PEM"),
        (TlsOptions(key_file=pki.key("client")), "key_file", "without its certificate"),
    ]
    for options, field, words in cases:
        error = _refused(client_context, options)
        assert (error.field, words in error.message) == (field, True), error.message
    assert _refused(server_context, TlsOptions()).field == "cert_file"


def test_a_key_with_a_passphrase(pki, tmp_path) -> None:
    locked = tmp_path / "locked.key"
    subprocess.run(
        ["openssl", "pkey", "-in", pki.key("client"), "-aes256", "-passout", "pass:x",
         "-out", str(locked)],
        check=True, capture_output=True,
    )  # fmt: skip
    error = _refused(client_context, TlsOptions(cert_file=pki.cert("client"), key_file=str(locked)))
    assert error.field == "key_file" and "passphrase" in error.message


def test_secure_defaults(pki) -> None:
    context = client_context(TlsOptions())
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.minimum_version is ssl.TLSVersion.TLSv1_2
    off = client_context(TlsOptions(verify=False))
    assert off.verify_mode is ssl.CERT_NONE and not off.check_hostname
    server = server_context(TlsOptions(cert_file=pki.cert("server"), key_file=pki.key("server")))
    assert server.minimum_version is ssl.TLSVersion.TLSv1_2
    assert server.verify_mode is ssl.CERT_OPTIONAL  # asks for a client certificate
    required = server_context(
        TlsOptions(
            cert_file=pki.cert("server"), key_file=pki.key("server"), require_client_cert=True
        )
    )
    assert required.verify_mode is ssl.CERT_REQUIRED


def test_self_signed_is_kept_and_reused(tmp_path) -> None:
    made = self_signed(tmp_path)
    assert made.created and made.cert_file.parent == tmp_path / "tls"
    assert stat.S_IMODE(os.stat(made.key_file).st_mode) == 0o600
    again = self_signed(tmp_path)
    assert not again.created and again.sha256 == made.sha256
    server_context(TlsOptions(cert_file=str(made.cert_file), key_file=str(made.key_file)))
    made.key_file.write_text("damaged")
    renewed = self_signed(tmp_path)
    assert renewed.created and renewed.sha256 != made.sha256
    assert not [p for p in (tmp_path / "tls").iterdir() if p.name.startswith(".")]
