"""``socklab tcp serve --echo`` against a real peer that echoes everything:
the ping-pong stops by itself and the server says why; --max-reply-rate is
checked like every number."""

from __future__ import annotations

import re
import socket
import threading

import pytest

from socklab.core import LOOP_WINDOWS
from socklab_cli import run, start


def _first_line_with(process, text: str) -> str:
    for line in process.stdout:
        if text in line:
            return line
    raise AssertionError(f"{text!r} never printed; stderr: {process.stderr.read()}")


def _echo_everything(sock: socket.socket) -> None:
    """A peer that answers each chunk with itself, until the server closes."""
    with sock:
        try:
            while data := sock.recv(65536):
                sock.sendall(data)
        except OSError:
            pass


def test_tcp_serve_echo_stops_a_loop_with_an_echoing_peer():
    limit = 20
    server = start(
        "tcp", "serve", "127.0.0.1:0", "--echo", "--max-reply-rate", str(limit), "--quiet"
    )
    try:
        listening = _first_line_with(server, "listening on")
        port = int(re.search(r"on \S+:(\d+)", listening).group(1))
        peer = socket.create_connection(("127.0.0.1", port), 10)
        peer_port = peer.getsockname()[1]
        peer.sendall(b"hi")  # the first word: then the two echo each other
        echoer = threading.Thread(target=_echo_everything, args=(peer,), daemon=True)
        echoer.start()
        said = _first_line_with(server, "looks like a loop between two auto-repliers")
        server.terminate()
        _, err = server.communicate(timeout=20)
        echoer.join(20)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert f"auto-reply to 127.0.0.1:{peer_port} paused" in said
    assert f"{limit * LOOP_WINDOWS} replies in" in said
    assert server.returncode == 0, err
    assert not echoer.is_alive()  # the server's end reached the peer


@pytest.mark.parametrize("value", ["-1", "ten", "1.5"])
def test_a_bad_max_reply_rate_exits_2_and_names_the_argument(value):
    result = run("tcp", "serve", "127.0.0.1:0", "--echo", "--max-reply-rate", value)
    assert result.returncode == 2
    assert "--max-reply-rate" in result.stderr
