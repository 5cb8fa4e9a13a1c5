"""One line (or one JSON object) per event, data always shown safely."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import IO

from socklab.core import (
    Detail,
    Event,
    Failed,
    MembershipChanged,
    PeerJoined,
    PeerLeft,
    Reason,
    Received,
    Sent,
    SocketCall,
    State,
    StateChanged,
    checksums,
    format_addr,
    to_hex,
    to_record,
    to_text,
)

EXIT_OK, EXIT_NETWORK, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

_ARROWS = {Received: "<-", Sent: "->", Failed: "!!"}
#: Received data shown on one line is cut after this many bytes.
_SHOW_LIMIT = 4096

#: Every state and every reason code in words: the CLI's one table. ``{}``
#: stands for the event's ``detail`` (see :func:`reason_words`).
WORDS: dict[State | Reason, str] = {
    State.UNBOUND: "unbound",
    State.BOUND: "bound",
    State.CONNECTING: "connecting",
    State.CONNECTED: "connected",
    State.LISTENING: "listening",
    State.HALF_CLOSED: "half-closed",
    State.PEER_FINISHED: "the peer finished sending",
    State.PEER_CLOSED: "closed by peer",
    State.RESET: "reset",
    State.KICKED: "disconnected",
    State.CLOSED: "closed",
    State.STOPPED: "stopped",
    Reason.NONE: "",
    Reason.REBIND: "closed to bind again",
    Reason.RECONNECT: "closed to connect again",
    Reason.RESTART: "restarted",
    Reason.AUTO_BIND: "bound automatically by the first sendto",
    Reason.BACKLOG: "backlog {}",
    Reason.NOT_CONNECTED: "not connected",
    Reason.SHUT_WR: "shutdown(SHUT_WR): no more sending, still receiving",
    Reason.PEER_CLOSED: "recv() returned b'' (the peer closed)",
    Reason.PEER_RESET: "the peer reset the connection",
    Reason.ERROR: "error {}",
    Reason.SERVER_STOPPED: "the server stopped",
    Reason.KICKED: "disconnected by the server",
    Reason.CLIENT_LIMIT: "client limit reached",
    Reason.CLOSE_WORD: "the client sent {}",
    Reason.TLS_VERIFIED: "{}, certificate verified",
    Reason.TLS_NOT_VERIFIED: "{}, not verified",
    Reason.IDLE: "nothing passed for {} s",
}


@dataclass
class Printer:
    """Writes one line per event, as text or JSON."""

    stream: IO[str]
    as_json: bool
    as_hex: bool
    encoding: str
    #: A checksum each received message is checked for (a name in CHECKSUMS; None: none).
    verify: str | None = None

    def show(self, event: Event) -> None:
        if self.as_json:
            record = to_record(event)
            if isinstance(event, Received | Sent):
                record["text"] = to_text(event.data, self.encoding, _SHOW_LIMIT)
            if isinstance(event, Received) and self.verify:
                verdict = checksums.verify(event.data, self.verify)
                record["checksum"] = None if verdict is None else "good" if verdict else "bad"
            line = json.dumps(record, ensure_ascii=False)
        else:
            line = self._line(event)
        self.stream.write(line + "\n")

    def _line(self, event: Event) -> str:
        stamp = time.strftime("%H:%M:%S", time.localtime(event.wall))
        stamp += f".{int(event.wall * 1000) % 1000:03d}"
        if isinstance(event, Received | Sent):
            arrow = _ARROWS[type(event)]
            who = format_addr(event.peer)
            if event.peer_id is not None:
                who += f" #{event.peer_id}"
            size = f"{event.size} B"
            if isinstance(event, Received) and event.truncated:
                size = f"{len(event.data)} of {event.size} B (truncated)"
            if isinstance(event, Received) and self.verify:
                size += self._verdict(event.data)
            shown = (
                to_hex(event.data, _SHOW_LIMIT)
                if self.as_hex
                else to_text(event.data, self.encoding, _SHOW_LIMIT)
            )
            return f"{stamp} {arrow} {who}  {size}  {shown}"
        if isinstance(event, Failed):
            return f"{stamp} !! {event.message}"
        if isinstance(event, SocketCall):
            result = f" -> {event.result}" if event.result else ""
            return f"{stamp} () {event.call}{result}"
        return f"{stamp} -- {describe(event)}"

    def _verdict(self, data: bytes) -> str:
        """``  checksum NAME good`` / ``BAD`` (or ``too short``) for a received message."""
        verdict = checksums.verify(data, self.verify)
        word = "too short" if verdict is None else "good" if verdict else "BAD"
        return f"  checksum {self.verify} {word}"

    def flush(self) -> None:
        self.stream.flush()


def reason_words(reason: Reason, detail: Detail = None) -> str:
    """Why a state changed, in words, with its detail filled in."""
    text = WORDS[reason]
    if detail is None:
        return text
    return text.format(repr(detail) if reason is Reason.CLOSE_WORD else detail)


def _with_reason(text: str, event: StateChanged | PeerLeft) -> str:
    why = reason_words(event.reason, event.detail)
    return f"{text} ({why})" if why else text


def describe(event: Event) -> str:
    """A state, join or leave event in words."""
    if isinstance(event, StateChanged):
        text = WORDS[event.state]
        if event.state is State.CONNECTED:
            text = f"connected {format_addr(event.local)} <-> {format_addr(event.peer)}"
        elif event.state in (State.BOUND, State.LISTENING):
            where = "bound to" if event.state is State.BOUND else "listening on"
            text = f"{where} {format_addr(event.local)}"
        elif event.state is State.CONNECTING:
            text = f"connecting to {format_addr(event.peer)}"
        return _with_reason(text, event)
    if isinstance(event, PeerJoined):
        return f"client #{event.peer_id} connected from {format_addr(event.peer)}"
    if isinstance(event, PeerLeft):
        text = f"client #{event.peer_id} {format_addr(event.peer)} left: {WORDS[event.state]}"
        return _with_reason(text, event)
    if isinstance(event, MembershipChanged):
        text = "joined" if event.joined else "left"
        if event.source:
            return f"{text} {event.group} (source {event.source})" + _on(event.interface)
        return f"{text} {event.group}" + _on(event.interface)
    return repr(event)


def _on(interface: str) -> str:
    return f" on {interface}" if interface else ""


# -- running ------------------------------------------------------------------
