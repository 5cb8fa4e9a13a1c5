"""The generator of ``udp send`` / ``tcp connect`` with ``--template``: DATA's
fields expanded per packet (``{{counter}}`` 1..N in send order, ``--append``'s
checksum after each expansion, as the repeat sender does)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from socklab.core import GeneratorSpec

from .arguments import InputError
from .checks import message_source


def templated_source(args: argparse.Namespace, text: str) -> GeneratorSpec | None:
    """The generator's settings when DATA holds template fields (None when it
    holds none: the generator repeats DATA as without --template)."""
    source = message_source(args, text, "DATA")
    if not callable(source):
        return None
    if args.size is not None:
        raise InputError(
            "argument --size: with --template each packet is DATA expanded; give no --size"
        )
    first = source()  # the first packet, sent first: its size paces --mbps
    return GeneratorSpec(
        size=len(first),
        rate_pps=args.rate,
        rate_mbps=args.mbps,
        count=int(args.count) if args.count is not None else None,
        duration=args.duration,
        payload=first,
        source=_starting_with(first, source),
    )


def _starting_with(first: bytes, source: Callable[[], bytes]) -> Callable[[], bytes]:
    """``first``, then what ``source`` gives (called on the session's worker only)."""
    pending = [first]

    def next_packet() -> bytes:
        return pending.pop() if pending else source()

    return next_packet
