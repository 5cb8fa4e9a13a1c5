"""Immutable records of what happened to a session.

A session's worker appends these to its event ring; consumers (the GUI bridge,
the CLI) drain them in batches. Every event carries a monotonic timestamp
(``mono``, for intervals and rates) and a wall-clock one (``wall``, for display).
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass, field

from .ipv6 import shown_host
from .unix import unix_display

#: A socket address as the socket module gives it: (host, port) or, for IPv6,
#: (host, port, flowinfo, scope_id).
SockAddr = tuple


class State(enum.Enum):
    """Where a socket (or a server's peer) stands.

    The values are codes (the names, in lower case with hyphens), written to
    capture files and the CLI's JSON; words for a person come from the GUI's
    and the CLI's tables.
    """

    UNBOUND = "unbound"
    BOUND = "bound"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    LISTENING = "listening"
    HALF_CLOSED = "half-closed"  # we shut down our sending side
    PEER_FINISHED = "peer-finished"  # the peer shut down its sending side; we still send
    PEER_CLOSED = "peer-closed"  # recv() returned b''
    RESET = "reset"  # the connection was reset (by the peer, or an error)
    KICKED = "kicked"  # we closed this peer (server side)
    CLOSED = "closed"  # we closed it
    STOPPED = "stopped"  # a server stopped listening


class Reason(enum.Enum):
    """Why a state changed, as a code (the GUI and the CLI each have the words).

    Where a reason has a variable part, the event's ``detail`` carries it:
    BACKLOG the listen backlog (int), CLOSE_WORD the word the client sent (str),
    TLS_VERIFIED / TLS_NOT_VERIFIED the TLS version (``"TLSv1.3"``),
    IDLE the idle timeout in seconds (str, ``"60"``),
    ERROR the error's errno name (``"ETIMEDOUT"``), or its message where it
    has none (str). The values are what capture files and the CLI's JSON hold.
    """

    NONE = ""
    REBIND = "rebind"  # closed to bind again
    RECONNECT = "reconnect"  # closed to connect again
    RESTART = "restart"  # a server closed to listen again
    AUTO_BIND = "auto-bind"  # the first sendto bound the socket
    BACKLOG = "backlog"  # listening, with this backlog
    NOT_CONNECTED = "not-connected"  # a connect failed
    SHUT_WR = "shut-wr"  # shutdown(SHUT_WR): no more sending, still receiving
    PEER_CLOSED = "peer-closed"  # recv() returned b''
    PEER_RESET = "peer-reset"  # the peer reset the connection
    ERROR = "error"  # the connection failed with this error
    SERVER_STOPPED = "server-stopped"
    KICKED = "kicked"  # disconnected by the server
    CLIENT_LIMIT = "client-limit"  # turned away: the client limit is reached
    CLOSE_WORD = "close-word"  # closed: the client sent the close word
    TLS_VERIFIED = "tls-verified"  # connected over TLS (detail: its version), peer verified
    TLS_NOT_VERIFIED = "tls-not-verified"  # connected over TLS, the peer not verified
    IDLE = "idle"  # a relay's UDP flow ended: nothing passed for this many seconds


#: The variable part of a reason: see :class:`Reason`.
Detail = int | str | None


class Direction(enum.Enum):
    """Which way an event's data went, for the log's direction column."""

    RECEIVED = "received"
    SENT = "sent"
    STATE = "state"
    ERROR = "error"
    CALL = "call"  # a traced socket API call


def format_addr(addr: SockAddr | None, *, name_scope: bool = True) -> str:
    """``127.0.0.1:8080`` or ``[::1]:8080``; empty for no address; a Unix
    address as :func:`~.unix.unix_display` shows it (its port, if any, unused).
    An IPv4 peer of a dual-stack socket shows as IPv4, a scope id by its
    interface's name (see :func:`.ipv6.shown_host`; not with ``name_scope``
    False, for records that keep the scope id apart)."""
    if addr is None or addr == ():
        return ""
    if isinstance(addr, (str, bytes, bytearray)):
        return unix_display(addr)
    host, port = addr[0], addr[1]
    if isinstance(host, str) and host.startswith(("/", "@", "\0")):
        return unix_display("\0" + host[1:] if host.startswith("@") else host)
    host = shown_host(addr if name_scope else addr[:2])
    if ":" in host:
        return f"[{host}]:{port}"
    return f"{host}:{port}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Base of all events: when it happened."""

    mono: float = field(default_factory=time.monotonic)
    wall: float = field(default_factory=time.time)

    direction = Direction.STATE


@dataclass(frozen=True, slots=True)
class Received(Event):
    """Data that one ``recv``/``recvfrom`` call returned.

    ``size`` is the datagram's real length; when it exceeds the receive buffer,
    ``truncated`` is set and ``data`` holds only what fit (UDP only).
    ``peer_id`` names the server-side connection it came from.
    """

    data: bytes
    peer: SockAddr | None = None
    local: SockAddr | None = None
    truncated: bool = False
    size: int = -1
    peer_id: int | None = None

    direction = Direction.RECEIVED

    def __post_init__(self) -> None:
        if self.size < 0:
            object.__setattr__(self, "size", len(self.data))


@dataclass(frozen=True, slots=True)
class Sent(Event):
    """Data that was handed to the kernel (``send``/``sendto`` returned)."""

    data: bytes
    peer: SockAddr | None = None
    local: SockAddr | None = None
    peer_id: int | None = None

    direction = Direction.SENT

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class StateChanged(Event):
    """The session's socket moved to ``state``.

    ``local`` and ``peer`` say where (bound to ..., connected local <-> peer);
    ``reason`` says why when the change was not asked for, ``detail`` its
    variable part (see :class:`Reason`).
    """

    state: State
    local: SockAddr | None = None
    peer: SockAddr | None = None
    reason: Reason = Reason.NONE
    detail: Detail = None


@dataclass(frozen=True, slots=True)
class PeerJoined(Event):
    """A server accepted a connection; ``peer_id`` names it from now on."""

    peer_id: int
    peer: SockAddr
    local: SockAddr | None = None


@dataclass(frozen=True, slots=True)
class PeerLeft(Event):
    """A server's connection ended; ``state`` says how (closed by peer, reset, kicked ...)."""

    peer_id: int
    peer: SockAddr
    state: State = State.PEER_CLOSED
    reason: Reason = Reason.NONE
    detail: Detail = None
    bytes_in: int = 0
    bytes_out: int = 0


@dataclass(frozen=True, slots=True)
class MembershipChanged(Event):
    """A UDP socket joined (``joined``) or left a multicast ``group``.

    ``source`` is the one sender of a source-specific join (empty: any),
    ``interface`` the interface as given (empty: the system chose). A close
    leaves every group: one event each, never dropped.
    """

    joined: bool
    group: str
    source: str = ""
    interface: str = ""


@dataclass(frozen=True, slots=True)
class Failed(Event):
    """An operation failed.

    ``operation`` is what was tried (``"bind 0.0.0.0:11451"``), ``errno_name``
    the system's code (``"EADDRINUSE"``) where there was one, ``message`` the
    whole sentence for a person to read.
    """

    operation: str
    message: str
    errno_name: str = ""
    errno: int | None = None
    peer_id: int | None = None

    direction = Direction.ERROR


@dataclass(frozen=True, slots=True)
class SocketCall(Event):
    """One socket API call, written as a program would write it (the trace).

    ``call`` is the call with its arguments (``"bind(('0.0.0.0', 0))"``),
    ``result`` what it returned (``"port 41400"``), empty when nothing useful.
    """

    call: str
    result: str = ""
    peer_id: int | None = None

    direction = Direction.CALL


def data_size(event: Event | None) -> int:
    """How many bytes of data ``event`` carries (0 for events without data)."""
    data = getattr(event, "data", None)
    return len(data) if data is not None else 0
