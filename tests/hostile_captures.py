"""Hostile capture files, for the loader's tests (tests/core) and the window's
(tests/gui, in a subprocess): valid records of every kind, and what to change
in them to make each field wrong."""

from __future__ import annotations

import json
import math
from pathlib import Path

from socklab.core.events import (
    Failed,
    PeerJoined,
    PeerLeft,
    Reason,
    Received,
    Sent,
    SocketCall,
    State,
    StateChanged,
)
from socklab.core.files.records import to_record

HEADER = {"socklab_capture": 2, "session": "udp", "started": 1_700_000_000.0}
V6 = ("fe80::1", 80, 0, 3)
#: One valid record of every kind, as SockLab writes them.
GOOD = {
    "state": to_record(
        StateChanged(State.LISTENING, ("0.0.0.0", 1), None, Reason.BACKLOG, 128, wall=5.0)
    ),
    "received": to_record(Received(b"\x00hi", ("1.2.3.4", 5), V6, peer_id=2, wall=5.0)),
    "truncated": to_record(Received(b"ab", ("1.2.3.4", 5), None, True, 9, wall=5.0)),
    "sent": to_record(Sent(b"abc", V6, None, 7, wall=5.0)),
    "peer-joined": to_record(PeerJoined(3, ("1.1.1.1", 2), ("2.2.2.2", 3), wall=5.0)),
    "peer-left": to_record(PeerLeft(4, ("1.1.1.1", 3), State.KICKED, Reason.CLOSE_WORD, "exit")),
    "failed": to_record(Failed("send", "send: m", "EPIPE", 32, 3, wall=5.0)),
    "call": to_record(SocketCall("bind(('0.0.0.0', 0))", "port 1", wall=5.0)),
}

#: (name, kind of the good record it starts from, changes, the field to blame).
#: A change to None removes the field.
BAD_FIELDS = [
    ("wall 1e20", "state", {"wall": 1e20}, "wall"),
    ("wall NaN", "state", {"wall": math.nan}, "wall"),
    ("wall Infinity", "received", {"wall": math.inf}, "wall"),
    ("wall -Infinity", "sent", {"wall": -math.inf}, "wall"),
    ("wall -1e18", "state", {"wall": -1e18}, "wall"),
    ("wall huge int", "state", {"wall": 10**30}, "wall"),
    ("wall text", "failed", {"wall": "5"}, "wall"),
    ("wall true", "call", {"wall": True}, "wall"),
    ("wall missing", "call", {"wall": None}, "wall"),
    ("mono NaN", "state", {"mono": math.nan}, "mono"),
    ("mono list", "received", {"mono": [1]}, "mono"),
    ("call a number", "call", {"call": 5}, "call"),
    ("call missing", "call", {"call": None}, "call"),
    ("result an object", "call", {"result": {"a": 1}}, "result"),
    ("message a number", "failed", {"message": 5}, "message"),
    ("message a lone surrogate", "failed", {"message": "\ud800"}, "message"),
    ("message 20,000 characters", "failed", {"message": "m" * 20_000}, "message"),
    ("operation missing", "failed", {"operation": None}, "operation"),
    ("errno text", "failed", {"errno": "32"}, "errno"),
    ("errno_name a list", "failed", {"errno_name": ["EPIPE"]}, "errno_name"),
    ("reason a number", "state", {"reason": 7}, "reason"),
    ("reason a list", "peer-left", {"reason": ["x"]}, "reason"),
    ("backlog detail text", "state", {"detail": "many"}, "detail"),
    ("close-word detail a number", "peer-left", {"detail": 5}, "detail"),
    ("detail an object", "state", {"reason": "rebind", "detail": {"a": 1}}, "detail"),
    ("state unknown", "state", {"state": "dancing"}, "state"),
    ("state a number", "peer-left", {"state": 3}, "state"),
    ("unknown kind", "state", {"event": "explosion"}, "event"),
    ("kind a number", "state", {"event": 1}, "event"),
    ("kind missing", "state", {"event": None}, "event"),
    ("hex odd", "received", {"hex": "abc"}, "hex"),
    ("hex not hex", "received", {"hex": "zz"}, "hex"),
    ("hex with spaces", "sent", {"hex": "61 62"}, "hex"),
    ("hex a number", "sent", {"hex": 6162}, "hex"),
    ("hex missing", "received", {"hex": None}, "hex"),
    ("size a lie", "received", {"size": 99}, "size"),
    ("size negative", "truncated", {"size": -1}, "size"),
    ("size text", "received", {"size": "3"}, "size"),
    ("sent size a lie", "sent", {"size": 1}, "size"),
    ("truncated text", "truncated", {"truncated": "yes"}, "truncated"),
    ("peer a number", "received", {"peer": 5}, "peer"),
    ("peer no port", "received", {"peer": "1.2.3.4"}, "peer"),
    ("peer port 70000", "received", {"peer": "1.2.3.4:70000"}, "peer"),
    ("peer fullwidth port", "received", {"peer": "1.2.3.4:\uff11\uff12"}, "peer"),
    ("peer a name", "sent", {"peer": "example.com:80"}, "peer"),
    ("peer v6 without brackets", "sent", {"peer": "::1:80"}, "peer"),
    ("local 300 characters", "received", {"local": "[" + "a" * 300 + "]:1"}, "local"),
    ("peer_v6 text", "sent", {"peer_v6": "0 3"}, "peer_v6"),
    ("peer_v6 scope too large", "sent", {"peer_v6": [0, 1 << 40]}, "peer_v6"),
    ("peer_v6 with IPv4", "received", {"peer_v6": [0, 1]}, "peer_v6"),
    ("peer_id negative", "received", {"peer_id": -1}, "peer_id"),
    ("peer_id text", "failed", {"peer_id": "3"}, "peer_id"),
    ("joined without peer_id", "peer-joined", {"peer_id": None}, "peer_id"),
    ("joined without peer", "peer-joined", {"peer": None}, "peer"),
    ("bytes_in negative", "peer-left", {"bytes_in": -5}, "bytes_in"),
    ("bytes_out a float", "peer-left", {"bytes_out": 1.5}, "bytes_out"),
    ("time a number", "state", {"time": 5}, "time"),
    ("direction unknown", "received", {"direction": "sideways"}, "direction"),
]


def write_capture(path, *lines: str) -> None:
    path.write_text("\n".join([json.dumps(HEADER), *lines]) + "\n", encoding="utf-8")


def changed(kind: str, changes: dict) -> str:
    record = dict(GOOD[kind])
    for key, value in changes.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return json.dumps(record)


#: Whole lines that are no record: (name, the line's bytes, what the message says).
BAD_LINES = [
    ("100,000 nested [", b"[" * 100_000, "line 2: nested too deeply"),
    ("bad UTF-8", b'{"event": "\xff\xfe"}', "line 2: not UTF-8 text (byte 12)"),
    ("not JSON", b"{'event': 1}", "line 2: not JSON"),
    ("a list", b"[1, 2]", "line 2: not a SockLab record"),
    ("a huge number", b"1" * 5000, "line 2: not JSON"),
    ("a second header", json.dumps(HEADER).encode(), "line 2: field 'event'"),
]


def hostile_files(folder: Path) -> list[tuple[Path, str]]:
    """Every bad field and bad line as a file of its own, with what its message says."""
    files = []
    for number, (_name, kind, changes, field) in enumerate(BAD_FIELDS):
        path = folder / f"field{number}.jsonl"
        write_capture(path, json.dumps(GOOD["call"]), changed(kind, changes))
        files.append((path, f"line 3: field '{field}' "))
    for number, (_name, body, expected) in enumerate(BAD_LINES):
        path = folder / f"line{number}.jsonl"
        path.write_bytes(json.dumps(HEADER).encode() + b"\n" + body + b"\n")
        files.append((path, expected))
    return files
