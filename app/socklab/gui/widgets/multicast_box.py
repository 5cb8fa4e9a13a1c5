"""The UDP tab's multicast controls: a group to join (and a source, for SSM)
on an interface, the groups joined, and how datagrams to groups are sent.

Two rows: ``Multicast group [multicastGroup] Source [multicastSource]
Interface [multicastInterface] [joinButton] [leaveButton]`` and ``Joined
[joinedGroups] TTL [multicastTtl] [multicastLoop]``. Reading a field checks it
(:class:`FieldError` at that field); the list follows the session's
:class:`MembershipChanged` events only. Strings are in the context
``"MulticastBox"``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from socklab.core import (
    MAX_TTL,
    Membership,
    MembershipChanged,
    MulticastError,
    MulticastSendOptions,
    local_interfaces,
    parse_group,
    parse_interface,
    parse_source,
)
from socklab.gui.membership_words import group_label
from socklab.gui.widgets.compact_button import CompactButton
from socklab.gui.widgets.fields import FieldError
from socklab.gui.widgets.fill_on_open import FillOnOpenCombo

#: The codes of a failed join or leave that concern the interface field.
_INTERFACE_CODES = ("ENODEV", "EADDRNOTAVAIL", "NOMULTICAST")


class MulticastBox(QWidget):
    """Join / leave controls, the joined groups and the sending options.

    Signals:
        joinRequested(): Join was clicked.
        leaveRequested(): Leave was clicked.
        sendingChanged(): the TTL, the loopback or the interface changed.
    """

    joinRequested = Signal()  # noqa: N815
    leaveRequested = Signal()  # noqa: N815
    sendingChanged = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("multicastBox")
        self.group_label = QLabel(self)
        self.group = QLineEdit(self)
        self.group.setObjectName("multicastGroup")
        self.group.setPlaceholderText("239.1.2.3")
        self.source_label = QLabel(self)
        self.source = QLineEdit(self)
        self.source.setObjectName("multicastSource")
        self.interface_label = QLabel(self)
        self.interface = FillOnOpenCombo(self._fill_interfaces, self)  # read when opened
        self.interface.setObjectName("multicastInterface")
        self.interface.setEditable(True)
        self.interface.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.join_button = CompactButton(self)
        self.join_button.setObjectName("joinButton")
        self.leave_button = CompactButton(self)
        self.leave_button.setObjectName("leaveButton")
        self.joined_label = QLabel(self)
        self.joined = QListWidget(self)
        self.joined.setObjectName("joinedGroups")
        self.joined.setFlow(QListView.Flow.LeftToRight)
        self.joined.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.joined.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.joined.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.joined.setSpacing(2)
        line = self.group.sizeHint().height()
        self.joined.setFixedHeight(line + self.joined.horizontalScrollBar().sizeHint().height())
        self.ttl_label = QLabel(self)
        self.ttl = QSpinBox(self)
        self.ttl.setObjectName("multicastTtl")
        self.ttl.setRange(0, MAX_TTL)
        self.ttl.setValue(1)
        self.loop = QCheckBox("IP_MULTICAST_LOOP", self)
        self.loop.setObjectName("multicastLoop")
        self.loop.setChecked(True)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        first_row = [self.group_label, self.group, self.source_label, self.source]
        first_row += [self.interface_label, self.interface, self.join_button, self.leave_button]
        for column, widget in enumerate(first_row):
            grid.addWidget(widget, 0, column)
        grid.addWidget(self.joined_label, 1, 0)
        grid.addWidget(self.joined, 1, 1, 1, 3)
        grid.addWidget(self.ttl_label, 1, 4)
        grid.addWidget(self.ttl, 1, 5)
        grid.addWidget(self.loop, 1, 6, 1, 2)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)

        self.join_button.clicked.connect(self.joinRequested)
        self.leave_button.clicked.connect(self.leaveRequested)
        self.ttl.valueChanged.connect(self.sendingChanged)
        self.loop.toggled.connect(self.sendingChanged)
        self.interface.lineEdit().editingFinished.connect(self.sendingChanged)
        self.interface.activated.connect(lambda _index: self.sendingChanged.emit())
        self.joined.currentItemChanged.connect(lambda *_: self._update_leave())
        self.retranslate()
        self._update_leave()

    # -- text --------------------------------------------------------------------

    def retranslate(self) -> None:
        self.group_label.setText(self.tr("Multicast group"))
        self.source_label.setText(self.tr("Source"))
        self.interface_label.setText(self.tr("Interface"))
        self.join_button.setText(self.tr("Join"))
        self.leave_button.setText(self.tr("Leave"))
        self.joined_label.setText(self.tr("Joined"))
        self.ttl_label.setText(self.tr("TTL"))
        self.group.setToolTip(
            self.tr(
                "A group: IPv4 224.0.0.0 to 239.255.255.255 (239.x.y.z for a test), IPv6 "
                "ff00::/8 (ff15::1234). Join binds the local address first if needed: bind "
                "0.0.0.0 or :: to receive the group."
            )
        )
        self.source.setToolTip(
            self.tr(
                "Source-specific multicast (SSM): only this sender's datagrams "
                "(IP_ADD_SOURCE_MEMBERSHIP, IPv6 MCAST_JOIN_SOURCE_GROUP). Empty: any sender."
            )
        )
        self.interface.setToolTip(
            self.tr(
                "The interface to join on and to send out of (IP_MULTICAST_IF): a name such "
                "as eth0, or one of its addresses. Empty: the system chooses by its routes."
            )
        )
        self.ttl.setToolTip(
            self.tr(
                "IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS: how many routers a datagram to a "
                "group may cross, 0 to 255 (1: this network only)"
            )
        )
        self.loop.setToolTip(
            self.tr(
                "IP_MULTICAST_LOOP: members on this machine also get what this socket sends "
                "to a group"
            )
        )
        for row in range(self.joined.count()):
            item = self.joined.item(row)
            item.setText(group_label(item.data(Qt.ItemDataRole.UserRole)))

    def _fill_interfaces(self) -> None:
        typed = self.interface.currentText()
        self.interface.blockSignals(True)
        self.interface.clear()
        self.interface.addItem("")
        names = sorted({i.name for i in local_interfaces(include_ipv6=False)})
        for name in names:
            self.interface.addItem(name)
        self.interface.setEditText(typed)
        self.interface.blockSignals(False)

    # -- reading the fields ------------------------------------------------------

    def read_membership(self) -> Membership:
        """The group, source and interface typed; FieldError at the bad field."""
        try:
            group = parse_group(self.group.text())
        except MulticastError as exc:
            raise FieldError(self.group, self.tr("Multicast group"), str(exc)) from None
        try:
            source = parse_source(self.source.text(), group)
        except MulticastError as exc:
            raise FieldError(self.source, self.tr("Source"), str(exc)) from None
        return Membership(group, source, self.read_interface())

    def read_interface(self) -> str:
        try:
            return parse_interface(self.interface.currentText())
        except MulticastError as exc:
            raise FieldError(self.interface, self.tr("Interface"), str(exc)) from None

    def to_leave(self) -> Membership:
        """The joined group selected, else the one the fields describe."""
        item = self.joined.currentItem()
        if item is not None:
            return item.data(Qt.ItemDataRole.UserRole)  # type: ignore[no-any-return]
        return self.read_membership()

    def sending_options(self) -> MulticastSendOptions:
        """TTL, loopback and interface (an interface that cannot be one: none)."""
        try:
            interface = parse_interface(self.interface.currentText())
        except MulticastError:
            interface = ""
        return MulticastSendOptions(self.ttl.value(), self.loop.isChecked(), interface)

    def field_for(self, operation: str, code: str) -> QWidget | None:
        """The field a failed join, leave or multicast option concerns."""
        if operation.startswith(("join", "leave", "set the multicast")):
            return self.interface if code in _INTERFACE_CODES else self.group
        return None

    # -- the groups joined ---------------------------------------------------------

    def memberships(self) -> list[Membership]:
        return [
            self.joined.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.joined.count())
        ]

    def show_membership(self, event: MembershipChanged) -> None:
        """A join or a leave the session reported."""
        m = Membership(event.group, event.source, event.interface)
        rows = [row for row, joined in enumerate(self.memberships()) if joined == m]
        if event.joined and not rows:
            item = QListWidgetItem(group_label(m))
            item.setData(Qt.ItemDataRole.UserRole, m)
            self.joined.addItem(item)
        elif not event.joined:
            for row in reversed(rows):
                self.joined.takeItem(row)
        self._update_leave()

    def clear_joined(self) -> None:
        self.joined.clear()
        self._update_leave()

    def _update_leave(self) -> None:
        self.leave_button.setEnabled(self.joined.count() > 0)
