"""Reply rules: what a server answers to what it receives, tried in order.

A :class:`Rule` matches a message by a regular expression on its decoded
text, by exact / contains / starts / ends (plain text), or by a hex pattern
whose ``??`` stands for any byte. Its reply is text (or raw hex bytes,
``hex_reply``) in which ``\\1``, ``\\g<name>`` insert a capture and
``\\g<0>`` the matched text; ``\\n``, ``\\r``, ``\\t``, ``\\\\`` and
``\\xHH`` are the usual escapes. A rule may wait ``delay`` seconds before its
reply goes and stop after ``stop_after`` replies (then the next rules are
tried). :class:`RuleSet` compiles the rules once and counts each rule's hits.

Text kinds match the message without its trailing line endings; the received
text is decoded with ``errors="replace"`` (received bytes are hostile: they are
only matched and copied, never evaluated). With ``templates`` on, template
fields in a reply (``{{counter}}`` ... of :mod:`.template`) are expanded at
each reply, ``{{counter}}`` counting the set's replies; fields are read from the
rule's reply only, *before* captures are inserted, so a peer can never inject
one, and ``{{len}}`` is the length of the whole reply, captures included.
"""

from __future__ import annotations

import enum
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from . import checksums, template
from .payload import PayloadError, codec_name, parse_hex, strip_line_endings

#: At most this many rules in a set (a table, not a program).
MAX_RULES = 1000


class RuleKind(enum.Enum):
    """How a rule's pattern matches a message."""

    REGEX = "regex"
    EXACT = "exact"
    CONTAINS = "contains"
    STARTS = "starts"
    ENDS = "ends"
    HEX = "hex"


class RuleError(ValueError):
    """A rule that cannot be compiled: ``field`` ("match", "reply", ...),
    ``position`` (0-based, in that field's text; None if not one place)."""

    def __init__(self, field: str, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Rule:
    """One reply rule, as the user wrote it.

    ``reply`` is a text template; ``hex_reply`` (if not empty) is raw bytes in
    hex and wins over ``reply``. ``delay`` in seconds; ``stop_after`` replies at
    most (None: no limit).
    """

    kind: RuleKind
    pattern: str
    reply: str = ""
    hex_reply: str = ""
    delay: float = 0.0
    stop_after: int | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """What one message gets back: ``data`` after ``delay`` seconds, from rule ``index``."""

    data: bytes
    delay: float
    index: int


# -- compiling -------------------------------------------------------------------------

_HEX_TOKEN = re.compile(r"\S+")
_HEX_CHARS = frozenset("0123456789abcdefABCDEF")


def hex_pattern(text: str) -> re.Pattern[bytes]:
    """``"01 03 ?? ??"`` -> a bytes regex; ``??`` is any byte. Tokens are pairs of
    hex digits (``0103`` is two bytes) or ``??``; a bad one says its column."""
    parts: list[bytes] = []
    for token in _HEX_TOKEN.finditer(text):
        tok = token.group()
        column = token.start()
        i = 0
        while i < len(tok):
            pair = tok[i : i + 2]
            if pair == "??":
                parts.append(b".")
            elif len(pair) == 2 and all(c in _HEX_CHARS for c in pair):
                parts.append(re.escape(bytes.fromhex(pair)))
            elif len(pair) == 1:
                raise RuleError(
                    "match", f"odd hex digit at column {column + i + 1}: {pair!r}", column + i
                )
            else:
                bad = next(j for j, c in enumerate(pair) if c not in _HEX_CHARS)
                at = column + i + bad
                if pair[bad] == "?":
                    raise RuleError("match", f"'??' must stand alone at column {at + 1}", at)
                raise RuleError("match", f"not a hex digit at column {at + 1}: {pair[bad]!r}", at)
            i += 2
    if not parts:
        raise RuleError("match", "the hex pattern is empty", 0)
    return re.compile(b"".join(parts), re.DOTALL)


def _text_pattern(kind: RuleKind, pattern: str) -> re.Pattern[str]:
    if kind is RuleKind.REGEX:
        try:
            return re.compile(pattern)
        except re.error as exc:
            pos = exc.pos if exc.pos is not None else None
            where = f" at column {pos + 1}" if pos is not None else ""
            raise RuleError("match", f"regular expression error{where}: {exc.msg}", pos) from None
    if not pattern:
        raise RuleError("match", f"the {kind.value} text is empty", 0)
    literal = re.escape(pattern)
    source = {
        RuleKind.EXACT: rf"\A{literal}\Z",
        RuleKind.CONTAINS: literal,
        RuleKind.STARTS: rf"\A{literal}",
        RuleKind.ENDS: rf"{literal}\Z",
    }[kind]
    return re.compile(source, re.DOTALL)


_ESCAPE = re.compile(r"\\(?:g<([^>]*)>|(\d{1,2})|x([0-9a-fA-F]{2})|(.)|$)", re.DOTALL)
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}

#: A reply template, compiled: literal text, or a group (number or name).
Part = str | int


def compile_reply(template: str, pattern: re.Pattern[str] | re.Pattern[bytes]) -> list[Part]:
    """The reply's parts; a capture the pattern does not have, or a bad escape,
    is a RuleError at its position in ``template``."""
    parts: list[Part] = []
    last = 0
    for m in _ESCAPE.finditer(template):
        if m.start() > last:
            parts.append(template[last : m.start()])
        last = m.end()
        name, number, hexa, char = m.groups()
        if name is not None:
            if name.isdigit():
                group = int(name)
            elif name in pattern.groupindex:
                group = pattern.groupindex[name]
            else:
                raise RuleError("reply", f"no group named {name!r} in the pattern", m.start())
        elif number is not None:
            group = int(number)
        elif hexa is not None:
            parts.append(chr(int(hexa, 16)))
            continue
        elif char is not None and char in _SIMPLE:
            parts.append(_SIMPLE[char])
            continue
        else:
            what = repr("\\" + char) if char is not None else "a lone '\\' at the end"
            raise RuleError("reply", f"unknown escape {what} at column {m.start() + 1}", m.start())
        if group > pattern.groups:
            raise RuleError(
                "reply",
                f"group {group} at column {m.start() + 1}: the pattern has "
                f"{pattern.groups} group(s)",
                m.start(),
            )
        parts.append(group)
    if last < len(template):
        parts.append(template[last:])
    return parts


@dataclass(slots=True)
class _Compiled:
    rule: Rule
    text: re.Pattern[str] | None
    binary: re.Pattern[bytes] | None
    parts: list[Part]
    fixed: bytes | None  # hex_reply's bytes
    #: With templates: each part's fields (None for a capture), and whether {{len}} is one.
    fields: list[template.Template | None] | None = None
    has_len: bool = False


def compile_rule(rule: Rule) -> _Compiled:
    """Check and compile one rule (RuleError says which field and where)."""
    if rule.delay < 0:
        raise RuleError("delay", "the delay cannot be negative")
    if rule.stop_after is not None and rule.stop_after < 1:
        raise RuleError("stop_after", "stop after must be at least 1 (or empty: no limit)")
    text = binary = None
    if rule.kind is RuleKind.HEX:
        binary = hex_pattern(rule.pattern)
    else:
        text = _text_pattern(rule.kind, rule.pattern)
    fixed = None
    parts: list[Part] = []
    if rule.hex_reply.strip():
        try:
            fixed = parse_hex(rule.hex_reply)
        except PayloadError as exc:
            column = getattr(exc, "column", None)
            raise RuleError("hex_reply", str(exc), column - 1 if column else None) from None
    else:
        pattern = text if text is not None else binary
        assert pattern is not None
        parts = compile_reply(rule.reply, pattern)
    return _Compiled(rule, text, binary, parts, fixed)


# -- matching --------------------------------------------------------------------------


class RuleSet:
    """Compiled rules, tried in order; the first that matches answers.

    ``hits[i]``: how many replies rule ``i`` gave (read from any thread).
    ``templates``: expand template fields in the replies at each reply
    (``counter`` numbers them: 1, 2, 3 ... for this set). ``checksum``: a
    name of :data:`.checksums.CHECKSUMS` appended to every reply (None: none).
    """

    def __init__(
        self,
        rules: list[Rule],
        templates: bool = False,
        counter: template.SendCounter | None = None,
        checksum: str | None = None,
    ) -> None:
        if checksum and checksum not in checksums.CHECKSUMS:
            raise ValueError(f"unknown checksum {checksum!r}")
        if len(rules) > MAX_RULES:
            raise RuleError("rule", f"at most {MAX_RULES} rules")
        compiled = []
        for i, rule in enumerate(rules):
            try:
                c = compile_rule(rule)
                if templates:
                    _parse_fields(c)
                compiled.append(c)
            except RuleError as exc:
                exc.index = i  # type: ignore[attr-defined]
                raise
        self.rules = list(rules)
        self._compiled = compiled
        self.hits = [0] * len(rules)
        self.templates = templates
        self.checksum = checksum or None
        self.counter = counter or template.SendCounter()
        self._rng = random.Random()
        self._hex = any(c.binary is not None for c in compiled)

    def __len__(self) -> int:
        return len(self._compiled)

    def reset_hits(self) -> None:
        self.hits = [0] * len(self._compiled)

    def find(
        self,
        data: bytes,
        encoding: str = "utf-8",
        pending: dict[int, int] | None = None,
        hex_only: bool = False,
    ) -> Reply | None:
        """The reply ``data`` gets (not counted: see :meth:`count`), or None.

        ``pending``: replies found but not counted yet, per rule (for stop after).
        """
        text: str | None = None
        for i, c in enumerate(self._compiled):
            stop = c.rule.stop_after
            if stop is not None and self.hits[i] + (pending or {}).get(i, 0) >= stop:
                continue
            if hex_only and c.binary is None:
                continue
            if c.binary is not None:
                bm = c.binary.fullmatch(data)
                if bm is None:
                    continue
                out = c.fixed if c.fixed is not None else self._expand_bytes(c, bm, encoding)
                return Reply(self._finish(out), c.rule.delay, i)
            if text is None:
                stripped = strip_line_endings(data, encoding)
                text = stripped.decode(codec_name(encoding), "replace")
            assert c.text is not None
            tm = c.text.search(text)
            if tm is None:
                continue
            out = c.fixed if c.fixed is not None else self._expand_text(c, tm, encoding)
            return Reply(self._finish(out), c.rule.delay, i)
        return None

    def find_all(self, data: bytes, encoding: str = "utf-8", lines: bool = False) -> list[Reply]:
        """The replies to ``data`` (not counted): one, or with ``lines`` one per
        line of it (a stream's chunk may hold several messages)."""
        messages = split_lines(data, encoding) if lines else [data]
        if len(messages) > 1 and self._hex:
            # A binary frame may hold newline bytes: a hex rule matching the
            # whole chunk answers it as one message.
            whole = self.find(data, encoding, hex_only=True)
            if whole is not None:
                return [whole]
        pending: dict[int, int] = {}
        replies = []
        for message in messages:
            reply = self.find(message, encoding, pending)
            if reply is not None:
                pending[reply.index] = pending.get(reply.index, 0) + 1
                replies.append(reply)
        return replies

    def count(self, reply: Reply) -> None:
        """One more reply from ``reply.index``'s rule."""
        self.hits[reply.index] += 1

    def dispatch(
        self,
        replies: list[Reply],
        send: Callable[[bytes], object],
        later: Callable[..., object],
    ) -> None:
        """Count each of ``replies`` and send it: at once, or after its delay
        through ``later(delay, send, data)`` (``loop.call_later`` or a test's timer)."""
        for reply in replies:
            self.count(reply)
            if not reply.data:
                continue
            if reply.delay > 0:
                later(reply.delay, send, reply.data)
            else:
                send(reply.data)

    def match(self, data: bytes, encoding: str = "utf-8") -> bytes | None:
        """The reply's bytes to ``data`` (counted), or None if no rule answers."""
        reply = self.find(data, encoding)
        if reply is None:
            return None
        self.count(reply)
        return reply.data

    def _finish(self, data: bytes) -> bytes:
        """A reply with its checksum (an empty reply stays empty: nothing is sent)."""
        return checksums.append(data, self.checksum) if data else data

    def _expand_text(self, c: _Compiled, m: re.Match[str], encoding: str) -> bytes:
        codec = codec_name(encoding)
        return self._expand(
            c,
            [
                p if isinstance(p, str) else (m.group(p) or "").encode(codec, "replace")
                for p in c.parts
            ],
            codec,
        )

    def _expand_bytes(self, c: _Compiled, m: re.Match[bytes], encoding: str) -> bytes:
        return self._expand(
            c,
            [p if isinstance(p, str) else (m.group(p) or b"") for p in c.parts],
            codec_name(encoding),
        )

    def _expand(self, c: _Compiled, pieces: list[str | bytes], codec: str) -> bytes:
        """The reply's bytes: its text encoded, the captures' bytes as they are;
        with templates, the text's fields expanded (a capture's never are)."""
        if c.fields is None:
            return b"".join(p.encode(codec, "replace") if isinstance(p, str) else p for p in pieces)
        number = self.counter.take()
        now = time.time()
        state = self._rng.getstate()
        length = 0
        out = b""
        for _ in range(8):  # {{len}} counts its own digits: render until it settles
            self._rng.setstate(state)  # the same random digits on every try
            out = b"".join(
                p
                if isinstance(p, bytes)
                else fields.render(
                    number, hex_mode=False, now=now, rng=self._rng, length=length
                ).encode(codec, "replace")
                for p, fields in zip(pieces, c.fields, strict=True)
            )
            if len(out) == length or not c.has_len:
                break
            length = len(out)
        self._rng.setstate(state)
        self._rng.randbytes(16)  # the next reply's random digits differ
        return out


def _parse_fields(c: _Compiled) -> None:
    """Read the template fields of a compiled rule's reply text (RuleError if one is bad)."""
    if c.fixed is not None:
        return
    try:
        template.Template.parse(c.rule.reply)  # errors at their column in the reply
        parsed = [template.Template.parse(p) if isinstance(p, str) else None for p in c.parts]
    except template.TemplateError as exc:
        column = getattr(exc, "column", None)
        raise RuleError("reply", str(exc), column - 1 if column else None) from None
    c.fields = parsed
    c.has_len = any(
        isinstance(f, template.Field) and f.name == "len"
        for t in parsed
        if t is not None
        for f in t.parts
    )


def split_lines(data: bytes, encoding: str = "utf-8") -> list[bytes]:
    """A chunk's lines (each with its line ending); the last may have none.
    Encodings whose newline is not the byte 0x0A (UTF-16/32) are not split."""
    if codec_name(encoding).startswith(("utf-16", "utf-32")) or b"\n" not in data.rstrip(b"\r\n"):
        return [data]
    parts = data.split(b"\n")
    lines = [p + b"\n" for p in parts[:-1]] + [parts[-1]]
    return [line for line in lines if line.strip(b"\r\n")]


def rule_error_text(exc: RuleError, index: int | None = None) -> str:
    """``rule[3].match: regular expression error at column 5: ...`` (1-based rule)."""
    where = f"rule[{index + 1}].{exc.field}" if index is not None else exc.field
    return f"{where}: {exc.message}"
