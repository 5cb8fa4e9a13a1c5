"""The UDP tab's multicast scripts run against a live session, in the lab.

Each generated script (``struct.pack`` of ip_mreq, ip_mreqn, ip_mreq_source,
ipv6_mreq, group_source_req; IP_MULTICAST_TTL / LOOP / IF) runs in one host
of the lab (``ip netns exec``); the session it talks to lives in another
(tests/multicast_lab.py). Scripts print what they did, and the test waits for
those lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from multicast_lab import GROUP_V4, GROUP_V6, Child, Host, Lab, address6, build_lab, inside
from socklab.core import (
    Membership,
    MulticastSendOptions,
    Received,
    UdpOptions,
    UdpSession,
)
from socklab.teaching.codegen import UdpCode, generate
from socklab.teaching.codegen.multicast import MulticastCode

pytestmark = pytest.mark.netns
#: Three hosts on a bridge, IPv4 and IPv6 (deleted even when a test fails).
lab = pytest.fixture(name="lab")(build_lab)

PORT = 47330
#: A bound for a busy machine, never a speed requirement.
LIMIT = 20.0


def run(host: Host, source: str, tmp_path: Path, *args: str) -> Child:
    path = tmp_path / f"script_{host.namespace[-1]}.py"
    path.write_text(source, encoding="utf-8")
    return Child(host.command(sys.executable, "-u", str(path), *args))


def live_session(sessions, host: Host, **options: object) -> tuple[UdpSession, object]:
    with inside(host):
        session, log = sessions(UdpSession, UdpOptions(**options))
    return session, log


def receiver(group: str, source: str, interface: str) -> UdpCode:
    family_any = "::" if ":" in group else "0.0.0.0"
    joins = (Membership(group, source, interface),)
    return UdpCode(local_host=family_any, local_port=PORT, multicast=MulticastCode(joins))


#: (what the script packs, group, source, interface: "addr" for the host's own
#: address, a name otherwise)
RECEIVERS = [
    ("ip_mreq", GROUP_V4, "", "addr"),
    ("ip_mreqn", GROUP_V4, "", "eth0"),
    ("ip_mreq_source", GROUP_V4, "a", "addr"),
    ("ipv6_mreq", GROUP_V6, "", "eth0"),
    ("group_source_req", GROUP_V6, "a", "eth0"),
]


@pytest.mark.parametrize("case", RECEIVERS, ids=[r[0] for r in RECEIVERS])
def test_a_receiver_script_joins_and_gets_the_session_s_datagram(
    lab: Lab, sessions, tmp_path: Path, case: tuple[str, str, str, str]
) -> None:
    structure, group, source, interface = case
    a, b, _ = lab.hosts
    v6 = ":" in group
    own = address6(b) if v6 else b.address
    sender = address6(a) if v6 else a.address
    settings = receiver(group, sender if source else "", own if interface == "addr" else interface)
    code = generate(settings, "zh_CN" if v6 else "en")
    assert structure in code
    session, _ = live_session(sessions, a, multicast=MulticastSendOptions(interface="eth0"))
    with run(b, code, tmp_path, "1") as script:
        script.expect(lambda line: "joined" in line or "已加入" in line, "the join", LIMIT)
        session.send("你好 group".encode(), group, PORT).result(LIMIT)
        code_, lines, stderr = script.finish(LIMIT)
    assert code_ == 0, stderr
    got = [line for line in lines if "你好 group" in line]
    assert got and sender in got[0], lines


@pytest.mark.parametrize("v6", [False, True], ids=["ipv4", "ipv6"])
def test_a_sender_script_sets_ttl_loop_and_interface(
    lab: Lab, sessions, tmp_path: Path, v6: bool
) -> None:
    a, b, _ = lab.hosts
    group = GROUP_V6 if v6 else GROUP_V4
    session, log = live_session(sessions, b)
    session.open("::" if v6 else "0.0.0.0", PORT).result(LIMIT)
    session.join(Membership(group, "", "eth0")).result(LIMIT)
    options = MulticastSendOptions(ttl=2, loop=False, interface="eth0")
    settings = UdpCode(
        remote_host=group,
        remote_port=PORT,
        payload=b"from the script",
        receive=False,
        multicast=MulticastCode((), options),
    )
    code = generate(settings)
    ttl = "IPV6_MULTICAST_HOPS, 2" if v6 else "IP_MULTICAST_TTL, 2"
    assert ttl in code and "MULTICAST_LOOP, 0" in code and "MULTICAST_IF" in code
    with run(a, code, tmp_path) as script:
        status, _, stderr = script.finish(LIMIT)
    assert status == 0, stderr
    datagram = log.wait_for(lambda e: isinstance(e, Received), LIMIT)
    assert datagram.data == b"from the script"
    assert datagram.peer[0] == (address6(a) if v6 else a.address)
