"""The generator's send path (GSO, sendmmsg, sendto) and a receiver's GRO in the CLI's words."""

from __future__ import annotations

from socklab.core import GsoSkip, ReceivePath, SendMode, SendPath

#: Why GSO was not tried, in words; ``{}`` stands for the datagram size.
SKIPPED: dict[GsoSkip, str] = {
    GsoSkip.NONE: "",
    GsoSkip.OFF: "GSO off",
    GsoSkip.SIZE: "GSO does not apply: fewer than 2 datagrams of {} B fit in one send",
    GsoSkip.UNAVAILABLE: "no GSO here",
    GsoSkip.TEMPLATE: "template fields: each datagram its own payload, no GSO",
}


def send_path_words(path: SendPath) -> str:
    """``GSO: 46 x 1400 B per send``, ``GSO refused by the kernel: EMSGSIZE; using
    sendmmsg``, ``sendmmsg (GSO off)``."""
    if path.mode is SendMode.GSO:
        return f"GSO: {path.segments} x {path.size} B per send"
    if path.refused:
        return f"GSO refused by the kernel: {path.refused}; using {path.mode.value}"
    why = SKIPPED[path.skipped].format(path.size)
    return f"{path.mode.value} ({why})" if why else path.mode.value


def receive_path_words(path: ReceivePath) -> str:
    """``GRO on``, ``GRO refused by the kernel: ENOPROTOOPT``, ``GRO off``."""
    if path.gro:
        return "GRO on"
    return f"GRO refused by the kernel: {path.refused}" if path.refused else "GRO off"
