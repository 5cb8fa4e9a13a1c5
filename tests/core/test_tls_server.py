"""The TCP server over TLS against openssl s_client and Python ssl clients on
loopback: each client's TLS facts, a required client certificate (sent, or not:
said, and the server listens on), a plain client turned away with the reason,
and a handshake under way when the server stops."""

from __future__ import annotations

import socket
import ssl

from socklab.core.events import Failed, PeerJoined, Received, SocketCall, State, StateChanged
from tls_peers import end, needs_openssl, read_line_until, s_client
from tls_peers import tls_echo_server as _server

pytestmark = needs_openssl


def _python_client(pki, port: int, *, cert: bool = False) -> ssl.SSLSocket:
    context = ssl.create_default_context(cafile=pki.cert("ca"))
    if cert:
        context.load_cert_chain(pki.cert("client"), pki.key("client"))
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return context.wrap_socket(sock, server_hostname="localhost")


def test_echo_to_openssl_s_client(sessions, pki) -> None:
    session, log, port = _server(sessions, pki, alpn=("h2",))
    client = s_client(port, "-CAfile", pki.cert("ca"), "-alpn", "h2", "-quiet")
    try:
        joined = log.wait_for(lambda e: isinstance(e, PeerJoined), 10)
        info = session.peer(joined.peer_id).tls
        assert info.version in ("TLSv1.2", "TLSv1.3") and info.alpn == "h2"
        assert info.peer_cert is None  # no client certificate asked for
        client.stdin.write(b"hello over tls\n")
        client.stdin.flush()
        log.wait_for(lambda e: isinstance(e, Received) and b"hello over tls" in e.data, 10)
        assert "hello over tls" in read_line_until(client, "hello over tls")
        calls = [e.call for e in log.of(SocketCall)]
        assert "do_handshake()" in calls and "getpeercert()" in calls
    finally:
        end(client)


def test_required_client_certificate_sent(sessions, pki) -> None:
    session, log, port = _server(
        sessions, pki, verify=True, ca_file=pki.cert("ca"), require_client_cert=True
    )
    with _python_client(pki, port, cert=True) as client:
        client.sendall(b"ping")
        assert client.recv(100) == b"ping"
        joined = log.wait_for(lambda e: isinstance(e, PeerJoined), 10)
        info = session.peer(joined.peer_id).tls
        assert info.verified and info.peer_cert.subject == "CN=socklab client"


def test_required_client_certificate_missing_is_said(sessions, pki) -> None:
    _, log, port = _server(
        sessions, pki, verify=True, ca_file=pki.cert("ca"), require_client_cert=True
    )
    with _python_client(pki, port) as client:  # TLS 1.3: the client's handshake ends first
        try:
            client.sendall(b"x")
            assert client.recv(100) == b""  # the server's alert, then its close
        except (ssl.SSLError, ConnectionError):
            pass
    failed = log.wait_for(lambda e: isinstance(e, Failed), 10)
    assert failed.errno_name == "TLS_CERT_REQUIRED"
    assert "sent no certificate" in failed.message
    assert not log.of(PeerJoined)


def test_a_plain_client_is_turned_away_and_the_server_listens_on(sessions, pki) -> None:
    _, log, port = _server(sessions, pki)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as plain:
        plain.sendall(b"hello, I speak plain TCP\r\n")
        failed = log.wait_for(lambda e: isinstance(e, Failed), 10)
    assert failed.errno_name == "TLS_WRONG_VERSION"
    assert failed.operation.startswith("TLS handshake with 127.0.0.1:")
    with _python_client(pki, port) as client:
        client.sendall(b"still here")
        assert client.recv(100) == b"still here"


def test_stop_ends_a_handshake_under_way(sessions, pki) -> None:
    session, log, port = _server(sessions, pki)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as silent:
        log.wait_for(lambda e: isinstance(e, SocketCall) and "wrap_socket" in e.call, 10)
        session.close().result(10)
        log.wait_for(lambda e: isinstance(e, StateChanged) and e.state is State.STOPPED, 10)
        assert silent.recv(10) == b""  # closed by the server, not left hanging
    assert not log.of(Failed) and not log.of(PeerJoined)


def test_a_clients_tls_facts_stay_readable_after_it_left(sessions, pki) -> None:
    """A quick client may be gone before its join is read (the command line says
    each client's TLS facts): peer() is None then, peer_tls() still answers."""
    from socklab.core.events import PeerLeft

    session, log, port = _server(sessions, pki)
    with _python_client(pki, port) as client:
        client.sendall(b"bye")
        assert client.recv(100) == b"bye"
    left = log.wait_for(lambda e: isinstance(e, PeerLeft), 10)
    assert session.peer(left.peer_id) is None
    assert session.peer_tls(left.peer_id).version in ("TLSv1.2", "TLSv1.3")
    assert session.peer_tls(left.peer_id + 1) is None
