"""The arguments of ``socklab relay tcp|udp LISTEN TARGET``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from socklab.core import relay

_LISTEN_HELP = "where the relay listens: [ADDR:]PORT, or unix:/path (unix:@name)"
_TARGET_HELP = "where it forwards to: HOST:PORT, or unix:/path (unix:@name)"
_CORRUPT_HELP = (
    "flip bytes on their way (XOR 0xff, or ^MASK): @N the byte at offset N (of each datagram;"
    " of each direction's stream on TCP), or a share of the bytes such as 0.001 (positions"
    " drawn from --seed); e.g. @10, 0.001, @0^0x01"
)


def _checked(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """An argument type from one of the relay's parsers (its message, exit 2)."""

    def check(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return check


def _tcp_drop(text: str) -> float:
    raise argparse.ArgumentTypeError(
        "drops are for UDP (socklab relay udp): TCP delivers every byte or breaks the connection"
    )


def add_relay_parser(
    commands: Any,
    endpoint: Callable[[str | None, bool], Callable[[str], tuple[str, int]]],
    parents: list[argparse.ArgumentParser],
    number: Callable[..., Callable[[str], float]],
) -> None:
    """``relay tcp`` and ``relay udp``, with the shared output and capture options."""
    kinds = commands.add_parser(
        "relay", help="a relay (man in the middle): listen, forward, show both directions"
    ).add_subparsers(dest="action", metavar="{tcp,udp}", required=True)
    for name, words in (("tcp", "TCP: each client its own connection to TARGET"),
                        ("udp", "UDP: each source address its own socket to TARGET")):  # fmt: skip
        parser = kinds.add_parser(name, parents=parents, help=words)
        parser.add_argument(
            "listen", metavar="LISTEN", type=endpoint("0.0.0.0", True), help=_LISTEN_HELP
        )
        parser.add_argument(
            "target", metavar="TARGET", type=endpoint(None, False), help=_TARGET_HELP
        )
        parser.add_argument(
            "--delay",
            type=_checked(relay.parse_delay),
            default=0.0,
            metavar="MS",
            help="hold everything MS milliseconds each way, order kept"
            f" (0 to {relay.MAX_DELAY_MS})",
        )
        if name == "udp":
            parser.add_argument(
                "--drop",
                type=_checked(relay.parse_drop),
                default=0.0,
                metavar="PERCENT",
                help="drop exactly PERCENT %% of every 100 datagrams each way (0-100), at"
                " positions drawn from --seed",
            )
            parser.add_argument(
                "--idle",
                type=number(float, above_low=True),
                default=relay.RelayOptions().idle_timeout,
                metavar="S",
                help="a source with no datagram either way for S s is forgotten (default 60)",
            )
        else:
            parser.add_argument("--drop", type=_tcp_drop, help=argparse.SUPPRESS)
        parser.add_argument("--corrupt", metavar="SPEC", help=_CORRUPT_HELP)
        parser.add_argument(
            "--seed",
            type=_checked(relay.parse_seed),
            default=0,
            metavar="N",
            help="the seed of the drops and flips: the same seed, the same ones (default 0)",
        )
        parser.add_argument(
            "--timeout", type=number(float), metavar="S", help="stop after S s (0: at once)"
        )
        parser.add_argument("--quiet", action="store_true", help="no line per chunk")


def relay_options(args: argparse.Namespace) -> relay.RelayOptions:
    """The options the arguments ask for (a bad --corrupt: ValueError)."""
    protocol = relay.RelayProtocol(args.action)
    corrupt = relay.parse_corrupt(args.corrupt, args.seed) if args.corrupt is not None else None
    return relay.RelayOptions(
        protocol=protocol,
        delay_ms=args.delay,
        drop_percent=args.drop or 0.0,
        corrupt=corrupt,
        seed=args.seed,
        idle_timeout=getattr(args, "idle", relay.RelayOptions().idle_timeout),
    )
