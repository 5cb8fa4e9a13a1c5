"""``--output``: appends as its help says, a full disk is an error (exit 1) when
it happens, ``--skip-headers`` leaves the HTTP header out as the bytes arrive."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading

import pytest

from socklab_cli import run as socklab
from socklab_cli import start


def first_line_with(process: subprocess.Popen, text: str) -> str:
    for line in process.stdout:
        if text in line:
            return line
    raise AssertionError(f"{text!r} never printed; stderr: {process.stderr.read()}")


def port_after(line: str) -> int:
    """The port in 'bound to 127.0.0.1:41400' or 'listening on 127.0.0.1:41400 (...)'."""
    match = re.search(r"(?:to|on) \S+:(\d+)", line)
    assert match, line
    return int(match.group(1))


def one_shot_server(reply: bytes, *, byte_by_byte: bool = False):
    """A TCP server on loopback that answers its first client with ``reply`` and closes."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        with listener:
            conn, _ = listener.accept()
            with conn:
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                conn.recv(1 << 16)  # the request
                if byte_by_byte:
                    for i in range(len(reply)):
                        conn.sendall(reply[i : i + 1])
                else:
                    conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread


def test_every_output_help_says_it_appends():
    said = "--output FILE append the received bytes to FILE (made if missing; never truncated)"
    for command in (["udp", "listen"], ["tcp", "connect"], ["tcp", "serve"]):
        assert said in " ".join(socklab(*command, "--help").stdout.split())


def test_udp_listen_output_appends(tmp_path):
    output = tmp_path / "out.bin"
    output.write_bytes(b"earlier run|")
    listener = start("udp", "listen", "127.0.0.1:0", "--count", "1", "--output", str(output))
    port = port_after(first_line_with(listener, "bound to"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"this run", ("127.0.0.1", port))
    _, err = listener.communicate(timeout=30)
    assert listener.returncode == 0, err
    assert output.read_bytes() == b"earlier run|this run"


def test_tcp_connect_output_appends(tmp_path):
    output = tmp_path / "out.bin"
    output.write_bytes(b"earlier run|")
    port, thread = one_shot_server(b"this run")
    result = socklab(
        "tcp", "connect", f"127.0.0.1:{port}", "--send", "hi", "--read-until-close",
        "--output", str(output),
    )  # fmt: skip
    thread.join(10)
    assert result.returncode == 0, result.stderr
    assert output.read_bytes() == b"earlier run|this run"


def test_tcp_serve_output_appends(tmp_path):
    output = tmp_path / "out.bin"
    output.write_bytes(b"earlier run|")
    server = start("tcp", "serve", "127.0.0.1:0", "--output", str(output), "--timeout", "60")
    port = port_after(first_line_with(server, "listening on"))
    with socket.create_connection(("127.0.0.1", port), 5) as client:
        client.sendall(b"this run")
    first_line_with(server, "this run")  # it has arrived (and been saved)
    server.terminate()
    _, err = server.communicate(timeout=30)
    assert output.read_bytes() == b"earlier run|this run", err


# -- a full disk -------------------------------------------------------------------


def _fails_with_a_full_disk(process: subprocess.Popen) -> None:
    out, err = process.communicate(timeout=30)
    assert process.returncode == 1, (out, err)
    assert "save to /dev/full: no space left on device" in err
    assert "wrote" not in err


def test_udp_listen_to_a_full_disk_fails_at_the_first_datagram():
    listener = start("udp", "listen", "127.0.0.1:0", "--output", "/dev/full")
    port = port_after(first_line_with(listener, "bound to"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"x" * 300, ("127.0.0.1", port))
    _fails_with_a_full_disk(listener)  # no --count, no --timeout: the failure ends it


def test_tcp_serve_to_a_full_disk_fails_at_the_first_chunk():
    server = start("tcp", "serve", "127.0.0.1:0", "--output", "/dev/full")
    port = port_after(first_line_with(server, "listening on"))
    with socket.create_connection(("127.0.0.1", port), 5) as client:
        client.sendall(b"x" * 300)
        _fails_with_a_full_disk(server)


def test_tcp_connect_to_a_full_disk_fails_at_the_first_chunk():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        client = start(
            "tcp", "connect", f"127.0.0.1:{port}", "--read-until-close", "--output", "/dev/full"
        )
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"x" * 300)  # and the connection stays open: the failure ends it
            _fails_with_a_full_disk(client)


# -- --skip-headers -----------------------------------------------------------------

HEADER = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14"
BODY = b"line 1\r\n\r\nend\r\n"


@pytest.mark.parametrize("byte_by_byte", [False, True], ids=["one-send", "byte-by-byte"])
def test_skip_headers_strips_while_receiving(tmp_path, byte_by_byte):
    output = tmp_path / "page.txt"
    port, thread = one_shot_server(HEADER + b"\r\n\r\n" + BODY, byte_by_byte=byte_by_byte)
    result = socklab(
        "tcp", "connect", f"127.0.0.1:{port}", "--send", r"GET / HTTP/1.0\r\n\r\n", "--escapes",
        "--read-until-close", "--output", str(output), "--skip-headers",
    )  # fmt: skip
    thread.join(10)
    assert result.returncode == 0, result.stderr
    assert output.read_bytes() == BODY
    assert f"wrote {len(BODY)} bytes" in result.stderr


def test_skip_headers_without_a_header_end_keeps_everything(tmp_path):
    output = tmp_path / "page.txt"
    port, thread = one_shot_server(b"no header here\nat all")
    result = socklab(
        "tcp", "connect", f"127.0.0.1:{port}", "--send", "GET /", "--read-until-close",
        "--output", str(output), "--skip-headers",
    )  # fmt: skip
    thread.join(10)
    assert result.returncode == 0, result.stderr
    assert output.read_bytes() == b"no header here\nat all"
    assert "no HTTP header end arrived" in result.stderr


def test_skip_headers_appends_the_body_and_never_reads_the_file_back(tmp_path):
    output = tmp_path / "page.txt"
    output.write_bytes(b"earlier page|")
    port, thread = one_shot_server(HEADER + b"\r\n\r\n" + BODY)
    result = socklab(
        "tcp", "connect", f"127.0.0.1:{port}", "--send", "GET /", "--read-until-close",
        "--output", str(output), "--skip-headers",
    )  # fmt: skip
    thread.join(10)
    assert result.returncode == 0, result.stderr
    assert output.read_bytes() == b"earlier page|" + BODY


def test_skip_headers_against_python_http_server(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    page = bytes(range(256)) * 400 + b"\r\n\r\n\n\n"  # bigger than a recv, header ends inside
    (site / "data.bin").write_bytes(page)
    with subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
         "--directory", str(site)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    ) as server:  # fmt: skip
        port = int(first_line_with(server, "Serving HTTP").split(" port ")[1].split()[0])
        output = tmp_path / "data.bin"
        result = socklab(
            "tcp", "connect", f"127.0.0.1:{port}", "--send",
            r"GET /data.bin HTTP/1.0\r\nHost: localhost\r\n\r\n", "--escapes",
            "--read-until-close", "--quiet", "--recv-size", "7", "--output", str(output),
            "--skip-headers",
        )  # fmt: skip
        server.terminate()
    assert result.returncode == 0, result.stderr
    assert output.read_bytes() == page


@pytest.mark.parametrize("option", ["--capture", "--pcap"])
def test_a_capture_to_a_full_disk_is_said_and_exits_1(option):
    listener = start("udp", "listen", "127.0.0.1:0", option, "/dev/full", "--count", "1")
    port = port_after(first_line_with(listener, "bound to"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"x" * 300, ("127.0.0.1", port))
    out, err = listener.communicate(timeout=60)
    assert listener.returncode == 1, (out, err)
    assert "capture to /dev/full: no space left on device" in out + err
    assert "captured" not in err
