"""Fixtures for the teaching tests: run a Python script in a subprocess and wait
for the lines it prints (never sleep)."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


class ScriptRun:
    """A running script whose stdout lines are read by a thread as they come."""

    def __init__(self, path: Path, args: tuple[str, ...]) -> None:
        env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(path), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            encoding="utf-8",
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._stderr: list[str] = []
        self._readers = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        self._stderr.extend(self.process.stderr)

    def send_line(self, text: str) -> None:
        """Type a line on the script's standard input."""
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    @property
    def stderr(self) -> str:
        return "".join(self._stderr)

    def expect(self, pattern: str, timeout: float = 10.0) -> re.Match[str]:
        """Wait for the next stdout line that matches ``pattern`` (a regex, searched)."""
        regex = re.compile(pattern)
        while True:
            try:
                line = self._queue.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(
                    f"no line matching {pattern!r} within {timeout} s; got {self.lines}"
                ) from None
            if line is None:
                self._queue.put(None)
                raise AssertionError(
                    f"the script ended without printing {pattern!r}; got {self.lines}\n"
                    f"stderr: {self.stderr}"
                )
            self.lines.append(line)
            match = regex.search(line)
            if match:
                return match

    def expect_port(self, pattern: str, timeout: float = 10.0) -> int:
        """The port of the first address tuple on the next line matching ``pattern``."""
        line = self.expect(pattern, timeout).string
        match = re.search(r"\('[^']*', (\d+)", line)
        assert match, line
        return int(match.group(1))

    def finish(self, timeout: float = 10.0) -> str:
        """Wait for the script to end successfully; all its stdout."""
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"the script did not end; printed {self.lines}") from None
        for reader in self._readers:
            reader.join(timeout)
        while (line := self._queue.get_nowait()) is not None:
            self.lines.append(line)
        self._queue.put(None)
        assert code == 0, f"exit code {code}\nstdout: {self.lines}\nstderr: {self.stderr}"
        return "\n".join(self.lines)

    def kill(self) -> None:
        """End the script if it still runs, and release its pipes."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        for reader in self._readers:
            reader.join(5)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(BrokenPipeError):
                    stream.close()


@pytest.fixture
def run_script(tmp_path: Path) -> Iterator[Callable[..., ScriptRun]]:
    """``run_script(source_or_path, *args)`` -> a :class:`ScriptRun`; killed after the test."""
    runs: list[ScriptRun] = []

    def run(script: str | Path, *args: object) -> ScriptRun:
        if isinstance(script, str):
            path = tmp_path / f"script_{len(runs)}.py"
            path.write_text(script, encoding="utf-8")
        else:
            path = script
        started = ScriptRun(path, tuple(str(a) for a in args))
        runs.append(started)
        return started

    yield run
    for started in runs:
        started.kill()
