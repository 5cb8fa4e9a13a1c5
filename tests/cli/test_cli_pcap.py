"""``--pcap FILE`` on every subcommand: a Wireshark file of what the command
did, read back by the real tshark; a file that cannot be written is said."""

from __future__ import annotations

import signal
import socket

import pytest
from test_cli_output import first_line_with, one_shot_server, port_after

from socklab.cli.arguments import build_parser
from socklab_cli import run as socklab
from socklab_cli import start
from tshark_files import fields, follow, needs_tshark

HOSTILE = bytes(range(256)) + b"\x1b]0;title\x07\r\n"


@pytest.mark.parametrize(
    "command",
    [
        ["udp", "send", "h:1"],
        ["udp", "listen", "1"],
        ["tcp", "connect", "h:1"],
        ["tcp", "serve", "1"],
    ],
)
def test_every_subcommand_takes_pcap(command):
    args = build_parser().parse_args([*command, "--pcap", "out.pcapng"])
    assert str(args.pcap) == "out.pcapng"


@needs_tshark
def test_tcp_serve_records_a_stream_wireshark_follows(tmp_path):
    path = tmp_path / "serve.pcapng"
    server = start("tcp", "serve", "127.0.0.1:0", "--echo", "--pcap", str(path))
    port = port_after(first_line_with(server, "listening on"))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(HOSTILE)
        echoed = b""
        while len(echoed) < len(HOSTILE):
            chunk = client.recv(4096)
            assert chunk
            echoed += chunk
        local = client.getsockname()
    first_line_with(server, "left")
    server.send_signal(signal.SIGINT)
    _, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert f"to {path}" in err
    (stream,) = follow(path, 1).values()
    assert stream == {f"127.0.0.1:{local[1]}": HOSTILE, f"127.0.0.1:{port}": echoed}


#: tshark's fields of a UDP packet: addresses, ports, payload, checksum status (1: good).
UDP_FIELDS = (
    "ip.src", "udp.srcport", "ip.dst", "udp.dstport", "udp.payload", "udp.checksum.status"
)  # fmt: skip


@needs_tshark
def test_udp_send_from_an_automatic_port_records_the_address_it_sent_from(tmp_path):
    """An unbound sender's first sendto binds 0.0.0.0:port; the packets say
    127.0.0.1, the address the kernel sent them from, as a capture of the wire would."""
    path = tmp_path / "send.pcapng"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)
        port = peer.getsockname()[1]
        result = socklab(
            "udp", "send", f"127.0.0.1:{port}", HOSTILE.hex(), "--hex", "--count", "2",
            "--interval", "1", "--pcap", str(path),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        got = [peer.recvfrom(1000) for _ in range(2)]
    assert "bound to 0.0.0.0:" in result.stdout
    source = str(got[0][1][1])
    row = ["127.0.0.1", source, "127.0.0.1", str(port), HOSTILE.hex(), "1"]
    assert fields(path, *UDP_FIELDS) == [row, row]
    assert [data for data, _ in got] == [HOSTILE, HOSTILE]


@needs_tshark
def test_udp_listen_records_both_ways_with_its_rule_replies(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text("[[rule]]\nmatch = '^PING (\\d+)$'\nreply = 'PONG \\1'\n")
    path = tmp_path / "listen.pcapng"
    listener = start(
        "udp", "listen", "0.0.0.0:0", "--rules", str(rules), "--count", "2",
        "--timeout", "120", "--pcap", str(path),
    )  # fmt: skip
    port = port_after(first_line_with(listener, "bound to"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)
        mine = str(peer.getsockname()[1])
        peer.sendto(b"PING 7", ("127.0.0.1", port))
        assert peer.recv(100) == b"PONG 7"
        peer.sendto(HOSTILE, ("127.0.0.1", port))
        _, err = listener.communicate(timeout=60)
    assert listener.returncode == 0, err
    there, here = ["127.0.0.1", mine], ["127.0.0.1", str(port)]
    assert fields(path, *UDP_FIELDS) == [
        [*there, *here, b"PING 7".hex(), "1"],
        [*here, *there, b"PONG 7".hex(), "1"],
        [*there, *here, HOSTILE.hex(), "1"],
    ]


@needs_tshark
def test_tcp_connect_records_a_stream_wireshark_follows(tmp_path):
    path = tmp_path / "connect.pcapng"
    answer = HOSTILE[::-1]
    port, server = one_shot_server(answer)
    result = socklab(
        "tcp", "connect", f"127.0.0.1:{port}", "--send", HOSTILE.hex(), "--hex",
        "--read-until-close", "--pcap", str(path),
    )  # fmt: skip
    server.join(10)
    assert result.returncode == 0, result.stderr
    (stream,) = follow(path, 1).values()
    client = next(node for node in stream if node != f"127.0.0.1:{port}")
    assert stream == {client: HOSTILE, f"127.0.0.1:{port}": answer}


def test_a_pcap_that_cannot_be_opened_names_the_argument(tmp_path):
    missing = tmp_path / "no such folder" / "x.pcapng"
    jsonl = tmp_path / "c.jsonl"
    args = ["udp", "listen", "127.0.0.1:0", "--timeout", "0", "--capture", str(jsonl)]
    result = socklab(*args, "--pcap", str(missing))
    assert result.returncode == 2, result.stderr
    assert f"argument --pcap: cannot write {missing}: " in result.stderr
    assert "Traceback" not in result.stderr
