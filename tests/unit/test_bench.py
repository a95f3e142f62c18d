"""`make bench` keeps working: the generator, each benchmark on a small scale, and the verdicts."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from pathlib import Path

import pytest

from bench import burst, matching, startup
from bench.generate_kb import generate_entries, sample_questions, write_knowledge_base
from bench.run import report_burst, report_matching, report_targets
from bot import core
from bot.config import SHIPPED_KNOWLEDGE_DIR
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


def test_timed_questions_are_distinct_seeded_and_of_every_kind() -> None:
    real = matching.real_questions()
    kinds = matching.question_set(real, per_kind=30, noise_count=10)
    assert kinds == matching.question_set(real, per_kind=30, noise_count=10)
    assert kinds != matching.question_set(real, seed=1, per_kind=30, noise_count=10)
    questions = [question for group in kinds.values() for question in group]
    assert len(questions) == len(set(questions))  # no question is timed twice in a run
    assert sorted(kinds["real, German"] + kinds["real, English"]) == sorted(real) != []
    assert len(kinds["real, English"]) >= 50 and len(kinds["typos"]) == len(kinds["random words"]) == 30
    assert not set(kinds["typos"]) & set(real)
    assert {len(q) for q in kinds["noise, 300 chars"]} == {300}
    assert {len(q) for q in kinds["noise, 4,000 chars"]} == {4000}
    assert any("<" in q and any(ord(c) > 0x1F000 for c in q) for q in kinds["noise, 300 chars"])
    subset = matching.stratified(kinds, 0.1)
    assert len(subset) == len(set(subset)) and all(0 <= i < len(questions) for i in subset)
    assert len(subset) >= len(kinds)  # at least one question of every kind


def test_cold_timing_clears_every_cache_that_outlives_a_call() -> None:
    engine = AnswerEngine(load_knowledge_base(SHIPPED_KNOWLEDGE_DIR), cache_size=0)
    engine.answer("Wer ist Monika Lugr vom Werkstattgesprach?")
    modules = [
        importlib.import_module(f"bot.core.{module.name}") for module in pkgutil.iter_modules(core.__path__)
    ]
    holders = [*modules, engine, engine._index, engine._understander]
    caches = [value for holder in holders for value in vars(holder).values() if hasattr(value, "cache_info")]
    assert len(caches) >= 3 and any(cache.cache_info().currsize for cache in caches)
    assert engine._index._resolved
    matching.clear_engine_caches(engine)
    assert [cache for cache in caches if cache.cache_info().currsize] == []  # every lru_cache in bot.core
    assert not engine._index._resolved


def test_quick_closest_match_is_what_difflib_finds() -> None:
    possibilities = ["wer ist frank schmidt?", "was ist der wbv?", "wer ist frank?", "ab", "ba", "b"]
    for word in ("wer ist frank", "was macht der wbv", "a", "", "ab"):
        expected = difflib.get_close_matches(word, possibilities, n=1, cutoff=0)
        assert matching.closest(word, possibilities) == expected
    assert matching.closest("x", []) == []


def test_timing_summarises_runs_with_median_p99_and_spread() -> None:
    """The summary's arithmetic on made-up durations: nothing here is measured, so load cannot move it."""
    runs = [[0.001] * 99 + [0.005], [0.002] * 99 + [0.009], [0.001] * 99 + [0.003]]
    timing = matching.summarise(runs)
    assert (timing.samples, timing.runs, timing.tail) == (100, 3, "p99")
    assert timing.median_ms == pytest.approx(1.0)
    assert timing.p99_ms == pytest.approx(1.0)  # rank 99 of 100: not the maximum
    assert (timing.p99_min_ms, timing.p99_max_ms) == pytest.approx((1.0, 2.0))
    few = matching.summarise([[0.001, 0.004], [0.002, 0.006]])
    assert few.tail == "max" and few.p99_ms == pytest.approx(5.0) and few.p99_max_ms == pytest.approx(6.0)


def test_matching_benchmark_measures_every_method_on_every_base(capsys) -> None:
    shares = {"shipped": 0.02, "200": 0.1}
    result = matching.run(sizes=(200,), shares=shares, runs=2, per_kind=10, labelled_step=10)
    assert result.bases.keys() == {"shipped (64 entries)", "generated (200 entries)"}
    for timings in result.bases.values():
        assert timings.methods.keys() == {"engine", "rapidfuzz WRatio", "difflib"}
        assert 0 < timings.compared == timings.methods["difflib"].samples < timings.questions
        assert timings.cold.samples == timings.warm.samples == timings.questions
        assert sum(kind.samples for kind in timings.kinds.values()) == timings.questions
        for timing in [timings.cold, timings.warm, *timings.methods.values(), *timings.kinds.values()]:
            assert timing.runs == 2
            assert (
                0 < timing.median_ms <= timing.p99_ms
                and timing.p99_min_ms <= timing.p99_ms <= timing.p99_max_ms
            )
    assert result.accuracy.keys() == {"engine", "rapidfuzz WRatio", "difflib"}
    engine = result.accuracy["engine"]
    assert engine.in_scope >= 0.9 and result.labelled > 30
    assert all(
        engine.in_scope > result.accuracy[baseline].in_scope for baseline in ("rapidfuzz WRatio", "difflib")
    )
    report_matching(result)
    out = capsys.readouterr().out
    assert "| shipped (64 entries) | engine, warm (caches kept from earlier questions) |" in out
    assert "| noise, 4,000 chars | 5 |" in out


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
    fast = matching.Timing(0.1, 0.5, 0.4, 0.6, 10_000, 1000, 5)
    slow = matching.Timing(500, 900, 800, 1000, 2, 6, 5)

    def base(p99_ms: float) -> matching.BaseTimings:
        cold = matching.Timing(0.1, p99_ms, p99_ms, p99_ms, 10_000, 1000, 5)
        return matching.BaseTimings(1000, cold, fast, 6, {"engine": fast, "difflib": slow}, {})

    bases = {"shipped (64 entries)": base(0.5), "generated (10,000 entries)": base(6.0)}
    report_burst(results)
    report_targets(matching.MatchingResults(bases, {}, 0, {}), results)
    out = capsys.readouterr().out
    assert f"burst throughput ≥ 0.9× the bare echo bot {verdict}" in out
    assert "| 1.020×; 429s, lost, duplicated: 0, 0, 0 | met |" in out
    assert "shipped knowledge base < 1 ms | 0.500 ms | met |" in out
    assert "10,000 entries < 5 ms | 6.000 ms | MISSED |" in out
    assert "| 5,000× | met |" in out
