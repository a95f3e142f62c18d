"""Start-up: from process start to ready, and the peak memory, against a bare python-telegram-bot bot.

Ready means the knowledge base is loaded and indexed and the Telegram application is built (no network);
the baseline process only builds a python-telegram-bot application, so the difference is our start-up.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

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
    seconds: float
    peak_mib: float
    runs: int


def measure(script: str, runs: int = 5) -> Startup:
    durations, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        durations.append(time.perf_counter() - started)
        peaks.append(int(result.stdout.strip()) / 1024)  # VmHWM is in KiB
    return Startup(statistics.median(durations), max(peaks), runs)


def run() -> dict[str, Startup]:
    return {"WBV-Bot": measure(OURS), "bare PTB bot": measure(BARE)}
