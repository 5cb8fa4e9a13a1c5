"""Errors on Unix domain socket addresses are explained as paths, not ports."""

from __future__ import annotations

import pytest

from socklab.teaching.explain import explain


@pytest.mark.parametrize(
    ("code", "operation", "title"),
    [
        ("EADDRINUSE", "bind /tmp/s.sock", "The socket file already exists"),
        ("EADDRINUSE", "bind @demo", "The socket file already exists"),
        ("ECONNREFUSED", "connect to /tmp/s.sock", "Nothing is listening on this Unix socket"),
        ("ENOENT", "sendto /tmp/d.sock", "No socket file at this path"),
        ("EADDRINUSE", "bind 127.0.0.1:8080", "The address is already in use"),
    ],
)
def test_unix_operations_get_their_own_explanation(code, operation, title):
    explanation = explain(code, operation)
    assert explanation is not None and explanation.title == title


def test_the_unix_explanations_are_translated():
    explanation = explain("EADDRINUSE", "bind /tmp/s.sock", "zh_CN")
    assert explanation is not None and explanation.title == "套接字文件已经存在"
