"""The TCP client over TLS against Debian's openssl s_server and Python ssl
peers on loopback: verified and not, ALPN, a client certificate, and each way
a handshake fails (unknown CA, hostname mismatch, expired, wrong version
number, timeout, a certificate the server requires)."""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading

import pytest

from socklab.core.errors import SessionError
from socklab.core.events import Failed, Reason, Received, SocketCall, State, StateChanged
from socklab.core.sessions.tcp_client import TcpClientOptions, TcpClientSession
from socklab.core.tls import TlsOptions
from tls_peers import end, needs_openssl, read_line_until, s_server

pytestmark = needs_openssl


def _client(sessions, **tls: object) -> tuple[TcpClientSession, object]:
    session, log = sessions(TcpClientSession, TcpClientOptions(tls=TlsOptions(**tls)))
    session.trace = True
    return session, log


def _fingerprint(path: str) -> str:
    out = subprocess.run(
        ["openssl", "x509", "-in", path, "-noout", "-fingerprint", "-sha256"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return out.strip().split("=", 1)[1]


def test_verified_round_trip_with_alpn(sessions, pki) -> None:
    server, port = s_server(pki, "-rev", "-alpn", "h2")
    try:
        session, log = _client(sessions, ca_file=pki.cert("ca"), alpn=("h2", "http/1.1"))
        session.connect("127.0.0.1", port).result(10)
        info = session.stats.tls
        assert info.verified and info.version in ("TLSv1.2", "TLSv1.3")
        assert info.alpn == "h2"
        cert = info.peer_cert
        assert cert.subject == "CN=localhost" and "SockLab test ca" in cert.issuer
        assert "DNS:localhost" in cert.sans and "IP:127.0.0.1" in cert.sans
        assert cert.sha256 == _fingerprint(pki.cert("server"))
        session.send(b"hello\n").result(10)
        log.wait_for(lambda e: isinstance(e, Received) and b"olleh" in e.data, 10)
        connected = log.wait_for(
            lambda e: isinstance(e, StateChanged) and e.state is State.CONNECTED
        )
        assert connected.reason is Reason.TLS_VERIFIED and connected.detail == info.version
        calls = [e.call for e in log.of(SocketCall)]
        assert calls.index("do_handshake()") < calls.index("getpeercert()")
    finally:
        end(server)


def test_not_verified_says_so(sessions, pki) -> None:
    server, port = s_server(pki, "-rev")
    try:
        session, log = _client(sessions, verify=False)  # the system's CAs know not our CA
        session.connect("127.0.0.1", port).result(10)
        assert session.stats.tls.verified is False
        connected = log.wait_for(
            lambda e: isinstance(e, StateChanged) and e.state is State.CONNECTED
        )
        assert connected.reason is Reason.TLS_NOT_VERIFIED
    finally:
        end(server)


def test_client_certificate_exchange(sessions, pki) -> None:
    server, port = s_server(pki, "-rev", "-Verify", "1", "-CAfile", pki.cert("ca"))
    try:
        session, log = _client(
            sessions,
            ca_file=pki.cert("ca"),
            cert_file=pki.cert("client"),
            key_file=pki.key("client"),
        )
        session.connect("localhost", port).result(10)
        session.send(b"ping\n").result(10)
        log.wait_for(lambda e: isinstance(e, Received) and b"gnip" in e.data, 10)
        line = read_line_until(server, "Peer certificate")
        assert "socklab client" in line
    finally:
        end(server)


def test_a_server_that_requires_a_certificate_we_lack(sessions, pki) -> None:
    server, port = s_server(pki, "-rev", "-Verify", "1", "-CAfile", pki.cert("ca"))
    try:
        session, log = _client(sessions, ca_file=pki.cert("ca"))
        try:
            session.connect("127.0.0.1", port).result(10)
        except SessionError as exc:  # TLS 1.2: the handshake itself fails
            assert exc.errno_name == "TLS_CERT_REQUIRED"
            return
        # TLS 1.3: the client's handshake ends first; the server's alert follows.
        ended = log.wait_for(lambda e: isinstance(e, StateChanged) and e.state is State.RESET, 10)
        assert "requires a client certificate" in str(ended.detail)
    finally:
        end(server)


@pytest.mark.parametrize(
    "case",
    [
        ("server", {}, "TLS_UNKNOWN_CA", "unknown CA"),
        ("server", {"server_name": "example.com"}, "TLS_HOSTNAME_MISMATCH", "hostname mismatch"),
        ("expired", {}, "TLS_CERT_EXPIRED", "expired"),
    ],
)
def test_verify_failures(sessions, pki, case) -> None:
    cert, tls, code, words = case
    server, port = s_server(pki, cert=cert)
    try:
        options = {"ca_file": pki.cert("ca"), **tls} if code != "TLS_UNKNOWN_CA" else {}
        session, log = _client(sessions, **options)
        with pytest.raises(SessionError) as caught:
            session.connect("127.0.0.1", port).result(10)
        assert caught.value.errno_name == code
        assert "certificate verify failed" in caught.value.reason and words in caught.value.reason
        failed = log.wait_for(lambda e: isinstance(e, Failed))
        assert failed.errno_name == code and failed.operation.startswith("TLS handshake with")
        log.wait_for(lambda e: isinstance(e, SocketCall) and e.call == "do_handshake()")
    finally:
        end(server)


def _plain_listener() -> socket.socket:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)
    return listener


def test_wrong_version_number_from_a_plain_server(sessions) -> None:
    with _plain_listener() as listener:
        session, _ = _client(sessions, verify=False)
        future = session.connect("127.0.0.1", listener.getsockname()[1])
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"220 a plain TCP server says hello\r\n")
            with pytest.raises(SessionError) as caught:
                future.result(10)
    assert caught.value.errno_name == "TLS_WRONG_VERSION"
    assert "wrong version number" in caught.value.reason


def test_handshake_timeout(sessions) -> None:
    with _plain_listener() as listener:  # accepts, then says nothing
        session, _ = _client(sessions, verify=False, handshake_timeout=0.2)
        future = session.connect("127.0.0.1", listener.getsockname()[1])
        conn, _ = listener.accept()
        with conn, pytest.raises(SessionError) as caught:
            future.result(10)
    assert caught.value.errno_name == "TLS_HANDSHAKE_TIMEOUT"


def test_bulk_stream_arrives_whole(sessions, pki) -> None:
    """Many TLS records per wake-up fill the receive buffer in pieces: every
    byte arrives, in order (a Python ssl peer sends 2 MB and closes)."""
    data = bytes(range(256)) * 8192
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.cert("server"), pki.key("server"))
    listener = _plain_listener()

    def serve() -> None:
        conn, _ = listener.accept()
        with context.wrap_socket(conn, server_side=True) as tls:
            tls.sendall(data)
            tls.unwrap()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        session, log = _client(sessions, ca_file=pki.cert("ca"))
        session.connect("localhost", listener.getsockname()[1]).result(10)
        log.wait_for(lambda e: isinstance(e, StateChanged) and e.state is State.PEER_CLOSED, 30)
        received = b"".join(e.data for e in log.of(Received))
        assert received == data and log.dropped == 0
    finally:
        thread.join(10)
        listener.close()


def test_no_half_close_on_tls(sessions, pki) -> None:
    server, port = s_server(pki, "-rev")
    try:
        session, _ = _client(sessions, verify=False)
        session.connect("127.0.0.1", port).result(10)
        with pytest.raises(SessionError, match="TLS has no half-close"):
            session.shutdown_write().result(10)
    finally:
        end(server)


def test_bad_settings_fail_before_connecting(sessions, tmp_path) -> None:
    session, log = _client(sessions, ca_file=str(tmp_path / "missing.pem"))
    with pytest.raises(SessionError, match="no such file"):
        session.connect("127.0.0.1", 9).result(10)
    assert not log.of(StateChanged)
