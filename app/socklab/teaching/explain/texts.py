"""What each error means and its usual fix, in English, marked for translation.

The translations live with the window's, in ``resources/translations/*.ts``
(context ``"Explain"``); :func:`socklab.teaching.explain.explain` looks them up.
"""

from __future__ import annotations

from socklab.teaching.catalogue import QT_TRANSLATE_NOOP

#: The translation context of every text here.
CONTEXT = "Explain"

#: (code, variant) -> (title, why, fix). ``variant`` tells readings of one code
#: apart ("udp", "bind", "broadcast"); "" is the general one.
EXPLANATIONS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("EADDRINUSE", ""): (
        QT_TRANSLATE_NOOP("Explain", "The address is already in use"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Another socket is already bound to this address and port: another program, another "
            "tab, or an earlier run of your own program. After a TCP connection closes, its port "
            "also stays in TIME_WAIT for a minute or two, and bind() refuses it meanwhile.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Stop the other program or choose another port. For a server you restart often, set "
            "SO_REUSEADDR before bind() (SockLab's 'Reuse address' option): it allows binding a "
            "port whose old connections are still in TIME_WAIT.",
        ),
    ),
    ("EACCES", "broadcast"): (
        QT_TRANSLATE_NOOP("Explain", "Permission denied: sending to a broadcast address"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The destination is a broadcast address (such as 255.255.255.255 or 192.168.1.255), "
            "and the system only lets a socket broadcast when it has asked to: the SO_BROADCAST "
            "option is not set. (Less often, a firewall rule refused the datagram.)",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Set the option before sending: sock.setsockopt(socket.SOL_SOCKET, "
            "socket.SO_BROADCAST, 1) (SockLab's 'Broadcast' option, always on in the Broadcast "
            "tab). If it is set already, check the firewall.",
        ),
    ),
    ("EACCES", "bind"): (
        QT_TRANSLATE_NOOP("Explain", "Permission denied: binding this port"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Ports below 1024 (such as 80 or 443) are reserved: on Linux and macOS only the "
            "administrator (root) may bind them. On Windows some port ranges are reserved by the "
            "system, or another program holds the port exclusively.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Use a port of 1024 or above (e.g. 8080), or run with administrator rights (not "
            "recommended for a test). On Windows, 'netsh int ipv4 show excludedportrange "
            "protocol=tcp' lists the reserved ranges.",
        ),
    ),
    ("EACCES", ""): (
        QT_TRANSLATE_NOOP("Explain", "Permission denied"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The system refused the operation: the socket was not allowed to do this. Typical "
            "causes are a broadcast without SO_BROADCAST, a port below 1024 without "
            "administrator rights, or a firewall rule.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Sending to a broadcast address: set SO_BROADCAST. Binding: use a port of 1024 or "
            "above. Otherwise check the firewall.",
        ),
    ),
    ("ECONNREFUSED", ""): (
        QT_TRANSLATE_NOOP("Explain", "Connection refused"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The other machine was reached, but nothing is listening on that port: the server is "
            "not running, listens on another port, or only on another address (e.g. only on "
            "127.0.0.1). The machine answered the connection request with a reset.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Start the server first (in SockLab: TCP Server tab, Start), then check that host "
            "and port match exactly what the server listens on.",
        ),
    ),
    ("ECONNREFUSED", "udp"): (
        QT_TRANSLATE_NOOP("Explain", "Refused: nothing receives on that UDP port"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "UDP has no connections, so this error is about an EARLIER datagram: it reached the "
            "machine, but no program had bound that port, and the machine answered with an ICMP "
            "'port unreachable' message. The system reports it on the next call on this socket.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Start the receiver first and check the destination port. The datagram is lost; "
            "nothing is wrong with this socket, which can go on sending and receiving.",
        ),
    ),
    ("ECONNRESET", ""): (
        QT_TRANSLATE_NOOP("Explain", "Connection reset by the peer"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The other side ended the connection abruptly (a TCP reset) instead of closing it "
            "normally: its program crashed or was killed, closed the socket with data still "
            "unread, or a firewall cut the connection.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Connect again. If it keeps happening, look at the other side: it should read what "
            "it was sent and close() the connection normally.",
        ),
    ),
    ("ECONNRESET", "udp"): (
        QT_TRANSLATE_NOOP(
            "Explain", "Reset on UDP: an earlier datagram was refused (Windows error 10054)"
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "UDP has no connections to reset. On Windows, error 10054 (WSAECONNRESET) on a UDP "
            "socket means an EARLIER datagram reached a machine where no program receives on "
            "that port, and it answered with an ICMP 'port unreachable' message. Windows reports "
            "it on the next recvfrom().",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Start the receiver first and check the destination port. The socket still works: "
            "catch the error and keep receiving (or turn the report off with SIO_UDP_CONNRESET).",
        ),
    ),
    ("ETIMEDOUT", ""): (
        QT_TRANSLATE_NOOP("Explain", "Timed out"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "No answer came in time. When connecting, the request got no reply at all: the host "
            "is off or does not exist, a firewall silently drops the packets, or the address is "
            "wrong. (A host that is up but has no server on the port would refuse at once.)",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Check the address and that the machine is up (ping it); check firewalls on the way "
            "and on the server. A longer timeout only helps on a very slow network.",
        ),
    ),
    ("EHOSTUNREACH", ""): (
        QT_TRANSLATE_NOOP("Explain", "Host unreachable"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "There is no way to that machine: on its own network nobody answers for that address "
            "(it is off or does not exist), or a router reported that it cannot reach it.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Check the address (a typo in the last number is common) and that the machine is on "
            "and on the same network; check the cables or Wi-Fi.",
        ),
    ),
    ("ENETUNREACH", ""): (
        QT_TRANSLATE_NOOP("Explain", "Network unreachable"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "This machine has no route to that network: it is not connected to any network, or "
            "the address belongs to a network it has no way to reach (no default gateway; or an "
            "IPv6 address without IPv6 connectivity).",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Check that this machine is connected (cable, Wi-Fi) and has an address and gateway; "
            "check that the destination address is right. For a test on this machine, use "
            "127.0.0.1.",
        ),
    ),
    ("EMSGSIZE", ""): (
        QT_TRANSLATE_NOOP("Explain", "Message too long"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "A UDP datagram must fit in one IP packet: at most 65,507 bytes of data over IPv4 "
            "(65,527 over IPv6). This one is larger, or larger than the network interface allows "
            "with the don't-fragment flag. (On Windows, 10040 also means a received datagram was "
            "larger than the recvfrom() buffer.)",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Send less in one datagram: split the data into several datagrams, or use TCP, which "
            "carries a stream of any length. When receiving, give recvfrom() a larger buffer.",
        ),
    ),
    ("EADDRNOTAVAIL", ""): (
        QT_TRANSLATE_NOOP("Explain", "Address not available on this machine"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "A socket can only bind to an address that one of this machine's network interfaces "
            "has. This address belongs to another machine, or the interface that had it is down "
            "or got a new address. (Connecting to 0.0.0.0 or to port 0 fails the same way.)",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Bind to 0.0.0.0 (every address of this machine), to 127.0.0.1, or to one of the "
            "addresses the interface list shows. To reach another machine, put its address in "
            "the remote address, not in the local one.",
        ),
    ),
    ("EAI", ""): (
        QT_TRANSLATE_NOOP("Explain", "Cannot resolve the host name"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The name could not be turned into an IP address: it is misspelt, it does not exist, "
            "or this machine cannot reach its DNS server (no network).",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Check the spelling, or type the IP address itself (e.g. 192.168.1.20). For this "
            "machine use 127.0.0.1 or localhost.",
        ),
    ),
    ("EPIPE", ""): (
        QT_TRANSLATE_NOOP("Explain", "Broken pipe: the connection is closed"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The program wrote to a connection that the other side has already closed (or that "
            "this side shut down for sending). Nothing more can be sent on it.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Check the connection before sending: when recv() returns b'' the peer has closed "
            "it. Connect again to send more.",
        ),
    ),
    ("ENOTCONN", ""): (
        QT_TRANSLATE_NOOP("Explain", "Not connected"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The operation needs a connected socket: the TCP client has not connected yet, or "
            "its connection has already ended.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Connect first (connect(), or Connect in SockLab), and connect again after the "
            "connection has closed.",
        ),
    ),
    ("ECONNABORTED", ""): (
        QT_TRANSLATE_NOOP("Explain", "Connection aborted"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The connection was ended on this machine: the system gave up on it (too many "
            "retransmissions, a timeout) or the other side reset it before it was accepted.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain", "Connect again. If it repeats, check the network between the two machines."
        ),
    ),
    ("EAFNOSUPPORT", ""): (
        QT_TRANSLATE_NOOP("Explain", "Address family not supported"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The socket's family and the address do not match (an IPv4 socket given an IPv6 "
            "address or the other way round), or IPv6 is turned off on this machine.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Use an address of the same family as the socket: AF_INET with 127.0.0.1, AF_INET6 "
            "with ::1.",
        ),
    ),
    # A Unix domain socket's address is a path (or @name), not a port.
    ("EADDRINUSE", "unix"): (
        QT_TRANSLATE_NOOP("Explain", "The socket file already exists"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "bind() on a Unix socket path creates a file there and refuses a path where a file "
            "already is: a program listening on it, or a stale file left by a program that ended "
            "without removing it (a crash, kill -9). An abstract name (@name) has no file: another "
            "socket holds it.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain",
            "If nothing listens on it (SockLab checks), remove the file: 'Remove the stale file "
            "and listen' does so, or rm the path; otherwise choose another path. A server should "
            "remove its socket file when it closes.",
        ),
    ),
    ("ECONNREFUSED", "unix"): (
        QT_TRANSLATE_NOOP("Explain", "Nothing is listening on this Unix socket"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "The socket file exists but no program accepts on it (a stale file), or, for "
            "datagrams, no socket is bound at that address any more.",
        ),
        QT_TRANSLATE_NOOP("Explain", "Start the server or the receiver first, or check the path."),
    ),
    ("ENOENT", "unix"): (
        QT_TRANSLATE_NOOP("Explain", "No socket file at this path"),
        QT_TRANSLATE_NOOP(
            "Explain",
            "Nothing exists at this path: the server is not running (it creates the file when it "
            "binds), or the path is misspelled.",
        ),
        QT_TRANSLATE_NOOP(
            "Explain", "Start the server first, or correct the path (paths are case-sensitive)."
        ),
    ),
}

from socklab.teaching.explain.multicast_texts import MULTICAST_EXPLANATIONS  # noqa: E402

EXPLANATIONS.update(MULTICAST_EXPLANATIONS)

from socklab.teaching.explain.texts_tls import TLS_EXPLANATIONS  # noqa: E402

EXPLANATIONS.update(TLS_EXPLANATIONS)
