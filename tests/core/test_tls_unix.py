"""TLS over a Unix domain socket, against Debian's ``openssl s_server -unix``:
a path is no host name, so a verifying client must be given the name the
certificate is for (and is told so before it connects); one that does not
verify sends no SNI."""

from __future__ import annotations

import os
import socket

import pytest

from socklab.core.errors import SessionError
from socklab.core.events import Received
from socklab.core.sessions.tcp_client import TcpClientOptions, TcpClientSession
from socklab.core.tls import TlsOptions
from tls_peers import end, needs_openssl, read_line_until, s_server_unix

pytestmark = [
    needs_openssl,
    pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no AF_UNIX here"),
]


def _received(log) -> bytes:
    return b"".join(e.data for e in log.of(Received))


def test_a_verifying_client_over_a_path_needs_the_certificates_name(sessions, pki, unix_folder):
    path = os.path.join(unix_folder, "tls.sock")
    server = s_server_unix(pki, path)
    try:
        nameless, _ = sessions(
            TcpClientSession, TcpClientOptions(tls=TlsOptions(ca_file=pki.cert("ca")))
        )
        with pytest.raises(SessionError, match="a Unix socket has no host name to check"):
            nameless.connect(path, 0).result(10)
        assert server.poll() is None  # refused before connect(): the one accept is still there

        tls = TlsOptions(ca_file=pki.cert("ca"), server_name="localhost")
        client, log = sessions(TcpClientSession, TcpClientOptions(tls=tls))
        client.connect(path, 0).result(10)
        assert client.stats.tls.verified
        assert client.stats.tls.peer_cert.subject == "CN=localhost"
        client.send(b"over unix tls\n").result(10)
        read_line_until(server, "over unix tls")
        server.stdin.write(b"back\n")
        server.stdin.flush()
        log.wait_for(lambda e: b"back" in _received(log))
    finally:
        end(server)


def test_an_unverified_client_over_a_path_talks_without_a_name(sessions, pki, unix_folder):
    path = os.path.join(unix_folder, "tls.sock")
    server = s_server_unix(pki, path)
    try:
        client, _ = sessions(TcpClientSession, TcpClientOptions(tls=TlsOptions(verify=False)))
        client.connect(path, 0).result(10)
        info = client.stats.tls
        assert (info.verified, info.peer_cert.subject) == (False, "CN=localhost")
        client.send(b"not verified\n").result(10)
        read_line_until(server, "not verified")
    finally:
        end(server)
