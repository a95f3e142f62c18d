"""Retries for every Bot API call (a python-telegram-bot ``BaseRateLimiter`` that does not pace).

Pacing under Telegram's flood limits is the outbox's job (:mod:`bot.tg.schedule`): it decides when a
message leaves. This limiter only decides what happens when a call fails:

* a 429 ``RetryAfter`` is waited out and retried;
* server errors and dropped connections are retried with exponential backoff;
* requests Telegram refused as invalid (400 and other client errors) are never retried, and neither are
  time-outs, because the message may have arrived and a retry would send it twice.

Once the bot is stopping, retries end after a grace period (:meth:`RetryingLimiter.stop_retrying_after`),
so a stop during an outage does not wait minutes for a Bot API that does not answer. A call that needed
a retry is marked in :data:`RETRIED`, so that its duration is not taken for the network's round trip
(Karn's rule).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
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

NOT_RETRIED = (BadRequest, Forbidden, InvalidToken, Conflict, EndPointNotFound, ChatMigrated, TimedOut)
RETRIED: ContextVar[bool] = ContextVar("retried", default=False)  # set once a call of this task retried


class RetryingLimiter(BaseRateLimiter[None]):
    """Retries as the module docstring says; no pacing."""

    def __init__(
        self,
        max_retries: int = 8,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._max_retries = max_retries
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._clock = clock
        self._sleep = sleep
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
        attempt = 0
        while True:
            try:
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
            RETRIED.set(True)
            attempt += 1
            if attempt > self._max_retries:
                raise NetworkError(f"{endpoint} failed after {self._max_retries} retries")
            await self._sleep(wait)


def retry_after_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, whichever type this python-telegram-bot version returns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
