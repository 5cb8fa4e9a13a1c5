"""The TLS rows (issue 12): a transfer over TLS against the same transfer in
plain TCP and against bare Python ``ssl``, all in the same run.

* bare Python ``ssl``: a thread serving ``SSLSocket.recv_into`` in a loop, the
  main thread ``sendall`` of 1 MiB blocks, both over loopback in this process
  (the GIL is released while OpenSSL encrypts and the kernel copies);
* SockLab: ``TcpClientSession.generate`` with TLS into a ``TcpServerSession``
  with TLS (each on its worker thread), and the same pair without TLS;
* the certificate: SockLab's own self-signed one (``cryptography``), made in a
  temporary folder; TLS 1.3, the cipher OpenSSL picks (AES-GCM here).

Byte counts are checked exactly on both sides.
"""

from __future__ import annotations

import socket
import ssl
import tempfile
import threading
import time
from typing import Any

from run import MiB, Results, Row, socklab_tcp

from socklab.core.sessions.tcp_client import TcpClientOptions
from socklab.core.sessions.tcp_server import TcpServerOptions
from socklab.core.tls import TlsOptions, self_signed


def bare_ssl(total: int, cert: str, key: str) -> float:
    """Bare Python ssl over loopback, one process, two threads; GB/s (the sink's clock)."""
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_context.check_hostname = False
    client_context.verify_mode = ssl.CERT_NONE
    result: dict[str, float] = {}
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def sink() -> None:
            conn, _ = listener.accept()
            with server_context.wrap_socket(conn, server_side=True) as tls:
                buffer = bytearray(MiB)
                got, started = 0, 0.0
                while n := tls.recv_into(buffer):
                    if not got:
                        started = time.perf_counter()
                    got += n
                result["got"] = got
                result["seconds"] = time.perf_counter() - started

        thread = threading.Thread(target=sink)
        thread.start()
        with client_context.wrap_socket(socket.create_connection(("127.0.0.1", port))) as tls:
            block = b"x" * MiB
            for _ in range(total // MiB):
                tls.sendall(block)
            # The end, then wait: closing with the server's unread session
            # tickets in our buffer would reset the connection under the sink.
            tls.shutdown(socket.SHUT_WR)
            thread.join(120)
    assert result["got"] == total, result
    return total / result["seconds"] / 1e9


def socklab_tls(total: int, cert: str, key: str) -> tuple[float, bool]:
    """TcpClientSession's generator over TLS into a TcpServerSession with TLS."""
    return socklab_tcp(
        total,
        TcpServerOptions(tls=TlsOptions(verify=False, cert_file=cert, key_file=key)),
        TcpClientOptions(tls=TlsOptions(verify=False)),
    )


def bench_tls(results: Results, quick: bool) -> None:
    print("TLS transfer, core", flush=True)
    total = (128 if quick else 512) * MiB
    with tempfile.TemporaryDirectory(prefix="socklab-bench-tls-") as folder:
        made = self_signed(folder)
        cert, key = str(made.cert_file), str(made.key_file)
        bare_runs: list[float] = []
        tls_runs: list[tuple[float, bool]] = []
        plain_runs: list[tuple[float, bool]] = []
        for _ in range(2):  # interleaved: a busy moment costs each the same
            bare_runs.append(bare_ssl(total, cert, key))
            tls_runs.append(socklab_tls(total, cert, key))
            plain_runs.append(socklab_tcp(total))
    bare = max(bare_runs)
    lab, exact = max(tls_runs)
    plain, plain_exact = max(plain_runs)
    details: dict[str, Any] = {
        "bytes": total,
        "bare_ssl_gbps": bare_runs,
        "socklab_tls": tls_runs,
        "socklab_plain": plain_runs,
    }
    results.details["tls_core"] = details
    name = f"TLS {total // MiB} MiB client -> server, core"
    results.add(
        Row(
            name,
            lab,
            "GB/s",
            bare,
            ">= 0.8 x bare Python ssl, exact",
            lab >= 0.8 * bare and exact,
            f"exact: {exact}; vs bare ssl (threads, one process)",
        )
    )
    results.add(
        Row(
            f"{name}: TLS vs plain TCP",
            lab,
            "GB/s",
            plain,
            "(what encryption costs)",
            None,
            f"plain TCP {plain:.2f} GB/s, exact: {plain_exact}",
        )
    )
