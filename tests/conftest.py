"""Fixtures shared by every test: sessions that are always shut down, and a
way to wait for a session's events without sleeping."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest

import socklab_cli
import unix_helpers
from socklab.core.events import Event
from socklab.core.sessions.base import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: How long a session may take to shut down before a test calls it hung: a
#: bound for a busy machine, never a speed requirement.
SHUTDOWN_BOUND = 10.0


class EventLog:
    """Collects a session's events as they are drained."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.events: list[Event] = []
        self.dropped = 0

    def pump(self) -> None:
        batch = self.session.drain()
        self.events.extend(batch.events)
        self.dropped += batch.dropped

    def of(self, kind: type) -> list:
        self.pump()
        return [e for e in self.events if isinstance(e, kind)]

    def wait_for(self, predicate: Callable[[Event], bool], timeout: float = 5.0) -> Event:
        """The first event (old or new) for which ``predicate`` holds."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            self.pump()
            for event in self.events[seen:]:
                if predicate(event):
                    return event
            seen = len(self.events)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"no matching event within {timeout} s; got {self.events[-5:]}"
                )
            self.session.wait_for_events(min(remaining, 0.1))

    def wait_until(
        self, condition: Callable[[], bool], timeout: float = 5.0, pump: bool = True
    ) -> None:
        """Pump events until ``condition()`` holds, then :meth:`settle` (and pump
        once more): what made it hold is then complete. With ``pump=False``, leave
        the events in the session's ring (to see what the ring itself keeps and drops).
        """
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met within {timeout} s")
            if pump:
                self.session.wait_for_events(0.02)
                self.pump()
            else:  # a round trip through the worker's loop: it reads meanwhile
                self.settle(timeout)
        self.settle(timeout)
        if pump:
            self.pump()

    def settle(self, timeout: float = 5.0) -> None:
        """Return once the worker's loop has finished the callback it is in.

        A session counts and reports a wake-up's work in one callback on its
        loop, field after field: a counter that reached its value says the work
        is under way, not that its other counters and events are in. A no-op
        the loop runs after that callback is the proof (a round trip, no sleep).
        """
        if self.session.worker.running:
            self.session.worker.submit(_loop_pass()).result(timeout)


async def _loop_pass() -> None:
    """Returns once the loop that runs it gets to it."""


@pytest.fixture
def sessions() -> Iterator[Callable]:
    """``sessions(UdpSession, options)`` -> (session, EventLog); shut down after the test."""
    made: list[Session] = []

    def make(cls: type, *args: object, **kwargs: object) -> tuple:
        session = cls(*args, **kwargs)
        made.append(session)
        return session, EventLog(session)

    yield make
    for session in made:
        assert session.shutdown(SHUTDOWN_BOUND), f"{session.kind} worker did not stop"


@pytest.fixture(autouse=True)
def _reap_socklab_processes() -> Iterator[None]:
    """Whatever a test started with ``socklab_cli.start`` ends with the test."""
    yield
    socklab_cli.reap()


@pytest.fixture
def unix_folder() -> Iterator[str]:
    """A short folder of this test's own for Unix socket paths, removed afterwards."""
    with unix_helpers.short_dir() as folder:
        yield folder


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory):
    """A CA, certificates signed by it and their keys (tests/tls_peers.py), made
    once per run with ``openssl req``."""
    import tls_peers

    if tls_peers.OPENSSL is None:
        pytest.skip("openssl is not installed")
    return tls_peers.make_pki(tmp_path_factory.mktemp("pki"))
