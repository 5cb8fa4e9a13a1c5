"""A session's exact traffic counters (a value the worker writes and anyone reads)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(slots=True)
class Counters:
    """Exact traffic counts of one session, written only by its worker thread.

    Readers on other threads see each field atomically; call :meth:`snapshot`
    for a copy to compute with.
    """

    rx_packets: int = 0
    rx_bytes: int = 0
    tx_packets: int = 0
    tx_bytes: int = 0
    dropped_by_system: int = 0

    def snapshot(self) -> Counters:
        return Counters(*(getattr(self, f.name) for f in fields(self)))
