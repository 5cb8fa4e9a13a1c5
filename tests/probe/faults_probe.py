"""The faults probe: a server tab stopped with 200 clients, resets and half-closes
from the peer, and 200 open/close cycles per tab (fds, threads, memory before/after).

    python tests/probe/faults_probe.py OUT.json
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import struct
import sys
import threading
from pathlib import Path

from data_probe import in_window, row, run_probe, until
from peers import TcpClient, TcpPeer, UdpPeer

from socklab.core import State, StateChanged

CLIENTS = 200
CYCLES = 200
#: Cycles run before the "before" figures, so that first-use allocations do not count.
WARM_UP = 10
#: Memory growth over the cycles that still counts as no leak.
RSS_SLACK = 16 << 20
#: Seconds a closed session's worker thread may take to end.
SETTLE = 5.0


def fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def threads() -> int:
    return len(os.listdir("/proc/self/task"))


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def stop_with_clients(window, rows: list[dict]) -> None:
    tab = window.tcp_server_tab
    tab.local_port.setText("0")
    before = fds()
    await tab.start()
    clients = [TcpClient(tab.session.local_address) for _ in range(CLIENTS)]
    joined = await until(lambda: len(tab.clients.model.open_ids()) >= CLIENTS)
    during = fds()
    tab.stop()
    closed = await until(
        lambda: all(c.closed for c in clients), pump=lambda: [c.pump() for c in clients]
    )
    for client in clients:
        client.close()
    after = fds()
    rows.append(
        row(
            f"server stopped with {CLIENTS} clients",
            f"joined {joined}, all closed {closed}, fds {before} -> {during} -> {after}",
            joined and closed and after <= before,
        )
    )


async def peer_faults(window, rows: list[dict]) -> None:
    """The TCP client tab meets a reset and a half-close."""
    tab = window.tcp_client_tab
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.setblocking(False)
    tab.remote_port.setText(str(listener.getsockname()[1]))
    accepted: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(BlockingIOError):
            accepted.append(listener.accept()[0])

    def seen(state: State) -> bool:
        return any(isinstance(e, StateChanged) and e.state is state for e in tab.log.model.events())

    try:
        tab.log.clear()
        await tab.connect_to_server()
        await until(lambda: accepted, pump=accept)
        linger = struct.pack("ii", 1, 0)
        accepted[-1].setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        accepted[-1].close()  # RST
        reset = await until(lambda: seen(State.RESET) and tab.session is None)
        rows.append(row("tcp client: peer resets", f"shown as reset {reset}", reset))

        tab.log.clear()
        await tab.connect_to_server()
        await until(lambda: len(accepted) >= 2, pump=accept)
        accepted[-1].shutdown(socket.SHUT_WR)  # FIN: the peer finished sending
        await until(lambda: seen(State.PEER_CLOSED) or seen(State.HALF_CLOSED) or not tab.session)
        await asyncio.sleep(0.2)
        can_send = tab.session is not None and tab.editor.send_enabled()
        rows.append(row("tcp client: peer half-closes, can still send", f"{can_send}", can_send))
        if tab.session is not None:
            tab.release_session()
    finally:
        for conn in accepted:
            conn.close()
        listener.close()


async def cycles(window, rows: list[dict]) -> None:
    """Open and close each tab's socket CYCLES times."""
    udp_peer, tcp_peer = UdpPeer(), TcpPeer()
    udp, broadcast = window.udp_tab, window.broadcast_tab
    client, server = window.tcp_client_tab, window.tcp_server_tab
    broadcast.remote_port.setText(str(udp_peer.port))
    client.remote_port.setText(str(tcp_peer.port))
    server.local_port.setText("0")
    idle_threads = threads()

    async def udp_cycle() -> None:
        await udp.open()
        udp.release_session()

    async def broadcast_cycle() -> None:
        await broadcast.send(b"x")
        broadcast.release_session()

    async def client_cycle() -> None:
        await client.connect_to_server()
        tcp_peer.pump()
        client.release_session()
        tcp_peer.close_all()

    async def server_cycle() -> None:
        await server.start()
        server.stop()

    try:
        for name, cycle in (
            ("udp", udp_cycle),
            ("broadcast", broadcast_cycle),
            ("tcp client", client_cycle),
            ("tcp server", server_cycle),
        ):
            for _ in range(WARM_UP):
                await cycle()
            await until(lambda: threads() <= idle_threads, SETTLE)
            before = (fds(), threads(), rss())
            for _ in range(CYCLES):
                await cycle()
            udp_peer.take()
            await until(lambda: threads() <= idle_threads, SETTLE)  # a worker still ending
            after = (fds(), threads(), rss())
            rows.append(
                row(
                    f"{name}: {CYCLES} open/close cycles",
                    f"fds {before[0]} -> {after[0]}, threads {before[1]} -> {after[1]},"
                    f" RSS {before[2] >> 20} -> {after[2] >> 20} MiB",
                    after[0] <= before[0]
                    and after[1] <= before[1]
                    and after[2] - before[2] < RSS_SLACK,
                )
            )
    finally:
        udp_peer.close()
        tcp_peer.close()


async def probe(out: Path) -> int:
    rows = await in_window(out, [stop_with_clients, peer_faults, cycles])
    rows.append(row("threads left at the end", str(threading.active_count()), True))
    out.write_text(json.dumps({"rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(run_probe(probe))
