"""TLS settings of a TCP client or server, and the checks of what the user typed
(ALPN names, a server name). No files are read here: see :mod:`.files`."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from ..unix import is_unix_text

#: The fields a :class:`TlsSettingsError` may name.
FIELDS = ("server_name", "ca_file", "cert_file", "key_file", "alpn")

#: An ALPN protocol name as written here: printable ASCII, no space, no comma.
_TOKEN = re.compile(r"[!-+\--~]+")
#: One label of a host name (letters, digits, hyphens; underscores tolerated).
_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")
_MAX_NAME = 253
_MAX_ALPN = 255


class TlsSettingsError(ValueError):
    """A TLS setting that cannot be used: ``field`` names it (one of :data:`FIELDS`),
    ``message`` says why, for the field's mark and the log."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class TlsOptions:
    """TLS on a TCP connection (TLS 1.2 at least).

    A client verifies the server's certificate when ``verify`` is on (against
    ``ca_file``, else the system's CAs) and its name: ``server_name``, else the
    host it connects to; the name is also sent as SNI. A server with ``verify``
    asks for a client certificate and verifies one that is sent (against
    ``ca_file``, else the system's CAs); ``require_client_cert`` turns away a
    client without one. ``cert_file``/``key_file``: our own certificate (a
    server needs one); ``key_file`` "" means the key is in ``cert_file``.
    ``alpn``: the protocols offered (client) or accepted (server), preferred first.
    """

    verify: bool = True
    server_name: str = ""
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    alpn: tuple[str, ...] = ()
    require_client_cert: bool = False
    handshake_timeout: float = 10.0


def parse_alpn(text: str) -> tuple[str, ...]:
    """``"h2, http/1.1"`` -> ``("h2", "http/1.1")``; raises TlsSettingsError("alpn")."""
    text = text.strip()
    if not text:
        return ()
    names = []
    for number, part in enumerate(text.split(","), 1):
        name = part.strip()
        if not name:
            raise TlsSettingsError(
                "alpn",
                f"ALPN name {number} is empty: write the names separated by commas, "
                "such as h2,http/1.1",
            )
        if any(c.isspace() for c in name):
            raise TlsSettingsError(
                "alpn",
                f"{name!r} holds a space: separate the ALPN names with commas, such as h2,http/1.1",
            )
        if not _TOKEN.fullmatch(name):
            raise TlsSettingsError(
                "alpn",
                f"{name!r} is not an ALPN name: printable ASCII letters, digits and signs only "
                "(such as h2 or http/1.1)",
            )
        if len(name) > _MAX_ALPN:
            raise TlsSettingsError(
                "alpn", f"ALPN name {number} is {len(name)} bytes long: at most {_MAX_ALPN}"
            )
        names.append(name)
    return tuple(names)


def check_tls_target(options: TlsOptions, host: str) -> None:
    """A client that verifies the server's name needs one: a Unix socket's path
    (``host``: ``/path``, ``@name``) is no host name. Raises
    TlsSettingsError("server_name") when none is given."""
    if options.verify and not options.server_name and is_unix_text(host):
        raise TlsSettingsError(
            "server_name",
            "a Unix socket has no host name to check the server's certificate against: "
            "give the name the certificate is for (such as localhost), or turn "
            "verification off",
        )


def check_server_name(text: str) -> str:
    """The server name (SNI) as typed, checked: a host name or an IP address ("" for
    none); raises TlsSettingsError("server_name")."""
    name = text.strip()
    if not name:
        return ""
    try:
        return str(ipaddress.ip_address(name.strip("[]")))
    except ValueError:
        pass
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise TlsSettingsError("server_name", f"{name!r} is not a host name") from None
    if len(ascii_name) > _MAX_NAME:
        raise TlsSettingsError(
            "server_name", f"the server name is {len(ascii_name)} characters: at most {_MAX_NAME}"
        )
    labels = ascii_name.rstrip(".").split(".")
    bad = next((label for label in labels if not _LABEL.fullmatch(label)), None)
    if bad is not None:
        raise TlsSettingsError(
            "server_name",
            f"{name!r} is not a host name: {bad!r} is not a label (letters, digits and "
            "hyphens, such as example.com)",
        )
    return ascii_name
