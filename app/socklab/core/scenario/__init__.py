"""Scenarios: a TOML file of steps (send, expect, sleep ...) run against one
connection, each step passed or failed. :func:`load_scenario` reads and checks
a file, :func:`run_scenario` runs it on asyncio, :func:`write_junit` writes the
results for CI; :class:`RunRecording` records a run's connections (pcapng,
JSON Lines)."""

from __future__ import annotations

from .junit import BadFile, write_junit
from .loader import MAX_REPEAT, MAX_STEPS, load_scenario, parse_variables
from .model import Scenario, ScenarioError, Step, StepKind, Target, TargetKind
from .recording import RunRecording
from .runner import (
    Outcome,
    RunResult,
    ScenarioRun,
    StepResult,
    all_steps,
    run_scenario,
)

__all__ = [
    "MAX_REPEAT",
    "MAX_STEPS",
    "BadFile",
    "Outcome",
    "RunRecording",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "ScenarioRun",
    "Step",
    "StepKind",
    "StepResult",
    "Target",
    "TargetKind",
    "all_steps",
    "load_scenario",
    "parse_variables",
    "run_scenario",
    "write_junit",
]
