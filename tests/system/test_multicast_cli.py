"""``socklab udp listen --join`` and ``udp send --ttl --iface`` between three hosts."""

from __future__ import annotations

import sys

import pytest
from netns import Child, Lab
from test_namespaces import READY_TIMEOUT, RUN_TIMEOUT, record, records, run

from multicast_lab import GROUP_V6, address6, build_lab

pytestmark = pytest.mark.netns
#: Three hosts on a bridge, IPv4 and IPv6 (deleted even when a test fails).
lab = pytest.fixture(name="lab")(build_lab)

PORT = 47310


def test_listeners_that_join_receive_what_is_sent_to_the_group(lab: Lab) -> None:
    a, b, c = lab.hosts
    listen = ["udp", "listen", f"[::]:{PORT}", "--join", GROUP_V6, "--iface", "eth0"]
    listen += ["--count", "1", "--timeout", "20", "--json"]
    with Child(b.socklab(*listen)) as on_b, Child(c.socklab(*listen)) as on_c:
        for listener in (on_b, on_c):
            joined = listener.expect(
                lambda line: record(line).get("event") == "membership", "joined", READY_TIMEOUT
            )
            assert record(joined)["joined"] is True and record(joined)["group"] == GROUP_V6
        sent = run(a.socklab("udp", "send", f"[{GROUP_V6}]:{PORT}", "hello group", "--ttl", "2",
                             "--iface", "eth0", "--no-loop"))  # fmt: skip
        assert sent.returncode == 0, sent.stderr
        results = [listener.finish(RUN_TIMEOUT) for listener in (on_b, on_c)]
    for code, lines, stderr in results:
        assert code == 0, stderr
        got = records(lines, "received")
        assert [bytes.fromhex(r["hex"]) for r in got] == [b"hello group"]
        assert got[0]["peer"].startswith(f"[{address6(a)}]:")
        left = records(lines, "membership")[-1]  # the socket closed: it left
        assert left["joined"] is False


def test_a_send_without_a_multicast_route_is_explained(lab: Lab) -> None:
    a, _, _ = lab.hosts
    refused = run(a.socklab("udp", "send", f"239.1.2.3:{PORT}", "x"))
    assert refused.returncode == 1
    assert "network unreachable" in refused.stderr, refused.stderr
    joined = run(a.socklab("udp", "listen", f"0.0.0.0:{PORT}", "--join", "239.1.2.3",
                           "--iface", "eth9", "--timeout", "0"))  # fmt: skip
    assert joined.returncode == 1
    assert "there is no interface eth9" in joined.stderr, joined.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["listen", "5000", "--join", "224.0.0.1"], "argument --join: 224.0.0.1 is reserved"),
        (["listen", "5000", "--join", "10.1.2.3"], "10.1.2.3 is not a multicast address"),
        (["listen", "5000", "--source", "10.1.2.3"], "--source: give --join GROUP before it"),
        (["listen", "5000", "--join", "ff15::1", "--source", "10.0.0.1"], "give an IPv6 source"),
        (["listen", "5000", "--join", "239.1.2.3", "--iface", "a b"], "--iface: 'a b' is neither"),
        (["send", "239.1.2.3:5000", "x", "--ttl", "300"], "argument --ttl: must be at most 255"),
    ],
)
def test_bad_values_exit_2_naming_the_argument(args: list[str], words: str) -> None:
    bad = run([sys.executable, "-m", "socklab", "udp", *args])  # refused before any socket
    assert bad.returncode == 2 and words in bad.stderr, bad.stderr
