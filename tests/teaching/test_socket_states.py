"""Hover help for every state the Sockets panel can show, in both languages."""

from __future__ import annotations

import re

import pytest

from socklab.core.kernel_sockets import TCP_STATES, UDP_STATES
from socklab.teaching.explain.socket_states import STATE_HELP, state_help

CJK = re.compile(r"[\u4e00-\u9fff]")
STATES = sorted({*TCP_STATES.values(), *UDP_STATES.values()})


def test_every_state_the_kernel_lists_has_help() -> None:
    assert set(STATES) == set(STATE_HELP)


@pytest.mark.parametrize("state", STATES)
def test_help_in_english_and_chinese(state: str) -> None:
    english, chinese = state_help(state, "en"), state_help(state, "zh_CN")
    assert english.startswith(f"{state}:")
    assert chinese != english and CJK.search(chinese) and state in chinese


def test_time_wait_says_who_keeps_it_and_for_how_long() -> None:
    text = state_help("TIME_WAIT")
    said = ("this side closed first", "60 seconds")  # who keeps it, and how long
    assert all(words in text for words in said)
    assert "60 秒" in state_help("TIME_WAIT", "zh_CN")
    assert state_help("no such state") == ""
