"""``socklab tcp connect`` against a real peer that half-closes at once
(shutdown(SHUT_WR)) and reads on: every line it was asked to send still goes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from socklab_cli import env


def _wait_for_text(path: Path, words: tuple[str, ...], process: subprocess.Popen) -> str:
    """The capture file's text once it holds one of ``words`` (polled: the CLI
    flushes its capture as it goes)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if any(word in text for word in words):
            return text
        try:  # look again in 20 ms, unless the client ended meanwhile
            process.wait(0.02)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"the client ended: {process.communicate()}")
    raise AssertionError(f"none of {words} in the capture")


def test_tcp_connect_keeps_sending_after_the_peers_fin(tmp_path):
    capture = tmp_path / "events.jsonl"
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(20)
        command = [sys.executable, "-m", "socklab", "tcp", "connect"]
        address = f"127.0.0.1:{listener.getsockname()[1]}"
        options = ["--stdin", "--capture", str(capture)]
        with subprocess.Popen(
            [*command, address, *options],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
        ) as client:
            try:
                peer, _ = listener.accept()
                with peer:
                    peer.settimeout(20)
                    peer.shutdown(socket.SHUT_WR)
                    # The client has seen the FIN before it reads its first line.
                    _wait_for_text(capture, ('"peer-finished"', '"peer-closed"'), client)
                    out, err = client.communicate("one\ntwo\n", timeout=30)
                    received = b""
                    while chunk := peer.recv(65536):
                        received += chunk
            finally:
                if client.poll() is None:
                    client.kill()
    assert client.returncode == 0, err
    assert received == b"onetwo"
    assert "the peer finished sending" in out
