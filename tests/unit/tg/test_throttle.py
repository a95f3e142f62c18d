"""The per-user throttle on a simulated clock: told once, then ignored until the window has room."""

from __future__ import annotations

from helpers import Clock

from bot.tg.outbox import MAX_QUEUED_ANSWERS
from bot.tg.schedule import TELEGRAM_LIMITS
from bot.tg.throttle import MESSAGES_PER_WINDOW, WINDOW_SECONDS, UserThrottle, Verdict


def test_over_the_rate_a_user_is_told_once_then_ignored_until_the_window_has_room() -> None:
    clock = Clock(100.0)
    throttle = UserThrottle(limit=3, seconds=10, clock=clock)
    verdicts = [throttle.check(1) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.NOTIFY] + [Verdict.IGNORE] * 2
    assert throttle.check(2) is Verdict.ALLOW  # every user has a window of their own
    clock.now += 9.9
    assert throttle.check(1) is Verdict.IGNORE  # the window is still full and the user was told
    clock.now += 0.2
    assert [throttle.check(1) for _ in range(4)] == [Verdict.ALLOW] * 3 + [Verdict.NOTIFY]


def test_the_window_slides_rather_than_resetting() -> None:
    clock = Clock(100.0)
    throttle = UserThrottle(limit=2, seconds=10, clock=clock)
    assert throttle.check(1) is Verdict.ALLOW
    clock.now += 6
    assert throttle.check(1) is Verdict.ALLOW
    clock.now += 5  # the first has left the window, the second has not
    assert [throttle.check(1), throttle.check(1)] == [Verdict.ALLOW, Verdict.NOTIFY]


def test_idle_users_are_forgotten_after_two_windows_at_most() -> None:
    clock = Clock(100.0)
    throttle = UserThrottle(limit=1, seconds=10, clock=clock)
    for user in (1, 2, 3):
        throttle.check(user)
    throttle.check(1)  # told to slow down
    clock.now += 11
    assert throttle.check(4) is Verdict.ALLOW  # the first update after a window sweeps the idle ones
    assert len(throttle._windows) == 1
    assert throttle.check(1) is Verdict.ALLOW and throttle.check(1) is Verdict.NOTIFY



def test_the_throttle_stops_only_users_the_outbox_has_already_told() -> None:
    """Within one window a chat's queue takes MAX_QUEUED_ANSWERS plus one answer a second that it sends
    meanwhile; the throttle must let at least that many through, or it would silence a user who was
    never told that the rest goes unanswered."""
    sent_during_window = WINDOW_SECONDS / TELEGRAM_LIMITS.chat_interval
    assert MAX_QUEUED_ANSWERS + sent_during_window < MESSAGES_PER_WINDOW
