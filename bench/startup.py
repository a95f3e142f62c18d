"""Start-up: from process start to a loaded, indexed knowledge base, and the peak memory."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

READY = """
import resource, sys
from bot.engine import AnswerEngine
from bot.loader import load_knowledge_base, resolve_knowledge_dir
AnswerEngine(load_knowledge_base(resolve_knowledge_dir(sys.argv[1] if len(sys.argv) > 1 else None)))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@dataclass
class Startup:
    seconds: float
    peak_mib: float
    runs: int


def measure(knowledge: Path | None = None, runs: int = 5) -> Startup:
    durations, peaks = [], []
    for _ in range(runs):
        command = [sys.executable, "-c", READY] + ([str(knowledge)] if knowledge else [])
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        durations.append(time.perf_counter() - started)
        peaks.append(int(result.stdout.strip()) / 1024)  # ru_maxrss is in KiB on Linux
    return Startup(statistics.median(durations), max(peaks), runs)
