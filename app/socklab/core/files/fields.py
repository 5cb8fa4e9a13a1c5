"""The fields of a record read from a file, checked as the hostile input they are.

A capture file is handed around a classroom: any field may hold anything JSON
can say. Each reader here returns a field's value only when it is what SockLab
writes there (type, range, size) and otherwise raises :class:`RecordError`,
which names the field and shows a short form of the bad value. What passes can
be shown by the log without an exception (a time ``time.localtime`` and
``datetime`` accept, text that is text, addresses that are addresses).
"""

from __future__ import annotations

import datetime as _dt
import functools
import ipaddress
import math
import time
from collections.abc import Mapping
from typing import Any

from ..events import Detail, Reason, SockAddr, State

__all__ = [
    "TEXT_LIMIT",
    "RecordError",
    "address",
    "data",
    "flag",
    "integer",
    "mono",
    "peer_id",
    "reason",
    "shown",
    "state",
    "text",
    "wall",
]

#: The longest text a field may hold (an error message, a socket call ...).
TEXT_LIMIT = 10_000
#: The latest wall-clock time a record may hold: 9999-12-30, so that local
#: time and ``datetime`` can show it in every time zone.
MAX_WALL = 253_402_128_000.0
#: Times up to 2100 show on every platform SockLab runs on: only later ones
#: are tried with ``time.localtime`` and ``datetime`` (a flood's capture
#: holds a million times).
_SURELY_SHOWN = 4_102_444_800.0
#: The largest datagram or chunk size a record may claim (4 GiB).
MAX_SIZE = 1 << 32
_MAX_ID = (1 << 63) - 1
_MAX_ADDRESS = 300  # characters of "host:port" ("[v6%scope]:port" included)
_MISSING: Any = object()

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


class RecordError(ValueError):
    """A field holds what SockLab never writes there; ``field`` names it."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"field {field!r} {problem}")
        self.field = field


def shown(value: Any, limit: int = 40) -> str:
    """A short form of a bad value for a message (``1e+20``, ``'abc…'``, ``a list``)."""
    if isinstance(value, bool) or value is None:
        return "true" if value is True else "false" if value is False else "null"
    if isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, str):
        text = repr(value[:limit] + "…" if len(value) > limit else value)
    elif isinstance(value, list):
        return "a list"
    elif isinstance(value, dict):
        return "an object"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _get(record: Mapping[str, Any], key: str, default: Any) -> Any:
    value = record.get(key, _MISSING)
    if value is _MISSING:
        if default is _MISSING:
            raise RecordError(key, "is missing")
        return default
    return value


def _number(record: Mapping[str, Any], key: str, what: str) -> float:
    value = _get(record, key, _MISSING)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(key, f"must be {what}, not {shown(value)}")
    number = float(value) if isinstance(value, int) and abs(value) < 1 << 63 else value
    if not isinstance(number, float) or not math.isfinite(number):
        raise RecordError(key, f"must be {what}, not {shown(value)}")
    return number


def wall(record: Mapping[str, Any], key: str = "wall") -> float:
    """A wall-clock time in seconds since 1970 that the log can show."""
    what = "a time in seconds"
    value = _number(record, key, what)
    if not 0 <= value <= MAX_WALL:
        raise RecordError(key, f"must be {what}, not {shown(value)}")
    if value > _SURELY_SHOWN:
        try:  # what the log and the records do with it
            time.localtime(value)
            _dt.datetime.fromtimestamp(value).astimezone()
        except (OverflowError, OSError, ValueError):
            raise RecordError(key, f"must be {what}, not {shown(value)}") from None
    return value


def mono(record: Mapping[str, Any], key: str = "mono") -> float:
    """A monotonic clock reading (finite seconds)."""
    return _number(record, key, "a clock reading in seconds")


def integer(
    record: Mapping[str, Any], key: str, low: int, high: int, default: Any = _MISSING
) -> int:
    """A whole number from ``low`` to ``high``."""
    value = _get(record, key, default)
    if value is default and default is not _MISSING:
        return value
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RecordError(key, f"must be a whole number from {low} to {high}, not {shown(value)}")
    return value


def peer_id(record: Mapping[str, Any], *, required: bool = False) -> int | None:
    """A server's number for one of its connections (None: not a server's)."""
    return integer(record, "peer_id", 0, _MAX_ID, _MISSING if required else None)


def flag(record: Mapping[str, Any], key: str, default: bool = False) -> bool:
    value = _get(record, key, default)
    if not isinstance(value, bool):
        raise RecordError(key, f"must be true or false, not {shown(value)}")
    return value


def text(record: Mapping[str, Any], key: str, default: Any = _MISSING) -> Any:
    """Text of at most :data:`TEXT_LIMIT` characters, every one a character
    (a lone surrogate such as ``"\\ud800"`` cannot be shown or saved)."""
    value = _get(record, key, default)
    if value is default and default is not _MISSING:
        return value
    return _checked_text(key, value)


def _checked_text(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise RecordError(key, f"must be text, not {shown(value)}")
    if len(value) > TEXT_LIMIT:
        raise RecordError(key, f"is longer than {TEXT_LIMIT:,} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError(key, "is not text (it holds a lone surrogate)") from None
    return value


def data(record: Mapping[str, Any], key: str = "hex") -> bytes:
    """Bytes written as hex digits (two per byte, nothing else)."""
    value = _get(record, key, _MISSING)
    if not isinstance(value, str):
        raise RecordError(key, f"must be hex digits, not {shown(value)}")
    try:
        result = bytes.fromhex(value)
    except ValueError:
        result = None
    if result is None or len(result) * 2 != len(value):  # fromhex skips spaces
        raise RecordError(key, f"must be hex digits, two per byte, not {shown(value)}")
    return result


def address(record: Mapping[str, Any], key: str, *, required: bool = False) -> SockAddr | None:
    """``"1.2.3.4:80"`` -> ("1.2.3.4", 80); ``"[::1]:80"`` -> ("::1", 80, flowinfo,
    scope_id) as the socket module gives IPv6 addresses (``KEY_v6`` holds
    flowinfo and scope_id). Missing, null or empty: None, unless ``required``."""
    value = record.get(key)
    v6_key = f"{key}_v6"
    if value is None or value == "":
        if required:
            raise RecordError(key, "is missing" if value is None else "is empty")
        if record.get(v6_key) is not None:
            raise RecordError(v6_key, f"is given without an IPv6 address in {key!r}")
        return None
    valid = isinstance(value, str) and len(value) <= _MAX_ADDRESS
    if valid and record.get(v6_key) is None and (unix := _unix_address(value)) is not None:
        return unix
    parsed = _parse_address(value) if valid else None
    if parsed is None:
        example = "192.0.2.1:80 or [2001:db8::1]:80"
        raise RecordError(key, f"must be an address such as {example}, not {shown(value)}")
    host, port, v6 = parsed
    if not v6:
        if record.get(v6_key) is not None:
            raise RecordError(v6_key, f"is given without an IPv6 address in {key!r}")
        return (host, port)
    flowinfo, scope_id = _v6_details(record, v6_key)
    return (host, port, flowinfo, scope_id)


def _unix_address(value: str) -> str | None:
    """A Unix address as :func:`~..unix.unix_display` writes it, as the socket
    module gives it (``"unnamed"`` -> ``""``, ``"@name"`` -> ``"\\0name"``); else None."""
    if value == "unnamed":
        return ""
    if value.startswith("/") and "\0" not in value:
        return value
    if value.startswith("@") and "\0" not in value:
        return "\0" + value[1:]
    return None


@functools.lru_cache(maxsize=4096)  # a capture names the same few peers again and again
def _parse_address(value: str) -> tuple[str, int, bool] | None:
    """``"host:port"`` -> (host, port, is IPv6); None when it is no such address."""
    host, _, port_text = value.rpartition(":")
    if not (port_text.isascii() and port_text.isdigit()) or len(port_text) > 5:
        return None
    port = int(port_text)
    bracketed = host.startswith("[") and host.endswith("]")
    host = host[1:-1] if bracketed else host
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return None
    if port > 65535 or (ip.version == 6) != bracketed or "/" in host:
        return None
    return host, port, ip.version == 6


def _v6_details(record: Mapping[str, Any], key: str) -> tuple[int, int]:
    value = record.get(key)
    if value is None:
        return 0, 0
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 <= value[0] < 1 << 20
        or not 0 <= value[1] < 1 << 32
    ):
        raise RecordError(key, f"must be [flowinfo, scope id], not {shown(value)}")
    return value[0], value[1]


def state(record: Mapping[str, Any], key: str = "state") -> State:
    """A state's code (``"connected"``; version 1 files' ``"closed by peer"`` too)."""
    value = _get(record, key, _MISSING)
    if isinstance(value, str):
        if value in _OLD_STATES:
            return _OLD_STATES[value]
        try:
            return State(value)
        except ValueError:
            pass
    codes = ", ".join(s.value for s in State)
    raise RecordError(key, f"must be one of {codes}; not {shown(value)}")


def reason(record: Mapping[str, Any]) -> tuple[Reason, Detail]:
    """A record's ``reason`` and ``detail``; a version 1 record's text becomes its code."""
    value = text(record, "reason", "")
    detail = record.get("detail")
    try:
        code = Reason(value)
    except ValueError:
        return _old_reason(value)
    if detail is None:
        return code, None
    if code is Reason.BACKLOG:
        return code, integer(record, "detail", 0, (1 << 31) - 1)
    if code in (Reason.CLOSE_WORD, Reason.ERROR) or isinstance(detail, str):
        return code, _checked_text("detail", detail)
    if isinstance(detail, int) and not isinstance(detail, bool):
        return code, integer(record, "detail", -(1 << 63), _MAX_ID)
    raise RecordError("detail", f"must be text or a whole number, not {shown(detail)}")


def _old_reason(value: str) -> tuple[Reason, Detail]:
    if value in _OLD_REASONS:
        return _OLD_REASONS[value], None
    backlog = value[8:]
    if (
        value.startswith("backlog ")
        and backlog.isascii()
        and backlog.isdigit()
        and len(backlog) < 10
    ):
        return Reason.BACKLOG, int(backlog)
    if value.startswith("the client sent "):
        return Reason.CLOSE_WORD, value[16:].strip("'\"")
    return Reason.ERROR, value  # an error's own text
