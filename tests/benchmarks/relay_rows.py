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

Each transfer through a relay also says the relay's CPU seconds per GiB (its
worker thread, or socat's process, from /proc's schedstat, to the
nanosecond): on a busy machine the GB/s say how the scheduler shared the
cores out as much as what the relay costs, and this figure says the cost.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import time
from pathlib import Path

from peers import pattern_crc
from run import MiB, Results, Row, python_peer

from socklab.core.relay import RelaySession

#: The sender's chunk (as the other TCP rows).
CHUNK = MiB


SOCAT = shutil.which("socat")
GiB = 1 << 30


def thread_cpu(pid: int, tid: int | None = None) -> float | None:
    """CPU seconds of thread ``tid`` of process ``pid`` (its main thread by
    default) from /proc's schedstat; None where Linux does not tell it."""
    path = Path(f"/proc/{pid}/task/{tid or pid}/schedstat")
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int(path.read_text().split()[0]) / 1e9
    return None


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
    SockLab's, "socat"); GB/s as the sink timed it, its CRC's verdict, and
    (through a relay) the relay's CPU seconds per GiB."""
    sink = python_peer("tcp-sink-checked", total)
    relay = None
    socat = None
    cpu_of: tuple[int, int | None] | None = None  # (pid, tid) of the relay's work
    cpu_before = 0.0
    try:
        port = int(sink.expect("ready")[0])
        if through_relay == "socat":
            socat, port = _socat_relay(port)
            cpu_of = (socat.pid, None)
        elif through_relay:
            relay = RelaySession()
            port = relay.start(("127.0.0.1", 0), ("127.0.0.1", port)).result(5)[1]
            thread = relay.worker._thread
            cpu_of = (os.getpid(), thread.native_id) if thread is not None else None
        if cpu_of is not None:
            cpu_before = thread_cpu(*cpu_of) or 0.0
        sender = python_peer("tcp-send-checked", port, total, CHUNK)
        deadline = time.monotonic() + 300
        done = sink.poll_line("done")
        while done is None and time.monotonic() < deadline:
            if relay is not None:
                relay.drain(2000)  # as a viewer would, ~30 times a second
            time.sleep(0.033)
            done = sink.poll_line("done")
        cpu_after = thread_cpu(*cpu_of) if cpu_of is not None else None
        sender.close()
        if done is None:
            raise RuntimeError("the checked transfer did not end within 300 s")
        got, seconds, crc = int(done[0]), float(done[1]), int(done[2])
        result: dict[str, float | bool] = {
            "gbps": got / seconds / 1e9,
            "exact": got == total and crc == expected(total),
        }
        if cpu_after is not None:
            result["cpu_s_per_gib"] = (cpu_after - cpu_before) / (total / GiB)
        return result
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
    relay_cpu = [float(r["cpu_s_per_gib"]) for r in relayed if "cpu_s_per_gib" in r]
    socat_cpu = [float(r["cpu_s_per_gib"]) for r in socat if "cpu_s_per_gib" in r]
    if relay_cpu:
        results.add(
            Row(
                f"TCP {total // MiB} MiB relay: CPU s per GiB",
                statistics.median(relay_cpu),
                "s",
                statistics.median(socat_cpu) if socat_cpu else None,
                "(vs socat's, same run)",
                None,
                "median; SockLab: the relay's worker thread, socat: its process",
                lower_is_better=True,
            )
        )
