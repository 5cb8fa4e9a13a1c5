"""``--append CHECKSUM``: the CLI's messages carry the checksum to a real receiver."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from socklab.core import checksums
from socklab_cli import run as socklab
from socklab_cli import tcp_connect_received


@pytest.fixture
def udp_peer() -> Iterator[tuple[socket.socket, int]]:
    """A UDP socket on 127.0.0.1 that the CLI sends to, and its port."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)
        yield peer, peer.getsockname()[1]


def test_udp_send_append_modbus_crc_to_a_real_receiver(udp_peer):
    peer, port = udp_peer
    result = socklab(
        "udp", "send", f"127.0.0.1:{port}", "01 03 00 00 00 0A", "--hex",
        "--append", "crc16-modbus", "--count", "2", "--interval", "1",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    got = [peer.recv(100) for _ in range(2)]
    assert got == [bytes.fromhex("01 03 00 00 00 0A C5 CD")] * 2


def test_tcp_connect_append_lrc_after_the_line_ending():
    data = tcp_connect_received(
        "--send", "AB", "--line-ending", "crlf", "--append", "lrc", "--wait", "0"
    )
    body = b"AB\r\n"
    assert data == body + bytes([-sum(body) & 0xFF])


def test_an_unknown_checksum_is_refused_by_name():
    result = socklab("udp", "send", "127.0.0.1:9", "x", "--append", "crc8")
    assert result.returncode == 2
    assert "argument --append: invalid choice: 'crc8'" in result.stderr
    assert "Traceback" not in result.stderr


# -- --template ------------------------------------------------------------------


def test_udp_send_template_count_gives_counters_1_to_n_with_len_and_checksum(udp_peer):
    peer, port = udp_peer
    result = socklab(
        "udp", "send", f"127.0.0.1:{port}", "n={{counter}} len={{len}}", "--template",
        "--append", "xor8", "--count", "12", "--interval", "0",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    got = [peer.recv(100) for _ in range(12)]
    # "n=1 len=9" is 9 bytes; "n=10 len=" is 9 before its own two digits: 11.
    bodies = [f"n={n} len={9 if n < 10 else 11}".encode() for n in range(1, 13)]
    assert [g[:-1] for g in got] == bodies
    assert all(g[-1:] == checksums.checksum(g[:-1], "xor8") for g in got)


def test_template_bad_field_is_said_by_argument():
    result = socklab("udp", "send", "127.0.0.1:9", "ab{{random:x}}", "--template")
    assert result.returncode == 2
    assert "argument DATA: {{random:x}} at column 3: N must be a number 1-1024" in result.stderr
    # Without --template the braces are plain text: nothing to refuse.
    assert socklab("udp", "send", "127.0.0.1:9", "ab{{random:x}}").returncode == 0
