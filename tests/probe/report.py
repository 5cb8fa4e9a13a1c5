"""The probe's tables: plain text, one row per tab / command / part, totals last."""

from __future__ import annotations

import collections
from collections.abc import Iterable, Sequence

GUI_OUTCOMES = ("accepted", "clear", "silent", "crash")
CLI_OUTCOMES = ("exit 0", "exit 1", "exit 2", "traceback", "hang")
#: Lines of detail listed under a table at most.
DETAIL_LINES = 25


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    rows = [[str(c) for c in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    out = [line.format(*header), line.format(*("-" * w for w in widths))]
    out += [line.format(*row) for row in rows]
    return "\n".join(out)


def outcome(record: dict) -> str:
    """A try's outcome; "not run" where the probe pressed nothing (it would have left
    loopback, or the field was disabled)."""
    return "not run" if record.get("guarded") else record["outcome"]


def gui_counts(records: list[dict]) -> collections.Counter:
    counts: collections.Counter = collections.Counter(outcome(r) for r in records)
    counts["tried"] = len(records)
    return counts


def gui_table(records: list[dict]) -> str:
    by_tab: dict[str, list[dict]] = collections.defaultdict(list)
    for r in records:
        by_tab[r["tab"]].append(r)
    header = ["GUI tab", "fields", "tried", *GUI_OUTCOMES, "not run", "bytes differ", "qt warn"]
    rows = []
    for tab, rs in [*by_tab.items(), ("total", records)]:
        c = gui_counts(rs)
        rows.append(
            [
                tab,
                len({(r["tab"], r["field"]) for r in rs}),
                c["tried"],
                *(c[o] for o in GUI_OUTCOMES),
                c["not run"],
                sum(bool(r.get("mismatch")) for r in rs),
                sum(bool(r.get("qt_warnings")) for r in rs),
            ]
        )
    why = collections.Counter(
        f"{outcome(r)}: {r['why']}" for r in records if outcome(r) in ("silent", "crash")
    )
    lines = [
        table(header, rows),
        "",
        "why: " + ", ".join(f"{k} {v}" for k, v in sorted(why.items())),
    ]
    lines += _gui_detail(records)
    return "\n".join(lines)


def _gui_detail(records: list[dict]) -> list[str]:
    """The crashes, and the silent tries grouped by tab x field."""
    lines = []
    crashes = [r for r in records if outcome(r) == "crash"]
    for r in crashes[:DETAIL_LINES]:
        detail = "; ".join(r.get("exceptions", []) + r.get("qt_critical", [])) or r.get("said", "")
        lines.append(f"  CRASH {r['tab']}.{r['field']} <- {r['input']}: {r['why']} {detail[:70]}")
    silent: dict[str, list[str]] = collections.defaultdict(list)
    for r in records:
        if outcome(r) == "silent":
            silent[f"{r['tab']}.{r['field']}"].append(r["input"])
    for where, inputs in list(silent.items())[:DETAIL_LINES]:
        shown = ", ".join(inputs[:8]) + (f" (+{len(inputs) - 8})" if len(inputs) > 8 else "")
        lines.append(f"  silent {where}: {shown}")
    return lines


def _command(record: dict) -> str:
    args = record["args"]
    return " ".join(args[:2]) if args and args[0] in ("udp", "tcp") and len(args) > 1 else "other"


def cli_table(records: list[dict]) -> str:
    by_command: dict[str, list[dict]] = collections.defaultdict(list)
    for r in records:
        by_command[_command(r)].append(r)
    header = ["CLI command", "tried", *CLI_OUTCOMES, "not run", "as expected", "wrong"]
    rows = []
    for command, rs in [*by_command.items(), ("total", records)]:
        c = collections.Counter(r["outcome"] for r in rs)
        v = collections.Counter(r["verdict"] for r in rs)
        rows.append(
            [
                command,
                len(rs),
                *(c[o] for o in CLI_OUTCOMES),
                c["not run"],
                v["as expected"],
                v["wrong"],
            ]
        )
    lines = [table(header, rows)]
    for r in [r for r in records if r["verdict"] == "wrong"]:
        lines.append(f"  wrong: socklab {r['line'][:80]} -> {r['wrong']}")
    return "\n".join(lines)


def part_table(name: str, result: object) -> str:
    """The data and faults parts report rows of (check, value, verdict)."""
    if not isinstance(result, dict) or "rows" not in result:
        return f"{name}: {result}"
    rows = [[r["check"], r["value"], r["verdict"]] for r in result["rows"]]
    return table([f"{name} check", "value", "verdict"], rows)


def totals(results: dict) -> str:
    lines = [f"TOTALS (commit {results['commit']}, {results['seconds']} s)"]
    if "gui" in results:
        c = gui_counts(results["gui"])
        pairs = len({(r["tab"], r["field"]) for r in results["gui"]})
        lines.append(
            f"GUI inputs tried {c['tried']} over {pairs} tab x field pairs: "
            f"accepted {c['accepted']}, clear {c['clear']}, silent {c['silent']}, "
            f"crash {c['crash']}, not run {c['not run']}"
        )
        compared = sum(r.get("compared", 0) for r in results["gui"])
        differ = sum(bool(r.get("mismatch")) for r in results["gui"])
        lines.append(
            f"GUI sends compared byte for byte at the peer: {compared}, differing: {differ}"
        )
    if "cli" in results:
        c = collections.Counter(r["outcome"] for r in results["cli"])
        wrong = sum(r["verdict"] == "wrong" for r in results["cli"])
        lines.append(
            f"CLI invocations tried {len(results['cli'])}: exit 2 {c['exit 2']}, "
            f"traceback {c['traceback']}, hang {c['hang']}, wrong for their input {wrong}"
        )
    for part in ("data", "faults"):
        result = results.get(part)
        if isinstance(result, dict) and "rows" in result:
            bad = [r["check"] for r in result["rows"] if r["verdict"] != "ok"]
            lines.append(
                f"{part}: {len(result['rows'])} checks, not ok: {', '.join(bad) or 'none'}"
            )
        elif part in results:
            lines.append(f"{part}: {result}")
    return "\n".join(lines)


#: How bad an outcome is: a try that moves up this scale got worse.
_GUI_RANK = {"not run": 0, "accepted": 0, "clear": 0, "silent": 1, "crash": 2}


def _gui_key(record: dict) -> tuple[str, str, str]:
    return record["tab"], record["field"], record["input"]


def compare(results: dict, baseline: dict) -> str:
    """What got better or worse against an earlier run's ``--json``."""
    lines = [f"AGAINST {baseline.get('commit', '?')} (the --baseline run)"]
    if "gui" in results and "gui" in baseline:
        before, after = gui_counts(baseline["gui"]), gui_counts(results["gui"])
        rows = [[o, before[o], after[o], after[o] - before[o]] for o in (*GUI_OUTCOMES, "not run")]
        lines.append(table(["GUI outcome", "before", "now", "change"], rows))
        earlier = {_gui_key(r): r for r in baseline["gui"]}
        worse = [
            (earlier[_gui_key(r)], r)
            for r in results["gui"]
            if _gui_key(r) in earlier
            and _GUI_RANK[outcome(r)] > _GUI_RANK[outcome(earlier[_gui_key(r)])]
        ]
        lines.append(f"GUI tries that got worse: {len(worse)}")
        lines += [
            f"  {'.'.join(_gui_key(r))}: {outcome(b)} -> {outcome(r)} ({r['why']})"
            for b, r in worse[:DETAIL_LINES]
        ]
    if "cli" in results and "cli" in baseline:
        earlier_cli = {r.get("line", " ".join(r["args"])): r for r in baseline["cli"]}
        worse_cli = [
            r
            for r in results["cli"]
            if r["verdict"] == "wrong"
            and earlier_cli.get(r.get("line", ""), {}).get("verdict") == "as expected"
        ]
        fixed = [
            r
            for r in results["cli"]
            if r["verdict"] == "as expected"
            and earlier_cli.get(r.get("line", ""), {}).get("verdict") == "wrong"
        ]
        lines.append(f"CLI invocations now as expected that were wrong: {len(fixed)}")
        lines.append(f"CLI invocations now wrong that were as expected: {len(worse_cli)}")
        lines += [f"  socklab {r['line'][:80]} -> {r['wrong']}" for r in worse_cli]
    for part in ("data", "faults"):
        now, then = results.get(part), baseline.get(part)
        if isinstance(now, dict) and isinstance(then, dict) and "rows" in now and "rows" in then:
            was_ok = {r["check"] for r in then["rows"] if r["verdict"] == "ok"}
            broke = [
                r["check"] for r in now["rows"] if r["verdict"] != "ok" and r["check"] in was_ok
            ]
            lines.append(f"{part} checks ok before, not ok now: {', '.join(broke) or 'none'}")
    return "\n".join(lines)
