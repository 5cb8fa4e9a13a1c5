"""Save the current tab's payload and destination as a packet (``savePacketDialog``):
a name (``packetName``), a group (``packetGroup``), what is saved in words
(``packetSummary``). An empty or taken name is said at the field
(``packetNameError``) and the dialog stays open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from socklab.core import packets, to_text
from socklab.gui.models.packet_model import kind_words
from socklab.gui.tones import Tone, paint_text
from socklab.gui.widgets.fields import mark_invalid

#: What the summary shows of the payload.
_SHOWN = 80


class SavePacketDialog(QDialog):
    """Name a packet and save it in ``store`` (see the module).

    Signals:
        saved(object): the SavedPacket, once it is in the library.
    """

    saved = Signal(object)

    def __init__(
        self, store: packets.PacketStore, packet: packets.SavedPacket, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("savePacketDialog")
        self.store = store
        self.packet = packet  # its name is a placeholder until the user gives one
        self.name_label = QLabel(self)
        self.name = QLineEdit(self)
        self.name.setObjectName("packetName")
        self.name.setMaxLength(packets.MAX_NAME)
        self.group_label = QLabel(self)
        self.group = QComboBox(self)
        self.group.setObjectName("packetGroup")
        self.group.setEditable(True)
        self.group.addItems([""] + [g for g in store.groups() if g])
        self.group.setCurrentText(packet.group)
        self.summary = QLabel(self)
        self.summary.setObjectName("packetSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("packetNameError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        paint_text(self.error, Tone.ERROR)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("savePacketOk")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.name_label, self.name)
        form.addRow("", self.error)
        form.addRow(self.group_label, self.group)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.name.textEdited.connect(lambda _text: self._clear_error())
        self.retranslate()
        self.name.setFocus()

    def accept(self) -> None:
        """Save under the typed name, or say at the field why not (the dialog stays)."""
        name = self.name.text()
        try:
            packet = self.packet.replace(name=name, group=self.group.currentText())
        except packets.PacketError as exc:
            if exc.field != "name":
                raise
            self._say(self.tr("Give the packet a name"))
            return
        if packet.name in self.store:
            self._say(
                self.tr("A packet is already called %1: choose another name").replace(
                    "%1", repr(packet.name)
                )
            )
            return
        try:
            self.store.add(packet)
        except (OSError, packets.StoreError) as exc:
            self._say(self.tr("Cannot write the library: %1").replace("%1", str(exc)))
            return
        self.saved.emit(packet)
        super().accept()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        mark_invalid(self.name, True, text)
        self.name.setFocus()

    def _clear_error(self) -> None:
        self.error.hide()
        mark_invalid(self.name, False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Save packet"))
        self.name_label.setText(self.tr("&Name:"))
        self.name_label.setBuddy(self.name)
        self.group_label.setText(self.tr("&Group:"))
        self.group_label.setBuddy(self.group)
        self.group.setToolTip(self.tr("Optional: packets of one group are listed together"))
        packet = self.packet
        where = packet.destination or self.tr("where the tab sends when it is sent")
        shown = to_text(packet.payload.encode("utf-8"), "utf-8", limit=_SHOWN)
        self.summary.setText(
            self.tr("%1 to %2; payload (%3): %4")
            .replace("%1", kind_words(packet.kind))
            .replace("%2", where)
            .replace("%3", packet.mode.value)
            .replace("%4", shown)
        )
