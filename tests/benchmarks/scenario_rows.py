"""The scenario row (issue 13 part 4): steps per second of a scenario run
against a local echo server, beside a bare-Python client doing the same
exchanges (``sendall`` then ``recv`` until the answer), interleaved, best of 3.

The scenario is one repeat block of ``send "ping N\\n"`` / ``expect 'ping \\d+\\n'``
(two steps per exchange); the echo server is its own process (a ``selectors``
loop), on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from run import Results, Row

from socklab.core.scenario import load_scenario, run_scenario

_ECHO = """
import selectors, socket, sys
server = socket.create_server(("127.0.0.1", 0))
server.setblocking(False)
print(server.getsockname()[1], flush=True)
selector = selectors.DefaultSelector()
selector.register(server, selectors.EVENT_READ)
while True:
    for key, _ in selector.select(300):
        if key.fileobj is server:
            conn, _ = server.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            selector.register(conn, selectors.EVENT_READ)
        else:
            data = key.fileobj.recv(65536)
            if not data:
                selector.unregister(key.fileobj)
                key.fileobj.close()
            else:
                key.fileobj.sendall(data)
"""


def _scenario_rate(port: int, exchanges: int, folder: Path) -> float:
    path = folder / "bench.toml"
    path.write_text(
        f'connect = "tcp://127.0.0.1:{port}"\n[[step]]\nrepeat = {exchanges}\n'
        "[[step.do]]\nsend = \"ping {{counter}}\\n\"\n[[step.do]]\nexpect = 'ping \\d+\\n'\n"
    )
    scenario = load_scenario(path)
    result = asyncio.run(run_scenario(scenario))
    if not result.passed:
        raise RuntimeError("the benchmark scenario failed")
    return (len(result.results) - 1) / result.duration  # the steps, not the connect


def _bare_rate(port: int, exchanges: int) -> float:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), 10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for n in range(1, exchanges + 1):
            line = f"ping {n}\n".encode()
            sock.sendall(line)
            got = b""
            while not got.endswith(b"\n"):
                chunk = sock.recv(65536)
                if not chunk:
                    raise RuntimeError("the echo server closed")
                got += chunk
    return 2 * exchanges / (time.perf_counter() - started)


def bench_scenario(results: Results, quick: bool) -> None:
    """Scenario steps per second against a local echo server."""
    print("Scenario steps against a local echo server", flush=True)
    exchanges = 2_000 if quick else 10_000
    echo = subprocess.Popen([sys.executable, "-c", _ECHO], stdout=subprocess.PIPE, text=True)
    section: dict[str, Any] = {"exchanges": exchanges, "socklab": [], "bare": []}
    try:
        assert echo.stdout is not None
        port = int(echo.stdout.readline())
        with tempfile.TemporaryDirectory() as folder:
            for _ in range(3):  # interleaved: both see the same machine
                section["socklab"].append(_scenario_rate(port, exchanges, Path(folder)))
                section["bare"].append(_bare_rate(port, exchanges))
    finally:
        echo.kill()
        echo.communicate()
    results.details["scenario"] = section
    results.add(
        Row(
            f"scenario send/expect steps ({exchanges:,} exchanges)",
            max(section["socklab"]),
            "steps/s",
            max(section["bare"]),
            "reported (no target)",
            None,
            "baseline: a blocking sendall/recv client, the same exchanges",
        )
    )


if __name__ == "__main__":
    bench_scenario(Results(), "--quick" in sys.argv)
