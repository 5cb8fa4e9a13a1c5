"""Host names, IP addresses, ports and endpoints as the user types them.

Every parser returns a normalized value or raises :class:`AddressError` whose
text is a sentence the GUI can show as is. Also: the machine's interfaces
(via psutil) and their IPv4 broadcast addresses.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from dataclasses import dataclass

__all__ = [
    "AddressError",
    "Interface",
    "directed_broadcast",
    "family_for",
    "is_broadcast",
    "is_ipv6",
    "local_interfaces",
    "parse_bind_host",
    "parse_endpoint",
    "parse_host",
    "parse_port",
    "python_address",
    "resolve",
]

LIMITED_BROADCAST = "255.255.255.255"
#: Python's own name for 255.255.255.255 in an IPv4 address tuple (exactly so written).
BROADCAST_NAME = "<broadcast>"
_IPV6_HINT = "write IPv6 with a port as [::1]:8080"


class AddressError(ValueError):
    """A host, port or endpoint is not valid; ``str(e)`` says what is wrong."""


# ---------------------------------------------------------------------- ports

_SIGNED_NUMBER = re.compile(r"[+-]?[0-9]+")


def _other_digits(text: str) -> bool:
    """True if ``text`` holds decimal digits other than 0-9 (fullwidth, Arabic-Indic...)."""
    return any(char.isdecimal() and not char.isascii() for char in text)


def _as_ascii_digits(text: str) -> str:
    """``text`` with every decimal digit and fullwidth form as its ASCII twin:
    what it would read as if those digits were taken for 0-9."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in folded)


def parse_port(text: str | int, *, allow_zero: bool = False) -> int:
    """``"8080"`` -> 8080. Port 0 ("let the system choose") only with ``allow_zero``."""
    if isinstance(text, bool) or not isinstance(text, (int, str)):
        raise AddressError(f"port must be a number, not {text!r}")
    shown = str(text).strip()
    if isinstance(text, int):
        port = text
    else:
        if not shown:
            raise AddressError("port is empty")
        if _other_digits(shown):
            raise AddressError(f"port must be written with the digits 0-9, not {shown!r}")
        if not _SIGNED_NUMBER.fullmatch(shown):
            raise AddressError(f"port must be a number, not {shown!r}")
        port = int(shown)
    if not 0 <= port <= 65535:
        raise AddressError(f"port must be a number from 0 to 65535, not {shown!r}")
    if port == 0 and not allow_zero:
        raise AddressError("port 0 can only be used to bind (the system then chooses a port)")
    return port


# ---------------------------------------------------------------------- hosts

# What inet_aton() would read as an IPv4 address ("127.1", "0x7f000001", "017.0.0.1"):
# never let such a string pass as a host name.
_NUMERIC_HOST = re.compile(r"(?:0[xX][0-9a-fA-F]*|\d+)(?:\.(?:0[xX][0-9a-fA-F]*|\d*))*", re.ASCII)
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.ASCII)


def _ipv6_text(address: ipaddress.IPv6Address) -> str:
    """The compressed form; v4-mapped addresses keep their dotted tail (as Python 3.13)."""
    mapped = address.ipv4_mapped
    if mapped is None:
        return address.compressed
    scope = f"%{address.scope_id}" if address.scope_id else ""
    return f"::ffff:{mapped}{scope}"


def _parse_ipv6(text: str) -> str:
    try:
        address = ipaddress.IPv6Address(text)
    except ValueError:
        raise AddressError(f"{text!r} is not a valid IPv6 address") from None
    if address.scope_id:
        _check_scope(address.scope_id)
    return _ipv6_text(address)


def _check_scope(scope: str) -> None:
    """The scope of ``fe80::1%eth0`` names an interface of this machine (or its index)."""
    try:
        if scope.isascii() and scope.isdigit():
            socket.if_indextoname(int(scope))
        else:
            socket.if_nametoindex(scope)
    except (OSError, ValueError, OverflowError):
        raise AddressError(
            f"no network interface {scope!r} on this machine (after % comes the interface "
            "of a link-local address, such as eth0)"
        ) from None


def _parse_ipv4(text: str) -> str:
    try:
        return str(ipaddress.IPv4Address(text))  # rejects '1.2.3' and '01.2.3.4'
    except ValueError:
        raise AddressError(f"{text!r} is not a valid IPv4 address") from None


def _parse_host_name(text: str) -> str:
    invalid = AddressError(f"{text!r} is not a valid host name")
    name = text[:-1] if text.endswith(".") else text  # a fully qualified "example.com."
    try:
        ascii_name = name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError:
        raise invalid from None
    ascii_name = ascii_name.lower()
    labels = ascii_name.split(".")
    if len(ascii_name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise invalid
    if _as_ascii_digits(name).split(".")[-1].isdigit():  # no top-level domain is all digits
        raise invalid
    if name.isascii():
        return ascii_name
    return ascii_name.encode("ascii").decode("idna")  # the normalized Unicode form


def _refuse_other_digits(host: str) -> None:
    """An IP address typed with digits other than 0-9 (``１２７.０.０.１``) is refused
    by name: it would otherwise pass for an (internationalized) host name."""
    if not _other_digits(host):
        return
    folded = _as_ascii_digits(host)
    if ":" in folded or _NUMERIC_HOST.fullmatch(folded):
        raise AddressError(f"write IP addresses with the digits 0-9, not {host!r}")


def parse_host(text: str) -> str:
    """Validate and normalize a host: IPv4, IPv6 (``[...]``, ``%scope``) or a host name.

    IPs come back in ipaddress's compressed form, host names in lower case
    (internationalized names normalized through the idna codec).
    """
    host = text.strip()
    if host == BROADCAST_NAME:
        return host
    if host.startswith("[") or host.endswith("]"):
        if not (host.startswith("[") and host.endswith("]")) or host.count("[") != 1:
            raise AddressError(f"unbalanced brackets in {host!r}")
        host = host[1:-1].strip()
        if not host:
            raise AddressError("host is empty")
        _refuse_other_digits(host)
        return _parse_ipv6(host)
    if not host:
        raise AddressError("host is empty")
    _refuse_other_digits(host)
    if ":" in host:
        return _parse_ipv6(host)
    if _NUMERIC_HOST.fullmatch(host):
        return _parse_ipv4(host)
    return _parse_host_name(host)


def parse_bind_host(text: str) -> str:
    """A host to bind to: as :func:`parse_host`, and empty for every interface,
    as ``bind(("", port))`` means (kept empty, so it is shown as typed)."""
    return parse_host(text) if text.strip() else ""


def parse_endpoint(
    text: str, *, default_host: str | None = None, allow_zero_port: bool = False
) -> tuple[str, int]:
    """``"host:port"``, ``"[v6]:port"`` or, with ``default_host``, ``"port"`` -> (host, port)."""
    spec = text.strip()
    if not spec:
        raise AddressError("address is empty (expected host:port)")
    if spec.startswith("["):
        close = spec.find("]")
        if close < 0 or spec.count("[") != 1 or spec.count("]") != 1:
            raise AddressError(f"unbalanced brackets in {spec!r}")
        host = parse_host(spec[: close + 1])
        rest = spec[close + 1 :]
        if not rest:
            raise AddressError(f"missing port in {spec!r} (expected [host]:port)")
        if not rest.startswith(":"):
            raise AddressError(f"unexpected {rest!r} after ']' in {spec!r} (expected [host]:port)")
        return host, parse_port(rest[1:], allow_zero=allow_zero_port)
    if "]" in spec:
        raise AddressError(f"unbalanced brackets in {spec!r}")
    colons = spec.count(":")
    if colons > 1:
        raise AddressError(f"{spec!r} looks like an IPv6 address without brackets ({_IPV6_HINT})")
    if colons == 0:
        if _SIGNED_NUMBER.fullmatch(_as_ascii_digits(spec)):  # a port alone ("１２３" too)
            if default_host is None:
                raise AddressError(f"missing host in {spec!r} (expected host:port)")
            return parse_host(default_host), parse_port(spec, allow_zero=allow_zero_port)
        parse_host(spec)  # a bad host is the first thing to report
        raise AddressError(f"missing port in {spec!r} (expected host:port)")
    host_text, port_text = spec.split(":")
    if not host_text.strip():
        if default_host is None:
            raise AddressError("host is empty")
        host_text = default_host
    return parse_host(host_text), parse_port(port_text, allow_zero=allow_zero_port)


def is_ipv6(host: str) -> bool:
    """True for an IPv6 literal (with or without brackets or a scope)."""
    text = host.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def family_for(host: str) -> socket.AddressFamily:
    """AF_INET6 for IPv6 literals, AF_INET for everything else."""
    return socket.AF_INET6 if is_ipv6(host) else socket.AF_INET


def resolve(
    host: str,
    port: int,
    *,
    sock_type: int = socket.SOCK_DGRAM,
    family: int = 0,
    flags: int = 0,
) -> tuple:
    """The first socket address ``getaddrinfo`` gives (blocking; may take a while).

    ``""`` and ``"<broadcast>"`` mean what Python's socket module makes of them
    (:func:`python_address`); ``flags`` go to getaddrinfo (AI_V4MAPPED).
    """
    name = host.strip()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    special = python_address(name, port, family)
    if special is not None:
        return special
    try:
        infos = socket.getaddrinfo(name, port, family, sock_type, 0, flags)
    except socket.gaierror as exc:
        raise AddressError(f"cannot resolve {host!r}: {exc.strerror or exc}") from None
    except (UnicodeError, OSError, OverflowError, ValueError) as exc:
        raise AddressError(f"cannot resolve {host!r}: {exc}") from None
    if not infos:
        raise AddressError(f"cannot resolve {host!r}: no addresses")
    return infos[0][4]


def python_address(name: str, port: int, family: int = 0) -> tuple | None:
    """The address Python's socket calls make of ``""`` (every interface, as in
    ``bind(("", port))``) and ``"<broadcast>"`` (255.255.255.255, IPv4 only);
    None for any other name."""
    if name == "":
        return ("::", port, 0, 0) if family == socket.AF_INET6 else ("0.0.0.0", port)
    if name != BROADCAST_NAME:
        return None
    if family == socket.AF_INET6:
        raise AddressError(
            f"{BROADCAST_NAME} is IPv4 ({LIMITED_BROADCAST}): an IPv6 socket cannot send to it"
        )
    return (LIMITED_BROADCAST, port)


# ----------------------------------------------------------------- interfaces


@dataclass(frozen=True)
class Interface:
    """One address of one network interface."""

    name: str
    address: str
    netmask: str | None
    broadcast: str | None
    family: socket.AddressFamily
    is_loopback: bool
    is_up: bool

    @property
    def prefix_length(self) -> int | None:
        """The netmask as a prefix length (24 for 255.255.255.0), None if unknown."""
        if not self.netmask:
            return None
        try:
            parsed = ipaddress.ip_address(self.netmask.split("%")[0])
        except ValueError:
            return None
        bits = parsed.max_prefixlen
        inverted = ~int(parsed) & ((1 << bits) - 1)
        if inverted & (inverted + 1):  # not a contiguous netmask
            return None
        return bits - inverted.bit_length()

    def label(self) -> str:
        """``"eth0 — 10.0.0.5/24, broadcast 10.0.0.255"`` (", down" when it is down)."""
        prefix = self.prefix_length
        text = f"{self.name} — {self.address}" + ("" if prefix is None else f"/{prefix}")
        if self.broadcast:
            text += f", broadcast {self.broadcast}"
        if not self.is_up:
            text += ", down"
        return text


def _netmask_int(netmask: str | int) -> int:
    """A netmask (dotted, or a prefix length as int or digits) as a 32-bit int."""
    bad = AddressError(f"{netmask!r} is not a valid IPv4 netmask")
    if isinstance(netmask, bool):
        raise bad
    if isinstance(netmask, int) or (isinstance(netmask, str) and netmask.strip().isdigit()):
        prefix = int(netmask)
        if not 0 <= prefix <= 32:
            raise bad
        return (0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF
    try:
        mask = int(ipaddress.IPv4Address(str(netmask).strip()))
    except ValueError:
        raise bad from None
    inverted = ~mask & 0xFFFFFFFF
    if inverted & (inverted + 1):
        raise bad
    return mask


def directed_broadcast(address: str, netmask: str | int) -> str:
    """``("192.168.1.7", "255.255.255.0")`` -> ``"192.168.1.255"`` (netmask may be ``24``)."""
    host = int(ipaddress.IPv4Address(_parse_ipv4(address.strip())))
    mask = _netmask_int(netmask)
    prefix = 32 - (~mask & 0xFFFFFFFF).bit_length()
    if prefix >= 31:
        raise AddressError(f"no broadcast address in a /{prefix} network")
    return str(ipaddress.IPv4Address(host | (~mask & 0xFFFFFFFF)))


def local_interfaces(*, include_ipv6: bool = True) -> list[Interface]:
    """Every IPv4 (and IPv6) address of this machine's interfaces, loopback included.

    IPv4 broadcast addresses missing from psutil (loopback, Windows) are
    computed from address and netmask; point-to-point links get none.
    """
    import psutil  # here, not at start: the window's first screen does without it

    stats = psutil.net_if_stats()
    result: list[Interface] = []
    for name, addrs in psutil.net_if_addrs().items():
        stat = stats.get(name)
        is_up = bool(stat.isup) if stat is not None else False
        flags = getattr(stat, "flags", "") or ""
        v4: list[Interface] = []
        v6: list[Interface] = []
        for addr in addrs:
            if addr.family == socket.AF_INET:
                broadcast = addr.broadcast
                if not broadcast and addr.netmask and not addr.ptp:
                    try:
                        broadcast = directed_broadcast(addr.address, addr.netmask)
                    except AddressError:
                        broadcast = None
                target = v4
            elif addr.family == socket.AF_INET6 and include_ipv6:
                broadcast = None
                target = v6
            else:
                continue
            try:
                loopback = ipaddress.ip_address(addr.address.split("%")[0]).is_loopback
            except ValueError:
                loopback = False
            target.append(
                Interface(
                    name=name,
                    address=addr.address,
                    netmask=addr.netmask,
                    broadcast=broadcast,
                    family=socket.AddressFamily(addr.family),
                    is_loopback=loopback or "loopback" in flags.split(","),
                    is_up=is_up,
                )
            )
        result += v4 + v6
    return result


def is_broadcast(host: str) -> bool:
    """True for 255.255.255.255 (``<broadcast>`` too) or the broadcast address of a
    local interface."""
    if host.strip() == BROADCAST_NAME:
        return True
    try:
        address = str(ipaddress.IPv4Address(host.strip()))
    except ValueError:
        return False
    if address == LIMITED_BROADCAST:
        return True
    return any(i.broadcast == address for i in local_interfaces(include_ipv6=False))
