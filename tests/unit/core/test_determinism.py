"""The same question gets the same ranking in every process, whatever Python's string hashing seed.

Sets of strings iterate in an order that changes from process to process; a sum of floats taken in that
order differs in its last bits, and entries that tie in their score then swap places (the suggestions
of "und die anderen workshop leute?" did).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import ROOT

QUESTIONS = [
    "und die anderen workshop leute?",
    "wer war die frau beim ws2",
    "Welche Workshops gab es?",
    "Wie viele Leute waren da?",
    "Referenten?",
    "wer leitete den workshop zu verstetigung",
]

RANK = f"""
import json
from bot.core.engine import AnswerEngine
engine = AnswerEngine.from_directory({str(ROOT / "knowledge")!r})
print(json.dumps([[(m.entry_id, m.score) for m in engine.search(q, 8)] for q in {QUESTIONS!r}]))
"""


def _rankings(seed: int) -> list:
    environment = {**os.environ, "PYTHONHASHSEED": str(seed)}
    result = subprocess.run(
        [sys.executable, "-c", RANK], capture_output=True, text=True, check=True, env=environment, cwd=ROOT
    )
    return json.loads(result.stdout)


# seeds under which a sum in set order swapped tied entries (found by trying 0 to 15 on Python 3.11)
SEEDS = (0, 9, 11)


def test_rankings_do_not_depend_on_the_hash_seed() -> None:
    first, *others = (_rankings(seed) for seed in SEEDS)
    assert all(rankings == first for rankings in others)
