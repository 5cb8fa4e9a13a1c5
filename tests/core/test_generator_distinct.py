"""The UDP generator with a payload per datagram (``GeneratorSpec.source``, the
template fields' path): every datagram its own bytes, in order, none twice or
missing, over sendmmsg (distinct buffers) and the sendto loop; no GSO, said."""

from __future__ import annotations

import itertools
import socket

import pytest

from socklab.core.fastpath import send as fastsend
from socklab.core.fastpath.paths import GsoSkip, SendMode
from socklab.core.jobs.generator import GeneratorSpec
from socklab.core.jobs.progress import Phase
from socklab.core.sessions.udp import UdpSession

COUNT = 3000
SENDERS = [
    pytest.param(True, id="sendmmsg", marks=pytest.mark.skipif(not fastsend.AVAILABLE, reason="")),
    pytest.param(False, id="sendto-loop"),
]


@pytest.mark.parametrize("sendmmsg", SENDERS)
def test_each_datagram_is_the_next_of_the_source_in_order(sessions, sendmmsg):
    numbers = itertools.count(1)
    # Sizes differ from one datagram to the next (1 to 9 bytes of padding): no GSO.
    spec = GeneratorSpec(
        size=8, count=COUNT, source=lambda: (n := next(numbers)).to_bytes(4, "big") + b"." * (n % 9)
    )
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        peer.settimeout(5)
        sender, _ = sessions(UdpSession)
        sender.use_sendmmsg = sendmmsg
        progress = sender.generate(spec, "127.0.0.1", peer.getsockname()[1])
        assert progress.wait(10) == COUNT
        got = [peer.recv(100) for _ in range(COUNT)]
    assert [int.from_bytes(g[:4], "big") for g in got] == list(range(1, COUNT + 1))
    assert all(len(g) == 4 + int.from_bytes(g[:4], "big") % 9 for g in got)
    snap = progress.snapshot()
    assert (snap.phase, snap.packets, snap.bytes) == (Phase.DONE, COUNT, sum(map(len, got)))
    assert next(numbers) == COUNT + 1  # the source was asked exactly COUNT times
    path = sender.send_path
    assert path is not None and path.skipped is GsoSkip.TEMPLATE
    assert path.mode is (SendMode.SENDMMSG if sendmmsg else SendMode.SENDTO)
