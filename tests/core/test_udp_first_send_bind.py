"""UdpSession's automatic bind (the first send of an unbound session) binds
where ``auto_bind`` says, with real sockets."""

from __future__ import annotations

import socket

import pytest

from socklab.core import Failed, SessionError, UdpSession


@pytest.fixture
def peer():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5)
    with sock:
        yield sock


def test_the_first_send_binds_the_given_address(sessions, peer):
    session, _ = sessions(UdpSession, auto_bind=("127.0.0.1", 0))
    session.send(b"hi", *peer.getsockname()).result(5)
    data, source = peer.recvfrom(100)
    assert data == b"hi" and source[0] == "127.0.0.1"
    assert session.local_address == source


def test_without_an_address_the_first_send_binds_every_interface(sessions, peer):
    session, _ = sessions(UdpSession)
    session.send(b"hi", *peer.getsockname()).result(5)
    assert session.local_address[0] == "0.0.0.0"


def test_a_local_address_of_the_other_family_is_a_clear_error(sessions):
    session, log = sessions(UdpSession, auto_bind=("127.0.0.1", 0))
    with pytest.raises(SessionError, match=r"127\.0\.0\.1 is IPv4 and ::1 is IPv6"):
        session.send(b"x", "::1", 9).result(5)
    assert session.local_address is None
    assert any("IPv6" in e.message for e in log.of(Failed))
