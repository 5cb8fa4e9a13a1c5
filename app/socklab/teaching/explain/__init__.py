"""Errors explained: a socket error's code -> what it means and the usual fix.

:func:`explain` takes the error's name as the core reports it (``"EADDRINUSE"``,
Windows' ``"WSAECONNRESET"`` or ``"10054"``, ``"EAI"`` for a failed name lookup)
and the operation that failed (``"bind 0.0.0.0:80"``, ``"sendto 127.0.0.1:9"``,
``"connect to ..."``): the same code can mean different things for different
calls (EACCES from ``bind`` is a privileged port, from ``sendto`` a broadcast
without SO_BROADCAST). :func:`explain_error` does the same for a
:class:`~socklab.core.errors.SessionError` or a :class:`~socklab.core.events.Failed`
event. Plain data, English and Simplified Chinese.
"""

from __future__ import annotations

import errno as errno_module
import re
from dataclasses import dataclass

from socklab.core import Failed, SessionError

__all__ = ["LANGUAGES", "Explanation", "explain", "explain_error", "known_errors"]

LANGUAGES: tuple[str, ...] = ("en", "zh_CN")


@dataclass(frozen=True)
class Explanation:
    """A failure in plain words: ``title`` (what happened), ``why``, ``fix``.

    ``code`` is the error it explains, normalized (``"ECONNRESET"``), and
    ``variant`` which reading applies (``"udp"``, ``"bind"``, ``"broadcast"`` or "").
    """

    code: str
    title: str
    why: str
    fix: str
    variant: str = ""

    def text(self) -> str:
        """Title, why and fix as one paragraph each."""
        return f"{self.title}\n{self.why}\n{self.fix}"


# (code, variant) -> ((title, why, fix) in English, the same in Simplified Chinese)
_Texts = tuple[tuple[str, str, str], tuple[str, str, str]]
_EXPLANATIONS: dict[tuple[str, str], _Texts] = {
    ("EADDRINUSE", ""): (
        (
            "The address is already in use",
            "Another socket is already bound to this address and port: another program, another "
            "tab, or an earlier run of your own program. After a TCP connection closes, its port "
            "also stays in TIME_WAIT for a minute or two, and bind() refuses it meanwhile.",
            "Stop the other program or choose another port. For a server you restart often, set "
            "SO_REUSEADDR before bind() (SockLab's 'Reuse address' option): it allows binding a "
            "port whose old connections are still in TIME_WAIT.",
        ),
        (
            "地址已被占用",
            "已经有别的套接字绑定了这个地址和端口：可能是另一个程序、另一个标签页，或者你自己的程序"
            "上一次运行还没结束。TCP 连接关闭后，端口还会在 TIME_WAIT 状态停留一两分钟，这期间 bin"
            "d() "
            "也会失败。",
            "关掉占用端口的程序，或者换一个端口。经常重启的服务器可以在 bind() 之前设置 SO_REUSEAD"
            "DR"
            "（SockLab 的“地址重用”选项），这样即使旧连接还在 TIME_WAIT 也能立即绑定。",
        ),
    ),
    ("EACCES", "broadcast"): (
        (
            "Permission denied: sending to a broadcast address",
            "The destination is a broadcast address (such as 255.255.255.255 or 192.168.1.255), "
            "and the system only lets a socket broadcast when it has asked to: the SO_BROADCAST "
            "option is not set. (Less often, a firewall rule refused the datagram.)",
            "Set the option before sending: sock.setsockopt(socket.SOL_SOCKET, "
            "socket.SO_BROADCAST, 1) (SockLab's 'Broadcast' option, always on in the Broadcast "
            "tab). If it is set already, check the firewall.",
        ),
        (
            "权限被拒绝：向广播地址发送",
            "目的地址是广播地址（例如 255.255.255.255 或 192.168.1.255），而系统只允许明确申请过的"
            "套接字发送广播：这个套接字没有设置 SO_BROADCAST 选项。（少数情况下是防火墙拒绝了这个"
            "数据报。）",
            "发送前先设置选项：sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)"
            "（即 SockLab 的“广播”选项，广播标签页总是打开它）。如果已经设置了，请检查防火墙。",
        ),
    ),
    ("EACCES", "bind"): (
        (
            "Permission denied: binding this port",
            "Ports below 1024 (such as 80 or 443) are reserved: on Linux and macOS only the "
            "administrator (root) may bind them. On Windows some port ranges are reserved by the "
            "system, or another program holds the port exclusively.",
            "Use a port of 1024 or above (e.g. 8080), or run with administrator rights (not "
            "recommended for a test). On Windows, 'netsh int ipv4 show excludedportrange "
            "protocol=tcp' lists the reserved ranges.",
        ),
        (
            "权限被拒绝：不能绑定这个端口",
            "1024 以下的端口（例如 80、443）是保留端口：在 Linux 和 macOS 上只有管理员（root）才能"
            "绑定。在 Windows 上，有些端口范围被系统保留，或者被别的程序独占了。",
            "改用 1024 及以上的端口（例如 8080），或者以管理员身份运行（做测试时不建议）。在 "
            "Windows 上可以用 “netsh int ipv4 show excludedportrange protocol=tcp” 查看被保留的端口"
            "范围。",
        ),
    ),
    ("EACCES", ""): (
        (
            "Permission denied",
            "The system refused the operation: the socket was not allowed to do this. Typical "
            "causes are a broadcast without SO_BROADCAST, a port below 1024 without administrator "
            "rights, or a firewall rule.",
            "Sending to a broadcast address: set SO_BROADCAST. Binding: use a port of 1024 or "
            "above. Otherwise check the firewall.",
        ),
        (
            "权限被拒绝",
            "系统拒绝了这个操作：这个套接字没有权限这样做。常见原因是没有设置 SO_BROADCAST 就发送"
            "广播、没有管理员权限却绑定 1024 以下的端口，或者被防火墙规则拦截。",
            "发送广播：先设置 SO_BROADCAST。绑定端口：改用 1024 及以上的端口。其他情况请检查防火墙"
            "。",
        ),
    ),
    ("ECONNREFUSED", ""): (
        (
            "Connection refused",
            "The other machine was reached, but nothing is listening on that port: the server is "
            "not running, listens on another port, or only on another address (e.g. only on "
            "127.0.0.1). The machine answered the connection request with a reset.",
            "Start the server first (in SockLab: TCP Server tab, Start), then check that host and "
            "port match exactly what the server listens on.",
        ),
        (
            "连接被拒绝",
            "对方主机是可达的，但那个端口上没有程序在监听：服务器没有启动、监听的是别的端口，或者只"
            "监听在别的地址上（例如只监听 127.0.0.1）。对方主机用一个复位（RST）回答了连接请求。",
            "先启动服务器（在 SockLab 中：TCP 服务器标签页，点“启动”），再核对主机和端口是否与服务"
            "器"
            "监听的完全一致。",
        ),
    ),
    ("ECONNREFUSED", "udp"): (
        (
            "Refused: nothing receives on that UDP port",
            "UDP has no connections, so this error is about an EARLIER datagram: it reached the "
            "machine, but no program had bound that port, and the machine answered with an ICMP "
            "'port unreachable' message. The system reports it on the next call on this socket.",
            "Start the receiver first and check the destination port. The datagram is lost; "
            "nothing is wrong with this socket, which can go on sending and receiving.",
        ),
        (
            "被拒绝：那个 UDP 端口上没有程序接收",
            "UDP 没有连接，所以这个错误说的是之前发出的一个数据报：它到达了对方主机，但没有程序绑定"
            "那个端口，对方主机回了一个 ICMP“端口不可达”消息。系统在这个套接字的下一次调用时报告它"
            "。",
            "先启动接收方，并核对目的端口。那个数据报已经丢失；这个套接字本身没有问题，可以继续收"
            "发。",
        ),
    ),
    ("ECONNRESET", ""): (
        (
            "Connection reset by the peer",
            "The other side ended the connection abruptly (a TCP reset) instead of closing it "
            "normally: its program crashed or was killed, closed the socket with data still "
            "unread, or a firewall cut the connection.",
            "Connect again. If it keeps happening, look at the other side: it should read what it "
            "was sent and close() the connection normally.",
        ),
        (
            "连接被对方重置",
            "对方突然中断了连接（发送了 TCP 复位 RST），而不是正常关闭：对方程序崩溃或被强制结束，"
            "在还有数据没读取时关闭了套接字，或者防火墙切断了连接。",
            "重新连接。如果经常发生，请检查对方程序：它应当读完收到的数据，再正常 close() 连接。",
        ),
    ),
    ("ECONNRESET", "udp"): (
        (
            "Reset on UDP: an earlier datagram was refused (Windows error 10054)",
            "UDP has no connections to reset. On Windows, error 10054 (WSAECONNRESET) on a UDP "
            "socket means an EARLIER datagram reached a machine where no program receives on that "
            "port, and it answered with an ICMP 'port unreachable' message. Windows reports it on "
            "the next recvfrom().",
            "Start the receiver first and check the destination port. The socket still works: "
            "catch the error and keep receiving (or turn the report off with "
            "SIO_UDP_CONNRESET).",
        ),
        (
            "UDP 上的“连接重置”：之前的数据报被拒收（Windows 错误 10054）",
            "UDP 没有连接，谈不上重置。在 Windows 上，UDP 套接字的 10054 错误（WSAECONNRESET）表示"
            "之前发出的某个数据报到达的主机上，那个端口没有程序接收，对方回了 ICMP“端口不可达”消息"
            "；"
            "Windows 在下一次 recvfrom() 时报告它。",
            "先启动接收方，并核对目的端口。套接字仍然可用：捕获这个错误后继续接收即可（也可以用 "
            "SIO_UDP_CONNRESET 关闭这种报告）。",
        ),
    ),
    ("ETIMEDOUT", ""): (
        (
            "Timed out",
            "No answer came in time. When connecting, the request got no reply at all: the host "
            "is off or does not exist, a firewall silently drops the packets, or the address is "
            "wrong. (A host that is up but has no server on the port would refuse at once.)",
            "Check the address and that the machine is up (ping it); check firewalls on the way "
            "and on the server. A longer timeout only helps on a very slow network.",
        ),
        (
            "超时",
            "在规定时间内没有收到回应。连接时请求完全没有得到答复：对方主机关机或不存在、防火墙悄悄"
            "丢弃了数据包，或者地址写错了。（主机开着但端口上没有服务器的话，会立刻拒绝连接。）",
            "核对地址，确认对方主机在运行（可以 ping 一下），检查路上和服务器上的防火墙。只有网络"
            "非常慢时，加长超时时间才有用。",
        ),
    ),
    ("EHOSTUNREACH", ""): (
        (
            "Host unreachable",
            "There is no way to that machine: on its own network nobody answers for that address "
            "(it is off or does not exist), or a router reported that it cannot reach it.",
            "Check the address (a typo in the last number is common) and that the machine is on "
            "and on the same network; check the cables or Wi-Fi.",
        ),
        (
            "主机不可达",
            "无法到达那台主机：在它所在的网络里没有设备响应这个地址（主机关机或不存在），或者路由器"
            "报告无法到达它。",
            "核对地址（最后一段数字写错很常见），确认对方主机已开机并且在同一个网络中；检查网线或 "
            "Wi-Fi。",
        ),
    ),
    ("ENETUNREACH", ""): (
        (
            "Network unreachable",
            "This machine has no route to that network: it is not connected to any network, or "
            "the address belongs to a network it has no way to reach (no default gateway; or an "
            "IPv6 address without IPv6 connectivity).",
            "Check that this machine is connected (cable, Wi-Fi) and has an address and gateway; "
            "check that the destination address is right. For a test on this machine, use "
            "127.0.0.1.",
        ),
        (
            "网络不可达",
            "本机没有通往那个网络的路由：本机没有连接任何网络，或者目的地址所在的网络无法到达（没有"
            "默认网关；或者在没有 IPv6 连接的情况下使用了 IPv6 地址）。",
            "检查本机是否已联网（网线、Wi-Fi），是否有 IP 地址和网关；核对目的地址。只在本机测试时"
            "，"
            "请使用 127.0.0.1。",
        ),
    ),
    ("EMSGSIZE", ""): (
        (
            "Message too long",
            "A UDP datagram must fit in one IP packet: at most 65,507 bytes of data over IPv4 "
            "(65,527 over IPv6). This one is larger, or larger than the network interface allows "
            "with the don't-fragment flag. (On Windows, 10040 also means a received datagram was "
            "larger than the recvfrom() buffer.)",
            "Send less in one datagram: split the data into several datagrams, or use TCP, which "
            "carries a stream of any length. When receiving, give recvfrom() a larger buffer.",
        ),
        (
            "消息太长",
            "一个 UDP 数据报必须装进一个 IP 包：IPv4 上最多 65,507 字节数据（IPv6 上 65,527 字节）"
            "。"
            "这个数据报超过了上限，或者超过了网卡在“禁止分片”时允许的大小。（在 Windows 上，10040 "
            "也可能表示收到的数据报比 recvfrom() 的缓冲区大。）",
            "每个数据报少发一些：把数据拆成几个数据报，或者改用 TCP（TCP 是字节流，长度不限）。"
            "接收时请给 recvfrom() 更大的缓冲区。",
        ),
    ),
    ("EADDRNOTAVAIL", ""): (
        (
            "Address not available on this machine",
            "A socket can only bind to an address that one of this machine's network interfaces "
            "has. This address belongs to another machine, or the interface that had it is down "
            "or got a new address. (Connecting to 0.0.0.0 or to port 0 fails the same way.)",
            "Bind to 0.0.0.0 (every address of this machine), to 127.0.0.1, or to one of the "
            "addresses the interface list shows. To reach another machine, put its address in "
            "the remote address, not in the local one.",
        ),
        (
            "本机没有这个地址",
            "套接字只能绑定本机某个网卡拥有的地址。这个地址属于别的主机，或者拥有它的网卡已经断开、"
            "换了地址。（连接到 0.0.0.0 或端口 0 也会这样失败。）",
            "绑定到 0.0.0.0（本机所有地址）、127.0.0.1，或网卡列表中显示的某个地址。要访问别的主机"
            "，"
            "请把它的地址填在远程地址里，而不是本地地址里。",
        ),
    ),
    ("EAI", ""): (
        (
            "Cannot resolve the host name",
            "The name could not be turned into an IP address: it is misspelt, it does not exist, "
            "or this machine cannot reach its DNS server (no network).",
            "Check the spelling, or type the IP address itself (e.g. 192.168.1.20). For this "
            "machine use 127.0.0.1 or localhost.",
        ),
        (
            "无法解析主机名",
            "无法把这个名字转换成 IP 地址：名字拼错了、名字不存在，或者本机连不上 DNS 服务器（没有"
            "联网）。",
            "检查拼写，或者直接填写 IP 地址（例如 192.168.1.20）。表示本机请用 127.0.0.1 或 localh"
            "ost。",
        ),
    ),
    ("EPIPE", ""): (
        (
            "Broken pipe: the connection is closed",
            "The program wrote to a connection that the other side has already closed (or that "
            "this side shut down for sending). Nothing more can be sent on it.",
            "Check the connection before sending: when recv() returns b'' the peer has closed it. "
            "Connect again to send more.",
        ),
        (
            "管道破裂：连接已经关闭",
            "程序向一个对方已经关闭（或本方已经关闭发送方向）的连接写数据，这个连接上不能再发送了"
            "。",
            "发送前先确认连接还在：recv() 返回 b'' 就表示对方已关闭。要继续发送，请重新连接。",
        ),
    ),
    ("ENOTCONN", ""): (
        (
            "Not connected",
            "The operation needs a connected socket: the TCP client has not connected yet, or its "
            "connection has already ended.",
            "Connect first (connect(), or Connect in SockLab), and connect again after the "
            "connection has closed.",
        ),
        (
            "尚未连接",
            "这个操作需要已连接的套接字：TCP 客户端还没有连接，或者连接已经结束。",
            "先建立连接（调用 connect()，或在 SockLab 中点“连接”）；连接关闭后需要重新连接。",
        ),
    ),
    ("ECONNABORTED", ""): (
        (
            "Connection aborted",
            "The connection was ended on this machine: the system gave up on it (too many "
            "retransmissions, a timeout) or the other side reset it before it was accepted.",
            "Connect again. If it repeats, check the network between the two machines.",
        ),
        (
            "连接被中止",
            "连接在本机被终止：系统放弃了这个连接（重传次数过多、超时），或者对方在连接被 accept "
            "之前就重置了它。",
            "重新连接。如果反复出现，请检查两台主机之间的网络。",
        ),
    ),
    ("EAFNOSUPPORT", ""): (
        (
            "Address family not supported",
            "The socket's family and the address do not match (an IPv4 socket given an IPv6 "
            "address or the other way round), or IPv6 is turned off on this machine.",
            "Use an address of the same family as the socket: AF_INET with 127.0.0.1, AF_INET6 "
            "with ::1.",
        ),
        (
            "不支持的地址族",
            "套接字的地址族与地址不匹配（IPv4 套接字用了 IPv6 地址，或反过来），或者本机关闭了 IPv"
            "6。",
            "使用与套接字同一地址族的地址：AF_INET 配 127.0.0.1，AF_INET6 配 ::1。",
        ),
    ),
}

# Windows socket error numbers (WSAE...) as the names used above.
_WINDOWS_CODES = {
    10013: "EACCES",
    10040: "EMSGSIZE",
    10047: "EAFNOSUPPORT",
    10048: "EADDRINUSE",
    10049: "EADDRNOTAVAIL",
    10051: "ENETUNREACH",
    10053: "ECONNABORTED",
    10054: "ECONNRESET",
    10057: "ENOTCONN",
    10060: "ETIMEDOUT",
    10061: "ECONNREFUSED",
    10065: "EHOSTUNREACH",
}

# Errors the core reports without an errno, recognised by their text.
_REASON_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"cannot resolve|name or service not known|nodename", re.I), "EAI"),
    (re.compile(r"timed out", re.I), "ETIMEDOUT"),
    (re.compile(r"\bnot connected\b", re.I), "ENOTCONN"),
    (re.compile(r"connection is closed|broken pipe", re.I), "EPIPE"),
)

_UDP_OPERATIONS = ("sendto", "recvfrom", "udp")


def _language_index(language: str) -> int:
    return 1 if language.replace("-", "_").lower().startswith("zh") else 0


def _normalize(name: str | int) -> tuple[str, bool]:
    """(the code's name as in the table, whether it came as a Windows code)."""
    text = str(name).strip()
    if text.lstrip("-").isdigit():
        number = int(text)
        if number in _WINDOWS_CODES:
            return _WINDOWS_CODES[number], True
        return errno_module.errorcode.get(number, text), False
    upper = text.upper()
    if upper.startswith("WSA"):
        return upper[3:], True
    if upper.startswith("EAI") or upper == "GAIERROR":
        return "EAI", False
    if upper == "EPERM":
        return "EACCES", False
    return upper, False


def _variant(code: str, operation: str, windows: bool) -> str:
    op = operation.strip().lower()
    udp = op.startswith(_UDP_OPERATIONS)
    if code == "EACCES":
        if op.startswith("bind"):
            return "bind"
        if op.startswith("sendto") or "broadcast" in op:
            return "broadcast"
    if code == "ECONNREFUSED" and udp:
        return "udp"
    if code == "ECONNRESET" and (udp or (windows and not op)):
        return "udp"
    return ""


def explain(errno_name: str | int, operation: str = "", language: str = "en") -> Explanation | None:
    """What the error ``errno_name`` means when ``operation`` failed; None if unknown.

    ``errno_name`` as the core reports it (``"EADDRINUSE"``, ``"EAI"``), a Windows
    name or number (``"WSAECONNRESET"``, ``10054``) or an errno number.
    ``language``: ``"en"`` or ``"zh_CN"`` (other languages get English).
    """
    code, windows = _normalize(errno_name)
    variant = _variant(code, operation, windows)
    texts = _EXPLANATIONS.get((code, variant)) or _EXPLANATIONS.get((code, ""))
    if texts is None:
        return None
    if (code, variant) not in _EXPLANATIONS:
        variant = ""
    title, why, fix = texts[_language_index(language)]
    return Explanation(code=code, title=title, why=why, fix=fix, variant=variant)


def explain_error(error: SessionError | Failed, language: str = "en") -> Explanation | None:
    """The explanation of a session's failure (its errno, else its text); None if unknown."""
    if isinstance(error, SessionError):
        name, operation, message = error.errno_name, error.operation, error.reason
    else:
        name, operation, message = error.errno_name, error.operation, error.message
    if name:
        explanation = explain(name, operation, language)
        if explanation is not None:
            return explanation
    for pattern, inferred in _REASON_PATTERNS:
        if pattern.search(message):
            return explain(inferred, operation, language)
    return None


def known_errors() -> tuple[tuple[str, str], ...]:
    """Every (code, variant) that has an explanation."""
    return tuple(_EXPLANATIONS)
