"""Benchmark row: the UDP generator with template fields (each datagram its own
expansion, sendmmsg with distinct buffers, no GSO) beside the pattern generator
of the same run. A figure, no target: expanding every packet is Python work."""

from __future__ import annotations

import time

from run import Results, Row

from socklab.core import payload, template
from socklab.core.jobs.generator import GeneratorSpec
from socklab.core.sessions.udp import UdpSession

TEXT = "seq {{counter}} len {{len}}"


def template_generator(port: int, count: int) -> float:
    """``count`` datagrams of ``TEXT`` expanded per packet; datagrams/s."""
    parsed = template.Template.parse(TEXT)
    counter = template.SendCounter()

    def encoder(text: str) -> bytes:
        return payload.encode(text, payload.Mode.TEXT, "utf-8", payload.LineEnding.NONE)

    def source() -> bytes:
        return template.expand(parsed, counter.take(), encoder, hex_mode=False)

    session = UdpSession()
    try:
        spec = GeneratorSpec(size=16, count=count, source=source)
        progress = session.generate(spec, "127.0.0.1", port)
        while not progress.future.done():
            time.sleep(0.033)
            session.drain(2000)
        progress.wait(1)
        return progress.snapshot().mean_pps
    finally:
        session.shutdown()


def bench_template_generator(results: Results, quick: bool, port: int, pattern: float) -> None:
    """The row, with ``pattern`` (the 64 B pattern generator's best, datagrams/s) beside it."""
    count = 50_000 if quick else 200_000
    runs = [template_generator(port, count) for _ in range(3)]
    results.details["generator_template"] = runs
    results.add(
        Row(
            f"UDP generator, template fields ('{TEXT}'), core: datagrams/s",
            max(runs),
            "/s",
            pattern,
            "figure (baseline: the pattern generator)",
            None,
            f"runs {', '.join(f'{r:,.0f}' for r in runs)}",
        )
    )
