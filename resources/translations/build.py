"""Refresh and compile SockLab's translations.

    python resources/translations/build.py           # lupdate the .ts, lrelease the .qm
    python resources/translations/build.py --check   # exit 1 if anything is out of date

Refreshing runs ``pyside6-lupdate -no-obsolete`` over ``app/socklab/gui/**/*.py``
and ``app/socklab/teaching/**/*.py`` into ``resources/translations/socklab_<lang>.ts``
(existing translations are kept, strings gone from the sources are dropped),
then ``pyside6-lrelease`` into ``app/socklab/i18n/socklab_<lang>.qm``, which is
committed so that ``pip install .`` ships it. New strings arrive unfinished:
translate them (Qt Linguist, ``pyside6-linguist``, or any editor) and run this
again. The languages are those of ``socklab.teaching.languages.LANGUAGES``.

One system for all of SockLab's text: the window loads the .qm with a
``QTranslator``; the teaching code (the generated scripts' comments, the errors
explained), which runs without Qt, reads the same .qm with
``socklab.teaching.catalogue.read_qm``. Its texts are marked in the source with
``QT_TRANSLATE_NOOP("Codegen", "...")`` / ``QT_TRANSLATE_NOOP("Explain", "...")``.

``--check`` changes nothing. It fails, saying why, when a string in the
sources is missing from the .ts, the .ts holds a string the sources no longer
have, a translation is unfinished or empty, a translation loses or adds a
``%1`` / ``{name}`` placeholder, the shipped .qm differs from a fresh
lrelease of the .ts, or a source file translates through a wrapper that
lupdate cannot see (``_tr("...")``, a bare ``tr("...")``).

lupdate would take the ``#:`` comments that document constants for notes to
the translator; they are dropped from the .ts.

lupdate understands only literal calls: ``self.tr("text")``,
``QCoreApplication.translate("Context", "text")``,
``translate("Context", "text")`` and ``QT_TRANSLATE_NOOP("Context", "text")``.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"
QM_DIR = ROOT / "app" / "socklab" / "i18n"
SOURCE_DIRS = (ROOT / "app" / "socklab" / "gui", ROOT / "app" / "socklab" / "teaching")


def _languages() -> tuple[str, ...]:
    """Every translation: the languages of SockLab's one table but the source language."""
    sys.path.insert(0, str(ROOT / "app"))
    try:
        from socklab.teaching.languages import LANGUAGES, SOURCE_LANGUAGE
    finally:
        sys.path.pop(0)
    return tuple(language.code for language in LANGUAGES if language.code != SOURCE_LANGUAGE)


LANGUAGES = _languages()

#: Calls lupdate does not see: a module-level ``_tr(...)`` / ``tr(...)`` wrapper.
_WRAPPER_CALL = re.compile(r"(?<![\w.])_?tr\(")
_EXTRACOMMENT = re.compile(r"[ \t]*<extracomment>.*?</extracomment>\n", re.DOTALL)
_PLACEHOLDER = re.compile(r"%\d|\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    kind: str  # "", "unfinished", "obsolete" or "vanished"
    where: str


def ts_path(lang: str) -> Path:
    return TS_DIR / f"socklab_{lang}.ts"


def qm_path(lang: str) -> Path:
    return QM_DIR / f"socklab_{lang}.qm"


def tool(name: str) -> str:
    """``pyside6-<name>`` next to this Python, else on PATH."""
    for candidate in (f"pyside6-{name}", name):
        beside = Path(sys.executable).parent / candidate
        if beside.is_file() and os.access(beside, os.X_OK):
            return str(beside)
        found = shutil.which(candidate)
        if found:
            return found
    raise SystemExit(f"build.py: pyside6-{name} not found next to {sys.executable} or on PATH")


def sources() -> list[Path]:
    return sorted(path for folder in SOURCE_DIRS for path in folder.rglob("*.py"))


def lupdate(ts: Path, locations: str = "relative") -> None:
    """Merge the sources' strings into ``ts`` (created if missing), dropping obsolete ones.

    Relative locations keep the committed .ts from churning when code moves.
    """
    files = [os.path.relpath(p, ts.parent) for p in sources()]
    command = [tool("lupdate"), "-silent", "-no-obsolete", "-locations", locations]
    subprocess.run([*command, *files, "-ts", ts.name], cwd=ts.parent, check=True)
    # lupdate reads Python "#:" comments as notes for the translator; in this
    # project they document constants, so they would only mislead (and churn).
    text = ts.read_text(encoding="utf-8")
    ts.write_text(_EXTRACOMMENT.sub("", text), encoding="utf-8")


def lrelease(ts: Path, qm: Path) -> None:
    qm.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def messages(ts: Path) -> list[Message]:
    """Every message of a .ts file."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            location = message.find("location")
            where = ""
            if location is not None and location.get("filename"):
                path = (ts.parent / location.get("filename", "")).resolve()
                with contextlib.suppress(ValueError):
                    path = path.relative_to(ROOT)
                where = f"{path}:{location.get('line', '')}"
            found.append(
                Message(
                    context=name,
                    source=message.findtext("source") or "",
                    translation=(translation.text or "") if translation is not None else "",
                    kind=translation.get("type", "") if translation is not None else "unfinished",
                    where=where,
                )
            )
    return found


def wrapper_calls() -> list[str]:
    """Source lines that translate through a wrapper lupdate cannot see."""
    hits = []
    for path in sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if _WRAPPER_CALL.search(code) and not code.lstrip().startswith("def "):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return hits


def problems(lang: str) -> list[str]:
    """Everything that is out of date or incomplete for ``lang``."""
    ts = ts_path(lang)
    if not ts.is_file():
        return [f"{ts.relative_to(ROOT)} is missing: run build.py"]
    found: list[str] = []
    current = messages(ts)
    with tempfile.TemporaryDirectory() as tmp:
        fresh_ts = Path(tmp) / ts.name
        shutil.copyfile(ts, fresh_ts)
        lupdate(fresh_ts, locations="absolute")
        fresh = messages(fresh_ts)
        fresh_qm = Path(tmp) / "fresh.qm"
        lrelease(ts, fresh_qm)
        qm = qm_path(lang)
        if not qm.is_file():
            found.append(f"{qm.relative_to(ROOT)} is missing: run build.py")
        elif not filecmp.cmp(qm, fresh_qm, shallow=False):
            found.append(f"{qm.relative_to(ROOT)} is older than the .ts: run build.py")

    have = {(m.context, m.source) for m in current if m.kind not in ("obsolete", "vanished")}
    wanted = {(m.context, m.source): m for m in fresh}
    for key, m in wanted.items():
        if key not in have:
            found.append(f"new string, not in the .ts: [{m.context}] {m.source!r} {m.where}")
    for m in current:
        key = (m.context, m.source)
        if m.kind in ("obsolete", "vanished") or key not in wanted:
            found.append(f"obsolete string still in the .ts: [{m.context}] {m.source!r}")
        elif m.kind == "unfinished" or not m.translation.strip():
            found.append(f"unfinished translation: [{m.context}] {m.source!r}")
        elif sorted(_PLACEHOLDER.findall(m.source)) != sorted(_PLACEHOLDER.findall(m.translation)):
            found.append(f"placeholders differ: [{m.context}] {m.source!r} -> {m.translation!r}")
    found.extend(f"lupdate cannot see this call: {hit}" for hit in wrapper_calls())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if out of date"
    )
    args = parser.parse_args(argv)
    status = 0
    for lang in LANGUAGES:
        if args.check:
            found = problems(lang)
            for line in found:
                print(f"{lang}: {line}")
            if found:
                status = 1
            else:
                count = len(messages(ts_path(lang)))
                print(f"{lang}: {count} strings, all translated and up to date")
            continue
        ts = ts_path(lang)
        lupdate(ts)
        lrelease(ts, qm_path(lang))
        current = messages(ts)
        todo = [m for m in current if m.kind == "unfinished" or not m.translation.strip()]
        print(
            f"{lang}: {len(current)} strings, {len(todo)} to translate in "
            f"{ts.relative_to(ROOT)}; wrote {qm_path(lang).relative_to(ROOT)}"
        )
        for m in todo:
            print(f"  [{m.context}] {m.source!r}")
        hits = wrapper_calls()
        for hit in hits:
            print(f"  lupdate cannot see this call: {hit}")
        if hits:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
