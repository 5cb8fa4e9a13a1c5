"""How a server's peer is named in its client table: its address, and for a
Unix peer (most are unnamed) the process behind it, from SO_PEERCRED."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from socklab.core import Credentials, SockAddr, format_addr
from socklab.gui.describe import arg


def peer_text(peer: SockAddr | None, credentials: Credentials | None) -> str:
    """``127.0.0.1:50000``; ``unnamed — pid 4242, uid 1000, gid 1000`` for a Unix peer."""
    address = format_addr(peer)
    if address == "unnamed":
        address = QCoreApplication.translate("PeerText", "unnamed")
    if credentials is None:
        return address
    template = QCoreApplication.translate("PeerText", "%1 — pid %2, uid %3, gid %4")
    return arg(template, address, *map(str, (credentials.pid, credentials.uid, credentials.gid)))
