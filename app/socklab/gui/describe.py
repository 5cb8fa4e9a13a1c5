"""Events, states and numbers in the user's words, for the log, the state lines and the counts.

Strings are translated in the context ``"Describe"``; templates use Qt's
``%1 %2`` placeholders, filled by :func:`arg`.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from socklab.core import Detail, Reason, SockAddr, State, StateChanged, format_addr
from socklab.gui.widgets.long_text import shortened

_ARG = re.compile(r"%(\d)")
_LINE_BREAKS = str.maketrans({"\r": " ", "\n": " ", "\t": " "})


def arg(template: str, *args: str) -> str:
    """Qt-style ``%1 %2`` substitution in one pass (values may contain ``%``)."""
    return _ARG.sub(lambda m: args[int(m[1]) - 1] if 0 < int(m[1]) <= len(args) else m[0], template)


def one_line(text: str) -> str:
    """Keep a message on one row: line breaks and tabs become spaces."""
    return text.translate(_LINE_BREAKS)


def words() -> dict[State | Reason, str]:
    """Every state and every reason code in the UI language: the GUI's one table.

    Built on each call, so that a language switched at runtime shows at once.
    A ``%1`` stands for the event's ``detail`` (see :func:`reason_text`).
    """
    return {
        State.UNBOUND: QCoreApplication.translate("Describe", "unbound"),
        State.BOUND: QCoreApplication.translate("Describe", "bound"),
        State.CONNECTING: QCoreApplication.translate("Describe", "connecting"),
        State.CONNECTED: QCoreApplication.translate("Describe", "connected"),
        State.LISTENING: QCoreApplication.translate("Describe", "listening"),
        State.HALF_CLOSED: QCoreApplication.translate("Describe", "half-closed"),
        State.PEER_FINISHED: QCoreApplication.translate("Describe", "the peer finished sending"),
        State.PEER_CLOSED: QCoreApplication.translate("Describe", "closed by peer"),
        State.RESET: QCoreApplication.translate("Describe", "reset"),
        State.KICKED: QCoreApplication.translate("Describe", "disconnected"),
        State.CLOSED: QCoreApplication.translate("Describe", "closed"),
        State.STOPPED: QCoreApplication.translate("Describe", "stopped"),
        Reason.NONE: "",
        Reason.REBIND: QCoreApplication.translate("Describe", "closed to bind again"),
        Reason.RECONNECT: QCoreApplication.translate("Describe", "closed to connect again"),
        Reason.RESTART: QCoreApplication.translate("Describe", "restarted"),
        Reason.AUTO_BIND: QCoreApplication.translate(
            "Describe", "bound automatically by the first sendto"
        ),
        Reason.BACKLOG: QCoreApplication.translate("Describe", "backlog %1"),
        Reason.NOT_CONNECTED: QCoreApplication.translate("Describe", "not connected"),
        Reason.SHUT_WR: QCoreApplication.translate(
            "Describe", "shutdown(SHUT_WR): no more sending, still receiving"
        ),
        Reason.PEER_CLOSED: QCoreApplication.translate(
            "Describe", "recv() returned b'' (the peer closed)"
        ),
        Reason.PEER_RESET: QCoreApplication.translate("Describe", "the peer reset the connection"),
        Reason.ERROR: QCoreApplication.translate("Describe", "error %1"),
        Reason.SERVER_STOPPED: QCoreApplication.translate("Describe", "the server stopped"),
        Reason.KICKED: QCoreApplication.translate("Describe", "disconnected by the server"),
        Reason.CLIENT_LIMIT: QCoreApplication.translate("Describe", "client limit reached"),
        Reason.CLOSE_WORD: QCoreApplication.translate("Describe", "the client sent %1"),
        Reason.TLS_VERIFIED: QCoreApplication.translate("Describe", "%1, certificate verified"),
        Reason.TLS_NOT_VERIFIED: QCoreApplication.translate("Describe", "%1, not verified"),
        Reason.IDLE: QCoreApplication.translate("Describe", "nothing passed for %1 s"),
    }


def state_name(state: State) -> str:
    """The short name of a state: "listening", "closed by peer" ..."""
    return words()[state]


def reason_text(reason: Reason, detail: Detail = None) -> str:
    """Why a state changed, in the UI language, with its detail filled in."""
    text = words()[reason]
    if detail is None:
        return text
    if reason is Reason.CLOSE_WORD:  # the user's word: a page long, maybe
        return arg(text, shortened(str(detail)))
    return arg(text, str(detail))


def address_text(addr: SockAddr | None) -> str:
    """:func:`format_addr` with an unnamed Unix socket (``''``) in the UI's language."""
    text = format_addr(addr)
    if text == "unnamed" and isinstance(addr, (str, bytes, bytearray)):
        return QCoreApplication.translate("Describe", "unnamed")
    return text


def state_text(ev: StateChanged, *, with_reason: bool = True, exposure: bool = False) -> str:
    """A state change in words: "bound to 0.0.0.0:41400", "connected A ↔ B" ...

    ``exposure``: say so where a socket is bound to every interface (as the
    state line does): other machines can reach it.
    """
    local = address_text(ev.local)
    peer = address_text(ev.peer)
    state = ev.state
    if state is State.BOUND and local:
        text = arg(QCoreApplication.translate("Describe", "bound to %1"), local)
    elif state is State.LISTENING and local:
        text = arg(QCoreApplication.translate("Describe", "listening on %1"), local)
    elif state is State.CONNECTING and peer:
        text = arg(QCoreApplication.translate("Describe", "connecting to %1"), peer)
    elif state is State.CONNECTED and local and peer:
        text = arg(QCoreApplication.translate("Describe", "connected %1 ↔ %2"), local, peer)
    elif state is State.CONNECTED and peer:
        text = arg(QCoreApplication.translate("Describe", "connected to %1"), peer)
    elif state is State.HALF_CLOSED:
        text = QCoreApplication.translate("Describe", "half-closed (our sending side is shut down)")
    elif state is State.PEER_FINISHED:
        text = QCoreApplication.translate(
            "Describe",
            "the peer finished sending: recv() returned b'' (it closed, or shut down its "
            "sending side); ours is still open",
        )
    elif state in (State.PEER_CLOSED, State.RESET) and peer:
        text = f"{state_name(state)}: {peer}"
    else:
        text = state_name(state)
    if exposure and state in (State.BOUND, State.LISTENING) and _every_interface(ev.local):
        note = QCoreApplication.translate("Describe", "all interfaces: reachable from the network")
        text = f"{text} ({note})"
    if with_reason and ev.reason is not Reason.NONE:
        return f"{text} — {one_line(reason_text(ev.reason, ev.detail))}"
    return text


def _every_interface(local: object) -> bool:
    """True for an address bound to every interface (0.0.0.0 or ::)."""
    return isinstance(local, tuple) and bool(local) and local[0] in ("0.0.0.0", "::")


def format_count(n: int) -> str:
    """An exact integer with thousands separators: 6,400,000."""
    return f"{n:,}"


def format_byte_rate(rate: float) -> str:
    """Bytes per second in decimal units: 512 B/s, 64.0 kB/s, 1.2 MB/s."""
    for unit, scale in (("GB/s", 1e9), ("MB/s", 1e6), ("kB/s", 1e3)):
        if rate >= scale:
            return f"{rate / scale:,.1f} {unit}"
    return f"{round(rate):,} B/s"
