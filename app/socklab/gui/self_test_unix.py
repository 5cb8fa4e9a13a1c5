"""The self-test's Unix domain socket round trip (see :mod:`.self_test`): the TCP
Server tab listens on a path in a fresh temporary folder, the TCP Client tab
connects to it and sends, the server's client table names the client's process
(SO_PEERCRED), the server answers, and Stop removes the socket file."""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING

from socklab.core import State, TcpServerSession
from socklab.gui.models.client_model import COL_PEER
from socklab.gui.self_test import (
    SelfTestError,
    _click,
    _received,
    _set_payload,
    _shown_errors,
    _state_seen,
    _until,
)
from socklab.gui.widgets.fields import select_host

if TYPE_CHECKING:
    from socklab.gui.main_window import MainWindow


async def check_unix(window: MainWindow) -> str:
    folder = tempfile.mkdtemp(prefix="socklab-selftest-")
    path = os.path.join(folder, "s.sock")
    server, client = window.tcp_server_tab, window.tcp_client_tab
    try:
        window.tabs.setCurrentWidget(server)
        select_host(server.local_host, path)
        _click(server, "openButton")  # Start
        await _until(
            f"TCP Server tab: listen on {path}{_shown_errors(server)}",
            lambda: isinstance(server.session, TcpServerSession) and server.session.listening,
        )
        window.tabs.setCurrentWidget(client)
        client.remote_host.setText(path)
        _click(client, "openButton")  # Connect
        await _until(
            f"TCP Client tab: connect to {path}{_shown_errors(client)}",
            lambda: _state_seen(client, State.CONNECTED) and client.editor.send_enabled(),
        )
        _set_payload(client, "self-test: over a Unix socket")
        _click(client, "sendButton")
        await _until(
            f"TCP Server tab: the client's data in the log{_shown_errors(client)}",
            lambda: b"over a Unix socket" in _received(server),
        )
        model = server.clients.model
        peer = str(model.data(model.index(0, COL_PEER)) or "")
        if f"pid {os.getpid()}" not in peer:
            raise SelfTestError(f"TCP Server tab: the client's process not shown ({peer!r})")
        _click(client, "openButton")  # Disconnect
        await _until("TCP Client tab: disconnect", lambda: client.session is None)
        _click(server, "openButton")  # Stop
        await _until("TCP Server tab: stop", lambda: server.session is None)
        if os.path.exists(path):
            raise SelfTestError(f"TCP Server tab: {path} still there after Stop")
    finally:
        select_host(server.local_host, "127.0.0.1")
        client.remote_host.setText("127.0.0.1")
        if not os.path.exists(path):
            os.rmdir(folder)
    return f"Unix socket round trip on {path} (client pid shown, file removed)"
