"""Spoiling traffic on purpose, reproducibly: dropping datagrams and flipping bytes.

Both draw from a seeded :class:`random.Random`, so a test (or a tester who
wants to see a failure again) gets the very same drops and flips from the
same seed and the same traffic.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

from .options import CorruptSpec

#: Drops are decided per block of this many datagrams.
DROP_BLOCK = 100


class DropPlan:
    """Drops exactly ``percent`` % of the datagrams: ``round(percent * k)`` of
    the first ``100 * k``, at positions inside each block of 100 drawn from ``seed``.

    So 10 % of 1,000 datagrams is exactly 100 dropped, 900 passed on; and a
    fractional share (12.5 %) alternates 12 and 13 per block.
    """

    def __init__(self, percent: float, seed: int = 0, stream: str = "") -> None:
        self.percent = Fraction(str(percent))
        self._random = random.Random(f"drop:{seed}:{stream}")
        self._blocks = 0
        self._position = DROP_BLOCK
        self._drops: set[int] = set()

    def drop(self) -> bool:
        """Whether the next datagram is dropped."""
        if self._position >= DROP_BLOCK:
            self._next_block()
        position = self._position
        self._position += 1
        return position in self._drops

    def _next_block(self) -> None:
        k = self._blocks
        count = _rounded(self.percent * (k + 1)) - _rounded(self.percent * k)
        self._drops = set(self._random.sample(range(DROP_BLOCK), count)) if count else set()
        self._blocks += 1
        self._position = 0


def _rounded(value: Fraction) -> int:
    """Half up (not to even): 0.5 -> 1."""
    return math.floor(value + Fraction(1, 2))


class Corrupter:
    """Flips the bytes a :class:`CorruptSpec` names in one direction's traffic.

    ``per_message``: offsets count from each datagram's start (UDP); else from
    the stream's (TCP). Rate positions always run over the bytes in order, so
    the stream's cuts into chunks change nothing.
    """

    def __init__(self, spec: CorruptSpec, stream: str = "", *, per_message: bool = False) -> None:
        self.spec = spec
        self.per_message = per_message
        self._random = random.Random(f"corrupt:{spec.seed}:{stream}")
        self._offset = 0  # bytes seen so far
        self._next = -1 if spec.offset is None else spec.offset
        self._log = math.log1p(-spec.rate) if 0 < spec.rate < 1 else 0.0
        if spec.offset is None:
            self._next = self._gap()
        #: Bytes flipped so far.
        self.flipped = 0

    def _gap(self) -> int:
        """How many bytes from here the next flipped one lies (a geometric draw)."""
        if self.spec.rate >= 1:
            return 0
        u = self._random.random()
        return int(math.log1p(-u) / self._log)

    def apply(self, data: bytes) -> tuple[bytes, int]:
        """``data`` with its chosen bytes flipped, and how many were."""
        spec = self.spec
        if spec.offset is not None:
            if self.per_message:
                if spec.offset >= len(data):
                    return data, 0
                return self._flip(data, [spec.offset]), 1
            start, self._offset = self._offset, self._offset + len(data)
            if start <= spec.offset < self._offset:
                return self._flip(data, [spec.offset - start]), 1
            return data, 0
        # _next: where the next flipped byte lies, counted from this chunk's start.
        positions = []
        while self._next < len(data):
            positions.append(self._next)
            self._next += 1 + self._gap()
        self._next -= len(data)
        self._offset += len(data)
        if not positions:
            return data, 0
        return self._flip(data, positions), len(positions)

    def _flip(self, data: bytes, positions: list[int]) -> bytes:
        spoiled = bytearray(data)
        mask = self.spec.mask
        for position in positions:
            spoiled[position] ^= mask
        self.flipped += len(positions)
        return bytes(spoiled)
