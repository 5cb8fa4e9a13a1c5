"""The window's packet library: File → Save packet… (``savePacket``, Ctrl+S),
Import packets… (``importPackets``), Export packets… (``exportPackets``), and
View → Saved packets (``showPacketLibrary``, Ctrl+Shift+L), which docks the
library (:class:`~socklab.gui.widgets.packet_library.PacketLibrary`) beside the tabs.

The library file is read the first time it is needed (the dock shown, a packet
saved), never at start-up; a file it could not read whole shows the dock with
the message. A packet is sent through a tab's own controls
(:mod:`socklab.gui.packet_tabs`): "Send here" puts it in the current tab and
clicks Send; "Send" opens it in the tab of its kind (UDP for datagrams, TCP
Client for streams), sets the destination, connects first if need be, and
clicks Send.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QTabWidget, QWidget

if TYPE_CHECKING:  # imported (and built) when first used, not with the window
    from socklab.core import packets
    from socklab.gui.widgets.packet_library import PacketLibrary
    from socklab.gui.widgets.save_packet_dialog import SavePacketDialog

#: How long Send waits for a TCP tab's connection to come up (its own timeout applies first).
_CONNECT_WAIT = 120.0


class PacketMenu(QObject):
    """The packet library's actions, dock and sends (see the module). Signals: none."""

    def __init__(self, window: QMainWindow, tabs: QTabWidget, settings: QSettings) -> None:
        super().__init__(window)
        self._window, self._tabs, self._settings = window, tabs, settings
        self.store: packets.PacketStore | None = None
        self.dock: PacketLibrary | None = None
        self.dialog: SavePacketDialog | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

        self.show_action = QAction(window, checkable=True)
        self.show_action.setObjectName("showPacketLibrary")
        self.show_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.show_action.toggled.connect(self.show_library)
        self.save_action = QAction(window)
        self.save_action.setObjectName("savePacket")
        self.save_action.setShortcut(QKeySequence("Ctrl+S"))
        self.save_action.triggered.connect(self.save_current)
        self.import_action = QAction(window)
        self.import_action.setObjectName("importPackets")
        self.import_action.triggered.connect(self._choose_import)
        self.export_action = QAction(window)
        self.export_action.setObjectName("exportPackets")
        self.export_action.triggered.connect(self._choose_export)
        self.retranslate()

    def add_to(self, file_menu: QMenu, view_menu: QMenu) -> None:
        """Put the actions in the window's File menu (above its last entry, Quit)
        and View menu."""
        last = file_menu.actions()[-1] if file_menu.actions() else None  # Quit stays last
        for action in (self.save_action, self.import_action, self.export_action):
            file_menu.insertAction(last, action)  # type: ignore[arg-type]
        if last is not None:
            file_menu.insertSeparator(last)
        view_menu.addAction(self.show_action)

    def load(self) -> None:
        """Show the library if it was shown last time."""
        if self._settings.value("show_packets", False) in (True, "true"):
            self.show_action.setChecked(True)

    # -- the library ------------------------------------------------------------------

    def library(self) -> PacketLibrary:
        """The dock, made (and the library file read) the first time."""
        if self.dock is None:
            from socklab.core import packets
            from socklab.gui.widgets.packet_library import PacketLibrary

            try:
                self.store = packets.PacketStore.load()
                problem = self.store.problem
                if self.store.kept_as is not None:  # in the window's language
                    problem = (
                        self.tr("%1 could not be read whole (%2); the file as it was is kept as %3")
                        .replace("%1", str(self.store.path))
                        .replace("%2", self.store.reason)
                        .replace("%3", str(self.store.kept_as))
                    )
            except OSError as exc:  # kept as it is: the library refuses changes
                reason = exc.strerror or str(exc)
                path = packets.default_store_path()
                self.store = packets.PacketStore.unreadable(path, reason)
                problem = self.tr("Cannot read %1: %2").replace("%1", str(path))
                problem = problem.replace("%2", reason)
            self.dock = PacketLibrary(self.store, self._window)
            self._window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
            self.dock.hide()
            self.dock.sendRequested.connect(self.send)
            self.dock.visibilityChanged.connect(self._closed)
            if problem:
                self.dock.show_error(problem)
                self.show_action.setChecked(True)
        return self.dock

    def show_library(self, shown: bool) -> None:
        if shown or self.dock is not None:
            dock = self.library()
            first = shown and not dock.isVisible() and not dock.property("sized")
            dock.setVisible(shown)
            if first:  # a third of the window: the names and destinations readable
                dock.setProperty("sized", True)
                width = max(400, self._window.width() // 3)
                # Once the dock is laid out in the window (a resize before is lost).
                QTimer.singleShot(
                    0,
                    lambda: self._window.resizeDocks([dock], [width], Qt.Orientation.Horizontal),
                )
        self._settings.setValue("show_packets", shown)

    def _closed(self, visible: bool) -> None:
        if not visible and self.dock is not None and self.dock.isHidden():
            self.show_action.setChecked(False)

    # -- save, import, export -----------------------------------------------------

    def save_current(self) -> SavePacketDialog | None:
        """Ask a name for the current tab's payload and destination (the dialog is
        opened, not run: it saves when its Save is clicked)."""
        tab = self._tabs.currentWidget()
        if getattr(tab, "editor", None) is None:
            return None
        from socklab.core import packets
        from socklab.gui import packet_tabs
        from socklab.gui.widgets.save_packet_dialog import SavePacketDialog

        dock = self.library()
        assert self.store is not None
        text = tab.editor.text().strip().splitlines()  # type: ignore[attr-defined]
        suggestion = packets.free_name(
            (text[0][:30].strip() if text else "") or self.tr("packet"), set(self.store.names())
        )
        packet = packet_tabs.packet_from_tab(tab, suggestion)
        self.dialog = SavePacketDialog(self.store, packet, self._window)
        self.dialog.name.setText(suggestion)
        self.dialog.name.selectAll()
        self.dialog.saved.connect(lambda saved: self._saved(dock, saved))
        self.dialog.open()
        return self.dialog

    def _saved(self, dock: PacketLibrary, packet: packets.SavedPacket) -> None:
        dock.reload()
        self.show_action.setChecked(True)
        dock.select(packet.name)
        dock.show_note(self.tr("Saved %1").replace("%1", repr(packet.name)))

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._window,
            self.tr("Import packets"),
            "",
            self.tr("Packet files (*.json *.ini);;All files (*)"),
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> packets.ImportReport | None:
        """Add the packets of ``path`` (SockLab JSON, Packet Sender's packets.ini
        or JSON export); what was done (renames, skips) or why not is said in the dock."""
        from socklab.core import packets

        dock = self.library()
        self.show_action.setChecked(True)
        assert self.store is not None
        try:
            found, skipped, _kind = packets.read_packet_file(path)
            report = self.store.import_packets(found, skipped)
        except packets.StoreError as exc:
            dock.show_error(str(exc))
            return None
        except OSError as exc:
            reason = exc.strerror or str(exc)
            dock.show_error(
                self.tr("Cannot import %1: %2").replace("%1", path).replace("%2", reason)
            )
            return None
        except ValueError as exc:
            dock.show_error(self.tr("Cannot import: %1").replace("%1", str(exc)))
            return None
        dock.reload()
        lines = [self.tr("Imported %1 packets from %2").replace("%1", str(len(report.added)))]
        lines[0] = lines[0].replace("%2", path)
        for old, new in report.renamed:
            lines.append(
                self.tr("%1 renamed %2: the name was taken")
                .replace("%1", repr(old))
                .replace("%2", repr(new))
            )
        for name, reason in report.skipped:
            lines.append(self.tr("%1 skipped: %2").replace("%1", repr(name)).replace("%2", reason))
        dock.show_note("\n".join(lines))
        return report

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Export packets"), "packets.json", self.tr("JSON (*.json)")
        )
        if path:
            self.export_file(path)

    def export_file(self, path: str) -> int:
        """Write every saved packet to ``path`` (JSON, atomically); how many."""
        dock = self.library()
        assert self.store is not None
        try:
            count = self.store.export(path)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            dock.show_error(
                self.tr("Cannot export to %1: %2").replace("%1", path).replace("%2", reason)
            )
            return 0
        dock.show_note(
            self.tr("Exported %1 packets to %2").replace("%1", str(count)).replace("%2", path)
        )
        return count

    # -- sending -----------------------------------------------------------------

    def send(self, packet: packets.SavedPacket, own_destination: bool) -> None:
        """Send ``packet`` in the current tab, or to its own destination."""
        from socklab.gui import packet_tabs

        dock = self.library()
        if not own_destination or not packet.destination:
            tab = self._tabs.currentWidget()
            self._send_in(dock, tab, packet)
            return
        tab = packet_tabs.tab_for_kind(self._tabs, packet.kind)
        if tab is None:
            name = packet_tabs.CLASSIC_TAB[packet.kind.is_datagram]
            try:
                tab = self._window.session_tab(name)  # type: ignore[attr-defined]
            except (KeyError, ValueError):
                dock.show_error(self.tr("Open a tab of this kind first"))
                return
        self._tabs.setCurrentWidget(tab)
        if packet.kind.is_datagram:
            packet_tabs.set_destination(tab, packet, packet.destination)
            self._send_in(dock, tab, packet)
            return
        connected = packet_tabs.connected_to(tab, packet, packet.destination)
        if connected is True:
            self._send_in(dock, tab, packet)
        elif connected is False:
            dock.show_error(
                self.tr(
                    "The TCP Client tab is connected to another server: disconnect it"
                    " first, or use Send here"
                )
            )
        else:
            packet_tabs.set_destination(tab, packet, packet.destination)
            connecting = tab.act(tab.connecting)  # type: ignore[attr-defined]  # Connect's click
            if connecting is None:  # a field refused: the tab says which
                return
            task = asyncio.ensure_future(self._send_connected(dock, tab, packet, connecting))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _send_connected(
        self, dock: PacketLibrary, tab: Any, packet: packets.SavedPacket, connecting: Any
    ) -> None:
        await connecting
        if tab.session is None:  # the connect failed: the tab says why
            return
        loop = asyncio.get_running_loop()
        ready = loop.create_future()

        def check(*_args: object) -> None:
            # The tab enables Send after its state line changes: look just after.
            def look() -> None:
                if not ready.done() and (tab.editor.send_enabled() or tab.session is None):
                    ready.set_result(None)

            loop.call_soon(look)

        tab.stateTextChanged.connect(check)
        tab.sessionChanged.connect(check)
        try:
            check()
            await asyncio.wait_for(ready, _CONNECT_WAIT)
        except TimeoutError:
            return
        finally:
            tab.stateTextChanged.disconnect(check)
            tab.sessionChanged.disconnect(check)
        if tab.editor.send_enabled():
            self._send_in(dock, tab, packet)

    def _send_in(self, dock: PacketLibrary, tab: QWidget, packet: packets.SavedPacket) -> None:
        """Put ``packet`` in ``tab``'s editor and click its Send."""
        from socklab.gui import packet_tabs

        editor = getattr(tab, "editor", None)
        if editor is None:
            dock.show_error(packet_tabs.cannot_send_words())
            return
        packet_tabs.load_into_editor(editor, packet)
        if not editor.is_valid():
            error = editor.error()
            dock.show_error(
                self.tr("%1 cannot be sent: %2")
                .replace("%1", repr(packet.name))
                .replace("%2", str(error))
            )
            return
        if not editor.send_button.isEnabled():
            dock.show_error(packet_tabs.cannot_send_words())
            return
        editor.send_button.click()
        title = self._tabs.tabText(self._tabs.indexOf(tab)).replace("&", "")
        dock.show_note(
            self.tr("Sent %1 from the %2 tab").replace("%1", repr(packet.name)).replace("%2", title)
        )

    # -- language ------------------------------------------------------------------

    def retranslate(self) -> None:
        self.show_action.setText(self.tr("Saved &packets"))
        self.show_action.setToolTip(
            self.tr("The packet library: saved packets to send again, by group")
        )
        self.save_action.setText(self.tr("&Save packet…"))
        self.save_action.setToolTip(
            self.tr("Save the current tab's payload and destination under a name")
        )
        self.import_action.setText(self.tr("&Import packets…"))
        self.import_action.setToolTip(
            self.tr("Add packets from a SockLab export or Packet Sender's packets.ini or JSON")
        )
        self.export_action.setText(self.tr("E&xport packets…"))
        if self.dock is not None:
            self.dock.retranslate()
