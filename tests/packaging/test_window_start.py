"""``socklab`` with no arguments opens the window (its start skips the command
line's parser): the process loads a Qt platform and stays up in its loop."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _mapped_libraries(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:  # ended meanwhile
        return ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_socklab_without_arguments_opens_the_window(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    window = subprocess.Popen(
        [sys.executable, "-m", "socklab"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60  # a limit, not a pace: it ends when Qt is there
        while "libqoffscreen" not in _mapped_libraries(window.pid):
            if time.monotonic() > deadline:
                break
            try:
                window.wait(timeout=0.05)  # returns at once if the process ended
                break
            except subprocess.TimeoutExpired:
                pass
        assert window.poll() is None, window.communicate()[1]  # still up: in its loop
        assert "libqoffscreen" in _mapped_libraries(window.pid)
    finally:
        window.terminate()
        window.communicate(timeout=30)
