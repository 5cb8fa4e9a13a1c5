"""``socklab packets list|import|export|send``: the packet library headless.

``send`` turns the packet into the ``udp send`` or ``tcp connect`` it stands
for and runs that command: the same checks, sockets and output.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn

from socklab.core import Mode, PayloadError, packets, to_text

from .arguments import InputError
from .checks import message_source
from .output import EXIT_INPUT, EXIT_OK

#: What ``packets list`` shows of a payload.
_PREVIEW = 40


def run_packets(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run ``packets ACTION``; bad input exits with code 2 and a message."""
    store = _load(parser, args)
    action = args.action
    if action == "list":
        return _list(store, args.json)
    if action == "import":
        return _import(parser, store, args)
    if action == "export":
        return _export(parser, store, args)
    return _send(parser, store, args)


def _fail(parser: argparse.ArgumentParser, action: str, message: str) -> NoReturn:
    parser.exit(EXIT_INPUT, f"socklab packets {action}: error: {message}\n")


def _load(parser: argparse.ArgumentParser, args: argparse.Namespace) -> packets.PacketStore:
    try:
        store = packets.PacketStore.load(args.store)
    except OSError as exc:
        _fail(parser, args.action, f"cannot read the library: {exc.strerror or exc}")
    if store.problem:
        print(f"socklab: warning: {store.problem}", file=sys.stderr)
    return store


def _list(store: packets.PacketStore, as_json: bool) -> int:
    if as_json:
        print(json.dumps([packet.to_dict() for packet in store], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not len(store):
        print(f"socklab: no saved packets in {store.path}", file=sys.stderr)
        return EXIT_OK
    for group in store.groups():
        if group:
            print(f"[{group}]")
        for packet in store:
            if packet.group == group:
                print("  " + _line(packet) if group else _line(packet))
    return EXIT_OK


def _line(packet: packets.SavedPacket) -> str:
    """``name  UDP  127.0.0.1:7000  hex  48 65 6c ...`` (tabs between); the payload
    as typed, its control characters escaped."""
    text = packet.payload
    shown = text if text.isprintable() else to_text(text.encode("utf-8", "replace"), "utf-8")
    shown = shown if len(shown) <= _PREVIEW else shown[: _PREVIEW - 1] + "…"
    where = packet.destination or "(no destination)"
    return f"{packet.name}\t{packet.kind.label}\t{where}\t{packet.mode.value}\t{shown}"


def _import(
    parser: argparse.ArgumentParser, store: packets.PacketStore, args: argparse.Namespace
) -> int:
    try:
        found, skipped, kind = packets.read_packet_file(args.file)
    except OSError as exc:
        _fail(parser, "import", f"cannot read {args.file}: {exc.strerror or exc}")
    except ValueError as exc:
        _fail(parser, "import", str(exc))
    try:
        report = store.import_packets(found, skipped)
    except OSError as exc:
        _fail(parser, "import", f"cannot write {store.path}: {exc.strerror or exc}")
    print(f"socklab: read {args.file} ({kind})", file=sys.stderr)
    for line in report.lines():
        print(f"socklab: {line}", file=sys.stderr)
    return EXIT_OK


def _export(
    parser: argparse.ArgumentParser, store: packets.PacketStore, args: argparse.Namespace
) -> int:
    try:
        count = store.export(args.file, args.names or None)
    except packets.StoreError as exc:
        _fail(parser, "export", str(exc))
    except OSError as exc:
        _fail(parser, "export", f"cannot write {args.file}: {exc.strerror or exc}")
    print(f"socklab: wrote {count} packets to {args.file}", file=sys.stderr)
    return EXIT_OK


def _send(
    parser: argparse.ArgumentParser, store: packets.PacketStore, args: argparse.Namespace
) -> int:
    try:
        packet = store.get(args.name)
    except packets.StoreError:
        _fail(parser, "send", f"no packet is called {args.name!r} (packets list shows the names)")
    if args.count < 1:
        _fail(parser, "send", f"argument --count: must be at least 1, not {args.count}")
    if args.wait is not None and args.wait < 0:
        _fail(parser, "send", f"argument --wait: must not be negative, not {args.wait:g}")
    destination = packet.destination
    if args.to is not None:
        try:
            destination = packets.check_destination(packet.kind, args.to)
        except packets.PacketError as exc:
            _fail(parser, "send", f"argument --to: {exc}")
    if not destination:
        _fail(parser, "send", f"packet {packet.name!r} has no destination: give --to HOST:PORT")
    command = parser.parse_args(_command_line(packet, destination, args))
    if packet.kind.is_datagram:
        command.data = packet.payload
    else:
        command.send = [packet.payload] * args.count
    try:
        source = message_source(command, packet.payload, "payload")
        if not packet.kind.is_datagram and not callable(source) and not source:
            raise InputError("payload: empty: TCP has no bytes to send for it")
    except (InputError, PayloadError) as exc:
        _fail(parser, "send", f"packet {packet.name!r}: {str(exc).removeprefix('argument ')}")
    from .commands import run_headless

    return run_headless(parser, command)


def _command_line(
    packet: packets.SavedPacket, destination: str, args: argparse.Namespace
) -> list[str]:
    """The ``udp send`` / ``tcp connect`` arguments that send ``packet`` (its
    payload is set on the parsed arguments: it may start with '-')."""
    target = f"unix:{destination}" if packet.kind.is_unix else destination
    if packet.kind.is_datagram:
        line = ["udp", "send", target, "--wait", str(args.wait or 0)]
        if args.count > 1:
            line += ["--count", str(args.count), "--interval", "0"]
    else:
        wait = 1.0 if args.wait is None else args.wait
        line = ["tcp", "connect", target, "--wait", str(wait)]
    line += ["--encoding", packet.encoding, "--line-ending", packet.line_ending.name.lower()]
    if packet.mode is Mode.HEX:
        line.append("--hex")
    elif packet.mode is Mode.ESCAPES:
        line.append("--escapes")
    if packet.template:
        line.append("--template")
    if packet.checksum:
        line += ["--append", packet.checksum]
    if args.json:
        line.append("--json")
    for option in ("capture", "pcap"):  # paths: checked when these arguments were read
        if getattr(args, option, None) is not None:
            line += [f"--{option}", str(getattr(args, option))]
    if not packet.kind.is_datagram:
        line += _tls_arguments(packet.kind, args)
    return line


def _tls_arguments(kind: packets.Kind, args: argparse.Namespace) -> list[str]:
    """A TLS packet speaks TLS; --tls, --insecure, --cafile ... pass through."""
    line = ["--tls"] if kind is packets.Kind.TLS or args.tls else []
    if args.insecure:
        line.append("--insecure")
    for option in ("cafile", "cert", "key", "sni", "alpn"):
        value = getattr(args, option)
        if value is not None:
            line += [f"--{option}", value]
    return line
