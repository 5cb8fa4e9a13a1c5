"""The packet library: saved packets in a readable JSON file, in order.

The file (by default ``$XDG_DATA_HOME/socklab/packets.json``, shared by the
window and the command line; ``SOCKLAB_PACKETS`` names another) is written
atomically after each change. A file that cannot be read as a library is
never emptied in silence: it is kept aside as ``packets.json.corrupt-<time>``
and :attr:`PacketStore.problem` says so (what could be read is loaded).

Names are unique. :meth:`PacketStore.import_packets` gives an imported packet
whose name is taken a free one (``name (2)``) and reports each rename.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..files.atomic import atomic_write
from ..files.paths import checked_path, user_data_folder
from .packet import PacketError, SavedPacket, check_name

__all__ = [
    "FORMAT",
    "ImportReport",
    "PacketStore",
    "StoreError",
    "default_store_path",
    "packets_to_json",
]

#: The ``format`` word of a SockLab packet file, and its version.
FORMAT = "socklab-packets"
VERSION = 1
#: The environment variable that names another library file.
STORE_ENV = "SOCKLAB_PACKETS"


class StoreError(Exception):
    """The library cannot do what was asked; ``field`` names the field at fault
    (``name`` for a taken or empty name), or is ""."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def default_store_path() -> Path:
    """``$SOCKLAB_PACKETS``, else ``packets.json`` in the user's data folder."""
    named = os.environ.get(STORE_ENV)
    return Path(named) if named else user_data_folder() / "packets.json"


@dataclasses.dataclass
class ImportReport:
    """What an import did: the names added, the packets renamed (their name was
    taken: ``(old, new)``) and those skipped (``(name, reason)``)."""

    added: list[str] = dataclasses.field(default_factory=list)
    renamed: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    skipped: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in words, one line each (English; the window translates its own)."""
        out = [f"imported {len(self.added)} packet{'s' if len(self.added) != 1 else ''}"]
        out += [f"renamed {old!r} to {new!r}: the name was taken" for old, new in self.renamed]
        out += [f"skipped {name!r}: {reason}" for name, reason in self.skipped]
        return out


def packets_to_json(packets: Iterable[SavedPacket]) -> str:
    """The JSON text of a SockLab packet file holding ``packets``."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "packets": [packet.to_dict() for packet in packets],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def parse_packets_json(document: object) -> tuple[list[SavedPacket], list[tuple[str, str]]]:
    """The packets of a parsed SockLab packet file and the entries that could
    not be read (``(name or "entry N", reason)``); StoreError if it is not one."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StoreError(f'not a SockLab packet file (no "format": "{FORMAT}")')
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise StoreError(f"version {version!r} is not one this SockLab reads (1)")
    entries = document.get("packets")
    if not isinstance(entries, list):
        raise StoreError('"packets" is not a list')
    packets: list[SavedPacket] = []
    bad: list[tuple[str, str]] = []
    for number, entry in enumerate(entries, 1):
        try:
            packets.append(SavedPacket.from_dict(entry))
        except PacketError as exc:
            name = entry.get("name") if isinstance(entry, dict) else None
            bad.append((name if isinstance(name, str) else f"entry {number}", str(exc)))
    return packets, bad


def free_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)`` ... the first not in ``taken``."""
    if name not in taken:
        return name
    number = 2
    while f"{name} ({number})" in taken:
        number += 1
    return f"{name} ({number})"


class PacketStore:
    """The saved packets of one file, in the user's order (see the module).

    Every change is written at once; a change that cannot be written raises
    OSError and leaves the library as it was.
    """

    def __init__(self, path: str | os.PathLike[str], packets: Iterable[SavedPacket] = ()) -> None:
        self.path = Path(checked_path(path))
        self._packets: list[SavedPacket] = []
        self._index: dict[str, int] = {}
        for packet in packets:
            self._packets.append(packet)
        self._reindex()
        #: Why the file could not be read whole (said once, after load), or "".
        self.problem = ""
        #: The reason alone (for a window that says the rest in its own words).
        self.reason = ""
        #: Where the unreadable file was kept, or None.
        self.kept_as: Path | None = None
        #: Changes are refused (StoreError): the file exists but could not be read.
        self.read_only = False

    # -- loading and saving --------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> PacketStore:
        """The library in ``path`` (default :func:`default_store_path`); a missing
        file is an empty library. OSError if the file exists but cannot be read."""
        store = cls(path if path is not None else default_store_path())
        try:
            raw = store.path.read_bytes()
        except FileNotFoundError:
            return store
        try:
            document = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            store._set_aside(f"it is not UTF-8 text (byte {exc.start + 1})", move=True)
            return store
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}"
            store._set_aside(f"it is not valid JSON ({exc.msg} at {where})", move=True)
            return store
        try:
            packets, bad = parse_packets_json(document)
        except StoreError as exc:
            store._set_aside(str(exc), move=True)
            return store
        taken: set[str] = set()
        renamed: list[tuple[str, str]] = []
        for packet in packets:
            name = free_name(packet.name, taken)
            if name != packet.name:
                renamed.append((packet.name, name))
            taken.add(name)
            store._packets.append(packet.replace(name=name) if name != packet.name else packet)
        store._reindex()
        if bad or renamed:
            parts = [f"{name}: {reason}" for name, reason in bad[:3]]
            parts += [f"{old!r} appeared twice (now {new!r})" for old, new in renamed[:3]]
            more = len(bad) + len(renamed) - len(parts)
            summary = "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
            store._set_aside(
                f"{len(bad)} of {len(bad) + len(packets)} packets could not be read"
                f" and {len(renamed)} had a name taken ({summary})",
                move=False,
            )
        return store

    def _set_aside(self, reason: str, *, move: bool) -> None:
        """Keep the file as it is now beside itself (moved, or copied when what
        could be read is loaded and will be written back) and say so."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        number = 1
        while kept.exists():
            number += 1
            kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{number}")
        if move:
            os.replace(self.path, kept)
        else:
            shutil.copy2(self.path, kept)
        self.kept_as = kept
        self.reason = reason
        self.problem = f"{self.path} could not be read whole: {reason}; the file is kept as {kept}"

    def save(self) -> None:
        """Write the library to its file, atomically (its folder made if missing)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(self.path, encoding="utf-8", newline="\n") as file:
            file.write(packets_to_json(self._packets))

    def export(self, path: str | os.PathLike[str], names: Iterable[str] | None = None) -> int:
        """Write the packets (all, or those ``names``) to ``path`` as a SockLab
        packet file, atomically; returns how many."""
        packets = self._packets if names is None else [self.get(name) for name in names]
        with atomic_write(checked_path(path), encoding="utf-8", newline="\n") as file:
            file.write(packets_to_json(packets))
        return len(packets)

    # -- reading -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._packets)

    def __iter__(self) -> Iterator[SavedPacket]:
        return iter(list(self._packets))

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def packets(self) -> list[SavedPacket]:
        """The packets, in order (a copy)."""
        return list(self._packets)

    def names(self) -> list[str]:
        return [packet.name for packet in self._packets]

    def get(self, name: str) -> SavedPacket:
        """The packet called ``name``; StoreError saying so if there is none."""
        index = self._index.get(name)
        if index is None:
            raise StoreError(f"no packet is called {name!r}", "name")
        return self._packets[index]

    def index(self, name: str) -> int:
        self.get(name)
        return self._index[name]

    def groups(self) -> list[str]:
        """The groups used, in the order they first appear ("" for none)."""
        return list(dict.fromkeys(packet.group for packet in self._packets))

    # -- changing (each change is written at once) ----------------------------------

    def add(self, packet: SavedPacket, *, replace: bool = False, index: int | None = None) -> None:
        """Add ``packet`` (at the end, or at ``index``); a name taken is a
        StoreError unless ``replace``, which puts it in the old one's place."""
        where = self._index.get(packet.name)
        changed = list(self._packets)
        if where is not None:
            if not replace:
                raise StoreError(f"a packet is already called {packet.name!r}", "name")
            changed[where] = packet
        else:
            changed.insert(len(changed) if index is None else index, packet)
        self._commit(changed)

    def update(self, name: str, packet: SavedPacket) -> None:
        """Put ``packet`` in the place of the packet ``name`` (a rename if its name
        differs; StoreError if that name is another packet's)."""
        where = self.index(name)
        if packet.name != name and packet.name in self._index:
            raise StoreError(f"a packet is already called {packet.name!r}", "name")
        changed = list(self._packets)
        changed[where] = packet
        self._commit(changed)

    def rename(self, name: str, new_name: str) -> SavedPacket:
        """Call the packet ``name`` ``new_name``; returns it renamed."""
        try:
            renamed = self.get(name).replace(name=check_name(new_name))
        except PacketError as exc:
            raise StoreError(str(exc), "name") from None
        self.update(name, renamed)
        return renamed

    def remove(self, name: str) -> tuple[int, SavedPacket]:
        """Remove the packet ``name``; returns where it was and what it was (for undo)."""
        where = self.index(name)
        changed = list(self._packets)
        packet = changed.pop(where)
        self._commit(changed)
        return where, packet

    def move(self, name: str, index: int) -> None:
        """Move the packet ``name`` to position ``index`` (among the others)."""
        where = self.index(name)
        changed = list(self._packets)
        packet = changed.pop(where)
        changed.insert(max(0, min(index, len(changed))), packet)
        self._commit(changed)

    def reorder(self, names: list[str]) -> None:
        """Put the packets in the order of ``names`` (every name, once)."""
        if sorted(names) != sorted(self._index):
            raise StoreError("the new order must name every packet once")
        self._commit([self.get(name) for name in names])

    def arrange(self, packets: list[SavedPacket]) -> None:
        """Make ``packets`` the library, in that order: the same names, each once
        (their groups may differ: a packet dragged into another group)."""
        names = [packet.name for packet in packets]
        if len(set(names)) != len(names) or set(names) != set(self._index):
            raise StoreError("the new order must name every packet once")
        self._commit(list(packets))

    def import_packets(
        self, packets: Iterable[SavedPacket], skipped: Iterable[tuple[str, str]] = ()
    ) -> ImportReport:
        """Add ``packets`` at the end, a taken name made free (reported);
        ``skipped`` (from the reader) goes into the report as it is."""
        report = ImportReport(skipped=list(skipped))
        taken = set(self._index)
        changed = list(self._packets)
        for packet in packets:
            name = free_name(packet.name, taken)
            if name != packet.name:
                report.renamed.append((packet.name, name))
            taken.add(name)
            changed.append(packet.replace(name=name) if name != packet.name else packet)
            report.added.append(name)
        if report.added:
            self._commit(changed)
        return report

    @classmethod
    def unreadable(cls, path: str | os.PathLike[str], reason: str) -> PacketStore:
        """An empty library standing for the file at ``path`` that could not be
        read (``reason``): it refuses every change, so the file is never replaced."""
        store = cls(path)
        store.read_only = True
        store.problem = f"cannot read {store.path}: {reason}; nothing is saved until it can be"
        return store

    def _commit(self, packets: list[SavedPacket]) -> None:
        """Write ``packets`` as the library; on failure nothing changes."""
        if self.read_only:
            raise StoreError(f"{self.problem}")
        before = self._packets
        self._packets = packets
        try:
            self.save()
        except BaseException:
            self._packets = before
            raise
        finally:
            self._reindex()

    def _reindex(self) -> None:
        self._index = {packet.name: i for i, packet in enumerate(self._packets)}
