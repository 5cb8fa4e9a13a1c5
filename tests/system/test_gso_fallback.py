"""GSO across a real link, and the kernel refusing it: a segment larger than the
route's MTU (EMSGSIZE). The generator then falls back to sendmmsg, says so, and
every datagram still arrives and is counted once.

Two host namespaces on the lab's bridge (see netns.py); root only.
"""

from __future__ import annotations

import subprocess

import pytest
from netns import IP_TIMEOUT, Child, Host, Lab
from test_namespaces import PORT, READY_TIMEOUT, RUN_TIMEOUT, lab, record, run  # noqa: F401

pytestmark = pytest.mark.netns

COUNT = 300
SIZE = 1400


def set_mtu(namespace: str, mtu: int) -> None:
    subprocess.run(
        ["ip", "-n", namespace, "link", "set", "eth0", "mtu", str(mtu)],
        check=True,
        capture_output=True,
        timeout=IP_TIMEOUT,
    )


def test_every_datagram_arrives_once_with_gso_or_without(lab: Lab) -> None:  # noqa: F811
    a, b = lab.hosts[:2]
    # One lab for both (building one takes a while): the link first as it is,
    # then with an MTU too small for a 1,400-byte segment.
    for mtu, said in (
        (1500, f"GSO: 46 x {SIZE} B per send"),
        (1280, "GSO refused by the kernel: EMSGSIZE; using sendmmsg"),
    ):
        set_mtu(a.namespace, mtu)
        sent, received, summary = generate_across(a, b)
        assert f"socklab: {said}\n" in sent, f"MTU {mtu}: {sent}"
        assert f"sent {COUNT} datagrams, {COUNT * SIZE} bytes" in sent
        assert [r["size"] for r in received] == [SIZE] * COUNT, f"MTU {mtu}"
        assert f"received {COUNT} datagrams, {COUNT * SIZE} bytes" in summary


def generate_across(a: Host, b: Host) -> tuple[str, list[dict], str]:
    """COUNT datagrams of SIZE from a's generator to a listener on b: the
    sender's stderr, the datagrams b received, b's summary."""
    target = f"{b.address}:{PORT}"
    listen = ["udp", "listen", target, "--count", str(COUNT), "--timeout", "20", "--json"]
    with Child(b.socklab(*listen)) as receiver:
        receiver.expect(lambda line: record(line).get("state") == "bound", "bound", READY_TIMEOUT)
        # Paced: a 1,400-byte datagram is two fragments on a 1,280-byte link,
        # and the lab's queues should not be what is measured.
        send = ["udp", "send", target, "--size", str(SIZE), "--count", str(COUNT)]
        sent = run(a.socklab(*send, "--rate", "20000"))
        assert sent.returncode == 0, sent.stderr
        code, lines, stderr = receiver.finish(RUN_TIMEOUT)
    assert code == 0, stderr
    return sent.stderr, [r for r in map(record, lines) if r.get("event") == "received"], stderr
