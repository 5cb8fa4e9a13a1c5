"""Template fields: parsed once, each field expanded, errors at their column,
and a repeat-send whose every datagram carries the next counter to a real peer."""

from __future__ import annotations

import random
import re
import socket
import time

import pytest

from socklab.core import LineEnding, Mode, UdpSession, encode
from socklab.core.template import SendCounter, Template, TemplateError, expand

NOW = 1_700_000_000.25  # a fixed clock: 2023-11-14 22:13:20 UTC


def text(mode: Mode = Mode.TEXT, ending: LineEnding = LineEnding.NONE, encoding: str = "utf-8"):
    return lambda s: encode(s, mode, encoding, ending)


def run(source: str, counter: int = 1, mode: Mode = Mode.TEXT, **kw) -> bytes:
    return expand(
        Template.parse(source),
        counter,
        text(mode, kw.pop("ending", LineEnding.NONE), kw.pop("encoding", "utf-8")),
        hex_mode=mode is Mode.HEX,
        now=NOW,
        rng=random.Random(7),
    )


def test_each_field_in_text_mode():
    clock = time.strftime("%H:%M:%S", time.localtime(NOW)).encode()
    assert run("n={{counter}}", 42) == b"n=42"
    assert run("{{time}}") == clock
    assert run("{{unixtime}}") == b"1700000000"
    digits = run("{{random:12}}")
    assert re.fullmatch(rb"[0-9]{12}", digits)
    assert run("a{{len}}") == b"a2"


def test_each_field_in_hex_mode():
    assert run("01 {{counter}}", 258, Mode.HEX) == bytes.fromhex("01 00000102")
    assert run("{{unixtime}}", mode=Mode.HEX) == (1_700_000_000).to_bytes(4, "big")
    clock = time.strftime("%H:%M:%S", time.localtime(NOW)).encode()
    assert run("{{time}}", mode=Mode.HEX) == clock
    assert len(run("{{random:16}}", mode=Mode.HEX)) == 16
    assert run("aa {{len}} bb cc", mode=Mode.HEX) == bytes.fromhex("aa 0005 bb cc")


def test_len_counts_its_own_digits_and_the_line_ending_and_text_is_parsed_once():
    assert run("12345678{{len}}") == b"123456789"  # 8 bytes + its own digit
    assert run("123456789{{len}}") == b"12345678911"  # 9 + two digits: 11, not 10
    assert run("x{{len}}", ending=LineEnding.CRLF) == b"x4\r\n"
    assert run("ab{{len}}", encoding="utf-16") == "ab6".encode("utf-16-le")
    template = Template.parse("{{counter}}")
    got = [expand(template, n, text(), hex_mode=False) for n in (1, 2, 10)]
    assert got == [b"1", b"2", b"10"]


def test_the_same_random_bytes_while_len_is_settled():
    data = run("{{random:5}}{{len}}")
    assert data[5:] == b"6" and data[:5].isdigit()


def test_no_fields_is_the_text_itself():
    assert not Template.parse("plain { text }").has_fields
    assert run("plain { text }") == b"plain { text }"


@pytest.mark.parametrize(
    ("source", "message", "column"),
    [
        ("hello {{random:x}}", "{{random:x}} at column 7: N must be a number 1-1024", 7),
        ("{{random:0}}", "{{random:0}} at column 1: N must be a number 1-1024", 1),
        ("{{random:1025}}", "N must be a number 1-1024", 1),
        ("{{random}}", "{{random}} at column 1: give N, the size: {{random:8}}", 1),
        ("ab{{count}}", "{{count}} at column 3: unknown field; the fields are {{counter}}", 3),
        ("x {{counter", "{{ at column 3 is not closed with }}", 3),
    ],
)
def test_bad_fields_are_said_with_their_column(source, message, column):
    with pytest.raises(TemplateError) as caught:
        Template.parse(source)
    assert message in str(caught.value)
    assert caught.value.column == column


def test_a_bad_field_on_a_later_line_says_the_line():
    with pytest.raises(TemplateError, match=r"at line 2, column 3: N must") as caught:
        Template.parse("first\nab{{random:q}}")
    assert (caught.value.line, caught.value.column) == (2, 3)


def test_send_counter_takes_peeks_and_resets():
    counter = SendCounter()
    assert counter.peek() == 1
    assert [counter.take() for _ in range(3)] == [1, 2, 3]
    assert counter.peek() == 4
    counter.reset()
    assert counter.take() == 1


def test_repeat_send_expands_every_datagram_with_counters_1_to_n(sessions):
    session, _ = sessions(UdpSession)
    template, counter = Template.parse("#{{counter}}"), SendCounter()

    def next_payload() -> bytes:
        return expand(template, counter.take(), text(), hex_mode=False)

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(5)
        sent = session.send_repeated(next_payload, "127.0.0.1", peer.getsockname()[1], 25, 0)
        assert sent.result(10) == 25
        got = [peer.recv(100) for _ in range(25)]
    assert got == [f"#{n}".encode() for n in range(1, 26)]
