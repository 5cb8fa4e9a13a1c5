"""How a server's peer is named in its client table: its address, and for a
Unix peer (most are unnamed) the process behind it, from SO_PEERCRED."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from socklab.core import Credentials, SockAddr
from socklab.gui.describe import address_text, arg


def peer_text(peer: SockAddr | None, credentials: Credentials | None) -> str:
    """``127.0.0.1:50000``; ``unnamed — pid 4242, uid 1000, gid 1000`` for a Unix peer."""
    address = address_text(peer)
    if credentials is None:
        return address
    template = QCoreApplication.translate("PeerText", "%1 — pid %2, uid %3, gid %4")
    return arg(template, address, *map(str, (credentials.pid, credentials.uid, credentials.gid)))
