"""A file send whose peer goes away says how it ended and after how many bytes."""

from __future__ import annotations

import os
import socket
import struct

import pytest

from socklab.core import Failed, Phase, Reason, TcpClientSession


@pytest.mark.parametrize("reset", [False, True], ids=["close", "reset"])
def test_a_file_send_cut_short_by_the_peer_says_how(sessions, tmp_path, reset):
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(32 << 20))
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client, log = sessions(TcpClientSession)
        client.connect(*listener.getsockname()).result(5)
        peer, _ = listener.accept()
        progress = client.send_file(source)
        got = 0
        while got < 5 << 20:  # read more than its first batch (4 MiB), then go
            got += len(peer.recv(1 << 16))
        if reset:
            peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        peer.close()
        error = progress.future.exception(10)
    snap = progress.snapshot()
    assert snap.phase is Phase.FAILED
    # A close seen by a write is a broken pipe (the peer closed), or a reset
    # when the kernel answered the write with one.
    assert snap.reason in (Reason.PEER_CLOSED, Reason.PEER_RESET)
    if reset:
        assert snap.reason is Reason.PEER_RESET
    assert 0 < snap.bytes < 32 << 20
    done = f"after {snap.bytes:,} of {32 << 20:,} bytes"
    assert str(error).endswith(done), str(error)
    failure = log.wait_for(lambda e: isinstance(e, Failed))
    assert failure.operation == f"send {source}" and failure.message == str(error)
    assert "the peer" in failure.message
