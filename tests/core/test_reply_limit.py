"""ReplyBudget: at most N auto-replies per peer per second, and a loop after
LOOP_WINDOWS seconds in a row at the limit; driven by a clock the test moves."""

from __future__ import annotations

from socklab.core.sessions.reply_limit import LOOP_WINDOWS, ReplyBudget, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _fill(budget: ReplyBudget, n: int) -> list[Verdict]:
    return [budget.decide() for _ in range(n)]


def test_the_limit_holds_per_second_and_an_extra_reply_waits_for_the_next_window():
    clock = Clock()
    budget = ReplyBudget(5, clock)
    assert _fill(budget, 5) == [Verdict.SEND] * 5
    assert budget.decide() is Verdict.WAIT
    assert budget.ready_at == 101.0
    clock.now = 100.999
    assert budget.decide() is Verdict.WAIT
    clock.now = 101.0
    assert budget.decide() is Verdict.SEND
    assert (budget.sent, budget.held, budget.paused) == (6, 0, False)


def test_the_limit_reached_in_loop_windows_in_a_row_is_a_loop():
    clock = Clock()
    budget = ReplyBudget(4, clock)
    for window in range(LOOP_WINDOWS - 1):
        assert _fill(budget, 4) == [Verdict.SEND] * 4
        assert budget.decide() is Verdict.WAIT
        clock.now = budget.ready_at + 0.25 * window  # however late the waiting reply goes
    assert _fill(budget, 4) == [Verdict.SEND] * 4
    assert budget.decide() is Verdict.PAUSE
    assert budget.paused
    assert budget.loop.replies == 4 * LOOP_WINDOWS
    loop_length = budget.loop.seconds  # on the fake clock
    assert loop_length == clock.now - 100.0
    clock.now += 60
    assert _fill(budget, 3) == [Verdict.HELD] * 3  # paused until resumed
    assert (budget.sent, budget.held) == (4 * LOOP_WINDOWS, 4)


def test_a_window_below_the_limit_breaks_the_run():
    clock = Clock()
    budget = ReplyBudget(2, clock)
    for _ in range(LOOP_WINDOWS - 1):
        _fill(budget, 2)
        assert budget.decide() is Verdict.WAIT
        clock.now = budget.ready_at
    assert budget.decide() is Verdict.SEND  # the waiting reply, then nothing more
    clock.now += 1.5  # a quiet second: no reply waited in that window
    for _ in range(LOOP_WINDOWS - 1):
        _fill(budget, 2)
        assert budget.decide() is Verdict.WAIT
        clock.now = budget.ready_at
    assert not budget.paused


def test_resume_answers_again_with_a_new_limit():
    clock = Clock()
    budget = ReplyBudget(1, clock)
    for _ in range(LOOP_WINDOWS):
        budget.decide()
        verdict = budget.decide()
        clock.now = budget.ready_at
    assert verdict is Verdict.PAUSE
    budget.resume(limit=3)
    assert _fill(budget, 3) == [Verdict.SEND] * 3
    assert budget.decide() is Verdict.WAIT
    assert not budget.paused


def test_no_limit_never_waits_nor_pauses():
    budget = ReplyBudget(0, Clock())
    assert _fill(budget, 10_000) == [Verdict.SEND] * 10_000
    assert (budget.sent, budget.held, budget.paused) == (10_000, 0, False)
