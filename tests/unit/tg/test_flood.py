"""The flood limiter on a simulated clock: Telegram's windows hold in bursts; errors are retried right."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from datetime import timedelta

import pytest
from fakes.telegram import max_in_window
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.tg.flood import FloodLimiter, SlidingWindow


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


async def send_all(limiter: FloodLimiter, time: SimulatedTime, chat_ids: list[int]) -> dict[int, list[float]]:
    sent: dict[int, list[float]] = {}

    async def send(chat_id: int) -> bool:
        sent.setdefault(chat_id, []).append(time.now)
        return True

    await time.run(
        asyncio.gather(
            *(limiter.process_request(send, (c,), {}, "sendMessage", {"chat_id": c}, None) for c in chat_ids)
        )
    )
    return sent


async def test_burst_respects_overall_and_per_chat_windows() -> None:
    time = SimulatedTime()
    limiter = FloodLimiter(clock=time.clock, sleep=time.sleep)
    chats = [user for _ in range(3) for user in range(1, 101)]  # 100 users send 3 messages at once
    sent = await send_all(limiter, time, chats)
    everything = sorted(t for times in sent.values() for t in times)
    assert len(everything) == 300
    assert max_in_window(everything, 1.0) <= 30
    assert all(b - a >= 1.0 for times in sent.values() for a, b in itertools.pairwise(times))
    assert everything[-1] <= 300 / 30 * 1.1  # drains close to the physical minimum


async def test_group_gets_at_most_twenty_per_minute() -> None:
    time = SimulatedTime()
    limiter = FloodLimiter(clock=time.clock, sleep=time.sleep)
    sent = await send_all(limiter, time, [-100123] * 45)
    times = sent[-100123]
    assert max_in_window(times, 60.0) <= 20
    assert max_in_window(times, 1.0) <= 1
    assert times[-1] >= 120  # 45 messages need at least two full minutes


async def test_other_methods_and_calls_without_chat_are_not_paced() -> None:
    time = SimulatedTime()
    limiter = FloodLimiter(clock=time.clock, sleep=time.sleep)

    async def ok() -> bool:
        return True

    for _ in range(100):
        await limiter.process_request(ok, (), {}, "answerCallbackQuery", {"callback_query_id": "1"}, None)
    assert time.now == 0.0


async def test_retry_after_is_waited_out_and_retried() -> None:
    time = SimulatedTime()
    limiter = FloodLimiter(clock=time.clock, sleep=time.sleep)
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
    limiter = FloodLimiter(clock=time.clock, sleep=time.sleep, max_retries=4, backoff=0.5)
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
    limiter = FloodLimiter(clock=time.clock, sleep=time.sleep)
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
    limiter = FloodLimiter()
    calls = 0

    async def refused() -> bool:
        nonlocal calls
        calls += 1
        raise error

    with pytest.raises(type(error)):
        await limiter.process_request(refused, (), {}, "sendMessage", {"chat_id": 7}, None)
    assert calls == 1


def test_sliding_window_counts_only_the_last_window() -> None:
    window = SlidingWindow(2, 1.0)
    window.reserve().done = 0.0
    window.reserve().done = 0.5
    assert window.delay(0.9) == pytest.approx(0.1)
    assert window.delay(1.0) == 0.0


def test_sliding_window_waits_for_the_right_entry_despite_rounding() -> None:
    # 15.75 + 1.05 is 16.8 only approximately: the expired entry may linger, but must not open a slot
    window = SlidingWindow(1, 1.05)
    window.reserve().done = 15.750000000000005
    window.reserve().done = 16.800000000000004
    assert window.delay(16.800000000000004) == pytest.approx(1.05)


async def test_a_send_holds_its_slot_while_in_flight_and_a_window_after_its_response() -> None:
    time = SimulatedTime()
    limiter = FloodLimiter(clock=time.clock, sleep=time.sleep)
    starts: list[float] = []

    async def slow_send() -> bool:
        starts.append(time.now)
        await time.sleep(0.4)  # the request and its response take 0.4 s
        return True

    async def both() -> None:
        await asyncio.gather(
            limiter.process_request(slow_send, (), {}, "sendMessage", {"chat_id": 5}, None),
            limiter.process_request(slow_send, (), {}, "sendMessage", {"chat_id": 5}, None),
        )

    await time.run(both())
    assert starts[1] - starts[0] >= 1.4


@pytest.mark.parametrize("pacing", [True, False])
async def test_at_most_max_in_flight_requests_at_once(pacing: bool) -> None:
    limiter = FloodLimiter(pacing=pacing, max_in_flight=3)
    running, most = 0, 0

    async def call(endpoint: str) -> bool:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        return True

    endpoints = enumerate(["sendMessage", "answerCallbackQuery", "getMe"] * 4)
    calls = (limiter.process_request(call, (e,), {}, e, {"chat_id": n}, None) for n, e in endpoints)
    assert await asyncio.gather(*calls) == [True] * 12
    assert most == 3


async def test_idle_chats_are_forgotten_within_a_minute() -> None:
    time = SimulatedTime()
    limiter = FloodLimiter(clock=time.clock, sleep=time.sleep)
    await send_all(limiter, time, [1, 2, -100123])
    assert len(limiter._chats) == 3
    time.now += 61
    await send_all(limiter, time, [4])
    assert list(limiter._chats) == [4]
