"""``socklab --self-test`` and ``--version``, as a packaged build runs them: in a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from importlib.metadata import version

import pytest


def run(args: list[str], env: dict[str, str] | None = None, timeout: float = 60):
    base = {**os.environ, "PYTHONUNBUFFERED": "1", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
        env=base if env is None else env,
    )


def test_version_comes_from_the_package_metadata() -> None:
    result = run(["-m", "socklab", "--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"socklab {version('socklab')}"


def test_self_test_passes_and_reports_each_check() -> None:
    result = run(["-m", "socklab", "--self-test"])
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"self-test: SockLab {version('socklab')}, Qt platform offscreen"
    ok = [line for line in lines if line.startswith("self-test: ok")]
    unix = hasattr(socket, "AF_UNIX")
    assert len(ok) == 5 + unix, lines
    assert "icon, translations (socklab_zh_CN.qm, qtbase_zh_CN.qm)" in ok[0]
    assert "UDP round trip on 127.0.0.1:" in ok[1]
    assert "a second session (udpTab2): round trip on 127.0.0.1:" in ok[2]
    assert "TCP round trip on 127.0.0.1:" in ok[3]
    if unix:  # the same over a path, the client's pid shown
        assert "Unix socket round trip on /" in ok[4] and "file removed" in ok[4]
    assert "TLS round trip on 127.0.0.1:" in ok[-1] and "self-signed, verified" in ok[-1]
    assert lines[-1].startswith("self-test: passed in ")
    assert "FAILED" not in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")
def test_self_test_goes_offscreen_without_a_display() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    result = run(["-m", "socklab", "--self-test"], env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Qt platform offscreen" in result.stdout.splitlines()[0]


def _patched(patch: str) -> list[str]:
    """Run --self-test in a Python whose self-test module got ``patch`` applied first."""
    code = textwrap.dedent(
        """
        import asyncio
        import socklab.gui.self_test as t
        {patch}
        from socklab.cli import main
        raise SystemExit(main(["--self-test"]))
        """
    ).format(patch=textwrap.dedent(patch))
    return ["-c", code]


def test_a_failed_check_exits_1_with_its_reason() -> None:
    patch = """
    async def broken(window):
        raise t.SelfTestError("UDP tab: the peer's datagram in the log: not within 5 s")
    t.check_udp = broken
    """
    result = run(_patched(patch))
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "self-test: FAILED UDP tab: the peer's datagram in the log: not within 5 s" in result.stdout
    )
    assert "self-test: passed" not in result.stdout


def test_an_unexpected_error_is_a_failed_check() -> None:
    patch = """
    async def broken(window):
        raise OSError("no loopback")
    t.check_tcp = broken
    """
    result = run(_patched(patch))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "self-test: FAILED tcp: OSError: no loopback" in result.stdout


def test_the_self_test_is_time_limited() -> None:
    patch = """
    async def stuck(window):
        await asyncio.sleep(3600)
    t.check_tcp = stuck
    t.run_self_test.__kwdefaults__["timeout"] = 1.0
    """
    result = run(_patched(patch), timeout=30)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "self-test: FAILED not finished within 1 s" in result.stdout
