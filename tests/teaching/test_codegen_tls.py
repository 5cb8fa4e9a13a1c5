"""The generated scripts with TLS settings, each run in its own process against a
live SockLab TLS session on loopback: the client script verifies SockLab's
server (CA file, server name, ALPN, a client certificate) or does not (the
lines that turn verification off), the server script serves SockLab's TLS
client and turns away a plain one with the reason."""

from __future__ import annotations

import ast
import os
import re

import pytest

from socklab.core.events import Failed, PeerJoined, Received, SocketCall, State, StateChanged
from socklab.core.sessions.tcp_client import TcpClientOptions, TcpClientSession
from socklab.core.tls import TlsOptions
from socklab.teaching.codegen import TcpClientCode, TcpServerCode, generate
from tls_peers import end, needs_openssl, read_line_until, s_server_unix
from tls_peers import tls_echo_server as _tls_server

pytestmark = needs_openssl

LISTENING = "listening on|正在监听"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_client_script_verifies_socklabs_server(sessions, run_script, pki, language):
    _, log, port = _tls_server(sessions, pki, alpn=("h2",))
    tls = TlsOptions(ca_file=pki.cert("ca"), server_name="localhost", alpn=("h2", "http/1.1"))
    source = generate(TcpClientCode(port=port, payload=b"hello tls", tls=tls), language)
    assert "ssl.create_default_context(cafile=" in source
    assert 'server_hostname="localhost"' in source and "CERT_NONE" not in source
    script = run_script(source, 1)
    script.expect(r"TLSv1\.[23] \S+ h2")
    script.expect(re.escape(repr("hello tls")))
    script.finish()
    assert log.wait_for(lambda e: isinstance(e, Received)).data == b"hello tls"


def test_client_script_without_verification(sessions, run_script, pki):
    _, log, port = _tls_server(sessions, pki)
    source = generate(TcpClientCode(port=port, payload=b"x", tls=TlsOptions(verify=False)))
    assert "context.check_hostname = False" in source
    assert "context.verify_mode = ssl.CERT_NONE" in source
    script = run_script(source, 1)  # the system's CAs know not our CA: only unverified works
    script.expect("peer certificate: {}")  # not verified: getpeercert() is empty
    script.finish()
    log.wait_for(lambda e: isinstance(e, PeerJoined))


def test_client_script_sends_its_certificate(sessions, run_script, pki):
    _, log, port = _tls_server(
        sessions, pki, verify=True, ca_file=pki.cert("ca"), require_client_cert=True
    )
    tls = TlsOptions(
        ca_file=pki.cert("ca"), cert_file=pki.cert("client"), key_file=pki.key("client")
    )
    source = generate(TcpClientCode(host="localhost", port=port, payload=b"me", tls=tls))
    assert "context.load_cert_chain(" in source
    script = run_script(source, 1)
    script.expect(re.escape(repr("me")))
    script.finish()
    peer_cert = log.wait_for(lambda e: isinstance(e, SocketCall) and e.call == "getpeercert()")
    assert peer_cert.result.startswith("CN=socklab client")
    assert not log.of(Failed)


def test_server_script_serves_socklabs_client(sessions, run_script, pki):
    tls = TlsOptions(
        cert_file=pki.cert("server"),
        key_file=pki.key("server"),
        ca_file=pki.cert("ca"),
        require_client_cert=True,
    )
    settings = TcpServerCode(host="127.0.0.1", port=0, auto_reply="echo", tls=tls)
    source = generate(settings)
    assert "ssl.PROTOCOL_TLS_SERVER" in source and "ssl.CERT_REQUIRED" in source
    script = run_script(source, 2)
    port = script.expect_port(LISTENING)

    plain, plain_log = sessions(TcpClientSession)
    plain.connect("127.0.0.1", port).result(10)
    plain.send(b"plain text\r\n").result(10)
    script.expect("TLS handshake failed:.*(WRONG_VERSION_NUMBER|wrong version number|HTTP)")
    plain_log.wait_for(lambda e: isinstance(e, StateChanged) and e.state is not State.CONNECTED)

    client_tls = TlsOptions(
        ca_file=pki.cert("ca"), cert_file=pki.cert("client"), key_file=pki.key("client")
    )
    client, log = sessions(TcpClientSession, TcpClientOptions(tls=client_tls))
    client.connect("localhost", port).result(10)
    assert client.stats.tls.verified and client.stats.tls.peer_cert.subject == "CN=localhost"
    script.expect(r"peer certificate: \{.*socklab client")
    client.send(b"over tls").result(10)
    assert log.wait_for(lambda e: isinstance(e, Received)).data == b"over tls"
    client.close().result(10)
    script.finish()


def test_tls_scripts_compile_in_both_languages(pki):
    tls = TlsOptions(verify=False, ca_file="ca.pem", cert_file="c.pem", alpn=("h2",))
    for language in ("en", "zh_CN"):
        for settings in (TcpClientCode(tls=tls), TcpServerCode(tls=tls, max_clients=2)):
            ast.parse(generate(settings, language))


def test_client_script_over_a_unix_path_sends_no_server_name(run_script, pki, unix_folder):
    """A path is no host name: the script wraps with server_hostname=None (with
    verification off; verifying would need the certificate's name) and talks to
    openssl s_server -unix."""
    path = os.path.join(unix_folder, "tls.sock")
    server = s_server_unix(pki, path)
    try:
        tls = TlsOptions(verify=False)
        source = generate(TcpClientCode(host=path, port=0, payload=b"script over unix\n", tls=tls))
        assert "server_hostname=None" in source
        script = run_script(source, 1)
        read_line_until(server, "script over unix")
        server.stdin.write(b"answer\n")
        server.stdin.flush()
        script.expect("answer")
        script.kill()
    finally:
        end(server)
