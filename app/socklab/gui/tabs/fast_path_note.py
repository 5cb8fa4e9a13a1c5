"""The UDP tab's fast path on its state line: how the generator sends (GSO,
sendmmsg, sendto, and why GSO was refused) and a receive GRO the kernel refused.

Strings are translated in the context ``"FastPathNote"``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from socklab.core import GsoSkip, ReceivePath, SendMode, SendPath
from socklab.gui.describe import arg


def send_path_text(path: SendPath) -> str:
    """``GSO: 46 x 1400 B``, ``GSO refused by the kernel: EMSGSIZE; using sendmmsg`` ..."""
    if path.mode is SendMode.GSO:
        return arg(
            QCoreApplication.translate("FastPathNote", "GSO: %1 x %2 B"),
            str(path.segments),
            str(path.size),
        )
    if path.refused:
        return arg(
            QCoreApplication.translate("FastPathNote", "GSO refused by the kernel: %1; using %2"),
            path.refused,
            path.mode.value,
        )
    why = {
        GsoSkip.OFF: QCoreApplication.translate("FastPathNote", "GSO off; using %1"),
        GsoSkip.SIZE: QCoreApplication.translate(
            "FastPathNote", "no GSO for %2 B datagrams (fewer than 2 fit in one send); using %1"
        ),
        GsoSkip.UNAVAILABLE: QCoreApplication.translate(
            "FastPathNote", "no GSO on this system; using %1"
        ),
        GsoSkip.TEMPLATE: QCoreApplication.translate(
            "FastPathNote", "template fields: each datagram its own payload, no GSO; using %1"
        ),
    }.get(path.skipped, "%1")
    return arg(why, path.mode.value, str(path.size))


def fast_path_text(send: SendPath | None, receive: ReceivePath | None) -> str:
    """What the state line adds: the send path once a generator ran, and a GRO
    the kernel refused ("" for nothing)."""
    parts = [] if send is None else [send_path_text(send)]
    if receive is not None and receive.refused:
        parts.append(
            arg(
                QCoreApplication.translate("FastPathNote", "GRO refused by the kernel: %1"),
                receive.refused,
            )
        )
    return " · ".join(parts)


class FastPathNote(QObject):
    """Keeps ``tab``'s state line saying its session's fast path (read on every
    bridge pull; shown only when it changes)."""

    def __init__(self, tab: Any) -> None:
        super().__init__(tab)
        self._tab = tab
        self._paths: tuple[SendPath | None, ReceivePath | None] = (None, None)
        tab.bridge.countersChanged.connect(self.refresh)
        tab.sessionChanged.connect(self.refresh)

    def refresh(self, *_: object) -> None:
        session = self._tab.session
        paths = (None, None) if session is None else (session.send_path, session.receive_path)
        if paths != self._paths:
            self._paths = paths
            self.retranslate()

    def retranslate(self) -> None:
        self._tab.state_label.set_note(fast_path_text(*self._paths))
