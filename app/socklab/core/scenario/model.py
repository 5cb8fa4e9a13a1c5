"""What a scenario file says, checked: where to connect and the steps to run.

A :class:`Scenario` holds its :class:`Target` and its steps already unrolled
(a ``repeat`` block gives one :class:`Step` per round, an ``include`` the other
file's steps), so a run is a plain walk and a results view knows every row
before the first step runs.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from ..template import Template
from ..tls import TlsOptions


class ScenarioError(ValueError):
    """A scenario file that cannot be run; ``str()`` names the file, the line
    and the key: ``echo.toml: line 7: step[2].expect: regular expression error
    at column 4: missing ), unterminated subpattern``."""

    def __init__(
        self, file: str, message: str, line: int | None = None, key: str | None = None
    ) -> None:
        where = f"{file}: " + (f"line {line}: " if line is not None else "")
        super().__init__(where + (f"{key}: " if key else "") + message)
        self.file = file
        self.line = line
        self.key = key
        self.message = message


class TargetKind(enum.Enum):
    """The scheme of ``connect``."""

    TCP = "tcp"
    UDP = "udp"
    TLS = "tls"
    UNIX = "unix"

    @property
    def is_stream(self) -> bool:
        return self is not TargetKind.UDP


@dataclass(frozen=True, slots=True)
class Target:
    """Where the steps run: ``host``/``port`` (tcp, udp, tls) or ``path`` (unix;
    ``@name`` is abstract); ``tls`` for tls://. ``text`` is the URL as written
    (variables filled in)."""

    kind: TargetKind
    text: str
    host: str = ""
    port: int = 0
    path: str = ""
    tls: TlsOptions | None = None


class StepKind(enum.Enum):
    """What a step does."""

    SEND = "send"
    HEX = "hex"
    EXPECT = "expect"
    EXPECT_HEX = "expect_hex"
    EXPECT_CLOSED = "expect_closed"
    SLEEP = "sleep"
    CONNECT = "connect"


@dataclass(frozen=True, slots=True)
class Var:
    """A ``{{name}}`` in a send or an expect: a variable's value goes there."""

    name: str


@dataclass(frozen=True, slots=True)
class Step:
    """One step to run.

    ``number``: how reports call it (``"3"``, ``"4.2 #5"`` for round 5 of a
    repeat block's second step, ``"2>1"`` for an included file's first step);
    ``file``/``line``: where it is written. SEND/HEX: ``pieces`` are literal
    text (a parsed :class:`~socklab.core.template.Template`, fields expanded at
    send) and :class:`Var` slots; ``data`` the bytes when there is nothing to
    expand. EXPECT: ``pieces`` are regex source text and Var slots (a value
    goes in escaped), ``pattern`` the compiled regex when there are no slots.
    EXPECT_HEX: ``binary``. ``timeout`` for the expects, ``seconds`` for SLEEP.
    """

    kind: StepKind
    number: str
    file: str
    line: int | None
    source: str = ""
    label: str = ""
    pieces: tuple[Template | Var | str, ...] = ()
    data: bytes | None = None
    pattern: re.Pattern[str] | None = None
    binary: re.Pattern[bytes] | None = None
    captures: tuple[str, ...] = ()
    timeout: float = 5.0
    seconds: float = 0.0

    def describe(self) -> str:
        """``send "hello\\n"``, ``expect /hel+o/``: the step as one line (its
        ``name`` when the file gives one)."""
        return _printable(self.label) if self.label else self.action()

    def action(self) -> str:
        """What the step does, as one line, whatever its name."""
        shown = self.source if len(self.source) <= 60 else self.source[:57] + "…"
        shown = _printable(shown)
        if self.kind is StepKind.SEND:
            return f'send "{shown}"'
        if self.kind is StepKind.HEX:
            return f"send hex {shown}"
        if self.kind is StepKind.EXPECT:
            return f"expect /{shown}/"
        if self.kind is StepKind.EXPECT_HEX:
            return f"expect hex {shown}"
        if self.kind is StepKind.EXPECT_CLOSED:
            return "expect the peer to close"
        if self.kind is StepKind.CONNECT:
            return f"connect {self.source}"
        return f"sleep {self.seconds:g} s"


def _printable(text: str) -> str:
    """``text`` with each invisible character escaped (``\\n``, ``\\x07``,
    ``\\u200b``); Chinese and other printable text as it is."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


@dataclass(frozen=True, slots=True)
class Scenario:
    """A checked scenario file: ``name`` (the file's stem when not given),
    ``file`` as given, its ``target``, the unrolled ``steps``, the text
    ``encoding`` and the ``variables`` known before the run."""

    name: str
    file: str
    target: Target
    steps: tuple[Step, ...]
    encoding: str = "utf-8"
    timeout: float = 5.0
    variables: dict[str, str] = field(default_factory=dict)
    connect_line: int | None = None

    def __repr__(self) -> str:  # short: it may hold 100,000 steps
        return f"<Scenario {self.name!r} {self.target.text!r}: {len(self.steps)} steps>"
