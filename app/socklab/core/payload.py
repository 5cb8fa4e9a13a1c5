"""User input to bytes, and bytes to text that is safe to show.

Three ways to type a payload (:class:`Mode`): plain text in an encoding, hex
digits, or text with backslash escapes. Going the other way, :func:`to_text`
turns any received bytes into one line of plain text in which every control
character, invisible character and undecodable byte is written as an escape,
so that what the user sees can be pasted back into escapes mode and re-sent
byte for byte::

    parse_escapes(to_text(data, enc), enc) == data      # for every bytes and ENCODINGS

The escapes (both directions): ``\\n \\r \\t \\0 \\\\`` and ``\\uXXXX`` /
``\\UXXXXXXXX`` stand for *characters* (encoded in the chosen encoding, so
``\\n`` is ``0a 00`` in utf-16); ``\\xHH`` stands for the raw *byte* HH.

"utf-16" means UTF-16LE without a byte-order mark (what Windows tools call
"Unicode"); :func:`codec_name` gives the Python codec really used.
"""

from __future__ import annotations

import codecs
import enum
import functools
import re
import threading
import unicodedata
from collections.abc import Callable

__all__ = [
    "ENCODINGS",
    "LineEnding",
    "Mode",
    "PayloadError",
    "codec_name",
    "encode",
    "hexdump",
    "parse_escapes",
    "parse_hex",
    "to_hex",
    "to_text",
]


class Mode(enum.Enum):
    """How the payload editor's text is turned into bytes."""

    TEXT = "text"
    HEX = "hex"
    ESCAPES = "escapes"


class LineEnding(enum.Enum):
    """What is appended after a payload; ``.value`` is the string."""

    NONE = ""
    LF = "\n"
    CRLF = "\r\n"


#: The encodings the user can choose; all of them keep the round-trip property.
ENCODINGS: tuple[str, ...] = ("utf-8", "gbk", "gb18030", "big5", "latin-1", "ascii", "utf-16")


class PayloadError(ValueError):
    """The payload cannot be turned into bytes.

    ``str(e)`` is the full sentence (with the position), ``message`` the same
    without the position, ``column`` and ``line`` the 1-based position of the
    problem in the input (``None`` when it has none).
    """

    def __init__(
        self,
        text: str,
        *,
        message: str | None = None,
        column: int | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(text)
        self.message = message if message is not None else text
        self.column = column
        self.line = line


# --------------------------------------------------------------------- codecs

# Codecs that write a byte-order mark are replaced by their little-endian twin.
_NO_BOM = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}

# Codecs for which a strict decode always re-encodes to the very same bytes, one
# character at a time, and never yields a lone surrogate. Checked by brute force
# in the tests (all 1- and 2-byte sequences, and gb18030's 4-byte ones). big5 is
# NOT here: a few of its byte pairs (a1fe, a240, a2cc, a2ce) decode to characters
# whose encoding is a different pair.
_ONE_TO_ONE = frozenset({"utf-8", "ascii", "iso8859-1", "utf-16-le", "gbk", "gb18030"})


@functools.lru_cache(maxsize=64)
def codec_name(encoding: str) -> str:
    """The Python codec used for ``encoding``: ``"utf-16"`` -> ``"utf-16-le"``.

    The names in :data:`ENCODINGS` come back unchanged except utf-16; any other
    Python text codec is accepted too (without the round-trip promise).
    """
    name = encoding.strip().lower()
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise PayloadError(f"unknown encoding: {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise PayloadError(f"unknown encoding: {encoding!r}")
    return _NO_BOM.get(info.name, name)


@functools.lru_cache(maxsize=64)
def _canonical(codec: str) -> str:
    return codecs.lookup(codec).name


# ------------------------------------------------------------ errors, positions


def _where(text: str, index: int) -> tuple[int, int, str]:
    """(line, column, "line L, column C" or "column C") of ``text[index]``, 1-based."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    place = f"line {line}, column {column}" if "\n" in text else f"column {column}"
    return line, column, place


def _error_at(text: str, index: int, message: str, template: str, **extra: str) -> PayloadError:
    """A PayloadError at ``text[index]``; ``template`` names ``{message}`` and ``{where}``."""
    line, column, place = _where(text, index)
    sentence = template.format(message=message, where=place, **extra)
    return PayloadError(sentence, message=message, column=column, line=line)


def _unencodable(text: str, index: int, encoding: str, char: str | None = None) -> PayloadError:
    """``char`` (by default ``text[index]``) has no encoding; ``index`` is where it was typed."""
    message = f"{text[index] if char is None else char!r} cannot be encoded in {encoding}"
    return _error_at(text, index, message, "{message} ({where})")


# --------------------------------------------------------------------- encode


def encode(
    text: str,
    mode: Mode = Mode.TEXT,
    encoding: str = "utf-8",
    line_ending: LineEnding = LineEnding.NONE,
) -> bytes:
    """The bytes to send for what the user typed.

    ``line_ending`` is appended after the payload: encoded in ``encoding`` for
    TEXT and ESCAPES (``0d 00 0a 00`` in utf-16), as the plain bytes ``0d 0a``
    for HEX, where the encoding plays no part. Line breaks inside ``text`` are
    sent as typed (``\\n``), not converted.
    """
    mode = Mode(mode)
    line_ending = LineEnding(line_ending)
    if mode is Mode.HEX:
        return parse_hex(text) + line_ending.value.encode("ascii")
    codec = codec_name(encoding)
    if mode is Mode.ESCAPES:
        body = parse_escapes(text, encoding)
    else:
        try:
            body = text.encode(codec)
        except UnicodeEncodeError as exc:
            raise _unencodable(text, exc.start, encoding) from None
    return body + line_ending.value.encode(codec)


_HEX_TOKEN = re.compile(r"[^\s,:]+")
_HEX_BODY = re.compile(r"(?:0[xX])?([0-9a-fA-F]*)")


def parse_hex(text: str) -> bytes:
    """``"48 65 6c"``, ``"48656c"``, ``"0x48,0x65"``, ``"48:65"`` ... -> bytes.

    Whitespace, commas and colons separate tokens; each token is an optional
    ``0x`` followed by an even number of hex digits (pairs, left to right).
    """
    out = bytearray()
    for token in _HEX_TOKEN.finditer(text):
        tok = token.group()
        body = _HEX_BODY.match(tok)
        assert body is not None  # the pattern matches the empty string
        digits = body.group(1)
        if body.end() != len(tok):
            bad = token.start() + body.end()
            char = repr(text[bad])
            raise _error_at(
                text,
                bad,
                f"hex digit expected: {char}",
                "hex digit expected at {where}: {char}",
                char=char,
            )
        if not digits:
            raise _error_at(
                text, token.start(), f"hex digits expected after {tok!r}", "{message} at {where}"
            )
        if len(digits) % 2:
            raise _error_at(
                text,
                token.start(),
                f"odd number of hex digits in {tok!r}",
                "{message} at {where}",
            )
        out += bytes.fromhex(digits)
    return bytes(out)


_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "\\": "\\"}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def parse_escapes(text: str, encoding: str = "utf-8") -> bytes:
    """Text with escapes -> bytes (see the module docstring for the escapes)."""
    codec = codec_name(encoding)
    out = bytearray()
    # Characters waiting to be encoded: (piece, source index, is literal text).
    parts: list[tuple[str, int, bool]] = []

    def flush() -> None:
        if not parts:
            return
        piece = "".join(p for p, _, _ in parts)
        try:
            out.extend(piece.encode(codec))
        except UnicodeEncodeError as exc:
            index = exc.start
            for p, source, literal in parts:
                if index < len(p):
                    at = source + index if literal else source
                    raise _unencodable(text, at, encoding, p[index]) from None
                index -= len(p)
            raise  # pragma: no cover - the error is always inside one part
        parts.clear()

    def hex_field(start: int, width: int) -> int | None:
        field = text[start : start + width]
        if len(field) == width and all(c in _HEX_DIGITS for c in field):
            return int(field, 16)
        return None

    pos, n = 0, len(text)
    while pos < n:
        slash = text.find("\\", pos)
        if slash < 0:
            parts.append((text[pos:], pos, True))
            break
        if slash > pos:
            parts.append((text[pos:slash], pos, True))
        if slash + 1 >= n:
            raise _error_at(
                text,
                slash,
                "lone backslash at the end",
                "lone backslash at {where} (write \\\\ for a backslash)",
            )
        kind = text[slash + 1]
        if kind in _SIMPLE_ESCAPES:
            parts.append((_SIMPLE_ESCAPES[kind], slash, False))
            pos = slash + 2
        elif kind == "x":
            value = hex_field(slash + 2, 2)
            if value is None:
                raise _error_at(text, slash, "\\x needs two hex digits", "{message} at {where}")
            flush()
            out.append(value)
            pos = slash + 4
        elif kind in "uU":
            width = 4 if kind == "u" else 8
            value = hex_field(slash + 2, width)
            if value is None:
                digits = "four" if kind == "u" else "eight"
                message = f"\\{kind} needs {digits} hex digits"
                raise _error_at(text, slash, message, "{message} at {where}")
            if value > 0x10FFFF:
                message = f"\\{kind} escape beyond U+10FFFF"
                raise _error_at(text, slash, message, "{message} at {where}")
            pos = slash + 2 + width
            # A JSON-style surrogate pair \ud83d\ude00 is one character.
            if 0xD800 <= value < 0xDC00 and text.startswith("\\u", pos):
                low = hex_field(pos + 2, 4)
                if low is not None and 0xDC00 <= low < 0xE000:
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    pos += 6
            parts.append((chr(value), slash, False))
        else:
            shown = f"'\\{kind}'" if kind.isprintable() else f"'\\' followed by {kind!r}"
            raise _error_at(text, slash, f"unknown escape {shown}", "{message} at {where}")
    flush()
    return bytes(out)


# -------------------------------------------------------------------- display


def _clip(data: bytes, limit: int | None) -> tuple[bytes, str]:
    """The bytes to show and the " … (+N bytes)" note for the rest."""
    size = len(data)
    if limit is not None and size > limit:
        limit = max(limit, 0)
        rest = size - limit
        return bytes(data[:limit]), f" … (+{rest} byte{'' if rest == 1 else 's'})"
    return bytes(data), ""


def to_hex(data: bytes, limit: int | None = None) -> str:
    """``b"Hel"`` -> ``"48 65 6c"``."""
    chunk, note = _clip(data, limit)
    return chunk.hex(" ") + note


_DUMP_ASCII = bytes(b if 0x20 <= b < 0x7F else 0x2E for b in range(256))


def hexdump(data: bytes, limit: int | None = None) -> str:
    """The classic 16-bytes-a-line dump (like ``hexdump -C``), lines joined by ``\\n``::

    00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |Hello world.|
    """
    chunk, note = _clip(data, limit)
    lines = []
    for offset in range(0, len(chunk), 16):
        row = chunk[offset : offset + 16]
        digits = row[:8].hex(" ")
        if len(row) > 8:
            digits += "  " + row[8:].hex(" ")
        shown = row.translate(_DUMP_ASCII).decode("ascii")
        lines.append(f"{offset:08x}  {digits:<48}  |{shown}|")
    return "\n".join(lines) + note


# Undecodable bytes travel through the decoded string as U+DC00 + byte (as with
# "surrogateescape", but for every byte value); the one-to-one codecs never
# decode anything to a lone surrogate, so these marks are unambiguous.
_MARKS = tuple(chr(0xDC00 + b) for b in range(256))
_MARK_RE = re.compile("[\udc00-\udcff]")
_local = threading.local()


def _mark_bytes(raw: bytes) -> str:
    return "".join([_MARKS[b] for b in raw])


def _mark_errors(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler "socklab-mark": bytes -> marks, spans noted if asked."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    spans = getattr(_local, "spans", None)
    if spans is not None:
        spans.append((exc.start, exc.end))
    return _mark_bytes(exc.object[exc.start : exc.end]), exc.end


codecs.register_error("socklab-mark", _mark_errors)


def _checked_text(raw: bytes, codec: str) -> str:
    """``raw`` decoded, except characters that do not re-encode to their bytes."""
    try:
        text = raw.decode(codec)
        if text.encode(codec) == raw and not _MARK_RE.search(text):
            return text
    except UnicodeError:
        return _mark_bytes(raw)
    # Slow path: one character at a time.
    decoder = codecs.getincrementaldecoder(codec)()
    pieces: list[str] = []
    start = 0
    for i in range(len(raw)):
        try:
            chars = decoder.decode(raw[i : i + 1])
        except UnicodeError:
            break
        if chars:
            source = raw[start : i + 1]
            try:
                good = chars.encode(codec) == source and not _MARK_RE.search(chars)
            except UnicodeError:
                good = False
            pieces.append(chars if good else _mark_bytes(source))
            start = i + 1
    pieces.append(_mark_bytes(raw[start:]))
    return "".join(pieces)


def _decode_checked(chunk: bytes, codec: str) -> str:
    """Byte-exact decoding for codecs that are not one-to-one."""
    spans: list[tuple[int, int]] = []
    _local.spans = spans
    try:
        chunk.decode(codec, "socklab-mark")
    finally:
        _local.spans = None
    pieces = []
    pos = 0
    for start, end in [*spans, (len(chunk), len(chunk))]:
        if start > pos:
            pieces.append(_checked_text(chunk[pos:start], codec))
        pieces.append(_mark_bytes(chunk[start:end]))
        pos = max(pos, end)
    return "".join(pieces)


# Code points shown as escapes besides the C0 controls and DEL (all Cc).
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})


def prepare_display() -> None:
    """Build the tables :func:`to_text` needs (~0.1 s once), e.g. on a spare thread
    at start-up, so that the first received control character costs nothing."""
    _escape_pattern()


@functools.cache
def _escape_pattern() -> re.Pattern[str]:
    """A character class of the backslash and every hidden code point."""
    ranges: list[list[int]] = []
    category = unicodedata.category
    for cp in range(0x110000):
        if cp == 0x5C or category(chr(cp)) in _HIDDEN_CATEGORIES:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    body = "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
    return re.compile(f"[{body}]")


@functools.lru_cache(maxsize=64)
def _escaper(codec: str) -> Callable[[re.Match[str]], str]:
    """The replacement function for one codec's hidden characters."""
    table = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}
    for cp in [*range(1, 0x20), 0x7F]:
        char = chr(cp)
        if char in table:
            continue
        try:
            single = char.encode(codec) == bytes([cp])
        except UnicodeError:
            single = False
        # \xHH is a raw byte: only right where the character *is* that byte.
        table[char] = f"\\x{cp:02x}" if single else f"\\u{cp:04x}"

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        shown = table.get(char)
        if shown is not None:
            return shown
        cp = ord(char)
        if 0xDC00 <= cp <= 0xDCFF:
            return f"\\x{cp - 0xDC00:02x}"
        return f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"

    return replace


def to_text(data: bytes, encoding: str = "utf-8", limit: int | None = None) -> str:
    """Bytes -> one line of safe plain text; never raises for :data:`ENCODINGS`.

    Undecodable bytes show as ``\\xHH``; ``\\n \\r \\t \\0`` and ``\\\\`` as such;
    other C0 controls and DEL as ``\\xHH`` (as ``\\u00HH`` in utf-16, where the
    character is not that single byte); other invisible code points (Cc, Cf,
    Zl, Zp, Co, Cs) as ``\\uXXXX`` / ``\\UXXXXXXXX``. The result pasted into
    :func:`parse_escapes` gives back ``data`` exactly (without ``limit``).
    An unknown encoding raises :class:`PayloadError`.
    """
    codec = codec_name(encoding)
    chunk, note = _clip(data, limit)
    if _canonical(codec) in _ONE_TO_ONE:
        try:
            text = chunk.decode(codec)
        except UnicodeDecodeError:
            text = chunk.decode(codec, "socklab-mark")
    else:
        try:
            text = _decode_checked(chunk, codec)
        except (UnicodeError, LookupError, ValueError, TypeError):  # an odd codec
            text = _mark_bytes(chunk)
    if text.isprintable() and "\\" not in text:
        return text + note
    return _escape_pattern().sub(_escaper(codec), text) + note
