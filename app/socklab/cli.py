"""``socklab``: with no arguments it opens the window; subcommands run headless.

Exit codes: 0 success, 1 network failure, 2 bad input, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

from . import __version__
from .core import payload
from .core.addresses import AddressError, parse_endpoint
from .core.errors import SessionError
from .core.events import (
    Event,
    Failed,
    PeerJoined,
    PeerLeft,
    Received,
    Sent,
    SocketCall,
    State,
    StateChanged,
    format_addr,
)
from .core.generator import GeneratorSpec
from .core.progress import Phase, Progress
from .core.records import to_record
from .core.session import Session
from .core.tcp_client import TcpClientOptions, TcpClientSession
from .core.tcp_server import AutoReply, TcpServerOptions, TcpServerSession
from .core.udp import UdpOptions, UdpSession

EXIT_OK, EXIT_NETWORK, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

_ARROWS = {Received: "<-", Sent: "->", Failed: "!!"}
#: Received data shown on one line is cut after this many bytes.
_SHOW_LIMIT = 4096


class InputError(Exception):
    """Bad input: the message names the argument."""


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


def _build_parser() -> argparse.ArgumentParser:
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
    listen.add_argument(
        "--output", type=Path, metavar="FILE", help="append each datagram's bytes to FILE"
    )
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
    connect.add_argument("--output", type=Path, metavar="FILE", help="save received bytes")
    connect.add_argument(
        "--skip-headers", action="store_true", help="with --output: drop an HTTP header block"
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
    serve.add_argument("--output", type=Path, metavar="FILE", help="save received bytes")
    serve.add_argument("--quiet", action="store_true", help="no line per chunk")
    return parser


# -- output -------------------------------------------------------------------


@dataclass
class Printer:
    """Writes one line per event, as text or JSON."""

    stream: IO[str]
    as_json: bool
    as_hex: bool
    encoding: str

    def show(self, event: Event) -> None:
        if self.as_json:
            record = to_record(event)
            if isinstance(event, Received | Sent):
                record["text"] = payload.to_text(event.data, self.encoding, _SHOW_LIMIT)
            line = json.dumps(record, ensure_ascii=False)
        else:
            line = self._line(event)
        self.stream.write(line + "\n")

    def _line(self, event: Event) -> str:
        stamp = time.strftime("%H:%M:%S", time.localtime(event.wall))
        stamp += f".{int(event.wall * 1000) % 1000:03d}"
        if isinstance(event, Received | Sent):
            arrow = _ARROWS[type(event)]
            who = format_addr(event.peer)
            if event.peer_id is not None:
                who += f" #{event.peer_id}"
            size = f"{event.size} B"
            if isinstance(event, Received) and event.truncated:
                size = f"{len(event.data)} of {event.size} B (truncated)"
            shown = (
                payload.to_hex(event.data, _SHOW_LIMIT)
                if self.as_hex
                else payload.to_text(event.data, self.encoding, _SHOW_LIMIT)
            )
            return f"{stamp} {arrow} {who}  {size}  {shown}"
        if isinstance(event, Failed):
            return f"{stamp} !! {event.message}"
        if isinstance(event, SocketCall):
            result = f" -> {event.result}" if event.result else ""
            return f"{stamp} () {event.call}{result}"
        return f"{stamp} -- {describe(event)}"

    def flush(self) -> None:
        self.stream.flush()


def describe(event: Event) -> str:
    """A state, join or leave event in words."""
    if isinstance(event, StateChanged):
        text = event.state.value
        if event.state is State.CONNECTED:
            text = f"connected {format_addr(event.local)} <-> {format_addr(event.peer)}"
        elif event.state in (State.BOUND, State.LISTENING):
            where = "bound to" if event.state is State.BOUND else "listening on"
            text = f"{where} {format_addr(event.local)}"
        elif event.state is State.CONNECTING:
            text = f"connecting to {format_addr(event.peer)}"
        return f"{text} ({event.reason})" if event.reason else text
    if isinstance(event, PeerJoined):
        return f"client #{event.peer_id} connected from {format_addr(event.peer)}"
    if isinstance(event, PeerLeft):
        text = f"client #{event.peer_id} {format_addr(event.peer)} left: {event.state.value}"
        return f"{text} ({event.reason})" if event.reason else text
    return repr(event)


# -- running ------------------------------------------------------------------


class Runner:
    """Pumps a session's events to the printer until a condition or a signal."""

    def __init__(self, session: Session, printer: Printer) -> None:
        self.session = session
        self.printer = printer
        self.interrupted = threading.Event()
        self.failures = 0
        #: Print no line per datagram or chunk (floods, generators, files).
        self.quiet_data = False

    def pump(self, on_event: Callable[[Event], None] | None = None) -> None:
        batch = self.session.drain()
        quiet = self.quiet_data
        for event in batch.events:
            if isinstance(event, Failed):
                self.failures += 1
            if not (quiet and isinstance(event, Received | Sent)):
                self.printer.show(event)
            if on_event is not None:
                on_event(event)
        if batch.events:
            self.printer.flush()

    def run_until(
        self,
        done: Callable[[], bool],
        timeout: float | None = None,
        on_event: Callable[[Event], None] | None = None,
    ) -> bool:
        """Pump until ``done()`` (True), the timeout or an interrupt (False)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            self.pump(on_event)
            if done():
                return True
            if self.interrupted.is_set():
                return False
            if deadline is not None and time.monotonic() >= deadline:
                return False
            if self.quiet_data:  # a flood: look every 50 ms, not at every event
                self.interrupted.wait(0.05)
            else:
                self.session.wait_for_events(0.05)

    def run_job(self, progress: Progress, unit: str) -> None:
        """Wait for a generator or file send, a status line a second; Ctrl-C stops it."""
        quiet, self.quiet_data = self.quiet_data, True
        try:
            while not self.run_until(progress.future.done, timeout=1.0):
                if self.interrupted.is_set():
                    progress.stop()
                    self.interrupted.clear()
                    self.run_until(progress.future.done, timeout=2.0)
                    self.interrupted.set()
                    break
                print(f"socklab: {_rate_line(progress, unit)}", file=sys.stderr, flush=True)
        finally:
            self.quiet_data = quiet
        print(f"socklab: {_rate_line(progress, unit)}", file=sys.stderr, flush=True)
        error = progress.future.exception(2.0) if progress.future.done() else None
        if error is not None:
            raise error if isinstance(error, SessionError) else SessionError("", str(error))


def _rate_line(progress: Progress, unit: str) -> str:
    """``sent 1,000 datagrams, 64,000 bytes in 1.00 s (1,000/s, 0.51 Mbit/s) [50%]``."""
    snap = progress.snapshot()
    verb = "sent" if progress.kind != "receive" else "saved"
    pps, bps = (snap.pps, snap.bps) if snap.running else (snap.mean_pps, snap.mean_bps)
    line = (
        f"{verb} {snap.packets:,} {unit}, {snap.bytes:,} bytes in {snap.elapsed:.2f} s "
        f"({pps:,.0f}/s, {bps / 1e6:,.2f} Mbit/s)"
    )
    if snap.fraction is not None:
        line += f" [{snap.fraction:.0%}]"
    if snap.phase is Phase.STOPPED:
        line += " stopped"
    return line


def _encode(args: argparse.Namespace, text: str) -> bytes:
    if args.hex:
        mode = payload.Mode.HEX
    elif getattr(args, "escapes", False):
        mode = payload.Mode.ESCAPES
    else:
        mode = payload.Mode.TEXT
    ending = payload.LineEnding[getattr(args, "line_ending", "none").upper()]
    try:
        return payload.encode(text, mode, args.encoding, ending)
    except payload.PayloadError as exc:
        raise InputError(f"argument DATA: {exc}") from None


def _summary(session: Session, unit: str) -> str:
    c = session.counters.snapshot()
    return (
        f"received {c.rx_packets} {unit}, {c.rx_bytes} bytes; "
        f"sent {c.tx_packets} {unit}, {c.tx_bytes} bytes"
    )


def _generator_mode(args: argparse.Namespace) -> bool:
    return bool(
        args.size is not None
        or args.rate is not None
        or args.mbps is not None
        or args.fast
        or args.duration is not None
    )


def _spec(args: argparse.Namespace) -> GeneratorSpec:
    if sum(x is not None and x is not False for x in (args.rate, args.mbps, args.fast or None)) > 1:
        raise InputError("argument --rate/--mbps/--fast: give only one of them")
    text = getattr(args, "data", None)
    data = _encode(args, text) if text is not None else b""
    size = int(args.size) if args.size is not None else (len(data) or 64)
    try:
        return GeneratorSpec(
            size=size,
            rate_pps=args.rate or None,
            rate_mbps=args.mbps or None,
            count=int(args.count) if args.count is not None else None,
            duration=args.duration or None,
            payload=data,
        )
    except ValueError as exc:
        raise InputError(f"argument --rate/--mbps/--duration: {exc}") from None


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise InputError(f"argument --file: {path} is not a readable file")


def _udp_send(args: argparse.Namespace, runner: Runner, session: UdpSession) -> int:
    host, port = args.target
    if args.bind:
        session.open(*args.bind).result()
    if args.file is not None:
        if args.data is not None:
            raise InputError("argument --file: give DATA or --file, not both")
        _check_file(args.file)
        if args.fast and (args.rate or args.mbps):
            raise InputError("argument --fast: not with --rate or --mbps")
        progress = session.send_file(
            args.file,
            host,
            port,
            chunk=int(args.chunk),
            rate_pps=args.rate or None,
            rate_mbps=args.mbps or None,
        )
        runner.run_job(progress, "datagrams")
        runner.run_until(lambda: False, timeout=args.wait)
        return EXIT_OK
    if _generator_mode(args):
        progress = session.generate(_spec(args), host, port)
        runner.run_job(progress, "datagrams")
        runner.run_until(lambda: False, timeout=args.wait)
        return EXIT_OK
    if args.data is None:
        raise InputError("argument DATA: required (or --file, or --size for a generator)")
    data = _encode(args, args.data)
    args.count = 1 if args.count is None else args.count
    if args.count <= 1:
        session.send(data, host, port).result()
    else:
        future = session.send_repeated(data, host, port, int(args.count), args.interval / 1000)
        runner.run_until(future.done)
        if runner.interrupted.is_set():
            session.stop_repeat().result()
        future.result()
    runner.run_until(lambda: False, timeout=args.wait)
    return EXIT_OK


def _save_to(session: Session, path: Path, **kwargs: object) -> Progress:
    try:
        return session.receive_to_file(path, **kwargs)  # type: ignore[attr-defined]
    except SessionError as exc:
        raise InputError(f"argument --output: cannot write {path}: {exc.reason}") from None


def _report_saved(session: Session, progress: Progress, path: Path) -> None:
    with contextlib.suppress(Exception):
        session.stop_receive_to_file().result(5)
    print(f"socklab: wrote {progress.bytes} bytes to {path}", file=sys.stderr)


def _udp_listen(args: argparse.Namespace, runner: Runner, session: UdpSession) -> int:
    runner.quiet_data = args.quiet
    saving = _save_to(session, args.output) if args.output is not None else None
    try:
        return _udp_listen_until_done(args, runner, session)
    finally:
        if saving is not None:
            _report_saved(session, saving, args.output)


def _udp_listen_until_done(args: argparse.Namespace, runner: Runner, session: UdpSession) -> int:
    session.open(*args.address).result()
    count = args.count
    reached = runner.run_until(
        lambda: count is not None and session.counters.rx_packets >= count, args.timeout
    )
    if count is not None and not reached and not runner.interrupted.is_set():
        got = session.counters.rx_packets
        print(
            f"socklab: timed out after {args.timeout:g} s: received {got} of {count} datagrams",
            file=sys.stderr,
        )
        return EXIT_NETWORK
    return EXIT_OK


def _strip_http_headers(body: bytes) -> bytes:
    _, separator, rest = body.partition(b"\r\n\r\n")
    if not separator:
        _, separator, rest = body.partition(b"\n\n")
    return rest if separator else body


def _tcp_connect(args: argparse.Namespace, runner: Runner, session: TcpClientSession) -> int:
    messages = [_encode(args, text) for text in args.send]
    if args.file is not None:
        _check_file(args.file)
    spec = _spec(args) if _generator_mode(args) else None
    runner.quiet_data = args.quiet
    ended = threading.Event()

    def collect(event: Event) -> None:
        if isinstance(event, StateChanged) and event.state in (
            State.PEER_CLOSED,
            State.RESET,
            State.CLOSED,
        ):
            ended.set()

    # Saved by the session's worker as it arrives: lossless, whatever the flood.
    saving = _save_to(session, args.output) if args.output is not None else None
    session.connect(*args.target).result()
    for message in messages:
        session.send(message).result()
    if args.file is not None:
        runner.run_job(
            session.send_file(
                args.file, chunk=int(args.chunk), rate_pps=args.rate, rate_mbps=args.mbps
            ),
            "chunks",
        )
    if spec is not None:
        runner.run_job(session.generate(spec), "blocks")
    if args.stdin:
        for line in sys.stdin:
            runner.pump(collect)
            if ended.is_set():
                break
            session.send(_encode(args, line.rstrip("\r\n"))).result()
    if args.read_until_close:
        runner.run_until(ended.is_set, on_event=collect)
    else:
        runner.run_until(ended.is_set, timeout=args.wait, on_event=collect)
    if saving is not None:
        with contextlib.suppress(Exception):
            session.stop_receive_to_file().result(5)
        size = saving.bytes
        if args.skip_headers:
            try:
                body = _strip_http_headers(args.output.read_bytes())
                args.output.write_bytes(body)
            except OSError as exc:
                raise InputError(
                    f"argument --output: cannot write {args.output}: {exc.strerror}"
                ) from None
            size = len(body)
        print(f"socklab: wrote {size} bytes to {args.output}", file=sys.stderr)
    return EXIT_OK


def _tcp_serve(args: argparse.Namespace, runner: Runner, session: TcpServerSession) -> int:
    runner.quiet_data = args.quiet
    saving = _save_to(session, args.output) if args.output is not None else None
    try:
        session.start(*args.address).result()
        runner.run_until(lambda: False, args.timeout)
    finally:
        if saving is not None:
            _report_saved(session, saving, args.output)
    return EXIT_OK


def _session_for(args: argparse.Namespace) -> tuple[Session, str]:
    if args.protocol == "udp":
        options = UdpOptions(
            broadcast=getattr(args, "broadcast", False),
            reuse_address=getattr(args, "reuse", False),
            recv_buffer=int(getattr(args, "bufsize", 65535)),
        )
        return UdpSession(options), "datagrams"
    if args.action == "connect":
        client_options = TcpClientOptions(
            connect_timeout=args.timeout, recv_size=int(args.recv_size)
        )
        return TcpClientSession(client_options), "chunks"
    reply_mode = AutoReply.ECHO if args.echo else AutoReply.FIXED if args.reply else AutoReply.OFF
    server_options = TcpServerOptions(
        max_clients=int(args.max_clients) if args.max_clients else None,
        auto_reply=reply_mode,
        reply=_encode(args, args.reply) if args.reply else b"",
        close_on=args.close_on.encode(args.encoding) if args.close_on else None,
        **({"backlog": int(args.backlog)} if args.backlog else {}),
    )
    return TcpServerSession(server_options), "chunks"


_ACTIONS: dict[tuple[str, str], Callable[..., int]] = {
    ("udp", "send"): _udp_send,
    ("udp", "listen"): _udp_listen,
    ("tcp", "connect"): _tcp_connect,
    ("tcp", "serve"): _tcp_serve,
}


def _run_headless(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    printer = Printer(sys.stdout, args.json, args.hex, args.encoding)
    try:
        session, unit = _session_for(args)
    except InputError as exc:
        parser.error(str(exc))
    runner = Runner(session, printer)
    previous = _install_signal_handlers(runner.interrupted)
    try:
        try:
            if args.capture is not None:
                _start_capture(session, args.capture)
            code = _ACTIONS[(args.protocol, args.action)](args, runner, session)
        except InputError as exc:
            runner.pump()
            _exit_input(parser, args, str(exc))
        except SessionError as exc:
            runner.pump()
            print(f"socklab: {exc}", file=sys.stderr)
            return EXIT_NETWORK
        finally:
            if session.capturing:
                _finish_capture(session, args.capture)
        session.shutdown()  # join the worker first: the counters are final after it
        runner.pump()
        if runner.interrupted.is_set():
            code = EXIT_OK if args.action in ("listen", "serve") else EXIT_INTERRUPTED
        print(f"socklab: {_summary(session, unit)}", file=sys.stderr)
        return code
    finally:
        session.shutdown()
        _restore_signal_handlers(previous)


def _start_capture(session: Session, path: Path) -> None:
    try:
        session.start_capture(path).result(5)
    except SessionError as exc:
        raise InputError(f"argument --capture: cannot write {path}: {exc.reason}") from None


def _finish_capture(session: Session, path: Path) -> None:
    """Close the socket (so the capture ends with it), then the capture file."""
    with contextlib.suppress(Exception):
        session.close().result(5)
    try:
        count = session.stop_capture().result(5)
    except SessionError as exc:
        print(f"socklab: {exc}", file=sys.stderr)
        return
    print(f"socklab: captured {count} events to {path}", file=sys.stderr)


def _exit_input(
    parser: argparse.ArgumentParser, args: argparse.Namespace, message: str
) -> NoReturn:
    parser.exit(EXIT_INPUT, f"socklab {args.protocol} {args.action}: error: {message}\n")


def _install_signal_handlers(flag: threading.Event) -> dict[int, object]:
    previous: dict[int, object] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous

    def stop(signum: int, frame: object) -> None:
        flag.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        previous[signum] = signal.signal(signum, stop)
    return previous


def _restore_signal_handlers(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        with contextlib.suppress(TypeError, ValueError):
            signal.signal(signum, handler)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    """The console entry point."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.protocol is None:
        from .gui.main import run_gui  # Qt is imported only when the window is wanted

        return run_gui(self_test=args.self_test)
    return _run_headless(parser, args)


if __name__ == "__main__":
    sys.exit(main())
