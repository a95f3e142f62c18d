"""The retrying limiter on a simulated clock: errors are retried (or not) as Telegram's answers require."""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Awaitable
from datetime import timedelta

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.tg.retries import RETRIED, RetryingLimiter


class SimulatedTime:
    """Virtual time: sleepers wake in order of their wake-up time, and the clock jumps to it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._count = 0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        future = asyncio.get_running_loop().create_future()
        self._count += 1
        heapq.heappush(self._sleepers, (self.now + seconds, self._count, future))
        await future

    async def run(self, work: Awaitable[object]) -> object:
        """Run ``work``; whenever every task waits for the clock, advance it to the next wake-up."""
        task = asyncio.ensure_future(work)
        while not task.done():
            for _ in range(20):  # let every runnable task reach its next sleep
                await asyncio.sleep(0)
            if self._sleepers and not task.done():
                wake, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, wake)
                future.set_result(None)
        return task.result()


async def test_calls_are_not_paced() -> None:
    time = SimulatedTime()
    limiter = RetryingLimiter(clock=time.clock, sleep=time.sleep)

    async def ok() -> bool:
        return True

    for _ in range(100):
        await limiter.process_request(ok, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert time.now == 0.0 and time.sleeps == []


async def test_retry_after_is_waited_out_and_retried() -> None:
    time = SimulatedTime()
    limiter = RetryingLimiter(clock=time.clock, sleep=time.sleep)
    attempts = []

    async def flaky() -> bool:
        attempts.append(time.now)
        if len(attempts) <= 2:
            raise RetryAfter(timedelta(seconds=3))
        return True

    assert await time.run(limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": 1}, None)) is True
    assert len(attempts) == 3
    assert attempts[2] - attempts[0] >= 6


async def test_server_errors_back_off_exponentially_then_give_up() -> None:
    time = SimulatedTime()
    limiter = RetryingLimiter(clock=time.clock, sleep=time.sleep, max_retries=4, backoff=0.5)
    calls = 0

    async def broken() -> bool:
        nonlocal calls
        calls += 1
        raise NetworkError("Bad Gateway")

    with pytest.raises(NetworkError, match="failed after 4 retries"):
        await time.run(limiter.process_request(broken, (), {}, "answerCallbackQuery", {}, None))
    assert calls == 5
    assert time.sleeps == [0.5, 1.0, 2.0, 4.0]


async def test_once_the_bot_stops_retries_end_after_the_grace_period() -> None:
    """A stop during an outage must not wait out eight retries (a minute and a half)."""
    time = SimulatedTime()
    limiter = RetryingLimiter(clock=time.clock, sleep=time.sleep)
    attempts: list[float] = []

    async def broken() -> bool:
        attempts.append(time.now)
        raise NetworkError("Bad Gateway")

    limiter.stop_retrying_after(5.0)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await time.run(limiter.process_request(broken, (), {}, "answerCallbackQuery", {}, None))
    assert time.sleeps == [0.5, 1.0, 2.0]  # 3.5 s; the next wait (4 s) would end after the grace
    assert attempts[-1] <= 5.0

    async def slow_down() -> bool:
        raise RetryAfter(timedelta(seconds=30))

    with pytest.raises(RetryAfter):  # nor a flood wait beyond it
        await time.run(limiter.process_request(slow_down, (), {}, "answerCallbackQuery", {}, None))


@pytest.mark.parametrize("error", [BadRequest("Message is too long"), TimedOut()])
async def test_refusals_and_timeouts_are_not_retried(error: Exception) -> None:
    limiter = RetryingLimiter()
    calls = 0

    async def refused() -> bool:
        nonlocal calls
        calls += 1
        raise error

    with pytest.raises(type(error)):
        await limiter.process_request(refused, (), {}, "sendMessage", {"chat_id": 7}, None)
    assert calls == 1


async def test_a_call_that_needed_a_retry_is_marked_so_its_duration_is_no_round_trip() -> None:
    time = SimulatedTime()
    limiter = RetryingLimiter(clock=time.clock, sleep=time.sleep)
    failures = [NetworkError("Bad Gateway")]

    async def once_broken() -> bool:
        if failures:
            raise failures.pop()
        return True

    async def call_and_look() -> tuple[bool, bool]:
        RETRIED.set(False)
        await limiter.process_request(once_broken, (), {}, "sendMessage", {"chat_id": 1}, None)
        first = RETRIED.get()
        RETRIED.set(False)
        await limiter.process_request(once_broken, (), {}, "sendMessage", {"chat_id": 1}, None)
        return first, RETRIED.get()

    assert await time.run(call_and_look()) == (True, False)
