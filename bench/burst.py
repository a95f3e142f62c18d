"""The bot under bursts: the real Application in a separate process, the fake Bot API in this one.

Four scenarios (see :func:`run`):

1. Telegram's limits on, enforced by the fake: N messages from N / 2 users at once, at several simulated
   round trips; the drain against the physical minimum of N / 30 seconds.
2. Limits off (a Bot API without flood limits) at a 200 ms round trip: our bot against a bare echo bot and an
   echo bot with our in-flight policy (:mod:`bench.burst_bot`).
3. A group flood of mentions, and meanwhile other users asking privately: how long the others wait.
4. One user's messages at once: all answered, once each, in order, one a second.

What keeps it honest: every run is a fresh bot process (cold caches); every run asks distinct questions
(while the pool lasts) drawn with its round's seed from the labelled and the tuning set, so the bots
compared in a round answer the same questions and every round different ones; the scenarios run round by
round, interleaved, so that every bot and setting sees the same machine conditions; and a figure is given
as min / median / max over the rounds.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import math
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the fake Bot API lives with the tests

from fakes.telegram import FakeBotAPI, WaitTimeout, make_group, make_user  # noqa: E402

from bench.burst_bot import KINDS  # noqa: E402
from bench.matching import LABELLED, UNDERSTANDING, real_questions  # noqa: E402
from bot.config import SHIPPED_KNOWLEDGE_DIR  # noqa: E402
from bot.core.conversation import ConversationMemory  # noqa: E402
from bot.core.engine import AnswerEngine  # noqa: E402
from bot.tg.render import reply_paragraphs, split_messages  # noqa: E402

TOKEN = "123456789:AAHbenchbenchbenchbenchbenchbenchbench"
QUESTION_SOURCES = (LABELLED, UNDERSTANDING / "tuning.yaml")
REPEATS = 5
PER_SECOND = 30  # Telegram's limit on messages per second over all chats
JITTER = 0.1  # of the round trip, each way
SETTLE_SECONDS = 0.5  # after start-up; and after the last answer, for anything sent twice to arrive
STOP_TIMEOUT = 60.0
BOT_SETTINGS = ("WBV_", "TELEGRAM_")  # prefixes of the environment variables the bot reads

LIMITED_ROUND_TRIPS = (0.0, 0.1, 0.3)
LIMITED_MESSAGES, LIMITED_USERS = 600, 300
UNPACED_ROUND_TRIP = 0.2
UNPACED_MESSAGES, UNPACED_USERS = 1000, 500
DELIVERY_ROUND_TRIP = 0.1  # the group flood and the one user's batch
# Other users asking during the flood: within Telegram's 30 messages a second, beside the group's first
# answer (with 30 of them, the 31st message of the first second would have to wait for the next one)
FLOOD_MENTIONS, FLOOD_OTHERS = 100, 25
BATCH_MESSAGES = 20


# --- Questions and figures ---------------------------------------------------------------------------


@functools.cache
def question_pool() -> tuple[str, ...]:
    """The distinct question texts of the labelled and the tuning set."""
    return tuple(real_questions(QUESTION_SOURCES))


def draw_questions(count: int, seed: int) -> list[str]:
    """``count`` questions in a seeded order; a question repeats only once the whole pool is used."""
    rng, pool = random.Random(seed), question_pool()
    drawn: list[str] = []
    while len(drawn) < count:
        drawn += rng.sample(pool, len(pool))
    return drawn[:count]


@functools.cache
def shipped_engine() -> AnswerEngine:
    return AnswerEngine.from_directory(SHIPPED_KNOWLEDGE_DIR)


def expected_answers(questions: Iterable[str]) -> list[str]:
    """The messages our bot sends a German user who asks ``questions`` in this order: each answered in
    the conversation of the ones before, as the bot answers a chat."""
    engine, memory, messages = shipped_engine(), ConversationMemory(), []
    for question in questions:
        reply = engine.answer(question, "de", memory.get("chat"))
        memory.remember("chat", reply)
        messages += split_messages(reply_paragraphs(reply))
    return messages


@dataclass(frozen=True)
class Spread:
    """One figure over the runs."""

    low: float
    median: float
    high: float

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        ordered = sorted(values)
        return cls(ordered[0], statistics.median(ordered), ordered[-1])


def p50_p99(values: list[float]) -> tuple[float, float]:
    """Median and 99th percentile, never beyond the maximum (NaN when there is nothing to measure)."""
    if len(values) < 2:
        return (values[0], values[0]) if values else (math.nan, math.nan)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[98]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; NaN where /proc is not available."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def lost_and_duplicated(asked: Counter[int], answered: Counter[int]) -> tuple[int, int]:
    """Per chat: answers missing, and answers beyond the questions asked."""
    lost = sum(max(asked[chat] - answered[chat], 0) for chat in asked)
    duplicated = sum(max(answered[chat] - asked[chat], 0) for chat in answered)
    return lost, duplicated


def refused(api: FakeBotAPI) -> int:
    """Calls the fake answered with 429 Too Many Requests."""
    return sum(call.status == 429 for call in api.calls)


# --- The bot process ---------------------------------------------------------------------------------


def fake_network(round_trip: float, seed: int, limits: bool = True) -> FakeBotAPI:
    """The fake Bot API at ``round_trip`` seconds, jittered by a tenth of it each way (seeded)."""
    return FakeBotAPI(
        token=TOKEN, enforce_flood_limits=limits, round_trip=round_trip, jitter=round_trip * JITTER, seed=seed
    )


def bot_environment(api: FakeBotAPI, data_dir: Path, settings: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without its bot settings, then the fake's address and ``settings``."""
    inherited = {name: value for name, value in os.environ.items() if not name.startswith(BOT_SETTINGS)}
    bot = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url, "WBV_DATA_DIR": str(data_dir)}
    return inherited | bot | dict(settings)


@contextlib.asynccontextmanager
async def running(
    api: FakeBotAPI, kind: str, settings: Mapping[str, str] | None = None
) -> AsyncIterator[asyncio.subprocess.Process]:
    """A fresh bot process of ``kind`` polling ``api`` with ``settings`` (environment variables), from
    when it polls until SIGTERM has stopped it."""
    with tempfile.TemporaryDirectory(prefix="wbv-burst-") as work:
        log_path = Path(work) / "bot.log"
        with log_path.open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bench.burst_bot", kind, cwd=ROOT,
                env=bot_environment(api, Path(work) / "data", settings or {}),
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=log,
            )  # fmt: skip

        def polling_or_ended() -> bool:
            return process.returncode is not None or bool(api.calls_to("getUpdates"))

        try:
            await api.wait_until(polling_or_ended, timeout=STOP_TIMEOUT, what=f"the {kind} bot polling")
            if process.returncode is None:
                await asyncio.sleep(SETTLE_SECONDS)  # start-up work ends
                yield process
        finally:
            await stop(process)
        if process.returncode != 0:
            log_tail = log_path.read_text("utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"the {kind} bot ended with exit code {process.returncode}:\n{log_tail}")


async def stop(process: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise


async def wait_for(api: FakeBotAPI, done: Callable[[], bool], timeout: float) -> None:
    """Wait until ``done()`` or ``timeout``: what is missing then is reported as lost, not raised."""
    with contextlib.suppress(WaitTimeout):
        await api.wait_until(done, timeout)


# --- Scenarios 1 and 2: a burst from many users ------------------------------------------------------


@dataclass(frozen=True)
class BurstRun:
    """One burst: ``messages`` questions from ``users`` users in turn, queued in the fake at once."""

    kind: str
    limits: bool  # Telegram's limits kept by the bot and enforced by the fake
    round_trip: float
    messages: int
    users: int
    seconds: float  # from all messages queued until the last answer arrived
    cpu_seconds: float  # the bot process's CPU time meanwhile
    answer_p50: float  # seconds from all messages queued until an answer arrived: median
    answer_p99: float  # ... and 99th percentile
    too_many_requests: int
    lost: int
    duplicated: int
    violations: int  # limits the fake saw exceeded (the worst window of each)

    @property
    def minimum(self) -> float:
        """The physical minimum of a drain under Telegram's limits."""
        return self.messages / PER_SECOND


async def burst(
    kind: str, *, messages: int, users: int, round_trip: float, limits: bool, seed: int
) -> BurstRun:
    async with (
        fake_network(round_trip, seed, limits) as api,
        running(api, kind, {"WBV_FLOOD_LIMITS": str(limits).lower()}) as process,
    ):
        people = [make_user(f"User{number}") for number in range(users)]
        asked: Counter[int] = Counter()
        cpu_before = cpu_seconds(process.pid)
        for number, question in enumerate(draw_questions(messages, seed)):
            user = people[number % users]
            api.send_text(user, None, question)
            asked[user.id] += 1
        started = time.monotonic()
        timeout = 2 * messages / PER_SECOND + 60
        await wait_for(api, lambda: len(api.sent_messages) >= messages, timeout)
        cpu = cpu_seconds(process.pid) - cpu_before
        await asyncio.sleep(SETTLE_SECONDS)
    waits = [message.time - started for message in api.sent_messages]
    lost, duplicated = lost_and_duplicated(asked, Counter(message.chat_id for message in api.sent_messages))
    return BurstRun(
        kind, limits, round_trip, messages, users, max(waits, default=math.nan), cpu, *p50_p99(waits),
        refused(api), lost, duplicated, len(api.flood_violations()),
    )  # fmt: skip


# --- Scenario 3: a group flood ------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupFloodRun:
    """One member's mentions flood a group; meanwhile other users ask one question each, privately."""

    round_trip: float
    mentions: int
    others: int
    other_p50: float  # seconds from a private question to its answer: median
    other_p99: float  # ... 99th percentile
    other_max: float
    seconds: float  # from the flood until the bot was told to stop
    group_messages: int  # sent to the group until the bot stopped, the notice included
    notices: int  # "queue full" notices to the group
    too_many_requests: int
    lost: int  # private questions not answered
    duplicated: int
    violations: int


async def group_flood(
    *, mentions: int = FLOOD_MENTIONS, others: int = FLOOD_OTHERS, round_trip: float = DELIVERY_ROUND_TRIP,
    seed: int,
) -> GroupFloodRun:  # fmt: skip
    """The bot is stopped once the others and the notice are through; WBV_STOP_DRAIN_SECONDS=0 leaves the
    group's backlog (minutes of it at 20 a minute) unsent."""
    questions, notice = draw_questions(mentions + others, seed), shipped_engine().text("queue_full", "de")
    member, group = make_user("Flo"), make_group()
    people = [make_user(f"User{number}") for number in range(others)]
    asked_at: dict[int, float] = {}
    async with fake_network(round_trip, seed) as api, running(api, "wbv", {"WBV_STOP_DRAIN_SECONDS": "0"}):
        flooded = time.monotonic()
        for question in questions[:mentions]:
            api.send_text(member, group, f"@{api.bot_username} {question}")
        for person, question in zip(people, questions[mentions:], strict=True):
            api.send_text(person, None, question)
            asked_at[person.id] = time.monotonic()

        def through() -> bool:
            chats = {message.chat_id for message in api.sent_messages}
            told = any(m.chat_id == group.id and m.plain_text == notice for m in api.sent_messages)
            return told and chats >= asked_at.keys()

        await wait_for(api, through, timeout=30)
        await asyncio.sleep(SETTLE_SECONDS)
        seconds = time.monotonic() - flooded
    answered = Counter(message.chat_id for message in api.sent_messages if message.chat_id in asked_at)
    first: dict[int, float] = {}
    for message in api.sent_messages:
        first.setdefault(message.chat_id, message.time)
    waits = [first[chat] - asked for chat, asked in asked_at.items() if chat in first]
    to_group = [message for message in api.sent_messages if message.chat_id == group.id]
    lost, duplicated = lost_and_duplicated(Counter(asked_at.keys()), answered)
    return GroupFloodRun(
        round_trip, mentions, others, *p50_p99(waits), max(waits, default=math.nan), seconds, len(to_group),
        sum(message.plain_text == notice for message in to_group), refused(api), lost, duplicated,
        len(api.flood_violations()),
    )  # fmt: skip


# --- Scenario 4: one user's batch ---------------------------------------------------------------------


@dataclass(frozen=True)
class BatchRun:
    """One user sends ``messages`` questions at once."""

    round_trip: float
    messages: int
    delivered: int  # answers to the user
    as_asked: bool  # each question answered once, in the order asked, as the bot answers it alone
    most_in_a_second: int  # answers to the user in any one-second window
    seconds: float  # from the batch until the last answer
    too_many_requests: int
    violations: int

    @property
    def minimum(self) -> float:
        """One message a second: the last answer no sooner than this after the first."""
        return self.messages - 1.0


async def one_users_batch(
    *, messages: int = BATCH_MESSAGES, round_trip: float = DELIVERY_ROUND_TRIP, seed: int
) -> BatchRun:
    questions, user = draw_questions(messages, seed), make_user("Anna")
    async with fake_network(round_trip, seed) as api, running(api, "wbv"):
        for question in questions:
            api.send_text(user, None, question)
        started = time.monotonic()
        await wait_for(api, lambda: len(api.sent_messages) >= messages, timeout=2 * messages + 30)
        await asyncio.sleep(SETTLE_SECONDS)
    answers = [message for message in api.sent_messages if message.chat_id == user.id]
    return BatchRun(
        round_trip,
        messages,
        len(answers),
        [message.text for message in answers] == expected_answers(questions),
        api.max_in_window(1.0, per_chat=user.id),
        max((message.time - started for message in answers), default=math.nan),
        refused(api),
        len(api.flood_violations()),
    )


# --- All of them --------------------------------------------------------------------------------------


@dataclass
class BurstResults:
    limited: dict[float, list[BurstRun]]  # round trip -> our bot's runs with Telegram's limits on
    unpaced: dict[str, list[BurstRun]]  # bot kind -> runs with the limits off
    group_floods: list[GroupFloodRun]
    batches: list[BatchRun]

    def throughput_ratio(self, baseline: str) -> Spread:
        """Our throughput relative to ``baseline``'s (1.0: as fast), each run against the same round's."""
        pairs = zip(self.unpaced["wbv"], self.unpaced[baseline], strict=True)
        return Spread.of(theirs.seconds / ours.seconds for ours, theirs in pairs)


def run(repeats: int = REPEATS) -> BurstResults:
    """Every scenario at full scale, ``repeats`` rounds; a round runs each bot and setting once."""

    async def measure() -> BurstResults:
        results = BurstResults({rtt: [] for rtt in LIMITED_ROUND_TRIPS}, {kind: [] for kind in KINDS}, [], [])
        for seed in range(1, repeats + 1):
            for round_trip, runs in results.limited.items():
                runs.append(await burst("wbv", messages=LIMITED_MESSAGES, users=LIMITED_USERS,
                                        round_trip=round_trip, limits=True, seed=seed))  # fmt: skip
            for kind, runs in results.unpaced.items():
                runs.append(await burst(kind, messages=UNPACED_MESSAGES, users=UNPACED_USERS,
                                        round_trip=UNPACED_ROUND_TRIP, limits=False, seed=seed))  # fmt: skip
            results.group_floods.append(await group_flood(seed=seed))
            results.batches.append(await one_users_batch(seed=seed))
        return results

    return asyncio.run(measure())
