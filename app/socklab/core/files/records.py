"""Events as plain JSON-ready dicts, and back.

One record per event: the CLI's ``--json`` lines and capture files use it.
Data travels as hex, so a record holds every byte exactly; states and reasons
as their codes (a reason's variable part as ``detail``). Records written before
reasons were codes (their text in ``reason``, "closed by peer" ...) still load.
Reading a record back checks every field (:mod:`.fields`): files are hostile.
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any

from ..events import (
    Direction,
    Event,
    Failed,
    MembershipChanged,
    PeerJoined,
    PeerLeft,
    Received,
    Sent,
    SockAddr,
    SocketCall,
    StateChanged,
    format_addr,
)
from . import fields
from .fields import RecordError, shown
from .membership_record import membership_event, membership_fields

_KINDS: dict[type[Event], str] = {
    Received: "received",
    Sent: "sent",
    StateChanged: "state",
    PeerJoined: "peer-joined",
    PeerLeft: "peer-left",
    Failed: "failed",
    SocketCall: "call",
    MembershipChanged: "membership",
}
_BY_KIND = {kind: cls for cls, kind in _KINDS.items()}
_DIRECTIONS = tuple(d.value for d in Direction)
#: The most bytes a record may say one connection carried (1 PiB).
_MAX_COUNT = 1 << 50


def kind_of(event: Event) -> str:
    """``"received"``, ``"sent"``, ``"state"``, ``"peer-joined"``, ``"peer-left"``, ``"failed"``."""
    return _KINDS[type(event)]


@functools.lru_cache(maxsize=1024)
def iso_time(wall: float) -> str:
    """Local wall-clock time with milliseconds and offset."""
    return _dt.datetime.fromtimestamp(wall).astimezone().isoformat(timespec="milliseconds")


def _addr(addr: SockAddr | None) -> str | None:
    return format_addr(addr, name_scope=False) or None


def _add_v6_details(record: dict[str, Any], event: Event) -> None:
    """Keep an IPv6 address's flowinfo and scope id when they are not zero."""
    for key in ("peer", "local"):
        addr = getattr(event, key, None)
        if isinstance(addr, tuple) and len(addr) == 4 and (addr[2] or addr[3]):
            record[f"{key}_v6"] = [addr[2], addr[3]]


def _why(event: StateChanged | PeerLeft) -> dict[str, Any]:
    """The ``reason`` of a record, and its ``detail`` where it has one."""
    if event.detail is None:
        return {"reason": event.reason.value}
    return {"reason": event.reason.value, "detail": event.detail}


def to_record(event: Event) -> dict[str, Any]:
    """A JSON-serialisable dict holding everything the event says."""
    record: dict[str, Any] = {
        "event": kind_of(event),
        "time": iso_time(event.wall),
        "wall": event.wall,
        "mono": event.mono,
    }
    if isinstance(event, Received | Sent):
        record.update(
            peer=_addr(event.peer),
            local=_addr(event.local),
            size=event.size,
            hex=event.data.hex(),
        )
        if isinstance(event, Received) and event.truncated:
            record["truncated"] = True
        if event.peer_id is not None:
            record["peer_id"] = event.peer_id
    elif isinstance(event, StateChanged):
        record.update(
            state=event.state.value,
            local=_addr(event.local),
            peer=_addr(event.peer),
            **_why(event),
        )
    elif isinstance(event, PeerJoined):
        record.update(peer_id=event.peer_id, peer=_addr(event.peer), local=_addr(event.local))
    elif isinstance(event, PeerLeft):
        record.update(
            peer_id=event.peer_id,
            peer=_addr(event.peer),
            state=event.state.value,
            **_why(event),
            bytes_in=event.bytes_in,
            bytes_out=event.bytes_out,
        )
    elif isinstance(event, SocketCall):
        record.update(call=event.call, result=event.result)
        if event.peer_id is not None:
            record["peer_id"] = event.peer_id
    elif isinstance(event, MembershipChanged):
        record.update(membership_fields(event))
    elif isinstance(event, Failed):
        record.update(
            operation=event.operation,
            message=event.message,
            errno_name=event.errno_name,
            errno=event.errno,
        )
        if event.peer_id is not None:
            record["peer_id"] = event.peer_id
    _add_v6_details(record, event)
    return record


def from_record(record: dict[str, Any]) -> Event:
    """The event a :func:`to_record` dict describes (addresses come back as (host, port)).

    Every field is checked (see :mod:`.fields`): a record SockLab would not
    write raises :class:`RecordError` (a ValueError) naming the field.
    """
    kind = record.get("event")
    cls = _BY_KIND.get(kind) if isinstance(kind, str) else None
    if cls is None:
        kinds = ", ".join(_KINDS.values())
        raise RecordError("event", f"must be one of {kinds}; not {shown(kind)}")
    fields.text(record, "time", None)  # written for people; the events keep ``wall``
    direction = fields.text(record, "direction", None)
    if direction is not None and direction not in _DIRECTIONS:
        raise RecordError("direction", f"must be one of {', '.join(_DIRECTIONS)}")
    stamp = {"wall": fields.wall(record), "mono": fields.mono(record)}
    if cls is Received or cls is Sent:
        return _data_event(cls, record, stamp)
    if cls is StateChanged:
        reason, detail = fields.reason(record)
        return StateChanged(
            fields.state(record),
            fields.address(record, "local"),
            fields.address(record, "peer"),
            reason,
            detail,
            **stamp,
        )
    if cls is PeerJoined:
        return PeerJoined(
            fields.peer_id(record, required=True),  # type: ignore[arg-type]
            fields.address(record, "peer", required=True),
            fields.address(record, "local"),
            **stamp,
        )
    if cls is PeerLeft:
        reason, detail = fields.reason(record)
        return PeerLeft(
            fields.peer_id(record, required=True),  # type: ignore[arg-type]
            fields.address(record, "peer", required=True),
            fields.state(record),
            reason,
            detail,
            fields.integer(record, "bytes_in", 0, _MAX_COUNT, 0),
            fields.integer(record, "bytes_out", 0, _MAX_COUNT, 0),
            **stamp,
        )
    if cls is SocketCall:
        return SocketCall(
            fields.text(record, "call"),
            fields.text(record, "result", ""),
            fields.peer_id(record),
            **stamp,
        )
    if cls is MembershipChanged:
        return membership_event(record, stamp)
    return Failed(
        fields.text(record, "operation"),
        fields.text(record, "message"),
        fields.text(record, "errno_name", ""),
        fields.integer(record, "errno", -(1 << 31), (1 << 31) - 1, None),
        fields.peer_id(record),
        **stamp,
    )


def _data_event(cls: type[Received | Sent], record: dict[str, Any], stamp: dict) -> Event:
    """A Received or Sent record: its bytes, addresses and size agree."""
    data = fields.data(record)
    peer = fields.address(record, "peer")
    local = fields.address(record, "local")
    peer_id = fields.peer_id(record)
    if cls is Sent:
        fields.integer(record, "size", len(data), len(data), None)
        return Sent(data, peer, local, peer_id, **stamp)
    truncated = fields.flag(record, "truncated")
    size = (
        fields.integer(record, "size", len(data), fields.MAX_SIZE, len(data))
        if truncated
        else fields.integer(record, "size", len(data), len(data), len(data))
    )
    return Received(data, peer, local, truncated, size, peer_id, **stamp)
