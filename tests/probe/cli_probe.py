"""The CLI probe: hostile invocations of the real ``socklab`` command, each with the
outcome it should have, each bounded by :data:`HANG_BOUND` (a hang is killed and counted).

Outcomes: ``exit 0`` / ``exit 1`` / ``exit 2`` (the command's codes: success,
network failure, bad input), ``traceback`` (stderr has one, whatever the code),
``hang`` (still running after the bound). Only loopback addresses are used; an
invocation whose address would leave loopback (as the CLI parses it) is not run.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from peers import UdpPeer

from socklab.core import AddressError, parse_endpoint

#: Seconds an invocation may run before it counts as a hang.
HANG_BOUND = 10.0
#: Invocations run at once.
PARALLEL = 4

OK, NETWORK, INPUT = "exit 0", "exit 1", "exit 2"
FAILS = frozenset({NETWORK, INPUT})


@dataclass(frozen=True)
class Case:
    """One invocation: ``args`` with {PLACEHOLDERS}; ``expect`` the right outcomes."""

    args: tuple[str, ...]
    expect: frozenset[str]
    #: "udp": datagrams are sent to the {FREE} port while it runs (for listen).
    feed: str = ""
    #: After the run: None if fine, else what is wrong (given the places and stderr).
    check: Callable[[dict[str, str], str], str | None] | None = field(default=None)


def _case(line: str, *expect: str, feed: str = "", check=None) -> Case:
    return Case(tuple(line.split(" ")), frozenset(expect), feed, check)


def _names(option: str) -> Callable[[dict[str, str], str], str | None]:
    def check(_places: dict[str, str], stderr: str) -> str | None:
        return None if option in stderr else f"the message does not name {option}"

    return check


def _appended(places: dict[str, str], _stderr: str) -> str | None:
    data = Path(places["OLD"]).read_bytes()
    return None if data.startswith(b"OLD\n") else "--output destroyed the file's earlier data"


def cases() -> list[Case]:
    """Every invocation, in a fixed order."""
    send = "udp send 127.0.0.1:{UDP}"
    gen = f"{send} x --rate 100"
    conn = "tcp connect 127.0.0.1:{TCP}"
    listen = "udp listen 127.0.0.1:0"
    serve = "tcp serve 127.0.0.1:0"
    return [
        # the command itself
        _case("--version", OK),
        _case("frob", INPUT),
        _case("udp", INPUT),
        _case("udp send", INPUT),
        _case("tcp connect", INPUT),
        _case(f"{send} hi extra", INPUT),
        # udp send: targets
        _case(f"{send} hello", OK),
        _case(f"{send}", INPUT),
        _case("udp send 127.0.0.1:0 x", INPUT),
        _case("udp send 127.0.0.1:65536 x", INPUT),
        _case("udp send 127.0.0.1:-1 x", INPUT),
        _case("udp send 127.0.0.1:１２３ x", INPUT),
        _case("udp send 127.0.0.1:٣ x", INPUT),
        _case("udp send 127.0.0.1 x", INPUT),
        _case("udp send 999.1.1.1:80 x", INPUT),
        _case("udp send ::1:: x", INPUT),
        _case("udp send [::1 x", INPUT),
        _case("udp send [::1]:{UDP} x", OK),
        _case("udp send fe80::1%nope:80 x", INPUT),
        # udp send: numbers
        _case(f"{send} x --count 0", INPUT),
        _case(f"{send} x --count -1", INPUT),
        _case(f"{send} x --count nan", INPUT),
        _case(f"{send} x --count ３", INPUT),
        _case(f"{send} x --count 3 --interval 0", OK),
        _case(f"{send} x --count 2 --interval nan", INPUT),
        _case(f"{send} x --count 2 --interval inf", INPUT),
        _case(f"{send} x --count 2 --interval -1", INPUT),
        _case(f"{send} x --wait 0.2", OK),
        _case(f"{send} x --wait nan", INPUT),
        _case(f"{send} x --wait inf", INPUT),
        _case(f"{send} x --wait -1", INPUT),
        _case(f"{gen} --size 99999999999 --count 1", INPUT),
        _case(f"{gen} --size 70000 --count 1", INPUT),
        _case(f"{gen} --size -5 --count 1", INPUT),
        _case(f"{gen} --size nan --count 1", INPUT),
        _case(f"{gen} --size 10 --count 3", OK),
        _case(f"{send} x --rate 0 --count 100", INPUT),
        _case(f"{send} x --rate nan --count 5", INPUT),
        _case(f"{send} x --rate inf --count 5", INPUT),
        _case(f"{send} x --rate -1 --count 5", INPUT),
        _case(f"{send} x --mbps 0 --count 100", INPUT),
        _case(f"{send} x --mbps nan --count 5", INPUT),
        _case(f"{send} x --rate 10 --mbps 1 --count 5", INPUT),
        _case(f"{send} x --fast --count 100", OK),
        _case(f"{gen} --duration nan", INPUT),
        _case(f"{gen} --duration inf", INPUT),
        _case(f"{gen} --duration -1", INPUT),
        _case(f"{gen} --duration 0.2", OK),
        # udp send: encodings and payload forms
        _case(f"{send} x --encoding nope", INPUT),
        _case(f"{send} x --encoding rot13", INPUT),
        _case(f"{send} héllo --encoding ascii", INPUT),
        _case(f"{send} hi --encoding utf-16", OK),
        _case(f"{send} 已收到 --encoding gbk", OK),
        _case(f"{send} zz --hex", INPUT),
        _case(f"{send} 486 --hex", INPUT),
        _case(f"{send} 4865 --hex", OK),
        _case(f"{send} \\xZZ --escapes", INPUT),
        _case(f"{send} a\\0b --escapes", OK),
        _case(f"{send} x --line-ending weird", INPUT),
        # udp send: files and the bind address
        _case(f"{send} --file {{MISSING}}", INPUT),
        _case(f"{send} --file {{DIR}}", INPUT),
        _case(f"{send} --file {{FILE}} --chunk 0", INPUT),
        _case(f"{send} --file {{FILE}} --chunk 70000", INPUT),
        _case(f"{send} --file {{FILE}} --chunk 512 --interval 0", OK),
        _case(f"{send} x --bind 127.0.0.1:0", OK),
        _case(f"{send} x --bind 127.0.0.1:99999", INPUT),
        _case(f"{send} x --bind 127.0.0.1:{{UDP}}", NETWORK),
        _case(f"{send} x --capture {{TMP}}/c.jsonl", OK),
        _case(f"{send} x --capture {{DIR}}", INPUT),
        _case(f"{send} x --capture /dev/full", *FAILS),
        # udp listen
        _case(f"{listen} --timeout 0.5", OK),
        _case(f"{listen} --timeout nan", INPUT),
        _case(f"{listen} --timeout inf", INPUT),
        _case(f"{listen} --timeout -1", INPUT),
        _case(f"{listen} --count 0 --timeout 0.5", INPUT),
        _case(f"{listen} --count -1 --timeout 0.5", INPUT),
        _case(f"{listen} --bufsize 0 --timeout 0.5", INPUT),
        _case(f"{listen} --bufsize nan --timeout 0.5", INPUT),
        _case(f"{listen} --bufsize -1 --timeout 0.5", INPUT),
        _case(f"{listen} --output {{DIR}} --timeout 0.5", INPUT),
        _case(f"{listen} --output {{MISSING}}/x --timeout 0.5", INPUT),
        _case(
            "udp listen 127.0.0.1:{FREE} --count 1 --timeout 5 --output /dev/full",
            *FAILS,
            feed="udp",
        ),
        _case(
            "udp listen 127.0.0.1:{FREE} --count 1 --timeout 5 --output {OLD}",
            OK,
            feed="udp",
            check=_appended,
        ),
        _case(f"{listen} --encoding nope --timeout 0.5", INPUT),
        _case("udp listen 99999", INPUT),
        _case("udp listen 127.0.0.1:１２３ --timeout 0.5", INPUT),
        _case("udp listen 127.0.0.1:-1", INPUT),
        _case("udp listen 127.0.0.1:{UDP} --timeout 0.5", NETWORK),
        # tcp connect
        _case(f"{conn} --send hi --wait 0.2", OK),
        _case("tcp connect 127.0.0.1:{CLOSED} --send hi", NETWORK),
        _case(f"{conn} --send hi --timeout nan --wait 0.2", INPUT),
        _case(f"{conn} --send hi --timeout inf --wait 0.2", INPUT),
        _case(f"{conn} --send hi --timeout -1", INPUT),
        _case(f"{conn} --send hi --wait nan", INPUT),
        _case(f"{conn} --send hi --wait inf", INPUT),
        _case(f"{conn} --send hi --recv-size 0 --wait 0.2", INPUT),
        _case(f"{conn} --send hi --recv-size -1", INPUT),
        _case(f"{conn} --send hi --recv-size nan", INPUT),
        _case(f"{conn} --send zz --hex", INPUT, check=_names("--send")),
        _case(f"{conn} --send é --encoding ascii", INPUT, check=_names("--send")),
        _case(f"{conn} --file {{MISSING}}", INPUT),
        _case(f"{conn} --file {{DIR}}", INPUT),
        _case(f"{conn} --file {{FILE}} --chunk 0", INPUT),
        _case(f"{conn} --file {{FILE}} --wait 0.2", OK),
        _case(f"{conn} --send hi --output /dev/full --wait 0.5", *FAILS),
        _case(f"{conn} --size 99999999999 --count 1 --rate 100", INPUT),
        _case(f"{conn} --size 10 --count 0 --rate 100", INPUT),
        _case(f"{conn} --size 10 --count 100 --rate 0", INPUT),
        _case(f"{conn} --stdin --wait 0.2", OK),
        # tcp serve
        _case(f"{serve} --timeout 0.5", OK),
        _case(f"{serve} --timeout nan", INPUT),
        _case(f"{serve} --timeout inf", INPUT),
        _case(f"{serve} --timeout -1", INPUT),
        _case(f"{serve} --backlog 0 --timeout 0.5", OK),  # listen(0), as the window passes it
        _case(f"{serve} --backlog -1 --timeout 0.5", INPUT),
        _case(f"{serve} --backlog 99999999999 --timeout 0.5", INPUT),
        _case(f"{serve} --max-clients 0 --timeout 0.5", INPUT),
        _case(f"{serve} --max-clients -1 --timeout 0.5", INPUT),
        _case(f"{serve} --reply x --hex --timeout 0.5", INPUT, check=_names("--reply")),
        _case(f"{serve} --echo --reply x --timeout 0.5", INPUT),
        _case(f"{serve} --close-on é --encoding ascii --timeout 0.5", INPUT),
        _case(f"{serve} --output {{DIR}} --timeout 0.5", INPUT),
        _case("tcp serve 127.0.0.1:{TCP} --timeout 0.5", NETWORK),
        _case("tcp serve 99999", INPUT),
        _case("tcp serve 127.0.0.1:１２３ --timeout 0.5", INPUT),
    ]


@contextlib.contextmanager
def places() -> Iterator[dict[str, str]]:
    """The loopback peers and files the cases name, closed and removed afterwards."""
    udp = UdpPeer()
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(128)
    stop = threading.Event()
    server = threading.Thread(target=_serve, args=(tcp, stop), daemon=True)
    server.start()
    closed = _free_port(socket.SOCK_STREAM)
    with tempfile.TemporaryDirectory(prefix="socklab-probe-cli-") as folder:
        file = Path(folder, "payload.bin")
        file.write_bytes(bytes(range(256)) * 16)
        old = Path(folder, "old.bin")
        old.write_bytes(b"OLD\n")
        try:
            yield {
                "UDP": str(udp.port),
                "TCP": str(tcp.getsockname()[1]),
                "CLOSED": str(closed),
                "TMP": folder,
                "DIR": folder,
                "FILE": str(file),
                "OLD": str(old),
                "MISSING": str(Path(folder, "missing")),
            }
        finally:
            stop.set()
            server.join(5)
            tcp.close()
            udp.close()


def _serve(listener: socket.socket, stop: threading.Event) -> None:
    """The TCP peer: greets each client, reads until it closes (or the probe ends)."""
    listener.settimeout(0.1)
    clients: list[socket.socket] = []
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            conn, _ = listener.accept()
            conn.setblocking(False)
            with contextlib.suppress(OSError):
                conn.send(b"hello from the probe\n")
            clients.append(conn)
        for conn in list(clients):
            try:
                if conn.recv(1 << 16) == b"":
                    conn.close()
                    clients.remove(conn)
            except BlockingIOError:
                continue
            except OSError:
                conn.close()
                clients.remove(conn)
    for conn in clients:
        conn.close()


def _free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _addresses(args: list[str]) -> list[tuple[str, str | None]]:
    """The address arguments of an invocation, each with the host the CLI assumes."""
    found: list[tuple[str, str | None]] = []
    if len(args) > 2 and args[0] in ("udp", "tcp") and not args[2].startswith("-"):
        found.append((args[2], "0.0.0.0" if args[1] in ("listen", "serve") else None))
    found += [(args[i + 1], "0.0.0.0") for i, a in enumerate(args[:-1]) if a == "--bind"]
    return found


def leaves_loopback(args: list[str]) -> bool:
    """An address argument that the CLI would take as other than a loopback IP."""
    for text, default in _addresses(args):
        try:
            host, _ = parse_endpoint(text, default_host=default, allow_zero_port=True)
        except (AddressError, ValueError):
            continue  # refused before anything is sent
        try:
            if not ipaddress.ip_address(host.split("%")[0]).is_loopback:
                return True
        except ValueError:
            return True  # a name: it would be looked up
    return False


def run_case(case: Case, where: dict[str, str]) -> dict:
    """Run one invocation; its record for the JSON."""
    where = {**where, "FREE": str(_free_port(socket.SOCK_DGRAM)) if case.feed else "0"}
    args = [a.format(**where) for a in case.args]
    record: dict = {"line": " ".join(case.args), "args": args, "expect": sorted(case.expect)}
    if leaves_loopback(args):
        return {**record, "outcome": "not run", "verdict": "not run (leaves loopback)"}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "socklab", *args],
        stdin=subprocess.DEVNULL,  # --stdin reads an empty input
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    feeder = _feed(process, int(where["FREE"])) if case.feed else None
    try:
        _out, err = process.communicate(timeout=HANG_BOUND)
        outcome = "traceback" if "Traceback" in err else f"exit {process.returncode}"
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
        outcome = "hang"
    if feeder is not None:
        feeder.join(5)
    wrong = None
    if outcome not in case.expect:
        wrong = f"{outcome}, expected {' or '.join(sorted(case.expect))}"
    elif case.check is not None:
        wrong = case.check(where, err)
    return {
        **record,
        "args": args,
        "outcome": outcome,
        "verdict": "as expected" if wrong is None else "wrong",
        "wrong": wrong,
        "seconds": round(time.monotonic() - started, 2),
        "stderr": err.strip().splitlines()[-1][:200] if err.strip() else "",
    }


def _feed(process: subprocess.Popen, port: int) -> threading.Thread:
    """Send a datagram to ``port`` every 50 ms while ``process`` runs (at most 100)."""

    def feed() -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            for _ in range(100):
                with contextlib.suppress(OSError):
                    sock.sendto(b"NEW\n", ("127.0.0.1", port))
                try:
                    process.wait(0.05)  # the pace, and the end as soon as it comes
                    return
                except subprocess.TimeoutExpired:
                    continue

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


def probe() -> list[dict]:
    """Every case's record, in the order of :func:`cases`."""
    with places() as where, ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(lambda case: run_case(case, where), cases()))
