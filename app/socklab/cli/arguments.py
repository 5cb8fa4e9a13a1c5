"""The command line's arguments: the parser, and the types that check each value.

A bad value makes argparse exit with code 2 and a message naming the argument.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from socklab.core import AddressError, parse_endpoint, payload

from .. import __version__


class InputError(Exception):
    """Bad input: the message names the argument."""


#: The one help text of every --output: what it does to a file that exists.
_OUTPUT_HELP = "append the received bytes to FILE (made if missing; never truncated)"


# -- argument types -----------------------------------------------------------


def _endpoint(default_host: str | None, allow_zero: bool) -> Callable[[str], tuple[str, int]]:
    def parse(text: str) -> tuple[str, int]:
        try:
            return parse_endpoint(text, default_host=default_host, allow_zero_port=allow_zero)
        except AddressError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def _positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"must not be negative, not {text!r}")
        return value

    return parse


def _encoding(text: str) -> str:
    try:
        payload.codec_name(text)
    except payload.PayloadError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text.lower()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socklab",
        description="A socket tester. Without a command it opens the window.",
        epilog="Exit codes: 0 success, 1 network failure, 2 bad input.",
    )
    parser.add_argument("--version", action="version", version=f"socklab {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window (offscreen without a display), run a UDP and a TCP round trip"
        " on loopback through its tabs, print a report and exit 0 if all passed",
    )
    commands = parser.add_subparsers(dest="protocol", metavar="{udp,tcp}")

    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--json", action="store_true", help="one JSON object per event")
    output.add_argument("--hex", action="store_true", help="data given and shown as hex (48 65 6c)")
    output.add_argument(
        "--encoding", type=_encoding, default="utf-8", help="text encoding (default utf-8)"
    )

    data_in = argparse.ArgumentParser(add_help=False)
    data_in.add_argument(
        "--escapes", action="store_true", help=r"data may contain \n \r \t \0 \xHH \\"
    )
    data_in.add_argument(
        "--line-ending",
        choices=["none", "lf", "crlf"],
        default="none",
        help="appended to each message",
    )

    capture = argparse.ArgumentParser(add_help=False)
    capture.add_argument(
        "--capture", type=Path, metavar="FILE", help="record every event to FILE (JSON Lines)"
    )

    generator = argparse.ArgumentParser(add_help=False)
    generator.add_argument(
        "--size", type=_positive(int), metavar="BYTES", help="traffic generator: payload size"
    )
    generator.add_argument(
        "--rate", type=_positive(float), metavar="PPS", help="generator: packets per second"
    )
    generator.add_argument(
        "--mbps", type=_positive(float), metavar="MBIT", help="generator: megabits per second"
    )
    generator.add_argument("--fast", action="store_true", help="generator: as fast as possible")
    generator.add_argument(
        "--duration", type=_positive(float), metavar="S", help="generator: stop after S s"
    )

    udp = commands.add_parser("udp", help="UDP: send and listen").add_subparsers(
        dest="action", metavar="{send,listen}", required=True
    )
    send = udp.add_parser(
        "send", parents=[output, data_in, generator, capture], help="send datagrams"
    )
    send.add_argument("target", metavar="HOST:PORT", type=_endpoint(None, False))
    send.add_argument("data", metavar="DATA", nargs="?")
    send.add_argument("--bind", metavar="ADDR:PORT", type=_endpoint("0.0.0.0", True))
    send.add_argument("--broadcast", action="store_true", help="set SO_BROADCAST")
    send.add_argument("--count", type=_positive(int), help="how many (default 1)")
    send.add_argument("--file", type=Path, metavar="FILE", help="send FILE as datagrams")
    send.add_argument(
        "--chunk", type=_positive(int), default=1400, metavar="BYTES", help="with --file"
    )
    send.add_argument(
        "--interval", type=_positive(float), default=1000.0, metavar="MS", help="between sends"
    )
    send.add_argument(
        "--wait", type=_positive(float), default=0.0, metavar="S", help="then listen for replies"
    )

    listen = udp.add_parser("listen", parents=[output, capture], help="receive datagrams")
    listen.add_argument("address", metavar="[ADDR:]PORT", type=_endpoint("0.0.0.0", True))
    listen.add_argument("--count", type=_positive(int), help="stop after N datagrams")
    listen.add_argument("--timeout", type=_positive(float), metavar="S", help="stop after S s")
    listen.add_argument("--bufsize", type=_positive(int), default=65535, help="recvfrom size")
    listen.add_argument("--reuse", action="store_true", help="set SO_REUSEADDR")
    listen.add_argument("--output", type=Path, metavar="FILE", help=_OUTPUT_HELP)
    listen.add_argument("--quiet", action="store_true", help="no line per datagram")

    tcp = commands.add_parser("tcp", help="TCP: connect and serve").add_subparsers(
        dest="action", metavar="{connect,serve}", required=True
    )
    connect = tcp.add_parser(
        "connect", parents=[output, data_in, generator, capture], help="a TCP client"
    )
    connect.add_argument("target", metavar="HOST:PORT", type=_endpoint(None, False))
    connect.add_argument("--send", action="append", default=[], metavar="DATA")
    connect.add_argument("--stdin", action="store_true", help="send each line read from stdin")
    connect.add_argument("--read-until-close", action="store_true")
    connect.add_argument(
        "--wait", type=_positive(float), default=1.0, metavar="S", help="listen after sending"
    )
    connect.add_argument("--output", type=Path, metavar="FILE", help=_OUTPUT_HELP)
    connect.add_argument(
        "--skip-headers",
        action="store_true",
        help="with --output: save only an HTTP response's body (the header left out as it arrives)",
    )
    connect.add_argument("--timeout", type=_positive(float), default=5.0, metavar="S")
    connect.add_argument("--recv-size", type=_positive(int), default=65536)
    connect.add_argument("--file", type=Path, metavar="FILE", help="send FILE (streamed)")
    connect.add_argument(
        "--chunk", type=_positive(int), default=256 * 1024, metavar="BYTES", help="with --file"
    )
    connect.add_argument("--count", type=_positive(int), help="generator: how many blocks")
    connect.add_argument("--quiet", action="store_true", help="no line per chunk")

    serve = tcp.add_parser("serve", parents=[output, capture], help="a TCP server")
    serve.add_argument("address", metavar="[ADDR:]PORT", type=_endpoint("0.0.0.0", True))
    replies = serve.add_mutually_exclusive_group()
    replies.add_argument("--echo", action="store_true", help="send back what arrives")
    replies.add_argument("--reply", metavar="TEXT", help="answer each message with TEXT")
    serve.add_argument("--close-on", metavar="WORD", help="close a client that sends WORD")
    serve.add_argument("--max-clients", type=_positive(int))
    serve.add_argument("--backlog", type=_positive(int))
    serve.add_argument("--timeout", type=_positive(float), metavar="S", help="stop after S s")
    serve.add_argument("--output", type=Path, metavar="FILE", help=_OUTPUT_HELP)
    serve.add_argument("--quiet", action="store_true", help="no line per chunk")
    return parser


# -- output -------------------------------------------------------------------
