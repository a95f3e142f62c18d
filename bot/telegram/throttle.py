"""Per-user flood protection for incoming messages and button presses.

Telegram lets the bot send one message per second into a chat, so a user who sends twenty messages at
once would have nineteen answers waiting, each holding one of the bot's concurrent-update slots, and
everybody else would wait behind them. Beyond a few messages in a short window the bot therefore tells
the user once to slow down and ignores the rest until the window has room again.
"""

from __future__ import annotations

from enum import StrEnum

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

DEFAULT_RATE = "6 per 10 seconds"  # more than anyone types, fewer than would hold up other users


class Verdict(StrEnum):
    ALLOW = "allow"
    NOTIFY = "notify"  # over the limit: tell the user (once per window)
    IGNORE = "ignore"  # over the limit and already told


class UserThrottle:
    """A moving window per user (``limits``); the user id lives only in memory, only for the window."""

    def __init__(self, rate: str = DEFAULT_RATE) -> None:
        self._updates: RateLimitItem = parse(rate)
        self._notices: RateLimitItem = type(self._updates)(1, self._updates.multiples)  # one per window
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def check(self, user_id: int) -> Verdict:
        """Count one update of ``user_id`` and say how to treat it."""
        if self._limiter.hit(self._updates, "updates", str(user_id)):
            return Verdict.ALLOW
        if self._limiter.hit(self._notices, "notices", str(user_id)):
            return Verdict.NOTIFY
        return Verdict.IGNORE
