"""What the user types, as the bytes to send.

Three ways to type a payload (:class:`Mode`): plain text in an encoding, hex
digits, or text with backslash escapes. The escapes (both directions; received
bytes are shown with the same ones by :func:`socklab.core.display.to_text`):
``\\n \\r \\t \\0 \\\\`` and ``\\uXXXX`` / ``\\UXXXXXXXX`` stand for *characters*
(encoded in the chosen encoding, so ``\\n`` is ``0a 00`` in utf-16); ``\\xHH``
stands for the raw *byte* HH.

"utf-16" means UTF-16LE without a byte-order mark (what Windows tools call
"Unicode"); :func:`codec_name` gives the Python codec really used.
"""

from __future__ import annotations

import codecs
import enum
import functools
import re

__all__ = [
    "ENCODINGS",
    "LineEnding",
    "Mode",
    "PayloadError",
    "codec_name",
    "encode",
    "encode_word",
    "parse_escapes",
    "parse_hex",
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


def _codec_failed(encoding: str, exc: UnicodeError) -> PayloadError:
    """A codec that refuses a text as a whole (idna: "a..b"), not one character."""
    reason = exc.__cause__ or exc  # Python wraps the codec's own error
    return PayloadError(f"the text cannot be encoded in {encoding}: {reason}")


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
        except UnicodeError as exc:
            raise _codec_failed(encoding, exc) from None
    return body + line_ending.value.encode(codec)


def encode_word(text: str, encoding: str = "utf-8") -> bytes:
    """A word typed in a one-line field (a close word, an auto-reply text) as the
    bytes a peer sends for it: plain text in ``encoding``, no escapes, and no
    byte-order mark (utf-16 is UTF-16LE), so that it compares equal to what
    arrives. The window and the command line both encode their words here.
    """
    return encode(text, Mode.TEXT, encoding)


@functools.lru_cache(maxsize=16)
def line_endings(encoding: str = "utf-8") -> tuple[bytes, ...]:
    """CRLF, LF and CR as a peer writing ``encoding`` sends them (UTF-16: two
    bytes each), the longest first."""
    return tuple(encode_word(ending, encoding) for ending in ("\r\n", "\n", "\r"))


def strip_line_endings(data: bytes, encoding: str = "utf-8") -> bytes:
    """``data`` without the line endings (in ``encoding``) it ends with."""
    endings = line_endings(encoding)
    while True:
        for ending in endings:
            if data.endswith(ending):
                data = data[: -len(ending)]
                break
        else:
            return data


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
        except UnicodeError as exc:
            raise _codec_failed(encoding, exc) from None
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
