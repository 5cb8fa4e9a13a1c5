"""``udp send`` says how its generator sent, and ``udp listen --gro`` counts a
GSO sender's coalesced datagrams one by one."""

from __future__ import annotations

import json

import pytest

from socklab.core.fastpath import gso as fastgso
from socklab_cli import run, start

COUNT = 100


@pytest.mark.skipif(not fastgso.AVAILABLE, reason="UDP GSO is Linux's")
def test_a_gso_send_reaches_a_gro_listener_datagram_by_datagram():
    listen = ("udp", "listen", "127.0.0.1:0", "--gro", "--count", str(COUNT))
    listener = start(*listen, "--timeout", "20", "--json")
    try:
        bound = json.loads(listener.stdout.readline())
        assert bound["state"] == "bound"
        target = bound["local"]
        send = ("udp", "send", target, "--size", "1400", "--count", str(COUNT), "--fast")
        sent = run(*send)
        out, err = listener.communicate(timeout=20)
    finally:
        listener.kill()
    assert sent.returncode == 0, sent.stderr
    assert "socklab: GSO: 46 x 1400 B per send\n" in sent.stderr
    assert listener.returncode == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    received = [r["size"] for r in records if r["event"] == "received"]
    assert received == [1400] * COUNT
    assert f"received {COUNT} datagrams, {COUNT * 1400} bytes" in err
