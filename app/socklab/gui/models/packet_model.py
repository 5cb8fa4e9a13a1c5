"""The packet library as a tree: each group (in the order it first appears in
the library, "" shown as "No group") and its packets in the library's order.
Two columns: the name; the kind and destination (``UDP 127.0.0.1:7000``).

A search (:meth:`PacketModel.set_filter`) keeps the packets whose name, kind,
destination or group holds the text. A packet's name is edited in place (a
rename: a name that is empty or taken is refused, said by ``failed``); packets
dragged (one or several) to another place or group are moved there in the
library, which is written at once.

Strings here are translated in the context ``"PacketModel"``.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from socklab.core import packets, to_text
from socklab.gui.widgets.long_text import plain_tip

#: The drag's data: the names of the packets dragged, as a JSON list.
MIME_TYPE = "application/x-socklab-packet-names"
#: What a tooltip shows of a payload.
_TIP_PAYLOAD = 200
#: The columns: the name; the kind and destination ("UDP 127.0.0.1:7000").
COLUMNS = 2
#: The role that gives a packet row's name (None for a group row).
NAME_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class PacketModel(QAbstractItemModel):
    """The tree of a :class:`~socklab.core.packets.PacketStore` (see the module).

    Signals:
        failed(str): a rename or a move could not be done; the reason.
        moved(list): packets were moved (their names), the library written.
    """

    failed = Signal(str)
    moved = Signal(list)

    def __init__(self, store: packets.PacketStore, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self._groups: list[str] = []
        self._members: list[list[packets.SavedPacket]] = []
        self._filter = ""
        self._build()

    def reload(self) -> None:
        """Show the library as it is now."""
        self.beginResetModel()
        self._build()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Show only the packets whose name, kind, destination or group holds
        ``text`` (any case); "" shows them all."""
        self._filter = text.strip().casefold()
        self.reload()

    def filtering(self) -> bool:
        return bool(self._filter)

    def _build(self) -> None:
        rows: dict[str, list[packets.SavedPacket]] = {}
        wanted = self._filter
        for packet in self.store.packets():
            if wanted and not _matches(packet, wanted):
                continue
            rows.setdefault(packet.group, []).append(packet)
        self._groups = list(rows)
        self._members = list(rows.values())

    # -- finding -------------------------------------------------------------------

    def packet_at(self, index: Index) -> packets.SavedPacket | None:
        """The packet of a row (None for a group row)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._members[index.internalId() - 1][index.row()]

    def index_of(self, name: str) -> QModelIndex:
        """The row of the packet ``name`` (invalid if there is none)."""
        for group, members in enumerate(self._members):
            for row, packet in enumerate(members):
                if packet.name == name:
                    return self.createIndex(row, 0, group + 1)
        return QModelIndex()

    def retranslate(self) -> None:
        """The words the model shows changed language: the views paint them again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if not self._groups:
            return
        last = len(self._groups) - 1
        self.dataChanged.emit(self.index(0, 0), self.index(last, COLUMNS - 1))
        for row, members in enumerate(self._members):
            if members:
                parent = self.index(row, 0)
                self.dataChanged.emit(
                    self.index(0, 0, parent), self.index(len(members) - 1, COLUMNS - 1, parent)
                )

    # -- the model -----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._members[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return QCoreApplication.translate("PacketModel", "Name")
            return QCoreApplication.translate("PacketModel", "Sent to")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        packet = self.packet_at(index)
        if packet is None:
            return self._group_data(index, role)
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return packet.name
            where = packet.destination or QCoreApplication.translate(
                "PacketModel", "(where the tab sends)"
            )
            return f"{kind_words(packet.kind)} {where}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(packet)
        if role == NAME_ROLE:
            return packet.name
        return None

    def _group_data(self, index: Index, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            group = self._groups[index.row()]
            count = len(self._members[index.row()])
            shown = group or QCoreApplication.translate("PacketModel", "No group")
            return f"{shown} ({count})"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:  # a group: packets are dropped into it
            return base | Qt.ItemFlag.ItemIsDropEnabled
        flags = base | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        packet = self.packet_at(index)
        if packet is None or role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        new_name = str(value).strip()
        if new_name == packet.name:
            return False
        try:
            renamed = self.store.rename(packet.name, new_name)
        except packets.StoreError as exc:
            self.failed.emit(_rename_words(packet.name, exc))
            return False
        except OSError as exc:
            self.failed.emit(
                QCoreApplication.translate("PacketModel", "Cannot write the library: %1").replace(
                    "%1", str(exc)
                )
            )
            return False
        self._members[index.internalId() - 1][index.row()] = renamed
        self.dataChanged.emit(index, index)
        return True

    # -- drag and drop ---------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        names: list[str] = []
        for index in indexes:
            packet = self.packet_at(index)
            if packet is not None and packet.name not in names:
                names.append(packet.name)
        data = QMimeData()
        data.setData(MIME_TYPE, json.dumps(names).encode("utf-8"))
        return data

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(MIME_TYPE) and parent.isValid()

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move the dragged packets to ``row`` of the group ``parent`` (its end
        for -1). Done here, in the library; False is returned so the view does
        not remove the rows it dragged (they are already in their new place)."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            names = json.loads(bytes(data.data(MIME_TYPE).data()).decode("utf-8"))
        except ValueError:
            return False
        if parent.internalId() != 0:  # onto a packet: before it, in its group
            row, parent = parent.row(), parent.parent()
        self.move_packets(names, self._groups[parent.row()], row)
        return False

    def move_packets(self, names: list[str], group: str, row: int = -1) -> None:
        """Put the packets ``names`` in ``group`` before its packet at ``row``
        (its end for -1), in that order, and write the library."""
        moving = [self.store.get(name) for name in names if name in self.store]
        if not moving:
            return
        moved_names = {packet.name for packet in moving}
        members = self._members[self._groups.index(group)] if group in self._groups else []
        anchor = None  # the first packet staying at or after ``row``: they go before it
        if 0 <= row < len(members):
            anchor = next((p.name for p in members[row:] if p.name not in moved_names), None)
        rest = [p for p in self.store.packets() if p.name not in moved_names]
        if anchor is not None:
            at = next(i for i, p in enumerate(rest) if p.name == anchor)
        else:  # after the group's last packet (or at the end)
            last = [i for i, p in enumerate(rest) if p.group == group]
            at = last[-1] + 1 if last else len(rest)
        placed = [packet.replace(group=group) for packet in moving]
        try:
            self.store.arrange(rest[:at] + placed + rest[at:])
        except (packets.StoreError, OSError) as exc:
            self.failed.emit(
                QCoreApplication.translate("PacketModel", "Cannot move the packets: %1").replace(
                    "%1", str(exc)
                )
            )
            return
        self.reload()
        self.moved.emit([packet.name for packet in placed])


def _matches(packet: packets.SavedPacket, wanted: str) -> bool:
    fields = (packet.name, packet.destination, packet.group, kind_words(packet.kind))
    return any(wanted in field.casefold() for field in fields)


def kind_words(kind: packets.Kind) -> str:
    """A packet's kind in the current language."""
    if kind is packets.Kind.UNIX:
        return QCoreApplication.translate("PacketModel", "Unix stream")
    if kind is packets.Kind.UNIX_DGRAM:
        return QCoreApplication.translate("PacketModel", "Unix datagram")
    return kind.label  # UDP, TCP, TLS


def _rename_words(name: str, error: packets.StoreError) -> str:
    text = str(error)
    if "already called" in text:
        return QCoreApplication.translate(
            "PacketModel", "Cannot rename %1: another packet has that name"
        ).replace("%1", repr(name))
    if "empty" in text:
        return QCoreApplication.translate(
            "PacketModel", "Cannot rename %1: the name is empty"
        ).replace("%1", repr(name))
    return (
        QCoreApplication.translate("PacketModel", "Cannot rename %1: %2")
        .replace("%1", repr(name))
        .replace("%2", text)
    )


def _tooltip(packet: packets.SavedPacket) -> str:
    shown = to_text(packet.payload.encode("utf-8"), "utf-8", limit=_TIP_PAYLOAD)
    where = packet.destination or QCoreApplication.translate("PacketModel", "(where the tab sends)")
    lines = [
        f"{packet.name}",
        f"{kind_words(packet.kind)} → {where}",
        QCoreApplication.translate("PacketModel", "Payload (%1, %2): %3")
        .replace("%1", packet.mode.value)
        .replace("%2", packet.encoding)
        .replace("%3", shown),
    ]
    return plain_tip("\n".join(lines))
