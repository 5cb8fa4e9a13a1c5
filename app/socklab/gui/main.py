"""Start the window: QApplication, translators, the qasync loop."""

from __future__ import annotations

import asyncio
import sys

from PySide6.QtWidgets import QApplication  # PySide6 before qasync, always (DESIGN.md)

import qasync  # isort: skip


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with SockLab's names (QSettings uses them)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName("SockLab")
    app.setApplicationName("SockLab")
    app.setApplicationDisplayName("SockLab")
    return app


def run_gui() -> int:
    """Open the window and run until it is closed; returns the exit code."""
    app = create_application()
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    from socklab.gui.main_window import MainWindow

    async def main() -> int:
        window = MainWindow()
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        window.show()
        await closed.wait()
        return 0

    with loop:
        return loop.run_until_complete(main())
