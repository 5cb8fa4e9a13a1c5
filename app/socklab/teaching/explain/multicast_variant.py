"""Which failed operations are about multicast (their errors read differently)."""

from __future__ import annotations

from socklab.core import is_multicast

_MULTICAST_OPERATIONS = ("join ", "leave ", "set the multicast options")


def is_multicast_operation(operation: str) -> bool:
    """A join, a leave, a multicast option, or a sendto to a group (``sendto 239.1.2.3:5000``)."""
    op = operation.strip().lower()
    if op.startswith(_MULTICAST_OPERATIONS):
        return True
    if op.startswith("sendto "):
        host = op.removeprefix("sendto ").rpartition(":")[0].strip("[]")
        return is_multicast(host)
    return False
