"""``socklab run``: load every scenario file (a bad one stops everything with
exit 2 before anything runs), run them one after the other, one line per step,
then the JUnit report if asked; ``--pcap`` / ``--capture`` record every
connection's bytes (a file that cannot be written: exit 2 before anything runs;
one that fails while written, a full disk: exit 1)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import IO

from socklab.core import scenario as sc

from .output import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_NETWORK, EXIT_OK

#: The word each outcome is printed with (the same width).
WORDS = {sc.Outcome.PASSED: "passed ", sc.Outcome.FAILED: "FAILED ", sc.Outcome.NOT_RUN: "not run"}


def step_line(result: sc.StepResult, encoding: str) -> str:
    """``  passed   2     expect /hel+o/  (1.2 ms)  arrived "hello"``."""
    step = result.step
    where = f"line {step.line}" if step.line is not None else ""
    text = f"  {WORDS[result.outcome]}  {step.number:<6} {step.describe()}"
    if result.outcome is sc.Outcome.NOT_RUN:
        return text
    text += f"  ({_time(result.duration)})"
    if result.sent:
        text += f"  sent {len(result.sent):,} byte{'' if len(result.sent) == 1 else 's'}"
    if result.outcome is sc.Outcome.FAILED:
        text += f"  [{where}] {result.message}" if where else f"  {result.message}"
    arrived = result.arrived_text(encoding)
    if arrived:
        text += f'  arrived "{arrived}"'
    return text


def _time(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _summary(run: sc.RunResult) -> str:
    counts = [f"{run.count(sc.Outcome.PASSED)} of {len(run.results)} steps passed"]
    for outcome in (sc.Outcome.FAILED, sc.Outcome.NOT_RUN):
        if run.count(outcome):
            counts.append(f"{run.count(outcome)} {outcome.value}")
    verdict = "PASSED" if run.passed else "FAILED"
    return f"{run.scenario.file}: {verdict}: {', '.join(counts)} ({_time(run.duration)})"


async def _run_all(
    scenarios: list[sc.Scenario], out: IO[str], recording: sc.RunRecording | None = None
) -> list[sc.RunResult]:
    runs = []
    for scenario in scenarios:
        print(f"{scenario.file}: {scenario.name} ({scenario.target.text})", file=out, flush=True)

        def said(result: sc.StepResult, encoding: str = scenario.encoding) -> None:
            print(step_line(result, encoding), file=out, flush=True)

        run = await sc.run_scenario(scenario, finished=said, recording=recording)
        print(_summary(run), file=out, flush=True)
        runs.append(run)
    return runs


def _write_junit(path, runs: list) -> bool:
    try:
        sc.write_junit(path, runs)
    except OSError as exc:
        print(f"socklab run: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _finish_recording(recording: sc.RunRecording) -> bool:
    """Close the capture files; False (said) if one could not be written whole."""
    try:
        recording.close()
    except OSError as exc:
        print(f"socklab run: capture to {recording.path}: {_reason(exc)}", file=sys.stderr)
        return False
    files = " and ".join(str(path) for path in recording.paths)
    print(f"socklab run: captured {recording.events_written} events to {files}", file=sys.stderr)
    return True


def run_scenarios(args: argparse.Namespace) -> int:
    """``socklab run``'s exit code: 0 all passed, 1 a step failed, 2 a bad file."""
    variables = dict(args.var)
    loaded: list[sc.Scenario] = []
    bad: list[sc.BadFile] = []
    for path in args.scenarios:
        try:
            loaded.append(sc.load_scenario(path, variables))
        except sc.ScenarioError as exc:
            print(f"socklab run: error: {exc}", file=sys.stderr)
            bad.append(sc.BadFile(str(path), exc))
    if bad:
        if args.junit is not None:
            _write_junit(args.junit, bad)
        return EXIT_INPUT
    recording = None
    if args.pcap is not None or args.capture is not None:
        try:
            recording = sc.RunRecording(args.capture, args.pcap)
        except OSError as exc:
            name = "--pcap" if str(exc.filename) == str(args.pcap) else "--capture"
            print(
                f"socklab run: error: argument {name}: cannot write {exc.filename}: {_reason(exc)}",
                file=sys.stderr,
            )
            return EXIT_INPUT
    try:
        runs = asyncio.run(_run_all(loaded, sys.stdout, recording))
    except KeyboardInterrupt:
        print("socklab run: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        captured = recording is None or _finish_recording(recording)
    written = args.junit is None or _write_junit(args.junit, runs)
    if len(runs) > 1:
        passed = sum(1 for run in runs if run.passed)
        print(f"{passed} of {len(runs)} scenarios passed", flush=True)
    if not (written and captured):
        return EXIT_NETWORK
    return EXIT_OK if all(run.passed for run in runs) else EXIT_NETWORK
