"""The command line's arguments: the parser, and the types that check each value.

A bad value makes argparse exit with code 2 and a message naming the argument.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from pathlib import Path

from socklab.core import (
    DEFAULT_BACKLOG,
    DEFAULT_MAX_REPLY_RATE,
    LOOP_WINDOWS,
    MAX_BLOCK_SIZE,
    AddressError,
    checked_path,
    checksums,
    parse_endpoint,
    parse_unix,
    payload,
)

from .multicast_args import add_listen_options, add_send_options
from .run_args import add_run_parser


class InputError(Exception):
    """Bad input: the message names the argument."""


#: The one help text of every --output: what it does to a file that exists.
_OUTPUT_HELP = "append the received bytes to FILE (made if missing; never truncated)"


#: The largest --recv-size (as the window's recv size field): one buffer of it is kept.
MAX_RECV_SIZE = 1 << 20


# -- argument types -----------------------------------------------------------

#: Said by every address argument.
#: Said by --remove-stale.
_STALE_HELP = (
    "on a Unix path: first remove a socket file left by a crashed program, "
    "after proving nothing listens on it"
)
_UNIX_HELP = "or a Unix socket: unix:/path/to.sock, or unix:@name (abstract, Linux)"


def _endpoint(default_host: str | None, allow_zero: bool) -> Callable[[str], tuple[str, int]]:
    def parse(text: str) -> tuple[str, int]:
        try:
            if text.strip().lower().startswith("unix:"):  # unix:/path or unix:@name
                return parse_unix(text), 0
            return parse_endpoint(text, default_host=default_host, allow_zero_port=allow_zero)
        except AddressError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = frozenset({"nan", "inf", "infinity"})


def _number_text(text: str, integer: bool) -> str:
    """``text`` stripped, if it is a number written with the digits 0-9."""
    shown = text.strip()
    if (_INTEGER if integer else _DECIMAL).fullmatch(shown):
        return shown
    if any(char.isdecimal() and not char.isascii() for char in shown):
        raise argparse.ArgumentTypeError(f"write numbers with the digits 0-9, not {text!r}")
    if not integer and shown.lower().lstrip("+-") in _NOT_FINITE:
        raise argparse.ArgumentTypeError(f"must be a finite number, not {text!r}")
    kind = "a whole number" if integer else "a number"
    raise argparse.ArgumentTypeError(f"expected {kind}, not {text!r}")


def number(
    kind: type[int] | type[float],
    *,
    low: int = 0,
    high: int | None = None,
    above_low: bool = False,
    note: str = "",
) -> Callable[[str], float]:
    """An argument type: a finite ``kind`` written with the digits 0-9, from ``low``
    (more than ``low`` with ``above_low``) to ``high``; ``note`` follows the
    message when the value is too small (what to write instead)."""

    def parse(text: str) -> float:
        value = kind(_number_text(text, kind is int))
        if not math.isfinite(value):  # "1e400"
            raise argparse.ArgumentTypeError(f"must be a finite number, not {text!r}")
        if value < low or (above_low and value == low):
            if above_low:
                bound = f"must be more than {low}"
            else:
                bound = "must not be negative" if low == 0 else f"must be at least {low}"
            raise argparse.ArgumentTypeError(f"{bound}{note}, not {text!r}")
        if high is not None and value > high:
            raise argparse.ArgumentTypeError(f"must be at most {high:,}{note}, not {text!r}")
        return value

    return parse


def _path(text: str) -> Path:
    if not text:
        raise argparse.ArgumentTypeError("the path is empty")
    try:
        return Path(checked_path(text))
    except OSError as exc:  # a NUL character: said as the file sinks say it
        raise argparse.ArgumentTypeError(f"{exc.strerror}: {text!r}") from None


def _encoding(text: str) -> str:
    try:
        payload.codec_name(text)
    except payload.PayloadError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text.lower()


class _ShowVersion(argparse.Action):
    """``--version``: the version is read (from the package's metadata) only when asked."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from .. import __version__

        print(f"socklab {__version__}")
        parser.exit()


_REPLY_TEMPLATE_HELP = (
    "expand fields in each reply (--reply, the --rules replies) as it goes: {{counter}}"
    " (1, 2, 3 ... replies), {{time}}, {{unixtime}}, {{random:N}}, {{len}}; never in what"
    " a peer sent"
)
_RULES_HELP = (
    "reply rules, a TOML file of [[rule]] tables (match = REGEX, or match_hex / exact / "
    "contains / starts / ends; reply = TEXT with \\1 \\g<name> \\g<0>, or reply_hex; "
    "delay = S; stop_after = N), tried in order"
)


def build_parser() -> argparse.ArgumentParser:
    from .tls_args import (  # they import InputError from here
        add_client_arguments,
        add_server_arguments,
    )

    parser = argparse.ArgumentParser(
        prog="socklab",
        description="A socket tester. Without a command it opens the window.",
        epilog="Exit codes: 0 success, 1 network failure, 2 bad input.",
    )
    parser.add_argument("--version", action=_ShowVersion)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window (offscreen without a display), run a UDP and a TCP round trip"
        " on loopback through its tabs, print a report and exit 0 if all passed",
    )
    commands = parser.add_subparsers(dest="protocol", metavar="{udp,tcp,run,packets,relay}")

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
    data_in.add_argument(
        "--template",
        action="store_true",
        help="expand fields in the data at each send: {{counter}} (1, 2, 3 ...), {{time}},"
        " {{unixtime}}, {{random:N}}, {{len}} (the length without the checksum)",
    )

    checksum = argparse.ArgumentParser(add_help=False)
    checksum.add_argument(
        "--append",
        choices=list(checksums.CHECKSUMS),
        metavar="CHECKSUM",
        help="append a checksum to each message: "
        + ", ".join(checksums.CHECKSUMS)
        + " (crc16-modbus low byte first; crc16-ccitt, crc32 high byte first);"
        " with tcp serve, to each --reply; with --rules, to each of their replies;"
        " received messages are checked for it too (see --verify)",
    )
    checksum.add_argument(
        "--verify",
        choices=list(checksums.CHECKSUMS),
        metavar="CHECKSUM",
        help="check that each message received ends with CHECKSUM (default: the --append"
        " one): each line says 'checksum NAME good' or 'checksum NAME BAD'",
    )

    dual_stack = argparse.ArgumentParser(add_help=False)
    dual_stack.add_argument(
        "--ipv6-only",
        action="store_true",
        help="bound on IPv6, set IPV6_V6ONLY: no IPv4 peers (default: a socket on [::] takes"
        " IPv4 too, shown as 127.0.0.1)",
    )

    capture = argparse.ArgumentParser(add_help=False)
    capture.add_argument(
        "--capture", type=_path, metavar="FILE", help="record every event to FILE (JSON Lines)"
    )
    capture.add_argument(
        "--pcap",
        type=_path,
        metavar="FILE",
        help="record every event to FILE as pcapng, for Wireshark (packets made from the events)",
    )

    generator = argparse.ArgumentParser(add_help=False)
    generator.add_argument(
        "--size",
        type=number(int, high=MAX_BLOCK_SIZE),
        metavar="BYTES",
        help="traffic generator: payload size (UDP: 0 sends empty datagrams, at most 65507;"
        " TCP: 1 or more)",
    )
    as_fast = " (--fast sends as fast as possible)"
    generator.add_argument(
        "--rate",
        type=number(float, above_low=True, note=as_fast),
        metavar="PPS",
        help="generator: packets per second, more than 0",
    )
    generator.add_argument(
        "--mbps",
        type=number(float, above_low=True, note=as_fast),
        metavar="MBIT",
        help="generator: megabits per second, more than 0",
    )
    generator.add_argument("--fast", action="store_true", help="generator: as fast as possible")
    generator.add_argument(
        "--duration",
        type=number(float, above_low=True),
        metavar="S",
        help="generator: stop after S s (more than 0)",
    )

    add_run_parser(commands, _path)
    udp = commands.add_parser("udp", help="UDP: send and listen").add_subparsers(
        dest="action", metavar="{send,listen}", required=True
    )
    send = udp.add_parser(
        "send",
        parents=[output, data_in, checksum, generator, capture, dual_stack],
        help="send datagrams",
    )
    send.add_argument("target", metavar="HOST:PORT", type=_endpoint(None, False), help=_UNIX_HELP)
    send.add_argument("data", metavar="DATA", nargs="?")
    send.add_argument(
        "--bind", metavar="ADDR:PORT", type=_endpoint("0.0.0.0", True), help=_UNIX_HELP
    )
    send.add_argument("--broadcast", action="store_true", help="set SO_BROADCAST")
    send.add_argument(
        "--no-gso",
        action="store_true",
        help="generator: one header per datagram (sendmmsg), not Linux GSO's many per send",
    )
    send.add_argument("--count", type=number(int, low=1), help="how many, 1 or more (default 1)")
    send.add_argument("--file", type=_path, metavar="FILE", help="send FILE as datagrams")
    send.add_argument(
        "--chunk",
        type=number(int, low=1, high=MAX_BLOCK_SIZE),
        default=1400,
        metavar="BYTES",
        help="with --file: bytes per datagram, 1 to 65507 (default 1400)",
    )
    send.add_argument(
        "--interval",
        type=number(float),
        default=1000.0,
        metavar="MS",
        help="between sends (default 1000; 0: back to back)",
    )
    send.add_argument(
        "--wait",
        type=number(float),
        default=0.0,
        metavar="S",
        help="then listen for replies (default 0)",
    )
    add_send_options(send, number(int, high=255))

    listen = udp.add_parser(
        "listen", parents=[output, checksum, capture, dual_stack], help="receive datagrams"
    )
    listen.add_argument(
        "address", metavar="[ADDR:]PORT", type=_endpoint("0.0.0.0", True), help=_UNIX_HELP
    )
    listen.add_argument(
        "--count", type=number(int, low=1), help="stop after N datagrams (1 or more)"
    )
    listen.add_argument(
        "--timeout", type=number(float), metavar="S", help="stop after S s (0: at once)"
    )
    listen.add_argument(
        "--bufsize",
        type=number(int, low=1, high=65535),
        default=65535,
        help="recvfrom size, 1 to 65535 (default 65535): longer datagrams are cut",
    )
    listen.add_argument("--reuse", action="store_true", help="set SO_REUSEADDR")
    listen.add_argument(
        "--gro",
        action="store_true",
        help="Linux UDP_GRO: a GSO sender's datagrams arrive coalesced and are split again"
        " (each counted; the kernel counts a dropped coalesced buffer as one drop)",
    )
    listen.add_argument("--remove-stale", action="store_true", help=_STALE_HELP)
    listen.add_argument("--output", type=_path, metavar="FILE", help=_OUTPUT_HELP)
    listen.add_argument("--quiet", action="store_true", help="no line per datagram")
    listen.add_argument("--rules", type=_path, metavar="FILE", help=_RULES_HELP)
    listen.add_argument("--template", action="store_true", help=_REPLY_TEMPLATE_HELP)
    listen.add_argument(
        "--max-reply-rate",
        type=number(int),
        default=DEFAULT_MAX_REPLY_RATE,
        metavar="N",
        help=f"with --rules: at most N replies per second, all senders together (default "
        f"{DEFAULT_MAX_REPLY_RATE}; more are not sent); at the limit {LOOP_WINDOWS} s in a row "
        "looks like a loop and answering stops (a message says so); 0: no limit",
    )
    add_listen_options(listen)

    tcp = commands.add_parser("tcp", help="TCP: connect and serve").add_subparsers(
        dest="action", metavar="{connect,serve}", required=True
    )
    connect = tcp.add_parser(
        "connect", parents=[output, data_in, checksum, generator, capture], help="a TCP client"
    )
    connect.add_argument(
        "target", metavar="HOST:PORT", type=_endpoint(None, False), help=_UNIX_HELP
    )
    connect.add_argument("--send", action="append", default=[], metavar="DATA")
    connect.add_argument("--stdin", action="store_true", help="send each line read from stdin")
    connect.add_argument("--read-until-close", action="store_true")
    connect.add_argument(
        "--wait",
        type=number(float),
        default=1.0,
        metavar="S",
        help="listen after sending (default 1)",
    )
    connect.add_argument("--output", type=_path, metavar="FILE", help=_OUTPUT_HELP)
    connect.add_argument(
        "--skip-headers",
        action="store_true",
        help="with --output: save only an HTTP response's body (the header left out as it arrives)",
    )
    connect.add_argument(
        "--timeout",
        type=number(float, above_low=True),
        default=5.0,
        metavar="S",
        help="connect timeout, more than 0 (default 5)",
    )
    connect.add_argument(
        "--recv-size",
        type=number(int, low=1, high=MAX_RECV_SIZE),
        default=65536,
        help=f"size passed to each recv(), 1 to {MAX_RECV_SIZE} (default 65536)",
    )
    connect.add_argument(
        "--payload",
        dest="data",
        metavar="DATA",
        help="generator: each block's bytes (as --send's; with --template expanded per block)",
    )
    connect.add_argument("--file", type=_path, metavar="FILE", help="send FILE (streamed)")
    connect.add_argument(
        "--chunk",
        type=number(int, low=1, high=MAX_BLOCK_SIZE),
        default=256 * 1024,
        metavar="BYTES",
        help=f"with --file: bytes per send, 1 to {MAX_BLOCK_SIZE} (default 262144)",
    )
    connect.add_argument(
        "--count",
        type=number(int, low=1),
        help="generator: how many blocks (1 or more; with a generator option)",
    )
    connect.add_argument("--quiet", action="store_true", help="no line per chunk")
    add_client_arguments(connect)

    serve = tcp.add_parser(
        "serve", parents=[output, checksum, capture, dual_stack], help="a TCP server"
    )
    serve.add_argument(
        "address", metavar="[ADDR:]PORT", type=_endpoint("0.0.0.0", True), help=_UNIX_HELP
    )
    replies = serve.add_mutually_exclusive_group()
    replies.add_argument("--echo", action="store_true", help="send back what arrives")
    replies.add_argument("--reply", metavar="TEXT", help="answer each message with TEXT")
    serve.add_argument(
        "--close-on",
        metavar="WORD",
        help="close a client that sends WORD (text in --encoding, also with --hex)",
    )
    serve.add_argument(
        "--max-reply-rate",
        type=number(int),
        default=DEFAULT_MAX_REPLY_RATE,
        metavar="N",
        help=f"with --echo, --reply or --rules: at most N replies per client per second (default "
        f"{DEFAULT_MAX_REPLY_RATE}; more wait for the next second); a client that keeps the "
        f"limit reached {LOOP_WINDOWS} s in a row looks like a loop between two auto-repliers "
        "and is no longer answered (a message says so; what it sends is still received); "
        "0: no limit and no loop check",
    )
    serve.add_argument(
        "--max-clients",
        type=number(int, low=1, note=" (without --max-clients there is no limit)"),
        help="close connections beyond N (default: no limit)",
    )
    serve.add_argument(
        "--backlog",
        type=number(int, high=65535),
        help=f"listen() backlog, 0 to 65535 (default {DEFAULT_BACKLOG}; 0 is passed as listen(0))",
    )
    serve.add_argument(
        "--timeout", type=number(float), metavar="S", help="stop after S s (0: at once)"
    )
    serve.add_argument("--remove-stale", action="store_true", help=_STALE_HELP)
    serve.add_argument("--output", type=_path, metavar="FILE", help=_OUTPUT_HELP)
    serve.add_argument("--quiet", action="store_true", help="no line per chunk")
    serve.add_argument("--rules", type=_path, metavar="FILE", help=_RULES_HELP)
    serve.add_argument("--template", action="store_true", help=_REPLY_TEMPLATE_HELP)
    add_server_arguments(serve)
    from .packets_args import add_packets_parser  # it imports this module's helpers

    add_packets_parser(commands)

    from .relay_args import add_relay_parser

    add_relay_parser(commands, _endpoint, [output, capture], number)
    return parser


# -- output -------------------------------------------------------------------
