"""The Broadcast tab's script: the UDP script (:mod:`.udp`) with SO_BROADCAST, sent
to a broadcast address.
"""

from __future__ import annotations

from dataclasses import dataclass

from socklab.teaching.catalogue import QT_TRANSLATE_NOOP
from socklab.teaching.codegen import udp
from socklab.teaching.codegen.builder import Script, bare_host, codec_for


@dataclass(frozen=True)
class BroadcastCode:
    """What the Broadcast tab is set to do: SO_BROADCAST, send to ``address:port``.

    Fields as in :class:`UdpCode`; ``receive`` (off by default) also waits for
    replies after sending.
    """

    address: str = "255.255.255.255"
    port: int = 8080
    local_port: int | None = None
    payload: bytes = b""
    encoding: str = "utf-8"
    reuse_address: bool = True
    recv_buffer: int = 1024
    receive: bool = False
    repeat: int | None = 1
    interval: float = 1.0
    show_bytes: bool = False


PHRASES: dict[str, str] = {
    "head_broadcast": QT_TRANSLATE_NOOP(
        "Codegen",
        "SockLab: what the Broadcast tab does, in plain Python (standard socket module only).",
    ),
    "broadcast_destination": QT_TRANSLATE_NOOP(
        "Codegen",
        "The broadcast address and port: every host of that network listening on the port gets it.",
    ),
}


def generate(settings: BroadcastCode, language: str) -> str:
    """The script for ``settings``, commented in ``language``."""
    return udp.datagram_script(
        Script(language, {**udp.PHRASES, **PHRASES}),
        head="head_broadcast",
        remote_host=bare_host(settings.address),
        remote_port=settings.port,
        local_host="0.0.0.0",  # where the Broadcast tab binds
        local_port=settings.local_port,
        payload=settings.payload,
        codec=codec_for(settings.encoding),
        broadcast=True,
        reuse_address=settings.reuse_address,
        recv_buffer=settings.recv_buffer,
        receive=settings.receive,
        repeat=settings.repeat,
        interval=settings.interval,
        show_bytes=settings.show_bytes,
        destination="broadcast_destination",
    )
