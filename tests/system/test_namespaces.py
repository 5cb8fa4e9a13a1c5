"""Several hosts: the socklab CLI end to end between network namespaces.

Three host namespaces (10.213.77.1, .2, .3) share a bridge that lives in a
fourth, "switch" namespace (see netns.py); nothing is added to this machine's
own namespace and every datagram stays inside the lab. Root only: skipped with
the reason elsewhere.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from netns import SUBNET, Child, Lab, built_lab

from socklab.cli import EXIT_INTERRUPTED
from socklab.core.addresses import directed_broadcast

pytestmark = pytest.mark.netns

#: Any port does: the namespaces are new, so nothing else is bound in them.
PORT = 47213
#: Time limit for a child that is expected to finish on its own.
RUN_TIMEOUT = 20.0
#: Time limit for a child to print that it is ready.
READY_TIMEOUT = 10.0


@pytest.fixture
def lab() -> Iterator[Lab]:
    """Three hosts on one segment; the namespaces are deleted even if the test fails."""
    yield from built_lab(host_count=3)


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a child to its end (with a time limit)."""
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )


def record(line: str) -> dict[str, Any]:
    """One ``--json`` line as a dict (empty for anything else)."""
    try:
        value = json.loads(line)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def records(lines: list[str], event: str) -> list[dict[str, Any]]:
    return [r for r in map(record, lines) if r.get("event") == event]


def host_of(endpoint: str) -> str:
    return endpoint.rpartition(":")[0]


def test_udp_broadcast_from_one_host_reaches_the_other_two(lab: Lab) -> None:
    a, b, c = lab.hosts
    broadcast = directed_broadcast(a.address, SUBNET.prefixlen)
    assert broadcast == str(SUBNET.broadcast_address) == "10.213.77.255"
    target = f"{broadcast}:{PORT}"
    listen = ["udp", "listen", f"0.0.0.0:{PORT}", "--count", "1", "--timeout", "10", "--json"]

    with Child(b.socklab(*listen)) as on_b, Child(c.socklab(*listen)) as on_c:
        for listener in (on_b, on_c):
            listener.expect(
                lambda line: record(line).get("state") == "bound", "bound", READY_TIMEOUT
            )

        # Without SO_BROADCAST the kernel refuses: nothing goes out.
        refused = run(a.socklab("udp", "send", target, "must not arrive", "--json"))
        assert refused.returncode == 1, refused
        assert "permission denied" in refused.stderr, refused.stderr
        assert not records(refused.stdout.splitlines(), "sent"), refused.stdout

        sent = run(a.socklab("udp", "send", target, "hello from a", "--broadcast", "--json"))
        assert sent.returncode == 0, sent
        assert [r["peer"] for r in records(sent.stdout.splitlines(), "sent")] == [target]

        # Each listener stops after its first datagram: had the refused send
        # gone out, that would be what it got.
        results = {host: listener.finish(RUN_TIMEOUT) for host, listener in ((b, on_b), (c, on_c))}

    for host, (code, lines, stderr) in results.items():
        assert code == 0, f"{host.address}: exit code {code}: {stderr}"
        received = records(lines, "received")
        assert len(received) == 1, f"{host.address}: {lines}"
        assert bytes.fromhex(received[0]["hex"]) == b"hello from a"
        assert host_of(received[0]["peer"]) == a.address
        assert received[0]["local"] == f"0.0.0.0:{PORT}"


def test_tcp_client_on_one_host_reaches_a_server_on_another(lab: Lab) -> None:
    _, b, c = lab.hosts
    server_at = f"{b.address}:{PORT}"

    with Child(b.socklab("tcp", "serve", server_at, "--echo", "--timeout", "60")) as server:
        server.expect(lambda line: f"listening on {server_at}" in line, "listening", READY_TIMEOUT)

        # The client listens for replies until --wait ends or it is interrupted:
        # interrupt it once it has shown the echo (no window to hope it fits in).
        connect = ["tcp", "connect", server_at, "--send", "hello", "--wait", "60", "--json"]
        with Child(c.socklab(*connect)) as client:
            client.expect(
                lambda line: record(line).get("event") == "received", "the echo", READY_TIMEOUT
            )
            client.proc.send_signal(signal.SIGINT)
            code, lines, stderr = client.finish(RUN_TIMEOUT)
        assert code == EXIT_INTERRUPTED, stderr
        connected = [r for r in records(lines, "state") if r["state"] == "connected"]
        assert [(host_of(r["local"]), r["peer"]) for r in connected] == [(c.address, server_at)]
        echoed = b"".join(bytes.fromhex(r["hex"]) for r in records(lines, "received"))
        assert echoed == b"hello"

        joined = server.expect(lambda line: "connected from" in line, "the client", READY_TIMEOUT)
        assert f"connected from {c.address}:" in joined
        server.expect(lambda line: " left: " in line, "the client to leave", READY_TIMEOUT)
        server.proc.terminate()
        code, lines, stderr = server.finish(RUN_TIMEOUT)

    assert code == 0, stderr
    assert any(f"<- {c.address}:" in line and "hello" in line for line in lines), lines
    assert any(f"-> {c.address}:" in line and "hello" in line for line in lines), lines
