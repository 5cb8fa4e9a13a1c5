"""A NUL character in a file name is a bad path like any other: an OSError said
the usual way, never a ValueError out of open()."""

from __future__ import annotations

import os

import pytest

from socklab.core import AtomicFile, SessionError
from socklab.core.jobs.progress import Phase
from socklab.core.sessions.tcp_client import TcpClientSession
from socklab.core.sessions.tcp_server import TcpServerOptions, TcpServerSession
from socklab.core.sessions.udp import UdpSession


def test_an_atomic_save_to_a_name_with_nul_is_an_oserror_and_leaves_nothing(tmp_path):
    with pytest.raises(OSError, match="NUL"):
        AtomicFile(tmp_path / "log\0.txt")
    assert os.listdir(tmp_path) == []


def _fails_with_nul(progress) -> None:
    with pytest.raises(SessionError, match="invalid argument"):
        progress.wait(5)
    assert progress.snapshot().phase is Phase.FAILED


def test_sending_a_file_named_with_nul_fails_with_the_reason(sessions, tmp_path):
    receiver, _ = sessions(UdpSession)
    port = receiver.open("127.0.0.1", 0).result(5)[1]
    sender, _ = sessions(UdpSession)
    _fails_with_nul(sender.send_file(f"{tmp_path}/a\0b", "127.0.0.1", port))


def test_a_tcp_file_send_named_with_nul_fails_with_the_reason(sessions, tmp_path):
    server, _ = sessions(TcpServerSession, TcpServerOptions())
    address = server.start("127.0.0.1", 0).result(5)
    client, _ = sessions(TcpClientSession)
    client.connect(*address).result(5)
    _fails_with_nul(client.send_file(f"{tmp_path}/a\0b"))
