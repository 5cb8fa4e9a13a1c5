"""Where a key is in a TOML file's text: tomllib gives no positions for what
it parsed, so the errors of a scenario find their line here.

The file's table headers (``[tls]``, ``[[step]]``, ``[[step.do]]``) are read
line by line (skipping multi-line strings) and numbered the way TOML fills its
arrays of tables: the third ``[[step]]`` is ``("step", 2)``, the first
``[[step.do]]`` after it ``("step", 2, "do", 0)``. A key is then looked for
between its table's header and the next header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A table's place: names and array indexes, ``("step", 2, "do", 0)``; () is the top.
Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]\[]+?)\s*\]\]?\s*(?:#.*)?$")


@dataclass(frozen=True, slots=True)
class _Section:
    path: Path
    start: int  # 0-based line of the header (-1 for the top)
    end: int  # 0-based line after its last line


def _key_parts(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in dotted.split(".")]


class Locator:
    """The lines of a TOML text's tables and keys (1-based lines)."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._sections = self._read_sections()

    def _read_sections(self) -> list[_Section]:
        headers: list[tuple[int, Path]] = []
        counts: dict[tuple[str | int, ...], int] = {}
        current_arrays: dict[tuple[str, ...], Path] = {}
        in_string: str | None = None
        for number, line in enumerate(self._lines):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_string = quote
                    break
            if in_string is not None:
                continue
            match = _HEADER.match(line)
            if match is None:
                continue
            names = _key_parts(match.group(2))
            path: list[str | int] = []
            # Resolve each prefix through the array of tables last opened at it.
            for i, name in enumerate(names[:-1]):
                prefix = tuple(names[: i + 1])
                if prefix in current_arrays:
                    path = list(current_arrays[prefix])
                else:
                    path.append(name)
            path.append(names[-1])
            if match.group(1) == "[[":
                key = tuple(path)
                index = counts.get(key, 0)
                counts[key] = index + 1
                path.append(index)
                current_arrays[tuple(names)] = tuple(path)
            headers.append((number, tuple(path)))
        sections = []
        starts = [-1] + [h[0] for h in headers]
        paths: list[Path] = [(), *[h[1] for h in headers]]
        for i, (start, path) in enumerate(zip(starts, paths, strict=True)):
            end = starts[i + 1] if i + 1 < len(starts) else len(self._lines)
            sections.append(_Section(path, start, end))
        return sections

    def line(self, path: Path, key: str | None = None) -> int | None:
        """The line of ``key`` in the table at ``path`` (of its header without
        a key, or if the key is not found there); None if the table is not found."""
        section = None
        for size in range(len(path), -1, -1):  # an inline table: its parent's lines
            section = next((s for s in self._sections if s.path == path[:size]), None)
            if section is not None:
                break
        if section is None:
            return None
        if key is not None:
            pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
            anywhere = re.compile(rf"[\s{{,][\"']?{re.escape(key)}[\"']?\s*=")
            first = section.start + 1
            for number in range(first, section.end):
                if pattern.match(self._lines[number]):
                    return number + 1
            for number in range(first, section.end):  # in an inline table
                if anywhere.search(" " + self._lines[number]):
                    return number + 1
        return section.start + 1 if section.start >= 0 else None
