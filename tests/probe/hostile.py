"""What a hostile user types or pastes into a field, and what a field of each kind must refuse.

Every input has a short stable name (the JSON and the tables use it) and its text.
"""

from __future__ import annotations

import re
import unicodedata

#: (name, text) of every input the GUI probe tries in every field.
INPUTS: tuple[tuple[str, str], ...] = (
    ("empty", ""),
    ("spaces", "   "),
    ("minus-one", "-1"),
    ("zero", "0"),
    ("one", "1"),
    ("port-80", "80"),
    ("max-port", "65535"),
    ("port+1", "65536"),
    ("huge", "99999999999"),
    ("nan", "nan"),
    ("inf", "inf"),
    ("minus-inf", "-inf"),
    ("overflow-float", "1e309"),
    ("fraction", "1.5"),
    ("hex-number", "0x10"),
    ("underscores", "1_000"),
    ("padded", " 42 "),
    ("plus", "+5"),
    ("two-numbers", "1 2"),
    ("fullwidth", "１２３"),
    ("fullwidth-endpoint", "127.0.0.1:１２３"),
    ("arabic-digit", "٣"),
    ("superscript", "²"),
    ("loopback", "127.0.0.1"),
    ("loopback-short", "127.1"),
    ("ipv6-loopback", "::1"),
    ("ipv6-bracketed", "[::1]"),
    ("ipv6-double", "::1::"),
    ("ipv6-with-port", "[::1]:80"),
    ("ipv6-bad-scope", "fe80::1%nope"),
    ("five-parts", "1.2.3.4.5"),
    ("octet-999", "999.1.1.1"),
    ("any-address", "0.0.0.0"),
    ("host-name", "localhost"),
    ("nul", "a\x00b"),
    ("controls", "\x01\x1b[31mred\x07\x7f"),
    ("newline", "a\nb"),
    ("carriage-return", "a\rb"),
    ("tab", "a\tb"),
    ("rtl-override", "\u202eabc\u202c"),
    ("bold-markup", "<b>x</b>"),
    ("img-markup", "<img src=x>"),
    ("printf", "%n%s%x"),
    ("braces", "{{}} {0}"),
    ("emoji", "😀"),
    ("non-bmp", "𝔘𝔫𝔦"),
    ("chinese", "已收到"),
    ("hex-bytes", "48 65 6c"),
    ("bad-hex", "zz"),
    ("bad-escape", "\\xZZ \\"),
    ("nul-path", "/tmp/a\x00b"),
    ("chars-200", "A" * 200),
    ("chars-1000", "B" * 1_000),
    ("chars-100k", "C" * 100_000),
)

#: The text of each input, by name.
TEXT = dict(INPUTS)

_ASCII_NUMBER = re.compile(r"[0-9]+")


def has_foreign_digits(text: str) -> bool:
    """Digits that are not ASCII (fullwidth, Arabic-Indic, superscript ...)."""
    return any(
        (unicodedata.digit(c, None) is not None or unicodedata.decimal(c, None) is not None)
        and not c.isascii()
        for c in text
    )


def port_is_valid(text: str, *, allow_zero: bool) -> bool:
    """Whether a port field must take ``text``: ASCII digits, 0 (or 1) to 65535."""
    value = text.strip()
    if not _ASCII_NUMBER.fullmatch(value):
        return False
    return (0 if allow_zero else 1) <= int(value) <= 65_535


def must_refuse(kind: str, text: str) -> bool:
    """Whether a field of ``kind`` ("port", "port0", "host", ...) must refuse ``text``
    (taking it without a word counts as silent). Other kinds are not judged."""
    if kind in ("port", "port0"):
        return not port_is_valid(text, allow_zero=kind == "port0")
    if kind in ("host", "number"):
        return has_foreign_digits(text)
    return False
