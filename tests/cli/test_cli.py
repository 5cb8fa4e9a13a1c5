"""The headless CLI, end to end in subprocesses against real sockets."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys

import pytest

from socklab.cli import EXIT_INTERRUPTED
from socklab_cli import run as socklab
from socklab_cli import start


def first_line_with(process: subprocess.Popen, text: str) -> str:
    for line in process.stdout:
        if text in line:
            return line
    errors = process.stderr.read() if process.stderr else ""
    raise AssertionError(f"{text!r} never printed; stderr: {errors}")


def port_of(line: str) -> int:
    """The port in 'bound to 127.0.0.1:41400' or 'listening on 127.0.0.1:41400 (...)'."""
    match = re.search(r"(?:to|on) \S+:(\d+)", line)
    assert match, line
    return int(match.group(1))


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- udp ---------------------------------------------------------------------


def test_udp_send_reaches_a_peer_with_hex_and_count():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)
        port = peer.getsockname()[1]
        result = socklab(
            "udp",
            "send",
            f"127.0.0.1:{port}",
            "48 65 6c 6c 6f",
            "--hex",
            "--count",
            "3",
            "--interval",
            "5",
        )
        assert result.returncode == 0, result.stderr
        got = [peer.recvfrom(100) for _ in range(3)]
    assert [data for data, _ in got] == [b"Hello"] * 3
    assert len({source for _, source in got}) == 1  # one socket, one ephemeral port
    assert result.stdout.count("->") == 3 and "48 65 6c 6c 6f" in result.stdout
    assert "bound to 0.0.0.0:" in result.stdout
    assert "sent 3 datagrams, 15 bytes" in result.stderr


def test_udp_listen_and_send_round_trip_with_json():
    listener = start("udp", "listen", "127.0.0.1:0", "--count", "2", "--timeout", "20", "--json")
    try:
        bound = json.loads(listener.stdout.readline())
        assert bound["event"] == "state" and bound["state"] == "bound"
        port = int(bound["local"].rsplit(":", 1)[1])
        first = socklab("udp", "send", f"127.0.0.1:{port}", r"tab\there\n", "--escapes")
        second = socklab("udp", "send", f"127.0.0.1:{port}", "已收到", "--encoding", "gbk")
        assert first.returncode == second.returncode == 0
        out, err = listener.communicate(timeout=20)
    finally:
        listener.kill()
    assert listener.returncode == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    received = [r for r in records if r["event"] == "received"]
    assert [bytes.fromhex(r["hex"]) for r in received] == [
        b"tab\there\n",
        "已收到".encode("gbk"),
    ]
    assert received[0]["text"] == r"tab\there\n"
    assert "received 2 datagrams" in err


def test_udp_listen_times_out_when_count_not_reached():
    result = socklab(
        "udp", "listen", f"127.0.0.1:{free_udp_port()}", "--count", "1", "--timeout", "0.3"
    )
    assert result.returncode == 1
    assert "received 0 of 1 datagrams" in result.stderr


def test_udp_listen_shows_truncation():
    listener = start("udp", "listen", "127.0.0.1:0", "--count", "1", "--bufsize", "4")
    try:
        port = port_of(first_line_with(listener, "bound to"))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.sendto(b"0123456789", ("127.0.0.1", port))
        out, _ = listener.communicate(timeout=20)
    finally:
        listener.kill()
    assert "4 of 10 B (truncated)  0123" in out


# -- tcp ---------------------------------------------------------------------


def test_tcp_http_get_exercise_saves_the_body(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    page = "<html><body>你好, SockLab</body></html>\n".encode()
    (site / "index.html").write_bytes(page)
    with subprocess.Popen(
        [
            sys.executable,
            "-u",
            "-m",
            "http.server",
            "0",
            "--bind",
            "127.0.0.1",
            "--directory",
            str(site),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as server:
        banner = first_line_with(server, "Serving HTTP")  # printed once it listens
        port = int(banner.split(" port ")[1].split()[0])
        output = tmp_path / "page.html"
        result = socklab(
            "tcp",
            "connect",
            f"127.0.0.1:{port}",
            "--send",
            r"GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n",
            "--escapes",
            "--read-until-close",
            "--output",
            str(output),
            "--skip-headers",
        )
        server.terminate()
    assert result.returncode == 0, result.stderr
    assert output.read_bytes() == page
    assert "the peer finished sending" in result.stdout
    assert f"wrote {len(page)} bytes" in result.stderr


def test_tcp_serve_echo_and_connect():
    server = start("tcp", "serve", "127.0.0.1:0", "--echo", "--timeout", "60")
    client = None
    try:
        port = port_of(first_line_with(server, "listening on"))
        # The client listens for replies until --wait ends or it is interrupted:
        # interrupt it once it has shown the echo (no window to hope it fits in).
        client = start("tcp", "connect", f"127.0.0.1:{port}", "--send", "ping", "--wait", "60")
        echoed = first_line_with(client, "<- 127.0.0.1:")
        client.send_signal(signal.SIGINT)
        _, client_errors = client.communicate(timeout=20)
        with socket.create_connection(("127.0.0.1", port), 5) as raw:
            raw.sendall(b"direct")
            assert raw.recv(10) == b"direct"
        server.terminate()
        out, err = server.communicate(timeout=20)
    finally:
        server.kill()
        if client is not None:
            client.kill()
    assert "ping" in echoed
    assert client.returncode == EXIT_INTERRUPTED, client_errors
    assert server.returncode == 0, err
    assert out.count("connected from 127.0.0.1") == 2
    assert "received 2 chunks, 10 bytes; sent 2 chunks, 10 bytes" in err


def test_tcp_serve_reply_and_close_word():
    server = start(
        "tcp",
        "serve",
        "127.0.0.1:0",
        "--reply",
        "已收到",
        "--close-on",
        "exit",
        "--encoding",
        "gbk",
        "--timeout",
        "20",
    )
    try:
        port = port_of(first_line_with(server, "listening on"))
        with socket.create_connection(("127.0.0.1", port), 5) as raw:
            raw.sendall("你好".encode("gbk"))
            assert raw.recv(100) == "已收到".encode("gbk")
            raw.sendall(b"exit")
            assert raw.recv(100) == b""
        server.terminate()
        out, _ = server.communicate(timeout=20)
    finally:
        server.kill()
    assert "the client sent 'exit'" in out


def test_connect_refused_is_a_network_failure():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = socklab("tcp", "connect", f"127.0.0.1:{port}", "--send", "x")
    assert result.returncode == 1
    assert f"connect to 127.0.0.1:{port}: connection refused" in result.stderr


def test_bind_in_use_is_a_network_failure():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        result = socklab("udp", "listen", f"127.0.0.1:{port}", "--timeout", "1")
    assert result.returncode == 1
    assert f"port {port} is already in use" in result.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["udp", "send", "127.0.0.1:70000", "x"], "HOST:PORT"),
        (["udp", "send", "127.0.0.1:abc", "x"], "port must be a number"),
        (["udp", "send", ":9", "x"], "HOST:PORT"),
        (["udp", "send", "127.0.0.1:9", "zz", "--hex"], "hex digit expected"),
        (["udp", "send", "127.0.0.1:9", "é", "--encoding", "ascii"], "cannot be encoded"),
        (["udp", "send", "127.0.0.1:9", "x", "--encoding", "klingon"], "unknown encoding"),
        (["udp", "listen", "99999"], "[ADDR:]PORT"),
        (["tcp", "connect", "localhost", "--send", "x"], "missing port"),
        (["tcp", "serve", "8080", "--max-clients", "many"], "--max-clients"),
        (["tcp", "frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_and_names_the_argument(args, fragment):
    result = socklab(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_version():
    result = socklab("--version")
    assert result.returncode == 0 and result.stdout.startswith("socklab ")
