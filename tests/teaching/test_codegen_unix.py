"""The code panel's scripts for Unix domain sockets (AF_UNIX): each runs in its
own process against a live SockLab session, on a path or an abstract name."""

from __future__ import annotations

import ast
import os
import re
import socket

import pytest

from socklab.core.events import PeerLeft, Received
from socklab.core.sessions.tcp_client import TcpClientSession
from socklab.core.sessions.tcp_server import AutoReply, TcpServerOptions, TcpServerSession
from socklab.core.sessions.udp import UdpSession
from socklab.teaching.codegen import TcpClientCode, TcpServerCode, UdpCode, generate
from unix_helpers import abstract_name

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no AF_UNIX here")


def test_the_scripts_say_af_unix_and_the_address(unix_folder):
    path = os.path.join(unix_folder, "s.sock")
    server = generate(TcpServerCode(host=path, port=0), "zh_CN")
    assert "socket.AF_UNIX" in server and f'server.bind("{path}")' in server
    assert f'os.unlink("{path}")' in server and "SO_REUSEADDR" not in server
    client = generate(TcpClientCode(host="@demo", port=0, payload=b"x"))
    assert 'sock.connect("\\0demo")' in client
    for script in (server, client):
        ast.parse(script)


def test_tcp_server_script_on_a_path_echoes_and_removes_its_file(sessions, run_script, unix_folder):
    path = os.path.join(unix_folder, "s.sock")
    script = run_script(generate(TcpServerCode(host=path, port=0, auto_reply="echo")), 1)
    script.expect(re.escape(f"listening on {path}"))
    client, log = sessions(TcpClientSession)
    client.connect(path, 0).result(5)
    client.send(b"unix echo").result(5)
    log.wait_for(lambda e: isinstance(e, Received) and e.data == b"unix echo")
    client.close().result(5)
    script.finish()
    assert not os.path.exists(path)


def test_tcp_client_script_to_an_abstract_name(sessions, run_script):
    name = abstract_name()
    server, log = sessions(TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO))
    server.start(name, 0).result(5)
    script = run_script(generate(TcpClientCode(host=name, port=0, payload=b"abstract")), 1)
    script.expect(r"received 8 bytes: 'abstract'")
    script.finish()
    log.wait_for(lambda e: isinstance(e, PeerLeft))


def test_udp_script_binds_a_path_of_its_own_and_gets_the_reply(sessions, run_script, unix_folder):
    path = os.path.join(unix_folder, "d.sock")
    session, log = sessions(UdpSession)
    session.open(path, 0).result(5)
    settings = UdpCode(
        remote_host=path, remote_port=0, local_host="127.0.0.1", local_port=0, payload=b"ask"
    )
    script = run_script(generate(settings), 1)
    own = script.expect(r"bound to (\S+)").group(1)
    datagram = log.wait_for(lambda e: isinstance(e, Received))
    assert (datagram.data, datagram.peer) == (b"ask", own)
    session.send(b"answer", own, 0).result(5)
    script.expect(r"received 6 bytes from .*'answer'")
    script.finish()
    assert not os.path.exists(own) and not os.path.exists(os.path.dirname(own))


def test_udp_receiver_script_on_a_path(sessions, run_script, unix_folder):
    path = os.path.join(unix_folder, "r.sock")
    script = run_script(generate(UdpCode(local_host=path, local_port=0)), 1)
    script.expect(re.escape(f"bound to {path}"))
    session, _ = sessions(UdpSession)
    session.send(b"to the script", path, 0).result(5)
    script.expect(r"received 13 bytes from .*'to the script'")
    script.finish()
    assert not os.path.exists(path)
