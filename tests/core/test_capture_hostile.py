"""Hostile capture files: every field of every line is checked on load, and a bad
file is refused whole with a message that names the line and the field.

(The same files loaded into the real window, in a subprocess so that a crash
fails a test and not the suite: tests/gui/test_capture_window.py.)
"""

from __future__ import annotations

import json
import math
import os

import pytest

from hostile_captures import BAD_FIELDS, GOOD, HEADER, changed, write_capture
from socklab.core.events import Reason, State
from socklab.core.files.capture import (
    MAX_CAPTURE_BYTES,
    MAX_LINE_BYTES,
    CaptureError,
    load_capture,
    read_capture,
)


def test_the_good_records_load(tmp_path):
    path = tmp_path / "good.jsonl"
    write_capture(path, *map(json.dumps, GOOD.values()))
    assert len(load_capture(path)) == len(GOOD)


@pytest.mark.parametrize(("kind", "changes", "field"), [c[1:] for c in BAD_FIELDS])
def test_a_bad_field_is_refused_naming_its_line_and_field(tmp_path, kind, changes, field):
    path = tmp_path / "bad.jsonl"
    write_capture(path, json.dumps(GOOD["call"]), changed(kind, changes))
    with pytest.raises(CaptureError, match=rf"bad\.jsonl, line 3: field '{field}' ") as caught:
        load_capture(path)
    assert len(str(caught.value)) < 400, "the message shows a short form of the value"


def test_the_message_shows_the_bad_value():
    expected = "field 'wall' must be a time in seconds, not 1e+20"
    assert expected in _message({"wall": 1e20})
    assert "not nan" in _message({"wall": math.nan})
    assert "not 5" in _message({"call": 5}, "call")


def _message(changes: dict, kind: str = "state") -> str:
    from socklab.core.files.records import from_record

    record = json.loads(changed(kind, changes))
    with pytest.raises(ValueError) as caught:
        from_record(record)
    return str(caught.value)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("100,000 nested [", "[" * 100_000, r"line 2: nested too deeply"),
        ("100,000 nested {", '{"a":' * 100_000, r"line 2: (nested too deeply|not JSON)"),
        ("bad UTF-8", b'{"event": "\xff\xfe"}', r"line 2: not UTF-8 text \(byte 12\)"),
        ("not JSON", "{'event': 1}", r"line 2: not JSON"),
        ("a list", "[1, 2]", r"line 2: not a SockLab record"),
        ("a number", "5", r"line 2: not a SockLab record"),
        ("a huge number", "1" * 5000, r"line 2: not JSON"),
        ("a second header", json.dumps(HEADER), r"line 2: field 'event'"),
    ],
)
def test_a_line_that_is_no_record_is_refused(tmp_path, name, content, expected):
    path = tmp_path / "bad.jsonl"
    body = content if isinstance(content, bytes) else content.encode()
    path.write_bytes(json.dumps(HEADER).encode() + b"\n" + body + b"\n")
    with pytest.raises(CaptureError, match=expected):
        load_capture(path)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ({"socklab_capture": 3}, r"newer SockLab \(capture version 3\)"),
        ({"socklab_capture": "2"}, r"line 1: field 'socklab_capture'"),
        ({"socklab_capture": True}, r"line 1: field 'socklab_capture'"),
        ({"socklab_capture": 2, "started": math.nan}, r"line 1: field 'started'"),
        ({"socklab_capture": 2, "session": ["udp"]}, r"line 1: field 'session'"),
        ({"socklab_capture": 2, "counters": {"rx_packets": -1}}, r"line 1: field 'rx_packets'"),
        ({"socklab_capture": 2, "counters": {"evil": 1}}, r"line 1: field 'counters'"),
        ({"event": "state"}, r"is not a SockLab capture file"),
    ],
)
def test_a_bad_header_is_refused(tmp_path, header, expected):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(header) + "\n")
    with pytest.raises(CaptureError, match=expected):
        read_capture(path)


def test_a_bad_footer_or_lines_after_it_are_refused(tmp_path):
    path = tmp_path / "bad.jsonl"
    footer = {"socklab_capture_end": {"end": 6.0, "events": 1, "counters": {"rx_packets": 1}}}
    write_capture(path, json.dumps(GOOD["call"]), json.dumps(footer))
    assert read_capture(path).counters.rx_packets == 1
    write_capture(path, json.dumps(footer), json.dumps(GOOD["call"]))
    with pytest.raises(CaptureError, match="line 3: field 'socklab_capture_end' must be the last"):
        read_capture(path)
    for bad in ({"events": -1}, {"end": math.inf}, {"counters": {"tx_bytes": "1"}}, []):
        write_capture(path, json.dumps({"socklab_capture_end": bad}))
        with pytest.raises(CaptureError, match="line 2: field '"):
            read_capture(path)


def test_a_line_longer_than_the_limit_is_refused_without_reading_on(tmp_path):
    path = tmp_path / "long.jsonl"
    with open(path, "wb") as file:
        file.write(json.dumps(HEADER).encode() + b"\n")
        file.write(b"x" * (MAX_LINE_BYTES + 1) + b"\n")
    with pytest.raises(CaptureError, match=r"line 2: longer than 64 MB"):
        load_capture(path)


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as file:
        file.write(json.dumps(HEADER).encode() + b"\n")
        file.truncate(MAX_CAPTURE_BYTES + 1)  # sparse: no disk, no time
    with pytest.raises(CaptureError, match=r"huge\.jsonl is larger than 1,024 MB"):
        load_capture(path)


def test_a_path_with_a_nul_is_refused_as_a_path(tmp_path):
    with pytest.raises(OSError, match=r"cannot contain a NUL character"):
        load_capture(str(tmp_path / "a\0b.jsonl"))
    with pytest.raises(OSError):
        load_capture(tmp_path)  # a folder: an OSError too, as before


def test_valid_edge_values_still_load(tmp_path):
    """What the checks allow: IPv6 with a scope, no addresses, the oldest and a
    far time, a reason's own text (version 1), an empty payload."""
    path = tmp_path / "edge.jsonl"
    write_capture(
        path,
        changed("received", {"peer": "[fe80::1%eth0]:9", "peer_v6": [1, 2], "wall": 0}),
        changed(
            "sent",
            {
                "peer": None,
                "peer_v6": None,
                "local": None,
                "hex": "",
                "size": None,
                "wall": 4_102_444_800,
            },
        ),
        changed("state", {"reason": "[Errno 110] x", "detail": None}),
        changed("state", {"reason": "backlog 5", "detail": None, "state": "closed by peer"}),
    )
    events = load_capture(path)
    assert events[0].peer == ("fe80::1%eth0", 9, 1, 2)
    assert (events[1].data, events[1].peer) == (b"", None)
    assert (events[2].reason, events[2].detail) == (Reason.ERROR, "[Errno 110] x")
    assert (events[3].state, events[3].detail) == (State.PEER_CLOSED, 5)
    assert os.path.exists(path)


def test_capturing_to_a_path_with_a_nul_fails_like_any_bad_path(sessions, tmp_path):
    from socklab.core.errors import SessionError
    from socklab.core.sessions.udp import UdpSession

    session, _ = sessions(UdpSession)
    with pytest.raises(SessionError, match=r"capture to .*: invalid argument"):
        session.start_capture(str(tmp_path / "a\0b.jsonl")).result(5)
    assert not session.capturing
