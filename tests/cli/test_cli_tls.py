"""``socklab tcp connect --tls`` end to end against openssl s_server: the
handshake's facts on stderr, a verify failure (exit 1, the reason), and each
bad TLS argument refused before any socket (exit 2, naming the argument)."""

from __future__ import annotations

import hashlib
import signal
import socket
import ssl

import pytest
from test_cli import first_line_with, port_of

from socklab_cli import run as socklab
from socklab_cli import start
from tls_peers import end, needs_openssl, s_server

pytestmark = needs_openssl


def test_connect_verified_with_alpn(pki) -> None:
    server, port = s_server(pki, "-rev", "-alpn", "h2")
    try:
        done = socklab(
            "tcp", "connect", f"127.0.0.1:{port}", "--tls", "--cafile", pki.cert("ca"),
            "--alpn", "h2,http/1.1", "--send", "hello", "--send", "CLOSE", "--line-ending", "lf",
            "--read-until-close", timeout=60,
        )  # fmt: skip
    finally:
        end(server)
    assert "TLSv1.3, certificate verified" in done.stdout
    assert "ALPN h2, certificate verified" in done.stderr
    assert "peer certificate: CN=localhost" in done.stderr and "SHA-256 " in done.stderr
    assert "olleh" in done.stdout


def test_insecure_says_not_verified(pki) -> None:
    server, port = s_server(pki, "-rev")
    try:
        done = socklab("tcp", "connect", f"127.0.0.1:{port}", "--tls", "--insecure", "--wait", "0")
    finally:
        end(server)
    assert "not verified" in done.stdout and "not verified" in done.stderr


def test_verify_failure_exits_1_with_the_reason(pki) -> None:
    server, port = s_server(pki)
    try:
        done = socklab("tcp", "connect", f"127.0.0.1:{port}", "--tls", "--wait", "0")
    finally:
        end(server)
    assert done.returncode == 1
    assert "certificate verify failed: unknown CA" in done.stderr


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (("--insecure",), "argument --insecure: goes with --tls"),
        (("--tls", "--alpn", "h2 x"), "argument --alpn: 'h2 x' holds a space"),
        (("--tls", "--cafile", "/nonexistent.pem"), "argument --cafile: no such file"),
        (("--tls", "--sni", "a..b"), "argument --sni:"),
        (("--tls", "--cert", "CERT"), "argument --key: the certificate file holds no private key"),
    ],
)
def test_bad_tls_arguments(pki, extra, words) -> None:
    args = [pki.cert("client") if a == "CERT" else a for a in extra]
    done = socklab("tcp", "connect", "127.0.0.1:9", *args)
    assert done.returncode == 2 and words in done.stderr, done.stderr


def test_serve_self_signed_echo(tmp_path, monkeypatch) -> None:
    """``tcp serve --tls --self-signed``: the certificate is made in the data folder
    (its fingerprint printed), a Python ssl client that trusts it gets its echo,
    and the client's TLS facts are said."""

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    server = start("tcp", "serve", "127.0.0.1:0", "--tls", "--self-signed", "--echo")
    port = port_of(first_line_with(server, "listening on"))
    cert = tmp_path / "socklab" / "tls" / "self-signed-cert.pem"
    context = ssl.create_default_context(cafile=str(cert))
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as client,
    ):
        client.sendall(b"hello")
        assert client.recv(100) == b"hello"
        fingerprint = client.getpeercert(binary_form=True)
    server.send_signal(signal.SIGINT)
    _, errors = server.communicate(timeout=30)
    expected = hashlib.sha256(fingerprint).hexdigest().upper()
    assert f"SHA-256 {':'.join(expected[i : i + 2] for i in range(0, 64, 2))}" in errors
    assert "(made)" in errors and "TLS: client #1: TLSv1.3" in errors
    assert "no client certificate" in errors


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (("--self-signed",), "argument --self-signed: goes with --tls"),
        (("--tls",), "a server needs --cert FILE (and --key) or --self-signed"),
        (("--tls", "--cert", "KEYONLY"), "argument --cert: "),
    ],
)
def test_bad_serve_tls_arguments(pki, extra, words) -> None:
    args = [pki.key("client") if a == "KEYONLY" else a for a in extra]
    done = socklab("tcp", "serve", "127.0.0.1:0", *args, "--timeout", "0")
    assert done.returncode == 2 and words in done.stderr, done.stderr


def test_tls_to_a_unix_path_asks_for_a_name_to_verify(unix_folder) -> None:
    done = socklab("tcp", "connect", f"unix:{unix_folder}/tls.sock", "--tls")
    assert done.returncode == 2, done.stderr
    assert "argument --sni: a Unix socket has no host name to check" in done.stderr
    assert "(--sni NAME, or --insecure)" in done.stderr
