"""``socklab packets ...``: the arguments of the packet library's commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from socklab.core import checked_path

from .tls_args import add_client_arguments

_STORE_HELP = (
    "the library file (default: $SOCKLAB_PACKETS, else $XDG_DATA_HOME/socklab/packets.json,"
    " the one the window uses)"
)


def _path(text: str) -> Path:
    if not text:
        raise argparse.ArgumentTypeError("the path is empty")
    try:
        return Path(checked_path(text))
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"{exc.strerror}: {text!r}") from None


def add_packets_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``packets list|import|export|send`` to the command line."""
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument("--store", type=_path, metavar="FILE", help=_STORE_HELP)
    packets = commands.add_parser(
        "packets", help="the saved packets: list, import, export, send"
    ).add_subparsers(dest="action", metavar="{list,import,export,send}", required=True)

    listing = packets.add_parser("list", parents=[store], help="list the saved packets")
    listing.add_argument("--json", action="store_true", help="the packets as JSON")

    importing = packets.add_parser(
        "import",
        parents=[store],
        help="add the packets of FILE: a SockLab packet file, Packet Sender's packets.ini"
        " or its JSON export (a name already taken gets ' (2)')",
    )
    importing.add_argument("file", metavar="FILE", type=_path)

    exporting = packets.add_parser(
        "export", parents=[store], help="write the saved packets to FILE (JSON)"
    )
    exporting.add_argument("file", metavar="FILE", type=_path)
    exporting.add_argument("names", metavar="NAME", nargs="*", help="only these packets")

    send = packets.add_parser(
        "send", parents=[store], help="send a saved packet (UDP, TCP, TLS or Unix)"
    )
    send.add_argument("name", metavar="NAME")
    send.add_argument(
        "--to",
        metavar="HOST:PORT",
        help="send it there instead of its own destination (unix:/path for a Unix packet)",
    )
    send.add_argument("--count", type=int, default=1, help="how many times (default 1)")
    send.add_argument(
        "--wait",
        type=float,
        default=None,
        metavar="S",
        help="then listen for replies for S s (default: 0 for UDP, 1 for TCP)",
    )
    send.add_argument("--json", action="store_true", help="one JSON object per event")
    send.add_argument(
        "--capture", type=_path, metavar="FILE", help="record every event to FILE (JSON Lines)"
    )
    send.add_argument(
        "--pcap",
        type=_path,
        metavar="FILE",
        help="record every event to FILE as pcapng, for Wireshark (packets made from the events)",
    )
    add_client_arguments(send)
