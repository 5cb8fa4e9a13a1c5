"""A relay (a man in the middle): listen on one address, pass everything on to
another, in both directions, and on request delay, drop or corrupt it.

:mod:`.session` is the session; :mod:`.tcp_relay` and :mod:`.udp_relay` the
two engines; :mod:`.options` what a relay is told (and the parsing of what a
person types); :mod:`.impair` the seeded drops and byte flips; :mod:`.delay`
the delay line; :mod:`.flows` what it counts.
"""

from __future__ import annotations

from .flows import DirectionCounts, FlowStats, RelayCounters, side_of
from .impair import Corrupter, DropPlan
from .options import (
    MAX_DELAY_MS,
    CorruptSpec,
    RelayOptions,
    RelayProtocol,
    RelayValueError,
    Side,
    parse_corrupt,
    parse_delay,
    parse_drop,
    parse_seed,
)
from .session import RelaySession

__all__ = [
    "MAX_DELAY_MS",
    "CorruptSpec",
    "Corrupter",
    "DirectionCounts",
    "DropPlan",
    "FlowStats",
    "RelayCounters",
    "RelayOptions",
    "RelayProtocol",
    "RelaySession",
    "RelayValueError",
    "Side",
    "parse_corrupt",
    "parse_delay",
    "parse_drop",
    "parse_seed",
    "side_of",
]
