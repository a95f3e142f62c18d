"""Matching: the engine against difflib and a plain rapidfuzz WRatio, for speed and accuracy."""

from __future__ import annotations

import difflib
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bench.generate_kb import generate_entries, sample_questions, write_knowledge_base
from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.engine import AnswerEngine
from bot.core.loader import KnowledgeBase, load_knowledge_base
from bot.curation.evaluation import LabelledQuestion, load_labelled

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "labelled_questions.yaml"
Matcher = Callable[[str], tuple[str | None, float]]  # question -> (entry id or None, score 0-100)


@dataclass
class Timing:
    median_ms: float
    p99_ms: float
    per_second: float
    samples: int


def timing(match: Matcher, questions: list[str]) -> Timing:
    for question in questions[:20]:
        match(question)  # warm up caches and code paths
    durations = []
    for question in questions:
        started = time.perf_counter()
        match(question)
        durations.append(time.perf_counter() - started)
    durations.sort()
    p99 = durations[min(len(durations) - 1, int(len(durations) * 0.99))]
    median = statistics.median(durations)
    return Timing(median * 1000, p99 * 1000, len(durations) / sum(durations), len(durations))


def engine_matcher(engine: AnswerEngine) -> Matcher:
    def match(question: str) -> tuple[str | None, float]:
        reply = engine.answer(question)
        return reply.entry_id, reply.score

    return match


def _alternates(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    questions, owners = [], []
    for entry in kb.entries.values():
        for question in entry.questions:
            questions.append(question)
            owners.append(entry.id)
    return questions, owners


def difflib_matcher(kb: KnowledgeBase, cutoff: float = 0.6) -> Matcher:
    """Python's difflib.get_close_matches over all alternate questions (casefolded)."""
    questions, owners = _alternates(kb)
    folded = [q.casefold() for q in questions]
    owner_of = dict(zip(folded, owners, strict=True))

    def match(question: str) -> tuple[str | None, float]:
        found = difflib.get_close_matches(question.casefold(), folded, n=1, cutoff=cutoff)
        if not found:
            return None, 0.0
        return owner_of[found[0]], 100 * difflib.SequenceMatcher(None, question.casefold(), found[0]).ratio()

    return match


def rapidfuzz_matcher(kb: KnowledgeBase, cutoff: float = 0.0) -> Matcher:
    """process.extractOne with WRatio and the default processor over all alternate questions."""
    questions, owners = _alternates(kb)

    def match(question: str) -> tuple[str | None, float]:
        found = process.extractOne(
            question, questions, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=cutoff
        )
        return (owners[found[2]], found[1]) if found else (None, 0.0)

    return match


@dataclass
class Accuracy:
    in_scope: float
    out_of_scope: float
    threshold: str


def matches_of(match: Matcher, items: list[LabelledQuestion]) -> list[tuple[str | None, float]]:
    return [match(item.question) for item in items]


def accuracy(
    matches: list[tuple[str | None, float]], items: list[LabelledQuestion], threshold: float = 0.0
) -> tuple[float, float]:
    """(share of in-scope questions answered right, share of out-of-scope questions rejected)."""
    right = rejected = inside = outside = 0
    for (entry_id, score), item in zip(matches, items, strict=True):
        answered = entry_id is not None and score >= threshold
        if item.in_scope:
            inside += 1
            right += answered and entry_id in item.expected
        else:
            outside += 1
            rejected += not answered
    return right / inside, rejected / outside


def tuned_accuracy(match: Matcher, items: list[LabelledQuestion], thresholds: list[float]) -> Accuracy:
    """A baseline's best threshold (highest sum of both rates), as ours was tuned on the same set."""
    matches = matches_of(match, items)
    results = {t: accuracy(matches, items, t) for t in thresholds}
    best = max(results, key=lambda t: (sum(results[t]), t))
    return Accuracy(*results[best], threshold=f"score ≥ {best:g}")


@dataclass
class MatchingResults:
    timings: dict[tuple[str, str], Timing]  # (knowledge base, method) -> timing
    accuracy: dict[str, Accuracy]
    build_seconds: dict[str, float]


def run(sizes: tuple[int, ...] = (1000, 10000), difflib_samples: int = 40) -> MatchingResults:
    items = load_labelled(LABELLED)
    shipped = load_knowledge_base(SHIPPED_KNOWLEDGE_DIR)
    bases: dict[str, tuple[KnowledgeBase, list[str]]] = {
        f"shipped ({len(shipped.entries)} entries)": (shipped, [item.question for item in items] * 3)
    }
    build_seconds = {}
    with tempfile.TemporaryDirectory() as workdir:
        for size in sizes:
            directory = write_knowledge_base(Path(workdir) / str(size), size)
            started = time.perf_counter()
            kb = load_knowledge_base(directory)
            build_seconds[f"{size:,} entries"] = time.perf_counter() - started
            queries = [q for q, _ in sample_questions(generate_entries(size), 500)]
            bases[f"generated ({size:,} entries)"] = (kb, queries)

    timings = {}
    for name, (kb, queries) in bases.items():
        engine = AnswerEngine(kb, cache_size=0)  # measure the matching, not the reply cache
        timings[(name, "engine")] = timing(engine_matcher(engine), queries)
        timings[(name, "rapidfuzz WRatio")] = timing(rapidfuzz_matcher(kb), queries)
        timings[(name, "difflib")] = timing(difflib_matcher(kb), queries[:difflib_samples])

    engine = AnswerEngine(shipped, cache_size=0)
    grid = [float(t) for t in range(0, 101, 5)]
    results = {
        "engine": Accuracy(
            *accuracy(matches_of(engine_matcher(engine), items), items), threshold="built in (see engine.py)"
        ),
        "rapidfuzz WRatio": tuned_accuracy(rapidfuzz_matcher(shipped), items, grid),
        "difflib": tuned_accuracy(difflib_matcher(shipped, cutoff=0.0), items, grid),
    }
    return MatchingResults(timings, results, build_seconds)
