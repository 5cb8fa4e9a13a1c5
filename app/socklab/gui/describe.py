"""Events and states in the user's language, for the log and the state lines.

Strings are translated in the context ``"Describe"``; templates use Qt's
``%1 %2`` placeholders, filled by :func:`arg`.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from socklab.core import State, StateChanged, format_addr

_ARG = re.compile(r"%(\d)")
_LINE_BREAKS = str.maketrans({"\r": " ", "\n": " ", "\t": " "})


def arg(template: str, *args: str) -> str:
    """Qt-style ``%1 %2`` substitution in one pass (values may contain ``%``)."""
    return _ARG.sub(lambda m: args[int(m[1]) - 1] if 0 < int(m[1]) <= len(args) else m[0], template)


def one_line(text: str) -> str:
    """Keep a message on one row: line breaks and tabs become spaces."""
    return text.translate(_LINE_BREAKS)


def state_name(state: State) -> str:
    """The short name of a state: "listening", "closed by peer" ..."""
    names = {
        State.UNBOUND: QCoreApplication.translate("Describe", "unbound"),
        State.BOUND: QCoreApplication.translate("Describe", "bound"),
        State.CONNECTING: QCoreApplication.translate("Describe", "connecting"),
        State.CONNECTED: QCoreApplication.translate("Describe", "connected"),
        State.LISTENING: QCoreApplication.translate("Describe", "listening"),
        State.HALF_CLOSED: QCoreApplication.translate("Describe", "half-closed"),
        State.PEER_CLOSED: QCoreApplication.translate("Describe", "closed by peer"),
        State.RESET: QCoreApplication.translate("Describe", "reset by peer"),
        State.KICKED: QCoreApplication.translate("Describe", "disconnected"),
        State.CLOSED: QCoreApplication.translate("Describe", "closed"),
        State.STOPPED: QCoreApplication.translate("Describe", "stopped"),
    }
    return names.get(state, state.value)


def reason_text(reason: str) -> str:
    """The core's reason for a state change, in the UI language where it is a known one."""
    known = {
        "bound automatically by the first sendto": QCoreApplication.translate(
            "Describe", "bound automatically by the first sendto"
        ),
        "recv() returned b'' (the peer closed)": QCoreApplication.translate(
            "Describe", "recv() returned b'' (the peer closed)"
        ),
        "the peer reset the connection": QCoreApplication.translate(
            "Describe", "the peer reset the connection"
        ),
        "shutdown(SHUT_WR): no more sending, still receiving": QCoreApplication.translate(
            "Describe", "shutdown(SHUT_WR): no more sending, still receiving"
        ),
        "the server stopped": QCoreApplication.translate("Describe", "the server stopped"),
        "disconnected by the server": QCoreApplication.translate(
            "Describe", "disconnected by the server"
        ),
        "client limit reached": QCoreApplication.translate("Describe", "client limit reached"),
        "not connected": QCoreApplication.translate("Describe", "not connected"),
        "closed to bind again": QCoreApplication.translate("Describe", "closed to bind again"),
        "closed to connect again": QCoreApplication.translate(
            "Describe", "closed to connect again"
        ),
        "restarted": QCoreApplication.translate("Describe", "restarted"),
    }
    if reason in known:
        return known[reason]
    if reason.startswith("backlog ") and reason[8:].isdigit():
        return arg(QCoreApplication.translate("Describe", "backlog %1"), reason[8:])
    if reason.startswith("the client sent "):
        return arg(QCoreApplication.translate("Describe", "the client sent %1"), reason[16:])
    return reason


def state_text(ev: StateChanged, *, with_reason: bool = True) -> str:
    """A state change in words: "bound to 0.0.0.0:41400", "connected A ↔ B" ..."""
    local = format_addr(ev.local)
    peer = format_addr(ev.peer)
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
    elif state in (State.PEER_CLOSED, State.RESET) and peer:
        text = f"{state_name(state)}: {peer}"
    else:
        text = state_name(state)
    if with_reason and ev.reason:
        return f"{text} — {one_line(reason_text(ev.reason))}"
    return text
