"""socklab.core.kernel_sockets: /proc/net's tables read as hostile text, and the
kernel's real view of real sockets on loopback (LISTEN, ESTABLISHED with its
Recv-Q, TIME_WAIT on the side that closed first, with its timer, and a TIME_WAIT
ended at once by a new connection from the same client port)."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import time
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from private_ports import client_socket
from socklab.core import KernelSocket, format_addr, read_sockets
from socklab.core.kernel_sockets import parse_table, parse_unix_table, unix_table_path

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="/proc/net is Linux's")

HEADER = (
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode"
)
LISTEN_8080 = (
    "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000"
    "        0 12345 1 0000000000000000 100 0 0 10 0"
)
TIME_WAIT = (
    "   1: 0100007F:D431 0100007F:1F90 06 00000000:00000000 03:00001770 00000000     0"
    "        0 0 3 0000000000000000"
)
ESTABLISHED_V6 = (
    "   0: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:D432 01 "
    "00000007:00000005 00:00000000 00000000  1000        0 999 1 0000000000000000 20 4 30 10 -1"
)


def _little_endian() -> bool:
    return sys.byteorder == "little"


@pytest.mark.skipif(not _little_endian(), reason="the samples are a little-endian kernel's")
def test_lines_as_the_kernel_writes_them() -> None:
    found, skipped = parse_table("\n".join([HEADER, LISTEN_8080, TIME_WAIT]), "tcp", socket.AF_INET)
    assert skipped == 0
    listen, wait = found
    assert listen == KernelSocket(
        "tcp", socket.AF_INET, ("127.0.0.1", 8080), ("0.0.0.0", 0), "LISTEN", 0, 0, None, 12345
    )
    assert wait.state == "TIME_WAIT" and wait.local == ("127.0.0.1", 54321)
    assert wait.timer_left == pytest.approx(60.0) and wait.inode == 0
    (mapped,), _ = parse_table(ESTABLISHED_V6, "tcp", socket.AF_INET6)
    assert format_addr(mapped.local) == "127.0.0.1:8080"  # a dual-stack peer, shown as IPv4
    assert (mapped.send_queue, mapped.recv_queue) == (7, 5)
    (only_8080,), _ = parse_table(
        "\n".join([LISTEN_8080, TIME_WAIT]), "tcp", socket.AF_INET, {54321}
    )
    assert only_8080.state == "TIME_WAIT"


@pytest.mark.parametrize(
    "line",
    [
        "garbage",
        LISTEN_8080.replace("0A", "zz"),
        LISTEN_8080.replace("0100007F:1F90", "0100007F1F90"),
        LISTEN_8080.replace("0100007F", "0100007F00"),  # neither 8 nor 32 digits
        LISTEN_8080.replace("12345", "9" * 40),
        LISTEN_8080[:60],
        LISTEN_8080.replace(" ", "\0"),
        ESTABLISHED_V6,  # an IPv6 line in an IPv4 table
    ],
)
def test_a_line_that_does_not_parse_is_skipped_and_counted(line: str) -> None:
    assert parse_table(line, "tcp", socket.AF_INET) == ([], 1)


@given(st.text(max_size=400))
def test_any_text_is_read_without_an_error(text: str) -> None:
    found, skipped = parse_table(text, "udp", socket.AF_INET6)
    assert len(found) + skipped <= text.count("\n") + 1


def test_a_missing_table_is_named(tmp_path) -> None:
    (tmp_path / "tcp").write_text(HEADER + "\n" + LISTEN_8080 + "\n", encoding="ascii")
    snapshot = read_sockets(root=str(tmp_path))
    assert len(snapshot.sockets) == (1 if _little_endian() else 0)
    assert [u.split(":")[0] for u in snapshot.unreadable] == ["tcp6", "udp", "udp6"]


# -- the kernel's real view ---------------------------------------------------


def _until(ports: set[int], found: Callable[[list[KernelSocket]], bool]) -> list[KernelSocket]:
    """Read the tables until ``found`` holds of the sockets of ``ports`` (bounded)."""
    deadline = time.monotonic() + 10
    while True:
        sockets = list(read_sockets(ports).sockets)
        if found(sockets):
            return sockets
        if time.monotonic() >= deadline:
            raise AssertionError(sockets)


def _states(sockets: list[KernelSocket], local: int, remote: int) -> set[str]:
    """The states listed for the connection from port ``local`` to port ``remote``
    (an ephemeral port may serve other connections too). A table read while
    sockets change may list one twice, or not at all: the tests wait for what
    they expect to be read, never conclude from one reading."""
    return {s.state for s in sockets if s.ports() == (local, remote)}


def test_listen_established_queues_and_time_wait_on_the_side_that_closed_first() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        sockets = _until({port}, lambda s: _states(s, port, 0) == {"LISTEN"})
        listening = next(s for s in sockets if s.ports() == (port, 0))
        assert (listening.protocol, listening.local) == ("tcp", ("127.0.0.1", port))
        assert listening.inode > 0  # a process holds it
        client = socket.create_connection(("127.0.0.1", port), 5)
        mine = client.getsockname()[1]
        conn, _ = server.accept()
        client.sendall(b"12345")  # not read: it waits in the server's Recv-Q
        _until(
            {port},
            lambda s: (
                any(k.ports() == (port, mine) and k.recv_queue == 5 for k in s)
                and _states(s, port, mine) == {"ESTABLISHED"}
            ),
        )
        client.close()  # the client closes first ...
        assert conn.recv(10) == b"12345" and conn.recv(10) == b""
        conn.close()  # ... then the server
        # TIME_WAIT on the client; the server, which closed second, keeps nothing
        # once its LAST_ACK is answered.
        sockets = _until(
            {mine}, lambda s: _states(s, mine, port) == {"TIME_WAIT"} and not _states(s, port, mine)
        )
        waiting = next(s for s in sockets if s.ports() == (mine, port))
        assert waiting.remote == ("127.0.0.1", port) and waiting.inode == 0
        assert 0 < waiting.timer_left <= 60


def test_a_time_wait_ends_when_its_client_port_connects_again() -> None:
    """RFC 1122: a server in TIME_WAIT takes a new SYN from the same client port
    (a higher sequence number): the old connection's TIME_WAIT ends at once."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        client = client_socket()  # a port no other connection shares: bound again below
        client.connect(("127.0.0.1", port))
        mine = client.getsockname()[1]
        conn, _ = server.accept()
        conn.close()  # the server closes first
        assert client.recv(10) == b""
        client.close()
        _until({port}, lambda s: _states(s, port, mine) == {"TIME_WAIT"})
        with client_socket(port=mine, wait=10) as again:  # once the client's LAST_ACK is over
            again.connect(("127.0.0.1", port))
            _until({mine}, lambda s: _states(s, port, mine) == {"ESTABLISHED"})
            server.accept()[0].close()


def test_udp_unconnected_with_its_queue_and_a_dual_stack_peer() -> None:
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as receiver:
        receiver.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        receiver.bind(("::", 0))
        port = receiver.getsockname()[1]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.sendto(b"x" * 100, ("127.0.0.1", port))
        inode = os.fstat(receiver.fileno()).st_ino  # this socket, among others on the port

        def mine(sockets: list[KernelSocket]) -> list[KernelSocket]:
            return [k for k in sockets if k.inode == inode and k.recv_queue > 0]

        row = mine(_until({port}, lambda s: bool(mine(s))))[0]
        assert (row.protocol, row.family, row.state) == ("udp", socket.AF_INET6, "UNCONN")
        assert format_addr(row.local) == f"[::]:{port}" and row.recv_queue >= 100


# -- Unix domain sockets (/proc/net/unix) --------------------------------------

UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path"


def test_unix_lines_name_their_path_type_and_state() -> None:
    text = "\n".join(
        [
            UNIX_HEADER,
            "0000000000000000: 00000002 00000000 00010000 0001 01 4242 /tmp/s.sock",
            "0000000000000000: 00000003 00000000 00000000 0001 03 4243 /tmp/s.sock",
            "0000000000000000: 00000003 00000000 00000000 0001 03 4244",
            "0000000000000000: 00000002 00000000 00000000 0002 01 4245 @demo",
            "0000000000000000: 00000002 00000000 00000000 0002 03 4246 /tmp/other.sock",
            "not a socket",
        ]
    )
    found, skipped = parse_unix_table(text, {"/tmp/s.sock", "@demo"})
    assert skipped == 1
    assert [(s.local[0], s.protocol, s.state, s.inode) for s in found] == [
        ("/tmp/s.sock", "stream", "LISTEN", 4242),
        ("/tmp/s.sock", "stream", "ESTABLISHED", 4243),
        ("@demo", "dgram", "UNCONN", 4245),
    ]
    everything, _ = parse_unix_table(text)
    assert len(everything) == 5 and everything[2].local == ("", 0)
    assert everything[4].state == "CONNECTED"  # a connected datagram socket, as UDP says it


def test_abstract_names_are_written_as_the_kernel_writes_them() -> None:
    assert unix_table_path(b"\0demo\0x") == "@demo@x"
    assert unix_table_path("/tmp/s.sock") == "/tmp/s.sock"
    assert unix_table_path(("127.0.0.1", 80)) == ""


@given(st.text(max_size=400))
def test_any_unix_table_text_is_read_without_an_error(text: str) -> None:
    found, skipped = parse_unix_table(text)
    assert len(found) + skipped <= text.count("\n") + 1


def test_the_kernel_lists_a_unix_listener_and_the_connection_it_accepted(tmp_path) -> None:
    path = str(tmp_path / "k.sock")
    abstract = f"@socklab-test-{os.getpid()}-{id(tmp_path)}"
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
        server.bind(path)
        server.listen()
        client = stack.enter_context(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
        client.connect(path)
        accepted = stack.enter_context(server.accept()[0])
        datagram = stack.enter_context(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM))
        datagram.bind("\0" + abstract[1:])
        snapshot = read_sockets(set(), unix_paths={path, abstract})
        listed = sorted((s.local[0], s.protocol, s.state) for s in snapshot.sockets)
        inodes = {s.inode for s in snapshot.sockets}
        assert listed == [
            (path, "stream", "ESTABLISHED"),  # the accepted connection has its server's path
            (path, "stream", "LISTEN"),
            (abstract, "dgram", "UNCONN"),
        ]
        assert os.fstat(accepted.fileno()).st_ino in inodes
        assert os.fstat(server.fileno()).st_ino in inodes
    assert read_sockets(set(), unix_paths={path, abstract}).sockets == ()
