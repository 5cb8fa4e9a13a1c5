"""Scenario runs as a JUnit XML report, the file CI tools read (Jenkins,
GitLab, GitHub's test reporters): a ``<testsuite>`` per scenario file, a
``<testcase>`` per step (the connect first), ``<failure>`` for a failed step,
``<skipped>`` for a step not run, ``<error>`` for a file that could not be
read. Written atomically."""

from __future__ import annotations

import datetime
import os
import re
import socket
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..files.atomic import atomic_write
from .model import ScenarioError
from .runner import Outcome, RunResult

#: Characters XML 1.0 cannot hold, written as \\uXXXX instead.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, slots=True)
class BadFile:
    """A scenario file that could not be loaded (it gets an ``<error>``)."""

    file: str
    error: ScenarioError


def step_name(result_index: int, label: str, number: str) -> str:
    return label if result_index == 0 else f"step {number}: {label}"


def report(runs: list[RunResult | BadFile]) -> ET.Element:
    """The ``<testsuites>`` element of ``runs``."""
    root = ET.Element("testsuites", name="socklab run")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    total_time = 0.0
    stamp = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    host = socket.gethostname()
    for run in runs:
        if isinstance(run, BadFile):
            suite = ET.SubElement(
                root,
                "testsuite",
                name=_clean(run.file),
                tests="1",
                failures="0",
                errors="1",
                skipped="0",
                time="0",
                timestamp=stamp,
                hostname=host,
                file=_clean(run.file),
            )
            case = ET.SubElement(
                suite, "testcase", name="load", classname=_clean(run.file), time="0"
            )
            error = ET.SubElement(
                case, "error", message=_clean(str(run.error)), type="ScenarioError"
            )
            error.text = _clean(str(run.error))
            totals["tests"] += 1
            totals["errors"] += 1
            continue
        scenario = run.scenario
        failures = run.count(Outcome.FAILED)
        skipped = run.count(Outcome.NOT_RUN)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_clean(scenario.name),
            tests=str(len(run.results)),
            failures=str(failures),
            errors="0",
            skipped=str(skipped),
            time=f"{run.duration:.6f}",
            timestamp=stamp,
            hostname=host,
            file=_clean(scenario.file),
        )
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="connect", value=_clean(scenario.target.text))
        classname = _clean(os.path.splitext(os.path.basename(scenario.file))[0])
        for result in run.results:
            step = result.step
            attributes = {
                "name": _clean(step_name(result.index, step.describe(), step.number)),
                "classname": classname,
                "time": f"{result.duration:.6f}",
                "file": _clean(step.file),
            }
            if step.line is not None:
                attributes["line"] = str(step.line)
            case = ET.SubElement(suite, "testcase", attributes)
            arrived = result.arrived_text(scenario.encoding)
            if result.outcome is Outcome.FAILED:
                failure = ET.SubElement(
                    case, "failure", message=_clean(result.message), type=step.kind.value
                )
                failure.text = _clean(
                    f"{result.message}\narrived: {arrived}" if arrived else result.message
                )
            elif result.outcome is Outcome.NOT_RUN:
                ET.SubElement(case, "skipped", message="not run: an earlier step failed")
            elif arrived:
                ET.SubElement(case, "system-out").text = _clean(f"arrived: {arrived}")
        totals["tests"] += len(run.results)
        totals["failures"] += failures
        totals["skipped"] += skipped
        total_time += run.duration
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{total_time:.6f}")
    return root


def write_junit(path: str | os.PathLike[str], runs: list[RunResult | BadFile]) -> None:
    """Write the report of ``runs`` to ``path`` (atomically: all or nothing)."""
    tree = ET.ElementTree(report(runs))
    ET.indent(tree)
    with atomic_write(path, "wb") as file:
        tree.write(file, encoding="utf-8", xml_declaration=True)
