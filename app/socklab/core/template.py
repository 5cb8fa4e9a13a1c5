"""Template fields in a payload, expanded at each send.

The fields: ``{{counter}}`` (1, 2, 3 ... per session), ``{{time}}`` (the local
time, ``HH:MM:SS``), ``{{unixtime}}`` (seconds since 1970), ``{{random:N}}``
(N random bytes in hex mode, N random digits otherwise; N is 1-1024) and
``{{len}}`` (the length in bytes of the expanded payload, line ending included,
checksum not).

In text and escapes mode each field becomes decimal text. In hex mode it
becomes hex digits: the counter and the Unix time 4 bytes and the length 2
bytes, big-endian; the time its ASCII text.

:meth:`Template.parse` reads the text once (a bad field raises
:class:`TemplateError` with its column and line); :func:`expand` turns it into
the bytes of one send; :class:`SendCounter` numbers the sends of a session.
"""

from __future__ import annotations

import dataclasses
import random
import re
import threading
import time
from collections.abc import Callable

from . import checksums
from .payload import PayloadError, encode_word

__all__ = [
    "FIELDS",
    "Field",
    "SendCounter",
    "Template",
    "TemplateError",
    "WordTemplate",
    "expand",
]

#: The field names, as typed between ``{{`` and ``}}`` (random takes ``:N``).
FIELDS = ("counter", "time", "unixtime", "random:N", "len")
MAX_RANDOM = 1024

#: The generator behind a template without {{random:N}} (never drawn from).
_UNUSED_RNG = random.Random(0)

_FIELD = re.compile(r"\{\{(.*?)\}\}", re.S)


class TemplateError(PayloadError):
    """A field cannot be read; ``column`` / ``line`` point at its ``{{``."""


@dataclasses.dataclass(frozen=True)
class Field:
    """One field: its ``name`` and, for random, ``size`` (N)."""

    name: str
    size: int = 0


def _position(text: str, index: int) -> tuple[int, int]:
    """The 1-based (line, column) of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _error(text: str, index: int, shown: str, problem: str, sep: str = ": ") -> TemplateError:
    line, column = _position(text, index)
    where = f"at column {column}" if line == 1 else f"at line {line}, column {column}"
    return TemplateError(
        f"{shown} {where}{sep}{problem}", message=f"{shown}{sep}{problem}", column=column, line=line
    )


def _field(text: str, match: re.Match[str]) -> Field:
    body = match.group(1)
    shown = match.group(0) if len(match.group(0)) <= 40 else match.group(0)[:37] + "..."
    name, colon, arg = body.strip().partition(":")
    if name == "random":
        if not colon:
            raise _error(text, match.start(), shown, "give N, the size: {{random:8}}")
        if not re.fullmatch(r"\s*[0-9]{1,5}\s*", arg) or not 1 <= int(arg) <= MAX_RANDOM:
            raise _error(text, match.start(), shown, f"N must be a number 1-{MAX_RANDOM}")
        return Field("random", int(arg))
    if name in ("counter", "time", "unixtime", "len") and not colon:
        return Field(name)
    fields = " ".join("{{" + f + "}}" for f in FIELDS)
    raise _error(text, match.start(), shown, f"unknown field; the fields are {fields}")


@dataclasses.dataclass(frozen=True)
class Template:
    """A payload's text cut into literal text (str) and :class:`Field` parts."""

    parts: tuple[str | Field, ...]

    @classmethod
    def parse(cls, text: str) -> Template:
        """Read ``text``'s fields; raises :class:`TemplateError` for a bad one."""
        parts: list[str | Field] = []
        end = 0
        for match in _FIELD.finditer(text):
            parts.append(text[end : match.start()])
            parts.append(_field(text, match))
            end = match.end()
        rest = text[end:]
        opened = rest.find("{{")
        if opened >= 0:
            raise _error(text, end + opened, "{{", "is not closed with }}", sep=" ")
        parts.append(rest)
        return cls(tuple(p for p in parts if p != ""))

    @property
    def has_fields(self) -> bool:
        return any(isinstance(p, Field) for p in self.parts)

    def render(
        self, counter: int, *, hex_mode: bool, now: float, rng: random.Random, length: int
    ) -> str:
        """The text with each field written out (``length`` for ``{{len}}``)."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                out.append(_value(part, counter, hex_mode, now, rng, length))
        return "".join(out)


def _value(  # noqa: PLR0917
    field: Field, counter: int, hex_mode: bool, now: float, rng: random.Random, length: int
) -> str:
    name = field.name
    if name == "counter":
        return f"{counter & 0xFFFFFFFF:08x}" if hex_mode else str(counter)
    if name == "unixtime":
        return f"{int(now) & 0xFFFFFFFF:08x}" if hex_mode else str(int(now))
    if name == "time":
        clock = time.strftime("%H:%M:%S", time.localtime(now))
        return clock.encode("ascii").hex() if hex_mode else clock
    if name == "len":
        return f"{length & 0xFFFF:04x}" if hex_mode else str(length)
    # random: N bytes as hex, or N digits
    if hex_mode:
        return rng.randbytes(field.size).hex()
    return "".join(rng.choices("0123456789", k=field.size))


def expand(
    template: Template,
    counter: int,
    encode: Callable[[str], bytes],
    *,
    hex_mode: bool,
    now: float | None = None,
    rng: random.Random | None = None,
) -> bytes:
    """The bytes of one send: ``template`` rendered and passed to ``encode`` (the
    payload's mode, encoding and line ending). ``{{len}}`` is the length of the
    result: found by rendering until it no longer changes (its own digits count)."""
    now = time.time() if now is None else now
    randomized = any(isinstance(p, Field) and p.name == "random" for p in template.parts)
    # A generator expands every packet: no new Random, no state to copy without {{random}}.
    rng = rng or (random.Random() if randomized else _UNUSED_RNG)
    state = rng.getstate() if randomized else None
    length = 0
    data = b""
    for _ in range(8):
        if state is not None:
            rng.setstate(state)  # the same random bytes on every try
        data = encode(template.render(counter, hex_mode=hex_mode, now=now, rng=rng, length=length))
        if len(data) == length or not any(
            isinstance(p, Field) and p.name == "len" for p in template.parts
        ):
            break
        length = len(data)
    return data


class SendCounter:
    """Numbers the sends of a session: 1, 2, 3 ... (thread-safe: a repeat-send
    takes numbers on its worker while the window previews the next)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next = 1

    def take(self) -> int:
        """The next number, used up."""
        with self._lock:
            value = self._next
            self._next += 1
            return value

    def peek(self) -> int:
        """The number the next :meth:`take` returns."""
        with self._lock:
            return self._next

    def reset(self) -> None:
        """Start again at 1 (a new session)."""
        with self._lock:
            self._next = 1


@dataclasses.dataclass(frozen=True)
class WordTemplate:
    """A one-line text (a server's fixed reply) whose fields are expanded at each
    send: call it for the next send's bytes (``text`` in ``encoding`` as
    :func:`~.payload.encode_word` writes it, then ``checksum`` appended).

    Two are equal when their text, encoding and checksum are (the counter is
    not compared): options built again from the same fields compare equal.
    :meth:`create` reads the fields (TemplateError for a bad one).
    """

    template: Template
    encoding: str
    checksum: str | None
    counter: SendCounter = dataclasses.field(compare=False)

    @classmethod
    def create(
        cls, text: str, encoding: str, checksum: str | None, counter: SendCounter
    ) -> WordTemplate:
        parsed = Template.parse(text)
        encode_word(text, encoding)  # a text the encoding cannot hold is said now
        return cls(parsed, encoding, checksum or None, counter)

    def __call__(self) -> bytes:
        return self.expand(self.counter.take())

    def preview(self) -> bytes:
        """The next send's bytes, the counter not used up."""
        return self.expand(self.counter.peek())

    def expand(self, number: int) -> bytes:
        body = expand(
            self.template, number, lambda t: encode_word(t, self.encoding), hex_mode=False
        )
        return checksums.append(body, self.checksum)
