"""The classroom's idioms as Python's socket module reads them: ``""`` binds every
interface, ``<broadcast>`` is 255.255.255.255, ``fe80::1%eth0`` carries a scope;
and IPv4-mapped peers of a dual-stack socket are shown as IPv4."""

from __future__ import annotations

import socket

import pytest

from socklab.core import AddressError, format_addr, parse_bind_host, parse_endpoint, parse_host
from socklab.core.addresses import is_broadcast, resolve
from socklab.core.ipv6 import shown_host, unmap_host


def test_broadcast_name_is_accepted_exactly_as_python_writes_it() -> None:
    assert parse_host(" <broadcast> ") == "<broadcast>"
    assert parse_endpoint("<broadcast>:9000") == ("<broadcast>", 9000)
    assert resolve("<broadcast>", 9000) == ("255.255.255.255", 9000)
    assert is_broadcast("<broadcast>")
    for other in ("<BROADCAST>", "<broadcast", "[<broadcast>]"):
        with pytest.raises(AddressError):
            parse_host(other)


def test_empty_bind_host_means_every_interface() -> None:
    assert parse_bind_host("  ") == ""
    assert parse_bind_host(" 127.0.0.1 ") == "127.0.0.1"
    assert resolve("", 41400) == ("0.0.0.0", 41400)
    assert resolve("", 41400, family=socket.AF_INET6) == ("::", 41400, 0, 0)
    with pytest.raises(AddressError, match="host is empty"):
        parse_host("")  # a destination still needs one


def test_scope_names_an_interface_of_this_machine() -> None:
    assert parse_host("fe80::1%lo") == "fe80::1%lo"
    assert parse_endpoint("[fe80::1%lo]:80") == ("fe80::1%lo", 80)
    index = socket.if_nametoindex("lo")
    assert parse_host(f"fe80::1%{index}") == f"fe80::1%{index}"
    with pytest.raises(AddressError, match=r"^no network interface 'nosuch0' on this machine"):
        parse_host("fe80::1%nosuch0")
    with pytest.raises(AddressError, match="no network interface '999999'"):
        parse_host("fe80::1%999999")


def test_mapped_and_scoped_addresses_are_shown_as_people_read_them() -> None:
    assert unmap_host("::ffff:127.0.0.1") == "127.0.0.1"
    assert unmap_host("::FFFF:10.0.0.1") == "10.0.0.1"
    assert unmap_host("::ffff:7f00:1") == "::ffff:7f00:1"  # not the dotted form: as it is
    assert unmap_host("::1") == "::1"
    assert format_addr(("::ffff:127.0.0.1", 8080, 0, 0)) == "127.0.0.1:8080"
    index = socket.if_nametoindex("lo")
    assert shown_host(("fe80::1", 1, 0, index)) == "fe80::1%lo"
    assert format_addr(("fe80::1%lo", 1, 0, index)) == "[fe80::1%lo]:1"
    assert format_addr(("fe80::1", 1, 0, 999_999)) == "[fe80::1%999999]:1"
    assert format_addr(("::1", 1, 0, 0)) == "[::1]:1"
