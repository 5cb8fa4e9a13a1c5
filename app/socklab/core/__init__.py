"""The socket engine: plain Python and asyncio, no Qt.

The GUI and the CLI import the engine from here only; the subpackages are its
rooms:

* values: :mod:`.events` (what happened), :mod:`.errors`, :mod:`.addresses`,
  :mod:`.payload` (what is typed -> bytes), :mod:`.display` (bytes -> safe text),
  :mod:`.counters`, :mod:`.calls` (the trace's words);
* :mod:`.sessions`: one worker thread and loop per session (:mod:`.sessions.base`),
  and the kinds: UDP, TCP client, TCP server;
* :mod:`.fastpath`: Linux ``recvmmsg``/``sendmmsg`` through ctypes, UDP GSO/GRO;
* :mod:`.jobs`: progress of long jobs and the traffic generator;
* :mod:`.files`: log records, capture files (JSON Lines, pcapng), file transfer,
  atomic saves, rules files;
* :mod:`.rules`: reply rules (match a message, build its answer);
* :mod:`.scenario`: scenario files (send, expect, pass or fail) and their runs;
* :mod:`.packets`: the packet library (saved packets, Packet Sender's files);
* :mod:`.relay`: the relay (a man in the middle), its delay, drops and flips.
"""

from __future__ import annotations

from . import checksums, payload, template
from .addresses import (
    BROADCAST_NAME,
    LIMITED_BROADCAST,
    AddressError,
    Interface,
    is_ipv6,
    local_interfaces,
    parse_bind_host,
    parse_endpoint,
    parse_host,
    parse_port,
)
from .calls import addr_repr, data_repr
from .counters import Counters
from .display import hexdump, prepare_display, to_hex, to_text
from .errors import SessionError
from .events import (
    Detail,
    Direction,
    Event,
    Failed,
    MembershipChanged,
    PeerJoined,
    PeerLeft,
    Reason,
    Received,
    Sent,
    SockAddr,
    SocketCall,
    State,
    StateChanged,
    data_size,
    format_addr,
)
from .fastpath.paths import GsoSkip, ReceivePath, SendMode, SendPath
from .files.atomic import AtomicFile, atomic_write
from .files.capture import load_capture
from .files.http_header import HttpHeaderSplitter
from .files.paths import checked_path
from .files.pcap_save import PCAP_SUFFIX, is_pcap_path, save_pcap
from .files.records import to_record
from .files.rules_file import RulesFileError, load_rules, parse_rules, rules_toml, save_rules
from .files.transfer import ReceiveProgress, SaveOptions
from .jobs.generator import MAX_BLOCK_SIZE, GeneratorSpec
from .jobs.progress import Phase, Progress, ProgressSnapshot
from .kernel_sockets import KernelSocket, Snapshot, read_sockets, unix_table_path
from .memory import keep_freed_memory
from .multicast import (
    MAX_TTL,
    Membership,
    MulticastError,
    MulticastSendOptions,
    find_interface,
    is_multicast,
    membership,
    parse_group,
    parse_interface,
    parse_source,
)
from .payload import ENCODINGS, LineEnding, Mode, PayloadError, codec_name, encode, encode_word
from .rules import Reply, Rule, RuleError, RuleKind, RuleSet
from .sessions.base import Session
from .sessions.reply_limit import DEFAULT_MAX_REPLY_RATE, LOOP_WINDOWS
from .sessions.stream import PeerStats
from .sessions.tcp_client import TcpClientOptions, TcpClientSession
from .sessions.tcp_server import DEFAULT_BACKLOG, AutoReply, TcpServerOptions, TcpServerSession
from .sessions.udp import UdpOptions, UdpSession
from .sessions.udp_send import MAX_DATAGRAM_IPV4, MAX_DATAGRAM_IPV6
from .sessions.worker import Batch
from .tls import (
    TlsOptions,
    TlsSettingsError,
    check_server_name,
    check_tls_target,
    client_context,
    default_data_folder,
    describe_certificate_file,
    parse_alpn,
    self_signed,
    server_context,
)
from .unix import (
    ABSTRACT_OK,
    MAX_PATH_BYTES,
    Credentials,
    StaleFileError,
    is_stale,
    is_unix_text,
    parse_unix,
    remove_stale,
    unix_display,
)

__all__ = [
    "ABSTRACT_OK",
    "BROADCAST_NAME",
    "DEFAULT_BACKLOG",
    "DEFAULT_MAX_REPLY_RATE",
    "ENCODINGS",
    "LIMITED_BROADCAST",
    "LOOP_WINDOWS",
    "MAX_BLOCK_SIZE",
    "MAX_DATAGRAM_IPV4",
    "MAX_DATAGRAM_IPV6",
    "MAX_PATH_BYTES",
    "MAX_TTL",
    "PCAP_SUFFIX",
    "AddressError",
    "AtomicFile",
    "AutoReply",
    "Batch",
    "Counters",
    "Credentials",
    "Detail",
    "Direction",
    "Event",
    "Failed",
    "GeneratorSpec",
    "GsoSkip",
    "HttpHeaderSplitter",
    "Interface",
    "KernelSocket",
    "LineEnding",
    "Membership",
    "MembershipChanged",
    "Mode",
    "MulticastError",
    "MulticastSendOptions",
    "PayloadError",
    "PeerJoined",
    "PeerLeft",
    "PeerStats",
    "Phase",
    "Progress",
    "ProgressSnapshot",
    "Reason",
    "ReceivePath",
    "ReceiveProgress",
    "Received",
    "Reply",
    "Rule",
    "RuleError",
    "RuleKind",
    "RuleSet",
    "RulesFileError",
    "SaveOptions",
    "SendMode",
    "SendPath",
    "Sent",
    "Session",
    "SessionError",
    "Snapshot",
    "SockAddr",
    "SocketCall",
    "StaleFileError",
    "State",
    "StateChanged",
    "TcpClientOptions",
    "TcpClientSession",
    "TcpServerOptions",
    "TcpServerSession",
    "TlsOptions",
    "TlsSettingsError",
    "UdpOptions",
    "UdpSession",
    "addr_repr",
    "atomic_write",
    "check_server_name",
    "check_tls_target",
    "checked_path",
    "checksums",
    "client_context",
    "codec_name",
    "data_repr",
    "data_size",
    "default_data_folder",
    "describe_certificate_file",
    "encode",
    "encode_word",
    "find_interface",
    "format_addr",
    "hexdump",
    "is_ipv6",
    "is_multicast",
    "is_pcap_path",
    "is_stale",
    "is_unix_text",
    "keep_freed_memory",
    "load_capture",
    "load_rules",
    "local_interfaces",
    "membership",
    "packets",
    "parse_alpn",
    "parse_bind_host",
    "parse_endpoint",
    "parse_group",
    "parse_host",
    "parse_interface",
    "parse_port",
    "parse_rules",
    "parse_source",
    "parse_unix",
    "payload",
    "prepare_display",
    "read_sockets",
    "relay",
    "remove_stale",
    "rules_toml",
    "save_pcap",
    "save_rules",
    "scenario",
    "self_signed",
    "server_context",
    "template",
    "to_hex",
    "to_record",
    "to_text",
    "unix_display",
    "unix_table_path",
]


#: Subpackages imported when first used: the window's start-up needs none of
#: them (TOML, XML and the runner; the relay; the packet library's files).
_ON_FIRST_USE = frozenset({"packets", "relay", "scenario"})


def __getattr__(name: str) -> object:
    """The subpackages of :data:`_ON_FIRST_USE`, imported when first used."""
    if name in _ON_FIRST_USE:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
