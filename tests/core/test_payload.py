"""socklab.core.payload: what the user types -> bytes, and bytes -> safe text."""

from __future__ import annotations

import re
import tracemalloc
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from socklab.core import display
from socklab.core.display import hexdump, to_hex, to_text
from socklab.core.payload import (
    ENCODINGS,
    LineEnding,
    Mode,
    PayloadError,
    codec_name,
    encode,
    encode_word,
    parse_escapes,
    parse_hex,
)

HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs"}

# ------------------------------------------------------------------ the basics


def test_enums_and_encodings() -> None:
    assert [m.value for m in Mode] == ["text", "hex", "escapes"]
    assert [e.value for e in LineEnding] == ["", "\n", "\r\n"]
    assert ENCODINGS == ("utf-8", "gbk", "gb18030", "big5", "latin-1", "ascii", "utf-16")
    assert issubclass(PayloadError, ValueError)


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("utf-8", "utf-8"),
        ("gbk", "gbk"),
        ("gb18030", "gb18030"),
        ("big5", "big5"),
        ("latin-1", "latin-1"),
        ("ascii", "ascii"),
        ("utf-16", "utf-16-le"),
        ("UTF-16", "utf-16-le"),
        ("utf16", "utf-16-le"),
        (" UTF-8 ", "utf-8"),
    ],
)
def test_codec_name(name: str, codec: str) -> None:
    assert codec_name(name) == codec


@pytest.mark.parametrize("name", ["xyz", "", "hex", "rot13", "base64"])
def test_codec_name_unknown(name: str) -> None:
    with pytest.raises(PayloadError) as info:
        codec_name(name)
    assert str(info.value) == f"unknown encoding: {name!r}"
    assert info.value.column is None


def test_unknown_encoding_everywhere() -> None:
    for call in (
        lambda: encode("a", Mode.TEXT, "xyz"),
        lambda: encode("a", Mode.ESCAPES, "xyz"),
        lambda: parse_escapes("a", "xyz"),
        lambda: to_text(b"a", "xyz"),
    ):
        with pytest.raises(PayloadError, match="unknown encoding: 'xyz'"):
            call()


# ------------------------------------------------------------------- text mode


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("Hello", "utf-8", b"Hello"),
        ("中文", "utf-8", b"\xe4\xb8\xad\xe6\x96\x87"),
        ("中文", "gbk", b"\xd6\xd0\xce\xc4"),
        ("中文", "gb18030", b"\xd6\xd0\xce\xc4"),
        ("中文", "big5", b"\xa4\xa4\xa4\xe5"),
        ("é", "latin-1", b"\xe9"),
        ("Hi", "utf-16", b"H\x00i\x00"),  # little endian, no byte-order mark
        ("😀", "utf-16", b"\x3d\xd8\x00\xde"),
        ("€", "gb18030", b"\xa2\xe3"),
        ("", "utf-8", b""),
    ],
)
def test_encode_text(text: str, encoding: str, expected: bytes) -> None:
    assert encode(text, Mode.TEXT, encoding) == expected
    assert encode(text, "text", encoding) == expected  # the enum's value works too


def test_encode_text_unencodable() -> None:
    with pytest.raises(PayloadError) as info:
        encode("abé", Mode.TEXT, "ascii")
    assert str(info.value) == "'é' cannot be encoded in ascii (column 3)"
    assert info.value.message == "'é' cannot be encoded in ascii"
    assert info.value.column == 3


def test_encode_text_unencodable_multiline() -> None:
    with pytest.raises(PayloadError) as info:
        encode("first\nsé", Mode.TEXT, "ascii")
    assert str(info.value) == "'é' cannot be encoded in ascii (line 2, column 2)"
    assert (info.value.line, info.value.column) == (2, 2)


@pytest.mark.parametrize(
    ("word", "encoding", "expected"),
    [
        ("exit", "utf-16", b"e\x00x\x00i\x00t\x00"),  # no byte-order mark
        ("exit", "UTF-16", b"e\x00x\x00i\x00t\x00"),
        ("退出", "gbk", "退出".encode("gbk")),
        ("退出", "utf-8", "退出".encode()),
        (r"a\n", "utf-8", b"a\\n"),  # no escapes: the backslash is sent as typed
        ("48 65", "ascii", b"48 65"),  # and no hex
    ],
)
def test_encode_word(word: str, encoding: str, expected: bytes) -> None:
    assert encode_word(word, encoding) == expected


def test_encode_word_unencodable() -> None:
    with pytest.raises(PayloadError) as info:
        encode_word("sé", "ascii")
    assert str(info.value) == "'é' cannot be encoded in ascii (column 2)"


@pytest.mark.parametrize("mode", [Mode.TEXT, Mode.ESCAPES])
@pytest.mark.parametrize(
    ("text", "encoding", "reason"),
    [("a..b", "idna", "label empty or too long"), ("x", "undefined", "undefined encoding")],
)
def test_a_codec_refusing_the_whole_text_is_a_payload_error(
    text: str, encoding: str, reason: str, mode: Mode
) -> None:
    """Not one character but the text (an idna label): a PayloadError, not UnicodeError."""
    with pytest.raises(PayloadError) as info:
        encode(text, mode, encoding)
    assert str(info.value) == f"the text cannot be encoded in {encoding}: {reason}"


def test_encode_text_lone_surrogate() -> None:
    with pytest.raises(PayloadError, match=r"cannot be encoded in utf-8 \(column 2\)"):
        encode("a\ud800", Mode.TEXT, "utf-8")


@pytest.mark.parametrize(
    ("mode", "encoding", "ending", "expected"),
    [
        (Mode.TEXT, "utf-8", LineEnding.NONE, b"ab"),
        (Mode.TEXT, "utf-8", LineEnding.LF, b"ab\n"),
        (Mode.TEXT, "utf-8", LineEnding.CRLF, b"ab\r\n"),
        (Mode.TEXT, "utf-16", LineEnding.CRLF, b"a\x00b\x00\r\x00\n\x00"),
        (Mode.ESCAPES, "utf-16", LineEnding.LF, b"a\x00b\x00\n\x00"),
        (Mode.ESCAPES, "gbk", LineEnding.CRLF, b"ab\r\n"),
        # HEX: the encoding plays no part, the line ending is the bytes 0d 0a.
        (Mode.HEX, "utf-16", LineEnding.CRLF, b"\xab\r\n"),
        (Mode.HEX, "utf-8", LineEnding.LF, b"\xab\n"),
    ],
)
def test_line_endings(mode: Mode, encoding: str, ending: LineEnding, expected: bytes) -> None:
    assert encode("ab", mode, encoding, ending) == expected


def test_text_mode_sends_inner_newlines_as_typed() -> None:
    assert encode("a\nb", Mode.TEXT, "utf-8", LineEnding.CRLF) == b"a\nb\r\n"


# -------------------------------------------------------------------- hex mode


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("48 65 6c", b"Hel"),
        ("48656c", b"Hel"),
        ("0x48,0x65", b"He"),
        ("0x48, 0x65", b"He"),
        ("0x48 0X65", b"He"),
        ("48:65:6C", b"Hel"),
        ("4a 4B", b"JK"),
        ("  48\t65\n6c\r\n", b"Hel"),
        ("0x4865", b"He"),
        ("00 ff", b"\x00\xff"),
        ("0b", b"\x0b"),
        ("", b""),
        (" , : \n", b""),
        ("48\u300065", b"He"),  # ideographic space, as a Chinese input method types it
    ],
)
def test_parse_hex(text: str, expected: bytes) -> None:
    assert parse_hex(text) == expected
    assert encode(text, Mode.HEX) == expected


@pytest.mark.parametrize(
    ("text", "sentence", "line", "column"),
    [
        ("48 65 6z", "hex digit expected at column 8: 'z'", 1, 8),
        ("zz", "hex digit expected at column 1: 'z'", 1, 1),
        ("48 6g 6c", "hex digit expected at column 5: 'g'", 1, 5),
        ("48 65\n6c 6z", "hex digit expected at line 2, column 5: 'z'", 2, 5),
        ("48\n\n  z", "hex digit expected at line 3, column 3: 'z'", 3, 3),
        ("48 x65", "hex digit expected at column 4: 'x'", 1, 4),
        ("480x65", "hex digit expected at column 4: 'x'", 1, 4),
        ("0x0x41", "hex digit expected at column 4: 'x'", 1, 4),
        ("48;65", "hex digit expected at column 3: ';'", 1, 3),
        ("{", "hex digit expected at column 1: '{'", 1, 1),
        ("486", "odd number of hex digits in '486' at column 1", 1, 1),
        ("4 8", "odd number of hex digits in '4' at column 1", 1, 1),
        ("48 0x4", "odd number of hex digits in '0x4' at column 4", 1, 4),
        ("41\n 123", "odd number of hex digits in '123' at line 2, column 2", 2, 2),
        ("48 0x", "hex digits expected after '0x' at column 4", 1, 4),
    ],
)
def test_parse_hex_errors(text: str, sentence: str, line: int, column: int) -> None:
    with pytest.raises(PayloadError) as info:
        parse_hex(text)
    assert str(info.value) == sentence
    assert (info.value.line, info.value.column) == (line, column)
    assert "column" not in info.value.message


@given(st.binary())
def test_to_hex_round_trip(data: bytes) -> None:
    shown = to_hex(data)
    assert parse_hex(shown) == data
    assert encode(shown, Mode.HEX) == data
    assert parse_hex(shown.upper()) == data
    assert parse_hex(",".join("0x" + h for h in shown.split())) == data
    assert parse_hex(shown.replace(" ", "")) == data


# ---------------------------------------------------------------- escapes mode


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("plain", "utf-8", b"plain"),
        ("a\\nb\\r\\t\\0", "utf-8", b"a\nb\r\t\x00"),
        ("back\\\\slash", "utf-8", b"back\\slash"),
        ("\\x00\\xff\\xAb", "utf-8", b"\x00\xff\xab"),
        ("\\x41\\x42", "utf-16", b"AB"),  # \xHH is a raw byte, whatever the encoding
        ("\\n", "utf-16", b"\n\x00"),  # \n is a character, encoded
        ("\\u4e2d", "utf-8", b"\xe4\xb8\xad"),
        ("\\u4E2D", "gbk", b"\xd6\xd0"),
        ("\\U0001f600", "utf-8", b"\xf0\x9f\x98\x80"),
        ("\\ud83d\\ude00", "utf-8", b"\xf0\x9f\x98\x80"),  # a JSON-style surrogate pair
        ("\\ud83d\\ude00", "utf-16", b"\x3d\xd8\x00\xde"),
        ("中\\x0d\\x0a", "gbk", b"\xd6\xd0\r\n"),
        ("\\01", "utf-8", b"\x001"),  # no octal escapes
        ("", "utf-8", b""),
    ],
)
def test_parse_escapes(text: str, encoding: str, expected: bytes) -> None:
    assert parse_escapes(text, encoding) == expected
    assert encode(text, Mode.ESCAPES, encoding) == expected


@pytest.mark.parametrize(
    ("text", "encoding", "sentence", "column"),
    [
        ("abcd\\q", "utf-8", "unknown escape '\\q' at column 5", 5),
        ("ab\\x4", "utf-8", "\\x needs two hex digits at column 3", 3),
        ("\\xg1", "utf-8", "\\x needs two hex digits at column 1", 1),
        ("\\x", "utf-8", "\\x needs two hex digits at column 1", 1),
        ("a\\u12", "utf-8", "\\u needs four hex digits at column 2", 2),
        ("\\U0001f60", "utf-8", "\\U needs eight hex digits at column 1", 1),
        ("\\U00110000", "utf-8", "\\U escape beyond U+10FFFF at column 1", 1),
        ("abc\\", "utf-8", "lone backslash at column 4 (write \\\\ for a backslash)", 4),
        ("\\x41é", "ascii", "'é' cannot be encoded in ascii (column 5)", 5),
        ("ab\\u00e9", "ascii", "'é' cannot be encoded in ascii (column 3)", 3),
        ("\\ud800x", "utf-8", "'\\ud800' cannot be encoded in utf-8 (column 1)", 1),
        ("x\\n\\té", "ascii", "'é' cannot be encoded in ascii (column 6)", 6),
    ],
)
def test_parse_escapes_errors(text: str, encoding: str, sentence: str, column: int) -> None:
    with pytest.raises(PayloadError) as info:
        parse_escapes(text, encoding)
    assert str(info.value) == sentence
    assert info.value.column == column


def test_parse_escapes_error_line() -> None:
    with pytest.raises(PayloadError) as info:
        parse_escapes("ok\nstill ok\n  \\q", "utf-8")
    assert str(info.value) == "unknown escape '\\q' at line 3, column 3"
    assert info.value.message == "unknown escape '\\q'"
    assert (info.value.line, info.value.column) == (3, 3)


# --------------------------------------------------------------------- to_text


@pytest.mark.parametrize(
    ("data", "encoding", "shown"),
    [
        (b"Hello, world", "utf-8", "Hello, world"),
        (b"a\nb\rc\td\x00e", "utf-8", "a\\nb\\rc\\td\\0e"),
        (b"\x01\x1b\x7f", "utf-8", "\\x01\\x1b\\x7f"),
        (b"back\\slash", "utf-8", "back\\\\slash"),
        (b"\xff\xfe", "utf-8", "\\xff\\xfe"),
        (b"\xe4\xb8\xad\xe6\x96", "utf-8", "中\\xe6\\x96"),  # cut in the middle of 文
        ("\u0085\u200b\u202e\u2028\u2029\ue000".encode(), "utf-8", None),
        ("\U000e0001".encode(), "utf-8", "\\U000e0001"),
        ("x\u00a0y\u3000z".encode(), "utf-8", "x\u00a0y\u3000z"),  # visible spaces stay
        (b"\xd6\xd0\xce\xc4", "gbk", "中文"),
        (b"\xd6\xd0\xce", "gbk", "中\\xce"),
        (b"\xa4\xa4\xa4\xe5", "big5", "中文"),
        (b"\xa1\xfe", "big5", "\\xa1\\xfe"),  # decodes to a character that re-encodes as a241
        (b"\xe9\x85", "latin-1", "é\\u0085"),
        (b"\x80", "ascii", "\\x80"),
        (b"H\x00i\x00", "utf-16", "Hi"),
        (b"\n\x00\x01\x00", "utf-16", "\\n\\u0001"),  # U+0001 is 01 00 here, not the byte 01
        (b"H\x00i", "utf-16", "H\\x69"),  # odd length
        (b"\x00\xd8A\x00", "utf-16", "\\x00\\xd8A"),  # lone surrogate
        (b"", "utf-8", ""),
    ],
)
def test_to_text(data: bytes, encoding: str, shown: str | None) -> None:
    if shown is None:
        shown = "\\u0085\\u200b\\u202e\\u2028\\u2029\\ue000"
    assert to_text(data, encoding) == shown


def test_to_text_accepts_bytes_like() -> None:
    assert to_text(bytearray(b"a\n")) == "a\\n"
    assert to_text(memoryview(b"abc"), limit=2) == "ab … (+1 byte)"


@pytest.mark.parametrize("encoding", ENCODINGS)
@given(data=st.binary(max_size=300))
@example(data=bytes(range(256)))
@example(data=b"\xa1\xfe\xa2\x40\xa2\xcc\xa2\xce\\x41")
@example(data=b"\x00\xd8\x00\xdc\x3d\xd8\x00\xde\x00\xdc\x00\xd8A")
@example(data=b"\x81\x30\x81\x30\x84\x31\xa4\x39\x90\x30\x81\x30\xe3\x32\x9a\x35\xff")
def test_to_text_round_trips(encoding: str, data: bytes) -> None:
    shown = to_text(data, encoding)
    assert parse_escapes(shown, encoding) == data
    # One line, nothing hidden: no control, format, separator, private or surrogate.
    assert not [c for c in shown if unicodedata.category(c) in HIDDEN]


# Text in the encoding mixed with stray bytes: this is where a multibyte codec's
# decoding and a raw \xHH next to it have to agree.
def _mixed(encoding: str) -> st.SearchStrategy[bytes]:
    codec = codec_name(encoding)

    def encodable(c: str) -> bool:
        try:
            c.encode(codec)
        except UnicodeEncodeError:
            return False
        return True

    text = st.text(st.characters(codec="utf-8").filter(encodable), max_size=20)
    piece = st.one_of(text.map(lambda t: t.encode(codec)), st.binary(max_size=4))
    return st.lists(piece, max_size=8).map(b"".join)


@pytest.mark.parametrize("encoding", ENCODINGS)
@given(data=st.data())
def test_to_text_round_trips_mixed(encoding: str, data: st.DataObject) -> None:
    raw = data.draw(_mixed(encoding))
    assert parse_escapes(to_text(raw, encoding), encoding) == raw


@pytest.mark.parametrize("encoding", [e for e in ENCODINGS if e != "ascii"])
def test_every_two_byte_sequence_round_trips(encoding: str) -> None:
    # Every 1- and 2-byte sequence, each after a space so they all start fresh.
    data = b"".join(b" " + bytes([a, b]) for a in range(256) for b in range(256))
    data += b"".join(b" " + bytes([a]) for a in range(256))
    assert parse_escapes(to_text(data, encoding), encoding) == data


def test_gb18030_four_byte_sequences_round_trip() -> None:
    leads = [0x81, 0x82, 0x84, 0x85, 0x8F, 0x90, 0xA0, 0xE3, 0xE4, 0xFE]
    data = b"".join(
        bytes([a, b, c, d]) + b" "
        for a in leads
        for b in range(0x30, 0x3A)
        for c in range(0x81, 0xFF)
        for d in range(0x30, 0x3A)
    )
    assert parse_escapes(to_text(data, "gb18030"), "gb18030") == data


@pytest.mark.parametrize("encoding", ["cp1252", "shift_jis", "euc-kr"])
@given(data=st.binary(max_size=200))
def test_other_python_codecs_round_trip(encoding: str, data: bytes) -> None:
    assert parse_escapes(to_text(data, encoding), encoding) == data


@pytest.mark.parametrize("encoding", ENCODINGS)
@given(data=st.data())
def test_text_round_trip(encoding: str, data: st.DataObject) -> None:
    """Text the encoding can represent comes back as typed (escaped where hidden)."""
    codec = codec_name(encoding)

    def encodable(c: str) -> bool:
        try:
            c.encode(codec)
        except UnicodeEncodeError:
            return False
        return True

    text = data.draw(st.text(st.characters(codec="utf-8").filter(encodable)))
    raw = encode(text, Mode.TEXT, encoding)
    shown = to_text(raw, encoding)
    assert parse_escapes(shown, encoding) == raw
    assert encode(shown, Mode.ESCAPES, encoding) == raw
    if text.isprintable() and "\\" not in text:
        assert shown == text


@pytest.mark.parametrize(
    "char",
    ["\u0085", "\u200b", "\u202e", "\u2028", "\u2029", "\ue000", "\ufeff", "\x9b", "\U000e007f"],
)
def test_hidden_characters_are_escaped(char: str) -> None:
    shown = to_text(f"a{char}b".encode())
    assert char not in shown
    cp = ord(char)
    assert shown == (f"a\\u{cp:04x}b" if cp < 0x10000 else f"a\\U{cp:08x}b")


# ----------------------------------------------------------------------- limit


@pytest.mark.parametrize(
    ("function", "data", "limit", "shown"),
    [
        (to_text, b"abcdef", 4, "abcd … (+2 bytes)"),
        (to_text, b"abcdef", 6, "abcdef"),
        (to_text, b"abcdef", 5, "abcde … (+1 byte)"),
        (to_text, b"abc", 0, " … (+3 bytes)"),
        (to_text, "中文".encode(), 4, "中\\xe6 … (+2 bytes)"),
        (to_hex, b"abcdef", 2, "61 62 … (+4 bytes)"),
        (to_hex, b"ab", None, "61 62"),
        (hexdump, b"abc", 1, "00000000  61" + " " * 46 + "  |a| … (+2 bytes)"),
    ],
)
def test_limit(function: Callable[..., str], data: bytes, limit: int | None, shown: str) -> None:
    assert function(data, limit=limit) == shown


def _peak_memory(call: Callable[[], object], runs: int = 3) -> int:
    """The most memory ``call`` held at once (bytes of Python allocations; the
    least of ``runs``, in case another thread allocated meanwhile)."""
    call()  # tables built on first use are not the call's work
    peaks = []
    tracemalloc.start()
    try:
        for _ in range(runs):
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            call()
            peaks.append(tracemalloc.get_traced_memory()[1] - before)
    finally:
        tracemalloc.stop()
    return min(peaks)


@pytest.mark.parametrize("function", [to_text, to_hex, hexdump])
def test_a_limit_does_the_work_of_the_limit_not_of_the_data(function) -> None:
    """With a limit, 8 MiB costs what 1 MiB costs (its memory, a measure of the
    work that never depends on the machine's load), and a fraction of the data.
    How much faster it is, is a benchmark figure (tests/benchmarks: payload)."""
    megabyte = bytes(range(256)) * 4096  # 1 MiB of everything
    shown = function(megabyte, limit=4096)
    assert shown == function(megabyte[:4096]) + f" … (+{len(megabyte) - 4096} bytes)"
    eight_megabytes = megabyte * 8
    one = _peak_memory(lambda: function(megabyte, limit=4096))
    eight = _peak_memory(lambda: function(eight_megabytes, limit=4096))
    assert eight - one < 1024  # the note's longer number, nothing that grows with the data
    assert eight < len(megabyte) // 4
    whole = megabyte[: 64 << 10]  # the control: without a limit, the work is the data's
    assert _peak_memory(lambda: function(whole), runs=1) > len(whole)


def test_plain_text_skips_the_escaping_pass(monkeypatch) -> None:
    """Printable text without a backslash is returned as decoded: the per-character
    escaping pass (a regular expression over the text) never runs. Its speed
    (about 1 us a line) is a benchmark figure (tests/benchmarks: payload)."""
    passes = []
    escape_pattern = display._escape_pattern
    monkeypatch.setattr(display, "_escape_pattern", lambda: passes.append(1) or escape_pattern())
    line = b"GET /index.html HTTP/1.1 Host: example.com " * 4
    assert to_text(line) == line.decode()
    assert to_text("你好, SockLab".encode("gbk"), "gbk") == "你好, SockLab"
    assert passes == []
    assert to_text(b"tab\there") == "tab\\there"  # the control: a tab is escaped
    assert passes == [1]


# --------------------------------------------------------------------- hexdump


def test_hexdump_layout() -> None:
    data = b"Hello world\n\x00\x01\x02\x03" + b"\xffAB"
    assert hexdump(data) == (
        "00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a 00 01 02 03  |Hello world.....|\n"
        "00000010  ff 41 42                                          |.AB|"
    )
    assert hexdump(b"") == ""
    assert hexdump(b"12345678") == "00000000  31 32 33 34 35 36 37 38" + " " * 25 + "  |12345678|"


_DUMP_LINE = re.compile(r"([0-9a-f]{8})  (.{48})  \|(.{1,16})\|")


@given(st.binary(max_size=200))
def test_hexdump_round_trip(data: bytes) -> None:
    dump = hexdump(data)
    lines = dump.split("\n") if data else []
    assert len(lines) == (len(data) + 15) // 16
    got = b""
    for number, line in enumerate(lines):
        match = _DUMP_LINE.fullmatch(line)
        assert match, line
        assert int(match.group(1), 16) == 16 * number
        row = parse_hex(match.group(2))
        assert match.group(3) == "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in row)
        got += row
    assert got == data


@pytest.mark.parametrize(
    ("data", "encoding", "stripped"),
    [
        (b"exit\r\n", "utf-8", b"exit"),
        (b"exit\n\r\n\r", "utf-8", b"exit"),
        ("exit\r\n".encode("utf-16-le"), "utf-16", "exit".encode("utf-16-le")),
        ("退出\n\n".encode("utf-16-le"), "utf-16", "退出".encode("utf-16-le")),
        # UTF-16 "\u0a00" ends in the byte 0a 00 swapped: not a line ending there
        ("x\u0d0a".encode("utf-16-le"), "utf-16", "x\u0d0a".encode("utf-16-le")),
        (b"exit", "utf-8", b"exit"),
    ],
)
def test_line_endings_are_stripped_as_the_encoding_writes_them(data, encoding, stripped):
    from socklab.core.payload import strip_line_endings

    assert strip_line_endings(data, encoding) == stripped
