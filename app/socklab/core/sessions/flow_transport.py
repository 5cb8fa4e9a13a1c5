"""What SockLab's two light transports share: asyncio's transport interface
over a socket the selector loop watches, with the protocol paused and resumed
around the write-buffer limits, and its end told to the protocol once.

:class:`~.socket_transport.SocketTransport` (plain TCP, Unix streams) and
:class:`~.tls_transport.TlsTransport` (TLS) set these slots in their
``__init__`` and say how their reads stop and start again
(:meth:`FlowTransport._unwatch_reads`, :meth:`FlowTransport._resume_reads`);
how they read, write and close is their own.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from ..events import SockAddr
from .stream import Connection

#: The default write-buffer bounds, asyncio's (the Connection sets its own).
HIGH_WATER = 64 * 1024


class FlowTransport(asyncio.Transport):
    """The part of a light transport that does not depend on what carries the
    bytes. Signals: none (it calls its protocol, a :class:`~.stream.Connection`)."""

    __slots__ = (
        "_closing",
        "_fd",
        "_high",
        "_loop",
        "_lost",
        "_low",
        "_paused",
        "_peer",
        "_protocol",
        "_protocol_paused",
        "_queued",
        "_sock",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sock: socket.socket,
        protocol: Connection,
        peer: SockAddr,
    ) -> None:
        """The shared state; the subclass sets its own, then calls the
        protocol's ``connection_made`` and starts reading."""
        self._loop = loop
        self._sock = sock
        self._fd = sock.fileno()
        self._protocol = protocol
        self._peer = peer
        self._queued = 0  # bytes written and not sent yet
        self._closing = False
        self._lost = False  # connection_lost is called (or on its way)
        self._paused = False  # reading, by the protocol
        self._protocol_paused = False  # writing, by us
        self._high, self._low = HIGH_WATER, HIGH_WATER // 4

    # -- what a subclass says -----------------------------------------------------

    def _unwatch_reads(self) -> None:
        """Stop the loop from calling the reader."""
        raise NotImplementedError

    def _resume_reads(self) -> None:
        """Read again after a pause."""
        raise NotImplementedError

    # -- asyncio.BaseTransport -------------------------------------------------

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        if name == "peername":
            return self._peer
        if name == "socket":
            return self._sock
        if name == "sockname":
            try:
                return self._sock.getsockname()
            except OSError:
                return default
        return default

    def is_closing(self) -> bool:
        return self._closing

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._protocol = protocol  # type: ignore[assignment]

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._protocol

    # -- asyncio.ReadTransport -------------------------------------------------

    def is_reading(self) -> bool:
        return not self._closing and not self._paused

    def pause_reading(self) -> None:
        if self.is_reading():
            self._paused = True
            self._unwatch_reads()

    def resume_reading(self) -> None:
        if not self._closing and self._paused:
            self._paused = False
            self._resume_reads()

    # -- asyncio.WriteTransport ------------------------------------------------

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        if high is None:
            high = HIGH_WATER if low is None else 4 * low
        if low is None:
            low = high // 4
        if not high >= low >= 0:
            raise ValueError(f"high ({high!r}) must be >= low ({low!r}) must be >= 0")
        self._high, self._low = high, low
        self._maybe_pause()

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._low, self._high

    def get_write_buffer_size(self) -> int:
        return self._queued

    # -- flow control and the end --------------------------------------------------

    def _maybe_pause(self) -> None:
        if self._queued > self._high and not self._protocol_paused:
            self._protocol_paused = True
            self._protocol.pause_writing()

    def _maybe_resume(self) -> None:
        if self._protocol_paused and self._queued <= self._low:
            self._protocol_paused = False
            self._protocol.resume_writing()

    def _call_lost(self, exc: Exception | None) -> None:
        protocol = self._protocol
        try:
            protocol.connection_lost(exc)
        finally:
            self._sock.close()
            # The protocol holds this transport too (``Connection.transport``):
            # let go of it, as asyncio's transports do, so that a connection
            # that ended is freed at once by its last reference instead of
            # waiting, a cycle, for a full pass of the garbage collector (ten
            # thousand clients leaving were 20,000 objects for it to find).
            self._protocol = None  # type: ignore[assignment]
