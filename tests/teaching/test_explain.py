"""Errors explained: every listed error has a plain explanation in English and
Chinese, and real failures provoked on loopback get the right one."""

from __future__ import annotations

import errno
import os
import re
import socket
import subprocess
import sys

import pytest

from socklab.core.addresses import local_interfaces
from socklab.core.errors import SessionError, reason_for
from socklab.core.events import Failed
from socklab.core.sessions.tcp_client import TcpClientOptions, TcpClientSession
from socklab.core.sessions.tcp_server import TcpServerSession
from socklab.core.sessions.udp import UdpOptions, UdpSession
from socklab.teaching.explain import Explanation, explain, explain_error
from socklab.teaching.explain.texts import EXPLANATIONS

LANGUAGES = ["en", "zh_CN"]
CJK = re.compile(r"[\u4e00-\u9fff]")

#: What the issue lists, as the core names it, with an operation that picks the reading.
LISTED = [
    ("EADDRINUSE", "bind 0.0.0.0:8080", ""),
    ("EACCES", "sendto 127.255.255.255:9", "broadcast"),
    ("EACCES", "bind 0.0.0.0:80", "bind"),
    ("EPERM", "bind 0.0.0.0:80", "bind"),
    ("EPERM", "sendto 192.168.1.255:9", "broadcast"),
    ("ECONNREFUSED", "connect to 127.0.0.1:9", ""),
    ("ECONNREFUSED", "sendto 127.0.0.1:9", "udp"),
    ("ECONNRESET", "send", ""),
    ("ECONNRESET", "recvfrom", "udp"),
    ("WSAECONNRESET", "", "udp"),
    ("10054", "recvfrom", "udp"),
    ("ETIMEDOUT", "connect to 10.0.0.1:80", ""),
    ("EHOSTUNREACH", "connect to 10.0.0.1:80", ""),
    ("ENETUNREACH", "sendto [2001:db8::1]:9", ""),
    ("EMSGSIZE", "sendto 127.0.0.1:9", ""),
    ("EADDRNOTAVAIL", "bind 192.0.2.1:0", ""),
    ("EAI", "connect to nosuch.invalid:80", ""),
    ("EPIPE", "send", ""),
    ("ENOTCONN", "send", ""),
    ("ENODEV", "join 239.1.2.3", "multicast"),
    ("EADDRNOTAVAIL", "leave ff15::1 on eth0", "multicast"),
    ("EADDRINUSE", "join 239.1.2.3 on eth0", "multicast"),
    ("ENETUNREACH", "sendto 239.1.2.3:5000", "multicast"),
    ("ENETUNREACH", "sendto [ff15::1]:5000", "multicast"),
    ("NOMULTICAST", "join 239.1.2.3 on lo", ""),
]


def _check(explanation: Explanation | None, language: str) -> Explanation:
    assert explanation is not None
    for text in (explanation.title, explanation.why, explanation.fix):
        assert text.strip()
        assert bool(CJK.search(text)) == (language == "zh_CN"), text
    return explanation


def _both(error: SessionError | Failed, code: str, variant: str = "") -> None:
    """``error`` is explained as ``code`` (``variant``) in both languages, differently."""
    explained = [_check(explain_error(error, language), language) for language in LANGUAGES]
    for explanation in explained:
        assert (explanation.code, explanation.variant) == (code, variant)
    assert explained[0].title != explained[1].title


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "operation", "variant"), LISTED)
def test_every_listed_error_is_explained(name, operation, variant, language):
    explanation = _check(explain(name, operation, language), language)
    assert explanation.variant == variant


def test_every_table_entry_has_both_languages():
    for code, variant in EXPLANATIONS:
        operation = {
            "udp": "sendto 1.2.3.4:5",
            "bind": "bind 0.0.0.0:80",
            "unix": "bind /tmp/s.sock",
            "multicast": "join 239.1.2.3 on eth0",
        }.get(variant, "")
        if variant == "broadcast":
            operation = "sendto 127.255.255.255:9"
        english, chinese = (_check(explain(code, operation, lang), lang) for lang in LANGUAGES)
        assert (english.code, english.variant) == (code, variant) == (chinese.code, chinese.variant)


def test_names_numbers_and_languages():
    assert explain("WSAECONNRESET", "send").variant == ""  # a real reset on TCP
    assert explain(10054, "recvfrom").code == "ECONNRESET"
    assert explain(errno.ECONNREFUSED).code == "ECONNREFUSED"
    assert explain("eai_noname").code == "EAI"
    assert explain("EADDRINUSE", language="zh-CN").title == "地址已被占用"
    assert explain("EADDRINUSE", language="fr").title == "The address is already in use"
    assert explain("ENOSUCHTHING") is None
    assert "TIME_WAIT" in explain("EADDRINUSE").why
    assert "SO_REUSEADDR" in explain("EADDRINUSE", language="zh_CN").fix
    assert "SO_BROADCAST" in explain("EACCES", "sendto 127.255.255.255:9").fix
    assert "1024" in explain("EACCES", "bind 0.0.0.0:80").why
    assert "65,507" in explain("EMSGSIZE").why
    assert "ICMP" in explain("ECONNREFUSED", "sendto 127.0.0.1:9").why


# ---------------------------------------------------------------- real failures


def test_port_in_use(sessions):
    first, _ = sessions(UdpSession)
    port = first.open("127.0.0.1", 0).result(5)[1]
    second, log = sessions(UdpSession)
    with pytest.raises(SessionError) as caught:
        second.open("127.0.0.1", port).result(5)
    assert caught.value.errno_name == "EADDRINUSE"
    _both(caught.value, "EADDRINUSE")
    _both(log.wait_for(lambda e: isinstance(e, Failed)), "EADDRINUSE")


def test_connect_to_a_closed_port(sessions):
    with socket.socket() as bound_only:  # bound, not listening: the kernel answers RST
        bound_only.bind(("127.0.0.1", 0))
        client, _ = sessions(TcpClientSession)
        with pytest.raises(SessionError) as caught:
            client.connect(*bound_only.getsockname()).result(5)
    assert caught.value.errno_name == "ECONNREFUSED"
    _both(caught.value, "ECONNREFUSED")


def test_udp_datagram_of_70000_bytes(sessions):
    session, _ = sessions(UdpSession)
    with pytest.raises(SessionError) as caught:
        session.send(bytes(70_000), "127.0.0.1", 9).result(5)
    assert caught.value.errno_name == "EMSGSIZE"
    _both(caught.value, "EMSGSIZE")


def test_broadcast_without_so_broadcast(sessions):
    """Linux refuses any sendto() whose route is a broadcast route unless the socket
    has SO_BROADCAST, the loopback's 127.255.255.255 included (udp_sendmsg returns
    EACCES), so this is the classroom's error provoked without leaving the machine.
    With the option, the same datagram goes out."""
    if not sys.platform.startswith("linux"):
        pytest.skip("checked against Linux's behaviour on the loopback broadcast address")
    session, _ = sessions(UdpSession, UdpOptions(broadcast=False))
    with pytest.raises(SessionError) as caught:
        session.send(b"hello", "127.255.255.255", 9).result(5)
    assert caught.value.errno_name == "EACCES"
    assert caught.value.operation.startswith("sendto")
    _both(caught.value, "EACCES", "broadcast")
    allowed, _ = sessions(UdpSession, UdpOptions(broadcast=True))
    assert allowed.send(b"hello", "127.255.255.255", 9).result(5) == 5


def _privileged_port_floor() -> int:
    try:
        with open("/proc/sys/net/ipv4/ip_unprivileged_port_start") as setting:
            return int(setting.read())
    except OSError:
        return 1024


def test_bind_below_1024_without_privileges():
    """A port below 1024 needs root. As root, a child process gives its rights up
    (becomes 'nobody') before it binds."""
    if not sys.platform.startswith("linux") or _privileged_port_floor() <= 80:
        pytest.skip("port 80 is not privileged here")
    probe = PROBE_PRIVILEGED_BIND.format(drop=os.geteuid() == 0)
    result = subprocess.run(
        [sys.executable, "-I", "-c", probe], capture_output=True, text=True, timeout=30, check=True
    )
    name = result.stdout.strip()
    assert name == "EACCES"
    failure = SessionError("bind 127.0.0.1:80", "permission denied", name)
    _both(failure, "EACCES", "bind")


PROBE_PRIVILEGED_BIND = """
import errno, os, socket
if {drop}:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
try:
    socket.socket().bind(("127.0.0.1", 80))
except OSError as exc:
    print(errno.errorcode[exc.errno])
else:
    print("bound")
"""


def test_bind_an_address_this_machine_does_not_have(sessions):
    local = {i.address for i in local_interfaces()}
    foreign = next(a for a in ("192.0.2.1", "198.51.100.1", "203.0.113.1") if a not in local)
    udp, _ = sessions(UdpSession)
    with pytest.raises(SessionError) as caught:
        udp.open(foreign, 0).result(5)  # bind sends nothing: it just fails
    assert caught.value.errno_name == "EADDRNOTAVAIL"
    _both(caught.value, "EADDRNOTAVAIL")
    server, _ = sessions(TcpServerSession)
    with pytest.raises(SessionError) as caught:
        server.start(foreign, 0).result(5)
    _both(caught.value, "EADDRNOTAVAIL")


def test_name_that_does_not_resolve(sessions):
    with pytest.raises(socket.gaierror) as caught:  # .invalid never exists (RFC 6761)
        socket.getaddrinfo("nosuch.invalid", 80)
    reason, name, _ = reason_for(caught.value)
    assert name == "EAI"
    _both(SessionError("connect to nosuch.invalid:80", reason, name), "EAI")
    client, _ = sessions(TcpClientSession)
    with pytest.raises(SessionError) as failed:
        client.connect("nosuch.invalid", 80).result(10)
    _both(failed.value, "EAI")  # the core says "cannot resolve ..." without an errno


def test_udp_sendto_a_closed_port_reports_icmp_refusal(sessions):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    session, log = sessions(UdpSession)
    session.send(b"anyone?", "127.0.0.1", closed_port).result(5)
    refused = log.wait_for(lambda e: isinstance(e, Failed))
    assert refused.errno_name == "ECONNREFUSED"
    _both(refused, "ECONNREFUSED", "udp")


def test_connect_timeout_when_the_backlog_is_full(sessions):
    """A listener whose accept queue is full drops new SYNs: connect() times out."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        address = listener.getsockname()
        fillers = []
        client = None
        try:
            for _ in range(4):
                filler, _ = sessions(TcpClientSession, TcpClientOptions(connect_timeout=0.3))
                fillers.append(filler)
                try:
                    filler.connect(*address).result(5)
                except SessionError as exc:
                    client = exc
                    break
        finally:
            for filler in fillers:
                filler.close().result(5)
    assert client is not None, "the kernel accepted every connection"
    assert client.operation.startswith("connect to")
    _both(client, "ETIMEDOUT")


def test_send_before_connecting(sessions):
    client, log = sessions(TcpClientSession)
    with pytest.raises(SessionError) as caught:
        client.send(b"too early").result(5)
    assert caught.value.operation == "send"
    _both(caught.value, "ENOTCONN")
    _both(log.wait_for(lambda e: isinstance(e, Failed)), "ENOTCONN")
