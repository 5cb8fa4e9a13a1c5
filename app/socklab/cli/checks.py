"""Checks that need more than one argument's text: the payloads encoded, the
limits of the protocol and the target, the file to send. They run before any
socket is opened or byte sent; each failure is an :class:`InputError` naming
the argument it concerns.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Callable
from pathlib import Path

from socklab.core import (
    MAX_DATAGRAM_IPV4,
    MAX_DATAGRAM_IPV6,
    checksums,
    is_ipv6,
    payload,
    template,
)

from .arguments import InputError

#: One run of the command is one session: its template counter.
_COUNTER = template.SendCounter()


def encode_argument(args: argparse.Namespace, text: str, argument: str, where: str = "") -> bytes:
    """``text`` (from ``argument``: DATA, --send, --reply...) as the bytes to send,
    by the --hex / --escapes / --encoding / --line-ending arguments, with the
    --append checksum; with --template, its fields expanded with the next counter."""
    source = message_source(args, text, argument, where)
    return source() if callable(source) else source


def message_source(
    args: argparse.Namespace, text: str, argument: str, where: str = ""
) -> bytes | Callable[[], bytes]:
    """Like :func:`encode_argument`, but with --template and fields in ``text``
    a function giving each send's bytes (the next counter each call)."""
    mode = _mode(args)
    ending = payload.LineEnding[getattr(args, "line_ending", "none").upper()]
    name = getattr(args, "append", None)
    hex_mode = mode is payload.Mode.HEX

    def encoder(expanded: str) -> bytes:
        return payload.encode(expanded, mode, args.encoding, ending)

    try:
        if not getattr(args, "template", False):
            return checksums.append(encoder(text), name)
        parsed = template.Template.parse(text)
        # A field that makes the text invalid (in hex mode) is said before any send.
        first = template.expand(parsed, _COUNTER.peek(), encoder, hex_mode=hex_mode)
    except payload.PayloadError as exc:  # a TemplateError is one too
        raise InputError(f"argument {argument}: {where}{exc}") from None
    if not parsed.has_fields:
        return checksums.append(first, name)

    def next_message() -> bytes:
        body = template.expand(parsed, _COUNTER.take(), encoder, hex_mode=hex_mode)
        return checksums.append(body, name)

    return next_message


def _mode(args: argparse.Namespace) -> payload.Mode:
    if args.hex:
        return payload.Mode.HEX
    if getattr(args, "escapes", False):
        return payload.Mode.ESCAPES
    return payload.Mode.TEXT


def message_to_send(args: argparse.Namespace, text: str, argument: str) -> bytes:
    """Like :func:`encode_argument`, refusing a message of no bytes (TCP sends nothing)."""
    data = encode_argument(args, text, argument)
    if not data:
        raise InputError(f"argument {argument}: empty: TCP has no bytes to send for it")
    return data


def reply_source(args: argparse.Namespace, text: str, argument: str) -> bytes | Callable[[], bytes]:
    """Like :func:`message_to_send`; with --template and fields in ``text``, a
    function giving each reply's bytes (the next counter each call)."""
    source = message_source(args, text, argument)
    if not callable(source) and not source:
        raise InputError(f"argument {argument}: empty: TCP has no bytes to send for it")
    return source


def close_word(args: argparse.Namespace) -> bytes | None:
    """The --close-on word as a client sends it (plain text in --encoding), or None."""
    if args.close_on is None:
        return None
    try:
        word = payload.encode_word(args.close_on, args.encoding)
    except payload.PayloadError as exc:
        raise InputError(f"argument --close-on: {exc}") from None
    if not word:
        raise InputError("argument --close-on: the word is empty")
    return word


def datagram_limit(host: str) -> int:
    """The largest UDP payload to ``host``: over IPv6 for an IPv6 literal, else IPv4."""
    return MAX_DATAGRAM_IPV6 if is_ipv6(host) else MAX_DATAGRAM_IPV4


def check_datagram(argument: str, size: int, host: str) -> None:
    """``size`` bytes must fit in one UDP datagram to ``host``."""
    limit = datagram_limit(host)
    if size > limit:
        family = "IPv6" if limit == MAX_DATAGRAM_IPV6 else "IPv4"
        raise InputError(
            f"argument {argument}: a UDP datagram over {family} holds at most {limit:,} bytes,"
            f" not {size:,}"
        )


def check_rates(args: argparse.Namespace) -> None:
    """At most one of --rate, --mbps and --fast."""
    if sum(value not in (None, False) for value in (args.rate, args.mbps, args.fast)) > 1:
        raise InputError("argument --rate/--mbps/--fast: give only one of them")


def check_file(path: Path) -> None:
    """``path`` is a regular file this process can read (opening it does not block)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputError(f"argument --file: cannot read {path}: {_reason(exc)}") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"argument --file: {path} is a directory")
    if not stat.S_ISREG(mode):
        raise InputError(f"argument --file: {path} is not a regular file")
    try:
        os.close(os.open(path, os.O_RDONLY))
    except OSError as exc:
        raise InputError(f"argument --file: cannot read {path}: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
