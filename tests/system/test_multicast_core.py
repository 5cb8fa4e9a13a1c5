"""Multicast between three hosts: UdpSession joins, leaves and SSM, IPv4 and IPv6.

The lab (tests/multicast_lab.py) is three host namespaces on a bridge; each
session and socket is created inside its host (its worker thread too), so
every datagram stays in the lab. Whether a socket did NOT receive is proven
without waiting for time: the group datagram goes first, then a unicast marker
on the same path; once the marker is in, the group datagram would be too.
"""

from __future__ import annotations

import socket

import pytest
from netns import Host, Lab

from multicast_lab import GROUP_V4, GROUP_V6, address6, build_lab, inside
from socklab.core import (
    Failed,
    MembershipChanged,
    MulticastError,
    MulticastSendOptions,
    Received,
    SessionError,
    SocketCall,
    UdpOptions,
    UdpSession,
    membership,
)
from socklab.teaching.explain import explain_error

pytestmark = pytest.mark.netns
#: Three hosts on a bridge, IPv4 and IPv6 (deleted even when a test fails).
lab = pytest.fixture(name="lab")(build_lab)

PORT = 47300


def addr_of(host: Host, v6: bool) -> str:
    return address6(host) if v6 else host.address


def sender(host: Host, v6: bool) -> socket.socket:
    """A plain socket in ``host`` that sends to groups out of eth0."""
    with inside(host):
        sock = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
        if v6:
            index = socket.if_nametoindex("eth0")
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, index)
        else:
            sock.setsockopt(
                socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(host.address)
            )
    return sock


def member(sessions, host: Host, v6: bool, **options: object):
    """A traced UdpSession in ``host`` bound to the wildcard address and PORT."""
    with inside(host):
        session, log = sessions(UdpSession, UdpOptions(**options))
    session.trace = True
    session.open("::" if v6 else "0.0.0.0", PORT).result(10)
    return session, log


def payloads(log) -> list[bytes]:
    return [e.data for e in log.of(Received)]


def marked(log, marker: bytes) -> list[bytes]:
    """Wait for the unicast ``marker``; every datagram that came before it."""
    log.wait_for(lambda e: isinstance(e, Received) and e.data == marker, 10)
    got = payloads(log)
    return got[: got.index(marker)]


@pytest.mark.parametrize("v6", [False, True], ids=["ipv4", "ipv6"])
def test_two_members_receive_a_non_member_does_not_and_leave_stops_delivery(
    lab: Lab, sessions, v6: bool
) -> None:
    a, b, c = lab.hosts
    group = GROUP_V6 if v6 else GROUP_V4
    on_b, log_b = member(sessions, b, v6)
    on_c, log_c = member(sessions, c, v6)
    outsider, log_a = member(sessions, a, v6)  # bound to the port, never joins
    for session in (on_b, on_c):
        session.join(membership(group, "", "eth0")).result(10)
    joined = log_b.wait_for(lambda e: isinstance(e, MembershipChanged))
    assert (joined.joined, joined.group, joined.interface) == (True, group, "eth0")
    calls = [e.call for e in log_b.of(SocketCall)]
    option = "IPV6_JOIN_GROUP" if v6 else "IP_ADD_MEMBERSHIP"
    assert any(option in call for call in calls), calls

    with sender(a, v6) as out:
        out.sendto(b"to the group 1", (group, PORT))
        for log in (log_b, log_c):
            log.wait_for(lambda e: isinstance(e, Received) and e.data == b"to the group 1", 10)
        out.sendto(b"marker", (addr_of(a, v6), PORT))
        assert marked(log_a, b"marker") == []

        on_c.leave(membership(group, "", "eth0")).result(10)
        left = log_c.wait_for(lambda e: isinstance(e, MembershipChanged) and not e.joined)
        assert left.group == group and on_c.memberships == ()
        out.sendto(b"to the group 2", (group, PORT))
        log_b.wait_for(lambda e: isinstance(e, Received) and e.data == b"to the group 2", 10)
        out.sendto(b"marker", (addr_of(c, v6), PORT))
        assert marked(log_c, b"marker") == [b"to the group 1"]
    assert outsider.memberships == ()

    on_b.close().result(10)  # closing leaves every group, and says so
    log_b.wait_for(lambda e: isinstance(e, MembershipChanged) and not e.joined)


@pytest.mark.parametrize("v6", [False, True], ids=["ipv4", "ipv6"])
def test_a_source_specific_join_filters_a_second_source(lab: Lab, sessions, v6: bool) -> None:
    a, b, c = lab.hosts
    group = GROUP_V6 if v6 else GROUP_V4
    on_b, log_b = member(sessions, b, v6)
    on_b.join(membership(group, addr_of(a, v6), "eth0")).result(10)
    calls = [e.call for e in log_b.of(SocketCall)]
    option = "MCAST_JOIN_SOURCE_GROUP" if v6 else "IP_ADD_SOURCE_MEMBERSHIP"
    assert any(option in call for call in calls), calls

    with sender(c, v6) as other, sender(a, v6) as chosen:
        other.sendto(b"from the other source", (group, PORT))
        chosen.sendto(b"from the chosen source", (group, PORT))
        other.sendto(b"marker", (addr_of(b, v6), PORT))
        log_b.wait_for(lambda e: isinstance(e, Received) and e.data == b"from the chosen source")
        assert b"from the other source" not in marked(log_b, b"marker")
    sources = {e.peer[0] for e in log_b.of(Received) if e.data != b"marker"}
    assert sources == {addr_of(a, v6)}


def test_sending_options_ttl_loop_and_interface(lab: Lab, sessions) -> None:
    a, b, _ = lab.hosts
    on_b, log_b = member(sessions, b, False)
    on_b.join(membership(GROUP_V4, "", b.address)).result(10)
    options = MulticastSendOptions(ttl=4, loop=False, interface="eth0")
    on_a, log_a = member(sessions, a, False, multicast=options)
    on_a.join(membership(GROUP_V4, "", "eth0")).result(10)
    on_a.send(b"ttl 4", GROUP_V4, PORT).result(10)
    log_b.wait_for(lambda e: isinstance(e, Received) and e.data == b"ttl 4", 10)
    calls = [e.call for e in log_a.of(SocketCall)]
    assert "setsockopt(IPPROTO_IP, IP_MULTICAST_TTL, 4)" in calls
    assert "setsockopt(IPPROTO_IP, IP_MULTICAST_LOOP, 0)" in calls
    assert any("IP_MULTICAST_IF" in call for call in calls), calls
    # No loopback: a's own member did not get its copy (the marker follows it).
    on_a.send(b"marker", a.address, PORT).result(10)
    assert marked(log_a, b"marker") == []


def failure(future, log) -> Failed:
    with pytest.raises(SessionError):
        future.result(10)
    return log.wait_for(lambda e: isinstance(e, Failed))


def test_errors_are_explained(lab: Lab, sessions) -> None:
    a, _, _ = lab.hosts
    session, log = member(sessions, a, False)
    no_route = failure(session.join(membership(GROUP_V4)), log)
    assert no_route.errno_name == "ENODEV"
    assert "no interface to join" in explain_error(no_route).title
    log.events.clear()

    missing = failure(session.join(membership(GROUP_V4, "", "eth9")), log)
    assert "there is no interface eth9" in missing.message
    assert explain_error(missing).code == "ENODEV"
    log.events.clear()

    flagless = failure(session.join(membership(GROUP_V4, "", "lo")), log)
    assert "lo has no MULTICAST flag" in flagless.message
    assert explain_error(flagless).title == "The interface has no MULTICAST flag"
    log.events.clear()

    elsewhere = failure(session.join(membership(GROUP_V4, "", "10.9.9.9")), log)
    assert explain_error(elsewhere).code == "EADDRNOTAVAIL"
    log.events.clear()

    unroutable = failure(session.send(b"x", GROUP_V4, PORT), log)
    assert unroutable.errno_name == "ENETUNREACH"
    assert explain_error(unroutable).title.startswith("No multicast route")
    log.events.clear()

    session.join(membership(GROUP_V4, "", "eth0")).result(10)
    twice = failure(session.join(membership(GROUP_V4, "", "eth0")), log)
    assert explain_error(twice).title == "Already a member of this group"
    assert [m.group for m in session.memberships] == [GROUP_V4]


def test_a_socket_bound_to_a_unicast_address_is_told_it_cannot_receive(lab: Lab, sessions) -> None:
    a, _, _ = lab.hosts
    with inside(a):
        session, log = sessions(UdpSession)
    session.open(a.address, PORT).result(10)
    refused = failure(session.join(membership(GROUP_V4, "", "eth0")), log)
    assert f"bound to {a.address}: datagrams to {GROUP_V4} would not reach it" in refused.message
    log.events.clear()
    other_family = failure(session.join(membership(GROUP_V6, "", "eth0")), log)
    assert "is IPv4 and the group" in other_family.message


@pytest.mark.parametrize(
    ("group", "source", "interface", "field", "words"),
    [
        ("224.0.0.1", "", "", "group", "224.0.0.1 is reserved for all hosts; pick 239."),
        ("10.0.0.1", "", "", "group", "10.0.0.1 is not a multicast address"),
        ("ff15::1", "10.0.0.1", "", "source", "is IPv4 and the group ff15::1 is IPv6"),
        ("239.1.2.3", "", "eth 0", "interface", "is neither an interface name"),
    ],
)
def test_bad_values_name_their_field(group, source, interface, field, words) -> None:
    with pytest.raises(MulticastError) as caught:
        membership(group, source, interface)
    assert caught.value.field == field and words in str(caught.value)
