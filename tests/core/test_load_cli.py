"""The CLI's load tools end to end in subprocesses: files, the generator, capture."""

from __future__ import annotations

import os
import re
import signal
import subprocess

from socklab.core.events import Received, Sent
from socklab.core.files.capture import read_capture
from socklab_cli import run
from socklab_cli import start as start_socklab


def start(*args: str) -> tuple[subprocess.Popen, int]:
    """A listening socklab, and the port it printed."""
    process = start_socklab(*args)
    for line in process.stdout:
        match = re.search(r"(?:bound to|listening on) \S+:(\d+)", line)
        if match:
            return process, int(match.group(1))
    raise AssertionError(process.stderr.read())


def finish(process: subprocess.Popen) -> str:
    try:
        _, errors = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, errors = process.communicate()
        raise AssertionError(f"{process.args} did not end; stderr: {errors}") from None
    assert process.returncode == 0, errors
    return errors


def test_udp_file_through_the_cli_is_byte_identical(tmp_path):
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(300_000))
    out = tmp_path / "out.bin"
    listener, port = start(
        "udp", "listen", "127.0.0.1:0", "--count", "300", "--timeout", "20",
        "--output", str(out), "--quiet",
    )  # fmt: skip
    sent = run(
        "udp", "send", f"127.0.0.1:{port}", "--file", str(source), "--chunk", "1000",
        "--rate", "20000",
    )  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    assert "sent 300 datagrams, 300,000 bytes" in sent.stderr
    assert "[100%]" in sent.stderr
    errors = finish(listener)
    assert "wrote 300000 bytes" in errors
    assert out.read_bytes() == source.read_bytes()


def test_tcp_file_through_the_cli_is_byte_identical(tmp_path):
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(2_000_000))
    out = tmp_path / "out.bin"
    server, port = start("tcp", "serve", "127.0.0.1:0", "--output", str(out), "--quiet")
    sent = run("tcp", "connect", f"127.0.0.1:{port}", "--file", str(source), "--wait", "0")
    assert sent.returncode == 0, sent.stderr
    assert "2,000,000 bytes" in sent.stderr
    # Once the server has seen the client leave, it has read every byte.
    for line in server.stdout:
        if "left:" in line:
            break
    server.send_signal(signal.SIGINT)
    errors = finish(server)
    assert "wrote 2000000 bytes" in errors
    assert out.read_bytes() == source.read_bytes()


def test_generator_with_capture_records_every_datagram(tmp_path):
    capture = tmp_path / "sent.jsonl"
    received = tmp_path / "received.jsonl"
    listener, port = start(
        "udp", "listen", "127.0.0.1:0", "--count", "500", "--timeout", "20", "--quiet",
        "--capture", str(received),
    )  # fmt: skip
    sent = run(
        "udp", "send", f"127.0.0.1:{port}", "abc", "--size", "10", "--rate", "5000",
        "--count", "500", "--capture", str(capture),
    )  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    assert "sent 500 datagrams, 5,000 bytes" in sent.stderr
    assert "captured 502 events" in sent.stderr  # bound, 500 sent, closed
    errors = finish(listener)
    assert "captured 502 events" in errors
    sends = [e for e in read_capture(capture).events if isinstance(e, Sent)]
    assert len(sends) == 500 and {e.data for e in sends} == {b"abcabcabca"}
    arrivals = [e for e in read_capture(received).events if isinstance(e, Received)]
    assert [e.data for e in arrivals] == [b"abcabcabca"] * 500


def test_generator_options_are_checked():
    result = run("udp", "send", "127.0.0.1:9", "--size", "10", "--rate", "5", "--mbps", "1")
    assert result.returncode == 2
    assert "only one" in result.stderr
    result = run("udp", "send", "127.0.0.1:9")
    assert result.returncode == 2 and "DATA" in result.stderr
    result = run("udp", "send", "127.0.0.1:9", "--file", "/no/such/file")
    assert result.returncode == 2 and "--file" in result.stderr
