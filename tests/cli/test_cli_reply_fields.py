"""Replies made at each reply: ``--template`` fields in ``tcp serve --reply`` and in
the ``--rules`` replies, ``--append``'s checksum on them, and ``--verify`` marking
each message received good or BAD, against real peers (socat, Python sockets)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess

import pytest
from test_cli_output import first_line_with, port_after

from socklab.core import checksums
from socklab_cli import run, start

SOCAT = shutil.which("socat")
needs_socat = pytest.mark.skipif(SOCAT is None, reason="socat is not installed")

RULES = """\
[[rule]]
match = '^PING (\\d+)$'
reply = 'PONG \\1 #{{counter}} {{len}}'
"""


def recv_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        assert chunk, data
        data += chunk
    return data


def test_tcp_serve_numbers_each_reply_and_appends_its_crc():
    server = start(
        "tcp", "serve", "127.0.0.1:0", "--reply", "n={{counter}};", "--template",
        "--append", "crc16-modbus", "--quiet",
    )  # fmt: skip
    port = port_after(first_line_with(server, "listening on"))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        got = []
        for line in (b"a\n", b"b\n", b"c\n"):
            client.sendall(line)
            got.append(recv_exactly(client, 6))  # "n=1;" and two CRC bytes
    server.terminate()
    _, err = server.communicate(timeout=20)
    assert server.returncode == 0, err
    assert got == [checksums.append(f"n={n};".encode(), "crc16-modbus") for n in (1, 2, 3)]


@needs_socat
def test_udp_listen_rules_fill_their_fields_for_socat(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    listener = start(
        "udp", "listen", "127.0.0.1:0", "--rules", str(rules), "--template", "--count", "3",
        "--timeout", "120",  # an orphan (its test killed) still ends
    )  # fmt: skip
    port = port_after(first_line_with(listener, "bound to"))
    replies = []
    for message in (b"PING 7", b"{{counter}}", b"PING 42"):
        done = subprocess.run(
            [SOCAT, "-t", "2", "-", f"UDP:127.0.0.1:{port}"],
            input=message, capture_output=True, timeout=30, check=False,
        )  # fmt: skip
        replies.append(done.stdout)
    _, err = listener.communicate(timeout=30)
    assert listener.returncode == 0, err
    # The peer's own {{counter}} is matched by nothing and never expanded.
    assert replies == [b"PONG 7 #1 12", b"", b"PONG 42 #2 13"]
    assert "sent 2 datagrams, 25 bytes" in err


def test_verify_marks_each_datagram_good_or_bad_in_text_and_json():
    frame = checksums.append(bytes.fromhex("01 03 00 00 00 0a"), "crc16-modbus")
    bad = frame[:-1] + bytes([frame[-1] ^ 0xFF])
    for as_json in (False, True):
        listener = start(
            "udp", "listen", "127.0.0.1:0", "--verify", "crc16-modbus", "--count", "3",
            "--timeout", "120", "--hex", *(["--json"] if as_json else []),
        )  # fmt: skip
        if as_json:
            bound = json.loads(listener.stdout.readline())
            port = int(bound["local"].rsplit(":", 1)[1])
        else:
            port = port_after(first_line_with(listener, "bound to"))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
            for data in (frame, bad, b"\x01"):
                peer.sendto(data, ("127.0.0.1", port))
        out, err = listener.communicate(timeout=30)
        assert listener.returncode == 0, err
        if as_json:
            received = [json.loads(line) for line in out.splitlines()]
            marks = [r["checksum"] for r in received if "checksum" in r]
            assert marks == ["good", "bad", None]
        else:
            lines = [line for line in out.splitlines() if " <- " in line]
            assert "8 B  checksum crc16-modbus good  01 03 00 00 00 0a" in lines[0]
            assert "checksum crc16-modbus BAD" in lines[1]
            assert "1 B  checksum crc16-modbus too short" in lines[2]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["tcp", "serve", "127.0.0.1:0", "--reply", "x {{random:x}}", "--template"],
            "argument --reply: {{random:x}} at column 3: N must be a number 1-1024",
        ),
        (
            ["udp", "listen", "127.0.0.1:0", "--template", "--rules"],
            "line 3: rule[1].reply: {{cnt}} at column 4: unknown field",
        ),
    ],
)
def test_a_bad_field_in_a_reply_is_said_before_anything_runs(tmp_path, args, said):
    if args[-1] == "--rules":
        rules = tmp_path / "rules.toml"
        rules.write_text("[[rule]]\nmatch = 'x'\nreply = 'ok {{cnt}}'\n", encoding="utf-8")
        args = [*args, str(rules)]
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert said in result.stderr
    assert "Traceback" not in result.stderr
