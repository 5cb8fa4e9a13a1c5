"""What each state of a socket in the kernel's table means, in plain words.

The Sockets panel shows these as hover help on each state (LISTEN, ESTABLISHED,
CLOSE_WAIT, TIME_WAIT ...); the texts are English, translated through the one
catalogue (context ``"Explain"``) like the errors explained.
"""

from __future__ import annotations

from socklab.teaching.catalogue import QT_TRANSLATE_NOOP, translated
from socklab.teaching.explain.texts import CONTEXT

__all__ = ["STATE_HELP", "state_help"]

#: The kernel's state name (TCP, or UDP's UNCONN / CONNECTED) -> what it means.
STATE_HELP: dict[str, str] = {
    "LISTEN": QT_TRANSLATE_NOOP(
        "Explain",
        "LISTEN: a server socket after listen(). It takes no data itself: each finished "
        "handshake waits in its queue until accept() takes it (Recv-Q: how many wait now).",
    ),
    "SYN_SENT": QT_TRANSLATE_NOOP(
        "Explain",
        "SYN_SENT: connect() has sent its SYN and waits for the server's SYN-ACK "
        "(the first step of the three-way handshake).",
    ),
    "SYN_RECV": QT_TRANSLATE_NOOP(
        "Explain",
        "SYN_RECV: a client's SYN arrived and the SYN-ACK went back; the handshake's last "
        "ACK has not arrived yet.",
    ),
    "NEW_SYN_RECV": QT_TRANSLATE_NOOP(
        "Explain",
        "NEW_SYN_RECV: a client's SYN arrived and the SYN-ACK went back; the handshake's last "
        "ACK has not arrived yet (Linux's light-weight form of SYN_RECV).",
    ),
    "ESTABLISHED": QT_TRANSLATE_NOOP(
        "Explain",
        "ESTABLISHED: the connection is open, both sides may send. Recv-Q: bytes that arrived "
        "and the program has not read with recv() yet; Send-Q: bytes sent that the peer has "
        "not acknowledged yet.",
    ),
    "FIN_WAIT1": QT_TRANSLATE_NOOP(
        "Explain",
        "FIN_WAIT1: this side closed first (close() or shutdown(SHUT_WR)); its FIN is on its "
        "way and not acknowledged yet.",
    ),
    "FIN_WAIT2": QT_TRANSLATE_NOOP(
        "Explain",
        "FIN_WAIT2: this side closed first and the peer acknowledged its FIN; now it waits for "
        "the peer to close too.",
    ),
    "CLOSE_WAIT": QT_TRANSLATE_NOOP(
        "Explain",
        "CLOSE_WAIT: the peer closed (its FIN arrived: recv() returns b''), this side has not "
        "closed yet. It stays so until the program calls close(): many of them mean a program "
        "that forgets to close its connections.",
    ),
    "CLOSING": QT_TRANSLATE_NOOP(
        "Explain",
        "CLOSING: both sides closed at the same moment; waiting for the peer to acknowledge "
        "this side's FIN.",
    ),
    "LAST_ACK": QT_TRANSLATE_NOOP(
        "Explain",
        "LAST_ACK: the peer closed first, then this side closed; waiting for the peer to "
        "acknowledge this side's FIN. Then the socket is gone, with no TIME_WAIT.",
    ),
    "TIME_WAIT": QT_TRANSLATE_NOOP(
        "Explain",
        "TIME_WAIT: this side closed first. The kernel keeps the connection's pair of addresses "
        "for 60 seconds (twice the longest time a packet may live) so that a late packet of the "
        "old connection is not taken for part of a new one; then the row vanishes by itself "
        "(Timer: the seconds left). No program holds it any more, so it is found by its port. "
        "The side that closed second has none. SO_REUSEADDR lets a server bind its port again "
        "meanwhile.",
    ),
    "CLOSE": QT_TRANSLATE_NOOP("Explain", "CLOSE: the socket is closed."),
    "UNCONN": QT_TRANSLATE_NOOP(
        "Explain",
        "UNCONN: a UDP (or Unix datagram) socket that is not connected: it takes datagrams "
        "from anyone, and "
        "sendto() names each one's destination. Recv-Q / Send-Q: kernel memory (bytes, with "
        "bookkeeping) of the datagrams waiting to be read / to be sent.",
    ),
    "CONNECTED": QT_TRANSLATE_NOOP(
        "Explain",
        "CONNECTED: a UDP (or Unix datagram) socket after connect(): it takes datagrams from "
        "that peer only, and send() goes to it.",
    ),
}


def state_help(state: str, language: str = "en") -> str:
    """What ``state`` means, in ``language`` (empty for a state without a text)."""
    text = STATE_HELP.get(state)
    return translated(CONTEXT, text, language) if text else ""
