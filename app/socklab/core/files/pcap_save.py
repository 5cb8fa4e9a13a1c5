"""Saving events as a Wireshark file, for the window and the command line.

The packet library (dpkt) is imported when a file is written, not when the
window starts: :mod:`.pcap` does the work.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..events import Event

#: The suffix of the files SockLab writes for Wireshark.
PCAP_SUFFIX = ".pcapng"


def is_pcap_path(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a pcapng file (by its suffix, in any case)."""
    return Path(os.fspath(path)).suffix.lower() == PCAP_SUFFIX


def save_pcap(
    path: str | os.PathLike[str], events: Iterable[Event], kind: str = "", comment: str = ""
) -> int:
    """Write ``events`` to a pcapng file at ``path``, atomically; how many packets.

    ``kind`` is the session's (``"udp"``, ``"tcp-client"`` ...); empty: told by
    the events. ``comment`` goes in the file's header. Raises OSError when the
    file cannot be written (an earlier file then stays as it was).
    """
    from .pcap import write_pcap

    return write_pcap(path, events, kind, comment)
