"""``--pcap FILE`` on every subcommand: a Wireshark file of what the command
did, read back by the real tshark; a file that cannot be written is said."""

from __future__ import annotations

import signal
import socket

import pytest
from test_cli_output import first_line_with, port_after

from socklab.cli.arguments import build_parser
from socklab_cli import run as socklab
from socklab_cli import start
from tshark_files import follow, needs_tshark

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


def test_a_pcap_that_cannot_be_opened_names_the_argument(tmp_path):
    missing = tmp_path / "no such folder" / "x.pcapng"
    jsonl = tmp_path / "c.jsonl"
    args = ["udp", "listen", "127.0.0.1:0", "--timeout", "0", "--capture", str(jsonl)]
    result = socklab(*args, "--pcap", str(missing))
    assert result.returncode == 2, result.stderr
    assert f"argument --pcap: cannot write {missing}: " in result.stderr
    assert "Traceback" not in result.stderr
