"""The kinds of session a tab can run: the registry the window builds its tabs
and its File → New session menu from.

Each kind is ONE entry of :data:`KINDS`::

    SessionKind(
        key="tcp-client",  # kept in the settings; lower case, words joined by -
        name=QT_TRANSLATE_NOOP("SessionKinds", "TCP Client"),  # in the menu and its tab titles
    )

The rest follows from the key: the objectName of its File → New session action
(``newTcpClientSession``, :attr:`SessionKind.action`) and its tab, a
SessionTab subclass built as ``cls(parent)``: class ``TcpClientTab`` in
``socklab.gui.tabs.tcp_client_tab``, imported when its first tab is built
(:attr:`SessionKind.cls`, :attr:`SessionKind.module`).

Adding a kind (a relay, say) is adding one such entry and its tab module; the
menu, the Ctrl+T chooser, the empty window's buttons and the restore after a
restart follow.
``name`` is the English text, marked for ``resources/translations/build.py``;
:meth:`SessionKind.display_name` translates it. Optional ``variants`` name the
kind when its tab says it runs otherwise (``{"tls": "TLS Client"}``, see
:meth:`SessionKind.display_name`).

The window names each tab after its kind and a slot number: the first tab of a
kind (slot 1) is ``<key in camelCase>Tab`` (``udpTab``, ``tcpClientTab``,
``relayTab``) and keeps its settings in the QSettings group ``<key with _>``
(``udp``, ``tcp_client``, ``relay``); the next ones are ``udpTab2``, ``udpTab3``
... with groups ``udp_2``, ``udp_3`` (:meth:`SessionKind.tab_name`,
:meth:`SessionKind.settings_group`). A slot is free again once its tab closes.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

#: The translation context of the kinds' names.
CONTEXT = "SessionKinds"


@dataclass(frozen=True)
class SessionKind:
    """One kind of session tab (see the module)."""

    key: str
    name: str
    variants: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def _camel_case(self) -> str:
        """The key's words capitalized and joined: ``tcp-client`` -> ``TcpClient``."""
        return "".join(word.capitalize() for word in self.key.split("-"))

    @property
    def action(self) -> str:
        """The objectName of its File → New session action: ``newTcpClientSession``."""
        return f"new{self._camel_case}Session"

    @property
    def module(self) -> str:
        """The module of its tab: ``socklab.gui.tabs.tcp_client_tab``."""
        return f"socklab.gui.tabs.{self.key.replace('-', '_')}_tab"

    @property
    def cls(self) -> str:
        """The class of its tab: ``TcpClientTab``."""
        return f"{self._camel_case}Tab"

    def display_name(self, variant: str = "") -> str:
        """The kind's name in the UI language; a ``variant``'s name if it has one
        (``"tls"`` -> "TLS Client"), else the kind's own."""
        return QCoreApplication.translate(CONTEXT, self.variants.get(variant, self.name))

    def tab_name(self, slot: int = 1) -> str:
        """The objectName of its tab in ``slot``: ``udpTab``, ``udpTab2`` ..."""
        camel = self._camel_case
        base = camel[:1].lower() + camel[1:] + "Tab"
        return base if slot == 1 else f"{base}{slot}"

    def settings_group(self, slot: int = 1) -> str:
        """The QSettings group of its tab in ``slot``: ``udp``, ``udp_2`` ..."""
        base = self.key.replace("-", "_")
        return base if slot == 1 else f"{base}_{slot}"

    def make_tab(self, parent: QWidget | None = None) -> QWidget:
        """A new tab of this kind (its module imported now)."""
        return getattr(importlib.import_module(self.module), self.cls)(parent)


#: Every kind, in the order of the New session menu.
KINDS: tuple[SessionKind, ...] = (
    SessionKind(
        key="udp",
        name=QT_TRANSLATE_NOOP("SessionKinds", "UDP"),
        variants=MappingProxyType({"unix": QT_TRANSLATE_NOOP("SessionKinds", "Unix datagram")}),
    ),
    SessionKind(
        key="broadcast",
        name=QT_TRANSLATE_NOOP("SessionKinds", "Broadcast"),
    ),
    SessionKind(
        key="tcp-client",
        name=QT_TRANSLATE_NOOP("SessionKinds", "TCP Client"),
        variants=MappingProxyType(
            {
                "tls": QT_TRANSLATE_NOOP("SessionKinds", "TLS Client"),
                "unix": QT_TRANSLATE_NOOP("SessionKinds", "Unix Client"),
            }
        ),
    ),
    SessionKind(
        key="tcp-server",
        name=QT_TRANSLATE_NOOP("SessionKinds", "TCP Server"),
        variants=MappingProxyType(
            {
                "tls": QT_TRANSLATE_NOOP("SessionKinds", "TLS Server"),
                "unix": QT_TRANSLATE_NOOP("SessionKinds", "Unix Server"),
            }
        ),
    ),
    SessionKind(
        key="relay",
        name=QT_TRANSLATE_NOOP("SessionKinds", "Relay"),
        variants=MappingProxyType(
            {
                "tcp": QT_TRANSLATE_NOOP("SessionKinds", "TCP Relay"),
                "udp": QT_TRANSLATE_NOOP("SessionKinds", "UDP Relay"),
            }
        ),
    ),
)

#: The tabs of a window that has saved none: the classic four, one of each.
DEFAULT_KINDS: tuple[str, ...] = ("udp", "broadcast", "tcp-client", "tcp-server")


def kind_for(key: str) -> SessionKind | None:
    """The kind whose key is ``key``; None for a key no kind has (any more)."""
    return next((kind for kind in KINDS if kind.key == key), None)
