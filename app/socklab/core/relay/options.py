"""What a relay is told: its protocol, and how it spoils the traffic it passes on.

Every ``parse_*`` function takes what a person typed (the CLI's argument, a
field in the window) and returns the value, or raises :class:`ValueError`
with a sentence that says what is wrong with it.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from fractions import Fraction

#: The longest delay a relay accepts, in milliseconds (a minute).
MAX_DELAY_MS = 60_000
#: A TCP relay reads this much per recv (a relay passes bulk data on).
RELAY_RECV_SIZE = 256 * 1024
#: At most this many bytes wait in one direction's delay line before the relay
#: stops reading from the side that sends them (backpressure, not memory).
MAX_DELAYED_BYTES = 8 << 20
#: At most this many datagrams wait in one direction's delay line (UDP).
MAX_DELAYED_DATAGRAMS = 20_000
#: A UDP mapping (one source address) ends after this many seconds without a datagram.
DEFAULT_IDLE_TIMEOUT = 60.0


class RelayProtocol(enum.Enum):
    TCP = "tcp"
    UDP = "udp"


class Side(enum.Enum):
    """One end of a relayed connection or flow: the client that came to the
    relay, or the target the relay forwards to."""

    CLIENT = "client"
    TARGET = "target"

    @property
    def other(self) -> Side:
        return Side.TARGET if self is Side.CLIENT else Side.CLIENT


@dataclass(frozen=True, slots=True)
class CorruptSpec:
    """Which bytes the relay spoils (XOR with ``mask``) on their way.

    Either ``offset``: the byte at this offset of every datagram (UDP) or of
    each direction's stream (TCP: the stream's offset, whatever the chunks),
    or ``rate``: each byte with this probability, at positions drawn from
    ``seed`` (the same seed, the same positions, however TCP cuts the stream).
    """

    rate: float = 0.0
    offset: int | None = None
    mask: int = 0xFF
    seed: int = 0

    def describe(self) -> str:
        if self.offset is not None:
            return f"byte {self.offset} XOR 0x{self.mask:02x}"
        return f"rate {self.rate:g} XOR 0x{self.mask:02x} (seed {self.seed})"


@dataclass(frozen=True, slots=True)
class RelayOptions:
    """How a relay passes traffic on.

    ``delay_ms``: both directions wait this long (order kept). ``drop_percent``:
    UDP only, exactly this share of each hundred datagrams (per direction) is
    dropped, at positions drawn from ``seed``. ``corrupt``: see
    :class:`CorruptSpec`. ``idle_timeout``: a UDP mapping without traffic for
    this many seconds ends.
    """

    protocol: RelayProtocol = RelayProtocol.TCP
    delay_ms: float = 0.0
    drop_percent: float = 0.0
    corrupt: CorruptSpec | None = None
    seed: int = 0
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    connect_timeout: float = 5.0
    recv_size: int = RELAY_RECV_SIZE


class RelayValueError(ValueError):
    """A value a person typed that a relay cannot take: ``code`` says which
    rule it broke (the window says it in its language), ``value`` what was typed."""

    def __init__(self, code: str, value: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.value = value


def _number(text: str, what: str) -> float:
    spec = text.strip()
    if not spec:
        raise ValueError(f"{what} is empty")
    try:
        value = float(spec)
    except ValueError:
        raise ValueError(f"{what} {spec!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} {spec!r} is not a finite number")
    return value


def parse_delay(text: str) -> float:
    """Milliseconds, 0 to :data:`MAX_DELAY_MS`."""
    value = _number(text, "the delay")
    if value < 0:
        raise ValueError(f"the delay {text.strip()} ms is negative: write 0 or more")
    if value > MAX_DELAY_MS:
        raise ValueError(f"the delay {text.strip()} ms is more than a minute ({MAX_DELAY_MS} ms)")
    return value


def parse_drop(text: str) -> float:
    """A percentage, 0 to 100, with at most two decimals."""
    value = _number(text.strip().removesuffix("%"), "the drop percentage")
    if not 0 <= value <= 100:
        raise ValueError(f"the drop percentage {text.strip()} is outside 0-100")
    if Fraction(text.strip().removesuffix("%")) * 100 % 1:
        raise ValueError(f"the drop percentage {text.strip()} has more than two decimals")
    return value


def parse_seed(text: str) -> int:
    spec = text.strip()
    try:
        value = int(spec, 0)
    except ValueError:
        raise ValueError(f"the seed {spec!r} is not a whole number") from None
    if value < 0:
        raise ValueError(f"the seed {spec} is negative")
    return value


def parse_corrupt(text: str, seed: int = 0) -> CorruptSpec | None:
    """``""``/``0``: none; ``@N``: the byte at offset N; ``0.001``: that share of
    the bytes; either may end in ``^0xMM``, the XOR mask (default ``0xff``)."""
    spec = text.strip()
    if not spec:
        return None
    body, caret, mask_text = spec.partition("^")
    mask = 0xFF
    if caret:
        try:
            mask = int(mask_text.strip(), 0)
        except ValueError:
            raise RelayValueError(
                "mask-not-number",
                mask_text.strip(),
                f"the corrupt mask {mask_text.strip()!r} is not a number",
            ) from None
        if not 1 <= mask <= 0xFF:
            raise RelayValueError(
                "mask-range",
                mask_text.strip(),
                f"the corrupt mask {mask_text.strip()} is not a byte 0x01-0xff",
            )
    body = body.strip()
    if body.startswith("@"):
        try:
            offset = int(body[1:].strip())
        except ValueError:
            raise RelayValueError(
                "offset-not-integer",
                body[1:].strip(),
                f"the corrupt offset {body[1:].strip()!r} is not a whole number (write @10)",
            ) from None
        if offset < 0:
            raise RelayValueError(
                "offset-negative", str(offset), f"the corrupt offset {offset} is negative"
            )
        return CorruptSpec(offset=offset, mask=mask, seed=seed)
    try:
        rate = float(body)
    except ValueError:
        raise RelayValueError(
            "corrupt-unknown",
            body,
            f"corrupt {body!r}: write a share of bytes (0.001) or an offset (@10)",
        ) from None
    if not math.isfinite(rate) or not 0 <= rate <= 1:
        raise RelayValueError(
            "rate-range", body, f"the corrupt rate {body} is outside 0-1 (a share of the bytes)"
        )
    if rate == 0:
        return None
    return CorruptSpec(rate=rate, mask=mask, seed=seed)
