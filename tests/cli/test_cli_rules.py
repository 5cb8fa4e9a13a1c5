"""``--rules FILE`` on ``udp listen`` and ``tcp serve`` against real clients
(Python sockets, socat), and a bad file said with its line and key (exit 2)."""

from __future__ import annotations

import re
import socket

import pytest

from socklab_cli import run, start

RULES = """\
[[rule]]
match = '^PING (\\d+)$'
reply = 'PONG \\1\\n'

[[rule]]
match_hex = "01 03 ?? ??"
reply_hex = "01 83 02"
"""


def _port(process, word: str) -> int:
    for line in process.stdout:
        if word in line:
            return int(re.search(r"\S+:(\d+)", line.split(word, 1)[1]).group(1))
    raise AssertionError(f"{word!r} never printed; stderr: {process.stderr.read()}")


@pytest.fixture
def rules_file(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(RULES)
    return path


def test_tcp_serve_rules_answer_a_real_client(rules_file):
    server = start("tcp", "serve", "127.0.0.1:0", "--rules", str(rules_file), "--quiet")
    port = _port(server, "listening on")
    with socket.create_connection(("127.0.0.1", port), 10) as client:
        client.settimeout(10)
        client.sendall(b"PING 9\n")
        assert client.recv(100) == b"PONG 9\n"
        client.sendall(b"\x01\x03\x00\x10")
        assert client.recv(100) == b"\x01\x83\x02"
    server.terminate()
    _, err = server.communicate(timeout=20)
    assert server.returncode == 0, err
    assert "sent 2 chunks, 10 bytes" in err


def test_udp_listen_rules_answer_the_datagrams_source(rules_file):
    server = start(
        "udp", "listen", "127.0.0.1:0", "--rules", str(rules_file), "--count", "2", "--quiet"
    )
    port = _port(server, "bound to")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.settimeout(10)
        peer.sendto(b"PING 41\n", ("127.0.0.1", port))
        assert peer.recvfrom(100) == (b"PONG 41\n", ("127.0.0.1", port))
        peer.sendto(b"no rule", ("127.0.0.1", port))
    _, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert "received 2 datagrams" in err and "sent 1 datagrams, 8 bytes" in err


@pytest.mark.parametrize("action", [("tcp", "serve"), ("udp", "listen")])
def test_a_bad_rules_file_is_said_with_its_line_and_key(tmp_path, action):
    path = tmp_path / "bad.toml"
    path.write_text(
        "[[rule]]\nmatch = 'ok'\nreply = 'x'\n\n[[rule]]\nmatch = 'PING (\\d+'\nreply = 'x'\n"
    )
    result = run(*action, "127.0.0.1:0", "--rules", str(path))
    assert result.returncode == 2
    assert (
        f"argument --rules: {path}: line 6: rule[2].match: regular expression error at "
        "column 6: missing ), unterminated subpattern" in result.stderr
    )
    assert "Traceback" not in result.stderr
