"""The load tools of a tab: traffic generator, send a file, save what arrives,
capture every event to a file (and load a capture back).

The panel only collects settings and shows progress; a
:class:`~socklab.gui.tabs.job_controller.JobController` runs the jobs on the
tab's session (:meth:`socklab.core.UdpSession.generate` and friends).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QWidget,
)

from socklab.core import Detail, GeneratorSpec, Phase, ProgressSnapshot, Reason
from socklab.gui.describe import format_byte_rate, format_count, reason_text
from socklab.gui.widgets.compact_button import CompactButton
from socklab.gui.widgets.fields import mark_invalid
from socklab.gui.widgets.steady_label import SteadyLabel

#: Rate units of the generator: packets per second, payload Mbit/s, or flat out.
RATE_UNITS = ("pps", "mbps", "max")
#: What the generator sends: a pattern of the size asked, or the payload editor's
#: payload (with its template fields expanded per packet when they are on).
PAYLOAD_CHOICES = ("pattern", "editor")


class ToolsPanel(QGroupBox):
    """Generator, file transfer, save-to-file and capture controls.

    Signals:
        generateRequested(GeneratorSpec): start the generator with these settings.
        stopRequested(): stop the running generator or file send.
        sendFileRequested(str, int): send this file, in chunks of this size.
        saveRequested(str): save everything received to this path ("" to stop).
        captureRequested(str): record every event to this path ("" to stop).
        loadCaptureRequested(str): show the events of this capture file in the log.
        savePcapRequested(str): save what the log holds to this pcapng file.
    """

    generateRequested = Signal(object)  # noqa: N815
    stopRequested = Signal()  # noqa: N815
    sendFileRequested = Signal(str, int)  # noqa: N815
    saveRequested = Signal(str)  # noqa: N815
    captureRequested = Signal(str)  # noqa: N815
    loadCaptureRequested = Signal(str)  # noqa: N815
    savePcapRequested = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None, *, chunked_files: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("toolsPanel")
        self.size = QSpinBox(self)
        self.size.setObjectName("generatorSize")
        self.size.setRange(0, 1 << 20)
        self.size.setValue(64)
        self.payload_choice = QComboBox(self)
        self.payload_choice.setObjectName("generatorPayload")
        # Its words change with the language: its width follows them.
        self.payload_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for choice in PAYLOAD_CHOICES:
            self.payload_choice.addItem("", choice)
        self.rate = QDoubleSpinBox(self)
        self.rate.setObjectName("generatorRate")
        self.rate.setRange(0.001, 10_000_000)
        self.rate.setDecimals(3)
        self.rate.setValue(1000)
        self.rate_unit = QComboBox(self)
        self.rate_unit.setObjectName("generatorUnit")
        for unit in RATE_UNITS:
            self.rate_unit.addItem("", unit)
        self.count_label = QLabel(self)
        self.count = QSpinBox(self)
        self.count.setObjectName("generatorCount")
        self.count.setRange(0, 2_000_000_000)
        self.gso_box = QCheckBox("GSO", self)
        self.gso_box.setObjectName("generatorGso")
        self.gso_box.setChecked(True)
        self.generate_button = CompactButton(self)
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setCheckable(True)
        self.status = SteadyLabel(self)
        self.status.setObjectName("generatorStatus")

        self.chunk_label = QLabel(self)
        self.chunk = QSpinBox(self)
        self.chunk.setObjectName("fileChunk")
        self.chunk.setRange(1, 65_507)
        self.chunk.setValue(1_400)
        self.send_file_button = CompactButton(self)
        self.send_file_button.setObjectName("sendFileButton")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("fileProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.save_button = CompactButton(self)
        self.save_button.setObjectName("saveReceivedButton")
        self.save_button.setCheckable(True)
        self.header_box = QCheckBox(self)
        self.header_box.setObjectName("saveWithoutHeader")
        self.header_box.hide()
        self.capture_button = CompactButton(self)
        self.capture_button.setObjectName("captureButton")
        self.capture_button.setCheckable(True)
        self.load_button = CompactButton(self)
        self.load_button.setObjectName("loadCaptureButton")
        self.pcap_button = CompactButton(self)
        self.pcap_button.setObjectName("savePcap")

        # The labels and the first fields line up in a grid; the rest of each
        # row is a row of its own, so the panel needs the wider of the two rows,
        # not the sum of the widest cell of every column (it has to fit 1024 px).
        generator_row = QHBoxLayout()
        for widget in (self.rate, self.rate_unit, self.count_label, self.count, self.gso_box):
            generator_row.addWidget(widget)
        generator_row.addWidget(self.generate_button)
        generator_row.addWidget(self.status, 1)
        generator_row.addWidget(self.pcap_button)  # the file row is full at 1024 px
        file_row = QHBoxLayout()
        file_row.addWidget(self.send_file_button)
        file_row.addWidget(self.progress, 1)
        for widget in (self.save_button, self.header_box, self.capture_button, self.load_button):
            file_row.addWidget(widget)
        grid = QGridLayout(self)
        grid.addWidget(self.payload_choice, 0, 0)  # in the label's place: the row fits 1024 px
        grid.addWidget(self.size, 0, 1)
        grid.addLayout(generator_row, 0, 2)
        if chunked_files:
            grid.addWidget(self.chunk_label, 1, 0)
            grid.addWidget(self.chunk, 1, 1)
            grid.addLayout(file_row, 1, 2)
        else:  # no chunk field: the file row takes the whole width (a TCP tab's is full)
            grid.addLayout(file_row, 1, 0, 1, 3)
        grid.setColumnStretch(2, 1)
        self.chunk_label.setVisible(chunked_files)
        self.chunk.setVisible(chunked_files)
        self.gso_box.setVisible(chunked_files)  # datagrams only: UDP's GSO

        self.rate_unit.currentIndexChanged.connect(self._unit_changed)
        self.payload_choice.currentIndexChanged.connect(self._payload_changed)
        self.generate_button.clicked.connect(self._generate_clicked)
        self.send_file_button.clicked.connect(self._send_file_clicked)
        self.save_button.clicked.connect(self._save_clicked)
        self.capture_button.clicked.connect(self._capture_clicked)
        self.load_button.clicked.connect(self._load_clicked)
        self.pcap_button.clicked.connect(self._pcap_clicked)
        self._job_running = False
        self.retranslate()

    # -- reading the settings ------------------------------------------------

    def spec(self) -> GeneratorSpec:
        """The generator's settings; count 0 means until stopped."""
        unit = self.rate_unit.currentData()
        return GeneratorSpec(
            size=self.size.value(),
            rate_pps=self.rate.value() if unit == "pps" else None,
            rate_mbps=self.rate.value() if unit == "mbps" else None,
            count=self.count.value() or None,
            gso=self.gso_box.isChecked(),
        )

    def payload_from_editor(self) -> bool:
        """Whether the generator sends the payload editor's payload (not a pattern)."""
        return self.payload_choice.currentData() == "editor"

    def set_payload_from_editor(self, on: bool) -> None:
        self.payload_choice.setCurrentIndex(PAYLOAD_CHOICES.index("editor" if on else "pattern"))

    # -- progress --------------------------------------------------------------

    def show_job(self, snapshot: ProgressSnapshot | None) -> None:
        """Show a generator's or a file send's progress (None: nothing running)."""
        running = snapshot is not None and snapshot.running
        self._job_running = running
        self.generate_button.setChecked(running and snapshot.total_bytes is None)
        self.send_file_button.setText(self.tr("Stop") if running else self.tr("Send a file…"))
        if snapshot is None:
            self.status.clear()
            return
        rate = format_byte_rate(snapshot.bps / 8)
        self.status.setText(
            self.tr("%1 sent · %2 /s · %3 · %4")
            .replace("%1", format_count(snapshot.packets))
            .replace("%2", format_count(round(snapshot.pps)))
            .replace("%3", rate)
            .replace("%4", self._phase_text(snapshot))
        )
        fraction = snapshot.fraction
        if fraction is not None:
            self.progress.setValue(round(fraction * 1000))
            self.progress.setFormat(self._file_text(snapshot))

    def _file_text(self, snapshot: ProgressSnapshot) -> str:
        """How far a file send got: "X of Y bytes", or how it ended before its end."""
        if snapshot.running or snapshot.phase is Phase.DONE:
            text = self.tr("%1 of %2 bytes")
        elif snapshot.reason is not Reason.NONE:
            text = self.tr("stopped: %3 after %1 of %2 bytes").replace(
                "%3", self._cut_short_text(snapshot.reason, snapshot.detail)
            )
        elif snapshot.phase is Phase.FAILED:
            text = self.tr("failed after %1 of %2 bytes")
        else:
            text = self.tr("stopped after %1 of %2 bytes")
        return text.replace("%1", format_count(snapshot.bytes)).replace(
            "%2", format_count(snapshot.total_bytes or 0)
        )

    def _cut_short_text(self, reason: Reason, detail: Detail) -> str:
        if reason is Reason.PEER_CLOSED:
            return self.tr("the peer closed the connection")
        if reason is Reason.ERROR:
            return self.tr("the connection failed (%1)").replace("%1", str(detail))
        return reason_text(reason, detail)

    def _phase_text(self, snapshot: ProgressSnapshot) -> str:
        names = {
            "starting": self.tr("starting"),
            "running": self.tr("running"),
            "done": self.tr("done"),
            "stopped": self.tr("stopped"),
            "failed": self.tr("failed"),
        }
        text = names.get(snapshot.phase.value, snapshot.phase.value)
        return f"{text}: {snapshot.error}" if snapshot.error else text

    def set_saving(self, saving: bool, error: str = "") -> None:
        """Show whether a save runs; ``error`` says why the last one failed (the
        button is marked, its tooltip says it) until the next one starts."""
        self.save_button.setChecked(saving)
        self.header_box.setEnabled(not saving)
        if saving or error:
            mark_invalid(self.save_button, bool(error), error)

    def allow_saving_without_header(self) -> None:
        """Offer "without the HTTP header" beside Save (a TCP client's stream)."""
        self.header_box.show()

    def saving_without_header(self) -> bool:
        return not self.header_box.isHidden() and self.header_box.isChecked()

    def set_capturing(self, capturing: bool, error: str = "") -> None:
        """Show whether a capture runs; ``error`` says why the last one failed
        (marked on the button, as for a save)."""
        self.capture_button.setChecked(capturing)
        if capturing or error:
            mark_invalid(self.capture_button, bool(error), error)

    # -- clicks ----------------------------------------------------------------

    def _unit_changed(self) -> None:
        self.rate.setEnabled(self.rate_unit.currentData() != "max")

    def _payload_changed(self) -> None:
        self.size.setEnabled(not self.payload_from_editor())  # the payload's own size

    def _generate_clicked(self) -> None:
        if self._job_running:
            self.stopRequested.emit()
        else:
            self.generateRequested.emit(self.spec())

    def _send_file_clicked(self) -> None:
        if self._job_running:
            self.stopRequested.emit()
            return
        chunk = self.chunk.value()  # what the field said when the button was clicked
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Send a file"))
        if path:
            self.sendFileRequested.emit(path, chunk)

    def _save_clicked(self) -> None:
        if not self.save_button.isChecked():
            self.saveRequested.emit("")
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save what arrives to"))
        self.save_button.setChecked(bool(path))
        if path:
            self.saveRequested.emit(path)

    def _capture_clicked(self) -> None:
        if not self.capture_button.isChecked():
            self.captureRequested.emit("")
            return
        jsonl, pcap = self.tr("JSON Lines (*.jsonl)"), self._pcap_filter()
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Capture every event to"), "capture.jsonl", f"{jsonl};;{pcap}"
        )
        if path and not Path(path).suffix:  # a .pcapng file records packets for Wireshark
            path += ".pcapng" if chosen == pcap else ".jsonl"
        self.capture_button.setChecked(bool(path))
        if path:
            self.captureRequested.emit(path)

    def _load_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load a capture"), "", self.tr("JSON Lines (*.jsonl);;All files (*)")
        )
        if path:
            self.loadCaptureRequested.emit(path)

    def _pcap_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the log for Wireshark"), "log.pcapng", self._pcap_filter()
        )
        if path:
            self.savePcapRequested.emit(path if Path(path).suffix else path + ".pcapng")

    def _pcap_filter(self) -> str:
        return self.tr("Wireshark files (*.pcapng)")

    # -- language --------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Load tools"))
        self.size.setSuffix(self.tr(" bytes"))
        self.payload_choice.setItemText(0, self.tr("Generator: pattern"))
        self.payload_choice.setItemText(1, self.tr("Generator: editor"))
        self.payload_choice.setToolTip(
            self.tr(
                "What each packet holds: a pattern of the size given, or the payload"
                " editor's payload (its checksum appended); with Template fields on,"
                " its fields are expanded for every packet ({{counter}} 1, 2, 3 ...),"
                " sent without GSO"
            )
        )
        self.rate_unit.setItemText(0, self.tr("packets/s"))
        self.rate_unit.setItemText(1, self.tr("Mbit/s"))
        self.rate_unit.setItemText(2, self.tr("as fast as possible"))
        self.count_label.setText(self.tr("count"))
        self.count.setSpecialValueText(self.tr("until stopped"))
        self.generate_button.setText(self.tr("Generate"))
        self.generate_button.setToolTip(
            self.tr("Send packets of this size at this rate; the achieved rate shows live")
        )
        self.gso_box.setToolTip(
            self.tr(
                "Linux UDP GSO (UDP_SEGMENT): hand the kernel up to 64 datagrams per send; "
                "every datagram is still counted. Off: one header per datagram (sendmmsg)"
            )
        )
        self.chunk_label.setText(self.tr("File: datagram size"))
        self.chunk.setSuffix(self.tr(" bytes"))
        self.send_file_button.setText(
            self.tr("Stop") if self._job_running else self.tr("Send a file…")
        )
        self.save_button.setText(self.tr("Save received to file…"))
        if self.save_button.property("invalid"):  # the failure stays; the help comes back later
            self.save_button.setProperty("helpTip", self._save_tip())
        else:
            self.save_button.setToolTip(self._save_tip())
        self.header_box.setText(self.tr("without the HTTP header"))
        self.header_box.setToolTip(
            self.tr(
                "Save only the body of an HTTP response: the header block (up to the "
                "first empty line) is shown in the log instead"
            )
        )
        self.capture_button.setText(self.tr("Capture…"))
        self.capture_button.setToolTip(
            self.tr(
                "Record every event to a JSON Lines file (or a .pcapng file for Wireshark),"
                " whatever the log keeps"
            )
        )
        self.load_button.setText(self.tr("Load capture…"))
        self.pcap_button.setText(self.tr("Log as pcapng…"))
        self.pcap_button.setToolTip(
            self.tr("Save every row the log holds as a Wireshark file (pcapng)")
        )
        self.progress.setFormat(self.tr("no file"))

    def _save_tip(self) -> str:
        return self.tr(
            "Write every received byte to a file, as raw bytes; an existing file is "
            "replaced when the save ends (it stays as it was if the save fails)"
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
