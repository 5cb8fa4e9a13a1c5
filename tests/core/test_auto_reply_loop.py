"""An auto-replying TCP server against a real peer that echoes everything
(socat EXEC:cat): the ping-pong stops by itself, with a message, and every
reply is counted exactly. No assertion on time: the test ends when the loop
does (LOOP_WINDOWS seconds at a small limit)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace

import pytest

from socklab.core import (
    AutoReply,
    Failed,
    PeerJoined,
    PeerLeft,
    TcpServerOptions,
    TcpServerSession,
)
from socklab.core.sessions.reply_limit import LOOP_WINDOWS

pytestmark = pytest.mark.skipif(shutil.which("socat") is None, reason="socat is not installed")

LIMIT = 20


def _echoing_peer(port: int) -> subprocess.Popen:
    return subprocess.Popen(
        ["socat", f"TCP:127.0.0.1:{port}", "EXEC:cat"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("mode", [AutoReply.ECHO, AutoReply.FIXED])
def test_a_loop_with_an_echoing_peer_stops_with_a_message(sessions, mode):
    options = TcpServerOptions(auto_reply=mode, reply=b"got it", max_reply_rate=LIMIT)
    server, log = sessions(TcpServerSession, options)
    port = server.start("127.0.0.1", 0).result(5)[1]
    peer = _echoing_peer(port)
    try:
        joined = log.wait_for(lambda e: isinstance(e, PeerJoined), timeout=20)
        server.send(b"ping", [joined.peer_id]).result(5)  # the first word; then they bounce
        said = log.wait_for(lambda e: isinstance(e, Failed), timeout=60)
        stats = server.peer(joined.peer_id)
        assert stats.replies_paused
        assert said.peer_id == joined.peer_id
        assert f"auto-reply to 127.0.0.1:{joined.peer[1]} paused" in said.message
        assert f"{LIMIT * LOOP_WINDOWS} replies in" in said.message
        assert "looks like a loop between two auto-repliers" in said.message
        assert stats.replies_sent == LIMIT * LOOP_WINDOWS
        server.kick([joined.peer_id]).result(5)
        left = log.wait_for(lambda e: isinstance(e, PeerLeft), timeout=20)
        assert peer.wait(20) is not None  # the loop is over: socat saw the end
    finally:
        if peer.poll() is None:
            peer.kill()
            peer.wait()
    # Exact counts: every chunk from the peer was answered or held back, once.
    reply = b"ping" if mode is AutoReply.ECHO else b"got it"
    assert stats.replies_sent + stats.replies_held == stats.chunks_in
    assert left.bytes_out == len(b"ping") + stats.replies_sent * len(reply)
    assert stats.replies_held >= 1


def test_changing_the_auto_reply_setting_answers_a_paused_peer_again(sessions):
    options = TcpServerOptions(auto_reply=AutoReply.ECHO, max_reply_rate=LIMIT)
    server, log = sessions(TcpServerSession, options)
    port = server.start("127.0.0.1", 0).result(5)[1]
    peer = _echoing_peer(port)
    try:
        joined = log.wait_for(lambda e: isinstance(e, PeerJoined), timeout=20)
        server.send(b"ping", [joined.peer_id]).result(5)
        log.wait_for(lambda e: isinstance(e, Failed), timeout=60)
        stats = server.peer(joined.peer_id)
        assert stats.replies_paused
        server.set_options(replace(options, reply=b"", auto_reply=AutoReply.FIXED)).result(5)
        server.set_options(options).result(5)  # echo again: a new budget, not paused
        assert not stats.replies_paused
        sent = stats.replies_sent
        server.send(b"again", [joined.peer_id]).result(5)  # bounces again ...
        log.wait_until(lambda: stats.replies_sent > sent, timeout=20)  # ... and is answered
        server.kick([joined.peer_id]).result(5)
        assert peer.wait(20) is not None
    finally:
        if peer.poll() is None:
            peer.kill()
            peer.wait()
