"""Events as plain JSON-ready dicts, and back.

One record per event: the CLI's ``--json`` lines and capture files use it.
Data travels as hex, so a record holds every byte exactly; states and reasons
as their codes (a reason's variable part as ``detail``). Records written before
reasons were codes (their text in ``reason``, "closed by peer" ...) still load.
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any

from ..events import (
    Detail,
    Event,
    Failed,
    PeerJoined,
    PeerLeft,
    Reason,
    Received,
    Sent,
    SockAddr,
    SocketCall,
    State,
    StateChanged,
    format_addr,
)

_KINDS: dict[type[Event], str] = {
    Received: "received",
    Sent: "sent",
    StateChanged: "state",
    PeerJoined: "peer-joined",
    PeerLeft: "peer-left",
    Failed: "failed",
    SocketCall: "call",
}
_BY_KIND = {kind: cls for cls, kind in _KINDS.items()}


def kind_of(event: Event) -> str:
    """``"received"``, ``"sent"``, ``"state"``, ``"peer-joined"``, ``"peer-left"``, ``"failed"``."""
    return _KINDS[type(event)]


@functools.lru_cache(maxsize=1024)
def iso_time(wall: float) -> str:
    """Local wall-clock time with milliseconds and offset."""
    return _dt.datetime.fromtimestamp(wall).astimezone().isoformat(timespec="milliseconds")


def _addr(addr: SockAddr | None) -> str | None:
    return format_addr(addr) or None


def _parse_addr(text: str | None, v6: list[int] | None = None) -> SockAddr | None:
    """``"1.2.3.4:80"`` -> ("1.2.3.4", 80); ``"[::1]:80"`` -> ("::1", 80, flowinfo, scope_id)
    as the socket module gives IPv6 addresses (``v6`` holds flowinfo and scope_id)."""
    if not text:
        return None
    host, _, port = text.rpartition(":")
    if host.startswith("["):
        flowinfo, scope_id = v6 if v6 else (0, 0)
        return (host.strip("[]"), int(port), int(flowinfo), int(scope_id))
    return (host, int(port))


def _add_v6_details(record: dict[str, Any], event: Event) -> None:
    """Keep an IPv6 address's flowinfo and scope id when they are not zero."""
    for key in ("peer", "local"):
        addr = getattr(event, key, None)
        if addr is not None and len(addr) == 4 and (addr[2] or addr[3]):
            record[f"{key}_v6"] = [addr[2], addr[3]]


#: State values and reason texts of records written before reasons were codes.
_OLD_STATES = {"closed by peer": State.PEER_CLOSED, "disconnected": State.KICKED}
_OLD_REASONS = {
    "closed to bind again": Reason.REBIND,
    "closed to connect again": Reason.RECONNECT,
    "restarted": Reason.RESTART,
    "bound automatically by the first sendto": Reason.AUTO_BIND,
    "not connected": Reason.NOT_CONNECTED,
    "shutdown(SHUT_WR): no more sending, still receiving": Reason.SHUT_WR,
    "recv() returned b'' (the peer closed)": Reason.PEER_CLOSED,
    "the peer reset the connection": Reason.PEER_RESET,
    "the server stopped": Reason.SERVER_STOPPED,
    "disconnected by the server": Reason.KICKED,
    "client limit reached": Reason.CLIENT_LIMIT,
}


def _state(value: str) -> State:
    return _OLD_STATES.get(value) or State(value)


def _reason(record: dict[str, Any]) -> tuple[Reason, Detail]:
    """A record's reason and detail; an old record's text becomes its code."""
    value, detail = record.get("reason", ""), record.get("detail")
    try:
        return Reason(value), detail
    except ValueError:
        pass
    if value in _OLD_REASONS:
        return _OLD_REASONS[value], None
    if value.startswith("backlog ") and value[8:].isdigit():
        return Reason.BACKLOG, int(value[8:])
    if value.startswith("the client sent "):
        return Reason.CLOSE_WORD, value[16:].strip("'\"")
    return Reason.ERROR, value  # an error's own text


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
    """The event a :func:`to_record` dict describes (addresses come back as (host, port))."""
    cls = _BY_KIND.get(record.get("event", ""))
    if cls is None:
        raise ValueError(f"unknown event kind: {record.get('event')!r}")
    stamp = {"wall": float(record["wall"]), "mono": float(record["mono"])}
    if cls is Received:
        data = bytes.fromhex(record["hex"])
        return Received(
            data,
            _parse_addr(record.get("peer"), record.get("peer_v6")),
            _parse_addr(record.get("local"), record.get("local_v6")),
            truncated=bool(record.get("truncated", False)),
            size=int(record.get("size", len(data))),
            peer_id=record.get("peer_id"),
            **stamp,
        )
    if cls is Sent:
        return Sent(
            bytes.fromhex(record["hex"]),
            _parse_addr(record.get("peer"), record.get("peer_v6")),
            _parse_addr(record.get("local"), record.get("local_v6")),
            peer_id=record.get("peer_id"),
            **stamp,
        )
    if cls is StateChanged:
        reason, detail = _reason(record)
        return StateChanged(
            _state(record["state"]),
            _parse_addr(record.get("local"), record.get("local_v6")),
            _parse_addr(record.get("peer"), record.get("peer_v6")),
            reason,
            detail,
            **stamp,
        )
    if cls is PeerJoined:
        return PeerJoined(
            record["peer_id"],
            _parse_addr(record["peer"], record.get("peer_v6")),
            _parse_addr(record.get("local"), record.get("local_v6")),
            **stamp,
        )
    if cls is PeerLeft:
        reason, detail = _reason(record)
        return PeerLeft(
            record["peer_id"],
            _parse_addr(record["peer"], record.get("peer_v6")),
            _state(record["state"]),
            reason,
            detail,
            record.get("bytes_in", 0),
            record.get("bytes_out", 0),
            **stamp,
        )
    if cls is SocketCall:
        return SocketCall(record["call"], record.get("result", ""), record.get("peer_id"), **stamp)
    return Failed(
        record["operation"],
        record["message"],
        record.get("errno_name", ""),
        record.get("errno"),
        record.get("peer_id"),
        **stamp,
    )
