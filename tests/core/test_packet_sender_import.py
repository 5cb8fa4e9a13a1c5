"""Packet Sender's saved packets, read as Packet Sender writes them: packets.ini
written by Qt's own QSettings the way Packet Sender's Packet::saveToDB writes it,
a packets.ini as Packet Sender 8 leaves it on disk, and its JSON export."""

from __future__ import annotations

import json

import pytest

from socklab.core import Mode
from socklab.core.packets import Kind, read_packet_file
from socklab.core.packets.packet_sender import hex_to_bytes
from socklab.core.packets.qsettings_ini import read_ini, unescape_value

#: name -> (toIP, port, tcpOrUdp, hexString)
PACKETS = {
    "hello world": ("127.0.0.1", 7001, "UDP", "68 65 6C 6C 6F 0D 0A"),
    "modbus, read": ("192.168.1.10", 502, "TCP", "01 03 00 00 00 0A C5 CD"),
    "登录": ("::1", 8443, "SSL", "E4 BD A0 E5 A5 BD"),
    "web": ("example.com", 80, "HTTP Get", ""),
    "odd/name": ("", 0, "TCP", "FF"),
}


def _save_like_packet_sender(path, packets) -> None:
    """Packet::saveToDB, line for line: the NAMES array, then each field (TODB)."""
    from PySide6.QtCore import QSettings

    settings = QSettings(str(path), QSettings.Format.IniFormat)
    names = list(packets)
    settings.beginWriteArray("NAMES")
    for i, name in enumerate(names):
        settings.setArrayIndex(i)
        settings.setValue("name", name)
    settings.endArray()
    for name, (to_ip, port, kind, hex_string) in packets.items():
        settings.setValue(name + "/name", name)
        settings.setValue(name + "/fromIP", "You")
        settings.setValue(name + "/repeat", 0.0)
        settings.setValue(name + "/toIP", to_ip)
        settings.setValue(name + "/port", port)
        settings.setValue(name + "/fromPort", 0)
        settings.setValue(name + "/tcpOrUdp", kind)
        settings.setValue(name + "/sendResponse", 0)
        settings.setValue(name + "/hexString", hex_string)
        settings.setValue(name + "/requestPath", "")
        settings.setValue(name + "/timestamp", "Thu, 3 Dec 2026 17:00:00")
    settings.sync()
    assert settings.status() == QSettings.Status.NoError


def test_packets_ini_written_by_qsettings(tmp_path):
    pytest.importorskip("PySide6")
    path = tmp_path / "packets.ini"
    _save_like_packet_sender(path, PACKETS)
    text = path.read_text(encoding="utf-8")
    assert "[hello%20world]" in text and "1\\name=hello world" in text  # Qt's own escapes
    packets, skipped, kind = read_packet_file(path)
    assert kind == "Packet Sender packets.ini"
    by_name = {p.name: p for p in packets}
    assert list(by_name) == ["hello world", "modbus, read", "登录", "odd/name"]
    hello = by_name["hello world"]
    assert (hello.kind, hello.destination, hello.mode) == (Kind.UDP, "127.0.0.1:7001", Mode.ESCAPES)
    assert hello.encode() == b"hello\r\n"
    modbus = by_name["modbus, read"]
    assert (modbus.kind, modbus.mode) == (Kind.TCP, Mode.HEX)
    assert modbus.destination == "192.168.1.10:502"
    assert modbus.encode() == bytes.fromhex("01030000000AC5CD")
    login = by_name["登录"]
    assert (login.kind, login.destination, login.payload) == (Kind.TLS, "[::1]:8443", "你好")
    assert by_name["odd/name"].destination == "", "no address: sent where the user says"
    assert all(p.group == "Packet Sender" for p in packets)
    assert skipped == [("web", "HTTP Get packets are not something SockLab sends")]


def test_packets_ini_as_packet_sender_8_leaves_it():
    text = (
        "[General]\n"
        "\n"
        "[NAMES]\n"
        "1\\name=Say hi\n"
        "2\\name=\\x4f60\\x597d\n"  # Qt 5 wrote other characters as \\x escapes
        "size=2\n"
        "\n"
        "[Say%20hi]\n"
        "fromIP=You\n"
        "hexString=48 69 20 74 68 65 72 65 \n"
        "name=Say hi\n"
        "port=5000\n"
        "repeat=0\n"
        "requestPath=\n"
        "sendResponse=0\n"
        "tcpOrUdp=UDP\n"
        'timestamp="Wed, 2 Dec 2026 09:15:02"\n'
        "toIP=10.0.0.5\n"
        "\n"
        "[%U4F60%U597D]\n"
        "hexString=00 01 02\n"
        "port=6000\n"
        "tcpOrUdp=TCP\n"
        "toIP=10.0.0.6\n"
    )
    values = read_ini(text)
    assert values["NAMES/2/name"] == "你好"
    assert values["Say hi/timestamp"] == "Wed, 2 Dec 2026 09:15:02"
    from socklab.core.packets.packet_sender import from_ini

    packets, skipped = from_ini(text)
    assert [(p.name, p.kind, p.destination, p.encode()) for p in packets] == [
        ("Say hi", Kind.UDP, "10.0.0.5:5000", b"Hi there"),
        ("你好", Kind.TCP, "10.0.0.6:6000", b"\x00\x01\x02"),
    ]
    assert skipped == []


def test_qsettings_value_escapes():
    assert unescape_value('"a, b" ') == "a, b"
    assert unescape_value("a, b") == ["a", "b"]
    assert unescape_value('"tab\\there"') == "tab\there"
    assert unescape_value("@@at") == "@at"
    assert unescape_value("@ByteArray(\\0\\x1)") == b"\x00\x01"
    assert hex_to_bytes("0x48,65 6") == bytes([0x04, 0x86, 0x56])  # QByteArray::fromHex


def test_packet_sender_json_export(tmp_path):
    # Packet::ExportJSON: QJsonDocument::toJson of the list, newest first, keys in
    # lower case, numbers as text, asciistring in base64.
    exported = [
        {
            "asciistring": "cGluZ1xy",
            "errorstring": "",
            "fromip": "You",
            "fromport": "0",
            "hexstring": "70 69 6E 67 0D",
            "name": "ping",
            "port": "9000",
            "repeat": 0,
            "requestpath": "",
            "sendresponse": "0",
            "tcporudp": "UDP",
            "toip": "127.0.0.1",
        },
        {"name": "dtls", "hexstring": "00", "tcporudp": "DTLS", "toip": "::1", "port": "1"},
    ]
    path = tmp_path / "packetsender_export.json"
    path.write_text(json.dumps(exported, indent=4), encoding="utf-8")
    packets, skipped, kind = read_packet_file(path)
    assert kind == "Packet Sender JSON export"
    assert [(p.name, p.kind, p.destination, p.encode()) for p in packets] == [
        ("ping", Kind.UDP, "127.0.0.1:9000", b"ping\r")
    ]
    assert skipped == [("dtls", "DTLS packets are not something SockLab sends")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not a file of packets", "neither JSON (Expecting value at line 1, column 1)"),
        ('{"packets": []}', 'not a SockLab packet file (no "format": "socklab-packets")'),
        ("[General]\nx=1\n[NAMES]\n", "not a Packet Sender packets.ini: it has no [NAMES] list"),
    ],
)
def test_a_file_that_holds_no_packets_is_said_so(tmp_path, content, message):
    path = tmp_path / "in.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        read_packet_file(path)
    assert message in str(caught.value)
