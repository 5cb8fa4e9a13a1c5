"""The CLI as a hostile user drives it: every bad value ends in exit 2 and a
message naming its argument, before a socket is opened or a byte sent; never a
traceback, never a hang. Zeros mean what the help says or are refused.

Each case runs the real ``socklab`` in a subprocess (``socklab_cli``).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pytest

from socklab.cli import EXIT_INPUT
from socklab_cli import env, start
from socklab_cli import run as socklab

# A target nothing is sent to: every case below is refused before a socket opens.
TARGET = "127.0.0.1:9"


def assert_refused(result: subprocess.CompletedProcess, argument: str, fragment: str) -> None:
    """Exit 2, one ``error: argument ARG: ...`` line holding ``fragment``, no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == EXIT_INPUT, (result.returncode, result.stderr)
    assert f"error: argument {argument}: " in result.stderr, result.stderr
    assert fragment in result.stderr, result.stderr


def first_line_with(process: subprocess.Popen, text: str) -> str:
    for line in process.stdout:
        if text in line:
            return line
    raise AssertionError(f"{text!r} never printed; stderr: {process.stderr.read()}")


def port_of(line: str) -> int:
    match = re.search(r"(?:to|on) \S+:(\d+)", line)
    assert match, line
    return int(match.group(1))


# -- numbers ------------------------------------------------------------------

NUMBER_CASES = [
    # Not finite: nan, inf and what overflows to inf.
    (["udp", "listen", "127.0.0.1:0", "--timeout", "nan"], "--timeout", "finite number"),
    (["udp", "listen", "127.0.0.1:0", "--timeout", "inf"], "--timeout", "finite number"),
    (["udp", "listen", "127.0.0.1:0", "--timeout", "1e400"], "--timeout", "finite number"),
    (["udp", "send", TARGET, "x", "--wait", "nan"], "--wait", "finite number"),
    (["udp", "send", TARGET, "x", "--wait", "inf"], "--wait", "finite number"),
    (["udp", "send", TARGET, "x", "--count", "2", "--interval", "inf"], "--interval", "finite"),
    (["udp", "send", TARGET, "x", "--count", "2", "--interval", "nan"], "--interval", "finite"),
    (["udp", "send", TARGET, "x", "--count", "2", "--interval=-Infinity"], "--interval", "finite"),
    (["tcp", "connect", TARGET, "--send", "x", "--wait", "nan"], "--wait", "finite number"),
    (["tcp", "connect", TARGET, "--send", "x", "--timeout", "inf"], "--timeout", "finite"),
    (["tcp", "serve", "127.0.0.1:0", "--timeout", "nan"], "--timeout", "finite number"),
    (["udp", "send", TARGET, "--size", "8", "--rate", "nan"], "--rate", "finite number"),
    (["udp", "send", TARGET, "--size", "8", "--mbps", "inf"], "--mbps", "finite number"),
    (["udp", "send", TARGET, "--size", "8", "--duration", "nan"], "--duration", "finite"),
    # Digits other than 0-9, Python's other number forms, not numbers at all.
    (["udp", "listen", "127.0.0.1:0", "--timeout", "１"], "--timeout", "digits 0-9, not '１'"),
    (["udp", "listen", "127.0.0.1:0", "--count", "١٢"], "--count", "digits 0-9, not '١٢'"),
    (["udp", "listen", "127.0.0.1:0", "--count", "1_0"], "--count", "a whole number"),
    (["udp", "listen", "127.0.0.1:0", "--count", "1.5"], "--count", "a whole number"),
    (["udp", "listen", "127.0.0.1:0", "--timeout", ""], "--timeout", "expected a number"),
    (["udp", "listen", "127.0.0.1:0", "--timeout", "0x10"], "--timeout", "expected a number"),
    (["tcp", "serve", "8080", "--backlog", "lots"], "--backlog", "expected a whole number"),
    # Negative.
    (["udp", "listen", "127.0.0.1:0", "--timeout", "-1"], "--timeout", "must not be negative"),
    (["udp", "send", TARGET, "x", "--count", "2", "--interval", "-5"], "--interval", "negative"),
    (["tcp", "serve", "8080", "--backlog", "-1"], "--backlog", "must not be negative"),
    # Too large: refused before anything is allocated (was a MemoryError traceback).
    (["udp", "send", TARGET, "--size", "99999999999"], "--size", "at most 16,777,216"),
    (["tcp", "connect", TARGET, "--size", "99999999999"], "--size", "at most 16,777,216"),
    (["tcp", "connect", TARGET, "--recv-size", "99999999999"], "--recv-size", "at most"),
    (["udp", "listen", "127.0.0.1:0", "--bufsize", "70000"], "--bufsize", "at most 65,535"),
    (["tcp", "serve", "8080", "--backlog", "99999999999"], "--backlog", "at most 65,535"),
    # A UDP payload must fit one datagram (was exit 1, a network failure).
    (["udp", "send", TARGET, "--size", "70000"], "--size", "IPv4 holds at most 65,507"),
    (["udp", "send", TARGET, "--size", "65508"], "--size", "IPv4 holds at most 65,507"),
    (["udp", "send", "[::1]:9", "--size", "65528"], "--size", "IPv6 holds at most 65,527"),
    (["udp", "send", TARGET, "x" * 70_000], "DATA", "IPv4 holds at most 65,507 bytes"),
    (["udp", "send", TARGET, "--file", __file__, "--chunk", "70000"], "--chunk", "65,507"),
]


@pytest.mark.parametrize(
    ("args", "argument", "fragment"),
    NUMBER_CASES,
    ids=[" ".join(a)[:60] for a, _, _ in NUMBER_CASES],
)
def test_numbers_that_are_not_numbers_exit_2(args, argument, fragment):
    assert_refused(socklab(*args), argument, fragment)


# -- zeros --------------------------------------------------------------------

ZERO_CASES = [
    (["udp", "send", TARGET, "x", "--count", "0"], "--count", "must be at least 1"),
    (["udp", "send", TARGET, "--size", "8", "--count", "0"], "--count", "at least 1"),
    (["udp", "listen", "127.0.0.1:0", "--count", "0"], "--count", "must be at least 1"),
    (["tcp", "connect", TARGET, "--size", "8", "--count", "0"], "--count", "at least 1"),
    (["udp", "send", TARGET, "--size", "8", "--rate", "0"], "--rate", "--fast sends as fast"),
    (["udp", "send", TARGET, "--size", "8", "--mbps", "0"], "--mbps", "more than 0"),
    (["tcp", "connect", TARGET, "--size", "8", "--rate", "0"], "--rate", "more than 0"),
    (["tcp", "connect", TARGET, "--file", __file__, "--rate", "0"], "--rate", "more than 0"),
    (["udp", "send", TARGET, "--size", "8", "--duration", "0"], "--duration", "more than 0"),
    (["tcp", "serve", "8080", "--max-clients", "0"], "--max-clients", "there is no limit"),
    (["udp", "listen", "127.0.0.1:0", "--bufsize", "0"], "--bufsize", "must be at least 1"),
    (["tcp", "connect", TARGET, "--recv-size", "0"], "--recv-size", "must be at least 1"),
    (["udp", "send", TARGET, "--file", __file__, "--chunk", "0"], "--chunk", "at least 1"),
    (["tcp", "connect", TARGET, "--file", __file__, "--chunk", "0"], "--chunk", "at least 1"),
    (["tcp", "connect", TARGET, "--size", "0"], "--size", "at least 1 for TCP"),
    (["tcp", "connect", TARGET, "--send", "x", "--count", "3"], "--count", "generator's blocks"),
    (["tcp", "connect", TARGET, "--send", "x", "--timeout", "0"], "--timeout", "more than 0"),
]


@pytest.mark.parametrize(
    ("args", "argument", "fragment"),
    ZERO_CASES,
    ids=[" ".join(a)[:60] for a, _, _ in ZERO_CASES],
)
def test_a_zero_that_means_nothing_is_refused(args, argument, fragment):
    assert_refused(socklab(*args), argument, fragment)


def test_count_zero_sends_nothing_at_all():
    """Refused before the socket opens: the peer's first datagram is the marker sent after."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)
        port = peer.getsockname()[1]
        assert_refused(
            socklab("udp", "send", f"127.0.0.1:{port}", "x", "--count", "0"),
            "--count",
            "at least 1",
        )
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as marker:
            marker.sendto(b"marker", ("127.0.0.1", port))
        assert peer.recv(100) == b"marker"


def test_udp_size_zero_sends_empty_datagrams():
    """``--size 0`` means what the help says: empty datagrams (a UDP test case)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)
        port = peer.getsockname()[1]
        result = socklab("udp", "send", f"127.0.0.1:{port}", "--size", "0", "--count", "2")
        assert result.returncode == 0, result.stderr
        assert [peer.recv(100), peer.recv(100)] == [b"", b""]
    assert "sent 2 datagrams, 0 bytes" in result.stderr


def test_backlog_zero_is_passed_to_listen():
    """``--backlog 0`` is listen(0), as the help says (it was silently 4096)."""
    result = socklab("tcp", "serve", "127.0.0.1:0", "--backlog", "0", "--timeout", "0")
    assert result.returncode == 0, result.stderr
    assert re.search(r"listening on 127\.0\.0\.1:\d+ \(backlog 0\)", result.stdout), result.stdout


def test_zero_waits_and_intervals_mean_none():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)
        port = peer.getsockname()[1]
        result = socklab(
            "udp",
            "send",
            f"127.0.0.1:{port}",
            "x",
            "--count",
            "3",
            "--interval",
            "0",
            "--wait",
            "0",
        )
        assert result.returncode == 0, result.stderr
        assert [peer.recv(10) for _ in range(3)] == [b"x"] * 3


# -- addresses ----------------------------------------------------------------

ADDRESS_CASES = [
    (["udp", "send", "127.0.0.1:１２３", "x"], "HOST:PORT", "digits 0-9, not '１２３'"),
    (["udp", "send", "127.0.0.1:١٢٣", "x"], "HOST:PORT", "digits 0-9, not '١٢٣'"),
    (["udp", "listen", "１２３"], r"\[ADDR:\]PORT", "digits 0-9, not '１２３'"),
    (["tcp", "serve", "0.0.0.0:８０８０"], r"\[ADDR:\]PORT", "digits 0-9"),
    (["tcp", "connect", "１２７.０.０.１:80"], "HOST:PORT", "write IP addresses with the digits"),
    (["udp", "send", TARGET, "x", "--bind", "127.0.0.1:１"], "--bind", "digits 0-9"),
    (["udp", "send", "127.0.0.1:70000", "x"], "HOST:PORT", "from 0 to 65535"),
    (["udp", "send", "127.0.0.1:-1", "x"], "HOST:PORT", "from 0 to 65535"),
    (["udp", "send", "127.0.0.1:0", "x"], "HOST:PORT", "port 0 can only be used to bind"),
    (["udp", "send", ":", "x"], "HOST:PORT", "host is empty"),
    (["udp", "send", "", "x"], "HOST:PORT", "address is empty"),
    (["udp", "send", ":9", "x"], "HOST:PORT", "host is empty"),
    (["udp", "send", "127.0.0.1:", "x"], "HOST:PORT", "port is empty"),
    (["udp", "listen", ":"], r"\[ADDR:\]PORT", "port is empty"),
    (["udp", "send", "::1:9", "x"], "HOST:PORT", "IPv6 address without brackets"),
    (["tcp", "connect", "fe80::1"], "HOST:PORT", "IPv6 address without brackets"),
    (["udp", "send", "[::1:9", "x"], "HOST:PORT", "unbalanced brackets"),
    (["udp", "send", "999.1.1.1:9", "x"], "HOST:PORT", "not a valid IPv4 address"),
    (["udp", "send", "a b:9", "x"], "HOST:PORT", "not a valid host name"),
    (["udp", "send", TARGET, "x", "--bind", "0.0.0.0:99999"], "--bind", "from 0 to 65535"),
]


@pytest.mark.parametrize(
    ("args", "argument", "fragment"),
    ADDRESS_CASES,
    ids=[" ".join(a)[:60] for a, _, _ in ADDRESS_CASES],
)
def test_bad_addresses_exit_2(args, argument, fragment):
    result = socklab(*args)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == EXIT_INPUT, result.stderr
    assert re.search(f"error: argument {argument}: ", result.stderr), result.stderr
    assert fragment in result.stderr, result.stderr


# -- texts: each error names the argument the text came from ------------------

TEXT_CASES = [
    (["udp", "send", TARGET, "zz", "--hex"], "DATA", "hex digit expected"),
    (["udp", "send", TARGET, "abc", "--hex"], "DATA", "odd number of hex digits"),
    (["udp", "send", TARGET, r"\q", "--escapes"], "DATA", "unknown escape"),
    (["udp", "send", TARGET, "é", "--encoding", "ascii"], "DATA", "cannot be encoded in ascii"),
    (["tcp", "connect", TARGET, "--send", "abc", "--hex"], "--send", "odd number of hex"),
    (["tcp", "connect", TARGET, "--send", "é", "--encoding", "ascii"], "--send", "encoded"),
    (["tcp", "connect", TARGET, "--send", ""], "--send", "empty"),
    (["tcp", "serve", "8080", "--reply", "zz", "--hex"], "--reply", "hex digit expected"),
    (["tcp", "serve", "8080", "--reply", "é", "--encoding", "ascii"], "--reply", "encoded"),
    (["tcp", "serve", "8080", "--reply", ""], "--reply", "empty"),
    (["tcp", "serve", "8080", "--close-on", "é", "--encoding", "ascii"], "--close-on", "encoded"),
    (["tcp", "serve", "8080", "--close-on", "退出", "--encoding", "latin-1"], "--close-on", "退"),
    (["tcp", "serve", "8080", "--close-on", ""], "--close-on", "the word is empty"),
    (["udp", "send", TARGET, "a..b", "--encoding", "idna"], "DATA", "encoded in idna"),
    (["tcp", "serve", "8080", "--close-on", "a..b", "--encoding", "idna"], "--close-on", "idna"),
    (["tcp", "serve", "8080", "--reply", "a..b", "--encoding", "idna"], "--reply", "idna"),
    (["udp", "send", TARGET, "x", "--encoding", "klingon"], "--encoding", "unknown encoding"),
    (["udp", "send", TARGET, "x", "--encoding", ""], "--encoding", "unknown encoding"),
    (["udp", "send", TARGET, "x", "--encoding", "hex"], "--encoding", "unknown encoding"),
    (["udp", "send", TARGET, "x", "--line-ending", "cr"], "--line-ending", "invalid choice"),
    (
        ["udp", "send", TARGET, "--size", "8", "--rate", "5", "--fast"],
        "--rate/--mbps/--fast",
        "give only one of them",
    ),
]


@pytest.mark.parametrize(
    ("args", "argument", "fragment"),
    TEXT_CASES,
    ids=[" ".join(a)[:60] for a, _, _ in TEXT_CASES],
)
def test_bad_texts_name_their_argument(args, argument, fragment):
    result = socklab(*args)
    assert_refused(result, argument, fragment)
    assert argument == "DATA" or "argument DATA" not in result.stderr


def test_a_bad_stdin_line_names_stdin_and_the_line():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        result = socklab(
            "tcp",
            "connect",
            f"127.0.0.1:{port}",
            "--stdin",
            "--encoding",
            "ascii",
            input="fine\nnot finé\n",
        )
    assert_refused(result, "--stdin", "line 2: 'é' cannot be encoded in ascii (column 8)")


# -- files --------------------------------------------------------------------


def test_files_that_cannot_be_sent_exit_2(tmp_path):
    missing = tmp_path / "missing.bin"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opening it to read would block until a writer came: never opened
    cases = [
        (tmp_path, f"{tmp_path} is a directory"),
        (missing, f"cannot read {missing}: no such file or directory"),
        (fifo, f"{fifo} is not a regular file"),
        ("/dev/zero", "/dev/zero is not a regular file"),
    ]
    for path, message in cases:
        for args in (["udp", "send", TARGET], ["tcp", "connect", TARGET]):
            assert_refused(socklab(*args, "--file", str(path)), "--file", message)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_file_exits_2(tmp_path):
    secret = tmp_path / "secret.bin"
    secret.write_bytes(b"x")
    secret.chmod(0)
    result = socklab("udp", "send", TARGET, "--file", str(secret))
    assert_refused(result, "--file", f"cannot read {secret}: permission denied")


@pytest.mark.parametrize("option", ["--file", "--capture", "--output"])
def test_empty_paths_exit_2(option):
    args = ["tcp", "connect", TARGET, option, ""]
    assert_refused(socklab(*args), option, "the path is empty")


@pytest.mark.parametrize("option", ["--file", "--capture", "--output"])
def test_a_nul_byte_in_a_path_exits_2(option, tmp_path):
    """Only a script can pass one (argv cannot hold NUL): through ``main(argv)``."""
    argv = ["udp", "listen", "127.0.0.1:0", "--timeout", "0"]
    if option == "--file":
        argv = ["udp", "send", TARGET]
    argv += [option, f"{tmp_path}/a\0b"]
    script = f"import sys; from socklab.cli import main; sys.exit(main({argv!r}))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
        env=env(),
    )
    assert_refused(result, option, "a file name cannot contain a NUL character")


# -- the close word, end to end -----------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "word", "ending"),
    [
        ("utf-16", "exit", ""),
        ("utf-16", "退出", ""),
        ("utf-16", "exit", "\r\n"),
        ("utf-16", "退出", "\n"),
        ("gbk", "退出", "\r\n"),
        ("utf-8", "bye", "\n"),
    ],
)
def test_close_word_in_the_chosen_encoding_closes_a_real_client(encoding, word, ending):
    """The word is encoded as a client sends it (no byte-order mark in utf-16),
    by the same function the window uses; its line ending is the encoding's too
    (two bytes each in UTF-16), and the server names the word as it was typed."""
    server = start(
        "tcp", "serve", "127.0.0.1:0", "--close-on", word, "--encoding", encoding, "--timeout", "60"
    )
    try:
        port = port_of(first_line_with(server, "listening on"))
        with socket.create_connection(("127.0.0.1", port), 10) as client:
            client.settimeout(10)
            line = word + ending
            client.sendall(line.encode("utf-16-le" if encoding == "utf-16" else encoding))
            assert client.recv(100) == b""  # closed by the server
        assert repr(word) in first_line_with(server, "the client sent")
    finally:
        server.kill()
        server.communicate()
