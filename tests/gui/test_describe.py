"""States and reasons are codes in the core; the GUI and the CLI each put them
into words in one table, which must know every code."""

from __future__ import annotations

import pytest

from socklab.cli.output import WORDS, describe
from socklab.core import PeerLeft, Reason, State, StateChanged
from socklab.gui.describe import reason_text, state_text, words

CODES = [*State, *Reason]


@pytest.mark.parametrize("code", CODES, ids=lambda code: f"{type(code).__name__}.{code.name}")
def test_every_state_and_reason_has_words_in_the_gui_and_the_cli(qapp, code):
    gui = words()
    assert code in gui and code in WORDS
    if code is not Reason.NONE:
        assert gui[code].strip() and WORDS[code].strip()
    assert set(gui) == set(WORDS) == set(CODES)  # nothing else in either table


def test_a_reason_detail_fills_the_words_in_both(qapp):
    listening = StateChanged(State.LISTENING, ("0.0.0.0", 80), None, Reason.BACKLOG, 128)
    assert state_text(listening) == "listening on 0.0.0.0:80 — backlog 128"
    assert describe(listening) == "listening on 0.0.0.0:80 (backlog 128)"
    left = PeerLeft(1, ("1.2.3.4", 5), State.KICKED, Reason.CLOSE_WORD, "exit")
    assert reason_text(left.reason, left.detail) == "the client sent 'exit'"
    assert describe(left) == "client #1 1.2.3.4:5 left: disconnected (the client sent 'exit')"
    reset = StateChanged(State.RESET, reason=Reason.ERROR, detail="ETIMEDOUT")
    assert state_text(reset) == "reset — error ETIMEDOUT"
    assert describe(reset) == "reset (error ETIMEDOUT)"
    assert state_text(StateChanged(State.CLOSED)) == describe(StateChanged(State.CLOSED))
