"""The TCP Client tab's script: ``connect``, ``sendall``, maybe ``shutdown``, and a
``recv`` loop until the server closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from socklab.teaching.catalogue import QT_TRANSLATE_NOOP
from socklab.teaching.codegen import tls as tls_code
from socklab.teaching.codegen.builder import (
    Script,
    address_literal,
    bare_host,
    codec_for,
    count_argument,
    family_of,
    import_lines,
    print_line,
    seconds,
    wildcard_of,
    write_address_notes,
    write_payload,
    write_shown,
)
from socklab.teaching.codegen.unix import PHRASES as UNIX_PHRASES
from socklab.teaching.codegen.unix import is_unix, write_bind

if TYPE_CHECKING:
    from socklab.core import TcpClientOptions, TlsOptions


@dataclass(frozen=True)
class TcpClientCode:
    """What the TCP Client tab is set to do.

    ``timeout``: seconds to wait for ``connect`` (None: the system's default).
    ``local_host``/``local_port`` bind before connecting. ``half_close`` calls
    ``shutdown(SHUT_WR)`` after sending. ``receive`` adds a ``recv(recv_size)``
    loop that ends when the server closes (or after the command line's count).
    ``tls``: wrap the connected socket in TLS with these settings (no half-close then).
    """

    host: str = "127.0.0.1"
    port: int = 8080
    timeout: float | None = 5.0
    recv_size: int = 1024
    payload: bytes = b""
    encoding: str = "utf-8"
    half_close: bool = False
    local_host: str | None = None
    local_port: int = 0
    no_delay: bool = False
    receive: bool = True
    repeat: int = 1
    interval: float = 0.0
    show_bytes: bool = False
    tls: TlsOptions | None = None

    @classmethod
    def from_options(
        cls, host: str, port: int, options: TcpClientOptions, **fields: object
    ) -> TcpClientCode:
        """Settings from the client session's options plus extras (``payload`` ...)."""
        return cls(
            host=host,
            port=port,
            timeout=options.connect_timeout,
            recv_size=options.recv_size,
            local_host=options.local_host,
            local_port=options.local_port,
            no_delay=options.no_delay,
            tls=options.tls,
            **fields,  # type: ignore[arg-type]
        )


PHRASES: dict[str, str] = {
    "head_tcp_client": QT_TRANSLATE_NOOP(
        "Codegen",
        "SockLab: what the TCP Client tab does, in plain Python (standard socket module only).",
    ),
    "run_chunks": QT_TRANSLATE_NOOP(
        "Codegen",
        "Run: python3 socklab_demo.py [COUNT]\n"
        "quits after COUNT recv() calls (default: when the server closes the connection).",
    ),
    "timeout": QT_TRANSLATE_NOOP(
        "Codegen", "Give up connecting after {timeout} s (connect() raises TimeoutError)."
    ),
    "no_timeout": QT_TRANSLATE_NOOP(
        "Codegen", "No timeout after connecting: recv() waits as long as it takes."
    ),
    "no_delay": QT_TRANSLATE_NOOP(
        "Codegen", "TCP_NODELAY: send small writes at once instead of collecting them (Nagle)."
    ),
    "client_bind": QT_TRANSLATE_NOOP(
        "Codegen", "bind before connect: use this local address and port for the connection."
    ),
    "connect": QT_TRANSLATE_NOOP("Codegen", "connect: the three-way handshake with the server."),
    "sendall": QT_TRANSLATE_NOOP(
        "Codegen", "sendall: send every byte (send() may send only part of them)."
    ),
    "shutdown": QT_TRANSLATE_NOOP(
        "Codegen",
        "shutdown(SHUT_WR): tell the server we are done sending (its recv() returns b'');\n"
        "we can still receive.",
    ),
    "p_connected": QT_TRANSLATE_NOOP("Codegen", "connected"),
    "p_sent_tcp": QT_TRANSLATE_NOOP("Codegen", "sent {{len(data)}} bytes"),
    "p_received": QT_TRANSLATE_NOOP("Codegen", "received {{len(data)}} bytes: {{{shown}!r}}"),
    "p_server_closed": QT_TRANSLATE_NOOP("Codegen", "the server closed the connection"),
}


def generate(settings: TcpClientCode, language: str) -> str:
    """The script for ``settings``, commented in ``language``."""
    script = Script(language, {**PHRASES, **UNIX_PHRASES, **tls_code.PHRASES})
    tls = settings.tls
    host = bare_host(settings.host)
    local_host = bare_host(settings.local_host)
    family = family_of(host)
    codec = codec_for(settings.encoding)
    count = max(1, int(settings.repeat))
    imports = ["socket", *tls_code.imports(tls)]
    if settings.receive:
        imports.append("sys")
    if settings.payload and count > 1 and settings.interval > 0:
        imports.append("time")

    script.comment("head_tcp_client")
    if settings.receive:
        script.comment("run_chunks")
    script.code(*import_lines(*imports))
    script.blank()
    script.comment("tcp_socket", family=script.say(family))
    script.code(f"sock = socket.socket(socket.{family}, socket.SOCK_STREAM)")
    if settings.no_delay and not is_unix(host):
        script.comment("no_delay")
        script.code("sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)")
    if is_unix(host) and is_unix(local_host):
        write_bind(script, "sock", local_host)
    elif (local_host or settings.local_port) and not is_unix(host):
        script.comment("reuse")
        script.code("sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)")
        script.comment("client_bind")
        bind_host = local_host or wildcard_of(family)
        script.code(f"sock.bind({address_literal(bind_host, settings.local_port)})")
    script.blank()
    if settings.timeout is not None:
        script.comment("timeout", timeout=seconds(settings.timeout))
        script.code(f"sock.settimeout({seconds(settings.timeout)})")
    script.comment("connect")
    write_address_notes(script, host)
    script.code(f"sock.connect({address_literal(host, settings.port)})")
    if tls is not None:
        script.blank()
        tls_code.client_context(script, tls)
        tls_code.wrap_client(script, tls, host)
    if settings.timeout is not None:
        script.comment("no_timeout")
        script.code("sock.settimeout(None)")
    script.code(
        f'print("{script.say("p_connected")}", sock.getsockname(), "->", sock.getpeername())'
    )
    script.blank()

    if settings.payload:
        write_payload(script, settings.payload, codec)
        if count > 1:
            script.comment("repeat", count=count, interval=seconds(settings.interval))
            script.code(f"for i in range({count}):")
            if settings.interval > 0:
                script.code("if i:", indent=1)
                script.code(f"time.sleep({seconds(settings.interval)})", indent=2)
            script.comment("sendall", 1)
            script.code("sock.sendall(data)", indent=1)
            print_line(script, "p_sent_tcp", 1)
        else:
            script.comment("sendall")
            script.code("sock.sendall(data)")
            print_line(script, "p_sent_tcp")
        script.blank()
    if settings.half_close and tls is None:  # TLS: no half-close (SSLSocket.unwrap ends it all)
        script.comment("shutdown")
        script.code("sock.shutdown(socket.SHUT_WR)")
        script.blank()

    if settings.receive:
        count_argument(script)
        script.code("received = 0", "while count == 0 or received < count:")
        script.comment("recv", 1, size=settings.recv_size)
        script.code(f"data = sock.recv({int(settings.recv_size)})", indent=1)
        script.comment("server_closed", 1)
        script.code("if not data:", indent=1)
        script.code(f'print("{script.say("p_server_closed")}")', "break", indent=2)
        script.code("received += 1", indent=1)
        shown = write_shown(script, codec, settings.show_bytes, 1)
        print_line(script, "p_received", 1, shown=shown)
        script.blank()

    script.comment("close")
    script.code("sock.close()")
    return script.text()
