"""The one-click way out of a stale Unix socket file: "Remove the stale file and
listen" (a stream server) or "... and bind" (a datagram socket), offered only
after a bind failed on a file that nothing listens on.

The file is removed only after :func:`~socklab.core.remove_stale` proves, at
the click, that nothing listens on it; a file SockLab did not make is never
removed without that click.
"""

from __future__ import annotations

import socket

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QPushButton, QWidget

from socklab.core import SessionError, StaleFileError, is_stale, remove_stale
from socklab.gui.widgets.fields import FieldError, read_bind_host


class StaleOffer(QPushButton):
    """Shown while ``path`` is a stale socket file the last bind failed on.

    Signals: ``clicked`` (QPushButton's); the tab then calls :meth:`remove`.
    """

    def __init__(self, parent: QWidget | None = None, kind: int = socket.SOCK_STREAM) -> None:
        super().__init__(parent)
        self.setObjectName("removeStaleButton")
        self.path: str | None = None
        self.kind = kind
        self.hide()
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        if self.kind == socket.SOCK_DGRAM:
            self.setText(QCoreApplication.translate("StaleOffer", "Remove the stale file and bind"))
        else:
            self.setText(
                QCoreApplication.translate("StaleOffer", "Remove the stale file and listen")
            )
        self.setToolTip(
            QCoreApplication.translate(
                "StaleOffer",
                "The socket file was left by a program that ended without removing it: "
                "nothing listens on it. SockLab checks that again, removes it, then listens.",
            )
        )

    def consider(self, host: str, error: BaseException) -> None:
        """After a failed bind to ``host``: offer the removal if its file is stale."""
        stale = False
        if (
            isinstance(error, SessionError)
            and error.errno_name == "EADDRINUSE"
            and host.startswith("/")
        ):
            try:
                stale = is_stale(host, self.kind)
            except StaleFileError:
                stale = False
        self.path = host if stale else None
        self.setVisible(stale)

    def withdraw(self) -> None:
        self.path = None
        self.hide()

    def remove(self, host: str) -> None:
        """Remove ``host``'s file if it is the one offered and still stale; raises
        StaleFileError (with the reason) otherwise."""
        if host != self.path:
            raise StaleFileError(f"{host} is not the stale file SockLab offered to remove")
        remove_stale(host, self.kind)
        self.withdraw()

    def removed_host(self, field: QWidget, label: str) -> str:
        """The click: the address in ``field``, its file proved stale and removed;
        raises FieldError at ``field`` (``label`` names it) if it cannot be."""
        host = read_bind_host(field, label)
        try:
            self.remove(host)
        except (StaleFileError, OSError) as exc:
            self.withdraw()
            raise FieldError(field, label, str(exc)) from None
        return host
