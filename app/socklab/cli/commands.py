"""The subcommands: udp send/listen, tcp connect/serve, run headless."""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import dataclasses
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

from socklab.core import (
    MAX_BLOCK_SIZE,
    AutoReply,
    Event,
    GeneratorSpec,
    MulticastError,
    PeerJoined,
    Phase,
    ReceiveProgress,
    RuleSet,
    RulesFileError,
    Session,
    SessionError,
    State,
    StateChanged,
    TcpClientOptions,
    TcpClientSession,
    TcpServerOptions,
    TcpServerSession,
    UdpOptions,
    UdpSession,
    load_rules,
)

from .arguments import InputError
from .checks import (
    check_datagram,
    check_file,
    check_rates,
    close_word,
    encode_argument,
    message_source,
    message_to_send,
    reply_source,
)
from .generator_template import templated_source
from .multicast_args import memberships, send_options
from .output import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_NETWORK, EXIT_OK, Printer
from .paths import receive_path_words, send_path_words
from .relay_command import make_session, run_relay
from .runner import Runner, install_signal_handlers, restore_signal_handlers
from .tls_args import client_line, client_tls, say_tls, server_tls
from .unix_stale import remove_stale_if_asked


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
    """The generator's settings; the arguments' types have checked each number."""
    check_rates(args)
    text = getattr(args, "data", None)
    if args.template and text is not None:
        source = templated_source(args, text)
        if source is not None:
            return source
    data = encode_argument(args, text, "DATA") if text is not None else b""
    if args.size is not None:
        size = int(args.size)
    elif len(data) > MAX_BLOCK_SIZE:
        raise InputError(f"argument DATA: more than {MAX_BLOCK_SIZE:,} bytes")
    else:
        size = len(data) or 64
    return GeneratorSpec(
        size=size,
        rate_pps=args.rate,
        rate_mbps=args.mbps,
        count=int(args.count) if args.count is not None else None,
        duration=args.duration,
        payload=data,
    )


def _udp_payload(
    args: argparse.Namespace, host: str
) -> GeneratorSpec | bytes | Callable[[], bytes] | None:
    """What ``udp send`` sends, checked before the socket is opened: None for
    --file, a generator's settings, or DATA's bytes."""
    if args.file is not None:
        if args.data is not None:
            raise InputError("argument --file: give DATA or --file, not both")
        check_rates(args)
        check_file(args.file)
        check_datagram("--chunk", int(args.chunk), host)
        return None
    if _generator_mode(args):
        spec = _spec(args)
        check_datagram("--size" if args.size is not None else "DATA", spec.size, host)
        return spec
    if args.data is None:
        raise InputError("argument DATA: required (or --file, or --size for a generator)")
    data = message_source(args, args.data, "DATA")
    if not callable(data):  # with template fields, each send's size is said by sendto
        check_datagram("DATA", len(data), host)
    return data


def _udp_send(args: argparse.Namespace, runner: Runner, session: UdpSession) -> int:
    host, port = args.target
    data = _udp_payload(args, host)
    if args.bind:
        session.open(*args.bind).result()
    if data is None:
        progress = session.send_file(
            args.file,
            host,
            port,
            chunk=int(args.chunk),
            rate_pps=args.rate,
            rate_mbps=args.mbps,
        )
        runner.run_job(progress, "datagrams")
        runner.run_until(lambda: False, timeout=args.wait)
        return EXIT_OK
    if isinstance(data, GeneratorSpec):
        progress = session.generate(dataclasses.replace(data, gso=not args.no_gso), host, port)
        runner.run_job(progress, "datagrams")
        if session.send_path is not None:
            print(f"socklab: {send_path_words(session.send_path)}", file=sys.stderr)
        runner.run_until(lambda: False, timeout=args.wait)
        return EXIT_OK
    args.count = 1 if args.count is None else args.count
    if args.count <= 1:
        session.send(data() if callable(data) else data, host, port).result()
    else:
        future = session.send_repeated(data, host, port, int(args.count), args.interval / 1000)
        runner.run_until(future.done)
        if runner.interrupted.is_set():
            session.stop_repeat().result()
        future.result()
    runner.run_until(lambda: False, timeout=args.wait)
    return EXIT_OK


def _save_to(session: Session, path: Path, **options: bool) -> ReceiveProgress:
    """Append what arrives to ``path`` (``--output`` never truncates a file)."""
    try:
        return session.receive_to_file(path, append=True, **options)  # type: ignore[attr-defined, no-any-return]
    except SessionError as exc:
        raise InputError(f"argument --output: cannot write {path}: {exc.reason}") from None


def _failed(saving: ReceiveProgress | None) -> bool:
    """The save has failed (a full disk): the command ends at once."""
    return saving is not None and saving.phase is Phase.FAILED


@contextlib.contextmanager
def _saving(
    session: Session, path: Path | None, **options: bool
) -> Iterator[ReceiveProgress | None]:
    """Save what arrives to ``path`` (None: nothing) while the block runs; at its
    end close the file and say how many bytes it holds, or raise the
    SessionError that stopped the save (exit 1)."""
    if path is None:
        yield None
        return
    progress = _save_to(session, path, **options)
    try:
        yield progress
    except BaseException:
        with contextlib.suppress(Exception):
            session.stop_receive_to_file().result(5)
        raise
    with contextlib.suppress(SessionError, concurrent.futures.TimeoutError):
        session.stop_receive_to_file().result(5)
    if progress.future.done() and progress.future.exception() is not None:
        error = progress.future.exception()
        raise error if isinstance(error, SessionError) else SessionError("", str(error))
    if options.get("strip_http_header") and progress.header.result(5) is None:
        print(f"socklab: no HTTP header end arrived: {path} holds everything", file=sys.stderr)
    print(f"socklab: wrote {progress.bytes} bytes to {path}", file=sys.stderr)


def _rules(args: argparse.Namespace) -> RuleSet | None:
    """The rules of ``--rules FILE`` (None without it); a bad file is an input error."""
    if args.rules is None:
        return None
    try:
        # Their replies as --reply's: fields expanded with --template, --append's checksum.
        return load_rules(args.rules, templates=args.template, checksum=args.append)
    except RulesFileError as exc:
        raise InputError(f"argument --rules: {exc}") from None


def _udp_listen(args: argparse.Namespace, runner: Runner, session: UdpSession) -> int:
    runner.quiet_data = args.quiet
    rules = _rules(args)
    if rules is not None:
        session.set_rules(rules, int(args.max_reply_rate), args.encoding).result()
    count = args.count
    session.use_gro = args.gro
    try:
        groups = memberships(args)
    except MulticastError as exc:
        option = "iface" if exc.field == "interface" else exc.field
        raise InputError(f"argument --{option}: {exc}") from None
    with _saving(session, args.output) as saving:
        remove_stale_if_asked(args, socket.SOCK_DGRAM)
        session.open(*args.address).result()
        path = session.receive_path
        if args.gro and path is not None and not path.gro:
            print(f"socklab: {receive_path_words(path)}", file=sys.stderr)
        for group in groups:
            session.join(group).result()
        reached = runner.run_until(
            lambda: (count is not None and session.counters.rx_packets >= count) or _failed(saving),
            args.timeout,
        )
        timed_out = not reached and not runner.interrupted.is_set() and not _failed(saving)
        if count is not None and timed_out:
            got = session.counters.rx_packets
            print(
                f"socklab: timed out after {args.timeout:g} s: received {got} of {count} datagrams",
                file=sys.stderr,
            )
            return EXIT_NETWORK
    return EXIT_OK


def _tcp_connect(args: argparse.Namespace, runner: Runner, session: TcpClientSession) -> int:
    messages = [message_to_send(args, text, "--send") for text in args.send]
    if args.file is not None:
        check_rates(args)
        check_file(args.file)
    spec = _spec(args) if _generator_mode(args) else None
    if spec is None and args.count is not None:
        raise InputError(
            "argument --count: counts the generator's blocks; give --size, --rate,"
            " --mbps, --fast or --duration with it"
        )
    if spec is None and args.data is not None:
        raise InputError(
            "argument --payload: the generator's blocks; give --rate, --mbps, --fast"
            " or --duration with it (--send sends a message once)"
        )
    if spec is not None and spec.size == 0:
        raise InputError("argument --size: must be at least 1 for TCP (0 bytes send nothing)")
    runner.quiet_data = args.quiet
    ended = threading.Event()  # the connection is gone: nothing more to send
    peer_done = threading.Event()  # nothing more to receive (we may still send)

    def collect(event: Event) -> None:
        if not isinstance(event, StateChanged):
            return
        if event.state in (State.PEER_CLOSED, State.RESET, State.CLOSED):
            ended.set()
            peer_done.set()
        elif event.state is State.PEER_FINISHED:
            peer_done.set()

    # Saved by the session's worker as it arrives: lossless, whatever the flood.
    options = {"strip_http_header": True} if args.skip_headers else {}
    with _saving(session, args.output, **options) as saving:
        session.connect(*args.target).result()
        if session.stats is not None and session.stats.tls is not None:
            say_tls(session.stats.tls)
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
            for number, line in enumerate(sys.stdin, 1):
                runner.pump(collect)
                if ended.is_set() or _failed(saving):
                    break
                text = line.rstrip("\r\n")
                data = encode_argument(args, text, "--stdin", f"line {number}: ")
                session.send(data).result()

        def until() -> bool:
            return peer_done.is_set() or _failed(saving)

        if args.read_until_close:
            runner.run_until(until, on_event=collect)
        else:
            runner.run_until(until, timeout=args.wait, on_event=collect)
    return EXIT_OK


def _tcp_serve(args: argparse.Namespace, runner: Runner, session: TcpServerSession) -> int:
    runner.quiet_data = args.quiet

    def say_tls_client(event: Event) -> None:
        # peer_tls, not peer(): a quick client may have left before its join is read.
        info = session.peer_tls(event.peer_id) if isinstance(event, PeerJoined) else None
        if info is not None:
            print(f"socklab: {client_line(event.peer_id, info)}", file=sys.stderr)

    with _saving(session, args.output) as saving:
        remove_stale_if_asked(args, socket.SOCK_STREAM)
        session.start(*args.address).result()
        runner.run_until(lambda: _failed(saving), args.timeout, on_event=say_tls_client)
    return EXIT_OK


def _session_for(args: argparse.Namespace) -> tuple[Session, str]:
    if args.protocol == "relay":
        return make_session(args), "chunks" if args.action == "tcp" else "datagrams"
    if args.protocol == "udp":
        options = UdpOptions(
            broadcast=getattr(args, "broadcast", False),
            reuse_address=getattr(args, "reuse", False),
            recv_buffer=int(getattr(args, "bufsize", 65535)),
            multicast=send_options(args),
            ipv6_only=args.ipv6_only,
        )
        return UdpSession(options), "datagrams"
    if args.action == "connect":
        client_options = TcpClientOptions(
            connect_timeout=args.timeout,
            recv_size=int(args.recv_size),
            keep_sending_after_fin=True,  # send all we were asked to, even after the peer's FIN
            tls=client_tls(args, args.timeout),
        )
        return TcpClientSession(client_options), "chunks"
    fixed = args.reply is not None
    reply_mode = AutoReply.ECHO if args.echo else AutoReply.FIXED if fixed else AutoReply.OFF
    server_options = TcpServerOptions(
        max_clients=int(args.max_clients) if args.max_clients is not None else None,
        auto_reply=reply_mode,
        reply=reply_source(args, args.reply, "--reply") if fixed else b"",
        close_on=close_word(args),
        encoding=args.encoding,
        max_reply_rate=int(args.max_reply_rate),
        rules=_rules(args),
        ipv6_only=args.ipv6_only,
        tls=server_tls(args),
        **({"backlog": int(args.backlog)} if args.backlog is not None else {}),
    )
    return TcpServerSession(server_options), "chunks"


_ACTIONS: dict[tuple[str, str], Callable[..., int]] = {
    ("udp", "send"): _udp_send,
    ("udp", "listen"): _udp_listen,
    ("tcp", "connect"): _tcp_connect,
    ("tcp", "serve"): _tcp_serve,
    ("relay", "tcp"): run_relay,
    ("relay", "udp"): run_relay,
}


def run_headless(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.protocol == "run":
        from .run_scenarios import run_scenarios  # TOML, XML and the runner: only for run

        return run_scenarios(args)
    verify = getattr(args, "verify", None) or getattr(args, "append", None)
    printer = Printer(sys.stdout, args.json, args.hex, args.encoding, verify)
    try:
        session, unit = _session_for(args)
    except InputError as exc:
        _exit_input(parser, args, str(exc))
    runner = Runner(session, printer)
    previous = install_signal_handlers(runner.interrupted)
    try:
        try:
            if args.capture is not None or args.pcap is not None:
                _start_capture(session, args.capture, args.pcap)
            code = _ACTIONS[(args.protocol, args.action)](args, runner, session)
        except InputError as exc:
            runner.pump()
            _exit_input(parser, args, str(exc))
        except SessionError as exc:
            runner.pump()
            print(f"socklab: {exc}", file=sys.stderr)
            return EXIT_NETWORK
        finally:
            captured = not session.capturing or _finish_capture(session, args.capture, args.pcap)
        session.shutdown()  # join the worker first: the counters are final after it
        runner.pump()
        if runner.interrupted.is_set():
            serving = args.action in ("listen", "serve") or args.protocol == "relay"
            code = EXIT_OK if serving else EXIT_INTERRUPTED
        if not captured and code == EXIT_OK:
            code = EXIT_NETWORK  # the record asked for is not whole
        print(f"socklab: {_summary(session, unit)}", file=sys.stderr)
        return code
    finally:
        session.shutdown()
        restore_signal_handlers(previous)


def _start_capture(session: Session, path: Path | None, pcap: Path | None) -> None:
    try:
        session.start_capture(path, pcap).result(5)
    except SessionError as exc:
        name = "--pcap" if pcap is not None and exc.operation.endswith(str(pcap)) else "--capture"
        failed = pcap if name == "--pcap" else path
        raise InputError(f"argument {name}: cannot write {failed}: {exc.reason}") from None


def _finish_capture(session: Session, path: Path | None, pcap: Path | None) -> bool:
    """Close the socket (so the capture ends with it), then the capture files;
    False if they could not be written whole (a full disk)."""
    with contextlib.suppress(Exception):
        session.close().result(5)
    try:
        count = session.stop_capture().result(5)
    except SessionError as exc:
        print(f"socklab: {exc}", file=sys.stderr)
        return False
    files = " and ".join(str(name) for name in (path, pcap) if name is not None)
    print(f"socklab: captured {count} events to {files}", file=sys.stderr)
    return True


def _exit_input(
    parser: argparse.ArgumentParser, args: argparse.Namespace, message: str
) -> NoReturn:
    parser.exit(EXIT_INPUT, f"socklab {args.protocol} {args.action}: error: {message}\n")
