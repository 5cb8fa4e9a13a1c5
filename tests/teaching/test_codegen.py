"""Show the code: every generated script compiles, runs in its own process against
a live SockLab session (or a plain peer socket) on loopback, and does what it says:
the peer gets the exact bytes, the script prints exactly what it received."""

from __future__ import annotations

import ast
import itertools
import re
import socket
from pathlib import Path

import pytest

from socklab.core.events import PeerJoined, PeerLeft, Received, State, StateChanged
from socklab.core.sessions.tcp_client import TcpClientOptions, TcpClientSession
from socklab.core.sessions.tcp_server import AutoReply, TcpServerOptions, TcpServerSession
from socklab.core.sessions.udp import UdpOptions, UdpSession
from socklab.teaching.codegen import (
    BroadcastCode,
    TcpClientCode,
    TcpServerCode,
    UdpCode,
    generate,
)

LANGUAGES = ["en", "zh_CN"]
ENDED = {State.PEER_CLOSED, State.RESET, State.CLOSED}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _received(log) -> list[bytes]:
    return [e.data for e in log.of(Received)]


def _comments(script: str) -> list[str]:
    return [line.strip() for line in script.splitlines() if line.strip().startswith("#")]


def _imports(script: str) -> set[str]:
    tree = ast.parse(script)
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }


def _free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------- every script compiles


def _spread() -> list:
    """A spread of settings for every tab: the main axes in full, the rest cycled."""
    cycle = itertools.cycle
    encodings, interval = cycle(["utf-8", "gbk", "utf-16", "big5"]), cycle([0, 0.5])
    spread: list = [
        UdpCode(
            remote_host=host,
            local_host=next(cycle(["", "127.0.0.1"])),
            local_port=local_port,
            payload=payload,
            encoding=next(encodings),
            broadcast=options,
            reuse_address=options,
            receive=receive,
            repeat=repeat,
            interval=next(interval),
            show_bytes=not receive,
        )
        for host, local_port, payload, options, receive, repeat in itertools.product(
            ["127.0.0.1", "[::1]", "localhost"],
            [None, 0, 9000],
            [b"", b"hi", "你好".encode("gbk"), b"\x00\xff" * 300],
            [False, True],
            [False, True],
            [1, 3, None],
        )
    ]
    spread += [
        BroadcastCode(
            address=address, local_port=port, payload=b"x" * size, repeat=repeat, receive=receive
        )
        for address, port, size, repeat, receive in itertools.product(
            ["255.255.255.255", "127.255.255.255"],
            [None, 0],
            [1, 1000],
            [1, 5, None],
            [False, True],
        )
    ]
    spread += [
        TcpClientCode(
            host=host,
            payload=payload,
            half_close=half_close,
            timeout=next(cycle([None, 2.5])),
            local_host=local_host,
            local_port=next(cycle([0, 40000])),
            no_delay=half_close,
            receive=receive,
            repeat=next(cycle([1, 2])),
            interval=next(interval),
            encoding=next(encodings),
        )
        for host, payload, half_close, local_host, receive in itertools.product(
            ["127.0.0.1", "::1"],
            [b"", b"hello\n", b"\x01\x02"],
            [False, True],
            [None, "127.0.0.1"],
            [False, True],
        )
    ]
    spread += [
        TcpServerCode(
            host=host,
            port=next(cycle([0, 8080])),
            backlog=next(cycle([1, 128])),
            reuse_address=next(cycle([False, True])),
            auto_reply=mode,
            reply=reply,
            close_on=close_on,
            encoding=next(encodings),
            max_clients=max_clients,
            show_bytes=max_clients is None,
        )
        for host, mode, reply, close_on, max_clients in itertools.product(
            ["0.0.0.0", "::", "::1", ""],
            list(AutoReply),
            [b"", "已收到", b"\xff\xfe"],
            [None, b"exit", "再见"],
            [None, 2],
        )
    ]
    return spread


def test_every_generated_script_compiles_in_both_languages():
    for settings, language in itertools.product(_spread(), LANGUAGES):
        script = generate(settings, language)
        compile(script, f"<{settings}>", "exec")
        assert _imports(script) <= {"socket", "sys", "time", "threading"}
        comments = _comments(script)
        assert comments
        if language == "zh_CN":
            assert CJK.search(" ".join(comments))
        else:
            assert not any(CJK.search(c) for c in comments)


def test_options_appear_only_when_set():
    plain = generate(UdpCode(remote_port=9, payload=b"x"))
    assert "setsockopt" not in plain and "sock.bind(" not in plain
    assert "sendto() binds" in plain
    both = generate(UdpCode(remote_port=9, payload=b"x", broadcast=True, reuse_address=True))
    assert "SO_BROADCAST, 1)" in both and "SO_REUSEADDR, 1)" in both
    server = generate(TcpServerCode(port=9, backlog=17, reuse_address=False))
    assert "SO_REUSEADDR" not in server and "server.listen(17)" in server
    assert "socket.AF_INET6" in generate(TcpServerCode(host="[::1]", port=9))
    text = generate(UdpCode(payload="你好".encode("gbk"), encoding="gbk"))
    assert 'message = "你好"' in text and 'message.encode("gbk")' in text
    binary = generate(UdpCode(payload=b"\x00\xff", encoding="gbk"))
    assert 'data = b"\\x00\\xff"' in binary
    big = generate(UdpCode(payload=b"x" * 70_000))
    assert 'message = "x" * 70000' in big
    assert 'data.rstrip(b"\\r\\n") == CLOSE_WORD' in generate(TcpServerCode(close_on=b"exit"))


def test_unknown_settings_are_refused():
    with pytest.raises(TypeError, match="no code generator for str"):
        generate("udp")  # type: ignore[arg-type]


# ---------------------------------------------------------------- the scripts stay the same

GOLDEN = Path(__file__).resolve().parent / "golden"

#: A script of each kind with most of its options set; tests/teaching/golden holds
#: what they were, in both languages. Rewrite them (after a change you meant) with
#: ``PYTHONPATH=app python tests/teaching/test_codegen.py``.
GOLDEN_SETTINGS = {
    "udp_send_gbk": UdpCode(remote_port=9000, payload="你好".encode("gbk"), encoding="gbk"),
    "udp_receiver": UdpCode(
        local_host="0.0.0.0", local_port=9000, reuse_address=True, recv_buffer=2048, show_bytes=True
    ),
    "udp_until_stopped_ipv6": UdpCode(
        remote_host="[::1]", remote_port=9000, payload=b"tick\n", repeat=None, interval=0.5
    ),
    "broadcast": BroadcastCode(
        address="192.168.1.255",
        port=9999,
        local_port=0,
        payload=b"x" * 1000,
        repeat=5,
        receive=True,
    ),
    "tcp_client": TcpClientCode(
        port=8080,
        timeout=2.5,
        payload=b"hello\n",
        encoding="utf-16",
        half_close=True,
        local_host="127.0.0.1",
        local_port=40000,
        no_delay=True,
        repeat=2,
        interval=0.5,
    ),
    "tcp_server_classroom": TcpServerCode(
        auto_reply="fixed", reply="已收到", close_on="exit", encoding="gbk", max_clients=2
    ),
    "tcp_server_echo_ipv6": TcpServerCode(
        host="::", port=0, reuse_address=False, auto_reply="echo", show_bytes=True
    ),
}


def _golden(name: str, language: str) -> Path:
    return GOLDEN / f"{name}.{language}.txt"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(GOLDEN_SETTINGS))
def test_scripts_are_byte_for_byte_what_they_were(name, language):
    expected = _golden(name, language).read_text(encoding="utf-8")
    assert generate(GOLDEN_SETTINGS[name], language) == expected


def write_golden() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for name, settings in GOLDEN_SETTINGS.items():
        for language in LANGUAGES:
            _golden(name, language).write_text(generate(settings, language), encoding="utf-8")


# ---------------------------------------------------------------- UDP


@pytest.mark.parametrize("language", LANGUAGES)
def test_udp_sender_auto_binds_and_prints_the_reply(sessions, run_script, language):
    session, log = sessions(UdpSession)
    port = session.open("127.0.0.1", 0).result(5)[1]
    payload = "hello 你好".encode()
    script = run_script(generate(UdpCode(remote_port=port, payload=payload), language), 1)
    datagram = log.wait_for(lambda e: isinstance(e, Received))
    assert datagram.data == payload
    assert script.expect_port("bound the socket to|系统自动绑定到") == datagram.peer[1]
    session.send("pong 回复".encode(), *datagram.peer[:2]).result(5)
    script.expect(re.escape(repr("pong 回复")))
    script.finish()


def test_udp_ipv6_bound_gbk_exchange(sessions, run_script):
    session, log = sessions(UdpSession)
    port = session.open("::1", 0).result(5)[1]
    settings = UdpCode(
        remote_host="::1",
        remote_port=port,
        local_host="::1",
        local_port=0,
        payload="你好".encode("gbk"),
        encoding="gbk",
        reuse_address=True,
    )
    source = generate(settings, "zh_CN")
    assert "socket.AF_INET6" in source and "SO_REUSEADDR" in source
    script = run_script(source, 1)
    bound = script.expect_port("已绑定到")
    datagram = log.wait_for(lambda e: isinstance(e, Received))
    assert datagram.data == "你好".encode("gbk")
    assert datagram.peer[:2] == ("::1", bound)
    session.send("已收到".encode("gbk"), "::1", bound).result(5)
    script.expect(re.escape(repr("已收到")))
    script.finish()


def test_udp_receiver_buffer_cuts_long_datagrams(sessions, run_script):
    settings = UdpCode(local_host="127.0.0.1", local_port=0, encoding="gbk", recv_buffer=4)
    script = run_script(generate(settings), 2)
    port = script.expect_port("bound to")
    session, _ = sessions(UdpSession)
    session.send("你好世界!".encode("gbk"), "127.0.0.1", port).result(5)
    script.expect(r"received 4 bytes .*" + re.escape(repr("你好")))
    session.send(b"ok", "127.0.0.1", port).result(5)
    script.expect(r"received 2 bytes .*'ok'")
    script.finish()


def test_udp_binary_payload_and_bytes_display(sessions, run_script):
    session, log = sessions(UdpSession)
    port = session.open("127.0.0.1", 0).result(5)[1]
    payload = b"\x00\xffdata\x07"
    script = run_script(generate(UdpCode(remote_port=port, payload=payload, show_bytes=True)), 1)
    datagram = log.wait_for(lambda e: isinstance(e, Received))
    assert datagram.data == payload
    session.send(b"\x01\x02", *datagram.peer[:2]).result(5)
    script.expect(re.escape(repr(b"\x01\x02")))
    script.finish()


def test_udp_repeat_sends_count_then_ends(sessions, run_script):
    session, log = sessions(UdpSession)
    port = session.open("127.0.0.1", 0).result(5)[1]
    settings = UdpCode(remote_port=port, payload=b"tick", repeat=3, interval=0.01, receive=False)
    run_script(generate(settings)).finish()
    log.wait_until(lambda: len(_received(log)) == 3)
    until_stopped = UdpCode(remote_port=port, payload=b"tock", repeat=None, receive=True)
    run_script(generate(until_stopped), 4).finish()  # the count is how many to send
    log.wait_until(lambda: len(_received(log)) == 7)
    assert _received(log) == [b"tick"] * 3 + [b"tock"] * 4


@pytest.mark.parametrize("tab", ["broadcast", "udp"])
def test_broadcast_reaches_sockets_on_all_addresses(sessions, run_script, tab):
    session, log = sessions(UdpSession, UdpOptions(reuse_address=True))
    port = session.open("0.0.0.0", 0).result(5)[1]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as plain:
        plain.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        plain.bind(("0.0.0.0", port))
        plain.settimeout(5)
        payload = "广播 hello".encode()
        if tab == "broadcast":
            settings = BroadcastCode(
                address="127.255.255.255",
                port=port,
                payload=payload,
                repeat=2,
                interval=0.01,
                receive=True,
            )
        else:
            settings = UdpCode(
                remote_host="127.255.255.255",
                remote_port=port,
                payload=payload,
                broadcast=True,
                repeat=2,
            )
        source = generate(settings)
        assert "socket.SO_BROADCAST, 1)" in source
        script = run_script(source, 1)
        assert [plain.recvfrom(100)[0] for _ in range(2)] == [payload, payload]
        log.wait_until(lambda: len(_received(log)) == 2)
        assert _received(log) == [payload, payload]
        source_address = log.of(Received)[0].peer
        session.send(b"reply", *source_address[:2]).result(5)
        script.expect("'reply'")
        script.finish()


# ---------------------------------------------------------------- TCP client


@pytest.mark.parametrize("language", LANGUAGES)
def test_tcp_client_to_echo_server(sessions, run_script, language):
    server, log = sessions(TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO))
    port = server.start("127.0.0.1", 0).result(5)[1]
    payload = "hello 你好".encode()
    script = run_script(generate(TcpClientCode(port=port, payload=payload), language), 1)
    script.expect(re.escape(repr("hello 你好")))
    script.finish()
    assert log.wait_for(lambda e: isinstance(e, PeerLeft)).state is State.PEER_CLOSED
    assert b"".join(_received(log)) == payload


def test_tcp_client_half_close_ipv6_gbk(sessions, run_script):
    server, log = sessions(TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO))
    port = server.start("::1", 0).result(5)[1]
    settings = TcpClientCode(
        host="::1", port=port, payload="你好".encode("gbk"), encoding="gbk", half_close=True
    )
    source = generate(settings, "zh_CN")
    assert "sock.shutdown(socket.SHUT_WR)" in source and "socket.AF_INET6" in source
    script = run_script(source)  # no count: it reads until the server closes
    output = script.finish()
    assert repr("你好") in output and "服务器已关闭连接" in output
    assert b"".join(_received(log)) == "你好".encode("gbk")


def test_tcp_client_local_bind_to_fixed_reply_server(sessions, run_script):
    reply = "已收到".encode("gbk")
    options = TcpServerOptions(auto_reply=AutoReply.FIXED, reply=reply)
    server, log = sessions(TcpServerSession, options)
    port = server.start("127.0.0.1", 0).result(5)[1]
    local_port = _free_port()
    settings = TcpClientCode.from_options(
        "127.0.0.1",
        port,
        TcpClientOptions(local_host="127.0.0.1", local_port=local_port, no_delay=True),
        payload="你好".encode("gbk"),
        encoding="gbk",
    )
    script = run_script(generate(settings), 1)
    script.expect(re.escape(repr("已收到")))
    script.finish()
    joined = log.wait_for(lambda e: isinstance(e, PeerJoined))
    assert joined.peer == ("127.0.0.1", local_port)
    assert _received(log) == ["你好".encode("gbk")]


def test_tcp_client_repeat_without_receiving(sessions, run_script):
    server, log = sessions(TcpServerSession)
    port = server.start("127.0.0.1", 0).result(5)[1]
    settings = TcpClientCode(port=port, payload=b"ab\n", repeat=3, interval=0.01, receive=False)
    run_script(generate(settings)).finish()
    log.wait_for(lambda e: isinstance(e, PeerLeft))
    assert b"".join(_received(log)) == b"ab\n" * 3  # TCP may merge the three sends


# ---------------------------------------------------------------- TCP server

LISTENING = "listening on|正在监听"


def _client(sessions, port: int, host: str = "127.0.0.1"):
    client, log = sessions(TcpClientSession)
    client.connect(host, port).result(5)
    return client, log


def _ended(log) -> StateChanged:
    return log.wait_for(lambda e: isinstance(e, StateChanged) and e.state in ENDED)


@pytest.mark.parametrize("language", LANGUAGES)
def test_tcp_server_fixed_reply_gbk_and_close_on_exit(sessions, run_script, language):
    settings = TcpServerCode(
        host="127.0.0.1",
        port=0,
        backlog=5,
        auto_reply="fixed",
        reply="已收到",
        close_on="exit",
        encoding="gbk",
    )
    source = generate(settings, language)
    assert "server.listen(5)" in source
    script = run_script(source, 1)
    client, log = _client(sessions, script.expect_port(LISTENING))
    client.send("你好".encode("gbk")).result(5)
    assert log.wait_for(lambda e: isinstance(e, Received)).data == "已收到".encode("gbk")
    script.expect(re.escape(repr("你好")))
    client.send(b"exit").result(5)
    assert _ended(log).state is State.PEER_CLOSED
    script.expect("'exit'")
    script.finish()


def test_tcp_server_echo_ipv6_on_a_chosen_port(sessions, run_script):
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
        probe.bind(("::1", 0))
        port = probe.getsockname()[1]
    settings = TcpServerCode.from_options(
        "::1", port, TcpServerOptions(backlog=1, auto_reply=AutoReply.ECHO)
    )
    script = run_script(generate(settings), 1)
    assert script.expect_port(LISTENING) == port
    client, log = _client(sessions, port, "::1")
    client.send("echo 回声".encode()).result(5)
    log.wait_until(lambda: b"".join(_received(log)) == "echo 回声".encode())
    client.close().result(5)
    script.expect("connection closed")
    script.finish()


def test_tcp_server_talks_to_two_clients_at_once(sessions, run_script):
    settings = TcpServerCode(host="127.0.0.1", port=0, auto_reply="off", show_bytes=True)
    script = run_script(generate(settings), 2)
    port = script.expect_port(LISTENING)
    first, first_log = _client(sessions, port)
    second, second_log = _client(sessions, port)
    second.send(b"\x02second").result(5)  # served while the first is still connected
    script.expect(re.escape(repr(b"\x02second")))
    first.send(b"\x01first").result(5)
    script.expect(re.escape(repr(b"\x01first")))
    first.close().result(5)
    second.close().result(5)
    script.finish()
    assert not first_log.of(Received) and not second_log.of(Received)  # auto-reply off


def test_tcp_server_turns_away_clients_over_the_limit(sessions, run_script):
    settings = TcpServerCode(host="127.0.0.1", port=0, max_clients=1, auto_reply="echo")
    script = run_script(generate(settings), 2)
    port = script.expect_port(LISTENING)
    first, first_log = _client(sessions, port)
    script.expect("client connected")
    _second, second_log = _client(sessions, port)
    script.expect("turned away")
    assert _ended(second_log).state in {State.PEER_CLOSED, State.RESET}
    first.send(b"still here").result(5)
    assert first_log.wait_for(lambda e: isinstance(e, Received)).data == b"still here"
    first.close().result(5)
    script.expect("connection closed")
    third, third_log = _client(sessions, port)  # a place is free again
    third.send(b"third").result(5)
    assert third_log.wait_for(lambda e: isinstance(e, Received)).data == b"third"
    third.close().result(5)
    script.finish()


if __name__ == "__main__":
    write_golden()
