"""``socklab run SCENARIO.toml [more.toml ...] [--junit report.xml] [--var NAME=VALUE]
[--pcap FILE] [--capture FILE]``:
the arguments of running scenarios."""

from __future__ import annotations

import argparse
import re

_VAR = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", re.DOTALL)


def _variable(text: str) -> tuple[str, str]:
    found = _VAR.fullmatch(text)
    if found is None:
        raise argparse.ArgumentTypeError(
            f"{text!r}: write NAME=VALUE (a name of letters, digits and _), such as port=7000"
        )
    return found.group(1), found.group(2)


def add_run_parser(commands: argparse._SubParsersAction, path_type) -> None:
    """The ``run`` subcommand on ``commands`` (``path_type`` checks a path)."""
    run = commands.add_parser(
        "run",
        help="run scenario files: send, expect, pass or fail",
        description="Run each scenario (a TOML file of steps against one connection): one line"
        " per step. Exit codes: 0 every step passed, 1 a step failed, 2 a bad file (the message"
        " names its line and key).",
    )
    run.add_argument("scenarios", nargs="+", type=path_type, metavar="SCENARIO.toml")
    run.add_argument(
        "--junit",
        type=path_type,
        metavar="FILE",
        help="also write a JUnit XML report (a testsuite per file, a testcase per step) for CI",
    )
    run.add_argument(
        "--pcap",
        type=path_type,
        metavar="FILE",
        help="record every byte each scenario sends and receives to FILE as pcapng, for"
        " Wireshark (each connection its own stream; TLS: the plaintext)",
    )
    run.add_argument(
        "--capture",
        type=path_type,
        metavar="FILE",
        help="record every byte each scenario sends and receives to FILE (JSON Lines)",
    )
    run.add_argument(
        "--var",
        type=_variable,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a variable (wins over the file's [vars]); may be given again",
    )
