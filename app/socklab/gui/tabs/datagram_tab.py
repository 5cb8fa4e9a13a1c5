"""What the UDP and the Broadcast tab share: a UDP session, a payload that fits
in one datagram, and load tools that send to the destination in the fields."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from socklab.core import MAX_DATAGRAM_IPV4, GeneratorSpec, Progress, UdpSession
from socklab.gui.tabs.base import SessionTab


class DatagramTab(SessionTab[UdpSession]):
    """A tab of datagrams; a subclass says where they go (:meth:`destination`).

    Send stays disabled, and the editor says why, while the payload is larger
    than a datagram can carry (the system would refuse it only after Send).

    Signals: those of :class:`SessionTab`.
    """

    def retranslate(self) -> None:
        super().retranslate()
        self.editor.set_max_size(
            MAX_DATAGRAM_IPV4,
            QCoreApplication.translate(
                "DatagramTab", "a UDP datagram carries at most 65,507 bytes over IPv4"
            ),
        )

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
