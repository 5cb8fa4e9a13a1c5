"""What the errors of joining, leaving and sending to a multicast group mean
(variant ``"multicast"``), in English, marked for translation (context ``"Explain"``)."""

from __future__ import annotations

from socklab.teaching.catalogue import QT_TRANSLATE_NOOP

#: (code, variant) -> (title, why, fix), merged into the one table.
MULTICAST_EXPLANATIONS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("ENODEV", "multicast"): (
        QT_TRANSLATE_NOOP("Explain", "No such device: no interface to join the group on"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "A join needs an interface. Without one, the system takes the interface its route "
            "to the group goes through, and there is no route for 224.0.0.0/4 (often: no "
            "default route); or the interface named does not exist (an unknown name or index, "
            "or an IPv4 address no interface has).",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Choose the interface in the Interface field (a name such as eth0, or its address), "
            "or add a route for multicast: ip route add 224.0.0.0/4 dev eth0.",
        ),
    ),
    ("EADDRNOTAVAIL", "multicast"): (
        QT_TRANSLATE_NOOP("Explain", "Address not available: this group or interface"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Leaving: the socket is not a member of this group on this interface (with this "
            "source). Joining or choosing the outgoing interface: the address given as the "
            "interface is not an address of this machine.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Leave exactly what was joined (the joined groups are listed), and give an "
            "interface by its name or by an address this machine has ('ip addr' lists them).",
        ),
    ),
    ("EADDRINUSE", "multicast"): (
        QT_TRANSLATE_NOOP("Explain", "Already a member of this group"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The socket has joined this group on this interface (from this source) already: a "
            "socket joins a group once per interface.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Nothing to do: datagrams to the group already arrive. To join it on another "
            "interface, choose that interface.",
        ),
    ),
    ("ENETUNREACH", "multicast"): (
        QT_TRANSLATE_NOOP("Explain", "No multicast route: the network is unreachable"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The system sends a datagram for a group out of the interface its route to the "
            "group goes through, and it has no route for it (no default route and none for "
            "224.0.0.0/4 or ff00::/8 on that interface).",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Choose the outgoing interface (IP_MULTICAST_IF: SockLab's Interface field, the "
            "CLI's --iface), or add a route: ip route add 224.0.0.0/4 dev eth0.",
        ),
    ),
    ("NOMULTICAST", ""): (
        QT_TRANSLATE_NOOP("Explain", "The interface has no MULTICAST flag"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Multicast is switched off on this interface ('ip link' shows no MULTICAST among "
            "its flags; loopback often has none). The system accepts a join on it, but "
            "datagrams to the group do not go over it, so nothing would arrive.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Choose an interface with the flag (eth0, wlan0 ...), or switch multicast on: "
            "ip link set DEV multicast on.",
        ),
    ),
}
