"""The hostile-user probe of issue #15, as a repeatable measurement (not a test).

    PYTHONPATH=app python tests/probe/run.py [--only gui,cli,data,faults] [--json out.json]

Prints a table per part and the totals; README.md beside this file says what each
outcome means.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import report

HERE = Path(__file__).resolve().parent
PARTS = ("gui", "cli", "data", "faults")
TABS = ("udpTab", "broadcastTab", "tcpClientTab", "tcpServerTab")
#: A GUI process that writes nothing for this long is stuck: killed, its try a crash.
TRY_BOUND = 60.0


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def probe_tab(tab: str, folder: Path) -> list[dict]:
    """Every try on ``tab``, each in order; a try that killed its process (or hung it)
    is a crash, and the next try starts in a new process."""
    out = folder / f"{tab}.jsonl"
    errors = folder / f"{tab}.stderr"
    start = 0
    crashes: list[dict] = []
    while True:
        with errors.open("a") as stderr:
            process = subprocess.Popen(
                [
                    *(sys.executable, str(HERE / "gui_probe.py"), tab, str(out)),
                    *("--start", str(start), "--folder", str(folder)),
                ],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            why = _watch(process, out)
        lines = _lines(out)
        done = {r["try"] for r in lines if "outcome" in r}
        pending = [r for r in lines if "outcome" not in r and r["try"] not in done]
        if not pending:
            break
        last = pending[-1]
        crashes.append(
            {
                "tab": tab,
                "field": last["field"],
                "input": last["input"],
                "try": last["try"],
                "outcome": "crash",
                "why": why,
                "said": _tail(errors),
            }
        )
        start = last["try"] + 1
    records = {r["try"]: r for r in lines if "outcome" in r}
    records.update({c["try"]: c for c in crashes})
    return [records[i] for i in sorted(records)]


def _watch(process: subprocess.Popen, out: Path) -> str:
    """Wait for ``process``; kill it when its output stops growing for TRY_BOUND."""
    size, since = -1, time.monotonic()
    while True:
        try:
            process.wait(0.2)  # look at its output five times a second
            break
        except subprocess.TimeoutExpired:
            pass
        now_size = out.stat().st_size if out.exists() else 0
        if now_size != size:
            size, since = now_size, time.monotonic()
        elif time.monotonic() - since > TRY_BOUND:
            process.kill()
            process.wait()
            return "hang"
    code = process.returncode
    return f"died (signal {-code})" if code < 0 else f"died (exit {code})"


def _tail(path: Path) -> str:
    lines = [line for line in path.read_text(errors="replace").splitlines() if line.strip()]
    return " / ".join(lines[-3:])[:300]


def run_gui(folder: Path) -> list[dict]:
    with ThreadPoolExecutor(2) as pool:
        per_tab = list(pool.map(lambda tab: probe_tab(tab, folder), TABS))
    return [record for records in per_tab for record in records]


def run_part(name: str, folder: Path) -> object:
    """A part that runs in a process of its own (it opens a window)."""
    out = folder / f"{name}.json"
    code = subprocess.call(
        [sys.executable, str(HERE / f"{name}_probe.py"), str(out)],
        stdout=subprocess.DEVNULL,
        stderr=(folder / f"{name}.stderr").open("w"),
        timeout=900,
    )
    if not out.exists():
        return {"crash": f"exit {code}", "stderr": _tail(folder / f"{name}.stderr")}
    return json.loads(out.read_text(encoding="utf-8"))


def _commit() -> str:
    """The commit of the socklab being probed (the one on PYTHONPATH)."""
    import socklab

    try:
        return subprocess.run(
            ["git", "-C", str(Path(socklab.__file__).parent), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help="parts, comma-separated")
    parser.add_argument("--json", type=Path, metavar="FILE", help="every try's record")
    parser.add_argument(
        "--baseline", type=Path, metavar="FILE", help="an earlier --json: say what got worse"
    )
    args = parser.parse_args()
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    results: dict = {"commit": _commit(), "date": time.strftime("%Y-%m-%d %H:%M:%S")}
    started = time.monotonic()
    print(f"SockLab hostile-user probe on commit {results['commit']}")
    with tempfile.TemporaryDirectory(prefix="socklab-probe-") as name:
        folder = Path(name)
        for part in parts:
            part_started = time.monotonic()
            if part == "gui":
                results["gui"] = run_gui(folder)
                print(report.gui_table(results["gui"]))
            elif part == "cli":
                import cli_probe

                results["cli"] = cli_probe.probe()
                print(report.cli_table(results["cli"]))
            else:
                results[part] = run_part(part, folder)
                print(report.part_table(part, results[part]))
            print(f"({part}: {time.monotonic() - part_started:.0f} s)\n")
    results["seconds"] = round(time.monotonic() - started)
    print(report.totals(results))
    if args.baseline:
        baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
        print("\n" + report.compare(results, baseline))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
