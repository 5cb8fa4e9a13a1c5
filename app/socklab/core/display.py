"""Received bytes as text that is safe to show: one line of plain text, hex,
or a classic hex dump.

:func:`to_text` decodes in the chosen encoding and writes every control
character, invisible character and undecodable byte as an escape, so that what
the user sees can be pasted back into escapes mode and re-sent byte for byte::

    parse_escapes(to_text(data, enc), enc) == data      # for every bytes and ENCODINGS

(the escapes are :mod:`.payload`'s). A ``limit`` shows only the first bytes,
with a note of how many more there were: the work is the limit's, not the data's.
"""

from __future__ import annotations

import codecs
import functools
import re
import threading
import unicodedata
from collections.abc import Callable

from .payload import codec_name

__all__ = ["hexdump", "prepare_display", "to_hex", "to_text"]

# Codecs for which a strict decode always re-encodes to the very same bytes, one
# character at a time, and never yields a lone surrogate. Checked by brute force
# in the tests (all 1- and 2-byte sequences, and gb18030's 4-byte ones). big5 is
# NOT here: a few of its byte pairs (a1fe, a240, a2cc, a2ce) decode to characters
# whose encoding is a different pair.
_ONE_TO_ONE = frozenset({"utf-8", "ascii", "iso8859-1", "utf-16-le", "gbk", "gb18030"})


@functools.lru_cache(maxsize=64)
def _canonical(codec: str) -> str:
    return codecs.lookup(codec).name


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
