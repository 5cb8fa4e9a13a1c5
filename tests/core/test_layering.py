"""The core never imports Qt: it must work with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import socklab

#: Where the socklab under test lives (installed or a checkout's app/).
PACKAGE_ROOT = Path(socklab.__file__).resolve().parents[1]

PROBE = """
import sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'qasync', 'PyQt5', 'PyQt6'):
            raise ImportError(f'{name} is blocked for this test')
        return None

sys.meta_path.insert(0, NoQt())
import socklab.core
import socklab.core.payload, socklab.core.addresses, socklab.core.events, socklab.core.udp
import socklab.core.tcp_client, socklab.core.tcp_server, socklab.core.worker
import socklab.cli
try:
    import PySide6
except ImportError:
    print('core imported without Qt')
else:
    raise SystemExit('PySide6 was importable')
"""


def test_core_imports_without_qt():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={"PYTHONPATH": str(PACKAGE_ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "core imported without Qt" in result.stdout
