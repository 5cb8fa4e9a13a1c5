"""The data probe: hostile bytes from real loopback peers into the UDP tab and the
TCP Server tab, looked at in every display mode and encoding the log offers.

    python tests/probe/data_probe.py OUT.json

Checks: every cell the log shows (display and tooltip text) and the TCP stream view
hold no raw control or invisible character (Unicode Cc, Cf, Zl, Zp, Co, Cs); the
counters count every datagram and byte sent, exactly (a burst last, paced so the
kernel drops nothing); nothing reached the exception hooks.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import tempfile
import time
import unicodedata
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QCheckBox, QPlainTextEdit

import qasync  # isort: skip

from gui_probe import SCREEN_HEIGHT, SCREEN_WIDTH, Trouble
from peers import TcpClient

from socklab.core import ENCODINGS, Received
from socklab.gui.models.log_model import DISPLAY_MODES

#: Each kind of hostile data, as one datagram or one TCP send.
HOSTILE: tuple[tuple[str, bytes], ...] = (
    ("controls", bytes(range(32)) + b"\x7f" + "\u0085\u009b".encode()),
    ("nul", b"a\x00b\x00\x00c"),
    ("ansi", b"\x1b[31mred\x1b[0m\x1b]0;title\x07\x1b[2J"),
    ("bidi", "\u202eevil\u202c \u2066x\u2069 \u200b\ufeff\u2028\u2029".encode()),
    ("invalid-utf8", b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x82\xed\xa0\x80"),
    ("huge-line", b"L" * 60_000),
    ("rich-text", b"<html><b>bold</b><img src=x><script>alert(1)</script></html>"),
)
#: The eighth kind: a burst of small datagrams, sent in paced batches.
BURST, BATCH = 100_000, 1_000
#: TCP: the burst is this many sends of 10 bytes.
TCP_BURST = 10_000
UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs"}
BOUND = 20.0


#: The rich-text kind's markup, as it would appear in a tooltip that did not escape it.
RAW_MARKUP = ("<b>bold", "<img src=x", "<script")


def unsafe(text: object, *, tooltip: bool = False) -> bool:
    """Raw control or invisible characters; in a tooltip (rich text, its own line
    breaks allowed), also the peer's markup unescaped."""
    if not isinstance(text, str):
        return False
    if tooltip and any(markup in text for markup in RAW_MARKUP):
        return True
    allowed = "\n" if tooltip else ""
    return any(unicodedata.category(c) in UNSAFE and c not in allowed for c in text)


async def until(condition, bound: float = BOUND, pump=lambda: None) -> bool:
    deadline = time.monotonic() + bound
    while not condition():
        pump()
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.005)
    return True


def logged_bytes(tab) -> int:
    """The bytes of the data rows the tab's log holds (they come with the bridge's pull)."""
    return sum(len(e.data) for e in tab.log.model.events() if isinstance(e, Received))


def shown_unsafe(tab) -> tuple[int, int, list[str]]:
    """(rows, cells looked at over every display, unsafe cells with an example)."""
    model = tab.log.model
    cells, bad = 0, []
    for mode in DISPLAY_MODES:
        for encoding in ENCODINGS:
            tab.log.set_display(mode, encoding)
            for row in range(model.rowCount()):
                for col in range(model.columnCount()):
                    index = model.index(row, col)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        cells += 1
                        text = model.data(index, role)
                        if unsafe(text, tooltip=role == Qt.ItemDataRole.ToolTipRole):
                            bad.append(f"{mode}/{encoding} row {row} col {col}: {text[:60]!r}")
    return model.rowCount(), cells, bad


def row(check: str, value: str, ok: bool) -> dict:
    return {"check": check, "value": value, "verdict": "ok" if ok else "NOT OK"}


async def probe_udp(window, rows: list[dict]) -> None:
    tab = window.udp_tab
    window.tabs.setCurrentWidget(tab)
    await tab.open()
    port = tab.session.local_address[1]
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sent_packets = sent_bytes = 0
    try:
        for _, data in HOSTILE:
            sender.sendto(data, ("127.0.0.1", port))
            sent_packets += 1
            sent_bytes += len(data)
        await until(lambda: logged_bytes(tab) >= sent_bytes)  # the log shows them all
        count, cells, bad = shown_unsafe(tab)
        rows.append(
            row(
                "udp: rows shown escaped",
                f"{count} rows, {cells:,} cells, {len(bad)} unsafe {bad[:2]}",
                not bad and count >= len(HOSTILE),
            )
        )
        tab.log.set_display("text", "utf-8")
        for _ in range(BURST // BATCH):
            for _ in range(BATCH):
                sender.sendto(b"burst", ("127.0.0.1", port))
            sent_packets += BATCH
            sent_bytes += 5 * BATCH
            total = sent_packets
            if not await until(lambda total=total: tab.session.counters.rx_packets >= total):
                break
        await asyncio.sleep(0.2)  # anything counted twice would show now
        c = tab.session.counters.snapshot()
        rows.append(
            row(
                "udp: datagrams counted",
                f"{c.rx_packets:,} of {sent_packets:,} ({c.rx_bytes:,} of {sent_bytes:,} bytes,"
                f" {c.dropped_by_system} dropped by the system)",
                (c.rx_packets, c.rx_bytes) == (sent_packets, sent_bytes),
            )
        )
    finally:
        sender.close()
        tab.release_session()


async def probe_tcp_server(window, rows: list[dict]) -> None:
    tab = window.tcp_server_tab
    window.tabs.setCurrentWidget(tab)
    tab.findChild(QCheckBox, "chunkBoundaries").setChecked(True)
    tab.local_port.setText("0")
    await tab.start()
    client = TcpClient(tab.session.local_address)
    sent = 0
    try:
        await until(tab.clients.model.open_ids)
        for _, data in HOSTILE:
            client.sock.setblocking(True)
            client.sock.sendall(data)
            sent += len(data)
            total = sent
            await until(lambda total=total: logged_bytes(tab) >= total)
        count, cells, bad = shown_unsafe(tab)
        rows.append(
            row(
                "tcp server: rows shown escaped",
                f"{count} rows, {cells:,} cells, {len(bad)} unsafe {bad[:2]}",
                not bad and count >= 1,
            )
        )
        stream = tab.findChild(QPlainTextEdit, "streamText").toPlainText()
        stream_bad = [
            c for c in stream if unicodedata.category(c) in UNSAFE - {"Cc"} or c in "\0\x1b"
        ]
        rows.append(
            row(
                "tcp server: stream view escaped",
                f"{len(stream):,} characters, {len(stream_bad)} unsafe",
                not stream_bad and len(stream) > 0,
            )
        )
        for _ in range(TCP_BURST):
            client.sock.sendall(b"0123456789")
        sent += 10 * TCP_BURST
        await until(lambda: tab.session.counters.rx_bytes >= sent)
        await asyncio.sleep(0.2)
        got = tab.session.counters.rx_bytes
        rows.append(row("tcp server: bytes counted", f"{got:,} of {sent:,}", got == sent))
    finally:
        client.close()
        tab.stop()


Steps = Callable[[Any, list[dict]], Awaitable[None]]


async def in_window(out: Path, steps: list[Steps]) -> list[dict]:
    """Run ``steps`` (each adds its rows) in a real window with throw-away
    settings; the rows, and one for what reached the hooks meanwhile."""
    from socklab.gui.main_window import MainWindow

    trouble = Trouble()
    trouble.install(asyncio.get_event_loop())
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(dir=out.parent) as folder:
        settings = QSettings(os.path.join(folder, "socklab.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)
        window.show()
        for step in steps:
            await step(window, rows)
        window.close()
    exceptions, critical, _warnings = trouble.take()
    rows.append(
        row(
            "hooks: exceptions and Qt criticals",
            f"{len(exceptions) + len(critical)} {(exceptions + critical)[:2]}",
            not (exceptions or critical),
        )
    )
    return rows


async def probe(out: Path) -> int:
    rows = await in_window(out, [probe_udp, probe_tcp_server])
    kinds = [name for name, _ in HOSTILE] + ["burst"]
    modes = f"{len(DISPLAY_MODES)} modes x {len(ENCODINGS)} encodings"
    out.write_text(json.dumps({"kinds": kinds, "displays": modes, "rows": rows}, indent=1))
    return 0


def run_probe(probe: Callable[[Path], Awaitable[int]]) -> int:
    """The probe process's main: ``probe(OUT)`` on a qasync loop, OUT from argv."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from socklab.gui.main import create_application

    app = create_application([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        return loop.run_until_complete(probe(Path(sys.argv[1])))


if __name__ == "__main__":
    sys.exit(run_probe(probe))
