"""The bot under a burst: many users at once, through the real Application and the fake Bot API."""

from __future__ import annotations

import asyncio
import math
import os
import signal
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the fake Bot API lives with the tests

import yaml  # noqa: E402
from fakes.telegram import FakeBotAPI, make_user  # noqa: E402

from bench.burst_bot import KINDS  # noqa: E402

TOKEN = "123456789:AAHbenchbenchbenchbenchbenchbenchbench"
# A realistic mix: the 366 questions of the labelled set (so repeats are as common as there).
QUESTIONS = [
    item["q"] for item in yaml.safe_load((ROOT / "tests/data/labelled_questions.yaml").read_text("utf-8"))
]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; NaN where /proc is not available."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class BurstRun:
    kind: str
    limits: bool
    messages: int
    users: int
    seconds: float
    cpu_seconds: float  # the bot process's CPU time for the burst
    answer_p50: float  # seconds from the start of the burst until an answer arrived: median
    answer_p99: float  # ... and 99th percentile
    too_many_requests: int
    lost: int
    duplicated: int


async def one_run(kind: str, limits: bool, messages: int = 1000, users: int = 500) -> BurstRun:
    async with FakeBotAPI(token=TOKEN, enforce_flood_limits=limits) as api:
        command = [sys.executable, "-m", "bench.burst_bot", "--kind", kind, "--base-url", api.base_url,
                   "--token", TOKEN] + (["--limits"] if limits else [])  # fmt: skip
        process = await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
        )
        try:
            await api.wait_until(lambda: bool(api.calls_to("getUpdates")), timeout=60)
            await asyncio.sleep(0.5)  # let start-up calls settle
            people = [make_user(f"User{n}", language_code="de") for n in range(users)]
            asked = Counter()
            cpu_before = cpu_seconds(process.pid)
            started = time.monotonic()
            for number in range(messages):
                user = people[number % users]
                question = QUESTIONS[number % len(QUESTIONS)]
                api.send_text(user, None, question)
                asked[user.id] += 1
            await api.wait_for_messages(messages, timeout=messages / 10 + 60)
            seconds = time.monotonic() - started
            cpu = cpu_seconds(process.pid) - cpu_before
            await asyncio.sleep(0.5)  # anything duplicated arrives now
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), timeout=30)
        answered = Counter(message.chat_id for message in api.sent_messages)
        lost = sum(max(asked[user] - answered[user], 0) for user in asked)
        duplicated = sum(max(answered[user] - asked[user], 0) for user in answered)
        too_many = sum(1 for call in api.calls if call.status == 429)
        waits = statistics.quantiles([message.time - started for message in api.sent_messages], n=100)
        return BurstRun(
            kind, limits, messages, users, seconds, cpu, waits[49], waits[98], too_many, lost, duplicated
        )


@dataclass
class BurstResults:
    runs: dict[str, list[BurstRun]]  # kind -> repeated runs with flood control off
    limited: BurstRun

    def seconds(self, kind: str) -> float:
        return statistics.median(run.seconds for run in self.runs[kind])

    def answer_percentiles(self, kind: str) -> tuple[float, float]:
        """Median over the runs of each run's median and 99th-percentile answer time."""
        runs = self.runs[kind]
        return statistics.median(r.answer_p50 for r in runs), statistics.median(r.answer_p99 for r in runs)

    def cpu_ms_per_message(self, kind: str) -> float:
        return statistics.median(run.cpu_seconds * 1000 / run.messages for run in self.runs[kind])

    def ratio(self, baseline: str) -> float:
        """Our throughput relative to ``baseline`` (1.0 = as fast)."""
        return self.seconds(baseline) / self.seconds("wbv")


def run(repeats: int = 5) -> BurstResults:
    async def measure() -> BurstResults:
        runs: dict[str, list[BurstRun]] = {kind: [] for kind in KINDS}
        for kind in runs:  # a warm-up round (bytecode, disk caches) that is not counted
            await one_run(kind, limits=False, messages=200, users=100)
        for _ in range(repeats):  # interleaved, so all see the same machine conditions
            for kind, results in runs.items():
                results.append(await one_run(kind, limits=False))
        return BurstResults(runs, await one_run("wbv", limits=True))

    return asyncio.run(measure())
