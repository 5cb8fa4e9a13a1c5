"""The payloads a tab sent, newest last: walked with Up/Down in the editor (as a
shell walks its history) and listed in a menu (``payloadHistory``).

Each entry is the editor's :meth:`~.payload_editor.PayloadEditor.state` when it
sent (text, mode, encoding, line ending, checksum, template switch), so an
entry comes back as it was typed. At most :data:`MAX_ENTRIES` are kept; a send
equal to the one before adds nothing.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QObject, Signal

#: How many payloads a tab remembers.
MAX_ENTRIES = 100

Entry = dict[str, Any]


class PayloadHistory(QObject):
    """The sent payloads of one editor, and where a walk through them stands.

    Signals:
        changed(): an entry was added or the history was replaced.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []
        self._position: int | None = None  # the entry shown while walking
        self._draft: Entry | None = None  # what was typed before the walk

    def entries(self) -> list[Entry]:
        """The entries, oldest first (copies)."""
        return [dict(entry) for entry in self._entries]

    def add(self, entry: Entry) -> None:
        """A payload was sent: remember it (unless it repeats the last one)."""
        self._position = None
        self._draft = None
        if self._entries and self._entries[-1] == entry:
            return
        self._entries.append(dict(entry))
        del self._entries[:-MAX_ENTRIES]
        self.changed.emit()

    def older(self, current: Entry) -> Entry | None:
        """One step back (Up): the entry to show, or None at the oldest.
        ``current`` is what the editor holds; the first step keeps it as the draft."""
        if not self._entries:
            return None
        if self._position is None:
            self._draft = dict(current)
            self._position = len(self._entries)
        if self._position == 0:
            return None
        self._position -= 1
        return dict(self._entries[self._position])

    def newer(self) -> Entry | None:
        """One step forward (Down): the entry to show, the draft after the newest,
        or None when not walking."""
        if self._position is None:
            return None
        self._position += 1
        if self._position >= len(self._entries):
            self._position = None
            draft, self._draft = self._draft, None
            return draft
        return dict(self._entries[self._position])

    def stop_walking(self) -> None:
        self._position = None
        self._draft = None

    # -- kept between runs ---------------------------------------------------------

    def to_text(self) -> str:
        """The history as JSON text (what the tab's settings keep)."""
        return json.dumps(self._entries, ensure_ascii=False)

    def restore(self, text: object) -> None:
        """Take back :meth:`to_text`; anything else (hand-edited, old) is passed over."""
        if not isinstance(text, str) or not text:
            return
        try:
            entries = json.loads(text)
        except ValueError:
            return
        if not isinstance(entries, list):
            return
        kept = [e for e in entries if isinstance(e, dict) and isinstance(e.get("text"), str)]
        self._entries = kept[-MAX_ENTRIES:]
        self.stop_walking()
        self.changed.emit()
