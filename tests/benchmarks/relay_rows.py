"""The relay row (issue 13 part 5): a 1 GiB TCP transfer through SockLab's
relay against the same transfer straight from sender to sink, in the same run.

Both transfers are two ``peers.py`` processes: ``tcp-send-checked`` sends a
pattern whose CRC-32 is known, ``tcp-sink-checked`` times the transfer (its
first byte to its last) and sums the CRC of what arrived, so the row says
whether every byte came through in order. The relay (a ``RelaySession``)
runs in this process, between them; the run drains its events as a viewer
would. Best of two each, interleaved.
"""

from __future__ import annotations

import time

from peers import pattern_crc
from run import MiB, Results, Row, python_peer

from socklab.core.relay import RelaySession

#: The sender's chunk (as the other TCP rows).
CHUNK = MiB


def transfer(total: int, through_relay: bool) -> dict[str, float | bool]:
    """One transfer of ``total`` bytes; GB/s as the sink timed it, and its CRC's verdict."""
    sink = python_peer("tcp-sink-checked", total)
    relay = None
    try:
        port = int(sink.expect("ready")[0])
        if through_relay:
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
    direct, relayed = [], []
    for _ in range(2):
        direct.append(transfer(total, through_relay=False))
        relayed.append(transfer(total, through_relay=True))
    best_direct = max(r["gbps"] for r in direct)
    best_relayed = max(r["gbps"] for r in relayed)
    exact = all(r["exact"] for r in direct + relayed)
    results.details["relay_tcp"] = {"bytes": total, "direct": direct, "relayed": relayed}
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
