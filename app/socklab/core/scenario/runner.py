"""Run a scenario on asyncio: connect, then each step in order, each one
reported as it ends (passed, or failed with what arrived instead).

What arrives is read into one buffer for a stream (TCP, TLS, Unix) and kept as
separate datagrams for UDP. An ``expect`` searches what has arrived and not
been used yet, waiting for more until it matches or its timeout passes: on a
stream the bytes up to the end of the match are used (the rest stays for the
next expect); on UDP each datagram is searched on its own, and the datagrams
up to the one that matched are used. The first failing step ends the run: the
steps after it are "not run".
"""

from __future__ import annotations

import asyncio
import enum
import errno
import os
import random
import re
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..display import to_text
from ..payload import PayloadError, codec_name, parse_hex
from ..template import SendCounter, Template, expand
from ..tls import TlsSettingsError
from .channel import Channel, open_channel
from .model import Scenario, Step, StepKind, Var

if TYPE_CHECKING:
    from .recording import RunRecording

#: Bytes of a stream kept waiting for an expect; older bytes are let go (and counted).
MAX_BUFFER = 1 << 20
#: Bytes of what arrived that a report shows (then a note of how many more).
SHOWN_BYTES = 200


#: The codes of :attr:`StepResult.reason`.
REASONS = (
    "no-connection",
    "cannot-connect",
    "send-failed",
    "cannot-make",
    "receive-failed",
    "bad-pattern",
    "closed-no-match",
    "nothing-arrived",
    "no-match",
    "still-open",
)


class Outcome(enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not run"


@dataclass(frozen=True, slots=True)
class StepResult:
    """How one step went: ``arrived`` holds what came in during it (the
    datagrams one by one on UDP), ``sent`` what it sent, ``message`` why it
    failed, ``duration`` in seconds. ``reason`` is the failure as a code (one
    of :data:`REASONS`) and ``detail`` its value (a timeout's seconds, an
    error's words), for a view that says it in its own language."""

    index: int
    step: Step
    outcome: Outcome
    duration: float = 0.0
    message: str = ""
    arrived: tuple[bytes, ...] = ()
    sent: bytes = b""
    reason: str = ""
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED

    def arrived_text(self, encoding: str = "utf-8", limit: int | None = SHOWN_BYTES) -> str:
        """What arrived as safe one-line text (control characters escaped), cut
        after ``limit`` bytes with a note of how many more; datagrams apart."""
        return " ¦ ".join(to_text(piece, encoding, limit) for piece in self.arrived)


@dataclass(slots=True)
class RunResult:
    """The results of one run, the connect first (index 0)."""

    scenario: Scenario
    results: list[StepResult] = field(default_factory=list)
    duration: float = 0.0

    def __repr__(self) -> str:  # short: asyncio writes a finished task's result in its repr
        return (
            f"<RunResult {self.scenario.name!r}: {len(self.results)} steps, passed={self.passed}>"
        )

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)


def connect_step(scenario: Scenario) -> Step:
    """The step that stands for the connect (row 0 of a report)."""
    return Step(
        StepKind.CONNECT,
        "0",
        scenario.file,
        scenario.connect_line,
        source=scenario.target.text,
        timeout=scenario.timeout,
    )


def all_steps(scenario: Scenario) -> list[Step]:
    """The connect, then the scenario's steps: the rows of a report."""
    return [connect_step(scenario), *scenario.steps]


class _StepFailedError(Exception):
    def __init__(self, reason: str, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.reason, self.message, self.detail = reason, message, detail


def why(exc: BaseException) -> str:
    """An exception as a short sentence: ``connection refused (ECONNREFUSED)``."""
    if isinstance(exc, TlsSettingsError):
        return f"TLS: {exc.message}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS: the certificate is not trusted: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS: {exc.reason or exc}"
    if isinstance(exc, OSError) and exc.errno is not None:
        name = errno.errorcode.get(exc.errno, str(exc.errno))
        return f"{os.strerror(exc.errno).lower()} ({name})"
    if isinstance(exc, OSError) and exc.args:  # getaddrinfo's gaierror has no errno name
        return str(exc.args[-1])
    return str(exc) or type(exc).__name__


class ScenarioRun:
    """One run of ``scenario``: ``await run()`` gives the :class:`RunResult`.

    ``started(index)`` is called as each step begins, ``finished(result)`` as
    it ends (steps not run included): on the loop's thread, in order.
    ``recording`` (if given) records the connection's every byte.
    """

    def __init__(
        self,
        scenario: Scenario,
        started: Callable[[int], None] | None = None,
        finished: Callable[[StepResult], None] | None = None,
        clock: Callable[[], float] = time.perf_counter,
        recording: RunRecording | None = None,
    ) -> None:
        self.scenario = scenario
        self._recording = recording
        self._started = started
        self._finished = finished
        self._clock = clock
        self._codec = codec_name(scenario.encoding)
        self.variables = dict(scenario.variables)
        self._counter = SendCounter()
        self._random = random.Random()  # {{random:N}}: seeded once, not at every send
        self._channel: Channel | None = None
        self._buffer = bytearray()  # a stream's bytes not used yet
        self._datagrams: list[bytes] = []  # UDP's datagrams not used yet
        self._closed = False  # the stream's peer closed
        self._let_go = 0  # bytes let go from a full buffer
        self.result = RunResult(scenario)

    async def run(self) -> RunResult:
        steps = all_steps(self.scenario)
        begin = self._clock()
        try:
            for index, step in enumerate(steps):
                if self._started is not None:
                    self._started(index)
                result = await self._run_step(index, step)
                self._report(result)
                if not result.passed:
                    for later in range(index + 1, len(steps)):
                        self._report(StepResult(later, steps[later], Outcome.NOT_RUN))
                    break
        finally:
            if self._channel is not None:
                await self._channel.close()
            self.result.duration = self._clock() - begin
        return self.result

    def _report(self, result: StepResult) -> None:
        self.result.results.append(result)
        if self._finished is not None:
            self._finished(result)

    async def _run_step(self, index: int, step: Step) -> StepResult:
        begin = self._clock()
        sent = b""
        arrived: tuple[bytes, ...] = ()
        try:
            if step.kind is StepKind.CONNECT:
                await self._connect(step)
            elif step.kind in (StepKind.SEND, StepKind.HEX):
                sent = self._render(step)
                assert self._channel is not None
                try:
                    await self._channel.send(sent)
                except (OSError, ConnectionError) as exc:
                    raise _StepFailedError(
                        "send-failed", f"send failed: {why(exc)}", why(exc)
                    ) from None
            elif step.kind is StepKind.SLEEP:
                await asyncio.sleep(step.seconds)
            elif step.kind is StepKind.EXPECT_CLOSED:
                arrived = await self._expect_closed(step)
            else:
                arrived = await self._expect(step)
        except _StepFailedError as failure:
            return StepResult(
                index,
                step,
                Outcome.FAILED,
                self._clock() - begin,
                failure.message,
                self._pending(),
                sent,
                failure.reason,
                failure.detail,
            )
        return StepResult(index, step, Outcome.PASSED, self._clock() - begin, "", arrived, sent)

    async def _connect(self, step: Step) -> None:
        target = self.scenario.target
        try:
            channel = await asyncio.wait_for(open_channel(target), step.timeout)
            self._channel = channel if self._recording is None else self._recording.watch(channel)
        except TimeoutError:
            raise _StepFailedError(
                "no-connection", f"no connection after {step.timeout:g} s", f"{step.timeout:g}"
            ) from None
        except (OSError, ssl.SSLError, TlsSettingsError, ValueError) as exc:
            raise _StepFailedError(
                "cannot-connect", f"cannot connect: {why(exc)}", why(exc)
            ) from None

    # -- sending ------------------------------------------------------------------

    def _render(self, step: Step) -> bytes:
        if step.data is not None:
            return step.data
        parts: list = []
        for piece in step.pieces:
            if isinstance(piece, Template):
                parts.extend(piece.parts)
            elif isinstance(piece, Var):
                parts.append(self.variables.get(piece.name, ""))
        hex_mode = step.kind is StepKind.HEX
        codec = self._codec

        def encode(text: str) -> bytes:
            if hex_mode:
                return parse_hex(text)
            try:
                return text.encode(codec)
            except UnicodeEncodeError as exc:
                raise PayloadError(f"{text[exc.start]!r} cannot be written in {codec}") from None

        try:
            return expand(
                Template(tuple(parts)),
                self._counter.take(),
                encode,
                hex_mode=hex_mode,
                rng=self._random,
            )
        except PayloadError as exc:
            raise _StepFailedError(
                "cannot-make", f"cannot make the bytes to send: {exc}", str(exc)
            ) from None

    # -- receiving ----------------------------------------------------------------

    def _pending(self) -> tuple[bytes, ...]:
        if self._channel is None or self._channel.stream:
            return (bytes(self._buffer),) if self._buffer else ()
        return tuple(self._datagrams)

    async def _more(self, deadline: float) -> bool:
        """Wait for more bytes until ``deadline`` (the loop's time); False at
        the deadline. A stream's end sets ``_closed``."""
        assert self._channel is not None
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            return False
        try:
            async with asyncio.timeout(remaining):
                data = await self._channel.receive()
        except TimeoutError:
            return False
        except (OSError, ConnectionError) as exc:
            raise _StepFailedError(
                "receive-failed", f"receive failed: {why(exc)}", why(exc)
            ) from None
        if not self._channel.stream:
            self._datagrams.append(data)
        elif data:
            self._buffer += data
            if len(self._buffer) > MAX_BUFFER:
                extra = len(self._buffer) - MAX_BUFFER
                del self._buffer[:extra]
                self._let_go += extra
        else:
            self._closed = True
        return True

    def _pattern(self, step: Step) -> re.Pattern[str]:
        if step.pattern is not None:
            return step.pattern
        source = "".join(
            re.escape(self.variables.get(p.name, "")) if isinstance(p, Var) else str(p)
            for p in step.pieces
        )
        try:
            return re.compile(source)
        except re.error as exc:
            raise _StepFailedError(
                "bad-pattern",
                f"the pattern with its variables filled in is not valid: {exc}",
                str(exc),
            ) from None

    def _search(self, step: Step, data: bytes) -> tuple[int, re.Match | None]:
        """The match in ``data`` and the bytes it uses up (0 without a match)."""
        if step.kind is StepKind.EXPECT_HEX:
            assert step.binary is not None
            found = step.binary.search(data)
            return (found.end() if found else 0), found
        pattern = self._pattern(step)
        try:
            text = data.decode(self._codec, "surrogateescape")
            exact = True
        except UnicodeError:
            text, exact = data.decode(self._codec, "replace"), False
        found = pattern.search(text)
        if found is None:
            return 0, None
        if not exact:
            return len(data), found
        return len(text[: found.end()].encode(self._codec, "surrogateescape")), found

    def _take(self, step: Step) -> tuple[bytes, ...] | None:
        """What a match in the waiting bytes uses up, or None."""
        if self._channel is not None and not self._channel.stream:
            for i, datagram in enumerate(self._datagrams):
                _, found = self._search(step, datagram)
                if found is not None:
                    used = tuple(self._datagrams[: i + 1])
                    del self._datagrams[: i + 1]
                    self._capture(found)
                    return used
            return None
        used, found = self._search(step, bytes(self._buffer))
        if found is None:
            return None
        data = bytes(self._buffer[:used])
        del self._buffer[:used]
        self._capture(found)
        return (data,)

    def _capture(self, found: re.Match) -> None:
        for name, value in found.groupdict().items():
            if isinstance(value, str):
                self.variables[name] = value

    async def _expect(self, step: Step) -> tuple[bytes, ...]:
        deadline = asyncio.get_running_loop().time() + step.timeout
        while True:
            used = self._take(step)
            if used is not None:
                return used
            if self._closed:
                raise _StepFailedError(
                    "closed-no-match", "the peer closed the connection; nothing arrived matched"
                )
            if not await self._more(deadline):
                if not self._pending():
                    reason, said = "nothing-arrived", "nothing arrived"
                else:
                    reason, said = "no-match", "what arrived did not match"
                raise _StepFailedError(
                    reason,
                    f"{said} in {step.timeout:g} s{self._let_go_note()}",
                    f"{step.timeout:g}",
                )

    async def _expect_closed(self, step: Step) -> tuple[bytes, ...]:
        deadline = asyncio.get_running_loop().time() + step.timeout
        while not self._closed:
            if not await self._more(deadline):
                raise _StepFailedError(
                    "still-open",
                    f"the connection is still open after {step.timeout:g} s",
                    f"{step.timeout:g}",
                )
        used = self._pending()
        self._buffer.clear()
        return used

    def _let_go_note(self) -> str:
        return f" ({self._let_go:,} earlier bytes let go)" if self._let_go else ""


async def run_scenario(
    scenario: Scenario,
    started: Callable[[int], None] | None = None,
    finished: Callable[[StepResult], None] | None = None,
    recording: RunRecording | None = None,
) -> RunResult:
    """Run ``scenario`` once (see :class:`ScenarioRun`)."""
    return await ScenarioRun(scenario, started, finished, recording=recording).run()
