"""Errors explained: a socket error's code -> what it means and the usual fix.

:func:`explain` takes the error's name as the core reports it (``"EADDRINUSE"``,
Windows' ``"WSAECONNRESET"`` or ``"10054"``, ``"EAI"`` for a failed name lookup)
and the operation that failed (``"bind 0.0.0.0:80"``, ``"sendto 127.0.0.1:9"``,
``"connect to ..."``): the same code can mean different things for different
calls (EACCES from ``bind`` is a privileged port, from ``sendto`` a broadcast
without SO_BROADCAST). :func:`explain_error` does the same for a
:class:`~socklab.core.SessionError` or a :class:`~socklab.core.Failed` event.
The texts (:mod:`.texts`) are English, translated through the one catalogue
(:mod:`socklab.teaching.catalogue`) into the languages of
:mod:`socklab.teaching.languages`.
"""

from __future__ import annotations

import errno as errno_module
import re
from dataclasses import dataclass

from socklab.core import Failed, SessionError
from socklab.teaching.catalogue import translated
from socklab.teaching.explain.multicast_variant import is_multicast_operation
from socklab.teaching.explain.texts import CONTEXT, EXPLANATIONS

__all__ = ["Explanation", "explain", "explain_error"]


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


# Windows socket error numbers (WSAE...) as the codes of the table.
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
#: An operation on a Unix domain socket address (a path or @name).
_UNIX_OPERATION = re.compile(r"(?:bind|connect to|sendto|listen on) [/@]")


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
    if _UNIX_OPERATION.match(op):  # bind /tmp/s.sock, connect to @name ...
        return "unix"
    udp = op.startswith(_UDP_OPERATIONS)
    if is_multicast_operation(op):
        return "multicast"
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
    if (code, variant) not in EXPLANATIONS:
        variant = ""
    texts = EXPLANATIONS.get((code, variant))
    if texts is None:
        return None
    title, why, fix = (translated(CONTEXT, text, language) for text in texts)
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
