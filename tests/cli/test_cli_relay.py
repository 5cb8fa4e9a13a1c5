"""``socklab relay tcp|udp`` end to end: socat and ncat on both sides, bad
arguments said with exit 2, a target that refuses said plainly."""

from __future__ import annotations

import re
import signal
import socket
import subprocess

import pytest

from relay_peers import need, read_exactly, socat_server
from socklab.cli import main
from socklab.core.relay import DropPlan
from socklab_cli import start
from tshark_files import TSHARK, follow


def listening_port(process: subprocess.Popen) -> int:
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"(?:listening on|bound to) 127\.0\.0\.1:(\d+)", line)
        if found:
            return int(found.group(1))
    raise AssertionError(f"the relay ended: {process.wait()} {process.stderr.read()}")


def stop(process: subprocess.Popen) -> tuple[str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    return out, err


def test_relay_tcp_between_socat_client_and_socat_server(tmp_path):
    """Both directions printed with who sent them; the pcapng holds two TCP
    streams (client <-> relay, relay <-> target) that Wireshark follows."""
    pcap = tmp_path / "relay.pcapng"
    with socat_server("TCP-LISTEN:0,bind=127.0.0.1", "EXEC:tr a-z A-Z") as (_, port):
        relay = start("relay", "tcp", "127.0.0.1:0", f"127.0.0.1:{port}", "--pcap", str(pcap))
        relay_port = listening_port(relay)
        client = subprocess.run(
            [need("socat"), "-t", "20", "-", f"TCP:127.0.0.1:{relay_port}"],
            input=b"hello through\n",
            capture_output=True,
            timeout=30,
            check=False,
        )
        assert client.stdout == b"HELLO THROUGH\n"
        out, err = stop(relay)
    assert re.search(r"<- client 127\.0\.0\.1:\d+ #1  14 B  hello through\\n", out)
    assert f"-> target 127.0.0.1:{port} #1  14 B  hello through\\n" in out
    assert f"<- target 127.0.0.1:{port} #1  14 B  HELLO THROUGH\\n" in out
    assert "the client finished sending (FIN): passed on to the target" in out
    assert "to target: 1 received (14 B), 1 forwarded (14 B)" in err
    if TSHARK is None:
        return
    streams = follow(pcap, 2)
    for stream in streams.values():
        assert sorted(stream.values()) == [b"HELLO THROUGH\n", b"hello through\n"]
    targets = [node for stream in streams.values() for node in stream]
    assert f"127.0.0.1:{port}" in targets
    assert f"127.0.0.1:{relay_port}" in targets


def test_relay_udp_drop_exact_with_ncat_sending():
    """ncat sends 100 lines, one datagram each (the next once the relay printed
    the last): exactly 50 are passed on, the ones seed 3 keeps."""
    ncat = need("ncat")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as target:
        target.bind(("127.0.0.1", 0))
        port = target.getsockname()[1]
        relay = start(
            "relay", "udp", "127.0.0.1:0", f"127.0.0.1:{port}", "--drop", "50", "--seed", "3"
        )
        relay_port = listening_port(relay)
        sender = subprocess.Popen(
            [ncat, "-u", "--send-only", "127.0.0.1", str(relay_port)],
            stdin=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert sender.stdin is not None and relay.stdout is not None
            for i in range(100):
                sender.stdin.write(b"line %02d\n" % i)
                sender.stdin.flush()
                while "<- client" not in relay.stdout.readline():
                    pass
        finally:
            sender.kill()
            sender.communicate()
        target.settimeout(10)
        got = [target.recv(100) for _ in range(50)]
        _out, err = stop(relay)
    assert "to target: 100 received (800 B), 50 forwarded (400 B), 50 dropped" in err
    plan = DropPlan(50, 3, "target")
    assert got == [b"line %02d\n" % i for i in range(100) if not plan.drop()]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["relay", "tcp", "127.0.0.1:0", "nohost"], "argument TARGET: missing port"),
        (["relay", "udp", "127.0.0.1:0", "127.0.0.1:9", "--drop", "101"], "outside 0-100"),
        (["relay", "tcp", "127.0.0.1:0", "127.0.0.1:9", "--drop", "5"], "drops are for UDP"),
        (["relay", "tcp", "127.0.0.1:0", "127.0.0.1:9", "--delay", "-5"], "is negative"),
        (["relay", "tcp", "127.0.0.1:0", "127.0.0.1:9", "--corrupt", "@x"], "not a whole number"),
        (["relay", "tcp", "127.0.0.1:0", "127.0.0.1:9", "--seed", "x"], "not a whole number"),
        (["relay", "udp", "127.0.0.1:0", "127.0.0.1:9", "--idle", "0"], "more than 0"),
    ],
)
def test_relay_bad_arguments_exit_2(args, fragment, capsys):
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    assert fragment in capsys.readouterr().err


def test_relay_to_a_refusing_target_says_so_and_closes_the_client():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        relay = start("relay", "tcp", "127.0.0.1:0", f"127.0.0.1:{port}")
        relay_port = listening_port(relay)
        with socket.socket() as client, pytest.raises(ConnectionResetError):
            client.settimeout(10)
            client.connect(("127.0.0.1", relay_port))
            read_exactly(client, 1)
        out, _ = stop(relay)
    assert f"connect to the target 127.0.0.1:{port} for client #1" in out
    assert ": connection refused" in out
    assert "left: reset (not connected)" in out
