"""A run's connections recorded as the sessions' captures are: every byte each
scenario sends and receives, as events, to a JSON Lines capture and/or a
pcapng file (:class:`..files.recording.Recording` writes them).

* :class:`RunRecording` is opened before the first scenario runs (a path that
  cannot be written is said then) and closed after the last one, whatever
  happened: a regular file is written beside its target and renamed over it
  only then, so the file is always whole; a device (``/dev/full``) is written
  itself, as the other subcommands do.
* :meth:`RunRecording.watch` wraps a scenario's :class:`.channel.Channel`:
  each TCP, TLS (its plaintext, as a TLS session records it) or Unix
  connection is its own stream, each UDP datagram its own packet, with the
  socket's real addresses and the times the calls returned.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Any

from ..counters import Counters
from ..events import Event, Received, Sent, State, StateChanged
from ..files.atomic import _mode_for
from ..files.paths import checked_path
from ..files.recording import Recording
from .channel import Channel

#: What the files' headers call the session.
KIND = "scenario"

PathLike = str | os.PathLike[str]


def _staged(target: Path) -> Path | None:
    """A new temporary file beside ``target``, renamed over it at the end;
    None when ``target`` is not a regular file (a device: written itself).
    Raises OSError naming ``target`` (a directory, a missing folder ...)."""
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if target.exists() and not target.is_file():
        return None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(target)) from None
    try:
        os.fchmod(fd, _mode_for(target))
    finally:
        os.close(fd)
    return Path(temp)


class RunRecording:
    """The capture files of one ``socklab run``: ``jsonl``, ``pcap`` or both.

    Opening raises OSError whose ``filename`` is the file that cannot be
    written (nothing is left behind). :meth:`close` raises the OSError that
    ended the recording (a full disk); :attr:`path` then names its file.
    """

    def __init__(self, jsonl: PathLike | None = None, pcap: PathLike | None = None) -> None:
        targets = [Path(checked_path(p)) for p in (jsonl, pcap) if p is not None]
        self._temps: dict[Path, Path | None] = {}
        try:
            for target in targets:
                self._temps[target] = _staged(target)
            written = {t: temp or t for t, temp in self._temps.items()}
            self.counters = Counters()
            self._recording = Recording(
                KIND,
                self.counters,
                jsonl=written[Path(jsonl)] if jsonl is not None else None,
                pcap=written[Path(pcap)] if pcap is not None else None,
            )
        except OSError:
            self._discard()
            raise
        self._targets = {str(w): t for t, w in written.items()}
        self.paths = targets
        self.path = targets[0]
        self._connections = 0

    @property
    def events_written(self) -> int:
        return self._recording.events_written

    def add(self, event: Event) -> None:
        if type(event) is Sent:
            self.counters.tx_packets += 1
            self.counters.tx_bytes += len(event.data)  # type: ignore[attr-defined]
        elif type(event) is Received:
            self.counters.rx_packets += 1
            self.counters.rx_bytes += len(event.data)  # type: ignore[attr-defined]
        self._recording.add(event)

    def watch(self, channel: Channel) -> Channel:
        """``channel`` with everything it sends and receives recorded here."""
        self._connections += 1
        return RecordedChannel(channel, self, self._connections)

    def close(self) -> None:
        """Close the files and put each in its place; raises the OSError that
        ended the recording (the files that failed are not put in place)."""
        try:
            self._recording.close(self.counters)
        except OSError:
            self.path = self._targets.get(str(self._recording.path), self.path)
            self._discard()
            raise
        for target, temp in self._temps.items():
            if temp is not None:
                try:
                    os.replace(temp, target)
                except OSError:
                    self.path = target
                    self._discard()
                    raise
        self._temps.clear()

    def _discard(self) -> None:
        for temp in self._temps.values():
            if temp is not None:
                with contextlib.suppress(OSError):
                    temp.unlink()
        self._temps.clear()


class RecordedChannel(Channel):
    """A channel whose data (and a stream's start and end) are recorded as
    events: a stream's connection is named by ``number`` (its ``peer_id``)."""

    def __init__(self, inner: Channel, recording: RunRecording, number: int) -> None:
        self._inner, self._recording = inner, recording
        self.stream = inner.stream
        self._local, self._peer = inner.ends()
        self._id = number if inner.stream else None
        self._over = False
        self._state(State.CONNECTED)

    def ends(self) -> tuple[Any, Any]:
        return self._local, self._peer

    def _state(self, state: State) -> None:
        if self.stream and not self._over:
            self._over = state in (State.RESET, State.CLOSED)
            self._recording.add(StateChanged(state, local=self._local, peer=self._peer))

    async def send(self, data: bytes) -> None:
        await self._inner.send(data)
        self._recording.add(Sent(data, self._peer, self._local, peer_id=self._id))

    async def receive(self) -> bytes:
        try:
            data = await self._inner.receive()
        except ConnectionResetError:
            self._state(State.RESET)
            raise
        if data or not self.stream:
            self._recording.add(Received(data, self._peer, self._local, peer_id=self._id))
        else:
            self._state(State.PEER_FINISHED)
        return data

    async def close(self) -> None:
        try:
            await self._inner.close()
        finally:
            self._state(State.CLOSED)
