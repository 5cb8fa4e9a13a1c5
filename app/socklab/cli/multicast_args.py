"""The multicast options of ``udp listen`` (``--join GROUP [--source ADDR]
[--iface IF]``, repeatable) and ``udp send`` (``--ttl N``, ``--iface IF``,
``--no-loop``).

Each ``--source`` and ``--iface`` of ``listen`` belongs to the ``--join``
before it; every value is checked as the window checks its fields.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from socklab.core import (
    MAX_TTL,
    Membership,
    MulticastError,
    MulticastSendOptions,
    membership,
    parse_group,
)


def _group(text: str) -> str:
    try:
        return parse_group(text)
    except MulticastError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _JoinPart(argparse.Action):
    """``--join`` starts a membership; ``--source`` / ``--iface`` complete the last one."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        joins: list[dict[str, str]] = list(getattr(namespace, "joins", None) or [])
        if self.dest == "join":
            joins.append({"group": str(values), "source": "", "interface": ""})
        elif not joins:
            parser.error(f"argument {option_string}: give --join GROUP before it")
        elif joins[-1][self.dest]:
            parser.error(f"argument {option_string}: --join {joins[-1]['group']} has one already")
        else:
            joins[-1][self.dest] = str(values)
        namespace.joins = joins


def add_listen_options(listen: argparse.ArgumentParser) -> None:
    listen.set_defaults(joins=[])
    listen.add_argument(
        "--join",
        type=_group,
        action=_JoinPart,
        metavar="GROUP",
        help="join a multicast group (IPv4 224.0.0.0/4, IPv6 ff00::/8; bind 0.0.0.0 or :: "
        "to receive it); repeatable",
    )
    listen.add_argument(
        "--source",
        action=_JoinPart,
        metavar="ADDR",
        help="with --join: only datagrams from ADDR (source-specific multicast, SSM)",
    )
    listen.add_argument(
        "--iface",
        dest="interface",
        action=_JoinPart,
        metavar="IF",
        help="with --join: on this interface (a name such as eth0, or an address of it)",
    )


def add_send_options(send: argparse.ArgumentParser, ttl_type: Any) -> None:
    send.add_argument(
        "--ttl",
        type=ttl_type,
        default=1,
        metavar="N",
        help=f"TTL / hop limit of datagrams sent to a group, 0 to {MAX_TTL} (default 1: "
        "this network only)",
    )
    send.add_argument(
        "--iface",
        dest="interface",
        default="",
        metavar="IF",
        help="send datagrams for groups out of this interface (a name such as eth0, or an "
        "address of it)",
    )
    send.add_argument(
        "--no-loop",
        action="store_true",
        help="no copy of datagrams sent to a group for members on this machine",
    )


def memberships(args: argparse.Namespace) -> list[Membership]:
    """The checked ``--join``s of ``udp listen``; MulticastError names the problem."""
    return [membership(j["group"], j["source"], j["interface"]) for j in args.joins]


def send_options(args: argparse.Namespace) -> MulticastSendOptions:
    """The multicast sending options of ``udp send`` (the system's defaults elsewhere)."""
    if getattr(args, "action", "") != "send" or getattr(args, "protocol", "") != "udp":
        return MulticastSendOptions()
    return MulticastSendOptions(
        ttl=int(args.ttl), loop=not args.no_loop, interface=args.interface.strip()
    )
