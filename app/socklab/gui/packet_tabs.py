"""Between saved packets and the tabs: what the current tab would save (its
payload, kind and destination), and sending a packet through a tab's own
controls — its payload put in the tab's editor, its destination in the tab's
fields, then the tab's Connect and Send clicked — so a packet is sent exactly
as if typed there, with the tab's log, counters and errors.

Strings here are translated in the context ``"PacketTabs"``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QTabWidget, QWidget

from socklab.core import packets
from socklab.gui.widgets.fields import chosen_host, field_text, select_host
from socklab.gui.widgets.payload_editor import PayloadEditor


def _class_name(tab: QWidget) -> str:
    return type(tab).__name__


def tab_target(tab: QWidget) -> tuple[packets.Kind, str]:
    """The kind of packet ``tab`` sends and where (its fields' text; "" where it
    has no destination of its own, or the fields hold none that is valid)."""
    name = _class_name(tab)
    host_field: Any = getattr(tab, "remote_host", None)
    if name == "BroadcastTab":
        host_field = getattr(tab, "interface_list", None)
    port_field: Any = getattr(tab, "remote_port", None)
    if name == "TcpServerTab" or host_field is None:
        return packets.Kind.TCP, ""
    stream = name == "TcpClientTab"
    host = chosen_host(host_field) if isinstance(host_field, QComboBox) else field_text(host_field)
    host = host.strip()
    unix = host.startswith(("/", "@"))
    if unix:
        kind = packets.Kind.UNIX if stream else packets.Kind.UNIX_DGRAM
        destination = host
    else:
        tls = getattr(tab, "tls", None)
        tls_on = tls is not None and tls.enabled.isChecked()
        kind = (packets.Kind.TLS if tls_on else packets.Kind.TCP) if stream else packets.Kind.UDP
        port = field_text(port_field).strip() if port_field is not None else ""
        bracketed = f"[{host}]" if ":" in host and not host.startswith("[") else host
        destination = f"{bracketed}:{port}"
    try:
        return kind, packets.check_destination(kind, destination)
    except packets.PacketError:
        return kind, ""


def packet_from_tab(tab: QWidget, name: str, group: str = "") -> packets.SavedPacket:
    """The packet ``tab`` would send now, called ``name``; PacketError if the
    name is bad."""
    editor: PayloadEditor = tab.editor  # type: ignore[attr-defined]
    kind, destination = tab_target(tab)
    return packets.SavedPacket(
        name=name,
        kind=kind,
        destination=destination,
        payload=editor.text(),
        mode=editor.mode(),
        encoding=editor.encoding(),
        line_ending=editor.line_ending(),
        group=group,
        checksum=editor.checksum(),
        template=editor.templates_on(),
    )


def load_into_editor(editor: PayloadEditor, packet: packets.SavedPacket) -> None:
    """Show ``packet``'s payload in ``editor`` as it was typed."""
    editor.restore(
        {
            "text": packet.payload,
            "mode": packet.mode.value,
            "encoding": packet.encoding,
            "line_ending": packet.line_ending.name,
            "checksum": packet.checksum,
            "templates": "on" if packet.template else "off",
        }
    )


def tab_for_kind(tabs: QTabWidget, kind: packets.Kind) -> QWidget | None:
    """The tab that sends ``kind`` to a destination of its own: the current tab
    if it sends that kind (a datagram packet may go from the Broadcast tab, with
    its SO_BROADCAST), else the first UDP or TCP Client tab (None: none is built yet)."""
    wanted = "UdpTab" if kind.is_datagram else "TcpClientTab"
    current = tabs.currentWidget()
    usable = ("UdpTab", "BroadcastTab") if kind.is_datagram else (wanted,)
    if current is not None and _class_name(current) in usable:
        return current
    for index in range(tabs.count()):
        tab = tabs.widget(index)
        if _class_name(tab) == wanted:
            return tab
    return None


#: The objectName of the classic tab that sends each kind (built when asked for).
CLASSIC_TAB = {True: "udpTab", False: "tcpClientTab"}


def set_destination(tab: QWidget, packet: packets.SavedPacket, destination: str) -> None:
    """Put ``destination`` in ``tab``'s host and port fields (and TLS on or off)."""
    host_field: QLineEdit | QComboBox | None = getattr(tab, "remote_host", None)
    if host_field is None:  # the Broadcast tab: its address list
        host_field = tab.interface_list  # type: ignore[attr-defined]
    port_field: QLineEdit = tab.remote_port  # type: ignore[attr-defined]
    if packet.kind.is_unix:
        host, port = destination, ""
    else:
        host, _, port = destination.rpartition(":")
        host = host[1:-1] if host.startswith("[") else host
    if isinstance(host_field, QComboBox):
        select_host(host_field, host)
    else:
        host_field.setText(host)
    if port or not packet.kind.is_unix:
        port_field.setText(port)
    tls = getattr(tab, "tls", None)
    if tls is not None:
        tls.enabled.setChecked(packet.kind is packets.Kind.TLS)


def connected_to(tab: QWidget, packet: packets.SavedPacket, destination: str) -> bool | None:
    """For a TCP Client tab: None if not connected, else whether it is connected
    where ``destination`` says, as ``packet``'s kind."""
    if getattr(tab, "session", None) is None:
        return None
    current_kind, current = tab_target(tab)
    return current_kind is packet.kind and current == destination


def cannot_send_words() -> str:
    return QCoreApplication.translate(
        "PacketTabs",
        "The current tab cannot send now (a TCP client must be connected first;"
        " a server needs a client)",
    )
