"""Flood control and retries for every Bot API call (a python-telegram-bot ``BaseRateLimiter``).

Telegram's limits: at most 30 messages per second overall, 1 per second in one chat, 20 per minute
in one group. python-telegram-bot's ``AIORateLimiter`` uses leaky buckets, which let a full bucket
through at once and so about 60 messages into one second of a burst, and it does not pace private
chats. This limiter keeps true sliding windows instead: a message is sent only when the last second
(and, per group, the last minute) has room for it. A message holds its place from the moment it is sent
until a full window after Telegram's response, so a busy event loop or a slow network can never make
messages arrive bunched up.

At most ``max_in_flight`` requests are in flight at once, whatever the number of handlers running: more
would not get past Telegram's 30 per second any sooner, and every extra pooled connection makes each
request cost more CPU (httpcore checks every connection of its pool on every request), which under a
burst can tip the bot into holding dozens of connections and answering at half its speed.

Errors: a 429 ``RetryAfter`` is waited out and retried; server errors and dropped connections are
retried with exponential backoff. Requests Telegram refused as invalid (400 and other client errors) are
never retried, and neither are time-outs, because the message may have arrived and a retry would send it
twice. Once the bot is stopping, retries end after a grace period (:meth:`FloodLimiter.stop_retrying_after`),
so a stop during an outage does not wait minutes for a Bot API that does not answer.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.constants import FloodLimit
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
IN_FLIGHT_POLL = 0.01  # how often to look again while the sends holding a window are in flight
NOT_RETRIED = (BadRequest, Forbidden, InvalidToken, Conflict, EndPointNotFound, ChatMigrated, TimedOut)


class _Slot:
    """One send's place in a window: occupied while in flight, then until ``done + seconds``."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = math.inf


class SlidingWindow:
    """At most ``limit`` sends in any window of ``seconds``, counted conservatively.

    A send occupies its slot from the moment it starts until ``seconds`` after its response arrived.
    Telegram sees the request somewhere in between, so however late the request really leaves (a busy
    event loop, a slow network), Telegram never counts more than ``limit`` in a window.
    """

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._slots: list[_Slot] = []

    def delay(self, now: float) -> float:
        """Seconds to wait before one more send fits (0 if it fits now)."""
        self._forget_old_slots(now)
        if len(self._slots) < self.limit:
            return 0.0
        # room appears when the slot `limit` places from the latest end leaves the window
        end = sorted(slot.done for slot in self._slots)[len(self._slots) - self.limit]
        return IN_FLIGHT_POLL if end == math.inf else max(end + self.seconds - now, 1e-6)

    def reserve(self) -> _Slot:
        slot = _Slot()
        self._slots.append(slot)
        return slot

    def empty(self, now: float) -> bool:
        """Nothing in flight and nothing in the window at ``now``."""
        self._forget_old_slots(now)
        return not self._slots

    def _forget_old_slots(self, now: float) -> None:
        self._slots = [slot for slot in self._slots if slot.done > now - self.seconds]


class FloodLimiter(BaseRateLimiter[None]):
    """Sliding-window flood control plus retries; see the module docstring."""

    def __init__(
        self,
        overall_per_second: int = FloodLimit.MESSAGES_PER_SECOND,
        chat_interval: float = 1.0 / FloodLimit.MESSAGES_PER_SECOND_PER_CHAT,
        group_per_minute: int = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP,
        max_retries: int = 8,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        pacing: bool = True,
        max_in_flight: int = 8,
    ) -> None:
        """``pacing=False`` switches flood control off and keeps only the retries (tests, benchmarks)."""
        self._overall = SlidingWindow(overall_per_second, 1.0)
        self._chat_interval = chat_interval
        self._group_per_minute = group_per_minute
        self._group_window = 60.0
        self._max_retries = max_retries
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._clock = clock
        self._sleep = sleep
        self._pacing = pacing
        self._chats: dict[int | str, list[SlidingWindow]] = {}
        self._swept = clock()
        self._lock = asyncio.Lock()
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self._retry_until = math.inf

    def stop_retrying_after(self, seconds: float) -> None:
        """Retry no request whose next attempt would start more than ``seconds`` from now (the bot stops)."""
        self._retry_until = min(self._retry_until, self._clock() + seconds)

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
        limited = self._pacing and endpoint in LIMITED_METHODS and chat_id is not None
        attempt = 0
        while True:
            slots = await self._acquire(chat_id) if limited else []
            try:
                async with self._in_flight:
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                if self._clock() + wait > self._retry_until:
                    raise
                log.warning("Telegram asked to slow down (%s): waiting %.1f s", endpoint, wait)
            except NOT_RETRIED:
                raise
            except NetworkError as exc:
                wait = min(self._backoff * 2**attempt, self._max_backoff)
                if self._clock() + wait > self._retry_until:
                    raise
                log.warning("Bot API error on %s (%s): retrying in %.1f s", endpoint, exc, wait)
            finally:
                now = self._clock()
                for slot in slots:
                    slot.done = now
            attempt += 1
            if attempt > self._max_retries:
                raise NetworkError(f"{endpoint} failed after {self._max_retries} retries")
            await self._sleep(wait)

    async def _acquire(self, chat_id: int | str) -> list[_Slot]:
        """Wait until the overall and the chat's windows have room, then take a slot in each."""
        while True:
            async with self._lock:
                now = self._clock()
                self._forget_idle_chats(now)  # first: the windows about to be used must stay
                windows = [self._overall, *self._windows_of(chat_id)]
                wait = max(window.delay(now) for window in windows)
                if wait <= 0:
                    return [window.reserve() for window in windows]
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
        """At most once a minute: drop the chats with empty windows (chat ids are kept no longer)."""
        if now - self._swept < self._group_window:
            return
        self._swept = now
        for chat_id in [c for c, windows in self._chats.items() if all(w.empty(now) for w in windows)]:
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
