"""The packet library dock (``packetLibrary``): the saved packets by group, a
search field, Send (to the packet's own destination), Send here (in the
current tab), Rename, Delete with Undo, drag to reorder or regroup.

The widget shows and edits the library; sending is the window's
(:mod:`socklab.gui.packet_menu`), told by ``sendRequested``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from socklab.core import packets
from socklab.gui.models.packet_model import PacketModel
from socklab.gui.tones import Tone, paint_text
from socklab.gui.widgets.long_text import bounded


class PacketLibrary(QDockWidget):
    """The dock of saved packets (see the module).

    Signals:
        sendRequested(object, bool): send this SavedPacket; True: to its own
            destination, False: in the current tab.
    """

    sendRequested = Signal(object, bool)  # noqa: N815

    def __init__(self, store: packets.PacketStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packetLibrary")
        self.model = PacketModel(store, self)
        self._deleted: list[tuple[int, packets.SavedPacket]] = []  # for Undo

        body = QWidget(self)
        self.search = QLineEdit(body)
        self.search.setObjectName("packetSearch")
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeView(body)
        self.tree.setObjectName("packetTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.tree.header()
        # Sized by hand: ResizeToContents would measure every row of a large library.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)

        self.send_button = QPushButton(body)
        self.send_button.setObjectName("sendPacket")
        self.send_here_button = QPushButton(body)
        self.send_here_button.setObjectName("sendPacketHere")
        self.rename_button = QPushButton(body)
        self.rename_button.setObjectName("renamePacket")
        self.delete_button = QPushButton(body)
        self.delete_button.setObjectName("deletePacket")
        self.undo_button = QPushButton(body)
        self.undo_button.setObjectName("undoDeletePacket")
        self.undo_button.hide()
        self.message = QLabel(body)
        self.message.setObjectName("packetLibraryMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.error = QLabel(body)
        self.error.setObjectName("packetLibraryError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        paint_text(self.error, Tone.ERROR)
        self.error.hide()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.send_button, self.send_here_button, self.rename_button):
            buttons.addWidget(button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        message_row = QHBoxLayout()
        message_row.setContentsMargins(0, 0, 0, 0)
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.error, 1)
        message_row.addWidget(self.undo_button)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addLayout(message_row)
        self.setWidget(body)

        self.search.textChanged.connect(self._filter)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.selectionModel().selectionChanged.connect(self._update_buttons)
        self.send_button.clicked.connect(lambda: self._send(True))
        self.send_here_button.clicked.connect(lambda: self._send(False))
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo_delete)
        self.model.failed.connect(self.show_error)
        self.model.moved.connect(self._moved)
        self.model.modelReset.connect(self._after_reset)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.tree)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self.retranslate()
        self._size_columns()
        self._after_reset()

    # -- what is shown ---------------------------------------------------------------

    @property
    def store(self) -> packets.PacketStore:
        return self.model.store

    def reload(self) -> None:
        """Show the library as it is now (after a change made elsewhere)."""
        self.model.reload()

    def _after_reset(self) -> None:
        self.tree.expandAll()
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self._update_buttons()

    def _size_columns(self) -> None:
        metrics = self.tree.fontMetrics()
        self.tree.header().resizeSection(1, metrics.horizontalAdvance("UDP 192.168.100.100:65535"))

    def select(self, name: str) -> None:
        """Select the packet ``name`` and show it."""
        index = self.model.index_of(name)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def selected(self) -> list[packets.SavedPacket]:
        """The packets selected, in the order shown."""
        rows = self.tree.selectionModel().selectedRows(0)
        found = [self.model.packet_at(index) for index in rows]
        return [packet for packet in found if packet is not None]

    def show_error(self, text: str) -> None:
        """Say what went wrong under the list (in the error colour)."""
        self._show(self.error, text)

    def show_note(self, text: str) -> None:
        """Say what was done under the list ("" hides it)."""
        self._show(self.message, text)

    def _show(self, label: QLabel, text: str) -> None:
        self.undo_button.hide()
        for each in (self.message, self.error):
            each.setText(bounded(text, 2_000) if each is label else "")
            each.setVisible(each is label and bool(text))

    @Slot()
    def _update_buttons(self) -> None:
        chosen = self.selected()
        one = len(chosen) == 1
        self.send_button.setEnabled(one and bool(chosen[0].destination))
        self.send_here_button.setEnabled(one)
        self.rename_button.setEnabled(one)
        self.delete_button.setEnabled(bool(chosen))

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        # Dragging among the rows a search shows would place packets among hidden ones.
        self.tree.setDragEnabled(not self.model.filtering())

    def _moved(self, names: list[str]) -> None:
        self.tree.clearSelection()
        for name in names:
            index = self.model.index_of(name)
            self.tree.selectionModel().select(
                index,
                self.tree.selectionModel().SelectionFlag.Select
                | self.tree.selectionModel().SelectionFlag.Rows,
            )

    # -- actions -------------------------------------------------------------------

    def _double_clicked(self, index: QModelIndex) -> None:
        packet = self.model.packet_at(index)
        if packet is not None:
            self.sendRequested.emit(packet, bool(packet.destination))

    def _send(self, own_destination: bool) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.sendRequested.emit(chosen[0], own_destination)

    def rename_selected(self) -> None:
        """Edit the selected packet's name in place."""
        rows = self.tree.selectionModel().selectedRows(0)
        if len(rows) == 1:
            self.tree.edit(rows[0])

    def delete_selected(self) -> None:
        """Remove the selected packets (Undo puts them back)."""
        chosen = self.selected()
        if not chosen:
            return
        removed: list[tuple[int, packets.SavedPacket]] = []
        try:
            for packet in chosen:
                removed.append(self.store.remove(packet.name))
        except (OSError, packets.StoreError) as exc:
            self.show_error(self.tr("Cannot write the library: %1").replace("%1", str(exc)))
        self.reload()
        if not removed:
            return
        self._deleted = removed
        names = ", ".join(repr(packet.name) for _at, packet in removed)
        self.show_note(self.tr("Deleted %1").replace("%1", names))
        self.undo_button.show()

    def undo_delete(self) -> None:
        """Put back what the last Delete removed, where it was."""
        removed, self._deleted = self._deleted, []
        try:
            for at, packet in reversed(removed):
                self.store.add(packet, index=at)
        except (packets.StoreError, OSError) as exc:
            self.show_error(self.tr("Cannot undo: %1").replace("%1", str(exc)))
        else:
            self.show_note("")
        self.reload()
        if removed:
            self.select(removed[0][1].name)

    # -- language ------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Saved packets"))
        self.search.setPlaceholderText(self.tr("Search by name, kind, destination or group"))
        self.send_button.setText(self.tr("Send"))
        self.send_button.setToolTip(
            self.tr(
                "Send the packet to its own destination, from the tab of its kind (its"
                " fields are set to the packet's; a TCP or TLS packet connects first)"
            )
        )
        self.send_here_button.setText(self.tr("Send here"))
        self.send_here_button.setToolTip(
            self.tr("Put the packet in the current tab's payload and click its Send")
        )
        self.rename_button.setText(self.tr("Rename"))
        self.rename_button.setToolTip(self.tr("Edit the name (F2)"))
        self.delete_button.setText(self.tr("Delete"))
        self.undo_button.setText(self.tr("Undo"))
        self.tree.setToolTip(
            self.tr("Double-click to send; drag to reorder or to move into another group")
        )
        self.model.retranslate()
