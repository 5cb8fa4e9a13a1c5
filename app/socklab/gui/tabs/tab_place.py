"""Where a tab's socket is, in a few characters for its tab's title:
``:41400``, ``127.0.0.1:8080``, ``[::]:8080``, ``example:443``, ``/tmp/demo.sock``.

A bind address meaning every IPv4 interface (``0.0.0.0``, or empty as in
``bind(("", 41400))``) is left out: ``:41400``. ``::`` stays (``[::]:8080``:
every IPv6 interface and, dual stack, IPv4 too). Without a port, or with port 0
(the system picks one at bind), there is nothing to say until the socket is
bound. A Unix address is its path or ``@name``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from socklab.core import AddressError, format_addr, is_unix_text, parse_port
from socklab.gui.widgets.fields import chosen_host, field_text

#: Hosts that mean every IPv4 interface.
ANY_IPV4 = ("", "0.0.0.0")
_UNIX_PREFIX = "unix:"


def endpoint(host: str, port: int | None) -> str:
    """``host`` and ``port`` as a title shows them (see the module)."""
    host = host.strip()
    if is_unix_text(host):
        return host[len(_UNIX_PREFIX) :] if host.lower().startswith(_UNIX_PREFIX) else host
    if not port:
        return ""
    if host in ANY_IPV4:
        return f":{port}"
    if ":" in host:
        return f"[{host}]:{port}"
    return f"{host}:{port}"


def host_text(field: QWidget) -> str:
    """The host a field holds: a combo's chosen address, a line edit's text."""
    return chosen_host(field) if isinstance(field, QComboBox) else field_text(field).strip()


def typed_endpoint(host_field: QWidget, port_field: QWidget) -> str:
    """What the host and port fields hold, as a title shows it; "" if the port
    is empty or not a port yet (being typed)."""
    try:
        port = parse_port(field_text(port_field), allow_zero=True)
    except AddressError:
        port = None
    return endpoint(host_text(host_field), port)


def bound_endpoint(address: object) -> str:
    """A socket's own address (as ``getsockname()`` gives it) as a title shows it;
    "" for none."""
    if not address:
        return ""
    if isinstance(address, tuple) and len(address) >= 2 and isinstance(address[1], int):
        return endpoint(str(address[0]), address[1])
    return format_addr(address)  # type: ignore[arg-type]  # a Unix address: its path


def is_unix_field(field: QWidget) -> bool:
    """The field holds a Unix address (``/path``, ``@name``)."""
    return is_unix_text(field_text(field))
