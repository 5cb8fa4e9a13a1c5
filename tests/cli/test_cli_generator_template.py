"""``--template`` with the generator (``--rate``/``--fast``/``--count``): DATA
expanded per packet, counters 1..N with no gap at a real peer, the checksum
after each; over TCP the stream is their concatenation."""

from __future__ import annotations

import socket

from socklab.core import checksums
from socklab_cli import run as socklab
from socklab_cli import tcp_connect_received

COUNT = 1000


def test_udp_send_fast_template_counts_1_to_n_with_len_and_crc():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        peer.settimeout(10)
        result = socklab(
            "udp", "send", f"127.0.0.1:{peer.getsockname()[1]}", "seq {{counter}} len={{len}}",
            "--template", "--append", "crc16-modbus", "--count", str(COUNT), "--fast",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        got = [peer.recv(100) for _ in range(COUNT)]
        peer.settimeout(0)
        try:
            extra = peer.recv(100)
        except BlockingIOError:
            extra = None
    assert extra is None
    bodies = [g[:-2] for g in got]
    assert bodies == [f"seq {n} len={len(f'seq {n} len=10')}".encode() for n in range(1, COUNT + 1)]
    assert all(g[-2:] == checksums.checksum(g[:-2], "crc16-modbus") for g in got)
    assert "template fields: each datagram its own payload, no GSO" in result.stderr


def test_udp_send_paced_template_at_a_rate():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)
        result = socklab(
            "udp", "send", f"127.0.0.1:{peer.getsockname()[1]}", "{{counter}}", "--hex",
            "--template", "--rate", "2000", "--count", "40",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        got = [peer.recv(100) for _ in range(40)]
    assert got == [n.to_bytes(4, "big") for n in range(1, 41)]  # hex mode: 4 bytes big-endian


def test_tcp_connect_template_generator_stream_is_the_concatenation():
    data = tcp_connect_received(
        "--payload", "<{{counter}}>", "--template", "--count", str(COUNT), "--fast",
        "--wait", "0", "--quiet",
    )  # fmt: skip
    assert data == b"".join(f"<{n}>".encode() for n in range(1, COUNT + 1))


def test_tcp_connect_payload_without_template_repeats_it():
    data = tcp_connect_received(
        "--payload", "ab{{counter}}", "--count", "3", "--fast", "--wait", "0", "--quiet"
    )
    assert data == b"ab{{counter}}" * 3  # without --template the braces are plain text


def test_template_with_size_is_refused_by_argument():
    result = socklab(
        "udp", "send", "127.0.0.1:9", "{{counter}}", "--template", "--size", "100", "--rate", "10"
    )
    assert result.returncode == 2
    assert "argument --size: with --template each packet is DATA expanded" in result.stderr


def test_tcp_payload_without_a_generator_option_is_refused():
    result = socklab("tcp", "connect", "127.0.0.1:9", "--payload", "x")
    assert result.returncode == 2
    assert "argument --payload: the generator's blocks; give --rate" in result.stderr
