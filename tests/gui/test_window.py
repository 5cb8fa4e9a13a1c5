"""The window as a whole: tabs, closing with sessions running, zoom, persistence."""

from __future__ import annotations

import os
import socket
import sys
import threading

import pytest
from gui_helpers import (
    FakeClock,
    click,
    recv_from,
    run_python,
    settle_layouts,
    type_into,
    type_payload,
    widget,
)
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from socklab.gui import MainWindow
from socklab.gui.tabs.view_settings import field_value


def socklab_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("socklab-")]


def test_public_entry_builds_the_complete_window(window):
    assert isinstance(window, MainWindow)
    tabs = window.findChild(QTabWidget, "mainTabs")
    names = [tabs.widget(i).objectName() for i in range(tabs.count())]
    assert names == ["udpTab", "broadcastTab", "tcpClientTab", "tcpServerTab"]
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "UDP",
        "Broadcast",
        "TCP Client",
        "TCP Server",
    ]
    for tab in window.session_tabs():
        for name in ("openButton", "sendButton", "payloadEdit", "payloadMode", "encoding"):
            assert tab.findChild(object, name) is not None, (tab.objectName(), name)
        for name in ("logView", "stateLabel", "counters"):
            assert tab.findChild(object, name) is not None, (tab.objectName(), name)


def test_closing_with_all_four_tabs_active_stops_every_thread(qtbot, window):
    assert socklab_threads() == []
    udp = window.udp_tab
    udp.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(udp, QLineEdit, "localPort"), "0")
    click(qtbot, widget(udp, QPushButton, "openButton"))

    server = window.tcp_server_tab
    server.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(server, QLineEdit, "localPort"), "0")
    click(qtbot, widget(server, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: server.session is not None and server.session.local_address is not None)
    port = server.session.local_address[1]

    client = window.tcp_client_tab
    type_into(qtbot, widget(client, QLineEdit, "remotePort"), str(port))
    click(qtbot, widget(client, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: server.session.peer_count == 1)

    broadcast = window.broadcast_tab
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.bind(("0.0.0.0", 0))
        type_into(qtbot, widget(broadcast, QLineEdit, "remotePort"), str(listener.getsockname()[1]))
        type_payload(qtbot, broadcast, "hi")
        click(qtbot, widget(broadcast, QPushButton, "sendButton"))
        recv_from(qtbot, listener)

    assert len(socklab_threads()) == 4
    window.close()
    assert socklab_threads() == []


def test_zoom_grows_and_shrinks_the_font(qtbot, window):
    normal = window.font().pointSizeF()
    window.zoom_in_action.trigger()
    window.zoom_in_action.trigger()
    assert window.font().pointSizeF() > normal
    for tab in window.session_tabs():  # every text grows, the fixed-pitch ones too
        assert tab.state_label.font().pointSizeF() == window.font().pointSizeF()
        assert tab.editor.edit.font().pointSizeF() == window.font().pointSizeF()
        assert tab.counters.counts_label.font().pointSizeF() == window.font().pointSizeF()
    window.zoom_out_action.trigger()
    window.zoom_out_action.trigger()
    window.zoom_out_action.trigger()
    assert window.font().pointSizeF() < normal
    window.zoom_reset_action.trigger()
    assert window.font().pointSizeF() == normal


def test_last_used_values_persist(qtbot, event_loop_qt, settings):
    settings.setValue("language", "en")
    first = MainWindow(settings)
    qtbot.addWidget(first)
    type_into(qtbot, widget(first.tcp_client_tab, QLineEdit, "remotePort"), "11451")
    type_payload(qtbot, first.udp_tab, "remember me")
    first.tabs.setCurrentIndex(2)
    first.zoom_in_action.trigger()
    zoomed = first.font().pointSizeF()
    first.close()

    again = MainWindow(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert widget(again.tcp_client_tab, QLineEdit, "remotePort").text() == "11451"
    assert again.udp_tab.editor.text() == "remember me"
    assert again.tabs.currentIndex() == 2
    assert again.font().pointSizeF() == zoomed
    again.close()


def test_state_line_follows_the_language(qtbot, window):
    udp = window.udp_tab
    udp.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(udp, QLineEdit, "localPort"), "0")
    click(qtbot, widget(udp, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: udp.session is not None and udp.session.local_address is not None)
    english = f"bound to 127.0.0.1:{udp.session.local_address[1]}"
    qtbot.waitUntil(lambda: udp.state_label.text() == english)
    window.language_actions["zh_CN"].trigger()
    chinese = f"已绑定到 127.0.0.1:{udp.session.local_address[1]}"
    qtbot.waitUntil(lambda: udp.state_label.text() == chinese)
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: udp.state_label.text() == english)


def test_presentation_mode_enlarges_text_and_hides_advanced_options(qtbot, window):
    normal = window.font().pointSizeF()
    backlog = window.tcp_server_tab.reuse
    assert not backlog.isHidden()
    window.presentation_action.trigger()
    assert window.font().pointSizeF() >= normal + 6
    assert backlog.isHidden() and window.udp_tab.recv_buffer.isHidden()
    assert window.settings.value("presentation") in (True, "true")
    window.presentation_action.trigger()
    assert window.font().pointSizeF() == normal
    assert not backlog.isHidden()


def test_rate_plot_follows_the_session(qtbot, window):
    udp = window.udp_tab
    window.rate_plot_action.trigger()
    assert udp.rate_plot.isVisible()
    udp.local_host.setEditText("127.0.0.1")
    type_into(qtbot, widget(udp, QLineEdit, "localPort"), "0")
    click(qtbot, widget(udp, QPushButton, "openButton"))
    qtbot.waitUntil(lambda: udp.session is not None and udp.session.local_address is not None)
    qtbot.waitUntil(lambda: udp.rate_plot.history_length() > 0)  # the plot has its baseline
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        for _ in range(200):
            peer.sendto(b"x" * 100, udp.session.local_address)
    qtbot.waitUntil(lambda: udp.rate_plot.latest()[0] > 0)
    assert window.settings.value("show_rate_plot") in (True, "true")


def _udp_bridge(clock):
    """A UDP session on 127.0.0.1 and a bridge that pulls only when the test says."""
    from socklab.core import UdpSession
    from socklab.gui.bridge import SessionBridge

    bridge = SessionBridge(clock=clock, auto_pull=False)
    session = UdpSession()
    local = session.open("127.0.0.1", 0).result(5)
    bridge.attach(session)
    return bridge, session, local


def _datagrams(qtbot, session, local, count: int, data: bytes) -> None:
    """Send ``count`` datagrams and wait until the session counted them all."""
    target = session.counters.rx_packets + count
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        for _ in range(count):
            peer.sendto(data, local)
    qtbot.waitUntil(lambda: session.counters.rx_packets == target)


def test_bridge_pulls_less_often_and_fewer_rows_during_a_flood(qtbot, event_loop_qt):
    """3,000 datagrams in one 33 ms pull (~90,000/s) begin a flood: the bridge then
    pulls at 5 Hz and takes only the newest rows, the rest counted. 3,000 more in
    the next 200 ms (15,000/s: too few to begin a flood) keep it one; a pull
    with nothing new ends it. The test moves the clock and pulls itself: no timer
    pulls meanwhile."""
    from socklab.core import Received
    from socklab.gui.bridge import FLOOD_INTERVAL_MS, FLOOD_ROWS_PER_PULL, PULL_INTERVAL_MS

    clock = FakeClock()
    bridge, session, local = _udp_bridge(clock)
    batches = []
    bridge.eventsArrived.connect(batches.append)
    try:
        assert bridge.interval_ms == PULL_INTERVAL_MS and not bridge.flooding
        _datagrams(qtbot, session, local, 3000, b"f")
        clock.advance(PULL_INTERVAL_MS / 1000)
        bridge.pull()  # not a flood yet when it drained: every row comes
        assert bridge.flooding and bridge.interval_ms == FLOOD_INTERVAL_MS
        assert len(batches[-1].events) + batches[-1].dropped == 3000 + 1  # + BOUND

        _datagrams(qtbot, session, local, 3000, b"g")
        clock.advance(FLOOD_INTERVAL_MS / 1000)
        bridge.pull()  # still flooding: only the newest rows, the rest counted
        assert bridge.flooding and bridge.interval_ms == FLOOD_INTERVAL_MS
        assert len(batches[-1].events) == FLOOD_ROWS_PER_PULL
        assert {e.data for e in batches[-1].events if isinstance(e, Received)} == {b"g"}
        assert len(batches[-1].events) + batches[-1].dropped == 3000
        assert sum(len(b.events) + b.dropped for b in batches) == 6000 + 1

        clock.advance(FLOOD_INTERVAL_MS / 1000)
        bridge.pull()  # the flood is over: back to the display rate
        assert not bridge.flooding and bridge.interval_ms == PULL_INTERVAL_MS
    finally:
        bridge.detach()
        session.shutdown()


def test_bridge_takes_a_late_pull_of_slow_traffic_for_no_flood(qtbot, event_loop_qt):
    """A flood is a rate, not a count since the previous pull: the same 3,000
    datagrams pulled a second late (a busy machine's timer) are 3,000/s, no
    flood, and the bridge takes every row its session kept. 3,000 in 110 ms
    (~27,000/s) are none either; 3,000 in 90 ms (~33,000/s) are one."""
    from socklab.gui.bridge import FLOOD_ROWS_PER_PULL, PULL_INTERVAL_MS

    clock = FakeClock()
    bridge, session, local = _udp_bridge(clock)
    batches = []
    bridge.eventsArrived.connect(batches.append)
    try:
        _datagrams(qtbot, session, local, 3000, b"s")
        clock.advance(1.0)
        bridge.pull()
        assert not bridge.flooding and bridge.interval_ms == PULL_INTERVAL_MS
        _datagrams(qtbot, session, local, 3000, b"t")
        clock.advance(0.110)
        bridge.pull()
        assert not bridge.flooding and bridge.interval_ms == PULL_INTERVAL_MS
        # Not limited to the flood's rows: all that the worker's ring kept.
        assert len(batches[-1].events) > FLOOD_ROWS_PER_PULL
        assert len(batches[-1].events) + batches[-1].dropped == 3000
        _datagrams(qtbot, session, local, 3000, b"u")
        clock.advance(0.090)
        bridge.pull()
        assert bridge.flooding
    finally:
        bridge.detach()
        session.shutdown()


def test_huge_counts_and_drops_never_make_the_window_wider(qtbot, window):
    """Status texts that grow during a flood are cut with an ellipsis where the
    window has no room left; the window keeps the width the user gave it."""
    width = window.width()
    for tab in window.session_tabs():
        window.findChild(QTabWidget, "mainTabs").setCurrentWidget(tab)
        huge = 10**15
        tab.counters.update_counts(huge, huge, huge, huge, dropped_by_system=huge)
        tab.log.model.append_events([], huge)
        tab.tools.status.setText(f"{huge:,} sent · {huge:,} /s · 999.9 GB/s · running " * 2)
        settle_layouts()  # every relayout those texts asked for is done
        assert window.width() == width, tab.objectName()
        assert tab.counters.text().startswith(f"RX {huge:,}")
        assert tab.tools.status.shown_text() != tab.tools.status.text()


def test_bridge_sees_a_bulk_send_of_few_big_writes_as_a_flood(qtbot, event_loop_qt):
    """Eight 1 MiB writes are eight events, and the ring keeps only the newest
    two of them; the counters still show 8 MiB moved. In one 33 ms pull that
    is ~250 MB/s: a flood, and the log refreshes at the flood rate, not thirty
    times a second. The same 8 MiB pulled a second late (8 MiB/s) are none.
    The test moves the clock and pulls itself: no timer pulls meanwhile."""
    from socklab.core import TcpClientSession
    from socklab.gui.bridge import FLOOD_INTERVAL_MS, PULL_INTERVAL_MS, SessionBridge

    clock = FakeClock()
    bridge = SessionBridge(clock=clock, auto_pull=False)
    session = TcpClientSession()
    got = []

    def write_8_mib() -> None:
        target = session.counters.tx_bytes + (8 << 20)
        for _ in range(8):
            session.send(b"m" * (1 << 20)).result(5)
        qtbot.waitUntil(lambda: session.counters.tx_bytes == target)

    with socket.create_server(("127.0.0.1", 0)) as listener:
        try:
            session.connect("127.0.0.1", listener.getsockname()[1]).result(5)
            conn, _ = listener.accept()
            reader = threading.Thread(target=lambda: got.append(_read_all(conn)), daemon=True)
            reader.start()
            bridge.attach(session)
            clock.advance(PULL_INTERVAL_MS / 1000)
            bridge.pull()
            assert not bridge.flooding and bridge.interval_ms == PULL_INTERVAL_MS
            write_8_mib()
            clock.advance(1.0)
            bridge.pull()  # a second late: 8 MiB/s
            assert not bridge.flooding and bridge.interval_ms == PULL_INTERVAL_MS
            write_8_mib()
            clock.advance(PULL_INTERVAL_MS / 1000)
            bridge.pull()  # in time: ~250 MB/s
            assert bridge.flooding and bridge.interval_ms == FLOOD_INTERVAL_MS
            clock.advance(FLOOD_INTERVAL_MS / 1000)
            bridge.pull()  # nothing moved since: back to the display rate
            assert not bridge.flooding and bridge.interval_ms == PULL_INTERVAL_MS
            session.close().result(5)
            reader.join(5)
            assert got == [16 << 20]
        finally:
            bridge.detach()
            session.shutdown()


def _read_all(conn: socket.socket) -> int:
    """Read until the peer closes; how many bytes came."""
    total = 0
    with conn:
        conn.settimeout(10)
        while chunk := conn.recv(1 << 16):
            total += len(chunk)
    return total


_POOL_PROBE = """
import os, sys, tempfile
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from socklab.gui.main import create_application
from socklab.gui.main_window import MainWindow
from socklab.core.events import Sent
app = create_application() if sys.argv[1] == "socklab" else QApplication([])
folder = tempfile.mkdtemp()
window = MainWindow(QSettings(os.path.join(folder, "s.ini"), QSettings.Format.IniFormat))
window.resize(1200, 800)
window.show()
for i in range(30):
    window.udp_tab.log.append_events([Sent(bytes(range(256)) * 8, ("127.0.0.1", 9))] * 40)
    window.udp_tab.counters.update_counts(i * 10**6, i * 10**9, i, i)
    window.repaint()
    app.processEvents()
names = [open(f"/proc/self/task/{t}/comm").read().strip() for t in os.listdir("/proc/self/task")]
print(sum("pooled" in name for name in names))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("application", ["socklab", "plain QApplication"])
def test_the_window_paints_without_qt_gui_thread_pool(application):
    """Qt's GUI thread pool would take cores from the workers during a flood:
    create_application turns it off (a plain QApplication shows that the probe
    sees the pool's threads where there are some)."""
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    pooled = int(run_python(_POOL_PROBE, application.split()[0], env=env).split()[-1])
    assert (pooled == 0) if application == "socklab" else (pooled > 0)


def test_the_code_panel_starts_at_two_fifths_of_the_width(qtbot, window):
    """Wide enough for whole statements; the log keeps at least its minimum."""
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: window.width() == 1400)
    for tab in window.session_tabs():
        window.findChild(QTabWidget, "mainTabs").setCurrentWidget(tab)
        qtbot.waitUntil(lambda tab=tab: tab.code_panel.width() > 0)
        share = tab.code_panel.width() / tab.main_splitter.width()
        assert 0.35 <= share <= 0.45, (tab.objectName(), share)


def _changed_value(field: QWidget) -> object:
    """A value ``field`` does not hold when built, of the kind it holds."""
    if isinstance(field, QCheckBox):
        return not field.isChecked()
    if isinstance(field, QSpinBox | QDoubleSpinBox):
        return field.minimum() + 3 if field.value() != field.minimum() + 3 else field.minimum() + 4
    if isinstance(field, QComboBox) and field.isEditable():
        return "127.0.0.9"  # typed, not one of the listed addresses
    if isinstance(field, QComboBox):
        return field.itemData(field.count() - 1)
    return "23456"


def _set(field: QWidget, value: object) -> None:
    if isinstance(field, QCheckBox):
        field.setChecked(bool(value))
    elif isinstance(field, QSpinBox | QDoubleSpinBox):
        field.setValue(value)
    elif isinstance(field, QComboBox) and field.isEditable():
        field.setEditText(str(value))
    elif isinstance(field, QComboBox):
        field.setCurrentIndex(field.findData(value))
    else:
        field.setText(str(value))


def test_every_kept_field_of_every_tab_comes_back(qtbot, event_loop_qt, settings):
    """Each tab's settings fields are saved on close and shown again on start:
    every one of them changed from its built value, typed addresses included."""
    settings.setValue("language", "en")
    first = MainWindow(settings)
    qtbot.addWidget(first)
    wanted = {}
    for tab in first.session_tabs():
        fields = tab.kept_fields()
        assert fields, tab.objectName()
        for key, field in fields.items():
            value = _changed_value(field)
            _set(field, value)
            wanted[tab.objectName(), key] = value
    first.close()

    again = MainWindow(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    shown = {
        (tab.objectName(), key): field_value(field)
        for tab in again.session_tabs()
        for key, field in tab.kept_fields().items()
    }
    assert shown == wanted
    again.close()


def test_a_hand_edited_setting_is_passed_over(qtbot, event_loop_qt, settings):
    """A value that does not fit its field leaves the field as built; the others load."""
    settings.setValue("language", "en")
    settings.setValue("udp/recv_buffer", "lots")
    settings.setValue("udp/remote_port", "7777")
    settings.setValue("tcp_server/auto_reply", "no such mode")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.udp_tab.recv_buffer.value() == 65_535
    assert window.udp_tab.remote_port.text() == "7777"
    assert window.tcp_server_tab.auto_reply.currentIndex() == 0
    window.close()
