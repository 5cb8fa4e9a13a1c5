"""Which way a UDP session's datagrams go, as values the GUI and the CLI put in words.

A session exposes the current :class:`SendPath` (the generator's: GSO,
``sendmmsg`` or a ``sendto`` loop, and why GSO was refused) and
:class:`ReceivePath` (GRO on or not, and why the kernel refused it). Both are
immutable: the worker replaces them, any thread reads them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class SendMode(enum.Enum):
    """How the generator hands its datagrams to the kernel."""

    GSO = "gso"  # UDP_SEGMENT: one send carries many datagrams, the kernel splits them
    SENDMMSG = "sendmmsg"  # many datagrams per system call, one header each
    SENDTO = "sendto"  # one system call per datagram


class GsoSkip(enum.Enum):
    """Why the generator did not try GSO (see :class:`SendPath`)."""

    NONE = ""
    OFF = "off"  # turned off (--no-gso, the generator's GSO box)
    SIZE = "size"  # fewer than two datagrams of this size fit in one send
    UNAVAILABLE = "unavailable"  # not Linux, or no sendmmsg through ctypes
    TEMPLATE = "template"  # each datagram its own payload (template fields): sizes may differ


@dataclass(frozen=True, slots=True)
class SendPath:
    """The generator's way of sending.

    ``mode`` GSO: ``segments`` datagrams of ``size`` bytes per send. Otherwise
    ``refused`` is the errno name with which the kernel refused GSO (then the
    generator fell back), or ``skipped`` says why GSO was not tried.
    """

    mode: SendMode
    size: int = 0
    segments: int = 0
    refused: str = ""
    skipped: GsoSkip = GsoSkip.NONE


@dataclass(frozen=True, slots=True)
class ReceivePath:
    """Whether the socket coalesces datagrams (UDP_GRO); ``refused``: the errno
    name with which the kernel refused it."""

    gro: bool
    refused: str = ""
