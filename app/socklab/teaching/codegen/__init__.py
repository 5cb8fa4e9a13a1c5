"""Show the code: the plain-``socket`` Python script that does what a tab is set to do.

Each tab describes itself with a small frozen settings dataclass
(:class:`UdpCode`, :class:`BroadcastCode`, :class:`TcpClientCode`,
:class:`TcpServerCode`); :func:`generate` turns it into a short, runnable script
that uses only the standard library (``socket``, plus ``sys``, ``time`` or
``threading`` when needed), with comments in the UI language (``"en"`` or
``"zh_CN"``).

Every script prints what it receives (``repr`` of the decoded text, or of the
bytes) and the scripts that wait for data take an optional count on the command
line (``python3 script.py 3``) so that they end by themselves::

    print(generate(UdpCode(remote_port=9000, payload="你好".encode("gbk"), encoding="gbk")))
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from socklab.core import (
    AutoReply,
    PayloadError,
    TcpClientOptions,
    TcpServerOptions,
    UdpOptions,
    codec_name,
    is_ipv6,
)

__all__ = [
    "LANGUAGES",
    "BroadcastCode",
    "CodeSettings",
    "TcpClientCode",
    "TcpServerCode",
    "UdpCode",
    "generate",
]

#: The languages the comments come in; anything else falls back to English.
LANGUAGES: tuple[str, ...] = ("en", "zh_CN")


# ------------------------------------------------------------------ settings


@dataclass(frozen=True)
class UdpCode:
    """What the UDP tab is set to do.

    ``local_port``: None means no ``bind()`` (the first ``sendto`` binds a port
    the system chooses); 0 binds with a port the system chooses. ``receive``
    adds a ``recvfrom(recv_buffer)`` loop after sending. ``repeat``: how many
    datagrams to send, ``interval`` seconds apart (None: until Ctrl+C or the
    count given on the command line; the script then only sends).
    ``show_bytes`` prints what arrives as bytes instead of decoded text.
    """

    remote_host: str = "127.0.0.1"
    remote_port: int = 8080
    local_host: str = ""
    local_port: int | None = None
    payload: bytes = b""
    encoding: str = "utf-8"
    broadcast: bool = False
    reuse_address: bool = False
    recv_buffer: int = 1024
    receive: bool = True
    repeat: int | None = 1
    interval: float = 0.0
    show_bytes: bool = False

    @classmethod
    def from_options(
        cls, remote_host: str, remote_port: int, options: UdpOptions, **fields: object
    ) -> UdpCode:
        """Settings from the UDP session's options plus extras (``payload`` ...)."""
        return cls(
            remote_host=remote_host,
            remote_port=remote_port,
            broadcast=options.broadcast,
            reuse_address=options.reuse_address,
            recv_buffer=options.recv_buffer,
            **fields,  # type: ignore[arg-type]
        )


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


@dataclass(frozen=True)
class TcpClientCode:
    """What the TCP Client tab is set to do.

    ``timeout``: seconds to wait for ``connect`` (None: the system's default).
    ``local_host``/``local_port`` bind before connecting. ``half_close`` calls
    ``shutdown(SHUT_WR)`` after sending. ``receive`` adds a ``recv(recv_size)``
    loop that ends when the server closes (or after the command line's count).
    """

    host: str = "127.0.0.1"
    port: int = 8080
    timeout: float | None = 5.0
    recv_size: int = 1024
    payload: bytes = b""
    encoding: str = "utf-8"
    half_close: bool = False
    local_host: str | None = None
    local_port: int = 0
    no_delay: bool = False
    receive: bool = True
    repeat: int = 1
    interval: float = 0.0
    show_bytes: bool = False

    @classmethod
    def from_options(
        cls, host: str, port: int, options: TcpClientOptions, **fields: object
    ) -> TcpClientCode:
        """Settings from the client session's options plus extras (``payload`` ...)."""
        return cls(
            host=host,
            port=port,
            timeout=options.connect_timeout,
            recv_size=options.recv_size,
            local_host=options.local_host,
            local_port=options.local_port,
            no_delay=options.no_delay,
            **fields,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class TcpServerCode:
    """What the TCP Server tab is set to do.

    ``auto_reply``: off, echo, or the fixed ``reply`` (bytes, or text in
    ``encoding``). ``close_on``: a peer whose message, without its line ending,
    equals this word is disconnected. ``max_clients``: more are turned away.
    """

    host: str = "0.0.0.0"
    port: int = 8080
    backlog: int = 5
    reuse_address: bool = True
    auto_reply: AutoReply | str = AutoReply.OFF
    reply: bytes | str = b""
    close_on: bytes | str | None = None
    encoding: str = "utf-8"
    recv_size: int = 1024
    max_clients: int | None = None
    show_bytes: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.auto_reply, AutoReply):
            object.__setattr__(self, "auto_reply", AutoReply(self.auto_reply))

    @classmethod
    def from_options(
        cls, host: str, port: int, options: TcpServerOptions, **fields: object
    ) -> TcpServerCode:
        """Settings from the server session's options plus extras (``encoding`` ...)."""
        return cls(
            host=host,
            port=port,
            backlog=options.backlog,
            reuse_address=options.reuse_address,
            auto_reply=options.auto_reply,
            reply=options.reply,
            close_on=options.close_on,
            recv_size=options.recv_size,
            max_clients=options.max_clients,
            **fields,  # type: ignore[arg-type]
        )


CodeSettings = UdpCode | BroadcastCode | TcpClientCode | TcpServerCode


# ------------------------------------------------------------------- phrases

# Each entry: (English, Simplified Chinese). "\n" splits a comment into lines.
_PHRASES: dict[str, tuple[str, str]] = {
    "head_udp": (
        "SockLab: what the UDP tab does, in plain Python (standard socket module only).",
        "SockLab：UDP 标签页做的事，用纯 Python 写出来（只用标准库 socket 模块）。",
    ),
    "head_broadcast": (
        "SockLab: what the Broadcast tab does, in plain Python (standard socket module only).",
        "SockLab：广播标签页做的事，用纯 Python 写出来（只用标准库 socket 模块）。",
    ),
    "head_tcp_client": (
        "SockLab: what the TCP Client tab does, in plain Python (standard socket module only).",
        "SockLab：TCP 客户端标签页做的事，用纯 Python 写出来（只用标准库 socket 模块）。",
    ),
    "head_tcp_server": (
        "SockLab: what the TCP Server tab does, in plain Python (standard socket module only).",
        "SockLab：TCP 服务器标签页做的事，用纯 Python 写出来（只用标准库 socket 模块）。",
    ),
    "run_datagrams": (
        "Run: python3 socklab_demo.py [COUNT]\n"
        "quits after COUNT datagrams (default: runs until Ctrl+C).",
        "运行：python3 socklab_demo.py [数量]\n"
        "收到这么多个数据报后退出（不给则一直运行，按 Ctrl+C 结束）。",
    ),
    "run_sends": (
        "Run: python3 socklab_demo.py [COUNT]\n"
        "quits after sending COUNT datagrams (default: runs until Ctrl+C).",
        "运行：python3 socklab_demo.py [数量]\n"
        "发送这么多个数据报后退出（不给则一直发送，按 Ctrl+C 结束）。",
    ),
    "run_chunks": (
        "Run: python3 socklab_demo.py [COUNT]\n"
        "quits after COUNT recv() calls (default: when the server closes the connection).",
        "运行：python3 socklab_demo.py [数量]\n"
        "调用这么多次 recv() 后退出（不给则等服务器关闭连接）。",
    ),
    "run_clients": (
        "Run: python3 socklab_demo.py [COUNT]\n"
        "serves COUNT clients, then quits (default: runs until Ctrl+C).",
        "运行：python3 socklab_demo.py [数量]\n"
        "服务完这么多个客户端后退出（不给则一直运行，按 Ctrl+C 结束）。",
    ),
    "udp_socket": (
        "Create a UDP socket: SOCK_DGRAM (datagrams), {family}.",
        "创建 UDP 套接字：SOCK_DGRAM（数据报），{family}。",
    ),
    "tcp_socket": (
        "Create a TCP socket: SOCK_STREAM (a byte stream), {family}.",
        "创建 TCP 套接字：SOCK_STREAM（字节流），{family}。",
    ),
    "AF_INET": ("AF_INET for IPv4", "AF_INET 表示 IPv4"),
    "AF_INET6": ("AF_INET6 for IPv6", "AF_INET6 表示 IPv6"),
    "reuse": (
        "SO_REUSEADDR: allow binding this port again at once\n"
        "(even while an old connection on it is in TIME_WAIT).",
        "SO_REUSEADDR：允许立刻再次绑定这个端口\n（即使该端口上的旧连接还处于 TIME_WAIT 状态）。",
    ),
    "reuse_udp": (
        "SO_REUSEADDR: let several sockets bind the same port\n"
        "(e.g. several programs listening to the same broadcasts).",
        "SO_REUSEADDR：允许多个套接字绑定同一个端口\n（例如几个程序同时接收同一个广播）。",
    ),
    "broadcast_opt": (
        "SO_BROADCAST: allow sending to a broadcast address (without it: permission denied).",
        "SO_BROADCAST：允许向广播地址发送（不设置它会得到“权限被拒绝”）。",
    ),
    "bind": (
        "bind: receive on this local address and port.",
        "bind：在这个本机地址和端口上接收。",
    ),
    "bind_any_port": (
        "bind: port 0 means the system chooses a free port.",
        "bind：端口 0 表示由系统挑选一个空闲端口。",
    ),
    "bind_wildcard": (
        "{host} means every address of this machine.",
        "{host} 表示本机的所有地址。",
    ),
    "no_bind": (
        "No bind(): the first sendto() binds the socket to a free port the system chooses.",
        "没有调用 bind()：第一次 sendto() 会自动绑定到系统挑选的空闲端口。",
    ),
    "message_text": (
        "The message, and its bytes in {encoding}: sockets send bytes, not text.",
        "要发送的文字，以及它的 {encoding} 编码字节：套接字发送的是字节，不是文字。",
    ),
    "message_bytes": (
        "The bytes to send.",
        "要发送的字节。",
    ),
    "destination": (
        "Where the datagrams go (host, port).",
        "数据报发往的地址（主机, 端口）。",
    ),
    "broadcast_destination": (
        "The broadcast address and port: every host of that network listening on the port gets it.",
        "广播地址和端口：该网络中所有在这个端口上接收的主机都会收到。",
    ),
    "sendto": (
        "sendto: send one datagram; it arrives whole or not at all.",
        "sendto：发送一个数据报；它要么完整到达，要么根本不到达。",
    ),
    "repeat": (
        "Send {count} times, {interval} s apart.",
        "发送 {count} 次，每次间隔 {interval} 秒。",
    ),
    "repeat_forever": (
        "Send every {interval} s until the count is reached (or Ctrl+C).",
        "每 {interval} 秒发送一次，直到达到指定数量（或按 Ctrl+C）。",
    ),
    "repeat_forever_fast": (
        "Send until the count is reached (or Ctrl+C).",
        "一直发送，直到达到指定数量（或按 Ctrl+C）。",
    ),
    "no_receive_while_repeating": (
        "(SockLab also shows replies while it sends; a script would need a second thread.)",
        "（SockLab 在发送的同时还会显示收到的回复；脚本要做到这一点需要再开一个线程。）",
    ),
    "auto_bound": (
        "The port sendto() chose: replies come back to it.",
        "sendto() 自动选用的端口：回复会发到这里。",
    ),
    "count": (
        "How many to wait for (command line); 0 means no limit.",
        "要等多少个（命令行参数）；0 表示不限。",
    ),
    "count_sends": (
        "How many to send (command line); 0 means no limit.",
        "要发送多少个（命令行参数）；0 表示不限。",
    ),
    "count_clients": (
        "How many clients to serve (command line); 0 means no limit.",
        "要服务多少个客户端（命令行参数）；0 表示不限。",
    ),
    "recvfrom": (
        "recvfrom({size}): wait for one datagram and its sender's address.\n"
        "A longer datagram is cut to {size} bytes and the rest is lost\n"
        "(Windows raises an error instead).",
        "recvfrom({size})：等待一个数据报，同时得到发送方的地址。\n"
        "比 {size} 字节长的数据报会被截断，多出的部分丢失（Windows 上则会报错）。",
    ),
    "decode": (
        "Decode the bytes as {encoding} to show them as text.",
        "把字节按 {encoding} 解码成文字再显示。",
    ),
    "close": ("close: release the socket.", "close：关闭并释放套接字。"),
    "timeout": (
        "Give up connecting after {timeout} s (connect() raises TimeoutError).",
        "连接超过 {timeout} 秒就放弃（connect() 会抛出 TimeoutError）。",
    ),
    "no_timeout": (
        "No timeout after connecting: recv() waits as long as it takes.",
        "连接成功后取消超时：recv() 会一直等到有数据为止。",
    ),
    "no_delay": (
        "TCP_NODELAY: send small writes at once instead of collecting them (Nagle).",
        "TCP_NODELAY：小数据立即发送，不等待合并（关闭 Nagle 算法）。",
    ),
    "client_bind": (
        "bind before connect: use this local address and port for the connection.",
        "在 connect 之前 bind：这个连接使用指定的本机地址和端口。",
    ),
    "connect": (
        "connect: the three-way handshake with the server.",
        "connect：与服务器进行三次握手，建立连接。",
    ),
    "sendall": (
        "sendall: send every byte (send() may send only part of them).",
        "sendall：把所有字节都发出去（send() 可能只发出一部分）。",
    ),
    "shutdown": (
        "shutdown(SHUT_WR): tell the server we are done sending (its recv() returns b'');\n"
        "we can still receive.",
        "shutdown(SHUT_WR)：告诉服务器我们不再发送（它的 recv() 会返回 b''）；\n我们仍然可以接收。",
    ),
    "recv": (
        "recv({size}): up to {size} bytes of whatever has arrived. TCP is a stream:\n"
        "one send may arrive in pieces, and several sends may arrive together.",
        "recv({size})：最多取 {size} 字节已到达的数据。TCP 是字节流：\n"
        "一次发送可能分几次收到，几次发送也可能一次收到。",
    ),
    "server_closed": (
        "b'' means the other side closed the connection.",
        "收到 b'' 表示对方已关闭连接。",
    ),
    "threads": (
        "Like SockLab, this server talks to several clients at once: each accepted\n"
        "connection gets its own thread. The classic classroom server serves one client\n"
        "at a time: call serve(conn, address) directly instead of starting a thread.",
        "和 SockLab 一样，这个服务器可以同时服务多个客户端：每个连接一个线程。\n"
        "课堂上经典的服务器一次只服务一个客户端：把启动线程换成直接调用\n"
        "serve(conn, address) 即可。",
    ),
    "serve": (
        "Talk to one client until it closes the connection{close_word}.",
        "与一个客户端通信，直到它关闭连接{close_word}。",
    ),
    "serve_close_word": (" or sends the close word", "或发来结束词"),
    "close_word": (
        "A message equal to the close word (without its line ending) closes the connection.",
        "消息去掉行尾换行后等于结束词时，关闭这个连接。",
    ),
    "echo": ("Auto-reply: send the same bytes back (echo).", "自动回复：原样发回（回显）。"),
    "fixed": ("Auto-reply: the fixed answer.", "自动回复：固定的回答。"),
    "reply_const": (
        "The fixed answer, in {encoding}.",
        "固定的回答，使用 {encoding} 编码。",
    ),
    "close_const": (
        "The close word, in {encoding}.",
        "结束词，使用 {encoding} 编码。",
    ),
    "conn_close": (
        "close: end this connection (the client's recv() returns b'').",
        "close：结束这个连接（客户端的 recv() 会返回 b''）。",
    ),
    "listen": (
        "listen({backlog}): start accepting; up to {backlog} connections may wait for accept().",
        "listen({backlog})：开始监听；最多 {backlog} 个连接可以排队等待 accept()。",
    ),
    "accept": (
        "accept: wait for the next client; returns a new socket for it and its address.",
        "accept：等待下一个客户端；返回与它通信的新套接字和它的地址。",
    ),
    "slots": (
        "At most {limit} clients at once: each one takes a place until it leaves.",
        "最多同时服务 {limit} 个客户端：每个客户端占一个名额，离开时归还。",
    ),
    "release": (
        "Give the place back: another client may come in.",
        "归还名额：可以接受新的客户端了。",
    ),
    "max_clients": (
        "No place free: turn this client away.",
        "没有空名额：拒绝这个客户端。",
    ),
    "stop": (
        "Stop listening, then wait for the clients still connected.",
        "停止监听，再等待仍在连接的客户端结束。",
    ),
    # What the scripts print (the code, not comments).
    "p_bound": ("bound to", "已绑定到"),
    "p_auto_bound": ("the system bound the socket to", "系统自动绑定到"),
    "p_sent": (
        "sent {{len(data)}} bytes to {{destination}}",
        "已发送 {{len(data)}} 字节到 {{destination}}",
    ),
    "p_sent_tcp": ("sent {{len(data)}} bytes", "已发送 {{len(data)}} 字节"),
    "p_received_from": (
        "received {{len(data)}} bytes from {{address}}: {{{shown}!r}}",
        "收到来自 {{address}} 的 {{len(data)}} 字节：{{{shown}!r}}",
    ),
    "p_received": (
        "received {{len(data)}} bytes: {{{shown}!r}}",
        "收到 {{len(data)}} 字节：{{{shown}!r}}",
    ),
    "p_connected": ("connected", "已连接"),
    "p_server_closed": ("the server closed the connection", "服务器已关闭连接"),
    "p_listening": ("listening on", "正在监听"),
    "p_client_connected": ("client connected:", "客户端已连接："),
    "p_client_closed": ("connection closed:", "连接已关闭："),
    "p_close_word": ("close word received, closing", "收到结束词，关闭连接"),
    "p_turned_away": ("too many clients, turned away:", "客户端过多，已拒绝："),
}


def _language_index(language: str) -> int:
    return 1 if language.replace("-", "_").lower().startswith("zh") else 0


class _Script:
    """Collects a script's lines; phrases come in the chosen language."""

    def __init__(self, language: str) -> None:
        self.index = _language_index(language)
        self.lines: list[str] = []

    def say(self, key: str, **values: object) -> str:
        return _PHRASES[key][self.index].format(**values)

    def comment(self, key: str, indent: int = 0, **values: object) -> None:
        pad = "    " * indent
        self.lines += [f"{pad}# {line}" for line in self.say(key, **values).split("\n")]

    def code(self, *lines: str, indent: int = 0) -> None:
        pad = "    " * indent
        self.lines += [f"{pad}{line}" if line else "" for line in lines]

    def blank(self, count: int = 1) -> None:
        """End a paragraph with ``count`` empty lines (never more)."""
        while self.lines and self.lines[-count:] != [""] * count:
            self.lines.append("")

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


# ------------------------------------------------------------------ literals


def _quoted(value: str | bytes) -> str:
    """A literal for ``value``, in double quotes where repr() would use single ones."""
    text = repr(value)
    prefix = "b" if isinstance(value, bytes) else ""
    body = text[len(prefix) :]
    if body.startswith("'") and '"' not in body:
        body = f'"{body[1:-1]}"'
    return prefix + body


def _expression(value: str | bytes) -> str:
    """A literal, or a short expression (``"ab" * 500``, ``"x" * 1000 + "y"``) for a
    long repetitive value."""
    size = len(value)
    if size <= 256:
        return _quoted(value)
    for period in range(1, 65):
        unit = value[:period]
        times, rest = divmod(size, period)
        if unit * times + value[:rest] == value:
            expr = f"{_quoted(unit)} * {times}"
            return f"{expr} + {_quoted(value[:rest])}" if rest else expr
    pieces: list[str] = []
    start = index = 0
    while index < size:
        end = index + 1
        while end < size and value[end] == value[index]:
            end += 1
        if end - index >= 16:
            if start < index:
                pieces.append(_quoted(value[start:index]))
            pieces.append(f"{_quoted(value[index : index + 1])} * {end - index}")
            start = end
        index = end
    if start < size:
        pieces.append(_quoted(value[start:]))
    return " + ".join(pieces) if len(pieces) <= 8 else _quoted(value)


def _codec(encoding: str) -> str:
    """The codec name to write into the script (SockLab's "utf-16" is UTF-16LE)."""
    try:
        return codec_name(encoding)
    except PayloadError:
        return "utf-8"


def _as_text(data: bytes, codec: str) -> str | None:
    """``data`` as text in ``codec`` if it decodes, re-encodes to the same bytes and
    is readable (no control characters except tab and line endings)."""
    try:
        text = data.decode(codec)
        if text.encode(codec) != data:
            return None
    except UnicodeError:
        return None
    for char in text:
        if char not in "\t\r\n" and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return None
    return text


def _bytes_expression(data: bytes, codec: str) -> str:
    """``b"exit"`` for printable ASCII, ``"已收到".encode("gbk")`` for text, else bytes."""
    if data.isascii() and _as_text(data, "ascii") is not None:
        return _expression(data)
    text = _as_text(data, codec)
    if text is not None:
        return f"{_expression(text)}.encode({_quoted(codec)})"
    return _expression(data)


def _as_bytes(value: bytes | str | None, codec: str) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    return value.encode(codec, errors="replace")


def _host(host: str | None) -> str:
    text = (host or "").strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return text


def _family(host: str) -> str:
    return "AF_INET6" if is_ipv6(host) else "AF_INET"


def _wildcard(family: str) -> str:
    return "::" if family == "AF_INET6" else "0.0.0.0"


def _address(host: str, port: int) -> str:
    return f"({_quoted(host)}, {int(port)})"


def _seconds(value: float) -> str:
    return f"{value:g}"


# ------------------------------------------------------------------ pieces


def _payload(script: _Script, payload: bytes, codec: str, indent: int = 0) -> None:
    """``message = "..."`` + ``data = message.encode(...)``, or ``data = b"..."``."""
    text = _as_text(payload, codec)
    if text is not None:
        script.comment("message_text", indent, encoding=codec.upper())
        script.code(
            f"message = {_expression(text)}",
            f"data = message.encode({_quoted(codec)})",
            indent=indent,
        )
    else:
        script.comment("message_bytes", indent)
        script.code(f"data = {_expression(payload)}", indent=indent)


def _show(script: _Script, codec: str, show_bytes: bool, indent: int) -> str:
    """Lines that turn ``data`` into what is printed; returns the name printed."""
    if show_bytes:
        return "data"
    script.comment("decode", indent, encoding=codec.upper())
    script.code(f'text = data.decode({_quoted(codec)}, errors="replace")', indent=indent)
    return "text"


def _print(script: _Script, key: str, indent: int = 0, **values: object) -> None:
    script.code(f'print(f"{script.say(key, **values)}")', indent=indent)


def _count_argument(script: _Script, key: str = "count") -> None:
    script.comment(key)
    script.code("count = int(sys.argv[1]) if len(sys.argv) > 1 else 0")


def _imports(*names: str) -> list[str]:
    return [f"import {name}" for name in sorted(set(names))]


# ------------------------------------------------------------------ UDP


def _udp(
    script: _Script,
    *,
    head: str,
    remote_host: str,
    remote_port: int,
    local_host: str,
    local_port: int | None,
    payload: bytes,
    codec: str,
    broadcast: bool,
    reuse_address: bool,
    recv_buffer: int,
    receive: bool,
    repeat: int | None,
    interval: float,
    show_bytes: bool,
    broadcast_target: bool,
) -> str:
    sending = bool(payload)
    forever = sending and repeat is None
    waiting = receive and not forever
    family = _family(local_host if local_port is not None and local_host else remote_host)
    if not sending and local_port is None:
        local_port = 0  # a receiver must bind to hear anything

    imports = ["socket"]
    if waiting or forever:
        imports.append("sys")
    count = 1 if repeat is None else max(1, int(repeat))
    if interval > 0 and (forever or count > 1):
        imports.append("time")

    script.comment(head)
    if waiting:
        script.comment("run_datagrams")
    elif forever:
        script.comment("run_sends")
    script.code(*_imports(*imports))
    script.blank()

    script.comment("udp_socket", family=script.say(family))
    script.code(f"sock = socket.socket(socket.{family}, socket.SOCK_DGRAM)")
    if reuse_address:
        script.comment("reuse_udp")
        script.code("sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)")
    if broadcast:
        script.comment("broadcast_opt")
        script.code("sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)")
    script.blank()
    if local_port is not None:
        host = local_host or _wildcard(family)
        script.comment("bind_any_port" if local_port == 0 else "bind")
        if host in ("0.0.0.0", "::"):
            script.comment("bind_wildcard", host=host)
        script.code(f"sock.bind({_address(host, local_port)})")
        script.code(f'print("{script.say("p_bound")}", sock.getsockname())')
        script.blank()

    if sending:
        _payload(script, payload, codec)
        script.comment("broadcast_destination" if broadcast_target else "destination")
        script.code(f"destination = {_address(remote_host, remote_port)}")
        if local_port is None:
            script.comment("no_bind")
        send = ["sock.sendto(data, destination)"]
        if forever:
            script.blank()
            _count_argument(script, "count_sends")
            if interval > 0:
                script.comment("repeat_forever", interval=_seconds(interval))
            else:
                script.comment("repeat_forever_fast")
            script.code("sent = 0", "while count == 0 or sent < count:")
            if interval > 0:
                script.code("if sent:", indent=1)
                script.code(f"time.sleep({_seconds(interval)})", indent=2)
            script.comment("sendto", 1)
            script.code(*send, "sent += 1", indent=1)
            _print(script, "p_sent", 1)
        elif count > 1:
            script.comment("repeat", count=count, interval=_seconds(interval))
            script.code(f"for i in range({count}):")
            if interval > 0:
                script.code("if i:", indent=1)
                script.code(f"time.sleep({_seconds(interval)})", indent=2)
            script.comment("sendto", 1)
            script.code(*send, indent=1)
            _print(script, "p_sent", 1)
        else:
            script.comment("sendto")
            script.code(*send)
            _print(script, "p_sent")
        if local_port is None:
            script.comment("auto_bound")
            script.code(f'print("{script.say("p_auto_bound")}", sock.getsockname())')
        script.blank()

    if forever and receive:
        script.comment("no_receive_while_repeating")
        script.blank()
    if waiting:
        _count_argument(script)
        script.code("received = 0", "while count == 0 or received < count:")
        script.comment("recvfrom", 1, size=recv_buffer)
        script.code(f"data, address = sock.recvfrom({int(recv_buffer)})", "received += 1", indent=1)
        shown = _show(script, codec, show_bytes, 1)
        _print(script, "p_received_from", 1, shown=shown)
        script.blank()

    script.comment("close")
    script.code("sock.close()")
    return script.text()


def _generate_udp(settings: UdpCode, script: _Script) -> str:
    return _udp(
        script,
        head="head_udp",
        remote_host=_host(settings.remote_host),
        remote_port=settings.remote_port,
        local_host=_host(settings.local_host),
        local_port=settings.local_port,
        payload=settings.payload,
        codec=_codec(settings.encoding),
        broadcast=settings.broadcast,
        reuse_address=settings.reuse_address,
        recv_buffer=settings.recv_buffer,
        receive=settings.receive,
        repeat=settings.repeat,
        interval=settings.interval,
        show_bytes=settings.show_bytes,
        broadcast_target=False,
    )


def _generate_broadcast(settings: BroadcastCode, script: _Script) -> str:
    return _udp(
        script,
        head="head_broadcast",
        remote_host=_host(settings.address),
        remote_port=settings.port,
        local_host="",
        local_port=settings.local_port,
        payload=settings.payload,
        codec=_codec(settings.encoding),
        broadcast=True,
        reuse_address=settings.reuse_address,
        recv_buffer=settings.recv_buffer,
        receive=settings.receive,
        repeat=settings.repeat,
        interval=settings.interval,
        show_bytes=settings.show_bytes,
        broadcast_target=True,
    )


# ------------------------------------------------------------------ TCP client


def _generate_tcp_client(settings: TcpClientCode, script: _Script) -> str:
    host = _host(settings.host)
    local_host = _host(settings.local_host)
    family = _family(host)
    codec = _codec(settings.encoding)
    count = max(1, int(settings.repeat))
    imports = ["socket"]
    if settings.receive:
        imports.append("sys")
    if settings.payload and count > 1 and settings.interval > 0:
        imports.append("time")

    script.comment("head_tcp_client")
    if settings.receive:
        script.comment("run_chunks")
    script.code(*_imports(*imports))
    script.blank()
    script.comment("tcp_socket", family=script.say(family))
    script.code(f"sock = socket.socket(socket.{family}, socket.SOCK_STREAM)")
    if settings.no_delay:
        script.comment("no_delay")
        script.code("sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)")
    if local_host or settings.local_port:
        script.comment("reuse")
        script.code("sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)")
        script.comment("client_bind")
        bind_host = local_host or _wildcard(family)
        script.code(f"sock.bind({_address(bind_host, settings.local_port)})")
    script.blank()
    if settings.timeout is not None:
        script.comment("timeout", timeout=_seconds(settings.timeout))
        script.code(f"sock.settimeout({_seconds(settings.timeout)})")
    script.comment("connect")
    script.code(f"sock.connect({_address(host, settings.port)})")
    if settings.timeout is not None:
        script.comment("no_timeout")
        script.code("sock.settimeout(None)")
    script.code(
        f'print("{script.say("p_connected")}", sock.getsockname(), "->", sock.getpeername())'
    )
    script.blank()

    if settings.payload:
        _payload(script, settings.payload, codec)
        if count > 1:
            script.comment("repeat", count=count, interval=_seconds(settings.interval))
            script.code(f"for i in range({count}):")
            if settings.interval > 0:
                script.code("if i:", indent=1)
                script.code(f"time.sleep({_seconds(settings.interval)})", indent=2)
            script.comment("sendall", 1)
            script.code("sock.sendall(data)", indent=1)
            _print(script, "p_sent_tcp", 1)
        else:
            script.comment("sendall")
            script.code("sock.sendall(data)")
            _print(script, "p_sent_tcp")
        script.blank()
    if settings.half_close:
        script.comment("shutdown")
        script.code("sock.shutdown(socket.SHUT_WR)")
        script.blank()

    if settings.receive:
        _count_argument(script)
        script.code("received = 0", "while count == 0 or received < count:")
        script.comment("recv", 1, size=settings.recv_size)
        script.code(f"data = sock.recv({int(settings.recv_size)})", indent=1)
        script.comment("server_closed", 1)
        script.code("if not data:", indent=1)
        script.code(f'print("{script.say("p_server_closed")}")', "break", indent=2)
        script.code("received += 1", indent=1)
        shown = _show(script, codec, settings.show_bytes, 1)
        _print(script, "p_received", 1, shown=shown)
        script.blank()

    script.comment("close")
    script.code("sock.close()")
    return script.text()


# ------------------------------------------------------------------ TCP server


def _generate_tcp_server(settings: TcpServerCode, script: _Script) -> str:
    host = _host(settings.host)
    family = _family(host)
    host = host or _wildcard(family)
    codec = _codec(settings.encoding)
    mode = settings.auto_reply
    reply = _as_bytes(settings.reply, codec) or b""
    close_on = _as_bytes(settings.close_on, codec)
    size = int(settings.recv_size)

    script.comment("head_tcp_server")
    script.comment("threads")
    script.comment("run_clients")
    script.code(*_imports("socket", "sys", "threading"))
    script.blank()
    if mode is AutoReply.FIXED and reply:
        script.comment("reply_const", encoding=codec.upper())
        script.code(f"REPLY = {_bytes_expression(reply, codec)}")
    if close_on is not None:
        script.comment("close_const", encoding=codec.upper())
        script.code(f"CLOSE_WORD = {_bytes_expression(close_on, codec)}")
    if settings.max_clients is not None:
        script.comment("slots", limit=int(settings.max_clients))
        script.code(f"places = threading.Semaphore({int(settings.max_clients)})")
    script.blank(2)

    close_word = script.say("serve_close_word") if close_on is not None else ""
    script.code("def serve(conn, address):")
    script.code(f'"""{script.say("serve", close_word=close_word)}"""', indent=1)
    script.code(f'print("{script.say("p_client_connected")}", address)', indent=1)
    script.code("while True:", indent=1)
    script.comment("recv", 2, size=size)
    script.code(f"data = conn.recv({size})", indent=2)
    script.comment("server_closed", 2)
    script.code("if not data:", indent=2)
    script.code("break", indent=3)
    shown = _show(script, codec, settings.show_bytes, 2)
    _print(script, "p_received_from", 2, shown=shown)
    if close_on is not None:
        script.comment("close_word", 2)
        script.code('if data.rstrip(b"\\r\\n") == CLOSE_WORD:', indent=2)
        script.code(f'print("{script.say("p_close_word")}", address)', "break", indent=3)
    if mode is AutoReply.ECHO:
        script.comment("echo", 2)
        script.code("conn.sendall(data)", indent=2)
    elif mode is AutoReply.FIXED and reply:
        script.comment("fixed", 2)
        script.code("conn.sendall(REPLY)", indent=2)
    script.comment("conn_close", 1)
    script.code("conn.close()", indent=1)
    if settings.max_clients is not None:
        script.comment("release", 1)
        script.code("places.release()", indent=1)
    script.code(f'print("{script.say("p_client_closed")}", address)', indent=1)
    script.blank(2)

    script.comment("tcp_socket", family=script.say(family))
    script.code(f"server = socket.socket(socket.{family}, socket.SOCK_STREAM)")
    if settings.reuse_address:
        script.comment("reuse")
        script.code("server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)")
    script.comment("bind_any_port" if settings.port == 0 else "bind")
    if host in ("0.0.0.0", "::"):
        script.comment("bind_wildcard", host=host)
    script.code(f"server.bind({_address(host, settings.port)})")
    script.comment("listen", backlog=int(settings.backlog))
    script.code(f"server.listen({int(settings.backlog)})")
    script.code(f'print("{script.say("p_listening")}", server.getsockname())')
    script.blank()

    _count_argument(script, "count_clients")
    script.code("threads = []", "while count == 0 or len(threads) < count:")
    script.comment("accept", 1)
    script.code("conn, address = server.accept()", indent=1)
    if settings.max_clients is not None:
        script.comment("max_clients", 1, limit=int(settings.max_clients))
        script.code("if not places.acquire(blocking=False):", indent=1)
        script.code(
            f'print("{script.say("p_turned_away")}", address)',
            "conn.close()",
            "continue",
            indent=2,
        )
    script.code(
        "thread = threading.Thread(target=serve, args=(conn, address), daemon=True)",
        "thread.start()",
        "threads.append(thread)",
        indent=1,
    )
    script.blank()
    script.comment("stop")
    script.code("server.close()", "for thread in threads:")
    script.code("thread.join()", indent=1)
    return script.text()


# ------------------------------------------------------------------ entry point


def generate(settings: CodeSettings, language: str = "en") -> str:
    """The plain-socket Python script for ``settings``, commented in ``language``."""
    script = _Script(language)
    if isinstance(settings, UdpCode):
        return _generate_udp(settings, script)
    if isinstance(settings, BroadcastCode):
        return _generate_broadcast(settings, script)
    if isinstance(settings, TcpClientCode):
        return _generate_tcp_client(settings, script)
    if isinstance(settings, TcpServerCode):
        return _generate_tcp_server(settings, script)
    raise TypeError(f"no code generator for {type(settings).__name__}")
