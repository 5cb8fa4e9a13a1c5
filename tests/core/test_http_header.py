"""The HTTP header splitter: the body passes through as it arrives, the header
block is kept back, wherever the recv chunks happen to cut it."""

from __future__ import annotations

import pytest

from socklab.core import HttpHeaderSplitter

RESPONSE = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>\r\n\r\nbody</html>"
HEADER = b"HTTP/1.0 200 OK\r\nContent-Type: text/html"
BODY = b"<html>\r\n\r\nbody</html>"


def split(chunks: list[bytes]) -> tuple[bytes | None, bytes]:
    splitter = HttpHeaderSplitter()
    body = b"".join(splitter.feed(chunk) for chunk in chunks) + splitter.finish()
    return splitter.header, body


def test_one_chunk():
    assert split([RESPONSE]) == (HEADER, BODY)


def test_byte_by_byte():
    assert split([RESPONSE[i : i + 1] for i in range(len(RESPONSE))]) == (HEADER, BODY)


@pytest.mark.parametrize("cut", range(len(HEADER) - 2, len(HEADER) + 6))
def test_every_cut_around_the_header_end(cut):
    assert split([RESPONSE[:cut], RESPONSE[cut:]]) == (HEADER, BODY)


@pytest.mark.parametrize("end", [b"\n\n", b"\r\n\n", b"\n\r\n"])
def test_bare_line_feeds_end_the_header_too(end):
    message = b"HTTP/1.0 200 OK\nServer: x" + end + b"body"
    for cut in range(len(message) + 1):
        assert split([message[:cut], message[cut:]]) == (b"HTTP/1.0 200 OK\nServer: x", b"body")


def test_no_header_end_keeps_everything_as_body():
    splitter = HttpHeaderSplitter()
    assert splitter.feed(b"no header here\r\n") == b""
    assert splitter.feed(b"still none") == b""
    assert splitter.finish() == b"no header here\r\nstill none"
    assert splitter.header is None and not splitter.found


def test_a_header_too_long_to_be_one_is_body():
    splitter = HttpHeaderSplitter(max_header=100)
    assert splitter.feed(b"x" * 60) == b""
    assert splitter.feed(b"y" * 60) == b"x" * 60 + b"y" * 60  # given up: all body, at once
    assert splitter.feed(b"\r\n\r\nz") == b"\r\n\r\nz"
    assert splitter.header is None


def test_an_empty_body():
    assert split([b"HTTP/1.0 204 No Content\r\n\r\n"]) == (b"HTTP/1.0 204 No Content", b"")
