"""``socklab packets``: the library headless. What ``packets send`` sends is read
byte for byte by real peers on loopback (UDP, TCP, TLS, Unix datagram), and a
packets.ini that the real Packet Sender sends from sends the same bytes once
imported."""

from __future__ import annotations

import json
import os
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator

import pytest

from socklab_cli import run as socklab
from socklab_cli import start


def _library(path, *packets: dict) -> str:
    document = {"format": "socklab-packets", "version": 1, "packets": list(packets)}
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.fixture
def udp_peer() -> Iterator[socket.socket]:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)  # a bound for a lost datagram, not a timing
        yield peer


class _StreamPeer:
    """Accepts one connection on 127.0.0.1 (TLS with ``context``) and keeps what
    arrives until the sender closes."""

    def __init__(self, context: ssl.SSLContext | None = None) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(10)
        self.port = self.listener.getsockname()[1]
        self.context = context
        self.data = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        if self.context is not None:
            conn = self.context.wrap_socket(conn, server_side=True)
        with conn:
            conn.settimeout(10)
            while chunk := conn.recv(65536):
                self.data += chunk

    def received(self) -> bytes:
        self.thread.join(15)
        self.listener.close()
        return self.data


def test_send_a_udp_packet_byte_exact(tmp_path, udp_peer):
    peer = udp_peer
    port = peer.getsockname()[1]
    store = _library(
        tmp_path / "p.json",
        {"name": "ping", "destination": f"127.0.0.1:{port}", "payload": "ping {{counter}}",
         "line_ending": "crlf", "template": True, "checksum": "xor8"},
    )  # fmt: skip
    result = socklab("packets", "send", "ping", "--store", store, "--count", "2")
    assert result.returncode == 0, result.stderr
    first, second = peer.recv(100), peer.recv(100)
    assert first[:-1] == b"ping 1\r\n" and second[:-1] == b"ping 2\r\n"
    assert first[-1] == _xor(b"ping 1\r\n")
    assert "sent 2 datagrams" in result.stderr


def _xor(data: bytes) -> int:
    value = 0
    for byte in data:
        value ^= byte
    return value


def test_send_a_tcp_packet_to_another_destination(tmp_path):
    peer = _StreamPeer()
    store = _library(
        tmp_path / "p.json",
        {"name": "modbus", "kind": "tcp", "destination": "192.0.2.1:502",
         "payload": "00 01 00 00 00 06 01 03 00 00 00 0a", "mode": "hex"},
    )  # fmt: skip
    to = f"127.0.0.1:{peer.port}"
    result = socklab("packets", "send", "modbus", "--store", store, "--to", to, "--wait", "0")
    assert result.returncode == 0, result.stderr
    assert peer.received() == bytes.fromhex("00010000000601030000000a")


def test_send_a_tls_packet(tmp_path, pki):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki.cert("server"), pki.key("server"))
    peer = _StreamPeer(context)
    store = _library(
        tmp_path / "p.json",
        {"name": "hello", "kind": "tls", "destination": f"localhost:{peer.port}",
         "payload": "GET / HTTP/1.0\\r\\n\\r\\n", "mode": "escapes"},
    )  # fmt: skip
    result = socklab(
        "packets", "send", "hello", "--store", store, "--cafile", pki.cert("ca"), "--wait", "0"
    )
    assert result.returncode == 0, result.stderr
    assert peer.received() == b"GET / HTTP/1.0\r\n\r\n"


def test_send_a_unix_datagram_packet(tmp_path, unix_folder):
    path = os.path.join(unix_folder, "d.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as peer:
        peer.bind(path)
        peer.settimeout(10)
        store = _library(
            tmp_path / "p.json",
            {"name": "gbk", "kind": "unix-dgram", "destination": path, "payload": "你好",
             "encoding": "gbk"},
        )  # fmt: skip
        result = socklab("packets", "send", "gbk", "--store", store)
        assert result.returncode == 0, result.stderr
        assert peer.recv(100) == "你好".encode("gbk")


@pytest.mark.skipif(shutil.which("packetsender") is None, reason="Packet Sender is not installed")
def test_a_packets_ini_sends_what_packet_sender_sends_from_it(tmp_path, udp_peer):
    peer = udp_peer
    port = peer.getsockname()[1]
    folder = tmp_path / "ps"
    folder.mkdir()
    (folder / "packets.ini").write_text(
        "[General]\n\n[NAMES]\n1\\name=Say hi\n2\\name=bin\nsize=2\n\n"
        "[Say%20hi]\nfromIP=You\nfromPort=0\nhexString=48 69 0D 0A\nname=Say hi\n"
        f"port={port}\nrepeat=0\nrequestPath=\nsendResponse=0\ntcpOrUdp=UDP\n"
        'timestamp="Thu, 3 Dec 2026 17:00:00"\ntoIP=127.0.0.1\n\n'
        f"[bin]\nhexString=00 FF 10\nname=bin\nport={port}\ntcpOrUdp=UDP\ntoIP=127.0.0.1\n",
        encoding="utf-8",
    )
    # Packet Sender reads packets.ini from its working folder first.
    environment = {
        **os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder),
        "QT_QPA_PLATFORM": "offscreen",
    }  # fmt: skip
    for name in ("Say hi", "bin"):
        # It exits 4 after sending: what arrives is the check.
        subprocess.run(
            ["packetsender", "-n", name], cwd=folder, env=environment, check=False,
            capture_output=True, timeout=30,
        )  # fmt: skip
    theirs = [peer.recv(100), peer.recv(100)]
    assert theirs == [b"Hi\r\n", b"\x00\xff\x10"]
    store = str(tmp_path / "p.json")
    imported = socklab("packets", "import", str(folder / "packets.ini"), "--store", store)
    assert imported.returncode == 0, imported.stderr
    assert "imported 2 packets" in imported.stderr
    for name in ("Say hi", "bin"):
        assert socklab("packets", "send", name, "--store", store).returncode == 0
    assert [peer.recv(100), peer.recv(100)] == theirs


def test_import_list_export_in_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("SOCKLAB_PACKETS", raising=False)
    exported = [
        {"name": "ping", "hexstring": "70 69 6E 67", "tcporudp": "UDP", "toip": "127.0.0.1",
         "port": "9000"},
        {"name": "ping", "hexstring": "01", "tcporudp": "TCP", "toip": "::1", "port": "9001"},
        {"name": "page", "hexstring": "", "tcporudp": "HTTP Get", "toip": "x", "port": "80"},
    ]  # fmt: skip
    source = tmp_path / "export.json"
    source.write_text(json.dumps(exported), encoding="utf-8")
    result = socklab("packets", "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "renamed 'ping' to 'ping (2)': the name was taken" in result.stderr
    assert "skipped 'page': HTTP Get packets are not something SockLab sends" in result.stderr
    assert (tmp_path / "data" / "socklab" / "packets.json").exists()
    listed = socklab("packets", "list", "--json")
    assert [p["name"] for p in json.loads(listed.stdout)] == ["ping", "ping (2)"]
    lines = socklab("packets", "list").stdout.splitlines()
    assert lines == [
        "[Packet Sender]",
        "  ping\tUDP\t127.0.0.1:9000\ttext\tping",
        "  ping (2)\tTCP\t[::1]:9001\thex\t01",
    ]
    out = tmp_path / "out.json"
    assert socklab("packets", "export", str(out), "ping (2)").returncode == 0
    assert [p["name"] for p in json.loads(out.read_text())["packets"]] == ["ping (2)"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("send", "nope"), "no packet is called 'nope' (packets list shows the names)"),
        (("send", "far"), "packet 'far' has no destination: give --to HOST:PORT"),
        (("send", "far", "--to", "1.2.3"), "argument --to: '1.2.3' is not a valid IPv4 address"),
        (("send", "bad hex", "--to", "127.0.0.1:9"), "packet 'bad hex': payload: odd number"),
        (("send", "empty", "--to", "127.0.0.1:9"), "payload: empty: TCP has no bytes"),
        (("import", "/nonexistent/p.ini"), "cannot read /nonexistent/p.ini: No such file"),
        (("export", "/nonexistent/out.json"), "cannot write /nonexistent/out.json"),
    ],
)
def test_bad_input_exits_2_with_a_specific_message(tmp_path, args, message):
    store = _library(
        tmp_path / "p.json",
        {"name": "far", "payload": "x"},
        {"name": "bad hex", "payload": "123", "mode": "hex"},
        {"name": "empty", "kind": "tcp", "payload": ""},
    )
    result = socklab("packets", *args, "--store", store)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_corrupt_library_is_kept_aside_and_said(tmp_path):
    store = tmp_path / "p.json"
    store.write_text("{oops", encoding="utf-8")
    result = socklab("packets", "list", "--store", str(store))
    assert result.returncode == 0
    assert "could not be read whole: it is not valid JSON" in result.stderr
    kept = [name for name in os.listdir(tmp_path) if name.startswith("p.json.corrupt-")]
    assert len(kept) == 1 and (tmp_path / kept[0]).read_text() == "{oops"


def test_send_a_unix_stream_packet(tmp_path, unix_folder):
    path = os.path.join(unix_folder, "s.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(path)
        listener.listen(1)
        listener.settimeout(10)
        store = _library(
            tmp_path / "p.json",
            {"name": "line", "kind": "unix", "destination": path, "payload": "-dash",
             "line_ending": "lf"},
        )  # fmt: skip
        sender = start("packets", "send", "line", "--store", store, "--wait", "0")
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(10)
            data = b""
            while chunk := conn.recv(100):
                data += chunk
        assert sender.wait(20) == 0
        assert data == b"-dash\n"


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is not installed")
def test_send_a_packet_with_pcap_gives_wireshark_its_bytes(tmp_path, udp_peer):
    from tshark_files import fields

    peer = udp_peer
    port = peer.getsockname()[1]
    store = _library(
        tmp_path / "p.json",
        {"name": "modbus", "destination": f"127.0.0.1:{port}", "payload": "01 03 00 00 00 0a",
         "mode": "hex", "checksum": "crc16-modbus"},
    )  # fmt: skip
    path = tmp_path / "sent.pcapng"
    result = socklab("packets", "send", "modbus", "--store", store, "--pcap", str(path))
    assert result.returncode == 0, result.stderr
    data, source = peer.recvfrom(100)
    assert data == bytes.fromhex("01 03 00 00 00 0a c5 cd")
    assert fields(path, "ip.src", "udp.srcport", "ip.dst", "udp.dstport", "udp.payload") == [
        ["127.0.0.1", str(source[1]), "127.0.0.1", str(port), data.hex()]
    ]
