"""The CLI with Unix domain sockets: ``unix:/path`` and ``unix:@name`` wherever
HOST:PORT goes, against socat and plain Python sockets."""

from __future__ import annotations

import os
import signal
import socket

import pytest

from socklab_cli import run as socklab
from socklab_cli import start
from unix_helpers import abstract_name, finish, socat, wait_for_path

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no AF_UNIX here")


def test_tcp_serve_on_a_path_echoes_to_socat_and_removes_its_file(unix_folder):
    path = os.path.join(unix_folder, "s.sock")
    server = start("tcp", "serve", f"unix:{path}", "--echo", "--timeout", "60")
    wait_for_path(path, server, listening=True)
    peer = socat("-t5", "-", f"UNIX-CONNECT:{path}")
    peer.stdin.write(b"ping\n")
    peer.stdin.flush()
    assert peer.stdout.readline() == b"ping\n"
    finish(peer)
    server.send_signal(signal.SIGINT)
    out, err = server.communicate(timeout=20)
    assert f"listening on {path}" in out and "client #1 connected from unnamed" in out, err
    assert not os.path.exists(path)


def test_udp_send_to_socat_recvfrom(unix_folder):
    path = os.path.join(unix_folder, "d.sock")
    peer = socat("-u", f"UNIX-RECVFROM:{path}", "STDOUT")
    wait_for_path(path, peer)
    result = socklab("udp", "send", f"unix:{path}", "hi")
    assert result.returncode == 0, result.stderr
    assert peer.stdout.read(2) == b"hi"
    finish(peer)
    assert "bound to /" in result.stdout and "client.sock" in result.stdout


def test_udp_listen_on_an_abstract_name():
    name = abstract_name()
    listener = start("udp", "listen", f"unix:{name}", "--count", "1", "--timeout", "20")
    assert name in listener.stdout.readline()  # bound
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
        sender.sendto(b"abstract", "\0" + name[1:])
    out, err = listener.communicate(timeout=20)
    assert listener.returncode == 0, err
    assert "<- unnamed" in out and "abstract" in out


@pytest.mark.parametrize(
    ("address", "fragment"),
    [
        ("unix:/no/such/dir/s.sock", "the directory '/no/such/dir' does not exist"),
        ("unix:/tmp/" + "x" * 110, "at most 107 (sun_path)"),
        ("unix:@", "the abstract name after '@' is empty"),
    ],
)
def test_bad_unix_addresses_exit_2_and_say_why(address, fragment):
    result = socklab("tcp", "serve", address)
    assert result.returncode == 2
    assert fragment in result.stderr


def test_a_stale_file_is_explained(unix_folder):
    path = os.path.join(unix_folder, "stale.sock")
    with socket.socket(socket.AF_UNIX) as crashed:
        crashed.bind(path)
    result = socklab("tcp", "serve", f"unix:{path}", "--timeout", "0")
    assert result.returncode != 0
    assert "nothing listens on it" in result.stderr and "stale" in result.stderr
    assert os.path.exists(path)  # not SockLab's: kept


def test_remove_stale_proves_the_file_stale_then_serves(unix_folder):
    path = os.path.join(unix_folder, "stale.sock")
    with socket.socket(socket.AF_UNIX) as crashed:
        crashed.bind(path)
    result = socklab("tcp", "serve", f"unix:{path}", "--remove-stale", "--timeout", "0")
    assert result.returncode == 0, result.stderr
    assert f"removed the stale socket file {path}" in result.stderr
    assert f"listening on {path}" in result.stdout
    assert not os.path.exists(path)  # and SockLab's own file went with it


def test_remove_stale_keeps_a_file_something_listens_on(unix_folder):
    path = os.path.join(unix_folder, "live.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as live:
        live.bind(path)
        result = socklab("udp", "listen", f"unix:{path}", "--remove-stale", "--timeout", "0")
        assert result.returncode == 1
        assert f"remove {path}: a program is listening on {path}" in result.stderr
        assert os.path.exists(path)
