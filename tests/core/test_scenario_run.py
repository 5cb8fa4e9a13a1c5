"""Scenarios run against real peers: socat echo servers over TCP, UDP and Unix,
openssl s_server over TLS; a failing step says what arrived instead (escaped,
cut with a note) and the steps after it are not run."""

from __future__ import annotations

import asyncio
import gc
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from scenario_peers import socat_echo
from socklab.core.scenario import load_scenario, run_scenario

pytestmark = pytest.mark.skipif(shutil.which("socat") is None, reason="socat is not installed")


def _run(tmp_path, text: str, **variables: str):
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path, variables)
    with ThreadPoolExecutor(1) as thread:  # its own loop, whatever this thread runs
        run = thread.submit(asyncio.run, run_scenario(scenario)).result(60)
    gc.collect()  # a socket the run left open would be a ResourceWarning here, failing the test
    return run


def _outcomes(run) -> list[str]:
    return [r.outcome.value for r in run.results]


ECHO_STEPS = """
[[step]]
send = "hello {{counter}}\\n"
[[step]]
expect = 'hel+o (?P<n>\\d)\\n'
[[step]]
hex = "00 ff 7f"
[[step]]
expect_hex = "00 ?? 7f"
[[step]]
send = "n was {{n}}\\n"
[[step]]
expect = '^n was 1\\n'
"""


def test_tcp_echo_passes_every_step(tmp_path):
    with socat_echo("tcp") as port:
        run = _run(tmp_path, f'connect = "tcp://127.0.0.1:{port}"\n' + ECHO_STEPS)
    assert run.passed, [(r.step.describe(), r.message) for r in run.results]
    assert _outcomes(run) == ["passed"] * 7
    assert run.results[2].arrived == (b"hello 1\n",)
    assert run.results[4].arrived_text() == "\\0\\xff\\x7f"


def test_udp_echo_matches_each_datagram(tmp_path):
    with socat_echo("udp") as port:
        run = _run(tmp_path, f'connect = "udp://127.0.0.1:{port}"\n' + ECHO_STEPS)
    assert run.passed, [(r.step.describe(), r.message) for r in run.results]


@pytest.mark.parametrize("abstract", [False, True], ids=["path", "abstract"])
def test_unix_echo_passes(tmp_path, unix_folder, abstract):
    from unix_helpers import abstract_name

    name = abstract_name() if abstract else f"{unix_folder}/echo.sock"
    with socat_echo("unix", name) as path:
        run = _run(tmp_path, f'connect = "unix:{path}"\n' + ECHO_STEPS)
    assert run.passed, [(r.step.describe(), r.message) for r in run.results]


def test_a_failing_expect_says_what_arrived_and_stops_the_run(tmp_path):
    with socat_echo("tcp") as port:
        run = _run(
            tmp_path,
            f'connect = "tcp://127.0.0.1:{port}"\ntimeout = 0.3\n'
            '[[step]]\nsend = "bye\\u0007\\n"\n[[step]]\nexpect = "hello"\n'
            '[[step]]\nsend = "never"\n',
        )
    assert _outcomes(run) == ["passed", "passed", "failed", "not run"]
    failed = run.results[2]
    assert failed.message == "what arrived did not match in 0.3 s"
    assert failed.arrived_text() == "bye\\x07\\n"
    assert not run.passed


def test_what_arrived_is_cut_with_a_note(tmp_path):
    with socat_echo("tcp") as port:
        run = _run(
            tmp_path,
            f'connect = "tcp://127.0.0.1:{port}"\ntimeout = 5\n'
            f'[[step]]\nsend = "{"x" * 300}END"\n[[step]]\nexpect = "END"\n'
            '[[step]]\nsend = "abc"\n[[step]]\nexpect = "abcd"\ntimeout = 0.2\n',
        )
    assert run.results[2].arrived_text().endswith("x … (+103 bytes)")
    assert run.results[4].arrived_text() == "abc"


def test_a_refused_connect_fails_the_connect_row(tmp_path):
    import socket

    with socket.socket() as unused:  # a port nobody listens on (bound, not listening)
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
        run = _run(tmp_path, f'connect = "tcp://127.0.0.1:{port}"\n[[step]]\nsend = "x"\n')
    assert _outcomes(run) == ["failed", "not run"]
    assert run.results[0].message == "cannot connect: connection refused (ECONNREFUSED)"


def test_tls_with_its_ca_and_insecure_against_openssl_s_server(tmp_path, pki):
    from tls_peers import end, s_server

    steps = '[[step]]\nsend = "hello\\n"\n[[step]]\nexpect = "olleh"\n'
    for table in (f'cafile = "{pki.cert("ca")}"\nsni = "localhost"', "insecure = true"):
        server, port = s_server(pki, "-rev")
        try:
            run = _run(tmp_path, f'connect = "tls://127.0.0.1:{port}"\n[tls]\n{table}\n' + steps)
        finally:
            end(server)
        assert run.passed, [(r.step.describe(), r.message) for r in run.results]


def test_tls_without_trust_fails_the_connect_with_the_reason(tmp_path, pki):
    from tls_peers import end, s_server

    server, port = s_server(pki, "-rev")
    try:
        run = _run(tmp_path, f'connect = "tls://127.0.0.1:{port}"\n[[step]]\nsend = "x"\n')
    finally:
        end(server)
    assert run.results[0].message.startswith("cannot connect: TLS: the certificate is not trusted")


def test_udp_to_a_closed_port_fails_the_expect_with_the_icmp_error(tmp_path):
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as gone:
        gone.bind(("127.0.0.1", 0))
        port = gone.getsockname()[1]
    run = _run(
        tmp_path,
        f'connect = "udp://127.0.0.1:{port}"\ntimeout = 10\n'
        '[[step]]\nsend = "anyone?"\n[[step]]\nexpect = "yes"\n',
    )
    assert _outcomes(run) == ["passed", "passed", "failed"]
    assert run.results[2].message == "receive failed: connection refused (ECONNREFUSED)"
