"""``socklab run --pcap FILE`` (and ``--capture``): every byte each scenario
sent and received, on every connection it opened, read back by the real
tshark; a failing scenario still leaves a whole file; a path that cannot be
written is said before anything runs."""

from __future__ import annotations

import json
import shutil
import signal
import socket

import pytest

from scenario_peers import socat_echo
from socklab_cli import run as socklab
from socklab_cli import start
from tshark_files import fields, follow, needs_tshark

HOSTILE = bytes(range(256)) + b"\x1b]0;title\x07\r\n"
needs_socat = pytest.mark.skipif(shutil.which("socat") is None, reason="socat is not installed")


def _scenario(folder, name: str, text: str):
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _no_temporary_files(folder) -> None:
    left = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert left == [], left


@needs_tshark
@needs_socat
def test_tcp_tls_udp_and_unix_scenarios_in_one_file_tshark_reads_byte_for_byte(tmp_path, pki):
    from tls_peers import end, s_server

    pcap, capture = tmp_path / "run.pcapng", tmp_path / "run.jsonl"
    sock = str(tmp_path / "echo.sock")
    server, tls_port = s_server(pki, "-rev")
    try:
        with (
            socat_echo("tcp") as tcp_port,
            socat_echo("udp") as udp_port,
            socat_echo("unix", sock),
        ):
            files = [
                _scenario(tmp_path, "tcp", f'connect = "tcp://127.0.0.1:{tcp_port}"\n'
                          f'[[step]]\nhex = "{HOSTILE.hex()}"\n'
                          f'[[step]]\nexpect_hex = "{HOSTILE.hex()}"\n'),
                _scenario(tmp_path, "tls", f'connect = "tls://127.0.0.1:{tls_port}"\n'
                          '[tls]\ninsecure = true\n'
                          '[[step]]\nsend = "hello\\n"\n[[step]]\nexpect = "olleh"\n'),
                _scenario(tmp_path, "udp", f'connect = "udp://127.0.0.1:{udp_port}"\n'
                          '[[step]]\nsend = "ping 1"\n[[step]]\nexpect = "ping 1"\n'),
                _scenario(tmp_path, "unix", f'connect = "unix:{sock}"\n'
                          '[[step]]\nsend = "over unix"\n[[step]]\nexpect = "unix"\n'),
            ]  # fmt: skip
            result = socklab("run", *files, "--pcap", str(pcap), "--capture", str(capture))
    finally:
        end(server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f" events to {capture} and {pcap}" in result.stderr
    _no_temporary_files(tmp_path)

    streams = follow(pcap, 2)
    tcp_client = next(node for node in streams[0] if node != f"127.0.0.1:{tcp_port}")
    assert streams[0] == {tcp_client: HOSTILE, f"127.0.0.1:{tcp_port}": HOSTILE}
    tls_client = next(node for node in streams[1] if node != f"127.0.0.1:{tls_port}")
    assert streams[1][tls_client] == b"hello\n"
    assert streams[1][f"127.0.0.1:{tls_port}"].startswith(b"olleh")

    rows = fields(pcap, "udp.srcport", "udp.dstport", "udp.payload", "udp.checksum.status",
                  where="udp")  # fmt: skip
    (mine,) = {row[0] for row in rows if row[1] == str(udp_port)}
    assert rows == [
        [mine, str(udp_port), b"ping 1".hex(), "1"],
        [str(udp_port), mine, b"ping 1".hex(), "1"],
    ]
    unix = fields(pcap, "frame.interface_id", "null.family", "data.data", "frame.comment",
                  where="frame.interface_id == 1")  # fmt: skip
    assert [row[:3] for row in unix] == [
        ["1", "1", b"over unix".hex()],
        ["1", "1", b"over unix".hex()],
    ]
    assert unix[0][3] == f"unnamed -> {sock}"

    lines = capture.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["session"] == "scenario"
    sent = [json.loads(line) for line in lines[1:-1] if '"event": "sent"' in line]
    assert [bytes.fromhex(r["hex"]) for r in sent] == [HOSTILE, b"hello\n", b"ping 1", b"over unix"]


@needs_tshark
@needs_socat
def test_a_failing_scenario_still_leaves_a_whole_file(tmp_path):
    pcap = tmp_path / "failed.pcapng"
    with socket.socket() as unused:  # bound, not listening: the connect is refused
        unused.bind(("127.0.0.1", 0))
        refused = unused.getsockname()[1]
        with socat_echo("tcp") as port:
            wrong = _scenario(
                tmp_path,
                "wrong",
                f'connect = "tcp://127.0.0.1:{port}"\n'
                'timeout = 0.3\n[[step]]\nsend = "bye\\n"\n'
                '[[step]]\nexpect = "hello"\n[[step]]\nsend = "never"\n',
            )
            nobody = _scenario(tmp_path, "nobody", f'connect = "tcp://127.0.0.1:{refused}"\n'
                               '[[step]]\nsend = "x"\n')  # fmt: skip
            result = socklab("run", wrong, nobody, "--pcap", str(pcap))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "0 of 2 scenarios passed" in result.stdout
    _no_temporary_files(tmp_path)
    (stream,) = follow(pcap, 1).values()
    client = next(node for node in stream if node != f"127.0.0.1:{port}")
    assert stream == {client: b"bye\n", f"127.0.0.1:{port}": b"bye\n"}
    packets = fields(pcap, "tcp.flags.syn", "tcp.flags.fin", "tcp.flags.reset", "tcp.len")
    assert packets[:3] == [["1", "0", "0", "0"], ["1", "0", "0", "0"], ["0", "0", "0", "0"]]
    assert packets[-3:] == [["0", "1", "0", "0"], ["0", "1", "0", "0"], ["0", "0", "0", "0"]]


@needs_tshark
@needs_socat
def test_an_interrupted_run_still_leaves_a_whole_file(tmp_path):
    pcap = tmp_path / "interrupted.pcapng"
    with socat_echo("tcp") as port:
        text = f'connect = "tcp://127.0.0.1:{port}"\n[[step]]\nsend = "abc"\n'
        text += '[[step]]\nexpect = "abc"\n[[step]]\nsleep = 60\n'
        running = start("run", _scenario(tmp_path, "long", text), "--pcap", str(pcap))
        for line in running.stdout:
            if "expect /abc/" in line:
                break
        running.send_signal(signal.SIGINT)
        out, err = running.communicate(timeout=30)
    assert running.returncode == 130, out + err
    assert "socklab run: interrupted" in err
    assert f"events to {pcap}" in err
    _no_temporary_files(tmp_path)
    (stream,) = follow(pcap, 1).values()
    client = next(node for node in stream if node != f"127.0.0.1:{port}")
    assert stream == {client: b"abc", f"127.0.0.1:{port}": b"abc"}


@pytest.mark.parametrize(
    ("where", "code", "said"),
    [
        ("no such folder/x.pcapng", 2, "error: argument --pcap: cannot write {path}: no such file"),
        ("", 2, "error: argument --pcap: cannot write {path}: is a directory"),
        ("/dev/full", 1, "capture to /dev/full: no space left on device"),
    ],
)
def test_a_pcap_that_cannot_be_written_is_said(tmp_path, where, code, said):
    path = tmp_path / where if where != "/dev/full" else where
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        port = peer.getsockname()[1]
        scenario = _scenario(tmp_path, "one", f'connect = "udp://127.0.0.1:{port}"\n'
                             '[[step]]\nsend = "x"\n')  # fmt: skip
        result = socklab("run", scenario, "--pcap", str(path))
    assert result.returncode == code, result.stdout + result.stderr
    assert "socklab run: " + said.format(path=path) in result.stderr
    assert "Traceback" not in result.stderr
    if code == 2:
        assert result.stdout == ""  # nothing ran
    _no_temporary_files(tmp_path)
