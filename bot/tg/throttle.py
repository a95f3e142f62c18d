"""Per-user flood protection for incoming private messages and button presses: a guard against extreme
floods, not the bot's pacing.

A user's answers wait in the chat's outbox queue (:mod:`bot.tg.outbox`), which holds at most
``MAX_QUEUED_ANSWERS`` and tells the user once when it is full. The throttle only spares the bot from
working out answers that could not be queued: it lets through more messages in its window than the queue
can hold plus what the queue sends meanwhile (one a second), so whoever it stops has already been told.
Button presses get a toast once per window instead.

The windows are kept in memory only; a user's window is dropped by the first check after it has been
empty for a while (sweeps run at most once per window). The ``limits`` library's in-memory storage was
tried first: it rescans all keys on a timer thread every 10 ms, which cost a fifth of a millisecond per
message under a burst.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

from bot.tg.windows import SlidingWindow, Stamp

WINDOW_SECONDS = 10.0
# more than a full queue plus the answers it sends during the window (see the module docstring)
MESSAGES_PER_WINDOW = 40


class Verdict(StrEnum):
    ALLOW = "allow"
    NOTIFY = "notify"  # over the limit: tell the user (once per window)
    IGNORE = "ignore"  # over the limit and already told


class UserThrottle:
    """At most ``limit`` updates per user in any ``seconds``; the user id is held only in memory."""

    def __init__(
        self,
        limit: int = MESSAGES_PER_WINDOW,
        seconds: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = limit
        self._seconds = seconds
        self._clock = clock
        self._windows: dict[int, SlidingWindow] = {}
        self._told: dict[int, float] = {}  # user id -> when the user was last told to slow down
        self._swept = clock()

    def check(self, user_id: int) -> Verdict:
        """Count one update of ``user_id`` and say how to treat it."""
        now = self._clock()
        self._forget_idle_users(now)
        window = self._windows.setdefault(user_id, SlidingWindow(self._limit, self._seconds))
        if window.delay(now) == 0:
            window.add(Stamp(now))
            return Verdict.ALLOW
        if now - self._told.get(user_id, -self._seconds) >= self._seconds:
            self._told[user_id] = now
            return Verdict.NOTIFY
        return Verdict.IGNORE

    def _forget_idle_users(self, now: float) -> None:
        """Once per window: drop the users with nothing left in theirs (user ids are kept no longer)."""
        if now - self._swept < self._seconds:
            return
        self._swept = now
        for user in [user for user, window in self._windows.items() if window.empty(now)]:
            del self._windows[user]
            self._told.pop(user, None)
