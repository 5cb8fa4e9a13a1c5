"""The packet library file: readable JSON, written atomically, names unique,
a file it cannot read kept aside and reported, never emptied in silence."""

from __future__ import annotations

import json
import os

import pytest

from socklab.core import LineEnding, Mode
from socklab.core.packets import (
    Kind,
    PacketError,
    PacketStore,
    SavedPacket,
    StoreError,
    default_store_path,
    read_packet_file,
)


def _packet(name: str, **fields) -> SavedPacket:
    return SavedPacket(name=name, destination="127.0.0.1:7000", payload="hi", **fields)


def test_a_library_is_kept_in_order_and_read_back_the_same(tmp_path):
    path = tmp_path / "lib" / "packets.json"
    store = PacketStore.load(path)
    assert len(store) == 0 and not path.exists()
    store.add(_packet("ping", line_ending=LineEnding.CRLF, group="modbus"))
    store.add(SavedPacket("read coils", Kind.TCP, "[::1]:502", "01 01 00 00 00 08", Mode.HEX))
    store.add(SavedPacket("sock", Kind.UNIX, "unix:/tmp/s.sock", "hi\\n", Mode.ESCAPES))
    store.add(_packet("你好", encoding="gbk", checksum="crc16-modbus", template=True))
    store.move("sock", 0)
    store.rename("ping", "ping 2")
    again = PacketStore.load(path)
    assert again.packets() == store.packets()
    assert again.names() == ["sock", "ping 2", "read coils", "你好"]
    assert again.get("sock").destination == "/tmp/s.sock"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "socklab-packets"
    assert document["packets"][1] == {
        "name": "ping 2",
        "kind": "udp",
        "destination": "127.0.0.1:7000",
        "payload": "hi",
        "mode": "text",
        "encoding": "utf-8",
        "line_ending": "crlf",
        "group": "modbus",
        "checksum": "",
        "template": False,
    }
    assert "你好" in path.read_text(encoding="utf-8"), "readable, not \\u escapes"
    at, removed = again.remove("read coils")
    again.add(removed, index=at)  # undo
    assert PacketStore.load(path).names() == ["sock", "ping 2", "read coils", "你好"]


def test_a_packet_gives_the_bytes_its_editor_would():
    assert _packet("a", line_ending=LineEnding.CRLF).encode() == b"hi\r\n"
    hexed = SavedPacket("b", payload="01 03 00 00 00 01", mode=Mode.HEX, checksum="crc16-modbus")
    assert hexed.encode() == bytes.fromhex("010300000001840a")
    numbered = SavedPacket("c", payload="n={{counter}}", template=True)
    assert numbered.encode(7) == b"n=7"
    odd = SavedPacket("d", payload="123", mode=Mode.HEX)
    assert "odd number of hex digits" in odd.payload_error()


def test_names_are_unique_and_checked(tmp_path):
    store = PacketStore.load(tmp_path / "p.json")
    store.add(_packet("one"))
    with pytest.raises(StoreError, match="already called 'one'") as caught:
        store.add(_packet("one"))
    assert caught.value.field == "name"
    store.add(_packet("two"))
    with pytest.raises(StoreError, match="already called 'one'"):
        store.rename("two", " one ")
    with pytest.raises(StoreError, match="the name is empty"):
        store.rename("two", "   ")
    with pytest.raises(StoreError, match="no packet is called 'three'"):
        store.get("three")
    with pytest.raises(PacketError, match="host:port"):
        SavedPacket("x", Kind.UDP, "7000")
    with pytest.raises(PacketError, match="/path or @name"):
        SavedPacket("x", Kind.UNIX_DGRAM, "relative.sock")
    assert PacketStore.load(tmp_path / "p.json").names() == ["one", "two"]


def test_an_import_renames_a_taken_name_and_says_so(tmp_path):
    store = PacketStore.load(tmp_path / "p.json")
    store.add(_packet("hello"))
    store.add(_packet("hello (2)"))
    report = store.import_packets(
        [_packet("hello"), _packet("new")], skipped=[("web", "HTTP packets are not sent")]
    )
    assert report.added == ["hello (3)", "new"]
    assert report.renamed == [("hello", "hello (3)")]
    assert report.lines() == [
        "imported 2 packets",
        "renamed 'hello' to 'hello (3)': the name was taken",
        "skipped 'web': HTTP packets are not sent",
    ]
    assert PacketStore.load(tmp_path / "p.json").names() == [
        "hello",
        "hello (2)",
        "hello (3)",
        "new",
    ]


def test_a_corrupt_library_is_kept_aside_and_reported(tmp_path):
    path = tmp_path / "packets.json"
    path.write_text('{"format": "socklab-packets", "version": 1, "packets": [', encoding="utf-8")
    store = PacketStore.load(path)
    assert len(store) == 0
    assert "is not valid JSON" in store.problem and "line 1" in store.problem
    assert store.kept_as is not None and str(store.kept_as) in store.problem
    assert store.kept_as.read_text(encoding="utf-8").endswith('"packets": [')
    assert not path.exists(), "moved aside, not emptied in place"
    store.add(_packet("fresh"))
    assert PacketStore.load(path).names() == ["fresh"]
    assert store.kept_as.exists()


def test_a_library_with_bad_entries_loads_the_rest_and_keeps_a_copy(tmp_path):
    path = tmp_path / "packets.json"
    entries = [
        {"name": "good", "payload": "x"},
        {"name": "bad kind", "kind": "sctp"},
        {"name": "good", "payload": "y"},
    ]
    original = json.dumps({"format": "socklab-packets", "version": 1, "packets": entries})
    path.write_text(original, encoding="utf-8")
    store = PacketStore.load(path)
    assert store.names() == ["good", "good (2)"]
    assert "1 of 3 packets could not be read" in store.problem
    assert "kind is one of udp, tcp, tls, unix, unix-dgram, not 'sctp'" in store.problem
    assert store.kept_as is not None and store.kept_as.read_text(encoding="utf-8") == original
    assert path.read_text(encoding="utf-8") == original, "left as it was until the next change"


def test_a_library_of_another_kind_is_not_taken_for_one(tmp_path):
    path = tmp_path / "packets.json"
    path.write_text("[1, 2]", encoding="utf-8")
    store = PacketStore.load(path)
    assert "not a SockLab packet file" in store.problem
    assert store.kept_as is not None and store.kept_as.read_text() == "[1, 2]"


def test_a_change_is_written_whole_or_not_at_all(tmp_path):
    path = tmp_path / "packets.json"
    store = PacketStore.load(path)
    store.add(_packet("kept"))
    before = path.read_bytes()
    inode = path.stat().st_ino
    # A lone surrogate cannot be written as UTF-8: the write fails half way.
    with pytest.raises(UnicodeEncodeError):
        store.add(SavedPacket("broken", payload="\ud800"))
    assert path.read_bytes() == before
    assert store.names() == ["kept"]
    assert os.listdir(tmp_path) == ["packets.json"], "no temporary file left"
    store.add(_packet("next"))
    assert path.stat().st_ino != inode, "a new file renamed over the old one"


def test_the_library_lives_in_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SOCKLAB_PACKETS", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_store_path() == tmp_path / "socklab" / "packets.json"
    monkeypatch.setenv("SOCKLAB_PACKETS", str(tmp_path / "other.json"))
    assert default_store_path() == tmp_path / "other.json"


def test_export_writes_a_file_import_reads_back(tmp_path):
    store = PacketStore.load(tmp_path / "p.json")
    store.add(_packet("a"))
    store.add(SavedPacket("b", Kind.TLS, "localhost:443", "GET / HTTP/1.0\\r\\n\\r\\n", "escapes"))
    assert store.export(tmp_path / "out.json") == 2
    packets, skipped, kind = read_packet_file(tmp_path / "out.json")
    assert packets == store.packets() and skipped == [] and kind == "SockLab packet file"
    with pytest.raises(StoreError, match="no packet is called 'c'"):
        store.export(tmp_path / "none.json", ["c"])
    assert not (tmp_path / "none.json").exists()


def test_a_library_that_cannot_be_read_refuses_changes(tmp_path):
    path = tmp_path / "packets.json"
    path.write_text("{}", encoding="utf-8")
    store = PacketStore.unreadable(path, "Permission denied")
    assert "nothing is saved until it can be" in store.problem
    with pytest.raises(StoreError, match="cannot read"):
        store.add(_packet("x"))
    assert path.read_text(encoding="utf-8") == "{}", "never replaced"
