"""`make bench` keeps working: the generator, each benchmark on a small scale, and the verdicts."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections import Counter
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
    results = startup.run(runs=2)
    ours, bare = results["WBV-Bot"], results["bare PTB bot"]
    assert ours.runs == bare.runs == 2  # interleaved: one run of each per round
    ratio = startup.time_ratio(ours, bare)  # a spread of the run-by-run ratios, whatever their values
    assert ratio.low <= ratio.median <= ratio.high
    assert ours.peak_mib > bare.peak_mib > 10  # both import python-telegram-bot; ours adds the index


def test_burst_questions_are_seeded_distinct_and_from_both_sets() -> None:
    pool = burst.question_pool()
    sources = (matching.LABELLED, matching.UNDERSTANDING / "tuning.yaml")
    assert len(pool) == len(set(pool)) > 500 and set(pool) == set(matching.real_questions(sources))
    drawn = burst.draw_questions(len(pool), seed=1)
    assert sorted(drawn) == sorted(pool)  # each once while the pool lasts
    assert drawn == burst.draw_questions(len(pool), seed=1) != burst.draw_questions(len(pool), seed=2)
    assert max(Counter(burst.draw_questions(len(pool) + 10, seed=1)).values()) == 2


async def test_limits_on_burst_answers_everything_once_within_telegrams_limits() -> None:
    run = await burst.burst("wbv", messages=40, users=20, round_trip=0.05, limits=True, seed=1)
    assert (run.lost, run.duplicated, run.too_many_requests, run.violations) == (0, 0, 0, 0)
    # a lower bound the limits impose (the sends beyond the first 30 wait for the window); load only adds
    assert run.seconds >= (run.messages - 30) / 30


@pytest.mark.parametrize("kind", burst.KINDS)
async def test_limits_off_burst_answers_everything_once(kind: str) -> None:
    run = await burst.burst(kind, messages=40, users=20, round_trip=0.02, limits=False, seed=1)
    assert (run.kind, run.lost, run.duplicated, run.too_many_requests) == (kind, 0, 0, 0)
    assert run.cpu_seconds > 0 and 0 < run.answer_p50 <= run.answer_p99 <= run.seconds  # an order, not a time


async def test_group_flood_tells_the_group_once_and_answers_every_other_chat() -> None:
    run = await burst.group_flood(mentions=25, others=3, seed=1)  # more than the group's queue of 20
    assert (run.notices, run.lost, run.duplicated, run.too_many_requests, run.violations) == (1, 0, 0, 0, 0)
    # an order, not a time: the run's seconds end after every answer arrived (and a settling pause)
    assert run.group_messages >= 1 and 0 < run.other_p50 <= run.other_p99 <= run.other_max < run.seconds


async def test_one_users_batch_is_answered_once_in_order_one_a_second() -> None:
    run = await burst.one_users_batch(messages=4, seed=1)
    assert (run.delivered, run.as_asked, run.most_in_a_second) == (4, True, 1)
    # a lower bound the one-a-second pacing imposes; load only adds to it
    assert run.too_many_requests == run.violations == 0 and run.seconds >= run.minimum


def limited(round_trip: float, seconds: float, too_many: int = 0) -> burst.BurstRun:
    return burst.BurstRun("wbv", True, round_trip, 600, 300, seconds, 1.0, 10.0, 19.0, too_many, 0, 0, 0)


def unpaced(kind: str, seconds: float) -> burst.BurstRun:
    return burst.BurstRun(kind, False, 0.2, 1000, 500, seconds, seconds, seconds / 2, seconds, 0, 0, 0, 0)


def batch(in_order: bool) -> burst.BatchRun:
    return burst.BatchRun(0.1, 20, 20, in_order, 1, 19.3, 0, 0)


def synthetic_burst(
    drain: float, ours: float, p99: float, in_order: bool, too_many: int
) -> burst.BurstResults:
    """Made-up runs of two rounds (the second always good): nothing is measured, so load cannot move a
    verdict."""
    flood = burst.GroupFloodRun(0.1, 100, 30, p99 / 2, p99, p99, 3.0, 3, 1, 0, 0, 0, 0)
    return burst.BurstResults(
        {rtt: [limited(rtt, drain, too_many), limited(rtt, 20.2)] for rtt in (0.0, 0.1, 0.3)},
        {kind: [unpaced(kind, ours if kind == "wbv" else 0.95)] * 2 for kind in burst.KINDS},
        [flood] * 2,
        [batch(True), batch(in_order)],
    )


@pytest.mark.parametrize(
    ("drain", "ours", "p99", "in_order", "too_many", "ready", "verdicts"),
    [
        (20.6, 1.0, 0.5, True, 0, (0.6, 63), ["met"] * 6),
        (20.6, 1.2, 1.2, False, 1, (0.63, 64), ["MISSED"] * 6),  # a single 429 misses the first
        (22.2, 1.0, 0.5, True, 0, (0.6, 63), ["MISSED"] + ["met"] * 5),
    ],
)
def test_targets_table_judges_every_target(
    drain: float, ours: float, p99: float, in_order: bool, too_many: int, ready: tuple[float, float],
    verdicts: list[str], capsys,
) -> None:  # fmt: skip
    results = synthetic_burst(drain, ours, p99, in_order, too_many)
    fast = matching.Timing(0.1, 0.5, 0.4, 0.6, 10_000, 1000, 5)
    slow = matching.Timing(500, 900, 800, 1000, 2, 6, 5)

    def base(p99_ms: float) -> matching.BaseTimings:
        cold = matching.Timing(0.1, p99_ms, p99_ms, p99_ms, 10_000, 1000, 5)
        return matching.BaseTimings(1000, cold, fast, 6, {"engine": fast, "difflib": slow}, {})

    bases = {"shipped (64 entries)": base(0.5), "generated (10,000 entries)": base(6.0)}
    seconds, peak = ready
    bare = startup.Startup([0.3] * 5, 42)
    startups = {"WBV-Bot": startup.Startup([seconds] * 5, peak), "bare PTB bot": bare}
    report_burst(results)
    report_targets(matching.MatchingResults(bases, {}, 0, {}), results, startups)
    out = capsys.readouterr().out
    assert "shipped knowledge base < 1 ms | 0.500 ms | met |" in out
    assert "10,000 entries < 5 ms | 6.000 ms | MISSED |" in out
    assert "| 5,000× | met |" in out
    rows = out.split("## Targets")[1].splitlines()[7:13]  # after the header and the matching targets
    assert [line.rsplit("|", 2)[1].strip() for line in rows] == verdicts
    median = (drain + 20.2) / 2
    assert f"| 300 ms | {median:.1f} (20.2–{drain:.1f}) | 20.0 | {median / 20:.3f} " in out
    assert f"| {median / 20:.3f}×, {median / 20:.3f}×, {median / 20:.3f}×; 429s, lost, duplicated: " in out
    throughput = f"{0.95 / ours:.2f}×"
    assert f"| {throughput} ({throughput[:-1]}–{throughput[:-1]}); the echo bot with our" in out
