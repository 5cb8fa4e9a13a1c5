"""What the UDP and the Broadcast tab share: a UDP session, and load tools that
send to the destination in the fields."""

from __future__ import annotations

from socklab.core import GeneratorSpec, Progress, UdpSession
from socklab.gui.tabs.base import SessionTab


class DatagramTab(SessionTab[UdpSession]):
    """A tab of datagrams; a subclass says where they go (:meth:`destination`).

    Signals: those of :class:`SessionTab`.
    """

    def destination(self) -> tuple[str, int]:
        """The host and port in the fields; FieldError if either is bad."""
        raise NotImplementedError

    def job_target(self) -> tuple[str, int]:
        return self.destination()

    def start_generator(
        self, session: UdpSession, spec: GeneratorSpec, target: tuple[str, int]
    ) -> Progress:
        return session.generate(spec, *target)

    def start_file_send(
        self, session: UdpSession, path: str, chunk: int, target: tuple[str, int]
    ) -> Progress:
        return session.send_file(path, *target, chunk=chunk)
