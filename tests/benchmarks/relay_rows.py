"""The relay row (issue 13 part 5): a 1 GiB TCP transfer through SockLab's
relay against the same transfer straight from sender to sink, in the same run.

Both transfers are two ``peers.py`` processes: ``tcp-send-checked`` sends a
pattern whose CRC-32 is known, ``tcp-sink-checked`` times the transfer (its
first byte to its last) and sums the CRC of what arrived, so the row says
whether every byte came through in order. The relay (a ``RelaySession``)
runs in this process, between them; the run drains its events as a viewer
would. Best of two each, interleaved.

Beside it, the same transfer through ``socat`` (``TCP-LISTEN`` -> ``TCP``, a
relay in C, with a 256 KiB buffer as SockLab's) when it is installed: on a
2-core machine three busy processes share two cores, and a relay that copies
each byte in and out does twice an endpoint's work, so about 0.5 x direct is
the ceiling for any copying relay here.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

from peers import pattern_crc
from run import MiB, Results, Row, python_peer

from socklab.core.relay import RelaySession

#: The sender's chunk (as the other TCP rows).
CHUNK = MiB


SOCAT = shutil.which("socat")


def _socat_relay(target: int) -> tuple[subprocess.Popen, int]:
    """``socat`` relaying one connection from a port of its own to ``target``,
    once it says it listens (``-d -d``)."""
    assert SOCAT is not None
    with socket.socket() as probe:  # a free port for socat to listen on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [SOCAT, "-d", "-d", "-b", str(256 * 1024),
         f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr", f"TCP:127.0.0.1:{target}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:  # ends if socat does
        if "listening on" in line:
            return process, port
    raise RuntimeError(f"socat did not listen on {port}")


def transfer(total: int, through_relay: bool | str) -> dict[str, float | bool]:
    """One transfer of ``total`` bytes (``through_relay``: False, True for
    SockLab's, "socat"); GB/s as the sink timed it, and its CRC's verdict."""
    sink = python_peer("tcp-sink-checked", total)
    relay = None
    socat = None
    try:
        port = int(sink.expect("ready")[0])
        if through_relay == "socat":
            socat, port = _socat_relay(port)
        elif through_relay:
            relay = RelaySession()
            port = relay.start(("127.0.0.1", 0), ("127.0.0.1", port)).result(5)[1]
        sender = python_peer("tcp-send-checked", port, total, CHUNK)
        deadline = time.monotonic() + 300
        done = sink.poll_line("done")
        while done is None and time.monotonic() < deadline:
            if relay is not None:
                relay.drain(2000)  # as a viewer would, ~30 times a second
            time.sleep(0.033)
            done = sink.poll_line("done")
        sender.close()
        if done is None:
            raise RuntimeError("the checked transfer did not end within 300 s")
        got, seconds, crc = int(done[0]), float(done[1]), int(done[2])
        return {"gbps": got / seconds / 1e9, "exact": got == total and crc == expected(total)}
    finally:
        if relay is not None:
            relay.shutdown()
        if socat is not None:
            socat.kill()
            socat.wait(10)
        sink.close()


_EXPECTED: dict[int, int] = {}


def expected(total: int) -> int:
    if total not in _EXPECTED:
        _EXPECTED[total] = pattern_crc(total, CHUNK)
    return _EXPECTED[total]


def bench_relay(results: Results, quick: bool) -> None:
    print("Relay, TCP", flush=True)
    total = (256 if quick else 1024) * MiB
    expected(total)
    direct, relayed, socat = [], [], []
    for _ in range(2):
        direct.append(transfer(total, through_relay=False))
        relayed.append(transfer(total, through_relay=True))
        if SOCAT is not None:
            socat.append(transfer(total, through_relay="socat"))
    best_direct = max(r["gbps"] for r in direct)
    best_relayed = max(r["gbps"] for r in relayed)
    exact = all(r["exact"] for r in direct + relayed + socat)
    results.details["relay_tcp"] = {
        "bytes": total,
        "direct": direct,
        "relayed": relayed,
        "socat": socat,
    }
    results.add(
        Row(
            f"TCP {total // MiB} MiB through the relay",
            best_relayed,
            "GB/s",
            best_direct,
            ">= 0.5 x direct, exact",
            best_relayed >= 0.5 * best_direct and exact,
            f"direct: sender -> sink; byte-exact (CRC-32): {exact}",
        )
    )
    if socat:
        best_socat = max(r["gbps"] for r in socat)
        results.add(
            Row(
                f"TCP {total // MiB} MiB through the relay vs socat",
                best_relayed,
                "GB/s",
                best_socat,
                "(a relay in C, same run)",
                None,
                f"socat {best_socat:.2f} GB/s = {best_socat / best_direct:.2f} x direct",
            )
        )
