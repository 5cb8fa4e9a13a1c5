"""A scenario TOML file -> a checked :class:`~.model.Scenario`.

Every error is a :class:`~.model.ScenarioError` naming the file, the line and
the key (``step[3].expect``); a regular expression's error and a bad hex digit
also say their column. See the README's "Scenarios" for the format.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..addresses import AddressError, parse_endpoint
from ..payload import PayloadError, codec_name, parse_hex
from ..rules import RuleError, RuleKind, _text_pattern, hex_pattern
from ..template import Template, TemplateError
from ..tls import TlsOptions, TlsSettingsError, check_server_name, parse_alpn
from ..unix import parse_unix
from .locate import Locator, Path
from .model import Scenario, ScenarioError, Step, StepKind, Target, TargetKind, Var

#: Larger files are refused (a scenario is steps, not data).
MAX_FILE_BYTES = 1 << 20
#: At most this many steps once repeats and includes are unrolled.
MAX_STEPS = 100_000
#: A repeat block runs at most this many rounds.
MAX_REPEAT = 10_000
#: Repeat blocks inside repeat blocks, and includes inside includes: at most this deep.
MAX_DEPTH = 16
#: Seconds: the longest timeout or sleep.
MAX_SECONDS = 3600.0
DEFAULT_TIMEOUT = 5.0

TOP_KEYS = ("name", "description", "connect", "timeout", "encoding", "vars", "tls", "step")
ACTIONS = ("send", "hex", "expect", "expect_hex", "expect_closed", "sleep", "include", "do")
STEP_KEYS = (*ACTIONS, "timeout", "name", "repeat")
TLS_KEYS = ("insecure", "cafile", "sni", "cert", "key", "alpn")
#: Names a variable cannot take: the template fields.
FIELD_NAMES = ("counter", "time", "unixtime", "random", "len")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SLOT = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_SCHEME = re.compile(r"^([A-Za-z]+):(//)?(.*)$", re.DOTALL)


def load_scenario(
    path: str | os.PathLike[str], variables: dict[str, str] | None = None
) -> Scenario:
    """The scenario in the TOML file at ``path``; ``variables`` (``--var``)
    win over the file's ``[vars]``. Raises :class:`ScenarioError`."""
    name = os.fspath(path)
    text = _read(name)
    return _Loader(name, variables or {}).scenario(text)


def parse_variables(text: str) -> dict[str, str]:
    """``"port=9000 host=127.0.0.1"`` (spaces or commas between) -> a dict;
    raises ValueError with a sentence for a bad one."""
    variables: dict[str, str] = {}
    for item in re.split(r"[\s,]+", text.strip()):
        if not item:
            continue
        name, equals, value = item.partition("=")
        if not equals or not _NAME.fullmatch(name):
            raise ValueError(f"{item!r}: write NAME=VALUE (such as port=9000)")
        if name in FIELD_NAMES:
            raise ValueError(_bad_name(name))
        variables[name] = value
    return variables


def _read(name: str) -> str:
    try:
        with open(name, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(name, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(name, f"larger than {MAX_FILE_BYTES:,} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(name, "not UTF-8 text", line) from None


def _parse_toml(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(found.group(1)) if found else None
        words = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        column = f" at column {found.group(2)}" if found else ""
        raise ScenarioError(name, f"not valid TOML{column}: {words}", line) from None


def _key_name(path: Path, key: str | None = None) -> str:
    """``("step", 2, "do", 0)`` + ``"send"`` -> ``step[3].do[1].send`` (1-based)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    if key:
        out += f".{key}" if out else key
    return out


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass
class _File:
    """One file being read: its name, text positions, and its default timeout."""

    name: str
    locator: Locator
    timeout: float
    chain: tuple[str, ...]

    def error(self, path: Path, key: str | None, message: str) -> ScenarioError:
        line = self.locator.line(path, key)
        return ScenarioError(self.name, message, line, _key_name(path, key) or None)


@dataclass
class _Loader:
    main_file: str
    overrides: dict[str, str]
    variables: dict[str, str] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)
    steps: list[Step] = field(default_factory=list)
    encoding: str = "utf-8"
    stream: bool = True

    # -- the top of a file ---------------------------------------------------------

    def scenario(self, text: str) -> Scenario:
        document = _parse_toml(self.main_file, text)
        here = _File(self.main_file, Locator(text), DEFAULT_TIMEOUT, (_real(self.main_file),))
        self._top_keys(here, document)
        for key, value in self.overrides.items():
            if not _NAME.fullmatch(key) or key in FIELD_NAMES:
                raise ScenarioError(self.main_file, _bad_name(key), None, f"--var {key}")
            self.variables[key] = value
        self._vars(here, document)
        self.known = set(self.variables)
        here.timeout = self._timeout(here, (), document, DEFAULT_TIMEOUT)
        if "encoding" in document:
            self.encoding = self._encoding(here, document["encoding"])
        if "connect" not in document:
            raise here.error((), None, 'no connect: write connect = "tcp://HOST:PORT" at the top')
        target = self._target(here, document)
        self.stream = target.kind.is_stream
        self._steps(here, (), "", document)
        if not self.steps:
            raise here.error((), None, "no [[step]] table: a scenario needs one step at least")
        title = document.get("name", "")
        if not isinstance(title, str):
            raise here.error((), "name", "must be a string")
        stem = os.path.splitext(os.path.basename(self.main_file))[0]
        return Scenario(
            title.strip() or stem,
            self.main_file,
            target,
            tuple(self.steps),
            self.encoding,
            here.timeout,
            dict(self.variables),
            here.locator.line((), "connect"),
        )

    def _top_keys(self, here: _File, document: dict[str, Any]) -> None:
        unknown = [key for key in document if key not in TOP_KEYS]
        if unknown:
            raise here.error(
                (), unknown[0], f"unknown key (a scenario's keys are {', '.join(TOP_KEYS)})"
            )
        if "description" in document and not isinstance(document["description"], str):
            raise here.error((), "description", "must be a string")

    def _vars(self, here: _File, document: dict[str, Any]) -> None:
        table = document.get("vars", {})
        if not isinstance(table, dict):
            raise here.error((), "vars", "must be a table: [vars] then name = value lines")
        for key, value in table.items():
            if not _NAME.fullmatch(key) or key in FIELD_NAMES:
                raise here.error(("vars",), key, _bad_name(key))
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise here.error(("vars",), key, "must be a string or a number")
            self.variables.setdefault(key, str(value))

    def _timeout(self, here: _File, path: Path, table: dict[str, Any], default: float) -> float:
        if "timeout" not in table:
            return default
        value = table["timeout"]
        if not _is_number(value) or not 0 < value <= MAX_SECONDS or math.isnan(value):
            raise here.error(
                path, "timeout", f"must be a number of seconds, above 0, at most {MAX_SECONDS:g}"
            )
        return float(value)

    def _encoding(self, here: _File, value: object) -> str:
        if not isinstance(value, str):
            raise here.error((), "encoding", 'must be a string such as "utf-8" or "gbk"')
        try:
            codec_name(value)
        except PayloadError as exc:
            raise here.error((), "encoding", exc.message) from None
        return value.strip().lower()

    # -- connect ------------------------------------------------------------------

    def _target(self, here: _File, document: dict[str, Any]) -> Target:
        raw = document["connect"]
        if not isinstance(raw, str):
            raise here.error((), "connect", 'must be a string such as "tcp://127.0.0.1:7000"')
        text = self._fill(here, (), "connect", raw)
        found = _SCHEME.match(text.strip())
        schemes = "tcp://HOST:PORT, udp://HOST:PORT, tls://HOST:PORT, unix:/path or unix:@name"
        if found is None:
            raise here.error((), "connect", f"{text!r} has no scheme: write {schemes}")
        scheme, rest = found.group(1).lower(), found.group(3)
        try:
            kind = TargetKind(scheme)
        except ValueError:
            raise here.error(
                (), "connect", f"unknown scheme {scheme!r} in {text!r}: write {schemes}"
            ) from None
        tls_table = document.get("tls")
        if tls_table is not None and kind is not TargetKind.TLS:
            raise here.error(("tls",), None, 'a [tls] table needs connect = "tls://HOST:PORT"')
        try:
            if kind is TargetKind.UNIX:
                return Target(kind, text, path=parse_unix(rest))
            host, port = parse_endpoint(rest)
        except AddressError as exc:
            raise here.error((), "connect", f"{text!r}: {exc}") from None
        tls = self._tls(here, tls_table or {}) if kind is TargetKind.TLS else None
        return Target(kind, text, host=host, port=port, tls=tls)

    def _tls(self, here: _File, table: object) -> TlsOptions:
        if not isinstance(table, dict):
            raise here.error((), "tls", "must be a table: [tls] then insecure, cafile, sni ...")
        path: Path = ("tls",)
        unknown = [key for key in table if key not in TLS_KEYS]
        if unknown:
            raise here.error(
                path, unknown[0], f"unknown key (the [tls] keys are {', '.join(TLS_KEYS)})"
            )
        insecure = table.get("insecure", False)
        if not isinstance(insecure, bool):
            raise here.error(path, "insecure", "must be true or false")
        for key in ("cafile", "sni", "cert", "key"):
            if key in table and not isinstance(table[key], str):
                raise here.error(path, key, "must be a string")
        folder = os.path.dirname(here.name)
        files = {k: _beside(folder, table[k]) for k in ("cafile", "cert", "key") if table.get(k)}
        for key, name in files.items():
            if not os.path.isfile(name):
                raise here.error(path, key, f"no such file: {name}")
        alpn = table.get("alpn", [])
        try:
            if isinstance(alpn, list) and all(isinstance(a, str) for a in alpn):
                alpn = parse_alpn(",".join(alpn))
            elif isinstance(alpn, str):
                alpn = parse_alpn(alpn)
            else:
                raise here.error(path, "alpn", 'must be a list of strings such as ["h2"]')
            sni = check_server_name(table.get("sni", ""))
        except TlsSettingsError as exc:
            raise here.error(
                path, "sni" if exc.field == "server_name" else "alpn", exc.message
            ) from None
        return TlsOptions(
            verify=not insecure,
            server_name=sni,
            ca_file=files.get("cafile", ""),
            cert_file=files.get("cert", ""),
            key_file=files.get("key", ""),
            alpn=tuple(alpn),
        )

    def _fill(self, here: _File, path: Path, key: str, text: str) -> str:
        """``text`` with the known variables' values for its ``{{name}}`` slots."""

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.variables:
                raise here.error(
                    path, key, f"no variable named {name!r} ({_known(self.variables)})"
                )
            return self.variables[name]

        return _SLOT.sub(value, text)

    # -- steps --------------------------------------------------------------------

    def _steps(
        self, here: _File, path: Path, number: str, table: dict[str, Any], key: str = "step"
    ) -> None:
        steps = table.get(key, [])
        if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
            raise here.error(path, key, f"must be [[{_key_name(path, key)}]] tables")
        for index, step in enumerate(steps):
            self._step(here, (*path, key, index), f"{number}{index + 1}", step)

    def _step(self, here: _File, path: Path, number: str, table: dict[str, Any]) -> None:
        unknown = [key for key in table if key not in STEP_KEYS]
        if unknown:
            raise here.error(
                path, unknown[0], f"unknown key (a step's keys are {', '.join(STEP_KEYS)})"
            )
        actions = [key for key in ACTIONS if key in table]
        if len(actions) != 1:
            said = "none" if not actions else ", ".join(actions)
            raise here.error(
                path,
                actions[1] if len(actions) > 1 else None,
                f"a step does one thing: give one of {', '.join(ACTIONS)} (found {said})",
            )
        action = actions[0]
        if action in ("do", "include") and (
            len(path) // 2 >= MAX_DEPTH or len(here.chain) > MAX_DEPTH
        ):
            raise here.error(path, action, f"blocks and includes nested more than {MAX_DEPTH} deep")
        label = table.get("name", "")
        if not isinstance(label, str):
            raise here.error(path, "name", "must be a string")
        if "repeat" in table and action not in ("do", "include"):
            raise here.error(path, "repeat", "repeat goes with do (a block of steps) or include")
        if "timeout" in table and action not in ("expect", "expect_hex", "expect_closed"):
            raise here.error(
                path, "timeout", "timeout goes with expect, expect_hex or expect_closed"
            )
        if action in ("do", "include"):
            self._block(here, path, number, table, action)
            return
        value = table[action]
        make: Callable[..., Step] = {
            "send": self._send,
            "hex": self._send,
            "expect": self._expect,
            "expect_hex": self._expect_hex,
            "expect_closed": self._expect_closed,
            "sleep": self._sleep,
        }[action]
        step = make(here, path, action, value, table)
        line = here.locator.line(path, action)
        self._add(
            here,
            path,
            action,
            Step(**{**step, "number": number, "file": here.name, "line": line, "label": label}),
        )

    def _add(self, here: _File, path: Path, key: str, step: Step) -> None:
        if len(self.steps) >= MAX_STEPS:
            raise here.error(path, key, _too_many())
        self.steps.append(step)

    def _block(
        self, here: _File, path: Path, number: str, table: dict[str, Any], action: str
    ) -> None:
        rounds = table.get("repeat", 1)
        if isinstance(rounds, bool) or not isinstance(rounds, int) or not 1 <= rounds <= MAX_REPEAT:
            raise here.error(path, "repeat", f"must be a whole number, 1 to {MAX_REPEAT:,}")
        if action == "do":
            body = table["do"]
            if not isinstance(body, list) or not body or not all(isinstance(s, dict) for s in body):
                raise here.error(
                    path, "do", f"must be [[{_key_name(path, 'do')}]] tables, one at least"
                )
            if len(self.steps) + rounds * len(body) > MAX_STEPS:  # said before it is made
                raise here.error(path, "repeat", _too_many())
            self._rounds(
                here, path, number, rounds, lambda mark: self._steps(here, path, mark, table, "do")
            )
            return
        target = table["include"]
        if not isinstance(target, str) or not target.strip():
            raise here.error(path, "include", "must be the path of a scenario file")
        name = _beside(os.path.dirname(here.name), target)
        real = _real(name)
        if real in here.chain:
            cycle = " -> ".join([*map(os.path.basename, here.chain), os.path.basename(name)])
            raise here.error(path, "include", f"include cycle: {cycle}")
        try:
            text = _read(name)
        except ScenarioError as exc:
            raise here.error(path, "include", f"{name}: {exc.message}") from None
        document = _parse_toml(name, text)
        other = _File(name, Locator(text), here.timeout, (*here.chain, real))
        self._top_keys(other, document)
        self._vars(other, document)
        self.known |= set(self.variables)
        other.timeout = self._timeout(other, (), document, here.timeout)
        self._rounds(
            here, path, number, rounds, lambda mark: self._steps(other, (), mark, document)
        )

    def _rounds(
        self, here: _File, path: Path, number: str, rounds: int, make: Callable[[str], None]
    ) -> None:
        """A block's steps for round 1 made by ``make(mark)``, then copied for
        the other rounds (only their numbers change)."""
        first = f"{number}#1." if rounds > 1 else f"{number}."
        start = len(self.steps)
        make(first)
        body = self.steps[start:]
        if len(self.steps) + (rounds - 1) * len(body) > MAX_STEPS:
            raise here.error(path, "repeat", _too_many())
        for round_ in range(2, rounds + 1):
            mark = f"{number}#{round_}."
            self.steps.extend(
                dataclasses.replace(step, number=mark + step.number[len(first) :]) for step in body
            )

    # -- one step of each kind -------------------------------------------------------

    def _string(self, here: _File, path: Path, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise here.error(path, key, "must be a string")
        return value

    def _slots(self, here: _File, path: Path, key: str, text: str) -> list[re.Match[str]]:
        """The ``{{name}}`` slots of ``text`` that are variables; an unknown
        name that is not a template field is an error."""
        slots = []
        for match in _SLOT.finditer(text):
            name = match.group(1)
            if name in self.known:
                slots.append(match)
            elif name not in FIELD_NAMES or key.startswith("expect"):
                column = match.start() + 1
                raise here.error(
                    path,
                    key,
                    f"{match.group(0)} at column {column}: no variable named {name!r} "
                    f"({_known(self.known)})",
                )
        return slots

    def _send(
        self, here: _File, path: Path, key: str, value: object, table: dict[str, Any]
    ) -> dict[str, Any]:
        text = self._string(here, path, key, value)
        slots = self._slots(here, path, key, text)
        hex_mode = key == "hex"
        blank = _blank(text, slots)
        try:
            whole = Template.parse(blank)
        except TemplateError as exc:
            raise here.error(path, key, str(exc)) from None
        pieces: list[Template | Var | str] = []
        end = 0
        for match in slots:
            pieces.append(Template.parse(text[end : match.start()]))
            pieces.append(Var(match.group(1)))
            end = match.end()
        pieces.append(Template.parse(text[end:]))
        data = None
        try:
            if not slots and not whole.has_fields:
                data = parse_hex(text) if hex_mode else text.encode(codec_name(self.encoding))
            elif hex_mode and not slots:
                parse_hex(whole.render(1, hex_mode=True, now=0.0, rng=_ZERO, length=0))
        except PayloadError as exc:
            raise here.error(path, key, str(exc)) from None
        except UnicodeEncodeError as exc:
            raise here.error(
                path,
                key,
                f"column {exc.start + 1}: {text[exc.start]!r} cannot be written in {self.encoding}",
            ) from None
        if hex_mode and not text.strip():
            raise here.error(path, key, "the hex is empty")
        kind = StepKind.HEX if hex_mode else StepKind.SEND
        return {"kind": kind, "source": text, "pieces": tuple(pieces), "data": data}

    def _expect(
        self, here: _File, path: Path, key: str, value: object, table: dict[str, Any]
    ) -> dict[str, Any]:
        text = self._string(here, path, key, value)
        slots = self._slots(here, path, key, text)
        try:
            compiled = _text_pattern(RuleKind.REGEX, _blank(text, slots))
        except RuleError as exc:
            raise here.error(path, key, exc.message) from None
        captures = tuple(compiled.groupindex)
        for capture in captures:
            if capture in FIELD_NAMES:
                raise here.error(
                    path,
                    key,
                    f"(?P<{capture}>...): {capture!r} is a template field; "
                    "give the group another name",
                )
        self.known |= set(captures)
        pieces: list[Template | Var | str] = []
        end = 0
        for match in slots:
            pieces.append(text[end : match.start()])
            pieces.append(Var(match.group(1)))
            end = match.end()
        pieces.append(text[end:])
        return {
            "kind": StepKind.EXPECT,
            "source": text,
            "pieces": tuple(p for p in pieces if p != ""),
            "pattern": None if slots else compiled,
            "captures": captures,
            "timeout": self._timeout(here, path, table, here.timeout),
        }

    def _expect_hex(
        self, here: _File, path: Path, key: str, value: object, table: dict[str, Any]
    ) -> dict[str, Any]:
        text = self._string(here, path, key, value)
        try:
            binary = hex_pattern(text)
        except RuleError as exc:
            raise here.error(path, key, exc.message) from None
        binary = re.compile(binary.pattern, re.DOTALL)
        return {
            "kind": StepKind.EXPECT_HEX,
            "source": text,
            "binary": binary,
            "timeout": self._timeout(here, path, table, here.timeout),
        }

    def _expect_closed(
        self, here: _File, path: Path, key: str, value: object, table: dict[str, Any]
    ) -> dict[str, Any]:
        if value is not True:
            raise here.error(path, key, "must be true")
        if not self.stream:
            raise here.error(
                path,
                key,
                "UDP has no connection to close: expect_closed needs tcp://, tls:// or unix:",
            )
        return {
            "kind": StepKind.EXPECT_CLOSED,
            "timeout": self._timeout(here, path, table, here.timeout),
        }

    def _sleep(
        self, here: _File, path: Path, key: str, value: object, table: dict[str, Any]
    ) -> dict[str, Any]:
        if not _is_number(value) or not 0 <= value <= MAX_SECONDS or math.isnan(value):
            raise here.error(path, key, f"must be a number of seconds, 0 to {MAX_SECONDS:g}")
        return {"kind": StepKind.SLEEP, "seconds": float(value), "source": f"{value:g}"}


class _Zero:
    """A random source that gives zeros: to check a hex send's fields once."""

    def randbytes(self, n: int) -> bytes:
        return bytes(n)

    def choices(self, population: str, k: int) -> list[str]:
        return ["0"] * k


_ZERO: Any = _Zero()


def _too_many() -> str:
    return f"more than {MAX_STEPS:,} steps once repeats and includes are unrolled"


def _blank(text: str, slots: list[re.Match[str]]) -> str:
    """``text`` with each variable slot written over by as many ``x``
    (columns stay where they are for the error messages)."""
    out = text
    for match in reversed(slots):
        out = out[: match.start()] + "x" * (match.end() - match.start()) + out[match.end() :]
    return out


def _bad_name(name: str) -> str:
    if name in FIELD_NAMES:
        return f"{name!r} is a template field ({{{{{name}}}}}): give the variable another name"
    return f"{name!r} is not a variable name (letters, digits and _, not starting with a digit)"


def _known(names: object) -> str:
    listed = sorted(names)  # type: ignore[call-overload]
    return "the variables are " + ", ".join(listed) if listed else "no variables are set"


def _beside(folder: str, name: str) -> str:
    """``name`` as written in a file in ``folder``: relative to that folder."""
    expanded = os.path.expanduser(name.strip())
    return expanded if os.path.isabs(expanded) else os.path.join(folder, expanded)


def _real(name: str) -> str:
    return os.path.realpath(name)
