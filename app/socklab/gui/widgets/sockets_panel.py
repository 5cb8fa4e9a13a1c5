"""The Sockets panel: what the kernel holds for the current tab's ports (or Unix paths).

A dock widget with one table (family, type, local and remote address, state,
Recv-Q / Send-Q, the TIME_WAIT timer), read from ``/proc/net`` every second
while it is shown. It follows a tab: the ports of the tab's socket (a server's
port, a client's own port and its server's), kept after the socket closes so
that its TIME_WAIT stays in view; before any socket, the port typed in the
tab's bind field. A Unix socket is followed by its path (``/tmp/s.sock``,
``@name``): the listening socket and the connections it accepted.
:meth:`SocketsPanel.refresh` reads at once, on the GUI thread
(a test drives it, so does the Refresh button); the timer reads on a thread of
its own and hands the result over with a signal, so the window never waits for
the kernel's tables (a busy machine lists tens of thousands of sockets).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import weakref
from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from socklab.core import (
    AddressError,
    Snapshot,
    is_unix_text,
    parse_port,
    parse_unix,
    read_sockets,
    unix_display,
    unix_table_path,
)
from socklab.gui.models.kernel_sockets_model import KernelSocketsModel
from socklab.gui.widgets.fields import field_text

#: How often the panel reads the kernel's tables while it is shown.
REFRESH_MS = 1000

#: Reads the kernel's tables: ``read(ports, unix_paths=paths)``.
Reader = Callable[..., Snapshot]


def _session_addresses(session: object) -> list[object]:
    """Where a session's socket is bound, and a TCP client's own address and its server's."""
    addresses = [getattr(session, "local_address", None)]
    stats = getattr(session, "stats", None)
    if stats is not None:
        addresses += [getattr(stats, "local", None), getattr(stats, "peer", None)]
    return addresses


def session_paths(session: object) -> set[str]:
    """The Unix paths of a session's socket(s), as ``/proc/net/unix`` writes them."""
    return {unix_table_path(address) for address in _session_addresses(session)} - {""}


def session_ports(session: object) -> set[int]:
    """The ports of a session's socket(s): where it is bound, and a TCP
    client's own port and its server's."""
    addresses = _session_addresses(session)
    return {
        address[1]
        for address in addresses
        if isinstance(address, tuple) and len(address) >= 2 and isinstance(address[1], int)
        if address[1] > 0
    }


def typed_port(tab: QWidget) -> set[int]:
    """The port in the tab's bind field, if it holds one (not 0)."""
    fields = getattr(tab, "bind_fields", None)
    port_field = fields()[1] if fields is not None else None
    if not isinstance(port_field, QLineEdit):
        return set()
    try:
        port = parse_port(port_field.text())
    except AddressError:
        return set()
    return {port}


def typed_path(tab: QWidget) -> set[str]:
    """The Unix path in the tab's bind field, if it holds one."""
    fields = getattr(tab, "bind_fields", None)
    try:
        text = field_text(fields()[0]) if fields is not None else ""
        return {parse_unix(text)} if is_unix_text(text) else set()
    except (TypeError, AddressError):  # no text field, or no path in it
        return set()


class SocketsPanel(QDockWidget):
    """The kernel's sockets of one tab's ports.

    Signals:
        refreshed(int): the table was read anew; how many sockets it shows.
    """

    refreshed = Signal(int)
    #: A reading made on the timer's thread: (its number, the Snapshot).
    _read_in_background = Signal(int, object)

    def __init__(self, parent: QWidget | None = None, read: Reader = read_sockets) -> None:
        super().__init__(parent)
        self.setObjectName("socketsPanel")
        self._read = read
        self._tab: QWidget | None = None
        self._title = ""
        self._last: weakref.WeakKeyDictionary[QWidget, set[int]] = weakref.WeakKeyDictionary()
        self._last_paths: weakref.WeakKeyDictionary[QWidget, set[str]] = weakref.WeakKeyDictionary()
        self._snapshot = Snapshot()
        self._readings = itertools.count(1)  # each reading's number: an older one never wins
        self._shown_reading = 0
        self._reader: concurrent.futures.ThreadPoolExecutor | None = None
        self._pending: concurrent.futures.Future[None] | None = None
        self._read_in_background.connect(self._show)

        body = QWidget(self)
        self.summary = QLabel(body)
        self.summary.setObjectName("socketsSummary")
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton(body)
        self.refresh_button.setObjectName("refreshSockets")
        self.refresh_button.clicked.connect(self.refresh)
        self.model = KernelSocketsModel(self)
        self.table = QTableView(body)
        self.table.setObjectName("socketsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._size_columns()
        self.hint = QLabel(body)
        self.hint.setObjectName("socketsHint")
        self.hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self.setWidget(body)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._refresh_in_background)
        self.visibilityChanged.connect(self._shown)
        self.retranslate()

    def _size_columns(self) -> None:
        """Columns as wide as what they usually hold (an IPv6 address and its port)."""
        metrics = self.table.fontMetrics()
        samples = ("IPv6", "TCP", "[fe80::a:b:c:d%eth0]:65535", "[fe80::a:b:c:d%eth0]:65535")
        samples += ("ESTABLISHED", "1,000,000", "1,000,000")
        for column, sample in enumerate(samples):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)

    # -- following a tab -----------------------------------------------------------

    def follow(self, tab: QWidget | None, title: str = "") -> None:
        """Show the sockets of ``tab``'s ports from now on (``title`` names it)."""
        self._tab, self._title = tab, title
        if self.isVisible():
            self.refresh()
        else:
            self._say()

    def set_title(self, title: str) -> None:
        """The tab followed is called ``title`` now (renamed, or its title follows its port)."""
        if title != self._title:
            self._title = title
            self._say()

    def ports(self) -> set[int]:
        """The ports followed: the tab's socket's, else those it had last, else
        the port typed in its bind field."""
        tab = self._tab
        if tab is None:
            return set()
        ports = session_ports(getattr(tab, "session", None))
        if ports:
            self._last[tab] = ports
            return ports
        return self._last.get(tab) or typed_port(tab)

    def paths(self) -> set[str]:
        """The Unix paths followed, as :meth:`ports` (``/tmp/s.sock``, ``@name``)."""
        tab = self._tab
        if tab is None:
            return set()
        paths = session_paths(getattr(tab, "session", None))
        if paths:
            self._last_paths[tab] = paths
            return paths
        return self._last_paths.get(tab) or typed_path(tab)

    # -- reading -------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the kernel's tables now and show the sockets of the ports followed."""
        ports, paths = self.ports(), self.paths()
        number = next(self._readings)
        self._show(number, self._read(ports, unix_paths=paths) if ports or paths else Snapshot())

    def _refresh_in_background(self) -> None:
        """The timer: read on the reader's thread (one reading at a time)."""
        if self._pending is not None and not self._pending.done():
            return
        ports, paths = self.ports(), self.paths()
        if self._reader is None:
            reader = concurrent.futures.ThreadPoolExecutor(1, "socklab-sockets-panel")
            self.destroyed.connect(lambda *_: reader.shutdown(wait=False))
            self._reader = reader
        self._pending = self._reader.submit(self._read_for, next(self._readings), ports, paths)

    def _read_for(self, number: int, ports: set[int], paths: set[str]) -> None:
        """On the reader's thread: read, and hand the result to the GUI thread."""
        snapshot = self._read(ports, unix_paths=paths) if ports or paths else Snapshot()
        with contextlib.suppress(RuntimeError):  # the panel is gone
            self._read_in_background.emit(number, snapshot)

    @Slot(int, object)
    def _show(self, number: int, snapshot: Snapshot) -> None:
        if number < self._shown_reading:
            return  # read before what is shown
        self._shown_reading = number
        self._snapshot = snapshot
        self.model.set_sockets(snapshot.sockets)
        self._say()
        self.refreshed.emit(self.model.rowCount())

    def _shown(self, visible: bool) -> None:
        if visible:
            self.refresh()
            self.timer.start()
        else:
            self.timer.stop()

    # -- text ----------------------------------------------------------------------

    def _say(self) -> None:
        ports, paths = sorted(self.ports()), sorted(self.paths())
        count = f"{len(self._snapshot.sockets):,}"
        if self._tab is None or not (ports or paths):
            text = self.tr("%1: no socket yet, no port to follow").replace("%1", self._title)
        elif paths and not ports:
            text = (
                self.tr("%1 — Unix socket %2: %3 sockets in the kernel")
                .replace("%1", self._title)
                .replace("%2", ", ".join(unix_display(p) for p in paths))
                .replace("%3", count)
            )
        else:
            text = (
                self.tr("%1 — port %2: %3 sockets in the kernel")
                .replace("%1", self._title)
                .replace("%2", ", ".join(str(p) for p in ports))
                .replace("%3", count)
            )
        if self.model.hidden:
            text += " " + self.tr("(the first %1 shown)").replace(
                "%1", f"{self.model.rowCount():,}"
            )
        if self._snapshot.unreadable:
            text += " " + self.tr("Cannot read: %1").replace(
                "%1", "; ".join(self._snapshot.unreadable)
            )
        self.summary.setText(text)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sockets in the kernel"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the kernel's tables now"))
        self.hint.setText(
            self.tr(
                "Read from /proc/net every second while shown. Hover over a state for what it "
                "means. Close a TCP connection: the side that closed first keeps it in TIME_WAIT "
                "for 60 seconds, then the row vanishes. A Unix socket is found by its path: "
                "the listening socket and each connection it accepted (the kernel keeps no "
                "queue sizes or peer there)."
            )
        )
        self.model.retranslate()
        self._say()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
