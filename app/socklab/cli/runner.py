"""Pumping a session's events to the output until a condition, a signal or a timeout."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable

from socklab.core import (
    Event,
    Failed,
    Phase,
    Progress,
    Received,
    Sent,
    Session,
    SessionError,
    keep_freed_memory,
)

from .output import Printer


class Runner:
    """Pumps a session's events to the printer until a condition or a signal."""

    def __init__(self, session: Session, printer: Printer) -> None:
        self.session = session
        self.printer = printer
        self.interrupted = threading.Event()
        self.failures = 0
        #: Print no line per datagram or chunk (floods, generators, files).
        self.quiet_data = False
        keep_freed_memory()  # a bulk receive reuses what it frees (see there)

    def pump(self, on_event: Callable[[Event], None] | None = None) -> None:
        batch = self.session.drain()
        quiet = self.quiet_data
        for event in batch.events:
            if isinstance(event, Failed):
                self.failures += 1
            if not (quiet and isinstance(event, Received | Sent)):
                self.printer.show(event)
            if on_event is not None:
                on_event(event)
        if batch.events:
            self.printer.flush()

    def run_until(
        self,
        done: Callable[[], bool],
        timeout: float | None = None,
        on_event: Callable[[Event], None] | None = None,
    ) -> bool:
        """Pump until ``done()`` (True), the timeout or an interrupt (False)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            self.pump(on_event)
            if done():
                return True
            if self.interrupted.is_set():
                return False
            if deadline is not None and time.monotonic() >= deadline:
                return False
            if self.quiet_data:  # a flood: look every 50 ms, not at every event
                self.interrupted.wait(0.05)
            else:
                self.session.wait_for_events(0.05)

    def run_job(self, progress: Progress, unit: str) -> None:
        """Wait for a generator or file send, a status line a second; Ctrl-C stops it."""
        quiet, self.quiet_data = self.quiet_data, True
        try:
            while not self.run_until(progress.future.done, timeout=1.0):
                if self.interrupted.is_set():
                    progress.stop()
                    self.interrupted.clear()
                    self.run_until(progress.future.done, timeout=2.0)
                    self.interrupted.set()
                    break
                print(f"socklab: {rate_line(progress, unit)}", file=sys.stderr, flush=True)
        finally:
            self.quiet_data = quiet
        print(f"socklab: {rate_line(progress, unit)}", file=sys.stderr, flush=True)
        error = progress.future.exception(2.0) if progress.future.done() else None
        if error is not None:
            raise error if isinstance(error, SessionError) else SessionError("", str(error))


def rate_line(progress: Progress, unit: str) -> str:
    """``sent 1,000 datagrams, 64,000 bytes in 1.00 s (1,000/s, 0.51 Mbit/s) [50%]``."""
    snap = progress.snapshot()
    verb = "sent" if progress.kind != "receive" else "saved"
    pps, bps = (snap.pps, snap.bps) if snap.running else (snap.mean_pps, snap.mean_bps)
    line = (
        f"{verb} {snap.packets:,} {unit}, {snap.bytes:,} bytes in {snap.elapsed:.2f} s "
        f"({pps:,.0f}/s, {bps / 1e6:,.2f} Mbit/s)"
    )
    if snap.fraction is not None:
        line += f" [{snap.fraction:.0%}]"
    if snap.phase is Phase.STOPPED:
        line += " stopped"
    return line


def install_signal_handlers(flag: threading.Event) -> dict[int, object]:
    previous: dict[int, object] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous

    def stop(signum: int, frame: object) -> None:
        flag.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        previous[signum] = signal.signal(signum, stop)
    return previous


def restore_signal_handlers(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        with contextlib.suppress(TypeError, ValueError):
            signal.signal(signum, handler)  # type: ignore[arg-type]
