"""Flood control and retries for every Bot API call (a python-telegram-bot ``BaseRateLimiter``).

Telegram's limits: at most 30 messages per second overall, 1 per second in one chat, 20 per minute
in one group. python-telegram-bot's ``AIORateLimiter`` uses leaky buckets, which let a full bucket
through at once and so about 60 messages into one second of a burst, and it does not pace private
chats. This limiter keeps true sliding windows instead: a message is sent only when the last second
(and, per group, the last minute) has room for it, with a small safety margin for network jitter.

Errors: a 429 ``RetryAfter`` is waited out and retried; server errors and dropped connections are
retried with exponential backoff. Requests Telegram refused as invalid (400 and other client errors) are
never retried, and neither are time-outs, because the message may have arrived and a retry would send it
twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

# Methods that put a message into a chat and therefore count against Telegram's limits.
LIMITED_METHODS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument", "sendSticker"}
)
NOT_RETRIED = (BadRequest, Forbidden, InvalidToken, Conflict, EndPointNotFound, ChatMigrated, TimedOut)


class SlidingWindow:
    """At most ``limit`` events in any window of ``seconds``."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._times: deque[float] = deque()

    def delay(self, now: float) -> float:
        """Seconds to wait before one more event fits (0 if it fits now)."""
        while self._times and self._times[0] <= now - self.seconds:
            self._times.popleft()
        if len(self._times) < self.limit:
            return 0.0
        # room appears when the entry `limit` places from the end leaves the window
        return max(self._times[len(self._times) - self.limit] + self.seconds - now, 1e-6)

    def record(self, now: float) -> None:
        self._times.append(now)

    @property
    def idle(self) -> bool:
        return not self._times


class FloodLimiter(BaseRateLimiter[None]):
    """Sliding-window flood control plus retries; see the module docstring."""

    def __init__(
        self,
        overall_per_second: int = 30,
        chat_interval: float = 1.0,
        group_per_minute: int = 20,
        margin: float = 0.05,
        max_retries: int = 8,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._overall = SlidingWindow(overall_per_second, 1.0 + margin)
        self._chat_interval = chat_interval + margin
        self._group_per_minute = group_per_minute
        self._group_window = 60.0 + margin
        self._max_retries = max_retries
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._clock = clock
        self._sleep = sleep
        self._chats: dict[int | str, list[SlidingWindow]] = {}
        self._lock = asyncio.Lock()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        limited = endpoint in LIMITED_METHODS and chat_id is not None
        attempt = 0
        while True:
            if limited:
                await self._acquire(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                log.warning("Telegram asked to slow down (%s): waiting %.1f s", endpoint, wait)
            except NOT_RETRIED:
                raise
            except NetworkError as exc:
                wait = min(self._backoff * 2**attempt, self._max_backoff)
                log.warning("Bot API error on %s (%s): retrying in %.1f s", endpoint, exc, wait)
            attempt += 1
            if attempt > self._max_retries:
                raise NetworkError(f"{endpoint} failed after {self._max_retries} retries")
            await self._sleep(wait)

    async def _acquire(self, chat_id: int | str) -> None:
        """Wait until the overall and the chat's windows have room, then take a slot in both."""
        while True:
            async with self._lock:
                now = self._clock()
                windows = [self._overall, *self._windows_of(chat_id)]
                wait = max(window.delay(now) for window in windows)
                if wait <= 0:
                    for window in windows:
                        window.record(now)
                    self._forget_idle_chats(now)
                    return
            await self._sleep(wait)

    def _windows_of(self, chat_id: int | str) -> list[SlidingWindow]:
        windows = self._chats.get(chat_id)
        if windows is None:
            windows = [SlidingWindow(1, self._chat_interval)]
            if _is_group(chat_id):
                windows.append(SlidingWindow(self._group_per_minute, self._group_window))
            self._chats[chat_id] = windows
        return windows

    def _forget_idle_chats(self, now: float) -> None:
        if len(self._chats) < 10_000:
            return
        for chat_id in [c for c, ws in self._chats.items() if all(w.delay(now) == 0 and w.idle for w in ws)]:
            del self._chats[chat_id]


def _is_group(chat_id: int | str) -> bool:
    """Group and channel ids are negative (or a public @username); private chats are positive."""
    return isinstance(chat_id, str) or chat_id < 0


def retry_after_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, whichever type this python-telegram-bot version returns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
