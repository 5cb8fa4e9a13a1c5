"""``<broadcast>`` and scoped link-local addresses between network namespaces:
the CLI and the code panel's scripts, each against a live SockLab session.

``<broadcast>`` is 255.255.255.255: it is sent only inside the lab (see
netns.py), never from this machine's namespace. The link-local addresses are
added with ``nodad`` (usable at once, no wait for duplicate detection). Root
only: skipped with the reason elsewhere.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from netns import Child, Host, Lab, _ip
from test_namespaces import READY_TIMEOUT, RUN_TIMEOUT, lab, record, records, run  # noqa: F401

from socklab.teaching.codegen import BroadcastCode, UdpCode, generate

pytestmark = pytest.mark.netns

PORT = 47214
LISTEN = ["udp", "listen", f"[::]:{PORT}", "--count", "1", "--timeout", "20", "--json"]


def _bound(listener: Child) -> None:
    listener.expect(lambda line: record(line).get("state") == "bound", "bound", READY_TIMEOUT)


def _received(listener: Child) -> dict:
    code, lines, stderr = listener.finish(RUN_TIMEOUT)
    assert code == 0, stderr
    got = records(lines, "received")
    assert len(got) == 1, lines
    return got[0]


def _run_script(sender: Host, receiver: Host, tmp_path: Path, source: str) -> dict:
    """Run ``source`` in ``sender`` while SockLab listens in ``receiver``; what it got."""
    path = tmp_path / f"script_{len(list(tmp_path.iterdir()))}.py"
    path.write_text(source, encoding="utf-8")
    with Child(receiver.socklab(*LISTEN)) as listener:
        _bound(listener)
        done = run(sender.command(sys.executable, str(path)))
        assert done.returncode == 0, done.stderr
        return _received(listener)


def test_broadcast_name_as_python_takes_it(lab: Lab, tmp_path: Path) -> None:  # noqa: F811
    a, b, _ = lab.hosts
    # 255.255.255.255 leaves by the default route (as on a real network).
    _ip("-n", a.namespace, "route", "add", "default", "dev", "eth0")
    target = f"<broadcast>:{PORT}"
    with Child(b.socklab(*LISTEN)) as listener:  # dual stack: IPv4 broadcasts too
        _bound(listener)
        refused = run(a.socklab("udp", "send", target, "no SO_BROADCAST", "--json"))
        assert refused.returncode == 1 and "permission denied" in refused.stderr, refused
        sent = run(a.socklab("udp", "send", target, "hello", "--broadcast", "--json"))
        assert sent.returncode == 0, sent
        assert [r["peer"] for r in records(sent.stdout.splitlines(), "sent")] == [
            f"255.255.255.255:{PORT}"
        ]
        got = _received(listener)
    assert bytes.fromhex(got["hex"]) == b"hello"
    assert got["peer"].rpartition(":")[0] == a.address  # an IPv4 source, shown as IPv4

    source = generate(
        BroadcastCode(address="<broadcast>", port=PORT, payload=b"from a script", receive=False)
    )
    assert f'("<broadcast>", {PORT})' in source
    assert bytes.fromhex(_run_script(a, b, tmp_path, source)["hex"]) == b"from a script"


def test_scoped_link_local_addresses(lab: Lab, tmp_path: Path) -> None:  # noqa: F811
    a, b, _ = lab.hosts
    for host, address in ((a, "fe80::a"), (b, "fe80::b")):
        _ip("-n", host.namespace, "addr", "add", f"{address}/64", "dev", "eth0", "nodad")

    with Child(b.socklab(*LISTEN)) as listener:
        _bound(listener)
        sent = run(a.socklab("udp", "send", f"[fe80::b%eth0]:{PORT}", "scoped", "--bind",
                             "[fe80::a%eth0]:0"))  # fmt: skip
        assert sent.returncode == 0, sent.stderr
        got = _received(listener)
    assert bytes.fromhex(got["hex"]) == b"scoped"
    assert got["peer"].startswith("[fe80::a%eth0]:"), got

    unknown = run(a.socklab("udp", "send", f"[fe80::b%eth9]:{PORT}", "x"))
    assert unknown.returncode == 2 and "no network interface 'eth9'" in unknown.stderr

    source = generate(
        UdpCode(remote_host="fe80::b%eth0", remote_port=PORT, payload=b"code", receive=False)
    )
    assert f'("fe80::b%eth0", {PORT})' in source
    got = _run_script(a, b, tmp_path, source)
    assert bytes.fromhex(got["hex"]) == b"code" and got["peer"].startswith("[fe80::"), got
