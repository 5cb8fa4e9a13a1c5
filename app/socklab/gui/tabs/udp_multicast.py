"""The UDP tab's multicast: Join and Leave clicks, and the joined groups.

:class:`UdpMulticast` puts a :class:`MulticastBox` into a UDP tab and wires
it: a click reads its fields at once (a bad one is said at the field), Join
binds the local address first when the tab has no socket yet, and the joined
list and the state line follow the session's :class:`MembershipChanged` events
(never what was merely clicked).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject

from socklab.core import Batch, Membership, MembershipChanged, UdpOptions
from socklab.gui.bridge import wait_for
from socklab.gui.membership_words import members_note
from socklab.gui.widgets.fields import FieldError, read_host, read_port
from socklab.gui.widgets.multicast_box import MulticastBox

if TYPE_CHECKING:
    from socklab.gui.tabs.udp_tab import UdpTab
    from socklab.teaching.codegen.multicast import MulticastCode


class UdpMulticast(QObject):
    """The multicast part of a UDP tab (``box`` is its widget). Signals: none."""

    def __init__(self, tab: UdpTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.box = MulticastBox(tab)
        self.box.joinRequested.connect(lambda: tab.act(self.joining))
        self.box.leaveRequested.connect(lambda: tab.act(self.leaving))
        self.box.sendingChanged.connect(self._sending_changed)
        tab.bridge.eventsArrived.connect(self._on_batch)
        tab.sessionChanged.connect(self._session_changed)
        for field in (self.box.group, self.box.source, self.box.interface):
            tab.banner.watch(field)

    def retranslate(self) -> None:
        self.box.retranslate()
        self._show_note()

    # -- clicks --------------------------------------------------------------------

    def joining(self) -> Coroutine[Any, Any, None]:
        """Join's click: read the group (and the local address if nothing is bound) now."""
        membership = self.box.read_membership()
        tab = self.tab
        local = None
        if tab.session is None or tab.session.local_address is None:
            host = read_host(tab.local_host, QCoreApplication.translate("UdpTab", "Local address"))
            port_label = QCoreApplication.translate("UdpTab", "Local port")
            local = (host, read_port(tab.local_port, port_label, allow_zero=True))
        options = tab.options()
        tab.clear_errors()
        return self._join(membership, local, options)

    async def _join(
        self, membership: Membership, local: tuple[str, int] | None, options: UdpOptions
    ) -> None:
        if local is not None:
            if self.tab.session is not None:
                self.tab.release_session()
            await self.tab._bind(*local, options)
        session = self.tab.session
        if session is not None:
            await wait_for(session.join(membership))

    def leaving(self) -> Coroutine[Any, Any, None]:
        """Leave's click: the joined group selected (else the one in the fields)."""
        membership = self.box.to_leave()
        self.tab.clear_errors()
        return self._leave(membership)

    async def _leave(self, membership: Membership) -> None:
        session = self.tab.session
        if session is not None:
            await wait_for(session.leave(membership))

    def check_sending(self) -> None:
        """A bad interface is said at its field before a send."""
        self.box.read_interface()

    # -- what the session says -------------------------------------------------------

    def _on_batch(self, batch: Batch) -> None:
        changed = False
        for event in batch.events:
            if isinstance(event, MembershipChanged):
                self.box.show_membership(event)
                changed = True
        if changed:
            self._show_note()
            self.tab.refresh_code()

    def _session_changed(self) -> None:
        if self.tab.session is None:
            self.box.clear_joined()
            self._show_note()

    def _show_note(self) -> None:
        groups = [m.group for m in self.box.memberships()]
        self.tab.state_label.set_members(members_note(groups) if groups else "")

    def _sending_changed(self) -> None:
        session = self.tab.session
        if session is not None:
            session.set_options(self.tab.options())

    # -- the code panel --------------------------------------------------------------

    def code(self) -> MulticastCode:
        """The joined groups (else the one typed, if it is one) and the sending options."""
        from socklab.teaching.codegen.multicast import MulticastCode  # with the first script

        joined = tuple(self.box.memberships())
        if not joined:
            try:
                joined = (self.box.read_membership(),)
            except FieldError:  # a field not filled in (yet): no join in the script
                joined = ()
        return MulticastCode(joined, self.box.sending_options())
