"""Start the window: QApplication, translators, the qasync loop."""

from __future__ import annotations

import asyncio
import gc
import linecache
import os
import sys
import tempfile
import threading
from importlib import resources

from PySide6.QtCore import QSettings, QTimer  # PySide6 before qasync, always (DESIGN.md)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import qasync  # isort: skip

from socklab.core import keep_freed_memory, prepare_display


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with SockLab's names (QSettings uses them).

    Qt's GUI thread pool stays off: it splits image work (the backing store,
    big fills) over threads that wake thousands of times a second while the
    window repaints during a flood, and on a machine of two cores they take the
    CPU the receiving workers need (a 1 GiB transfer between two tabs: a fifth
    faster without them). SockLab's widgets are small; nothing else uses it.
    """
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName("SockLab")
    app.setApplicationName("SockLab")
    app.setApplicationDisplayName("SockLab")
    app.setDesktopFileName("io.github.socklab.SockLab")
    app.setWindowIcon(QIcon(str(resources.files("socklab") / "icons" / "socklab.svg")))
    return app


def _headless_if_no_display() -> None:
    """On X11/Wayland systems without a display, use Qt's offscreen platform."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


#: The garbage collector's young-generation threshold once the window is up.
#: Python's 700 starts a pass every 700 new container objects and, every
#: hundredth pass, considers a full one over everything not frozen: 10,000
#: clients accepted by the server tab (a dozen objects each, on the worker and
#: in the window) made 185 passes, one of them full, and its pause (50-140 ms
#: while every thread waits) was the window's longest stall. At 10,000: about a
#: dozen passes of a millisecond or so, and no full one during such a storm.
GC_YOUNG_THRESHOLD = 10_000
#: :func:`settle_for_traffic` runs this long after the window is shown, once its
#: first frame is on screen: the display tables' thread (~0.1 s of pure Python)
#: started with the window took the GIL from its first paint, and the full
#: collection before it delayed it further.
SETTLE_DELAY_MS = 500


def forget_sources() -> None:
    """Drop the source lines PySide's import hook made Python keep.

    PySide6 watches every import after its own: to learn whether a module uses
    PySide it reads the module's whole source (``inspect.getsource``), and
    :mod:`linecache` keeps every line of it. SockLab's start imports some 370
    modules: 2.6 million characters, about 6 MB of Python strings nothing reads
    again. Dropped once the imports are done, the window's own objects reuse
    that memory (idle RSS 4-5 MB lower). A traceback reads its lines afresh.
    """
    linecache.clearcache()


def settle_for_traffic() -> None:
    """Once the window is built: keep the GUI thread free of long pauses.

    The display tables of received text are built on a spare thread, the
    objects that live as long as the window leave the garbage collector's
    view (``gc.freeze``): its full passes then stay short during a flood, and
    it runs less often (:data:`GC_YOUNG_THRESHOLD`). The collector, off while
    the window was built (:func:`run_gui`), is turned back on. The memory a
    bulk receive frees stays for its next chunks (:func:`keep_freed_memory`).
    """
    keep_freed_memory()
    threading.Thread(target=prepare_display, name="display-tables", daemon=True).start()
    gc.collect()
    gc.freeze()
    gc.enable()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(max(GC_YOUNG_THRESHOLD, gc.get_threshold()[0]), older, oldest)


def run_gui(self_test: bool = False) -> int:
    """Open the window and run until it is closed; returns the exit code.

    ``self_test``: run :func:`socklab.gui.self_test.run_self_test` through the
    window (offscreen when there is no display, with throw-away settings) and
    return its code.
    """
    if self_test:
        _headless_if_no_display()
        gc.enable()
    else:
        # What is built until the first frame lives as long as the window: the
        # collector's young passes over it (~70, ~15 ms of CPU before the window
        # shows) would find nothing to free. settle_for_traffic collects once,
        # after the first frame, and turns it back on.
        gc.disable()
    app = create_application()
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    from socklab.gui.main_window import MainWindow

    forget_sources()

    async def main() -> int:
        if self_test:
            from socklab.gui.self_test import run_self_test

            with tempfile.TemporaryDirectory(prefix="socklab-self-test-") as folder:
                settings = QSettings(
                    os.path.join(folder, "socklab.ini"), QSettings.Format.IniFormat
                )
                window = MainWindow(settings)
                window.show()
                return await run_self_test(window)
        window = MainWindow()
        forget_sources()  # the first tab's modules too; the window's objects reuse the room
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        window.show()
        # After the first frame: its thread would take the GIL from the first
        # paint, and the collection would hold it up.
        QTimer.singleShot(SETTLE_DELAY_MS, settle_for_traffic)
        await closed.wait()
        return 0

    try:
        with loop:
            return loop.run_until_complete(main())
    finally:
        gc.enable()  # closed before settle_for_traffic ran
