"""The code panel writes the classroom's idioms as typed, and each script runs
against a live session on loopback: ``bind(("", port))``, a dual-stack server on
``::`` (``IPV6_V6ONLY`` 0) taking an IPv4 client, an IPv6-only one, and a UDP
socket on ``::`` answering IPv4 through ``::ffff:``. (``<broadcast>`` and scope
ids run in namespaces: tests/system/test_idioms_netns.py.)"""

from __future__ import annotations

import pytest

from socklab.core import Received, TcpClientSession, UdpSession
from socklab.teaching.codegen import BroadcastCode, TcpClientCode, TcpServerCode, UdpCode, generate

V6ONLY_OFF = "setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)"
V6ONLY_ON = "setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)"


def test_empty_bind_host_is_written_as_typed_and_binds_every_interface(sessions, run_script):
    source = generate(UdpCode(local_host="", local_port=0), "en")
    assert 'sock.bind(("", 0))' in source
    assert '# "" means every address of this machine.' in source
    script = run_script(source, 1)
    port = script.expect_port("bound to")
    assert "('0.0.0.0', " in script.lines[-1]
    session, _ = sessions(UdpSession)
    session.send(b"hi", "127.0.0.1", port).result(5)
    script.expect("received 2 bytes from")
    script.finish()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_dual_stack_server_script_takes_an_ipv4_client(sessions, run_script, language):
    source = generate(TcpServerCode(host="::", port=0, auto_reply="echo"), language)
    assert V6ONLY_OFF in source
    script = run_script(source, 1)
    port = script.expect_port("listening on|监听")
    client, log = sessions(TcpClientSession)
    client.connect("127.0.0.1", port).result(5)
    script.expect(r"\('::ffff:127\.0\.0\.1', \d+")  # what accept() returns in Python
    client.send(b"ping").result(5)
    assert log.wait_for(lambda e: isinstance(e, Received)).data == b"ping"
    client.close().result(5)
    script.finish()


def test_ipv6_only_server_script_takes_ipv6(sessions, run_script):
    source = generate(TcpServerCode(host="::", port=0, ipv6_only=True), "en")
    assert V6ONLY_ON in source
    script = run_script(source, 1)
    port = script.expect_port("listening on")
    client, _ = sessions(TcpClientSession)
    client.connect("::1", port).result(5)
    script.expect(r"client connected: \('::1'")
    client.close().result(5)
    script.finish()


def test_udp_on_any_ipv6_script_answers_ipv4_through_a_mapped_address(sessions, run_script):
    session, log = sessions(UdpSession)
    port = session.open("127.0.0.1", 0).result(5)[1]
    settings = UdpCode(
        remote_host="127.0.0.1", remote_port=port, local_host="::", local_port=0, payload=b"v4?"
    )
    source = generate(settings, "en")
    assert V6ONLY_OFF in source and f'("::ffff:127.0.0.1", {port})' in source
    script = run_script(source, 1)
    datagram = log.wait_for(lambda e: isinstance(e, Received))
    assert datagram.data == b"v4?" and datagram.peer[0] == "127.0.0.1"
    session.send(b"yes", *datagram.peer[:2]).result(5)
    script.expect(r"received 3 bytes from \('::ffff:127\.0\.0\.1'")
    script.finish()


def test_broadcast_name_and_scope_are_written_as_typed():
    broadcast = generate(BroadcastCode(address="<broadcast>", port=9, payload=b"x"), "en")
    assert 'destination = ("<broadcast>", 9)' in broadcast
    assert "SO_BROADCAST, 1)" in broadcast
    assert "Python's name for 255.255.255.255" in broadcast
    udp = generate(UdpCode(remote_host="<broadcast>", remote_port=9, payload=b"x"), "en")
    assert 'destination = ("<broadcast>", 9)' in udp
    scoped = generate(TcpClientCode(host="fe80::1%lo", port=80), "zh_CN")
    assert 'sock.connect(("fe80::1%lo", 80))' in scoped and "socket.AF_INET6" in scoped
    server = generate(TcpServerCode(host="fe80::1%lo", port=80), "en")
    assert "the interface (lo) the link-local address is on" in server
