"""Multicast values: groups, sources, interfaces and the option structures.

Everything a join, a leave or a multicast send needs before it reaches a
socket: checking what was typed (each problem is a :class:`MulticastError`
naming its field: ``group``, ``source``, ``interface`` or ``ttl``), finding an
interface's index and address, and packing the C structures that
``setsockopt`` takes (``ip_mreq``, ``ip_mreqn``, ``ip_mreq_source``,
``ipv6_mreq``, ``group_source_req``). Linux's numbers are named here where
Python's socket module lacks them.
"""

from __future__ import annotations

import fcntl
import ipaddress
import socket
import struct
from dataclasses import dataclass

from .addresses import AddressError

# Options Python's socket module may lack (Linux's values, <linux/in.h>, <linux/in6.h>).
IP_ADD_SOURCE_MEMBERSHIP = getattr(socket, "IP_ADD_SOURCE_MEMBERSHIP", 39)
IP_DROP_SOURCE_MEMBERSHIP = getattr(socket, "IP_DROP_SOURCE_MEMBERSHIP", 40)
MCAST_JOIN_SOURCE_GROUP = getattr(socket, "MCAST_JOIN_SOURCE_GROUP", 46)
MCAST_LEAVE_SOURCE_GROUP = getattr(socket, "MCAST_LEAVE_SOURCE_GROUP", 47)
#: ioctl that reads an interface's flags, and the flag of one that does multicast.
SIOCGIFFLAGS = 0x8913
IFF_MULTICAST = 0x1000
#: The code of a join refused because the interface lacks the MULTICAST flag
#: (the system itself would accept it, and deliver nothing).
NO_MULTICAST_FLAG = "NOMULTICAST"
#: The largest TTL / hop limit.
MAX_TTL = 255
#: What a test group should look like (administratively scoped, RFC 2365).
TEST_GROUP_V4 = "239.1.2.3"
TEST_GROUP_V6 = "ff15::1234"

_V4_MULTICAST = ipaddress.IPv4Network("224.0.0.0/4")
_V6_MULTICAST = ipaddress.IPv6Network("ff00::/8")
#: Groups every host is in already, and what they are for.
_RESERVED = {
    "224.0.0.1": "all hosts",
    "224.0.0.2": "all routers",
    "ff01::1": "all nodes",
    "ff02::1": "all nodes",
    "ff01::2": "all routers",
    "ff02::2": "all routers",
    "ff05::2": "all routers",
}
_LINK_CONTROL = ipaddress.IPv4Network("224.0.0.0/24")
_IFNAME_MAX = 15  # IFNAMSIZ - 1


class MulticastError(AddressError):
    """A multicast value that cannot be used; ``field`` names which one and
    ``code`` the system's error it stands for (``"ENODEV"``), if any."""

    def __init__(self, field: str, message: str, code: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.code = code


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _shown(text: str) -> str:
    text = text.strip()
    return f"'{text}'" if len(text) <= 40 else f"'{text[:40]}…' ({len(text)} characters)"


def parse_group(text: str, *, allow_reserved: bool = False) -> str:
    """A multicast group address (IPv4 224.0.0.0/4 or IPv6 ff00::/8), normalized.

    Groups every host belongs to already (224.0.0.1, ff02::1 ...) and
    224.0.0.0/24 (routing protocols) are refused unless ``allow_reserved``.
    """
    if not text.strip():
        raise MulticastError("group", f"enter a group address, e.g. {TEST_GROUP_V4}")
    address = _ip(text)
    if address is None:
        raise MulticastError(
            "group",
            f"{_shown(text)} is not an IP address: a group is an IPv4 address from 224.0.0.0 "
            f"to 239.255.255.255 or an IPv6 address starting with ff (e.g. {TEST_GROUP_V4})",
        )
    if address not in (_V4_MULTICAST if address.version == 4 else _V6_MULTICAST):
        where = "224.0.0.0/4" if address.version == 4 else "ff00::/8"
        raise MulticastError(
            "group",
            f"{address} is not a multicast address (IPv{address.version} groups are in "
            f"{where}); pick {TEST_GROUP_V4 if address.version == 4 else TEST_GROUP_V6}",
        )
    shown = str(address)
    if not allow_reserved:
        test = TEST_GROUP_V4 if address.version == 4 else TEST_GROUP_V6
        if shown in _RESERVED:
            raise MulticastError(
                "group",
                f"{shown} is reserved for {_RESERVED[shown]}; pick {test} for a test group",
            )
        if address.version == 4 and address in _LINK_CONTROL:
            raise MulticastError(
                "group",
                f"{shown} is in 224.0.0.0/24, reserved for routing protocols; "
                f"pick {test} for a test group",
            )
    return shown


def family_of(group: str) -> socket.AddressFamily:
    """AF_INET or AF_INET6 for a group (or any address literal)."""
    return socket.AF_INET6 if ":" in group else socket.AF_INET


def parse_source(text: str, group: str) -> str:
    """The source of a source-specific join (SSM), normalized; empty for none."""
    if not text.strip():
        return ""
    address = _ip(text)
    if address is None:
        raise MulticastError("source", f"{_shown(text)} is not an IP address of a sender")
    version = 6 if family_of(group) == socket.AF_INET6 else 4
    if address.version != version:
        raise MulticastError(
            "source",
            f"the source {address} is IPv{address.version} and the group {group} is "
            f"IPv{version}: give an IPv{version} source",
        )
    if address.is_multicast or address.is_unspecified:
        raise MulticastError(
            "source", f"{address} cannot send: the source is the unicast address of a sender"
        )
    return str(address)


def parse_interface(text: str) -> str:
    """An interface as typed: empty (the system chooses), a local address, a
    name (``eth0``) or an index (``2``); checked for form only."""
    text = text.strip()
    if not text or _ip(text) is not None:
        return str(_ip(text) or "")
    if len(text) > _IFNAME_MAX or not text.isascii() or any(c in text for c in " /:\t"):
        raise MulticastError(
            "interface",
            f"{_shown(text)} is neither an interface name (such as eth0, at most "
            f"{_IFNAME_MAX} characters) nor an address of this machine",
        )
    return text


def check_ttl(value: int) -> int:
    """A multicast TTL / hop limit, 0 to 255."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TTL:
        raise MulticastError(
            "ttl", f"the TTL must be 0 to {MAX_TTL} (1: this network only), not {value}"
        )
    return value


@dataclass(frozen=True, slots=True)
class Membership:
    """One group joined: ``source`` for a source-specific join (empty: any
    source), ``interface`` as the user gave it (empty: the system chooses)."""

    group: str
    source: str = ""
    interface: str = ""

    @property
    def family(self) -> socket.AddressFamily:
        return family_of(self.group)

    def label(self) -> str:
        """``239.1.2.3 from 10.0.0.1 on eth0``."""
        text = self.group
        if self.source:
            text += f" from {self.source}"
        if self.interface:
            text += f" on {self.interface}"
        return text


def membership(group: str, source: str = "", interface: str = "") -> Membership:
    """A checked :class:`Membership` from what was typed."""
    checked = parse_group(group)
    return Membership(checked, parse_source(source, checked), parse_interface(interface))


# -- interfaces ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InterfaceChoice:
    """An interface found: its ``name``, ``index`` and IPv4 ``address`` (0 /
    empty / 0.0.0.0 where the system chooses or it has none)."""

    name: str = ""
    index: int = 0
    address: str = "0.0.0.0"
    #: It was given as an address: IPv4 structures name it by that address.
    by_address: bool = False


def _addresses_of(name: str) -> list[str]:
    import psutil  # getifaddrs: the calling thread's network namespace

    return [a.address.split("%")[0] for a in psutil.net_if_addrs().get(name, [])]


def _name_of_address(address: str) -> str | None:
    import psutil

    for name, addrs in psutil.net_if_addrs().items():
        if any(a.address.split("%")[0] == address for a in addrs):
            return name
    return None


def interface_flags(name: str) -> int:
    """The interface's flags (SIOCGIFFLAGS); OSError if it does not exist."""
    request = struct.pack("16sH14x", name.encode("ascii"), 0)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        answer = fcntl.ioctl(probe.fileno(), SIOCGIFFLAGS, request)
    return int(struct.unpack("16sH14x", answer)[1])


def find_interface(text: str) -> InterfaceChoice:
    """The interface ``text`` names (see :func:`parse_interface`).

    An unknown name or index, or an address no interface has, raises
    MulticastError (field ``interface``); so does an interface without the
    MULTICAST flag (``ip link set NAME multicast on`` gives it one).
    """
    text = parse_interface(text)
    if not text:
        return InterfaceChoice()
    if _ip(text) is not None:
        name = _name_of_address(text)
        if name is None:
            raise MulticastError(
                "interface",
                f"{text} is not an address of this machine: give one of its "
                "addresses or an interface name",
                "EADDRNOTAVAIL",
            )
    elif text.isdigit():
        try:
            name = socket.if_indextoname(int(text))
        except OSError:
            raise MulticastError(
                "interface", f"there is no interface number {text} on this machine", "ENODEV"
            ) from None
    else:
        name = text
    try:
        index = socket.if_nametoindex(name)
        flags = interface_flags(name)
    except OSError:
        raise MulticastError(
            "interface", f"there is no interface {name} on this machine", "ENODEV"
        ) from None
    if not flags & IFF_MULTICAST:
        raise MulticastError(
            "interface",
            f"{name} has no MULTICAST flag: multicast is off on it; "
            f"choose another interface or run: ip link set {name} multicast on",
            NO_MULTICAST_FLAG,
        )
    ipv4 = text if _ip(text) is not None and ":" not in text else ""
    if not ipv4:
        ipv4 = next((a for a in _addresses_of(name) if ":" not in a), "0.0.0.0")
    return InterfaceChoice(name, index, ipv4, by_address=_ip(text) is not None)


# -- the structures setsockopt takes ----------------------------------------------


def _in_addr(address: str) -> bytes:
    return socket.inet_aton(address)


def ip_mreq(group: str, interface: str = "0.0.0.0") -> bytes:
    """struct ip_mreq {imr_multiaddr; imr_interface}."""
    return _in_addr(group) + _in_addr(interface)


def ip_mreqn(group: str, index: int) -> bytes:
    """struct ip_mreqn {imr_multiaddr; imr_address; imr_ifindex} (Linux)."""
    return _in_addr(group) + _in_addr("0.0.0.0") + struct.pack("@i", index)


def ip_mreq_source(group: str, interface: str, source: str) -> bytes:
    """struct ip_mreq_source in Linux's order: imr_multiaddr, imr_interface, imr_sourceaddr."""
    return _in_addr(group) + _in_addr(interface) + _in_addr(source)


def ipv6_mreq(group: str, index: int) -> bytes:
    """struct ipv6_mreq {ipv6mr_multiaddr; ipv6mr_interface}."""
    return socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", index)


def _sockaddr_storage(address: str) -> bytes:
    """A sockaddr_in / sockaddr_in6 for ``address`` (port 0) in 128 bytes."""
    if ":" in address:
        packed = (
            struct.pack("@H", socket.AF_INET6)
            + b"\0\0\0\0\0\0"
            + socket.inet_pton(socket.AF_INET6, address)
        )
    else:
        packed = struct.pack("@H", socket.AF_INET) + b"\0\0" + _in_addr(address)
    return packed.ljust(128, b"\0")


def group_source_req(index: int, group: str, source: str) -> bytes:
    """struct group_source_req {gsr_interface; gsr_group; gsr_source}: the
    sockaddr_storage members are aligned as a long is."""
    padding = struct.calcsize("@l") - 4
    return (
        struct.pack("@I", index)
        + b"\0" * padding
        + _sockaddr_storage(group)
        + _sockaddr_storage(source)
    )


@dataclass(frozen=True, slots=True)
class MembershipOption:
    """The setsockopt of a join or a leave: ``level``, ``name`` (their names as
    a program writes them in ``level_name`` / ``option_name``) and ``value``."""

    level: int
    name: int
    value: bytes
    level_name: str
    option_name: str
    structure: str

    def call(self) -> str:
        """The setsockopt call as the trace writes it."""
        return f"setsockopt({self.level_name}, {self.option_name}, {self.structure})"


#: (IPv6, source-specific, join) -> (level, option): the option of each kind of
#: join and leave, by name (Python's socket module or the constants above).
_OPTIONS: dict[tuple[bool, bool, bool], tuple[str, str]] = {
    (False, False, True): ("IPPROTO_IP", "IP_ADD_MEMBERSHIP"),
    (False, False, False): ("IPPROTO_IP", "IP_DROP_MEMBERSHIP"),
    (False, True, True): ("IPPROTO_IP", "IP_ADD_SOURCE_MEMBERSHIP"),
    (False, True, False): ("IPPROTO_IP", "IP_DROP_SOURCE_MEMBERSHIP"),
    (True, False, True): ("IPPROTO_IPV6", "IPV6_JOIN_GROUP"),
    (True, False, False): ("IPPROTO_IPV6", "IPV6_LEAVE_GROUP"),
    (True, True, True): ("IPPROTO_IPV6", "MCAST_JOIN_SOURCE_GROUP"),
    (True, True, False): ("IPPROTO_IPV6", "MCAST_LEAVE_SOURCE_GROUP"),
}


def _number(name: str) -> int:
    value = globals().get(name)
    return int(value if value is not None else getattr(socket, name))


def _structure(m: Membership, where: InterfaceChoice) -> tuple[bytes, str]:
    """The value of a join or leave, and how a program writes it."""
    if m.family == socket.AF_INET6:
        if m.source:
            value = group_source_req(where.index, m.group, m.source)
            return value, f"group_source_req({where.index}, {m.group!r}, {m.source!r})"
        return ipv6_mreq(m.group, where.index), f"ipv6_mreq({m.group!r}, {where.index})"
    if m.source:
        value = ip_mreq_source(m.group, where.address, m.source)
        return value, f"ip_mreq_source({m.group!r}, {where.address!r}, {m.source!r})"
    if where.index and not where.by_address:  # by index (a name was given)
        return ip_mreqn(m.group, where.index), f"ip_mreqn({m.group!r}, '0.0.0.0', {where.index})"
    return ip_mreq(m.group, where.address), f"ip_mreq({m.group!r}, {where.address!r})"


def membership_option(m: Membership, where: InterfaceChoice, *, join: bool) -> MembershipOption:
    """The setsockopt that joins (or leaves) ``m`` on the interface found."""
    level_name, option_name = _OPTIONS[(m.family == socket.AF_INET6, bool(m.source), join)]
    value, structure = _structure(m, where)
    return MembershipOption(
        _number(level_name), _number(option_name), value, level_name, option_name, structure
    )


def sending_interface_option(
    family: socket.AddressFamily, where: InterfaceChoice
) -> tuple[int, int, bytes | int, str]:
    """(level, option, value, call) that sends multicast out of ``where``."""
    if family == socket.AF_INET6:
        return (
            socket.IPPROTO_IPV6,
            socket.IPV6_MULTICAST_IF,
            where.index,
            f"setsockopt(IPPROTO_IPV6, IPV6_MULTICAST_IF, {where.index})",
        )
    if where.index and not where.by_address:
        return (
            socket.IPPROTO_IP,
            socket.IP_MULTICAST_IF,
            ip_mreqn("0.0.0.0", where.index),
            f"setsockopt(IPPROTO_IP, IP_MULTICAST_IF, ip_mreqn('0.0.0.0', '0.0.0.0', "
            f"{where.index}))",
        )
    return (
        socket.IPPROTO_IP,
        socket.IP_MULTICAST_IF,
        _in_addr(where.address),
        f"setsockopt(IPPROTO_IP, IP_MULTICAST_IF, inet_aton({where.address!r}))",
    )


@dataclass(frozen=True, slots=True)
class MulticastSendOptions:
    """How a UDP socket sends to groups: ``ttl`` (IP_MULTICAST_TTL, or the
    hop limit IPV6_MULTICAST_HOPS), ``loop`` (a copy to this machine's own
    members, IP_MULTICAST_LOOP) and ``interface`` (IP_MULTICAST_IF; empty: the
    system's route chooses). The defaults are the system's."""

    ttl: int = 1
    loop: bool = True
    interface: str = ""

    @property
    def is_default(self) -> bool:
        return self == MulticastSendOptions()


def is_multicast(host: str) -> bool:
    """True for an address literal in 224.0.0.0/4 or ff00::/8."""
    address = _ip(host.split("%", maxsplit=1)[0])
    return address is not None and address.is_multicast
