"""Unix domain sockets (AF_UNIX): addresses, stream and datagram sessions against
real peers (socat and plain sockets), peer credentials, stale files."""

from __future__ import annotations

import os
import socket
import sys

import pytest

from socklab.core import unix
from socklab.core.addresses import AddressError
from socklab.core.errors import SessionError
from socklab.core.events import PeerJoined, Received, SocketCall, format_addr
from socklab.core.files.capture import load_capture
from socklab.core.files.records import to_record
from socklab.core.jobs.generator import GeneratorSpec
from socklab.core.sessions.tcp_client import TcpClientOptions, TcpClientSession
from socklab.core.sessions.tcp_server import AutoReply, TcpServerOptions, TcpServerSession
from socklab.core.sessions.udp import UdpSession
from unix_helpers import abstract_name, finish, socat, wait_for_path

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no AF_UNIX here")


# -- addresses ------------------------------------------------------------------


def test_unix_addresses_are_parsed_and_shown(unix_folder):
    path = os.path.join(unix_folder, "s.sock")
    assert unix.parse_unix(f"unix:{path}") == path
    assert unix.unix_sockaddr("@demo") == "\0demo"
    assert unix.is_unix_text("/tmp/x") and unix.is_unix_text(" @x") and not unix.is_unix_text("h")
    assert format_addr("") == "unnamed"
    assert format_addr(b"\0demo") == "@demo"
    assert format_addr((path, 0)) == path
    assert format_addr("/tmp/\x1b[31m") == "/tmp/\\x1b[31m"  # a peer's name is hostile


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("/tmp/" + "a" * 103, "108 bytes: a Unix socket path may hold at most 107"),
        ("/no/such/unix_folder/s.sock", "the directory '/no/such/unix_folder' does not exist"),
        ("/tmp/a\0b", "cannot contain a NUL character"),
        ("@", "the abstract name after '@' is empty"),
        ("unix:", "the Unix socket path is empty"),
        ("/tmp/", "names a directory"),
    ],
)
def test_bad_unix_addresses_say_what_is_wrong(text, fragment):
    with pytest.raises(AddressError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        unix.parse_unix(text)


def test_a_path_of_107_bytes_fits(unix_folder):
    path = "/tmp/" + "b" * (unix.MAX_PATH_BYTES - 5)
    assert len(path) == unix.MAX_PATH_BYTES and unix.parse_unix(path) == path


def test_abstract_names_are_refused_off_linux(monkeypatch):
    monkeypatch.setattr(unix, "ABSTRACT_OK", False)
    with pytest.raises(AddressError, match="exist only on Linux"):
        unix.parse_unix("@demo")


# -- stream -----------------------------------------------------------------------


def test_server_echoes_to_socat_shows_its_credentials_and_removes_its_file(unix_folder, sessions):
    path = os.path.join(unix_folder, "s.sock")
    server, log = sessions(TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO))
    server.trace = True
    assert server.start(path, 0).result(5) == path
    peer = socat("-t5", "-", f"UNIX-CONNECT:{path}")
    peer.stdin.write(b"hello\n")
    peer.stdin.flush()
    joined = log.wait_for(lambda e: isinstance(e, PeerJoined))
    assert format_addr(joined.peer) == "unnamed"
    stats = server.peer(joined.peer_id)
    assert stats is not None and stats.credentials == unix.Credentials(
        peer.pid, os.getuid(), os.getgid()
    )
    log.wait_for(lambda e: isinstance(e, Received) and e.data == b"hello\n")
    assert peer.stdout.readline() == b"hello\n"  # the echo
    finish(peer)
    calls = [e.call for e in log.of(SocketCall)]
    assert "socket(AF_UNIX, SOCK_STREAM)" in calls and f"bind({path!r})" in calls
    assert "conn.getsockopt(SOL_SOCKET, SO_PEERCRED, 12)" in calls
    server.close().result(5)
    assert not os.path.exists(path)  # SockLab made it: removed on close
    assert f"os.unlink({path!r})" in [e.call for e in log.of(SocketCall)]


def test_client_talks_to_socat_unix_listen(unix_folder, sessions):
    path = os.path.join(unix_folder, "l.sock")
    peer = socat(f"UNIX-LISTEN:{path}", "PIPE")  # echoes what it reads
    wait_for_path(path, peer, listening=True)
    client, log = sessions(TcpClientSession)
    local, remote = client.connect(path, 0).result(5)
    assert (format_addr(local), remote) == ("unnamed", path)
    client.send(b"ping").result(5)
    log.wait_for(lambda e: isinstance(e, Received) and e.data == b"ping")
    client.close().result(5)
    finish(peer)
    assert not os.path.exists(path) or os.stat(path)  # socat's file: not ours to touch


def test_abstract_names_work_both_ways(sessions):
    name = abstract_name()
    server, _ = sessions(TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO))
    assert format_addr(server.start(name, 0).result(5)) == name
    client, log = sessions(TcpClientSession)
    client.connect(name, 0).result(5)
    client.send(b"abstract").result(5)
    log.wait_for(lambda e: isinstance(e, Received) and e.data == b"abstract")


# -- datagram ---------------------------------------------------------------------


def test_datagram_send_binds_a_path_of_its_own_for_replies(unix_folder, sessions):
    target = os.path.join(unix_folder, "d.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as peer:
        peer.bind(target)
        session, log = sessions(UdpSession)
        session.trace = True
        session.send(b"question", target, 0).result(5)
        data, source = peer.recvfrom(100)
        assert data == b"question" and source == session.local_address
        own = session.local_address
        assert os.path.basename(own) == "client.sock" and os.path.exists(own)
        peer.sendto(b"answer", source)
        received = log.wait_for(lambda e: isinstance(e, Received))
        assert (received.data, received.peer) == (b"answer", target)
        session.close().result(5)
    assert not os.path.exists(own) and not os.path.exists(os.path.dirname(own))


def test_datagram_receives_from_socat_sendto_and_an_unnamed_sender(unix_folder, sessions):
    path = os.path.join(unix_folder, "r.sock")
    session, log = sessions(UdpSession)
    session.open(path, 0).result(5)
    sender = socat("-u", "-", f"UNIX-SENDTO:{path}")
    finish_out = sender.communicate(b"from socat", timeout=10)
    assert sender.returncode == 0, finish_out
    event = log.wait_for(lambda e: isinstance(e, Received))
    assert event.data == b"from socat"
    assert format_addr(event.peer) == to_record(event)["peer"] == "unnamed"


def test_datagram_reaches_socat_unix_recvfrom(unix_folder, sessions):
    path = os.path.join(unix_folder, "rf.sock")
    peer = socat("-u", f"UNIX-RECVFROM:{path}", "STDOUT")
    wait_for_path(path, peer)
    session, _ = sessions(UdpSession)
    session.send(b"to socat", path, 0).result(5)
    assert peer.stdout.read(8) == b"to socat"
    finish(peer)


# -- files on disk ------------------------------------------------------------------


def _stale(path: str) -> None:
    """A socket file nothing listens on, as a crashed server leaves it."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(path)


def test_a_stale_file_is_explained_and_only_removed_on_request(unix_folder, sessions):
    path = os.path.join(unix_folder, "stale.sock")
    _stale(path)
    server, _ = sessions(TcpServerSession)
    with pytest.raises(SessionError) as caught:
        server.start(path, 0).result(5)
    assert caught.value.errno_name == "EADDRINUSE"
    assert "nothing listens on it" in str(caught.value) and "stale" in str(caught.value)
    assert os.path.exists(path)  # not ours: never removed silently
    assert unix.is_stale(path)
    unix.remove_stale(path)
    assert server.start(path, 0).result(5) == path


def test_a_live_listener_or_a_plain_file_is_never_removed(unix_folder, sessions):
    path = os.path.join(unix_folder, "live.sock")
    with socket.socket(socket.AF_UNIX) as live:
        live.bind(path)
        live.listen(1)
        server, _ = sessions(TcpServerSession)
        with pytest.raises(SessionError, match="a program is listening on"):
            server.start(path, 0).result(5)
        with pytest.raises(unix.StaleFileError, match="not stale"):
            unix.remove_stale(path)
        assert os.path.exists(path)
    plain = os.path.join(unix_folder, "notes.txt")
    with open(plain, "w") as file:
        file.write("keep me")
    with pytest.raises(unix.StaleFileError, match="is not a socket file"):
        unix.remove_stale(plain)
    assert os.path.exists(plain)


@pytest.mark.skipif(sys.platform != "linux", reason="SO_PEERCRED is Linux's")
def test_credentials_of_a_plain_python_client(unix_folder, sessions):
    path = os.path.join(unix_folder, "c.sock")
    server, log = sessions(TcpServerSession)
    server.start(path, 0).result(5)
    with socket.socket(socket.AF_UNIX) as client:
        client.connect(path)
        joined = log.wait_for(lambda e: isinstance(e, PeerJoined))
        assert str(server.peer(joined.peer_id).credentials) == (
            f"pid {os.getpid()}, uid {os.getuid()}, gid {os.getgid()}"
        )


def test_the_generator_sends_datagrams_to_a_unix_path(unix_folder, sessions):
    path = os.path.join(unix_folder, "g.sock")
    receiver, log = sessions(UdpSession)
    receiver.open(path, 0).result(5)
    sender, _ = sessions(UdpSession)
    progress = sender.generate(GeneratorSpec(size=100, count=300), path, 0)
    assert progress.future.result(20) == 300
    log.wait_until(lambda: receiver.counters.rx_packets == 300)
    assert receiver.counters.rx_bytes == 300 * 100


def test_a_unix_local_address_with_an_ip_destination_is_said(unix_folder, sessions):
    local = os.path.join(unix_folder, "l.sock")
    udp, _ = sessions(UdpSession, auto_bind=(local, 0))
    with pytest.raises(SessionError, match="is a Unix socket: it sends to Unix addresses"):
        udp.send(b"x", "127.0.0.1", 9).result(5)
    client, _ = sessions(TcpClientSession, TcpClientOptions(local_host=local))
    with pytest.raises(SessionError, match="cannot bind an AF_INET socket"):
        client.connect("127.0.0.1", 9).result(5)
    assert not os.path.exists(local)


def test_a_capture_of_unix_peers_loads_back(unix_folder, sessions):
    path = os.path.join(unix_folder, "c.sock")
    capture = os.path.join(unix_folder, "events.jsonl")
    session, log = sessions(UdpSession)
    session.open(path, 0).result(5)
    session.start_capture(capture).result(5)
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as unnamed:
        unnamed.sendto(b"who am I", path)
    log.wait_for(lambda e: isinstance(e, Received))
    assert session.stop_capture().result(5) >= 1
    loaded = [e for e in load_capture(capture) if isinstance(e, Received)]
    assert [(e.data, e.peer, e.local) for e in loaded] == [(b"who am I", "", path)]
