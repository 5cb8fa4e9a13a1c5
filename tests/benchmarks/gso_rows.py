"""The GSO/GRO rows of the generator section (issue 14), beside the C sender.

* sending: ``UdpSession.generate`` with GSO (the default) and without it
  (``gso=False``: sendmmsg), 64 B and 1400 B, against blast.c's ``sendmmsg``
  loop in the same run, interleaved, best of 3; the target is C's bytes/s;
* receiving: blast.c sending GSO bursts (46 x 1400 B per send) into a
  ``UdpSession`` with ``UDP_GRO`` on and off: datagrams/s read, and whether
  read + dropped by the kernel is exactly what was sent (with GRO the kernel
  counts a dropped buffer of 46 once).

Every sender sends to a ``peers.py udp-sink`` (bound, never reads), or to the
receiving session; all on 127.0.0.1.
"""

from __future__ import annotations

from typing import Any

from run import Peer, Results, Row, _watch_counters, blaster, python_peer, socklab_generator

from socklab.core.sessions.udp import UdpSession

MB = 1e6
#: 1400-byte datagrams per GSO send (46 x 1400 = 64,400 bytes).
GSO_SEGMENTS_1400 = 46


def c_sendmmsg(port: int, count: int, size: int, segments: int = 1) -> float | None:
    """blast.c's ``sendmmsg`` loop (with GSO sends of ``segments`` datagrams when
    more than 1); datagrams/s, or None without a C compiler."""
    program = blaster()
    if program is None:
        return None
    sender = Peer(program, port, count, size, *([segments] if segments > 1 else []))
    try:
        done = sender.expect("done", timeout=120)
    finally:
        sender.close()
    return int(done[0]) / float(done[1])


def bench_gso_send(results: Results, quick: bool) -> None:
    """GSO and sendmmsg generators against the C sender, bytes/s."""
    rounds = 2 if quick else 3
    sink = python_peer("udp-sink")
    port = int(sink.expect("ready")[0])
    section: dict[str, Any] = {}
    try:
        for size, full_count in ((64, 1_000_000), (1400, 500_000)):
            count = full_count // 3 if quick else full_count
            runs: dict[str, list[float]] = {"gso": [], "sendmmsg": [], "c": []}
            for _ in range(rounds):  # interleaved: all see the same machine
                runs["gso"].append(socklab_generator(port, count, size))
                runs["sendmmsg"].append(socklab_generator(port, count, size, gso=False))
                rate = c_sendmmsg(port, count, size)
                if rate is not None:
                    runs["c"].append(rate)
            section[f"{size}B"] = runs
            add_send_rows(results, size, runs)
    finally:
        sink.close()
    results.details["generator_gso"] = section


def add_send_rows(results: Results, size: int, runs: dict[str, list[float]]) -> None:
    c = max(runs["c"]) * size / MB if runs["c"] else None
    for key, label, target in (("gso", "GSO", 1.0), ("sendmmsg", "sendmmsg, no GSO", None)):
        lab = max(runs[key]) * size / MB
        results.add(
            Row(
                f"UDP gen {size} B {label} vs C: MB/s",
                lab,
                "MB/s",
                c,
                ">= 1 x C sendmmsg" if target else "",
                None if target is None or c is None else lab >= target * c,
                f"{max(runs[key]):,.0f}/s; runs "
                + ", ".join(f"{r / 1000:,.0f}k" for r in runs[key])
                + ("; no C compiler" if c is None else ""),
            )
        )


def gro_receive(count: int, gro: bool) -> dict[str, float]:
    """blast.c's GSO bursts of 1400 B into a UdpSession with GRO on or off."""
    session = UdpSession()
    session.use_gro = gro
    try:
        port = session.open("127.0.0.1", 0).result(5)[1]
        program = blaster()
        assert program is not None
        peer = Peer(program, port, count, 1400, GSO_SEGMENTS_1400)
        result = _watch_counters(session, peer, count, lambda: session.drain(2000))
        result["gro"] = bool(session.receive_path and session.receive_path.gro)
        return result
    finally:
        session.shutdown()


def bench_gro_receive(results: Results, quick: bool) -> None:
    """The receive side of a GSO flood, GRO on against off: datagrams/s, exact counts."""
    if blaster() is None:
        results.add(Row("UDP 1400 B GSO flood, GRO vs not", 0, "/s", note="skipped: no C compiler"))
        return
    count = GSO_SEGMENTS_1400 * (20_000 if quick else 100_000)
    runs: dict[str, list[dict[str, float]]] = {"gro": [], "plain": []}
    for _ in range(2 if quick else 3):
        runs["gro"].append(gro_receive(count, True))
        runs["plain"].append(gro_receive(count, False))
    results.details["gro_receive"] = runs
    on = max(runs["gro"], key=lambda r: r["rate"])
    off = max(runs["plain"], key=lambda r: r["rate"])
    # Without GRO the kernel counts each datagram it drops; with GRO it drops a
    # coalesced buffer (here always 46 datagrams) whole and counts it once.
    exact = all(
        r["received"] + r["dropped_by_system"] * (GSO_SEGMENTS_1400 if r["gro"] else 1) == count
        for r in runs["gro"] + runs["plain"]
    )
    results.add(
        Row(
            "UDP 1400 B GSO flood, core: GRO vs no GRO",
            on["rate"],
            "/s",
            off["rate"],
            "read + dropped = sent",
            exact,
            f"{count:,} sent; read {on['received']:,} + dropped {on['dropped_by_system']:,} "
            f"with GRO, {off['received']:,} + {off['dropped_by_system']:,} without"
            f"{'' if on['gro'] else '; GRO was refused'}",
        )
    )
