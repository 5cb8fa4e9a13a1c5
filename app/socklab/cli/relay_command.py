"""``socklab relay tcp|udp``: run a relay and print both directions, saying who
sent what (the client or the target)."""

from __future__ import annotations

import argparse
import sys

from socklab.core import Received, Sent, SockAddr, format_addr, relay

from .arguments import InputError
from .output import EXIT_OK, Printer
from .relay_args import relay_options
from .runner import Runner


class RelayPrinter(Printer):
    """A :class:`Printer` whose data lines name the side: ``<- client 127.0.0.1:40000 #1``."""

    target: SockAddr | None = None

    def _line(self, event: object) -> str:  # type: ignore[override]
        line = super()._line(event)  # type: ignore[arg-type]
        if not isinstance(event, Received | Sent):
            return line
        side = relay.side_of(event, self.target).value
        who = format_addr(event.peer)
        return line.replace(f" {who}", f" {side} {who}", 1) if who else line


def make_session(args: argparse.Namespace) -> relay.RelaySession:
    try:
        options = relay_options(args)
    except ValueError as exc:
        raise InputError(f"argument --corrupt: {exc}") from None
    return relay.RelaySession(options)


def run_relay(args: argparse.Namespace, runner: Runner, session: relay.RelaySession) -> int:
    """Listen, relay until Ctrl-C or --timeout, then say what passed each way."""
    printer = runner.printer
    relay_printer = RelayPrinter(printer.stream, printer.as_json, printer.as_hex, printer.encoding)
    runner.printer = relay_printer
    runner.quiet_data = args.quiet
    try:
        session.start(args.listen, args.target).result()
        relay_printer.target = session.target_address
        runner.run_until(lambda: False, args.timeout)
    finally:
        runner.pump()
        print(f"socklab: {totals(session.relay_counters)}", file=sys.stderr)
    return EXIT_OK


def totals(counters: relay.RelayCounters) -> str:
    """Both directions in one line: received, forwarded, dropped, lost, flipped, injected."""
    parts = []
    for name, counts in (("to target", counters.to_target), ("to client", counters.to_client)):
        words = [
            f"{counts.received_packets} received ({counts.received_bytes} B)",
            f"{counts.forwarded_packets} forwarded ({counts.forwarded_bytes} B)",
        ]
        if counts.dropped_packets:
            words.append(f"{counts.dropped_packets} dropped")
        if counts.lost_packets:
            words.append(f"{counts.lost_packets} lost")
        if counts.corrupted_bytes:
            words.append(f"{counts.corrupted_bytes} bytes flipped")
        if counts.injected_packets:
            words.append(f"{counts.injected_packets} injected")
        parts.append(f"{name}: " + ", ".join(words))
    parts.append(f"{counters.flows_opened} clients")
    return "; ".join(parts)
