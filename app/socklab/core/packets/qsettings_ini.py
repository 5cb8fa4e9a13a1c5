"""Reading the INI files Qt's QSettings writes (Packet Sender's packets.ini is one),
without Qt: the same escapes Qt's own reader undoes.

* Sections and keys: ``%XX`` and ``%UXXXX`` stand for a character, ``\\`` for
  the group separator ``/``; the section ``[General]`` is the top level.
* Values: ``"quoted"`` parts, C escapes (``\\n \\t \\" \\\\``, ``\\xHHHH``,
  octal ``\\0``), a comma outside quotes makes a list, ``@@`` stands for ``@``,
  ``@ByteArray(...)`` for bytes. Qt 6 writes other characters as UTF-8.

:func:`read_ini` gives every key (``"group/key"``) with its value: a string,
a list of strings, or bytes.
"""

from __future__ import annotations

__all__ = ["IniValue", "read_ini", "unescape_key", "unescape_value"]

IniValue = str | list[str] | bytes

_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    '"': '"',
    "?": "?",
    "'": "'",
    "\\": "\\",
}
_HEX = "0123456789abcdefABCDEF"


def unescape_key(text: str) -> str:
    """A section or key as written (``hello%20world``, ``1\\name``) -> its name."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\":
            out.append("/")
            i += 1
            continue
        if char != "%" or i == n - 1:
            out.append(char)
            i += 1
            continue
        first, digits = i + 1, 2
        if text[first] == "U":
            first, digits = first + 1, 4
        code = text[first : first + digits]
        if len(code) == digits and all(c in _HEX for c in code):
            out.append(chr(int(code, 16)))
            i = first + digits
        else:
            out.append("%")
            i += 1
    return "".join(out)


def _unescape_list(text: str) -> str | list[str]:
    """Qt's iniUnescapedStringList (a state machine): the value's string, or its
    list of strings."""
    items: list[str] | None = None
    current: list[str] = []
    quoted_value = False
    in_quotes = False
    keep = 0  # trailing spaces before this length are kept (an escape ended there)
    i, n = 0, len(text)

    def skip_spaces(at: int) -> int:
        while at < n and text[at] in " \t":
            at += 1
        return at

    def chop(parts: list[str], limit: int) -> list[str]:
        joined = "".join(parts)
        stripped = joined.rstrip(" \t")
        return [joined[: max(len(stripped), limit)]]

    i = skip_spaces(i)
    while i < n:
        char = text[i]
        if char == "\\":
            i += 1
            if i >= n:
                break
            code = text[i]
            i += 1
            if code in _ESCAPES:
                current.append(_ESCAPES[code])
            elif code == "x":
                start = i
                while i < n and text[i] in _HEX:
                    i += 1
                if i > start:
                    current.append(chr(int(text[start:i], 16) & 0xFFFF))
            elif code in "01234567":
                start = i - 1
                while i < n and text[i] in "01234567":
                    i += 1
                current.append(chr(int(text[start:i], 8) & 0xFFFF))
            # any other character after a backslash is dropped, as Qt does
            keep = len("".join(current))
        elif char == '"':
            i += 1
            quoted_value = True
            in_quotes = not in_quotes
            if not in_quotes:
                i = skip_spaces(i)
        elif char == "," and not in_quotes:
            if not quoted_value:
                current = chop(current, keep)
            if items is None:
                items = []
            items.append("".join(current))
            current, quoted_value, keep = [], False, 0
            i = skip_spaces(i + 1)
        else:
            j = i + 1
            while j < n and text[j] not in '\\",':
                j += 1
            current.append(text[i:j])
            i = j
    if not quoted_value:
        current = chop(current, keep)
    value = "".join(current)
    if items is None:
        return value
    items.append(value)
    return items


def unescape_value(text: str) -> IniValue:
    """A value as written after ``=`` -> what QSettings.value() gives for it."""
    value = _unescape_list(text)
    if isinstance(value, list):
        return [_special(item) for item in value]  # type: ignore[misc]
    return _special(value)


def _special(value: str) -> str | bytes:  # type: ignore[return]
    if not value.startswith("@"):
        return value
    if value.startswith("@@"):
        return value[1:]
    if value.startswith("@ByteArray(") and value.endswith(")"):
        return value[len("@ByteArray(") : -1].encode("latin-1", "replace")
    if value == "@Invalid()":
        return ""
    return value


def read_ini(text: str) -> dict[str, IniValue]:
    """Every key of a QSettings INI file, as ``"group/key"`` -> value."""
    values: dict[str, IniValue] = {}
    prefix = ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        while line.endswith("\\") and i < len(lines):  # a value continued on the next line
            line = line[:-1] + lines[i]
            i += 1
        stripped = line.strip()
        if not stripped or stripped.startswith((";", "#")):
            continue
        if stripped.startswith("["):
            end = stripped.rfind("]")
            section = unescape_key(stripped[1 : end if end > 0 else None].strip())
            prefix = "" if section.lower() == "general" else section.strip("/") + "/"
            continue
        key, equals, value = line.partition("=")
        if not equals:
            continue
        name = unescape_key(key.strip())
        values[prefix + name] = unescape_value(value)
    return values
