"""A multicast join or leave as a record (``"event": "membership"``), and back.

``{"joined": true, "group": "239.1.2.3", "source": "", "interface": "eth0"}``;
reading one back checks that the group is a multicast address, the source an
address of its family and the interface a name, index or address.
"""

from __future__ import annotations

from typing import Any

from ..events import MembershipChanged
from ..multicast import MulticastError, parse_group, parse_interface, parse_source
from . import fields
from .fields import RecordError


def membership_fields(event: MembershipChanged) -> dict[str, Any]:
    return {
        "joined": event.joined,
        "group": event.group,
        "source": event.source,
        "interface": event.interface,
    }


def membership_event(record: dict[str, Any], stamp: dict[str, float]) -> MembershipChanged:
    """The event of a membership record, every field checked."""
    if "joined" not in record:
        raise RecordError("joined", "is missing")
    joined = fields.flag(record, "joined")
    try:
        group = parse_group(fields.text(record, "group"), allow_reserved=True)
    except MulticastError as exc:
        raise RecordError("group", f"must be a multicast group: {exc}") from None
    try:
        source = parse_source(fields.text(record, "source", ""), group)
    except MulticastError as exc:
        raise RecordError("source", f"must be a sender's address: {exc}") from None
    try:
        interface = parse_interface(fields.text(record, "interface", ""))
    except MulticastError as exc:
        raise RecordError("interface", f"must be an interface: {exc}") from None
    return MembershipChanged(joined, group, source, interface, **stamp)
