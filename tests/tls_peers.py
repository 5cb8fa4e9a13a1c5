"""Certificates and TLS peers for the TLS tests: a small PKI made with
``openssl req`` (EC P-256: fast) in a folder, and Debian's ``openssl s_server``
/ ``s_client`` started on loopback, waited for on their own output."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

OPENSSL = shutil.which("openssl")
needs_openssl = pytest.mark.skipif(OPENSSL is None, reason="openssl is not installed")

_EC = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
_CA_CONFIG = """\
[ca]
default_ca = ca_default
[ca_default]
database = {folder}/index.txt
new_certs_dir = {folder}
serial = {folder}/serial
default_md = sha256
policy = policy_any
copy_extensions = copy
unique_subject = no
[policy_any]
commonName = supplied
"""


@dataclass(frozen=True)
class Pki:
    """``ca`` signs ``server`` (localhost, 127.0.0.1, ::1), ``client`` and
    ``expired`` (valid in 2020 only); ``other_ca`` signs nothing here."""

    folder: Path

    def cert(self, name: str) -> str:
        return str(self.folder / f"{name}.pem")

    def key(self, name: str) -> str:
        return str(self.folder / f"{name}.key")


def _openssl(*args: str, cwd: Path) -> None:
    assert OPENSSL is not None
    subprocess.run([OPENSSL, *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_pki(folder: Path) -> Pki:
    """Make the CA, the certificates and their keys in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for ca in ("ca", "other_ca"):
        _openssl(
            "req", "-x509", *_EC, "-keyout", f"{ca}.key", "-out", f"{ca}.pem",
            "-subj", f"/CN=SockLab test {ca}", "-days", "30", cwd=folder,
        )  # fmt: skip
    names = {
        "server": ("/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"),
        "client": ("/CN=socklab client", "extendedKeyUsage=clientAuth"),
        "expired": ("/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1"),
    }
    for name, (subject, extension) in names.items():
        _openssl(
            "req", "-new", *_EC, "-keyout", f"{name}.key", "-out", f"{name}.csr",
            "-subj", subject, "-addext", extension, cwd=folder,
        )  # fmt: skip
    for name in ("server", "client"):
        _openssl(
            "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "30", "-copy_extensions", "copy",
            "-out", f"{name}.pem", cwd=folder,
        )  # fmt: skip
    (folder / "index.txt").write_text("")
    (folder / "serial").write_text("1000\n")
    (folder / "ca.cnf").write_text(_CA_CONFIG.format(folder=folder))
    _openssl(
        "ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key",
        "-in", "expired.csr", "-out", "expired.pem", "-notext",
        "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", cwd=folder,
    )  # fmt: skip
    return Pki(folder)


def tls_echo_server(sessions, pki: Pki, **tls: object) -> tuple:
    """A SockLab TCP server session that echoes over TLS (the CA's ``server``
    certificate; ``tls`` overrides, verify off by default), tracing; returns
    (session, its EventLog, its port)."""
    from socklab.core.sessions.tcp_server import AutoReply, TcpServerOptions, TcpServerSession
    from socklab.core.tls import TlsOptions

    settings = {"verify": False, **tls}
    options = TlsOptions(cert_file=pki.cert("server"), key_file=pki.key("server"), **settings)
    session, log = sessions(
        TcpServerSession, TcpServerOptions(auto_reply=AutoReply.ECHO, tls=options)
    )
    session.trace = True
    return session, log, session.start("127.0.0.1", 0).result(10)[1]


def read_line_until(process: subprocess.Popen, wanted: str, timeout: float = 10.0) -> str:
    """Read ``process``'s stdout (bytes) line by line until a line holds
    ``wanted``; returns that line. A bound for a hung peer, not a timing."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    buffered = b""
    fd = process.stdout.fileno()
    while True:
        while b"\n" in buffered:
            line, buffered = buffered.split(b"\n", 1)
            if wanted.encode() in line:
                process.leftover = buffered  # type: ignore[attr-defined]
                return line.decode(errors="replace")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"openssl never said {wanted!r}; got {buffered!r}")
        if select.select([fd], [], [], min(remaining, 0.5))[0]:
            chunk = os.read(fd, 65536)
            if not chunk:
                raise AssertionError(f"openssl ended without {wanted!r}; got {buffered!r}")
            buffered += chunk


def s_server(pki: Pki, *extra: str, cert: str = "server") -> tuple[subprocess.Popen, int]:
    """``openssl s_server`` on 127.0.0.1 (a port of its choosing), with
    ``cert``'s certificate; returns it and its port once it accepts."""
    assert OPENSSL is not None
    process = subprocess.Popen(
        [
            OPENSSL, "s_server", "-accept", "127.0.0.1:0", "-naccept", "1",
            "-cert", pki.cert(cert), "-key", pki.key(cert), *extra,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    line = read_line_until(process, "ACCEPT")
    return process, int(line.rsplit(":", 1)[1])


def s_server_unix(pki: Pki, path: str) -> subprocess.Popen:
    """``openssl s_server`` on the Unix socket ``path`` (the ``server``
    certificate, for localhost), once it accepts."""
    assert OPENSSL is not None
    process = subprocess.Popen(
        [OPENSSL, "s_server", "-unix", path, "-naccept", "1",
         "-cert", pki.cert("server"), "-key", pki.key("server")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    read_line_until(process, "ACCEPT")
    return process


def s_client(port: int, *extra: str) -> subprocess.Popen:
    """``openssl s_client`` to 127.0.0.1:``port`` (its output in a pipe)."""
    assert OPENSSL is not None
    return subprocess.Popen(
        [OPENSSL, "s_client", "-connect", f"127.0.0.1:{port}", *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def end(process: subprocess.Popen) -> None:
    """Stop an openssl peer and close its pipes."""
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=10)
