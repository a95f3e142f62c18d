"""`make bench` keeps working: the generator, each benchmark on a small scale, and the verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import burst, matching, startup
from bench.generate_kb import generate_entries, sample_questions, write_knowledge_base
from bench.run import report_burst, report_targets
from bot.core.engine import AnswerEngine
from bot.core.loader import load_knowledge_base


def test_generated_knowledge_base_is_reproducible_valid_and_answerable(tmp_path: Path) -> None:
    assert generate_entries(300, seed=7) == generate_entries(300, seed=7)
    assert generate_entries(300, seed=7) != generate_entries(300, seed=8)
    engine = AnswerEngine(load_knowledge_base(write_knowledge_base(tmp_path, 300, seed=7)))
    assert len(engine.kb.entries) == 300
    questions = sample_questions(generate_entries(300, seed=7), 200)
    replies = [(engine.answer(question), expected) for question, expected in questions]
    assert sum(reply.matched and reply.entry_id == expected for reply, expected in replies) >= 0.85 * 200


def test_matching_benchmark_measures_every_method_on_every_base() -> None:
    result = matching.run(sizes=(200,), difflib_samples=5)
    methods = {"engine", "rapidfuzz WRatio", "difflib"}
    assert {method for _, method in result.timings} == methods
    assert {base for base, _ in result.timings} == {"shipped (64 entries)", "generated (200 entries)"}
    assert all(0 < timing.median_ms <= timing.p99_ms for timing in result.timings.values())
    assert result.accuracy.keys() == methods
    engine = result.accuracy["engine"]
    assert engine.in_scope >= 0.95
    assert all(engine.in_scope > result.accuracy[baseline].in_scope for baseline in methods - {"engine"})


def test_startup_benchmark_reports_time_and_memory() -> None:
    ours, bare = startup.measure(startup.OURS, runs=1), startup.measure(startup.BARE, runs=1)
    assert ours.seconds > 0 and bare.seconds > 0
    assert ours.peak_mib > bare.peak_mib > 10  # both import python-telegram-bot; ours adds the index


@pytest.mark.parametrize(("kind", "limits"), [("wbv", False), ("rich-echo", False), ("wbv", True)])
async def test_burst_benchmark_answers_everything_once(kind: str, limits: bool) -> None:
    messages = 45
    run = await burst.one_run(kind, limits=limits, messages=messages, users=15)
    assert (run.lost, run.duplicated, run.too_many_requests) == (0, 0, 0)
    assert run.cpu_seconds > 0 and 0 < run.answer_p50 <= run.answer_p99 <= run.seconds + 0.01
    if limits:
        assert run.seconds >= (messages - 30) / 30  # the second batch of 30 waited for the window


def synthetic(kind: str, seconds: float, limits: bool = False) -> burst.BurstRun:
    return burst.BurstRun(kind, limits, 1000, 500, seconds, seconds, seconds / 2, seconds, 0, 0, 0)


@pytest.mark.parametrize(("ours", "verdict"), [(1.0, "| 0.95× | met |"), (1.2, "| 0.79× | MISSED |")])
def test_targets_table_judges_the_burst_ratio(ours: float, verdict: str, capsys) -> None:
    results = burst.BurstResults(
        {kind: [synthetic(kind, ours if kind == "wbv" else 0.95)] for kind in burst.KINDS},
        synthetic("wbv", 34.0, limits=True),
    )
    timing = matching.Timing(median_ms=0.1, p99_ms=0.5, per_second=10_000, samples=100)
    slow = matching.Timing(median_ms=500, p99_ms=900, per_second=2, samples=40)
    timings = {
        ("shipped (64 entries)", "engine"): timing,
        ("generated (10,000 entries)", "engine"): timing,
        ("generated (10,000 entries)", "difflib"): slow,
    }
    report_burst(results)
    report_targets(matching.MatchingResults(timings, {}, {}), results)
    out = capsys.readouterr().out
    assert f"burst throughput ≥ 0.9× the bare echo bot {verdict}" in out
    assert "| 1.020×; 429s, lost, duplicated: 0, 0, 0 | met |" in out
    assert "| 5,000× | met |" in out
