"""Reply rules from a TOML file (``--rules FILE``)::

    [[rule]]
    match = '^PING (\\d+)$'     # or match_hex / exact / contains / starts / ends
    reply = 'PONG \\1'          # or reply_hex = "06 00"
    delay = 0.5                 # seconds, optional
    stop_after = 3              # replies, optional

:func:`save_rules` writes rules back in the same form (atomically), so the
window's rules and a command line share one file.

Every error names where it is: a TOML syntax error its line and column
(tomllib's own words), a bad rule its key (``rule[3].match``), the line of that
key in the file, and for a regular expression the column of its error.
"""

from __future__ import annotations

import os
import re
import tomllib
from typing import Any

from ..rules import MAX_RULES, Rule, RuleError, RuleKind, RuleSet
from .atomic import AtomicFile

#: The key that names each kind of match in a [[rule]] table.
MATCH_KEYS = {
    "match": RuleKind.REGEX,
    "match_hex": RuleKind.HEX,
    "exact": RuleKind.EXACT,
    "contains": RuleKind.CONTAINS,
    "starts": RuleKind.STARTS,
    "ends": RuleKind.ENDS,
}
_OTHER_KEYS = ("reply", "reply_hex", "delay", "stop_after")
#: Larger files are refused (rules are a table, not data).
MAX_FILE_BYTES = 1 << 20


class RulesFileError(ValueError):
    """A rules file that cannot be used; the message says where and why."""


def load_rules(path: str | os.PathLike[str], **options: Any) -> RuleSet:
    """The rules in the TOML file at ``path``, compiled (RulesFileError if not);
    ``options`` go to :class:`~socklab.core.rules.RuleSet` (templates, checksum)."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RulesFileError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise RulesFileError(f"{name}: larger than {MAX_FILE_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RulesFileError(f"{name}: line {line}: not UTF-8 text") from None
    return parse_rules(text, name, **options)


def parse_rules(text: str, name: str = "<rules>", **options: Any) -> RuleSet:
    """The rules in TOML ``text`` (``name`` is how errors call the file)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesFileError(f"{name}: {exc}") from None
    extra = sorted(set(document) - {"rule"})
    if extra:
        raise RulesFileError(
            f"{name}: unknown key {extra[0]!r} (the file holds [[rule]] tables only)"
        )
    tables = document.get("rule", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise RulesFileError(f"{name}: 'rule' must be [[rule]] tables")
    if not tables:
        raise RulesFileError(f"{name}: no [[rule]] table")
    if len(tables) > MAX_RULES:
        raise RulesFileError(f"{name}: {len(tables):,} rules, at most {MAX_RULES:,}")
    rules = [_rule(table, i, text, name) for i, table in enumerate(tables)]
    try:
        return RuleSet(rules, **options)
    except RuleError as exc:
        index: int = getattr(exc, "index", 0)
        key = _key_of(exc.field, tables[index])
        raise _error(name, text, index, key, exc.message) from None


def _rule(table: dict[str, Any], index: int, text: str, name: str) -> Rule:
    unknown = sorted(set(table) - set(MATCH_KEYS) - set(_OTHER_KEYS))
    if unknown:
        raise _error(name, text, index, unknown[0], "unknown key")
    kinds = [key for key in MATCH_KEYS if key in table]
    if len(kinds) != 1:
        said = "none" if not kinds else ", ".join(kinds)
        raise _error(
            name, text, index, None, f"give exactly one of {', '.join(MATCH_KEYS)} (found {said})"
        )
    key = kinds[0]
    values: dict[str, Any] = {}
    for k, kind in ((key, str), ("reply", str), ("reply_hex", str)):
        if k in table and not isinstance(table[k], kind):
            raise _error(name, text, index, k, "must be a string")
    if "reply" not in table and "reply_hex" not in table:
        raise _error(name, text, index, None, "give reply or reply_hex")
    delay = table.get("delay", 0.0)
    if isinstance(delay, bool) or not isinstance(delay, int | float) or not 0 <= delay <= 3600:
        raise _error(name, text, index, "delay", "must be a number of seconds, 0 to 3600")
    stop = table.get("stop_after")
    if stop is not None and (isinstance(stop, bool) or not isinstance(stop, int) or stop < 1):
        raise _error(name, text, index, "stop_after", "must be a whole number, at least 1")
    values["delay"] = float(delay)
    values["stop_after"] = stop
    return Rule(
        MATCH_KEYS[key],
        table[key],
        reply=table.get("reply", ""),
        hex_reply=table.get("reply_hex", ""),
        **values,
    )


def _key_of(field: str, table: dict[str, Any]) -> str | None:
    """The file's key for a RuleError's field."""
    if field == "match":
        return next((k for k in MATCH_KEYS if k in table), None)
    if field == "hex_reply":
        return "reply_hex"
    return field if field in table else None


_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]", re.MULTILINE)


def _line_of(text: str, index: int, key: str | None) -> int | None:
    """The line of rule ``index``'s ``key`` (or of its [[rule]] header)."""
    headers = list(_HEADER.finditer(text))
    if index >= len(headers):
        return None
    start = headers[index].start()
    end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
    at = start
    if key is not None:
        found = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE).search(
            text, start, end
        )
        if found is not None:
            at = found.start()
    return text.count("\n", 0, at) + 1


def _error(name: str, text: str, index: int, key: str | None, message: str) -> RulesFileError:
    where = f"rule[{index + 1}]" + (f".{key}" if key else "")
    line = _line_of(text, index, key)
    at = f"line {line}: " if line is not None else ""
    return RulesFileError(f"{name}: {at}{where}: {message}")


#: The key each kind of match is written with (the inverse of MATCH_KEYS).
_KEY_OF_KIND = {kind: key for key, kind in MATCH_KEYS.items()}


def _toml_string(text: str) -> str:
    """``text`` as a TOML string: a literal one ('...') where it can be (a
    regular expression reads as typed), else a basic one with escapes."""
    if "'" not in text and not any(_escaped(c) for c in text):
        return f"'{text}'"
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif _escaped(c):
            # A lone surrogate (no character of its own) cannot be written: U+FFFD.
            out.append("\\uFFFD" if 0xD800 <= ord(c) <= 0xDFFF else f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _escaped(c: str) -> bool:
    """Whether a TOML string must write ``c`` as an escape."""
    code = ord(c)
    return code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF


def rules_toml(rules: list[Rule]) -> str:
    """``rules`` as the text of a rules file (:func:`parse_rules` reads it back)."""
    lines = ["# SockLab reply rules: socklab udp listen / tcp serve --rules FILE", ""]
    for rule in rules:
        lines.append("[[rule]]")
        lines.append(f"{_KEY_OF_KIND[rule.kind]} = {_toml_string(rule.pattern)}")
        if rule.hex_reply:
            lines.append(f"reply_hex = {_toml_string(rule.hex_reply)}")
        else:
            lines.append(f"reply = {_toml_string(rule.reply)}")
        if rule.delay:
            lines.append(f"delay = {rule.delay!r}")
        if rule.stop_after is not None:
            lines.append(f"stop_after = {rule.stop_after}")
        lines.append("")
    return "\n".join(lines)


def save_rules(path: str | os.PathLike[str], rules: list[Rule]) -> None:
    """Write ``rules`` to ``path`` as a rules file, atomically (OSError if it cannot)."""
    text = rules_toml(rules)
    with AtomicFile(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
