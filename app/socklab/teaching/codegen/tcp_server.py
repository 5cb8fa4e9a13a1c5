"""The TCP Server tab's script: ``bind``, ``listen``, an ``accept`` loop and a thread per
client that answers as the tab's auto-reply does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from socklab.core import AutoReply
from socklab.teaching.catalogue import QT_TRANSLATE_NOOP
from socklab.teaching.codegen import tls as tls_code
from socklab.teaching.codegen.builder import (
    Script,
    address_literal,
    as_bytes,
    bare_host,
    bytes_expression,
    codec_for,
    count_argument,
    family_of,
    import_lines,
    print_line,
    write_bind_notes,
    write_ipv6_only,
    write_shown,
)
from socklab.teaching.codegen.unix import PHRASES as UNIX_PHRASES
from socklab.teaching.codegen.unix import is_path, is_unix, unix_literal, write_bind, write_unlink

if TYPE_CHECKING:
    from socklab.core import TcpServerOptions, TlsOptions


@dataclass(frozen=True)
class TcpServerCode:
    """What the TCP Server tab is set to do.

    ``auto_reply``: off, echo, or the fixed ``reply`` (bytes, or text in
    ``encoding``). ``close_on``: a peer whose message, without its line ending,
    equals this word is disconnected. ``max_clients``: more are turned away.
    ``host`` is written as typed (``""``: every interface); ``ipv6_only`` is
    IPV6_V6ONLY of a server on IPv6 (off: IPv4 clients too).
    ``tls``: each client's connection is wrapped in TLS with these settings.
    """

    host: str = "0.0.0.0"
    port: int = 8080
    backlog: int = 5
    reuse_address: bool = True
    auto_reply: AutoReply | str = AutoReply.OFF
    reply: bytes | str = b""
    close_on: bytes | str | None = None
    encoding: str = "utf-8"
    recv_size: int = 1024
    max_clients: int | None = None
    show_bytes: bool = False
    ipv6_only: bool = False
    tls: TlsOptions | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.auto_reply, AutoReply):
            object.__setattr__(self, "auto_reply", AutoReply(self.auto_reply))

    @classmethod
    def from_options(
        cls, host: str, port: int, options: TcpServerOptions, **fields: object
    ) -> TcpServerCode:
        """Settings from the server session's options plus extras (``encoding`` ...)."""
        return cls(
            host=host,
            port=port,
            backlog=options.backlog,
            reuse_address=options.reuse_address,
            auto_reply=options.auto_reply,
            reply=options.reply,
            close_on=options.close_on,
            recv_size=options.recv_size,
            max_clients=options.max_clients,
            ipv6_only=options.ipv6_only,
            tls=options.tls,
            **fields,  # type: ignore[arg-type]
        )


PHRASES: dict[str, str] = {
    "head_tcp_server": QT_TRANSLATE_NOOP(
        "Codegen",
        "SockLab: what the TCP Server tab does, in plain Python (standard socket module only).",
    ),
    "run_clients": QT_TRANSLATE_NOOP(
        "Codegen",
        "Run: python3 socklab_demo.py [COUNT]\n"
        "serves COUNT clients, then quits (default: runs until Ctrl+C).",
    ),
    "threads": QT_TRANSLATE_NOOP(
        "Codegen",
        "Like SockLab, this server talks to several clients at once: each accepted\n"
        "connection gets its own thread. The classic classroom server serves one client\n"
        "at a time: call serve(conn, address) directly instead of starting a thread.",
    ),
    "serve": QT_TRANSLATE_NOOP(
        "Codegen", "Talk to one client until it closes the connection{close_word}."
    ),
    "serve_close_word": QT_TRANSLATE_NOOP("Codegen", " or sends the close word"),
    "close_word": QT_TRANSLATE_NOOP(
        "Codegen",
        "A message equal to the close word (without its line ending) closes the connection.",
    ),
    "echo": QT_TRANSLATE_NOOP("Codegen", "Auto-reply: send the same bytes back (echo)."),
    "fixed": QT_TRANSLATE_NOOP("Codegen", "Auto-reply: the fixed answer."),
    "reply_const": QT_TRANSLATE_NOOP("Codegen", "The fixed answer, in {encoding}."),
    "close_const": QT_TRANSLATE_NOOP("Codegen", "The close word, in {encoding}."),
    "conn_close": QT_TRANSLATE_NOOP(
        "Codegen", "close: end this connection (the client's recv() returns b'')."
    ),
    "listen": QT_TRANSLATE_NOOP(
        "Codegen",
        "listen({backlog}): start accepting; up to {backlog} connections may wait for accept().",
    ),
    "accept": QT_TRANSLATE_NOOP(
        "Codegen", "accept: wait for the next client; returns a new socket for it and its address."
    ),
    "slots": QT_TRANSLATE_NOOP(
        "Codegen", "At most {limit} clients at once: each one takes a place until it leaves."
    ),
    "release": QT_TRANSLATE_NOOP("Codegen", "Give the place back: another client may come in."),
    "max_clients": QT_TRANSLATE_NOOP("Codegen", "No place free: turn this client away."),
    "stop": QT_TRANSLATE_NOOP(
        "Codegen", "Stop listening, then wait for the clients still connected."
    ),
    "count_clients": QT_TRANSLATE_NOOP(
        "Codegen", "How many clients to serve (command line); 0 means no limit."
    ),
    "p_listening": QT_TRANSLATE_NOOP("Codegen", "listening on"),
    "p_client_connected": QT_TRANSLATE_NOOP("Codegen", "client connected:"),
    "p_client_closed": QT_TRANSLATE_NOOP("Codegen", "connection closed:"),
    "p_close_word": QT_TRANSLATE_NOOP("Codegen", "close word received, closing"),
    "p_turned_away": QT_TRANSLATE_NOOP("Codegen", "too many clients, turned away:"),
}


def generate(settings: TcpServerCode, language: str) -> str:
    """The script for ``settings``, commented in ``language``."""
    script = Script(language, {**PHRASES, **UNIX_PHRASES, **tls_code.PHRASES})
    tls = settings.tls
    host = bare_host(settings.host)
    family = family_of(host)
    codec = codec_for(settings.encoding)
    mode = settings.auto_reply
    reply = as_bytes(settings.reply, codec) or b""
    close_on = as_bytes(settings.close_on, codec)
    size = int(settings.recv_size)

    script.comment("head_tcp_server")
    script.comment("threads")
    script.comment("run_clients")
    script.code(
        *import_lines(
            "socket",
            *tls_code.imports(tls),
            "sys",
            "threading",
            *(["os"] if is_path(host) else []),
        )
    )
    script.blank()
    if tls is not None:
        tls_code.server_context(script, tls)
        script.blank()
    if mode is AutoReply.FIXED and reply:
        script.comment("reply_const", encoding=codec.upper())
        script.code(f"REPLY = {bytes_expression(reply, codec)}")
    if close_on is not None:
        script.comment("close_const", encoding=codec.upper())
        script.code(f"CLOSE_WORD = {bytes_expression(close_on, codec)}")
    if settings.max_clients is not None:
        script.comment("slots", limit=int(settings.max_clients))
        script.code(f"places = threading.Semaphore({int(settings.max_clients)})")
    script.blank(2)

    close_word = script.say("serve_close_word") if close_on is not None else ""
    script.code("def serve(conn, address):")
    script.code(f'"""{script.say("serve", close_word=close_word)}"""', indent=1)
    script.code(f'print("{script.say("p_client_connected")}", address)', indent=1)
    if tls is not None:
        tls_code.wrap_server(script, 1, release=settings.max_clients is not None)
    script.code("while True:", indent=1)
    script.comment("recv", 2, size=size)
    script.code(f"data = conn.recv({size})", indent=2)
    script.comment("server_closed", 2)
    script.code("if not data:", indent=2)
    script.code("break", indent=3)
    shown = write_shown(script, codec, settings.show_bytes, 2)
    print_line(script, "p_received_from", 2, shown=shown)
    if close_on is not None:
        script.comment("close_word", 2)
        script.code('if data.rstrip(b"\\r\\n") == CLOSE_WORD:', indent=2)
        script.code(f'print("{script.say("p_close_word")}", address)', "break", indent=3)
    if mode is AutoReply.ECHO:
        script.comment("echo", 2)
        script.code("conn.sendall(data)", indent=2)
    elif mode is AutoReply.FIXED and reply:
        script.comment("fixed", 2)
        script.code("conn.sendall(REPLY)", indent=2)
    script.comment("conn_close", 1)
    script.code("conn.close()", indent=1)
    if settings.max_clients is not None:
        script.comment("release", 1)
        script.code("places.release()", indent=1)
    script.code(f'print("{script.say("p_client_closed")}", address)', indent=1)
    script.blank(2)

    script.comment("tcp_socket", family=script.say(family))
    script.code(f"server = socket.socket(socket.{family}, socket.SOCK_STREAM)")
    if is_unix(host):  # no port, no TIME_WAIT: a path or a name
        write_bind(script, "server", host)
    else:
        if settings.reuse_address:
            script.comment("reuse")
            script.code("server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)")
        if family == "AF_INET6":
            write_ipv6_only(script, "server", settings.ipv6_only)
        write_bind_notes(script, host, settings.port)
        script.code(f"server.bind({address_literal(host, settings.port)})")
    script.comment("listen", backlog=int(settings.backlog))
    script.code(f"server.listen({int(settings.backlog)})")
    script.code(f'print("{script.say("p_listening")}", server.getsockname())')
    script.blank()

    count_argument(script, "count_clients")
    script.code("threads = []", "while count == 0 or len(threads) < count:")
    script.comment("accept", 1)
    script.code("conn, address = server.accept()", indent=1)
    if settings.max_clients is not None:
        script.comment("max_clients", 1, limit=int(settings.max_clients))
        script.code("if not places.acquire(blocking=False):", indent=1)
        script.code(
            f'print("{script.say("p_turned_away")}", address)',
            "conn.close()",
            "continue",
            indent=2,
        )
    script.code(
        "thread = threading.Thread(target=serve, args=(conn, address), daemon=True)",
        "thread.start()",
        "threads.append(thread)",
        indent=1,
    )
    script.blank()
    script.comment("stop")
    script.code("server.close()", "for thread in threads:")
    script.code("thread.join()", indent=1)
    if is_path(host):
        write_unlink(script, unix_literal(host))
    return script.text()
