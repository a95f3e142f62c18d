"""Start-up: from process start to ready, and the peak memory, against a bare python-telegram-bot bot.

Ready means the knowledge base is loaded and indexed and the Telegram application is built (no network);
the baseline process only builds a python-telegram-bot application, so the difference is our start-up.
"""

from __future__ import annotations

import compileall
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import bot
from bench.burst import Spread

# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over from the (large) benchmark process that
# forked this one, while VmHWM belongs to this program's own memory.
REPORT_PEAK = """
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""
TOKEN = "123456789:AAHbenchbenchbenchbenchbenchbenchbench"

OURS = f"""
import tempfile
from pathlib import Path
from bot.config import SHIPPED_KNOWLEDGE_DIR, Settings
from bot.curation.reload import LiveKnowledge
from bot.curation.storage import Database
from bot.tg.app import build_application
from bot.tg.context import BotServices
from bot.tg.retries import RetryingLimiter
settings = Settings(wbv_data_dir=Path(tempfile.mkdtemp()))
knowledge = LiveKnowledge.load(SHIPPED_KNOWLEDGE_DIR)
services = BotServices.create(knowledge, Database(settings.wbv_data_dir), settings)
build_application(settings, services, "{TOKEN}", RetryingLimiter())
{REPORT_PEAK}
"""

BARE = f"""
from telegram.ext import Application
Application.builder().token("{TOKEN}").build()
{REPORT_PEAK}
"""


@dataclass
class Startup:
    """One bot's runs: the time to ready of each, and the highest peak memory of all."""

    durations: list[float]
    peak_mib: float

    @property
    def seconds(self) -> Spread:
        return Spread.of(self.durations)

    @property
    def runs(self) -> int:
        return len(self.durations)


def time_ratio(ours: Startup, bare: Startup) -> Spread:
    """Our time over the bare bot's, run by run: the runs were interleaved, so each pair saw the same load."""
    return Spread.of(mine / theirs for mine, theirs in zip(ours.durations, bare.durations, strict=True))


def measure(script: str) -> tuple[float, float]:
    """One fresh process: (seconds to ready, peak memory in MiB)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return time.perf_counter() - started, int(result.stdout.strip()) / 1024  # VmHWM is in KiB


def run(runs: int = 7) -> dict[str, Startup]:
    """Both bots, interleaved run by run (who goes first alternates), so that a busy moment of the machine
    falls on both. Our package is byte-compiled first, as an installed bot is (pip compiles on install,
    ``make`` too): python-telegram-bot's modules come compiled, so ours must not be compiled on every
    start here when the environment says not to write bytecode (``PYTHONDONTWRITEBYTECODE``)."""
    compileall.compile_dir(Path(bot.__file__).parent, quiet=1)
    scripts = {"WBV-Bot": OURS, "bare PTB bot": BARE}
    measured: dict[str, list[tuple[float, float]]] = {name: [] for name in scripts}
    for number in range(runs):
        for name in list(scripts)[:: 1 if number % 2 == 0 else -1]:
            measured[name].append(measure(scripts[name]))
    return {
        name: Startup([seconds for seconds, _ in results], max(peak for _, peak in results))
        for name, results in measured.items()
    }
