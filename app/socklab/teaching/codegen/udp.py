"""The UDP tab's script: a socket that sends datagrams with ``sendto`` and waits for
answers with ``recvfrom`` (the Broadcast tab's script is the same, see :mod:`.broadcast`).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from socklab.teaching.catalogue import QT_TRANSLATE_NOOP
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
    write_address_notes,
    write_bind_notes,
    write_ipv6_only,
    write_payload,
    write_shown,
)
from socklab.teaching.codegen.multicast import PHRASES as MULTICAST_PHRASES
from socklab.teaching.codegen.multicast import (
    MulticastCode,
    needs_struct,
    write_memberships,
    write_sending,
)
from socklab.teaching.codegen.unix import PHRASES as UNIX_PHRASES
from socklab.teaching.codegen.unix import (
    is_path,
    is_unix,
    unix_literal,
    write_bind,
    write_own_path,
    write_unlink,
)

if TYPE_CHECKING:
    from socklab.core import UdpOptions


@dataclass(frozen=True)
class UdpCode:
    """What the UDP tab is set to do.

    ``local_port``: None means no ``bind()`` (the first ``sendto`` binds a port
    the system chooses); 0 binds with a port the system chooses. ``receive``
    adds a ``recvfrom(recv_buffer)`` loop after sending. ``repeat``: how many
    datagrams to send, ``interval`` seconds apart (None: until Ctrl+C or the
    count given on the command line; the script then only sends).
    ``show_bytes`` prints what arrives as bytes instead of decoded text.
    ``local_host`` is written as typed (``""``: every interface, as
    ``bind(("", port))``); ``ipv6_only`` is IPV6_V6ONLY of a socket bound on IPv6.
    """

    remote_host: str = "127.0.0.1"
    remote_port: int = 8080
    local_host: str = ""
    local_port: int | None = None
    payload: bytes = b""
    encoding: str = "utf-8"
    broadcast: bool = False
    reuse_address: bool = False
    recv_buffer: int = 1024
    receive: bool = True
    repeat: int | None = 1
    interval: float = 0.0
    show_bytes: bool = False
    #: Groups to join after bind, and the options of datagrams sent to groups.
    multicast: MulticastCode = field(default_factory=MulticastCode)
    ipv6_only: bool = False

    @classmethod
    def from_options(
        cls, remote_host: str, remote_port: int, options: UdpOptions, **fields: object
    ) -> UdpCode:
        """Settings from the UDP session's options plus extras (``payload`` ...)."""
        return cls(
            remote_host=remote_host,
            remote_port=remote_port,
            broadcast=options.broadcast,
            reuse_address=options.reuse_address,
            recv_buffer=options.recv_buffer,
            ipv6_only=options.ipv6_only,
            **fields,  # type: ignore[arg-type]
        )


PHRASES: dict[str, str] = {
    "head_udp": QT_TRANSLATE_NOOP(
        "Codegen", "SockLab: what the UDP tab does, in plain Python (standard socket module only)."
    ),
    "run_datagrams": QT_TRANSLATE_NOOP(
        "Codegen",
        "Run: python3 socklab_demo.py [COUNT]\n"
        "quits after COUNT datagrams (default: runs until Ctrl+C).",
    ),
    "run_sends": QT_TRANSLATE_NOOP(
        "Codegen",
        "Run: python3 socklab_demo.py [COUNT]\n"
        "quits after sending COUNT datagrams (default: runs until Ctrl+C).",
    ),
    "udp_socket": QT_TRANSLATE_NOOP(
        "Codegen", "Create a UDP socket: SOCK_DGRAM (datagrams), {family}."
    ),
    "reuse_udp": QT_TRANSLATE_NOOP(
        "Codegen",
        "SO_REUSEADDR: let several sockets bind the same port\n"
        "(e.g. several programs listening to the same broadcasts).",
    ),
    "broadcast_opt": QT_TRANSLATE_NOOP(
        "Codegen",
        "SO_BROADCAST: allow sending to a broadcast address (without it: permission denied).",
    ),
    "no_bind": QT_TRANSLATE_NOOP(
        "Codegen",
        "No bind(): the first sendto() binds the socket to a free port the system chooses.",
    ),
    "destination": QT_TRANSLATE_NOOP("Codegen", "Where the datagrams go (host, port)."),
    "sendto": QT_TRANSLATE_NOOP(
        "Codegen", "sendto: send one datagram; it arrives whole or not at all."
    ),
    "repeat_forever": QT_TRANSLATE_NOOP(
        "Codegen", "Send every {interval} s until the count is reached (or Ctrl+C)."
    ),
    "repeat_forever_fast": QT_TRANSLATE_NOOP(
        "Codegen", "Send until the count is reached (or Ctrl+C)."
    ),
    "no_receive_while_repeating": QT_TRANSLATE_NOOP(
        "Codegen",
        "(SockLab also shows replies while it sends; a script would need a second thread.)",
    ),
    "auto_bound": QT_TRANSLATE_NOOP("Codegen", "The port sendto() chose: replies come back to it."),
    "count_sends": QT_TRANSLATE_NOOP(
        "Codegen", "How many to send (command line); 0 means no limit."
    ),
    "recvfrom": QT_TRANSLATE_NOOP(
        "Codegen",
        "recvfrom({size}): wait for one datagram and its sender's address.\n"
        "A longer datagram is cut to {size} bytes and the rest is lost\n"
        "(Windows raises an error instead).",
    ),
    "p_bound": QT_TRANSLATE_NOOP("Codegen", "bound to"),
    "p_auto_bound": QT_TRANSLATE_NOOP("Codegen", "the system bound the socket to"),
    "p_sent": QT_TRANSLATE_NOOP("Codegen", "sent {{len(data)}} bytes to {{destination}}"),
}


def datagram_script(
    script: Script,
    *,
    head: str,
    remote_host: str,
    remote_port: int,
    local_host: str,
    local_port: int | None,
    payload: bytes,
    codec: str,
    broadcast: bool,
    reuse_address: bool,
    recv_buffer: int,
    receive: bool,
    repeat: int | None,
    interval: float,
    show_bytes: bool,
    destination: str,
    multicast: MulticastCode | None = None,
    ipv6_only: bool = False,
) -> str:
    """A datagram script, for the UDP and the Broadcast tab: ``head`` and
    ``destination`` are the keys of its first comment and of the one above the
    destination address."""
    sending = bool(payload)
    forever = sending and repeat is None
    waiting = receive and not forever
    family = family_of(local_host if local_port is not None and local_host else remote_host)
    if not sending and local_port is None:
        local_port = 0  # a receiver must bind to hear anything
    # AF_UNIX: bind the Unix local address, else a path of its own (for replies).
    unix = is_unix(remote_host) or (local_port is not None and is_unix(local_host))
    unix_local = local_host if unix and is_unix(local_host) else None
    if unix:
        family, local_port = "AF_UNIX", None
    mapped = family == "AF_INET6" and not ipv6_only and _is_ipv4(remote_host)

    imports = ["socket"]
    if unix and (unix_local is None or is_path(unix_local)):
        imports += ["os"] if unix_local else ["os", "tempfile"]
    if waiting or forever:
        imports.append("sys")
    count = 1 if repeat is None else max(1, int(repeat))
    if interval > 0 and (forever or count > 1):
        imports.append("time")
    multicast = multicast or MulticastCode()
    if needs_struct(multicast) and not unix:
        imports.append("struct")

    script.comment(head)
    if waiting:
        script.comment("run_datagrams")
    elif forever:
        script.comment("run_sends")
    script.code(*import_lines(*imports))
    script.blank()

    script.comment("udp_socket", family=script.say(family))
    script.code(f"sock = socket.socket(socket.{family}, socket.SOCK_DGRAM)")
    if reuse_address:
        script.comment("reuse_udp")
        script.code("sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)")
    if broadcast:
        script.comment("broadcast_opt")
        script.code("sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)")
    script.blank()
    if local_port is not None:
        if family == "AF_INET6":
            write_ipv6_only(script, "sock", ipv6_only)
        write_bind_notes(script, local_host, local_port)
        script.code(f"sock.bind({address_literal(local_host, local_port)})")
        script.code(f'print("{script.say("p_bound")}", sock.getsockname())')
        script.blank()
    elif unix:
        if unix_local is not None:
            write_bind(script, "sock", unix_local)
        else:
            write_own_path(script, "sock")
        script.code(f'print("{script.say("p_bound")}", sock.getsockname())')
        script.blank()
    if not unix:  # groups are for IP sockets only
        write_memberships(script, multicast)

    if sending:
        if not unix:
            write_sending(script, multicast, family, remote_host)
        write_payload(script, payload, codec)
        script.comment(destination)
        write_address_notes(script, remote_host)
        if mapped:
            script.comment("v4_mapped", host=remote_host)
        shown_host = f"::ffff:{remote_host}" if mapped else remote_host
        script.code(f"destination = {address_literal(shown_host, remote_port)}")
        if local_port is None and not unix:
            script.comment("no_bind")
        send = ["sock.sendto(data, destination)"]
        if forever:
            script.blank()
            count_argument(script, "count_sends")
            if interval > 0:
                script.comment("repeat_forever", interval=seconds(interval))
            else:
                script.comment("repeat_forever_fast")
            script.code("sent = 0", "while count == 0 or sent < count:")
            if interval > 0:
                script.code("if sent:", indent=1)
                script.code(f"time.sleep({seconds(interval)})", indent=2)
            script.comment("sendto", 1)
            script.code(*send, "sent += 1", indent=1)
            print_line(script, "p_sent", 1)
        elif count > 1:
            script.comment("repeat", count=count, interval=seconds(interval))
            script.code(f"for i in range({count}):")
            if interval > 0:
                script.code("if i:", indent=1)
                script.code(f"time.sleep({seconds(interval)})", indent=2)
            script.comment("sendto", 1)
            script.code(*send, indent=1)
            print_line(script, "p_sent", 1)
        else:
            script.comment("sendto")
            script.code(*send)
            print_line(script, "p_sent")
        if local_port is None and not unix:
            script.comment("auto_bound")
            script.code(f'print("{script.say("p_auto_bound")}", sock.getsockname())')
        script.blank()

    if forever and receive:
        script.comment("no_receive_while_repeating")
        script.blank()
    if waiting:
        count_argument(script)
        script.code("received = 0", "while count == 0 or received < count:")
        script.comment("recvfrom", 1, size=recv_buffer)
        script.code(f"data, address = sock.recvfrom({int(recv_buffer)})", "received += 1", indent=1)
        shown = write_shown(script, codec, show_bytes, 1)
        print_line(script, "p_received_from", 1, shown=shown)
        script.blank()

    script.comment("close")
    script.code("sock.close()")
    if unix and (unix_local is None or is_path(unix_local)):
        own = 'os.path.join(folder, "client.sock")'
        write_unlink(script, unix_literal(unix_local) if unix_local else own, folder=not unix_local)
    return script.text()


def generate(settings: UdpCode, language: str) -> str:
    """The script for ``settings``, commented in ``language``."""
    return datagram_script(
        Script(language, {**PHRASES, **UNIX_PHRASES, **MULTICAST_PHRASES}),
        head="head_udp",
        remote_host=bare_host(settings.remote_host),
        remote_port=settings.remote_port,
        local_host=bare_host(settings.local_host),
        local_port=settings.local_port,
        payload=settings.payload,
        codec=codec_for(settings.encoding),
        broadcast=settings.broadcast,
        reuse_address=settings.reuse_address,
        recv_buffer=settings.recv_buffer,
        receive=settings.receive,
        repeat=settings.repeat,
        interval=settings.interval,
        show_bytes=settings.show_bytes,
        destination="destination",
        multicast=settings.multicast,
        ipv6_only=settings.ipv6_only,
    )


def _is_ipv4(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True
