"""socklab.core.addresses: hosts, ports, endpoints, interfaces, broadcast."""

from __future__ import annotations

import ipaddress
import socket
from types import SimpleNamespace

import psutil
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socklab.core.addresses import (
    AddressError,
    Interface,
    directed_broadcast,
    family_for,
    is_broadcast,
    is_ipv6,
    local_interfaces,
    parse_endpoint,
    parse_host,
    parse_port,
    resolve,
)

# ------------------------------------------------------------------------ ports


@pytest.mark.parametrize(
    ("text", "port"),
    [("80", 80), (" 8080 ", 8080), ("1", 1), ("65535", 65535), (443, 443), ("+80", 80)],
)
def test_parse_port(text: str | int, port: int) -> None:
    assert parse_port(text) == port


@pytest.mark.parametrize("text", ["0", 0, " 0 ", "00"])
def test_parse_port_zero(text: str | int) -> None:
    assert parse_port(text, allow_zero=True) == 0
    with pytest.raises(AddressError) as info:
        parse_port(text)
    assert str(info.value) == "port 0 can only be used to bind (the system then chooses a port)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "port must be a number, not 'abc'"),
        ("80a", "port must be a number, not '80a'"),
        ("1.5", "port must be a number, not '1.5'"),
        ("0x50", "port must be a number, not '0x50'"),
        ("8 0", "port must be a number, not '8 0'"),
        ("70000", "port must be a number from 0 to 65535, not '70000'"),
        ("65536", "port must be a number from 0 to 65535, not '65536'"),
        ("-1", "port must be a number from 0 to 65535, not '-1'"),
        (70000, "port must be a number from 0 to 65535, not '70000'"),
        (-5, "port must be a number from 0 to 65535, not '-5'"),
        ("", "port is empty"),
        ("   ", "port is empty"),
        # Digits other than 0-9 are refused, not read as the number they look like.
        ("０８０", "port must be written with the digits 0-9, not '０８０'"),
        ("１２３", "port must be written with the digits 0-9, not '１２３'"),
        ("١٢٣", "port must be written with the digits 0-9, not '١٢٣'"),  # Arabic-Indic
        ("۸۰", "port must be written with the digits 0-9, not '۸۰'"),  # Persian
        ("८०", "port must be written with the digits 0-9, not '८०'"),  # Devanagari
        ("8０", "port must be written with the digits 0-9, not '8０'"),
        ("²", "port must be a number, not '²'"),
        (True, "port must be a number, not True"),
        (None, "port must be a number, not None"),
        (8.0, "port must be a number, not 8.0"),
    ],
)
def test_parse_port_invalid(text: object, message: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_port(text, allow_zero=True)  # type: ignore[arg-type]
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


@given(st.integers(0, 65535))
def test_parse_port_round_trip(port: int) -> None:
    assert parse_port(str(port), allow_zero=True) == port
    assert parse_port(port, allow_zero=True) == port


@given(st.integers().filter(lambda n: not 0 <= n <= 65535))
def test_parse_port_out_of_range(port: int) -> None:
    with pytest.raises(AddressError, match="from 0 to 65535"):
        parse_port(str(port), allow_zero=True)


# ------------------------------------------------------------------------ hosts


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("127.0.0.1", "127.0.0.1"),
        (" 10.0.0.5 ", "10.0.0.5"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
        ("::1", "::1"),
        ("[::1]", "::1"),
        ("[ ::1 ]", "::1"),
        ("::", "::"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("2001:DB8::0:1", "2001:db8::1"),
        ("fe80::1%lo", "fe80::1%lo"),
        ("[fe80::1%eth0]", "fe80::1%eth0"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("::ffff:102:304", "::ffff:1.2.3.4"),
        ("localhost", "localhost"),
        ("LocalHost", "localhost"),
        ("example.com", "example.com"),
        ("example.com.", "example.com"),
        ("a-b.c-d.example", "a-b.c-d.example"),
        ("x1", "x1"),
        ("1e100.net", "1e100.net"),
        ("0xcafe.com", "0xcafe.com"),
        ("a" * 63 + ".com", "a" * 63 + ".com"),
        ("例え.テスト", "例え.テスト"),
        ("Bücher.example", "bücher.example"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ],
)
def test_parse_host(text: str, host: str) -> None:
    assert parse_host(text) == host


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "host is empty"),
        ("   ", "host is empty"),
        ("[]", "host is empty"),
        ("300.1.1.1", "'300.1.1.1' is not a valid IPv4 address"),
        ("1.2.3", "'1.2.3' is not a valid IPv4 address"),
        ("1.2.3.4.5", "'1.2.3.4.5' is not a valid IPv4 address"),
        ("01.2.3.4", "'01.2.3.4' is not a valid IPv4 address"),
        ("1.2.3.4.", "'1.2.3.4.' is not a valid IPv4 address"),
        ("127.1", "'127.1' is not a valid IPv4 address"),
        ("2130706433", "'2130706433' is not a valid IPv4 address"),
        ("0x7f000001", "'0x7f000001' is not a valid IPv4 address"),
        ("0x7f.1", "'0x7f.1' is not a valid IPv4 address"),
        ("exa mple", "'exa mple' is not a valid host name"),
        ("a_b", "'a_b' is not a valid host name"),
        ("-a.com", "'-a.com' is not a valid host name"),
        ("a-.com", "'a-.com' is not a valid host name"),
        ("a..com", "'a..com' is not a valid host name"),
        (".com", "'.com' is not a valid host name"),
        ("host.123", "'host.123' is not a valid host name"),
        ("a" * 64 + ".com", f"'{'a' * 64}.com' is not a valid host name"),
        (".".join(["a" * 50] * 5), f"'{'.'.join(['a' * 50] * 5)}' is not a valid host name"),
        ("exa\tmple", "'exa\\tmple' is not a valid host name"),
        ("::g", "'::g' is not a valid IPv6 address"),
        ("1:2:3:4:5:6:7:8:9", "'1:2:3:4:5:6:7:8:9' is not a valid IPv6 address"),
        ("[1.2.3.4]", "'1.2.3.4' is not a valid IPv6 address"),
        ("[::1", "unbalanced brackets in '[::1'"),
        ("::1]", "unbalanced brackets in '::1]'"),
        ("[[::1]]", "unbalanced brackets in '[[::1]]'"),
        ("１２７.０.０.１", "write IP addresses with the digits 0-9, not '１２７.０.０.１'"),
        ("１２７．０．０．１", "write IP addresses with the digits 0-9, not '１２７．０．０．１'"),
        ("127.0.0.١", "write IP addresses with the digits 0-9, not '127.0.0.١'"),
        ("١٢٧٠٠٠٠١", "write IP addresses with the digits 0-9, not '١٢٧٠٠٠٠١'"),
        ("::١", "write IP addresses with the digits 0-9, not '::١'"),
        ("[::１]", "write IP addresses with the digits 0-9, not '::１'"),
        ("host.١٢٣", "'host.١٢٣' is not a valid host name"),
    ],
)
def test_parse_host_invalid(text: str, message: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_host(text)
    assert str(info.value) == message


@given(st.ip_addresses(v=4))
def test_parse_host_ipv4_round_trip(address: ipaddress.IPv4Address) -> None:
    assert parse_host(str(address)) == str(address)


@given(st.ip_addresses(v=6))
def test_parse_host_ipv6_round_trip(address: ipaddress.IPv6Address) -> None:
    for text in (str(address), address.exploded, f"[{address}]", address.exploded.upper()):
        host = parse_host(text)
        assert ipaddress.IPv6Address(host) == address
        assert parse_host(host) == host  # normalized is a fixed point
        assert is_ipv6(host)


_LABEL = st.from_regex(r"[a-z][a-z0-9-]{0,61}[a-z0-9]|[a-z]", fullmatch=True)


@given(st.lists(_LABEL, min_size=1, max_size=4))
def test_parse_host_names_round_trip(labels: list[str]) -> None:
    name = ".".join(labels)
    assert parse_host(name) == name
    assert parse_host(name.upper()) == name
    assert not is_ipv6(name)


# -------------------------------------------------------------------- endpoints


@pytest.mark.parametrize(
    ("text", "kwargs", "endpoint"),
    [
        ("127.0.0.1:8080", {}, ("127.0.0.1", 8080)),
        (" localhost:80 ", {}, ("localhost", 80)),
        ("[::1]:8080", {}, ("::1", 8080)),
        ("[fe80::1%lo]:9", {}, ("fe80::1%lo", 9)),
        ("[::]:0", {"allow_zero_port": True}, ("::", 0)),
        ("0.0.0.0:0", {"allow_zero_port": True}, ("0.0.0.0", 0)),
        ("8080", {"default_host": "0.0.0.0"}, ("0.0.0.0", 8080)),
        ("8080", {"default_host": "[::1]"}, ("::1", 8080)),
        (":8080", {"default_host": "127.0.0.1"}, ("127.0.0.1", 8080)),
        ("example.com:443", {"default_host": "127.0.0.1"}, ("example.com", 443)),
    ],
)
def test_parse_endpoint(text: str, kwargs: dict, endpoint: tuple[str, int]) -> None:
    assert parse_endpoint(text, **kwargs) == endpoint


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("", {}, "address is empty (expected host:port)"),
        ("127.0.0.1", {}, "missing port in '127.0.0.1' (expected host:port)"),
        (
            "localhost",
            {"default_host": "0.0.0.0"},
            "missing port in 'localhost' (expected host:port)",
        ),
        ("8080", {}, "missing host in '8080' (expected host:port)"),
        ("[::1:80", {}, "unbalanced brackets in '[::1:80'"),
        ("::1]:80", {}, "unbalanced brackets in '::1]:80'"),
        ("[::1]", {}, "missing port in '[::1]' (expected [host]:port)"),
        ("[::1]80", {}, "unexpected '80' after ']' in '[::1]80' (expected [host]:port)"),
        (
            "::1",
            {},
            "'::1' looks like an IPv6 address without brackets"
            " (write IPv6 with a port as [::1]:8080)",
        ),
        (
            "fe80::1:8080",
            {},
            "'fe80::1:8080' looks like an IPv6 address without brackets"
            " (write IPv6 with a port as [::1]:8080)",
        ),
        (":8080", {}, "host is empty"),
        ("127.0.0.1:", {}, "port is empty"),
        ("127.0.0.1:0", {}, "port 0 can only be used to bind (the system then chooses a port)"),
        ("127.0.0.1:70000", {}, "port must be a number from 0 to 65535, not '70000'"),
        ("127.0.0.1:http", {}, "port must be a number, not 'http'"),
        ("300.1.1.1:80", {}, "'300.1.1.1' is not a valid IPv4 address"),
        ("exa mple:80", {}, "'exa mple' is not a valid host name"),
        ("exa mple", {}, "'exa mple' is not a valid host name"),
        ("[1.2.3.4]:80", {}, "'1.2.3.4' is not a valid IPv6 address"),
        ("127.0.0.1:１２３", {}, "port must be written with the digits 0-9, not '１２３'"),
        ("127.0.0.1:١٢٣", {}, "port must be written with the digits 0-9, not '١٢٣'"),
        (
            "１２３",
            {"default_host": "0.0.0.0"},
            "port must be written with the digits 0-9, not '１２３'",
        ),
        ("１２７.０.０.１:80", {}, "write IP addresses with the digits 0-9, not '１２７.０.０.１'"),
        ("[::１]:80", {}, "write IP addresses with the digits 0-9, not '::１'"),
    ],
)
def test_parse_endpoint_invalid(text: str, kwargs: dict, message: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_endpoint(text, **kwargs)
    assert str(info.value) == message


@given(st.ip_addresses(), st.integers(1, 65535))
def test_parse_endpoint_round_trip(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int
) -> None:
    text = f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"
    host, parsed_port = parse_endpoint(text)
    assert ipaddress.ip_address(host) == address
    assert parsed_port == port
    assert family_for(host) == (socket.AF_INET6 if address.version == 6 else socket.AF_INET)


# -------------------------------------------------------- families and resolving


@pytest.mark.parametrize(
    ("host", "v6"),
    [
        ("::1", True),
        ("[::1]", True),
        (" fe80::1%eth0 ", True),
        ("::ffff:1.2.3.4", True),
        ("127.0.0.1", False),
        ("localhost", False),
        ("", False),
        ("[::1", False),
        ("::g", False),
    ],
)
def test_is_ipv6_and_family_for(host: str, v6: bool) -> None:
    assert is_ipv6(host) is v6
    assert family_for(host) == (socket.AF_INET6 if v6 else socket.AF_INET)


def test_resolve_localhost() -> None:
    assert resolve("localhost", 8080, family=socket.AF_INET) == ("127.0.0.1", 8080)
    address = resolve("localhost", 53, sock_type=socket.SOCK_STREAM)
    assert address[1] == 53
    assert ipaddress.ip_address(address[0]).is_loopback


def test_resolve_literals() -> None:
    assert resolve("127.0.0.1", 0) == ("127.0.0.1", 0)
    assert resolve("[::1]", 9)[:2] == ("::1", 9)
    assert resolve("0.0.0.0", 41400, sock_type=socket.SOCK_STREAM) == ("0.0.0.0", 41400)


def test_resolve_failure_is_an_address_error() -> None:
    # An IPv4 literal asked for as IPv6 fails inside getaddrinfo, without any network.
    with pytest.raises(AddressError, match=r"^cannot resolve '127\.0\.0\.1': .+"):
        resolve("127.0.0.1", 80, family=socket.AF_INET6)
    with pytest.raises(AddressError, match=r"^cannot resolve 'a\.\.b': "):
        resolve("a..b", 80)
    with pytest.raises(AddressError, match=r"^<broadcast> is IPv4 .+IPv6 socket cannot"):
        resolve("<broadcast>", 80, family=socket.AF_INET6)


def test_resolve_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(AddressError) as info:
        resolve("nosuch.invalid", 80)
    assert str(info.value) == "cannot resolve 'nosuch.invalid': Name or service not known"


# -------------------------------------------------------------------- broadcast


@pytest.mark.parametrize(
    ("address", "netmask", "broadcast"),
    [
        ("192.168.1.7", "255.255.255.0", "192.168.1.255"),
        ("192.168.1.7", 24, "192.168.1.255"),
        ("192.168.1.7", "24", "192.168.1.255"),
        ("10.1.2.3", "255.0.0.0", "10.255.255.255"),
        ("127.0.0.1", "255.0.0.0", "127.255.255.255"),
        ("172.16.5.4", "255.255.240.0", "172.16.15.255"),
        ("192.168.1.7", "255.255.255.252", "192.168.1.7"),
        ("1.2.3.4", 0, "255.255.255.255"),
        ("1.2.3.4", "0.0.0.0", "255.255.255.255"),
    ],
)
def test_directed_broadcast(address: str, netmask: str | int, broadcast: str) -> None:
    assert directed_broadcast(address, netmask) == broadcast


@pytest.mark.parametrize(
    ("address", "netmask", "message"),
    [
        ("10.0.0.1", "255.255.255.255", "no broadcast address in a /32 network"),
        ("10.0.0.1", 32, "no broadcast address in a /32 network"),
        ("10.0.0.1", "255.255.255.254", "no broadcast address in a /31 network"),
        ("10.0.0.1", 33, "33 is not a valid IPv4 netmask"),
        ("10.0.0.1", -1, "-1 is not a valid IPv4 netmask"),
        ("10.0.0.1", "255.0.255.0", "'255.0.255.0' is not a valid IPv4 netmask"),
        ("10.0.0.1", "0.0.0.255", "'0.0.0.255' is not a valid IPv4 netmask"),
        ("10.0.0.1", "mask", "'mask' is not a valid IPv4 netmask"),
        ("10.0.0.256", 24, "'10.0.0.256' is not a valid IPv4 address"),
        ("::1", 24, "'::1' is not a valid IPv4 address"),
    ],
)
def test_directed_broadcast_invalid(address: str, netmask: str | int, message: str) -> None:
    with pytest.raises(AddressError) as info:
        directed_broadcast(address, netmask)
    assert str(info.value) == message


@given(st.ip_addresses(v=4), st.integers(0, 30))
def test_directed_broadcast_agrees_with_ipaddress(
    address: ipaddress.IPv4Address, prefix: int
) -> None:
    expected = str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).broadcast_address)
    network = ipaddress.ip_network(f"0.0.0.0/{prefix}")
    assert directed_broadcast(str(address), prefix) == expected
    assert directed_broadcast(str(address), str(network.netmask)) == expected


def test_local_interfaces_have_loopback() -> None:
    found = local_interfaces()
    loopback = [i for i in found if i.address == "127.0.0.1"]
    assert len(loopback) == 1
    lo = loopback[0]
    assert lo.broadcast == "127.255.255.255"
    assert lo.family == socket.AF_INET
    assert lo.is_loopback and lo.is_up
    assert lo.netmask == "255.0.0.0"
    assert lo.label() == f"{lo.name} — 127.0.0.1/8, broadcast 127.255.255.255"
    assert all(isinstance(i, Interface) for i in found)
    assert all(i.family in (socket.AF_INET, socket.AF_INET6) for i in found)
    assert all(i.broadcast is None for i in found if i.family == socket.AF_INET6)
    v4_only = local_interfaces(include_ipv6=False)
    assert v4_only == [i for i in found if i.family == socket.AF_INET]


def test_local_interfaces_from_psutil(monkeypatch: pytest.MonkeyPatch) -> None:
    def nic(
        family: int,
        address: str,
        netmask: str | None,
        broadcast: str | None = None,
        ptp: str | None = None,
    ) -> SimpleNamespace:
        return SimpleNamespace(
            family=family, address=address, netmask=netmask, broadcast=broadcast, ptp=ptp
        )

    addrs = {
        "lo": [nic(socket.AF_INET, "127.0.0.1", "255.0.0.0"), nic(socket.AF_INET6, "::1", None)],
        "eth0": [
            nic(psutil.AF_LINK, "02:00:00:00:00:01", None, "ff:ff:ff:ff:ff:ff"),
            nic(socket.AF_INET6, "fe80::1%eth0", "ffff:ffff:ffff:ffff::"),
            nic(socket.AF_INET, "192.168.1.7", "255.255.255.0", "192.168.1.255"),
        ],
        "wlan0": [nic(socket.AF_INET, "10.0.0.5", "255.255.255.0")],  # no broadcast given
        "tun0": [nic(socket.AF_INET, "10.8.0.2", "255.255.255.0", None, "10.8.0.1")],
        "vpn0": [nic(socket.AF_INET, "10.9.0.2", "255.255.255.255")],
    }
    stats = {
        "lo": SimpleNamespace(isup=True, flags="up,loopback,running"),
        "eth0": SimpleNamespace(isup=True, flags="up,broadcast"),
        "wlan0": SimpleNamespace(isup=False, flags="broadcast"),
        "tun0": SimpleNamespace(isup=True, flags="up,pointopoint"),
    }
    monkeypatch.setattr(psutil, "net_if_addrs", lambda: addrs)
    monkeypatch.setattr(psutil, "net_if_stats", lambda: stats)

    found = {(i.name, i.address): i for i in local_interfaces()}
    assert list(found) == [
        ("lo", "127.0.0.1"),
        ("lo", "::1"),
        ("eth0", "192.168.1.7"),  # IPv4 first within an interface
        ("eth0", "fe80::1%eth0"),
        ("wlan0", "10.0.0.5"),
        ("tun0", "10.8.0.2"),
        ("vpn0", "10.9.0.2"),
    ]
    assert found["lo", "127.0.0.1"].broadcast == "127.255.255.255"
    assert found["lo", "::1"].is_loopback and found["lo", "::1"].broadcast is None
    assert found["eth0", "192.168.1.7"].broadcast == "192.168.1.255"
    assert not found["eth0", "192.168.1.7"].is_loopback
    assert found["wlan0", "10.0.0.5"].broadcast == "10.0.0.255"  # computed
    assert not found["wlan0", "10.0.0.5"].is_up
    assert found["tun0", "10.8.0.2"].broadcast is None  # point to point
    assert found["vpn0", "10.9.0.2"].broadcast is None  # /32
    assert not found["vpn0", "10.9.0.2"].is_up  # no stats: not known to be up
    assert [i.address for i in local_interfaces(include_ipv6=False)] == [
        "127.0.0.1",
        "192.168.1.7",
        "10.0.0.5",
        "10.8.0.2",
        "10.9.0.2",
    ]

    labels = {key: i.label() for key, i in found.items()}
    assert labels["eth0", "192.168.1.7"] == "eth0 — 192.168.1.7/24, broadcast 192.168.1.255"
    assert labels["eth0", "fe80::1%eth0"] == "eth0 — fe80::1%eth0/64"
    assert labels["wlan0", "10.0.0.5"] == "wlan0 — 10.0.0.5/24, broadcast 10.0.0.255, down"
    assert labels["lo", "::1"] == "lo — ::1"  # no netmask, no prefix

    assert is_broadcast("192.168.1.255")
    assert is_broadcast("10.0.0.255")
    assert is_broadcast("127.255.255.255")
    assert not is_broadcast("10.8.0.255")


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("255.255.255.255", True),
        (" 255.255.255.255 ", True),
        ("127.255.255.255", True),
        ("127.0.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("ff02::1", False),
        ("localhost", False),
        ("", False),
        ("not an address", False),
    ],
)
def test_is_broadcast(host: str, expected: bool) -> None:
    assert is_broadcast(host) is expected


def test_every_local_broadcast_is_broadcast() -> None:
    for interface in local_interfaces(include_ipv6=False):
        if interface.broadcast:
            assert is_broadcast(interface.broadcast)
            assert not is_broadcast(interface.address)
