"""The multicast part of the UDP tab's script: joins (``struct.pack`` of
``ip_mreq`` / ``ip_mreqn`` / ``ip_mreq_source`` / ``ipv6_mreq`` /
``group_source_req``) after ``bind``, and the sending options
(``IP_MULTICAST_TTL``, ``IP_MULTICAST_LOOP``, ``IP_MULTICAST_IF`` and their IPv6
twins) before ``sendto``.
"""

from __future__ import annotations

from dataclasses import dataclass

from socklab.core import (
    Membership,
    MulticastError,
    MulticastSendOptions,
    find_interface,
    is_multicast,
)
from socklab.teaching.catalogue import QT_TRANSLATE_NOOP
from socklab.teaching.codegen.builder import Script, quoted


@dataclass(frozen=True)
class MulticastCode:
    """What the UDP tab's multicast controls are set to: the groups to join,
    and how datagrams to groups are sent (None: the system's defaults, not
    written unless the destination is a group)."""

    memberships: tuple[Membership, ...] = ()
    sending: MulticastSendOptions | None = None


PHRASES: dict[str, str] = {
    "join_v4": QT_TRANSLATE_NOOP(
        "Codegen",
        "Join the group {group}: struct ip_mreq holds the group and the address of the\n"
        "interface to join on (0.0.0.0: the system chooses by its routes).",
    ),
    "join_v4_index": QT_TRANSLATE_NOOP(
        "Codegen",
        "Join the group {group} on {name}: struct ip_mreqn (Linux) holds the group,\n"
        "an address (0.0.0.0: any) and the interface's index.",
    ),
    "join_v4_source": QT_TRANSLATE_NOOP(
        "Codegen",
        "Source-specific join (SSM): only what {source} sends to {group} arrives.\n"
        "struct ip_mreq_source, in Linux's order: group, interface address, source.\n"
        "Python's socket module may lack the option: 39 is its number on Linux.",
    ),
    "join_v6": QT_TRANSLATE_NOOP(
        "Codegen",
        "Join the group {group}: struct ipv6_mreq holds the group and the index of the\n"
        "interface to join on (0: the system chooses by its routes).",
    ),
    "join_v6_source": QT_TRANSLATE_NOOP(
        "Codegen",
        "Source-specific join (MLDv2): only what {source} sends to {group} arrives.\n"
        "struct group_source_req: the interface's index, then the group and the source\n"
        "as 128-byte socket addresses (sockaddr_storage). 46 is its number on Linux.",
    ),
    "storage": QT_TRANSLATE_NOOP(
        "Codegen", "An IPv6 address as a sockaddr_in6 (port 0) in a sockaddr_storage."
    ),
    "ttl_v4": QT_TRANSLATE_NOOP(
        "Codegen",
        "IP_MULTICAST_TTL: how many routers a datagram to a group may cross\n"
        "(1: this network only).",
    ),
    "ttl_v6": QT_TRANSLATE_NOOP(
        "Codegen", "IPV6_MULTICAST_HOPS: the hop limit of datagrams to a group (1: this link only)."
    ),
    "loop_off": QT_TRANSLATE_NOOP(
        "Codegen", "Multicast loopback 0: no copy for members on this machine."
    ),
    "multicast_if": QT_TRANSLATE_NOOP(
        "Codegen", "Send the datagrams for groups out of the interface {name}."
    ),
    "p_joined": QT_TRANSLATE_NOOP("Codegen", "joined"),
}

_SSM_V4 = 'IP_ADD_SOURCE_MEMBERSHIP = getattr(socket, "IP_ADD_SOURCE_MEMBERSHIP", 39)'
_SSM_V6 = 'MCAST_JOIN_SOURCE_GROUP = getattr(socket, "MCAST_JOIN_SOURCE_GROUP", 46)'


def needs_struct(code: MulticastCode) -> bool:
    """The script packs structures: it imports struct."""
    return bool(code.memberships) or bool(code.sending and code.sending.interface)


def _is_address(text: str) -> bool:
    return bool(text) and (text.replace(".", "").isdigit() or ":" in text)


def _index(interface: str) -> str:
    """The expression of an interface's index (0: the system chooses)."""
    if not interface:
        return "0"
    if interface.isdigit():
        return interface
    return f"socket.if_nametoindex({quoted(interface)})"


def _ipv4_of(interface: str) -> str:
    """The IPv4 address to name ``interface`` by in an IPv4 structure."""
    if not interface or _is_address(interface):
        return interface or "0.0.0.0"
    try:
        return find_interface(interface).address
    except MulticastError:
        return "0.0.0.0"


def _join_v4(script: Script, m: Membership) -> None:
    if m.source:
        script.comment("join_v4_source", source=m.source, group=m.group)
        script.code(_SSM_V4)
    elif m.interface and not _is_address(m.interface):
        script.comment("join_v4_index", group=m.group, name=m.interface)
    else:
        script.comment("join_v4", group=m.group)
    script.code(f"group = socket.inet_aton({quoted(m.group)})")
    if m.source:
        address = quoted(_ipv4_of(m.interface))
        script.code(
            f"interface = socket.inet_aton({address})",
            f"source = socket.inet_aton({quoted(m.source)})",
            'mreq = struct.pack("4s4s4s", group, interface, source)',
            "sock.setsockopt(socket.IPPROTO_IP, IP_ADD_SOURCE_MEMBERSHIP, mreq)",
        )
        return
    if m.interface and not _is_address(m.interface):
        script.code(f'mreq = struct.pack("4s4si", group, bytes(4), {_index(m.interface)})')
    else:
        address = quoted(m.interface or "0.0.0.0")
        script.code(f'mreq = struct.pack("4s4s", group, socket.inet_aton({address}))')
    script.code("sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)")


def _join_v6(script: Script, m: Membership) -> None:
    group = f"socket.inet_pton(socket.AF_INET6, {quoted(m.group)})"
    index = _index("" if _is_address(m.interface) else m.interface)
    if not m.source:
        script.comment("join_v6", group=m.group)
        script.code(
            f'mreq = {group} + struct.pack("@I", {index})',
            "sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)",
        )
        return
    script.comment("join_v6_source", source=m.source, group=m.group)
    script.code(_SSM_V6)
    script.blank()
    script.code("def storage(address):")
    script.comment("storage", 1)
    script.code(
        'head = struct.pack("@H", socket.AF_INET6) + bytes(6)  # family, port, flowinfo',
        "addr = socket.inet_pton(socket.AF_INET6, address)",
        'return (head + addr).ljust(128, b"\\0")',
        indent=1,
    )
    script.blank()
    script.code(
        f'gsr = struct.pack("@I", {index}) + bytes(struct.calcsize("@l") - 4)',
        f"gsr += storage({quoted(m.group)}) + storage({quoted(m.source)})",
        "sock.setsockopt(socket.IPPROTO_IPV6, MCAST_JOIN_SOURCE_GROUP, gsr)",
    )


def write_memberships(script: Script, code: MulticastCode) -> None:
    """The joins, after ``bind`` (a join needs the bound socket)."""
    if not code.memberships:
        return
    for m in code.memberships:
        (_join_v6 if m.family.name == "AF_INET6" else _join_v4)(script, m)
    groups = [m.group for m in code.memberships]
    script.code(f'print("{script.say("p_joined")}", {groups!r})')
    script.blank()


def write_sending(script: Script, code: MulticastCode, family: str, remote_host: str) -> None:
    """The sending options, before ``sendto``: where they differ from the
    system's, and the TTL whenever the destination is a group."""
    options = code.sending or MulticastSendOptions()
    if options.is_default and not is_multicast(remote_host):
        return
    v6 = family == "AF_INET6"
    level = "socket.IPPROTO_IPV6" if v6 else "socket.IPPROTO_IP"
    script.comment("ttl_v6" if v6 else "ttl_v4")
    option = "IPV6_MULTICAST_HOPS" if v6 else "IP_MULTICAST_TTL"
    script.code(f"sock.setsockopt({level}, socket.{option}, {options.ttl})")
    if not options.loop:
        script.comment("loop_off")
        option = "IPV6_MULTICAST_LOOP" if v6 else "IP_MULTICAST_LOOP"
        script.code(f"sock.setsockopt({level}, socket.{option}, 0)")
    interface = options.interface
    if interface:
        script.comment("multicast_if", name=interface)
        if v6:
            index = _index("" if _is_address(interface) else interface)
            script.code(f"sock.setsockopt({level}, socket.IPV6_MULTICAST_IF, {index})")
        elif _is_address(interface):
            script.code(
                f"sock.setsockopt({level}, socket.IP_MULTICAST_IF, "
                f"socket.inet_aton({quoted(interface)}))"
            )
        else:
            script.code(
                f'mreqn = struct.pack("4s4si", bytes(4), bytes(4), {_index(interface)})',
                f"sock.setsockopt({level}, socket.IP_MULTICAST_IF, mreqn)",
            )
    script.blank()
