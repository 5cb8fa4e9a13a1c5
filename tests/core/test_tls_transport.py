"""The TLS transport (core/sessions/tls_transport.py) against real peers on
loopback: large streams byte-exact each way through a TLS server and a TLS
client (socat's openssl-connect / openssl-listen), the close_notify each way
(openssl s_client tells a clean close from a cut one; a Python ssl peer that
refuses a missing close_notify), a peer that resets in the middle of a
transfer each way, and many TLS clients at once with echo and send-to-all."""

from __future__ import annotations

import os
import socket
import ssl
import struct
import subprocess

from relay_peers import need, socat_server
from socklab.core import Phase, Reason, TcpClientSession
from socklab.core.events import PeerJoined, PeerLeft, State, StateChanged
from socklab.core.sessions.tcp_client import TcpClientOptions
from socklab.core.sessions.tcp_server import TcpServerOptions, TcpServerSession
from socklab.core.tls import TlsOptions
from tls_peers import end, needs_openssl, s_client
from tls_peers import tls_echo_server as _echo_server

pytestmark = needs_openssl

#: Larger than every buffer on the way (socket buffers, the write high-water mark).
LARGE = 16 << 20


def _server(sessions, pki) -> tuple[TcpServerSession, object, int]:
    """A TLS server session without auto-reply (the CA's ``server`` certificate)."""
    tls = TlsOptions(cert_file=pki.cert("server"), key_file=pki.key("server"), verify=False)
    session, log = sessions(TcpServerSession, TcpServerOptions(tls=tls))
    return session, log, session.start("127.0.0.1", 0).result(10)[1]


def _client(sessions) -> tuple[TcpClientSession, object]:
    return sessions(TcpClientSession, TcpClientOptions(tls=TlsOptions(verify=False)))


def _source(tmp_path) -> tuple[object, bytes]:
    data = os.urandom(LARGE)
    path = tmp_path / "source.bin"
    path.write_bytes(data)
    return path, data


def _socat(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [need("socat"), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def _finished(process: subprocess.Popen) -> int:
    """socat's exit status (a bound for a hung peer, not a timing)."""
    try:
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    return process.returncode


def _python_tls_client(port: int) -> ssl.SSLSocket:
    """A Python ssl client that refuses an end without close_notify."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return context.wrap_socket(sock, suppress_ragged_eofs=False)


def _reset(sock: socket.socket) -> None:
    """Close with a reset (RST), not a FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_a_large_stream_each_way_through_a_tls_server(sessions, pki, tmp_path) -> None:
    server, log, port = _server(sessions, pki)
    source, data = _source(tmp_path)
    peer = f"OPENSSL:127.0.0.1:{port},verify=0"

    # socat -> server: every byte, then the peer's end is a clean close.
    received = tmp_path / "received.bin"
    saving = server.receive_to_file(received)
    sender = _socat("-u", f"OPEN:{source}", peer)
    left = log.wait_for(lambda e: isinstance(e, PeerLeft), 30)
    assert _finished(sender) == 0
    assert (left.state, left.bytes_in) == (State.PEER_CLOSED, LARGE)
    log.wait_until(lambda: saving.bytes == LARGE)
    assert received.read_bytes() == data

    # server -> socat: the file whole, then our close.
    copied = tmp_path / "copied.bin"
    receiver = _socat("-u", peer, f"CREATE:{copied}")
    joined = log.wait_for(lambda e: isinstance(e, PeerJoined) and e.peer_id != left.peer_id, 10)
    progress = server.send_file(source, [joined.peer_id])
    progress.future.result(30)
    assert server.kick([joined.peer_id]).result(10) == 1
    assert _finished(receiver) == 0
    assert copied.read_bytes() == data


def test_a_large_stream_each_way_through_a_tls_client(sessions, pki, tmp_path) -> None:
    source, data = _source(tmp_path)
    listen = f"OPENSSL-LISTEN:0,bind=127.0.0.1,cert={pki.cert('server')},key={pki.key('server')}"

    # socat -> client (-U: from the file to the listening address).
    with socat_server("-U", f"{listen},verify=0", f"OPEN:{source}") as (sender, port):
        client, log = _client(sessions)
        received = tmp_path / "received.bin"
        saving = client.receive_to_file(received)  # from the first byte on
        client.connect("127.0.0.1", port).result(10)
        log.wait_for(lambda e: isinstance(e, StateChanged) and e.state is State.PEER_CLOSED, 30)
        assert _finished(sender) == 0
    log.wait_until(lambda: saving.bytes == LARGE)
    assert received.read_bytes() == data

    # client -> socat, then our close.
    copied = tmp_path / "copied.bin"
    with socat_server("-u", f"{listen},verify=0", f"CREATE:{copied}") as (receiver, port):
        client, log = _client(sessions)
        client.connect("127.0.0.1", port).result(10)
        client.send_file(source).future.result(30)
        client.close().result(10)
        assert _finished(receiver) == 0
    assert copied.read_bytes() == data


def test_our_close_is_a_close_notify(sessions, pki) -> None:
    """openssl s_client ends with status 0 on a close_notify, and with 1 and
    "unexpected eof while reading" when the connection just ends."""
    server, log, port = _server(sessions, pki)
    client = s_client(port, "-quiet")
    try:
        joined = log.wait_for(lambda e: isinstance(e, PeerJoined), 10)
        server.send(b"last words\n", [joined.peer_id]).result(10)
        server.kick([joined.peer_id]).result(10)
        out, _ = client.communicate(timeout=30)
    finally:
        end(client)
    assert b"last words" in out and b"unexpected eof" not in out, out
    assert client.returncode == 0, out


def test_the_peers_close_notify_ends_the_stream_and_is_answered(sessions, pki) -> None:
    """A peer sends, then its close_notify, and waits for ours (unwrap): every
    byte arrives, its end is a clean close, and our close_notify comes back."""
    _, log, port = _server(sessions, pki)
    data = os.urandom(4 << 20)
    with _python_tls_client(port) as peer:
        peer.sendall(data)
        plain = peer.unwrap()  # raises if the server only closed the connection
        plain.close()
    left = log.wait_for(lambda e: isinstance(e, PeerLeft), 10)
    assert (left.state, left.reason, left.bytes_in) == (
        State.PEER_CLOSED,
        Reason.PEER_CLOSED,
        len(data),
    )


def test_a_client_whose_peer_resets_mid_transfer_says_so(sessions, pki, tmp_path) -> None:
    source, _ = _source(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.cert("server"), pki.key("server"))
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(10)
        client, log = _client(sessions)
        future = client.connect(*listener.getsockname())
        conn, _ = listener.accept()
        peer = context.wrap_socket(conn, server_side=True)
        future.result(10)
        progress = client.send_file(source)
        got = 0
        while got < 5 << 20:  # more than the first write, then go
            got += len(peer.recv(1 << 16))
        _reset(peer)
        error = progress.future.exception(30)
    snap = progress.snapshot()
    assert (snap.phase, snap.reason) == (Phase.FAILED, Reason.PEER_RESET), error
    assert 0 < snap.bytes < LARGE  # counted by the batch, the last one cut short
    ended = log.wait_for(lambda e: isinstance(e, StateChanged) and e.state is State.RESET, 10)
    assert ended.reason is Reason.PEER_RESET


def test_a_server_whose_client_resets_mid_transfer_says_so(sessions, pki) -> None:
    server, log, port = _server(sessions, pki)
    peer = _python_tls_client(port)
    joined = log.wait_for(lambda e: isinstance(e, PeerJoined), 10)
    peer.sendall(os.urandom(2 << 20))
    log.wait_until(lambda: server.peer(joined.peer_id).bytes_in > 0)  # in the middle of it
    _reset(peer)
    left = log.wait_for(lambda e: isinstance(e, PeerLeft), 10)
    assert (left.state, left.reason) == (State.RESET, Reason.PEER_RESET)
    assert 0 < left.bytes_in <= 2 << 20


def test_many_tls_clients_echo_and_send_to_all(sessions, pki) -> None:
    count = 40
    server, log, port = _echo_server(sessions, pki)
    peers = [_python_tls_client(port) for _ in range(count)]
    try:
        log.wait_until(lambda: server.peer_count == count, 30)
        for number, peer in enumerate(peers):
            line = f"hello from {number}\n".encode()
            peer.sendall(line)
            assert _read(peer, len(line)) == line
        assert server.send(b"to all\n").result(10) == count
        for peer in peers:
            assert _read(peer, 7) == b"to all\n"
    finally:
        for peer in peers:
            peer.close()
    log.wait_until(lambda: server.peer_count == 0, 30)


def _read(sock: ssl.SSLSocket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data
