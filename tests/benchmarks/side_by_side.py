"""SockLab side by side with its peers, Packet Sender and iperf3, in the same run.

    python tests/benchmarks/run.py --only peers [--quick]

Rows (each with SockLab's figure, the peer's, their ratio and the target):

* start-up: process start -> main window mapped, both apps under one Xvfb
  server, interleaved; the floor is ``python -c "import PySide6.QtWidgets"``;
* idle RSS of both windows, the same settle time after they were mapped;
* SockLab's first use of what start-up leaves for later: the first switch to
  each tab not built at start, the first open of the rate plot and of the code
  panel (each from the click to the painted result; target < 100 ms);
* UDP generator, 64 B and 1400 B: SockLab's ``UdpSession.generate`` against the
  Packet Sender CLI, ``iperf3 -u -b 0``, a bare Python ``sendto`` loop and the
  C ``sendmmsg`` sender (blast.c);
* a paced 50k/s flood of 100k datagrams into each window: datagrams the window
  read, its RSS growth, and how long its process stays busy after the flood.

Needs the Debian packages ``xvfb``, ``packetsender``, ``x11-xserver-utils``
(Packet Sender wants ``xrandr`` to believe it has a display) and ``iperf3``;
each row whose tool is missing is skipped with the reason printed.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import json
import os
import re
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from gso_rows import c_sendmmsg
from run import (
    Peer,
    Results,
    Row,
    bare_sendto,
    paced_peer,
    python_peer,
    socklab_generator,
    when_true,
)

import socklab

SCREEN = "1400x900x24"
SOCKLAB_ROOT = Path(socklab.__file__).resolve().parents[1]
MB = 1e6
#: Packet Sender's traffic log trims itself to its newest 10,000 rows (maxLogSize).
PACKETSENDER_LOG_ROWS = 10_000
#: Apt packages that bring each program the section runs.
PACKAGES = {
    "Xvfb": "xvfb",
    "packetsender": "packetsender",
    "xrandr": "x11-xserver-utils",
    "iperf3": "iperf3",
}
INSTALL = "apt-get install -y " + " ".join(sorted(set(PACKAGES.values())))


def missing(*programs: str) -> str | None:
    """Why a row cannot run: the first of ``programs`` not installed, or None."""
    for program in programs:
        if shutil.which(program) is None:
            return f"{program} is not installed (Debian: apt-get install {PACKAGES[program]})"
    return None


def skip(results: Results, name: str, reason: str) -> None:
    """Say that a row was skipped, and why (on screen and in the JSON)."""
    print(f"  skipped: {name}: {reason}", flush=True)
    results.details.setdefault("peers", {}).setdefault("skipped", {})[name] = reason


def end_process(process: subprocess.Popen[Any], grace: float = 5.0) -> None:
    """Terminate ``process`` (kill it after ``grace`` seconds) and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port(attempts: int = 100) -> int:
    """A port number on 127.0.0.1 free for both TCP and UDP right now."""
    for _ in range(attempts):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = int(tcp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise RuntimeError("no port free for both TCP and UDP")


# -- the display -------------------------------------------------------------------


@contextlib.contextmanager
def virtual_display() -> Iterator[str]:
    """An Xvfb server of its own (it picks a free display number); yields ``:N``."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 15)
        number = os.read(read_end, 64).decode().strip() if ready else ""
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        os.close(read_end)
        end_process(server)


class _TextProperty(ctypes.Structure):
    _fields_ = (
        ("value", ctypes.c_void_p),
        ("encoding", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("nitems", ctypes.c_ulong),
    )


_XErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


@_XErrorHandler
def _ignore_x_error(_display: int, _event: int) -> int:
    """An X error (a window gone before its title was read) is no reason to end:
    libX11's own handler would end the whole benchmark."""
    return 0


@functools.cache
def _xlib() -> ctypes.CDLL:
    """libX11 with the signatures the map watcher calls, X errors ignored."""
    path = ctypes.util.find_library("X11")
    if path is None:
        raise OSError("libX11 not found")
    xlib = ctypes.CDLL(path)
    pointer, window = ctypes.c_void_p, ctypes.c_ulong
    xlib.XOpenDisplay.restype = pointer
    xlib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
    xlib.XDefaultRootWindow.restype = window
    xlib.XDefaultRootWindow.argtypes = (pointer,)
    xlib.XSelectInput.argtypes = (pointer, window, ctypes.c_long)
    xlib.XConnectionNumber.argtypes = (pointer,)
    xlib.XPending.argtypes = (pointer,)
    xlib.XNextEvent.argtypes = (pointer, pointer)
    xlib.XFlush.argtypes = (pointer,)
    xlib.XGetWMName.argtypes = (pointer, window, ctypes.POINTER(_TextProperty))
    xlib.XFree.argtypes = (pointer,)
    xlib.XCloseDisplay.argtypes = (pointer,)
    xlib.XSetErrorHandler.restype = pointer
    xlib.XSetErrorHandler.argtypes = (_XErrorHandler,)
    xlib.XSetErrorHandler(_ignore_x_error)
    return xlib


class MapWatcher:
    """Tells when a top-level window with a given title is mapped (shown).

    It listens to the X server's MapNotify events on the root window, so both
    apps are timed the same way, by the server, without polling them.
    """

    MAP_NOTIFY = 19
    SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
    #: In an XEvent (a union of 24 longs), XMapEvent.window is the 6th long.
    WINDOW_SLOT = 5

    def __init__(self, display: str) -> None:
        self.display_name = display
        self.xlib = _xlib()
        self.display = self.xlib.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open display {display}")
        root = self.xlib.XDefaultRootWindow(self.display)
        self.xlib.XSelectInput(self.display, root, self.SUBSTRUCTURE_NOTIFY_MASK)
        self.xlib.XFlush(self.display)
        self.fd = self.xlib.XConnectionNumber(self.display)
        self.event = (ctypes.c_long * 24)()

    def close(self) -> None:
        self.xlib.XCloseDisplay(self.display)

    def _mapped_windows(self) -> Iterator[int]:
        """The windows mapped since the last call (the events already queued)."""
        while self.xlib.XPending(self.display):
            self.xlib.XNextEvent(self.display, self.event)
            if self.event[0] & 0xFFFFFFFF == self.MAP_NOTIFY:
                yield self.event[self.WINDOW_SLOT] & 0xFFFFFFFFFFFFFFFF

    def _title(self, window: int) -> bytes:
        name = _TextProperty()
        if not self.xlib.XGetWMName(self.display, window, ctypes.byref(name)) or not name.value:
            return b""
        title = ctypes.string_at(name.value, name.nitems)
        self.xlib.XFree(name.value)
        return title

    def forget(self) -> None:
        """Drop the events of earlier windows."""
        for _ in self._mapped_windows():
            pass

    def wait_mapped(self, title: str, timeout: float = 60.0) -> float:
        """The perf_counter time a window whose title contains ``title`` was mapped.

        A window may be mapped before it has a title: such windows are looked at
        again until one gets the title (its map time counts).
        """
        wanted = title.encode()
        untitled: list[tuple[int, float]] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = time.perf_counter()
            untitled += [(window, now) for window in self._mapped_windows()]
            for window, mapped_at in untitled:
                if wanted in self._title(window):
                    return mapped_at
            select.select([self.fd], [], [], 0.005)
        raise TimeoutError(f"no window titled {title!r} was shown in {timeout:.0f} s")


# -- the apps ------------------------------------------------------------------------


@dataclass
class App:
    """A desktop app the benchmark starts under Xvfb, as a user would start it."""

    name: str
    #: Text in its main window's title.
    title: str
    command: list[str]
    env: dict[str, str]
    cwd: Path

    def start(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.command,
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def app_environment(display: str | None, home: Path) -> dict[str, str]:
    """The benchmark's environment for a window on ``display`` (None: a command
    line tool), with a throwaway home: no settings of the user's are read, none
    are left behind."""
    home.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith("QT_")}
    env.pop("DISPLAY", None)
    # Python caches the bytecode of what it imports (pip compiles it at install):
    # an environment that forbids the cache (a sandbox's PYTHONDONTWRITEBYTECODE)
    # would have every start compile SockLab's sources again, which no installed
    # copy does. The uncounted first start writes the cache.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if display is not None:
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    python_path = [str(SOCKLAB_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        TMPDIR=str(home / "tmp"),
        PYTHONPATH=os.pathsep.join(python_path),
    )
    (home / "tmp").mkdir(exist_ok=True)
    return env


def socklab_app(display: str, home: Path) -> App:
    """``python -m socklab``: SockLab's window, as its entry point starts it."""
    return App(
        "SockLab",
        "SockLab",
        [sys.executable, "-m", "socklab"],
        app_environment(display, home),
        home,
    )


@functools.cache
def packetsender_version() -> str:
    """Packet Sender's version, as ``packetsender --version`` says it (e.g. 8.0.6)."""
    out = subprocess.run(
        ["packetsender", "--version"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    found = re.search(r"version\s+v?([\d.]+)", out)
    return found.group(1) if found else "unknown"


def packetsender_app(display: str, home: Path, udp_port: int) -> App:
    """Packet Sender's window, listening for UDP on 127.0.0.1:``udp_port`` only.

    It reads ``ps_settings.ini`` from its working folder when there is one: the
    benchmark writes one there with its TCP, SSL and DTLS servers off, no
    update check and no first-run questions (which would open dialogs).
    """
    env = app_environment(display, home)
    settings = {
        "udpPort": udp_port,
        "udpServerEnable": "true",
        "tcpServerEnable": "false",
        "sslServerEnable": "false",
        "dtlsServerEnable": "false",
        "ipMode": "127.0.0.1",  # its servers bind this address: loopback only
        "checkforUpdates": "false",
        "checkforUpdatesAsked": "true",
        "SW_VERSION": packetsender_version(),
        "languageCombo": "English",
        "restoreSessionCheck": "false",
    }
    lines = ["[General]", *(f"{key}={value}" for key, value in settings.items())]
    (home / "ps_settings.ini").write_text("\n".join(lines) + "\n")
    return App("Packet Sender", "Packet Sender", ["packetsender"], env, home)


def rss_mb_of(process: psutil.Process) -> float:
    return process.memory_info().rss / MB


def cpu_seconds(process: psutil.Process) -> float:
    """CPU time of the process's live threads, to the nanosecond where Linux
    tells it (/proc/PID/task/*/schedstat); psutil's counts 10 ms ticks."""
    nanoseconds = 0
    for stat in Path(f"/proc/{process.pid}/task").glob("*/schedstat"):
        with contextlib.suppress(OSError, ValueError, IndexError):  # a thread that just ended
            nanoseconds += int(stat.read_text().split()[0])
    if nanoseconds:
        return nanoseconds / 1e9
    times = process.cpu_times()
    return times.user + times.system


# -- start-up and idle RSS -----------------------------------------------------------


@dataclass
class Startup:
    """One app's start-up runs: seconds to its window, and its RSS once settled."""

    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


def time_to_window(app: App, watcher: MapWatcher, settle: float) -> tuple[float, float]:
    """Start ``app``; seconds from just before its process started to its window
    mapped, and its RSS (MB) ``settle`` seconds later. The app is ended after."""
    watcher.forget()
    began = time.perf_counter()
    process = app.start()
    try:
        mapped = watcher.wait_mapped(app.title)
        time.sleep(settle)
        return mapped - began, rss_mb_of(psutil.Process(process.pid))
    finally:
        end_process(process)


#: The least a PySide6 app can do: one empty QMainWindow, shown (title below).
MINIMAL_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("PySide6 minimal window")
window.show()
sys.exit(app.exec())
"""


def minimal_window_app(display: str, home: Path) -> App:
    """The floor of any PySide6 window: :data:`MINIMAL_WINDOW`, with SockLab's Python."""
    env = app_environment(display, home)
    return App(
        "PySide6 window",
        "PySide6 minimal window",
        [sys.executable, "-c", MINIMAL_WINDOW],
        env,
        home,
    )


def floor_seconds(env: dict[str, str]) -> float:
    """Seconds a process takes to import PySide6.QtWidgets and end: the floor."""
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import PySide6.QtWidgets"], env=env, check=True)
    return time.perf_counter() - began


def measure_startups(
    apps: list[App], watcher: MapWatcher, runs: int, settle: float
) -> dict[str, Startup]:
    """``runs`` start-ups of each app, interleaved so they see the same machine,
    after one uncounted start of each (the first reads its files from disk)."""
    for app in apps:
        time_to_window(app, watcher, settle=0.0)
    measured = {app.name: Startup() for app in apps}
    for _ in range(runs):
        for app in apps:
            seconds, rss = time_to_window(app, watcher, settle)
            measured[app.name].seconds.append(seconds)
            measured[app.name].rss_mb.append(rss)
    return measured


def add_startup_rows(
    results: Results, measured: dict[str, Startup], floor: list[float], settle: float
) -> None:
    lab, peer = measured["SockLab"], measured["Packet Sender"]
    lab_time, peer_time = min(lab.seconds), min(peer.seconds)
    results.add(
        Row(
            "Peers: process start -> window mapped (Xvfb)",
            lab_time,
            "s",
            peer_time,
            "<= 1.5 x Packet Sender",
            lab_time <= 1.5 * peer_time,
            f"SockLab takes {lab_time / peer_time:.2f} x Packet Sender's time; "
            f"best of {len(lab.seconds)}; SockLab "
            + ", ".join(f"{s:.2f}" for s in lab.seconds)
            + "; Packet Sender "
            + ", ".join(f"{s:.2f}" for s in peer.seconds),
            lower_is_better=True,
        )
    )
    results.add(
        Row(
            "  floor: python -c 'import PySide6.QtWidgets'",
            min(floor),
            "s",
            note=f"best of {len(floor)}; the rest of SockLab's start-up is its own",
        )
    )
    least = measured.get("PySide6 window")
    if least is not None:
        least_time = min(least.seconds)
        results.add(
            Row(
                "  floor: a minimal PySide6 window mapped",
                least_time,
                "s",
                peer_time,
                note=f"one empty QMainWindow: {least_time / peer_time:.2f} x Packet Sender's "
                f"time; SockLab takes {lab_time / least_time:.2f} x it; best of "
                f"{len(least.seconds)}: " + ", ".join(f"{s:.2f}" for s in least.seconds),
                lower_is_better=True,
            )
        )
    lab_rss, peer_rss = statistics.median(lab.rss_mb), statistics.median(peer.rss_mb)
    results.add(
        Row(
            "Peers: idle RSS after start",
            lab_rss,
            "MB",
            peer_rss,
            "<= Packet Sender",
            lab_rss <= peer_rss,
            f"SockLab uses {lab_rss / peer_rss:.2f} x Packet Sender's; median of "
            f"{len(lab.rss_mb)}, {settle:g} s after the window was mapped; SockLab "
            + ", ".join(f"{m:.0f}" for m in lab.rss_mb)
            + "; Packet Sender "
            + ", ".join(f"{m:.0f}" for m in peer.rss_mb),
            lower_is_better=True,
        )
    )
    if least is not None:
        least_rss = statistics.median(least.rss_mb)
        results.add(
            Row(
                "  floor: a minimal PySide6 window's idle RSS",
                least_rss,
                "MB",
                peer_rss,
                note=f"median of {len(least.rss_mb)}; SockLab's window and engine add "
                f"{lab_rss - least_rss:.1f} MB to it",
                lower_is_better=True,
            )
        )


# -- first use of what start-up leaves for later ----------------------------------------


_SOCKLAB_FIRST_USE = """
import json, sys, threading, time
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QSettings, QTimer
from socklab.gui.main import create_application, settle_for_traffic
import qasync, asyncio
from socklab.gui.main_window import MainWindow

app = create_application([sys.argv[0]])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
wake = QTimer(interval=5)
wake.start()


class Painted(QObject):
    def __init__(self):
        super().__init__()
        self.seen = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def until(condition, limit=60.0):
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def first_use(act, shown, ready):
    # ms from act() to shown() painted and ready() true, the events in between handled.
    painted = Painted()
    began = time.perf_counter()
    act()
    target = shown()
    target.installEventFilter(painted)
    target.update()
    until(lambda: painted.seen and ready())
    return (time.perf_counter() - began) * 1000


window.show()
settle_for_traffic()  # as python -m socklab does
until(lambda: window.windowHandle().isExposed())
# A user's first click comes after the start-up's display tables are built.
until(lambda: not any(t.name == "display-tables" for t in threading.enumerate()))
tab = window.tabs.currentWidget()
until(lambda: not tab.code.stale or tab.code_panel.isHidden())
for _ in range(3):  # what the first screen does just after it shows
    QCoreApplication.processEvents()
times = {}
if sys.argv[2] == "tabs":
    for index in range(1, window.tabs.count()):
        name = window.tabs.widget(index).objectName()
        times[name] = first_use(
            lambda: window.tabs.setCurrentIndex(index),
            window.tabs.currentWidget,
            lambda: not window.tabs.currentWidget().code.stale,
        )
else:
    times["ratePlot"] = first_use(
        window.rate_plot_action.trigger, lambda: tab.rate_plot, tab.rate_plot.view_built
    )
    times["codePanel"] = first_use(
        window.show_code_action.trigger, lambda: tab.code_panel, lambda: not tab.code.stale
    )
window.close()
print("times", json.dumps(times), flush=True)
"""

#: What is timed on first use: the row's name, and the key the window process reports.
FIRST_USES = (
    ("first switch to the Broadcast tab", "broadcastTab"),
    ("first switch to the TCP Client tab", "tcpClientTab"),
    ("first switch to the TCP Server tab", "tcpServerTab"),
    ("first open of the rate plot", "ratePlot"),
    ("first open of the code panel", "codePanel"),
)
#: The target of each first use, in milliseconds.
FIRST_USE_TARGET_MS = 100.0


def first_use_times(display: str, home: Path, which: str) -> dict[str, float]:
    """A fresh SockLab window on ``display``; milliseconds of each first use:
    ``"tabs"``, the first switch to each tab after the first (the code panel
    shown, as by default); ``"panels"``, the first open of the rate plot and then
    of the code panel (both hidden at start)."""
    settings = home / f"first-{which}.ini"
    settings.unlink(missing_ok=True)
    if which == "panels":
        settings.write_text("[General]\nshow_code=false\nshow_rate_plot=false\n")
    window = Peer(
        sys.executable,
        "-c",
        _SOCKLAB_FIRST_USE,
        settings,
        which,
        env=app_environment(display, home),
        cwd=home,
    )
    try:
        return json.loads(" ".join(window.expect("times", timeout=120)))
    finally:
        window.close()


def measure_first_uses(display: str, home: Path, runs: int) -> dict[str, list[float]]:
    """``runs`` fresh windows for each kind of first use, interleaved."""
    times: dict[str, list[float]] = {key: [] for _, key in FIRST_USES}
    for _ in range(runs):
        for which in ("tabs", "panels"):
            for key, ms in first_use_times(display, home, which).items():
                times[key].append(ms)
    return times


def add_first_use_rows(results: Results, times: dict[str, list[float]]) -> None:
    for name, key in FIRST_USES:
        runs = times[key]
        best = min(runs)
        results.add(
            Row(
                f"  {name}",
                best,
                "ms",
                target=f"< {FIRST_USE_TARGET_MS:.0f} ms",
                ok=best < FIRST_USE_TARGET_MS,
                note=f"click to painted, best of {len(runs)}: "
                + ", ".join(f"{ms:.0f}" for ms in runs),
                lower_is_better=True,
            )
        )


# -- UDP generators -----------------------------------------------------------------


def packetsender_cli(port: int, count: int, size: int, env: dict[str, str]) -> float:
    """Packet Sender's CLI sending ``count`` datagrams of ``size`` bytes as fast as
    it can (``-u --num``); datagrams/s over its own "Run time"."""
    out = subprocess.run(
        ["packetsender", "-q", "-u", "-x", "--num", str(count), "127.0.0.1", str(port),
         "78" * size],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    sent = re.search(r"Sent (\d+) packets", out)
    run_time = re.search(r"Run time: (\d+) milliseconds", out)
    if not sent or not run_time:
        raise RuntimeError(f"unexpected Packet Sender output: {out!r}")
    return int(sent.group(1)) / max(int(run_time.group(1)), 1) * 1000


def iperf3_server(attempts: int = 3) -> tuple[Peer, int]:
    """A one-test ``iperf3 -s -1`` on 127.0.0.1 and its port. A free port can be
    taken by another program before iperf3 binds it: then another one is tried."""
    for _ in range(attempts):
        port = free_port()
        server = Peer("iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", port, "--forceflush")
        try:
            server.expect("Server listening", timeout=15)
        except RuntimeError:  # it ended: the port was taken
            continue
        return server, port
    raise RuntimeError("iperf3 -s did not start")


def iperf3_udp(count: int, size: int) -> float:
    """``iperf3 -u -b 0 -l SIZE`` sending ``count`` datagrams to its own local
    server; datagrams/s as its sender reports them."""
    server, port = iperf3_server()
    try:
        report = subprocess.run(
            ["iperf3", "-c", "127.0.0.1", "-p", str(port), "-u", "-b", "0", "-l", str(size),
             "-n", str(count * size), "-J"],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout  # fmt: skip
    finally:
        end_process(server.process)
    end = json.loads(report)["end"]
    sent = end.get("sum_sent") or end["sum"]
    return sent["packets"] / sent["seconds"]


@dataclass
class GeneratorCounts:
    """How many datagrams each sender sends (Packet Sender's CLI is slower, and
    its count is smaller so that the section stays within its time)."""

    default: int
    packetsender: int


def generator_counts(size: int, quick: bool) -> GeneratorCounts:
    if size <= 100:
        return GeneratorCounts(200_000 if quick else 1_000_000, 20_000 if quick else 200_000)
    return GeneratorCounts(100_000 if quick else 500_000, 3_000 if quick else 20_000)


def measure_generators(
    size: int, counts: GeneratorCounts, rounds: int, packetsender_env: dict[str, str] | None
) -> dict[str, list[float]]:
    """Datagrams/s of every sender there is, interleaved ``rounds`` times."""
    senders: dict[str, Callable[[int], float | None]] = {
        "socklab": lambda port: socklab_generator(port, counts.default, size),
        "bare_python": lambda port: bare_sendto(port, counts.default, size),
        "c_sendmmsg": lambda port: c_sendmmsg(port, counts.default, size),
    }
    if packetsender_env is not None:
        env = packetsender_env
        senders["packetsender"] = lambda port: packetsender_cli(
            port, counts.packetsender, size, env
        )
    if missing("iperf3") is None:
        senders["iperf3"] = lambda _port: iperf3_udp(counts.default, size)
    rates: dict[str, list[float]] = {name: [] for name in senders}
    sink = python_peer("udp-sink")
    try:
        port = int(sink.expect("ready")[0])
        for _ in range(rounds):
            for name, send in senders.items():
                rate = send(port)
                if rate is not None:
                    rates[name].append(rate)
    finally:
        sink.close()
    return {name: runs for name, runs in rates.items() if runs}


#: Peer key -> (label in the table, target as a multiple of the peer, its text).
GENERATOR_PEERS = {
    "packetsender": ("Packet Sender CLI", 1.0, ">= 1 x"),
    "iperf3": ("iperf3 -u -b 0", 1.0, ">= 1 x"),
    "bare_python": ("bare Python sendto", 0.8, ">= 0.8 x"),
    "c_sendmmsg": ("C sendmmsg", None, ""),
}


def add_generator_rows(results: Results, size: int, rates: dict[str, list[float]]) -> None:
    lab = max(rates["socklab"])
    for key, (label, peer_target, peer_target_text) in GENERATOR_PEERS.items():
        if key not in rates:
            skip(results, f"UDP generator {size} B vs {label}", _why_no_sender(key))
            continue
        peer = max(rates[key])
        target, target_text = peer_target, peer_target_text
        if key == "c_sendmmsg" and size >= 1000:  # the GSO target: C's bytes/s
            target, target_text = 1.0, ">= 1 x C bytes/s"
        results.add(
            Row(
                f"Peers: UDP gen {size} B vs {label}",
                lab,
                "/s",
                peer,
                target_text,
                None if target is None else lab >= target * peer,
                f"{lab * size / MB:,.0f} vs {peer * size / MB:,.0f} MB/s; runs "
                + ", ".join(f"{r / 1000:,.0f}k" for r in rates[key]),
            )
        )


def _why_no_sender(key: str) -> str:
    if key == "c_sendmmsg":
        return "no C compiler for blast.c"
    return missing({"packetsender": "packetsender", "iperf3": "iperf3"}[key]) or "not run"


# -- a flood into each window --------------------------------------------------------


_SOCKLAB_UDP_WINDOW = """
import asyncio, sys, threading
from PySide6.QtCore import QSettings
from socklab.gui.main import create_application, settle_for_traffic
import qasync
from socklab.gui.main_window import MainWindow

app = create_application([sys.argv[0]])
app.setQuitOnLastWindowClosed(False)
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)

async def main():
    window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    window.show()
    settle_for_traffic()
    tab = window.udp_tab
    window.tabs.setCurrentWidget(tab)
    tab.local_host.setEditText("127.0.0.1")
    tab.local_port.setText("0")
    tab.open_button.click()
    while tab.session is None or tab.session.local_address is None:
        await asyncio.sleep(0.01)
    session = tab.session
    print("ready", session.local_address[1], flush=True)

    def answer():
        for _ in sys.stdin:
            print("received", session.counters.rx_packets, flush=True)
        loop.call_soon_threadsafe(window.close)

    threading.Thread(target=answer, daemon=True).start()
    await closed.wait()

with loop:
    loop.run_until_complete(main())
"""


def socklab_udp_window(display: str, home: Path) -> Peer:
    """SockLab's window with its UDP tab open on 127.0.0.1 (the tab's Open button
    clicked in the window's own process: the window has no option to open a port
    at start). It prints ``ready PORT``; each line it reads, it answers
    ``received N`` (the tab's exact counter); at the end of its input it closes."""
    settings = home / "socklab.ini"
    env = app_environment(display, home)
    return Peer(sys.executable, "-c", _SOCKLAB_UDP_WINDOW, settings, env=env, cwd=home)


def socket_counts(port: int) -> tuple[int, int] | None:
    """(datagrams dropped, bytes queued) at the UDP socket bound to ``port``, from
    /proc/net/udp: the kernel's drops are the datagrams its reader was too slow
    for (a full receive buffer)."""
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port:
                    return int(fields[-1]), int(fields[4].split(":")[1], 16)
    return None


def busy_after(process: psutil.Process, since: float, limit: float = 60.0) -> float:
    """Seconds from ``since`` (perf_counter) until ``process`` goes quiet: the
    first 20 ms in which it used under 10 % of a CPU (so to 0.02 s)."""
    step = 0.02
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        began, cpu = time.perf_counter(), cpu_seconds(process)
        time.sleep(step)
        if cpu_seconds(process) - cpu < 0.1 * step:
            return round(max(0.0, began - since), 2)
    return limit


def flood_window(
    window: psutil.Process, port: int, count: int, rate: int
) -> dict[str, float | int | None]:
    """A paced flood of ``count`` 64-byte datagrams at ``rate``/s into the window
    listening on ``port``: what the kernel dropped at its socket, its RSS growth,
    and how long it stays busy after the last datagram."""
    rss_before, cpu_before = rss_mb_of(window), cpu_seconds(window)
    dropped_before = (socket_counts(port) or (0, 0))[0]
    sender = paced_peer(port, count, 64, rate)
    try:
        ended = when_true(lambda: sender.done, count / rate * 4 + 30)
    finally:
        sender.close()
    busy = busy_after(window, ended)
    cpu = cpu_seconds(window) - cpu_before
    counts = socket_counts(port)
    dropped = None if counts is None else counts[0] - dropped_before
    return {
        "sent": count,
        "sender_exit": sender.process.returncode,
        "dropped_at_socket": dropped,
        "read_by_window": None if dropped is None else count - dropped,
        "queued_bytes_after": None if counts is None else counts[1],
        "rss_growth_mb": rss_mb_of(window) - rss_before,
        "busy_after_s": busy,
        "cpu_seconds": cpu,
    }


def flood_socklab(display: str, home: Path, *, count: int, rate: int, settle: float) -> dict:
    window = socklab_udp_window(display, home)
    try:
        port = int(window.expect("ready", timeout=60)[0])
        time.sleep(settle)
        figures = flood_window(psutil.Process(window.process.pid), port, count, rate)
        window.tell("count")
        figures["shown"] = int(window.expect("received", timeout=30)[0])
        return figures
    finally:
        window.close()


def flood_packetsender(
    display: str, home: Path, watcher: MapWatcher, *, count: int, rate: int, settle: float
) -> dict:
    port = free_port()
    app = packetsender_app(display, home, port)
    watcher.forget()
    process = app.start()
    try:
        watcher.wait_mapped(app.title)
        when_true(lambda: socket_counts(port) is not None, 30)
        time.sleep(settle)
        figures = flood_window(psutil.Process(process.pid), port, count, rate)
        figures["shown"] = None  # on its "Clear Log (N)" button: not readable from outside
        return figures
    finally:
        end_process(process)


def add_flood_rows(results: Results, lab: dict, peer: dict, count: int, rate: int) -> None:
    """Datagrams read, RSS growth and busy time after a flood, SockLab beside
    Packet Sender (whose shown count is on a button no outside tool can read)."""
    lab_read, peer_read = lab["read_by_window"] or 0, peer["read_by_window"] or 0
    results.add(
        Row(
            f"Peers: {rate // 1000}k/s flood into the window: read",
            lab_read,
            "",
            peer_read,
            "0 lost",
            lab["shown"] == count and lab_read == count,
            f"of {count:,}; SockLab shows {lab['shown']:,}; Packet Sender lost "
            f"{1 - peer_read / count:.0%} (its log keeps <= {PACKETSENDER_LOG_ROWS:,} rows)",
        )
    )
    results.add(
        Row(
            "  RSS growth of the window process",
            lab["rss_growth_mb"],
            "MB",
            peer["rss_growth_mb"],
            "",
            None,
            lower_is_better=True,
        )
    )
    results.add(
        Row(
            "  busy after the last datagram",
            lab["busy_after_s"],
            "s",
            peer["busy_after_s"],
            "",
            None,
            f"CPU in all: {lab['cpu_seconds']:.2f} s vs {peer['cpu_seconds']:.2f} s",
            lower_is_better=True,
        )
    )


# -- the section ------------------------------------------------------------------------


#: How long after its window was mapped an app's RSS is read (and a flood begins).
SETTLE_SECONDS = 2.0
WINDOW_ROWS = "start-up, idle RSS, flood into the windows"


def bench_peers(results: Results, quick: bool, windows: bool = True) -> None:
    """The peers section: rows whose tools are missing are skipped with the reason."""
    print("Side by side with Packet Sender and iperf3", flush=True)
    if any(missing(program) for program in PACKAGES):
        print(f"  (all the tools: {INSTALL})", flush=True)
    details = results.details.setdefault("peers", {})
    no_packetsender = missing("packetsender", "xrandr")
    if no_packetsender is None:
        details["packetsender_version"] = packetsender_version()
    with tempfile.TemporaryDirectory(prefix="socklab-bench-peers-") as scratch:
        folder = Path(scratch)
        cli_env = None if no_packetsender else app_environment(None, folder / "ps-cli")
        bench_generators(results, quick, cli_env)
        blocker = missing("Xvfb", "packetsender", "xrandr") if windows else "--no-window"
        if blocker:
            skip(results, WINDOW_ROWS, blocker)
            return
        with virtual_display() as display, contextlib.closing(MapWatcher(display)) as watcher:
            bench_startups(results, quick, watcher, folder)
            bench_floods(results, quick, watcher, folder)


def bench_generators(
    results: Results, quick: bool, packetsender_env: dict[str, str] | None
) -> None:
    """The generator rows, 64 B and 1400 B."""
    for size in (64, 1400):
        counts = generator_counts(size, quick)
        rates = measure_generators(size, counts, 2 if quick else 3, packetsender_env)
        results.details["peers"][f"generator_{size}B"] = rates
        add_generator_rows(results, size, rates)


def bench_startups(
    results: Results, quick: bool, watcher: MapWatcher, folder: Path, runs: int | None = None
) -> None:
    """The start-up, idle RSS and first-use rows, both apps on the watcher's display."""
    display = watcher.display_name
    runs = runs or (2 if quick else 5)
    apps = [
        socklab_app(display, folder / "socklab"),
        packetsender_app(display, folder / "packetsender", free_port()),
        minimal_window_app(display, folder / "pyside6"),
    ]
    floor = [floor_seconds(apps[0].env) for _ in range(runs)]
    measured = measure_startups(apps, watcher, runs, SETTLE_SECONDS)
    startup: dict[str, Any] = {name: vars(app_runs) for name, app_runs in measured.items()}
    startup["floor_import_pyside6"] = floor
    try:
        first_uses = measure_first_uses(display, folder / "socklab", runs)
    except RuntimeError:  # a SockLab older than its lazy start-up: nothing to time
        first_uses = {}
        skip(results, "first uses", "the window process ended before it timed them")
    startup["first_use_ms"] = first_uses
    results.details["peers"]["startup"] = startup
    add_startup_rows(results, measured, floor, SETTLE_SECONDS)
    if first_uses:
        add_first_use_rows(results, first_uses)


def bench_floods(results: Results, quick: bool, watcher: MapWatcher, folder: Path) -> None:
    """The flood rows: SockLab's window, then Packet Sender's."""
    display = watcher.display_name
    count, rate, settle = (30_000 if quick else 100_000), 50_000, SETTLE_SECONDS
    lab = flood_socklab(display, folder / "socklab-flood", count=count, rate=rate, settle=settle)
    peer = flood_packetsender(
        display, folder / "ps-flood", watcher, count=count, rate=rate, settle=settle
    )
    results.details["peers"]["flood"] = {
        "count": count,
        "rate": rate,
        "socklab": lab,
        "packetsender": peer,
    }
    add_flood_rows(results, lab, peer, count, rate)


def main(argv: list[str] | None = None) -> int:
    """Only the start-up rows (start-up, idle RSS, first uses), beside Packet Sender:
    ``python tests/benchmarks/side_by_side.py [--quick] [--runs N] [--output FILE]``."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--quick", action="store_true", help="2 runs instead of 5")
    parser.add_argument("--runs", type=int, default=None, help="runs of each app")
    parser.add_argument("--output", type=Path, help="write the rows and runs here (JSON)")
    args = parser.parse_args(argv)
    results = Results()
    results.details["peers"] = {}
    blocker = missing("Xvfb", "packetsender", "xrandr")
    if blocker:
        print(f"skipped: {blocker}")
        return 1
    with (
        tempfile.TemporaryDirectory(prefix="socklab-bench-startup-") as scratch,
        virtual_display() as display,
        contextlib.closing(MapWatcher(display)) as watcher,
    ):
        bench_startups(results, args.quick, watcher, Path(scratch), runs=args.runs)
    print()
    print(results.table())
    if args.output:
        rows = [{**row.__dict__, "ratio": row.ratio} for row in results.rows]
        args.output.write_text(json.dumps({"rows": rows, **results.details}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
