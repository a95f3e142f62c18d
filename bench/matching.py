"""Matching: the engine against difflib and a plain rapidfuzz WRatio, for speed and accuracy.

What keeps the timing honest:

* Every timed question is distinct, from a fixed, seeded set in several kinds: the labelled questions
  (German and English apart), typos of them, random words from their vocabulary, and noise of 300 and
  4,000 characters (letters, digits, punctuation, emoji, HTML tags).
* Cold: the reply cache is off and the engine's per-token caches are cleared before every timed call
  (:func:`clear_engine_caches`). The warm figure (caches kept) is reported apart, labelled as such.
* Like for like: the baselines are timed on exactly the questions whose engine times they are compared
  with, cut as the engine cuts them (:func:`~bot.core.normalize.within_limit`).
  Baselines too slow for every question get a seeded subset with the same share of every kind.
* Spread: every timing runs several times; a figure is the median over runs of the per-run p50 and
  p99, with the p99's range over runs. With fewer than 100 questions per run the tail is the maximum.
"""

from __future__ import annotations

import difflib
import gc
import math
import random
import statistics
import string
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bench.generate_kb import generate_entries, sample_questions, write_knowledge_base
from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core import normalize
from bot.core.engine import AnswerEngine
from bot.core.language import detect_language
from bot.core.loader import KnowledgeBase, load_knowledge_base
from bot.curation.evaluation import Dialogue, LabelledQuestion, load_labelled

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
LABELLED = DATA / "labelled_questions.yaml"
UNDERSTANDING = DATA / "understanding"
REAL_SOURCES = (LABELLED, UNDERSTANDING / "tuning.yaml", UNDERSTANDING / "dialogues_tuning.yaml")
Matcher = Callable[[str], tuple[str | None, float]]  # question -> (entry id or None, score 0-100)

MIN_SAMPLES_FOR_P99 = 100  # below this, the 99th percentile of one run is just its maximum
RUNS = 5
SEED = 2024


# --- The questions ----------------------------------------------------------------------------------


def real_questions(sources: tuple[Path, ...] = REAL_SOURCES) -> list[str]:
    """Every labelled question and dialogue turn, each once."""
    questions: list[str] = []
    for source in sources:
        for item in load_labelled(source):
            turns = item.turns if isinstance(item, Dialogue) else (item,)
            questions.extend(turn.question for turn in turns)
    return list(dict.fromkeys(questions))


def typo(question: str, rng: random.Random) -> str:
    """One or two words of four letters or more misspelt: a letter swapped with the next or dropped."""
    words = question.split(" ")
    long_words = [i for i, word in enumerate(words) if len(word) >= 4 and word.isalpha()]
    for i in rng.sample(long_words, k=min(len(long_words), rng.choice((1, 2)))):
        word, j = words[i], rng.randrange(1, len(words[i]) - 1)
        swapped = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
        words[i] = swapped if rng.random() < 0.5 else word[:j] + word[j + 1 :]
    return " ".join(words)


def random_words(vocabulary: list[str], rng: random.Random) -> str:
    """One to eight words of the questions' vocabulary in random order, sometimes ending in "?"."""
    text = " ".join(rng.sample(vocabulary, k=rng.randint(1, 8)))
    return text + "?" if rng.random() < 0.3 else text


NOISE_PIECES = (
    lambda rng: "".join(rng.choices(string.ascii_letters + "äöüßÄÖÜéñ", k=rng.randint(1, 12))),
    lambda rng: "".join(rng.choices(string.digits, k=rng.randint(1, 6))),
    lambda rng: "".join(rng.choices(string.punctuation, k=rng.randint(1, 3))),
    lambda rng: rng.choice(("😀", "🎉", "👍🏽", "🙏", "🚀", "❤️", "🤔", "📅", "🇩🇪", "✅", "👩‍💻")),
    lambda rng: rng.choice(("<b>", "</b>", "<i>", "</i>", '<a href="https://x.de/?q=1">', "</a>", "<br/>")),
    lambda rng: " ",
)


def noise(length: int, rng: random.Random) -> str:
    """``length`` characters of letters, digits, punctuation, emoji and HTML tags."""
    pieces: list[str] = []
    size = 0
    while size < length:
        piece = rng.choice(NOISE_PIECES)(rng)
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces)[:length]


def question_set(
    real: list[str], seed: int = SEED, per_kind: int = 200, noise_count: int = 100
) -> dict[str, list[str]]:
    """The timed questions by kind, all distinct: ``real`` split by language, then the made-up kinds."""
    rng = random.Random(seed)
    seen = set(real)

    def distinct(make: Callable[[], str], count: int) -> list[str]:
        made: list[str] = []
        for _ in range(count * 20):  # a few draws may repeat a question; give up rather than loop forever
            question = make()
            if question not in seen:
                seen.add(question)
                made.append(question)
                if len(made) == count:
                    break
        return made

    vocabulary = sorted({word for q in real for word in normalize.WORD.findall(q) if len(word) >= 3})
    english = [q for q in real if detect_language(q) == "en"]
    english_set = set(english)
    return {
        "real, German": [q for q in real if q not in english_set],
        "real, English": english,
        "typos": distinct(lambda: typo(rng.choice(real), rng), per_kind),
        "random words": distinct(lambda: random_words(vocabulary, rng), per_kind),
        "noise, 300 chars": distinct(lambda: noise(300, rng), noise_count),
        "noise, 4,000 chars": distinct(lambda: noise(4000, rng), noise_count),
    }


def stratified(kinds: dict[str, list[str]], share: float, seed: int = SEED) -> list[int]:
    """Positions (in the concatenated kinds) of a seeded subset with ``share`` of every kind."""
    rng = random.Random(seed)
    picked, start = [], 0
    for questions in kinds.values():
        count = min(len(questions), max(1, round(len(questions) * share)))
        picked.extend(sorted(start + i for i in rng.sample(range(len(questions)), k=count)))
        start += len(questions)
    return picked


# --- The matchers -----------------------------------------------------------------------------------


def clear_engine_caches(engine: AnswerEngine) -> None:
    """Empty every cache that outlives one call to ``engine.answer``, so the next call runs cold.

    Folded texts and split compounds have a public way (:func:`bot.core.normalize.clear_caches`); the
    index's fuzzy lookups per term and the understander's fuzzy variants per token do not yet, so this
    reaches into private attributes on purpose, the one place in the benchmarks that does (a public
    ``AnswerEngine.clear_caches()`` would replace it). The reply cache is off (``cache_size=0``).
    """
    normalize.clear_caches()
    engine._index._resolved.clear()
    engine._understander._variants.cache_clear()


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
    """Python's difflib.get_close_matches over all alternate questions (casefolded). With ``cutoff`` 0
    (for choosing a threshold afterwards) the same closest alternate is found by :func:`closest`."""
    questions, owners = _alternates(kb)
    folded = [q.casefold() for q in questions]
    owner_of = dict(zip(folded, owners, strict=True))

    def match(question: str) -> tuple[str | None, float]:
        question = normalize.within_limit(question).casefold()
        found = (
            difflib.get_close_matches(question, folded, n=1, cutoff=cutoff)
            if cutoff
            else closest(question, folded)
        )
        if not found:
            return None, 0.0
        return owner_of[found[0]], 100 * difflib.SequenceMatcher(None, question, found[0]).ratio()

    return match


def closest(word: str, possibilities: list[str]) -> list[str]:
    """What ``difflib.get_close_matches(word, possibilities, n=1, cutoff=0)`` returns, several times
    faster: a possibility is skipped when difflib's cheap upper bounds show it cannot beat the best so
    far. Ties go to the greater string, as there."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    for possibility in possibilities:
        matcher.set_seq1(possibility)
        if best and (matcher.real_quick_ratio() < best[0] or matcher.quick_ratio() < best[0]):
            continue
        best = max(best or (-1.0, ""), (matcher.ratio(), possibility))
    return [best[1]] if best else []


def rapidfuzz_matcher(kb: KnowledgeBase, cutoff: float = 0.0) -> Matcher:
    """process.extractOne with WRatio and the default processor over all alternate questions."""
    questions, owners = _alternates(kb)

    def match(question: str) -> tuple[str | None, float]:
        found = process.extractOne(
            normalize.within_limit(question),
            questions,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=cutoff,
        )
        return (owners[found[2]], found[1]) if found else (None, 0.0)

    return match


# --- Timing -----------------------------------------------------------------------------------------


@dataclass
class Timing:
    """One method's figures over several runs of the same questions; milliseconds."""

    median_ms: float  # median over runs of each run's median
    p99_ms: float  # median over runs of each run's p99 (its maximum below MIN_SAMPLES_FOR_P99 questions)
    p99_min_ms: float
    p99_max_ms: float
    per_second: float
    samples: int  # questions per run
    runs: int

    @property
    def tail(self) -> str:
        return "p99" if self.samples >= MIN_SAMPLES_FOR_P99 else "max"


def summarise(runs: list[list[float]]) -> Timing:
    """Figures from per-question durations in seconds, one list per run."""
    medians, tails = [], []
    for durations in runs:
        ordered = sorted(durations)
        medians.append(statistics.median(ordered))
        rank = len(ordered) if len(ordered) < MIN_SAMPLES_FOR_P99 else math.ceil(0.99 * len(ordered))
        tails.append(ordered[rank - 1])
    total = sum(sum(durations) for durations in runs)
    return Timing(
        statistics.median(medians) * 1000,
        statistics.median(tails) * 1000,
        min(tails) * 1000,
        max(tails) * 1000,
        sum(len(durations) for durations in runs) / total,
        len(runs[0]),
        len(runs),
    )


def time_once(match: Matcher, questions: list[str], before: Callable[[], None] | None = None) -> list[float]:
    """Seconds per question; ``before`` runs untimed before each one."""
    gc.collect()
    durations = []
    for question in questions:
        if before is not None:
            before()
        started = time.perf_counter()
        match(question)
        durations.append(time.perf_counter() - started)
    return durations


def select(runs: list[list[float]], positions: list[int]) -> list[list[float]]:
    return [[durations[i] for i in positions] for durations in runs]


@dataclass
class BaseTimings:
    """The figures of one knowledge base."""

    questions: int  # per run, all kinds
    cold: Timing  # the engine, caches cleared before every question
    warm: Timing  # the engine, per-token caches kept from the earlier questions of the run
    compared: int  # questions per run of the like-for-like comparison
    methods: dict[str, Timing]  # on the compared questions: engine (cold), rapidfuzz WRatio, difflib
    kinds: dict[str, Timing]  # the engine, cold, per kind of question


def time_base(engine: AnswerEngine, kinds: dict[str, list[str]], share: float, runs: int) -> BaseTimings:
    """Time the engine on every question, warm and cold, and the baselines on a stratified subset; all
    interleaved run by run, so that a busy moment of the machine does not fall on one method only.

    ``engine`` must have its reply cache off (``cache_size=0``): this measures the matching. Warm, the
    caches are emptied at the start of each run and then kept, so a question gains from the words of
    the questions before it (as in the bot), not from having been asked before."""
    questions = [q for group in kinds.values() for q in group]
    subset = stratified(kinds, share)
    match = engine_matcher(engine)
    methods = {"rapidfuzz WRatio": rapidfuzz_matcher(engine.kb), "difflib": difflib_matcher(engine.kb)}
    match(questions[0])  # first-call costs (imports, allocations) stay out of the figures
    timed: dict[str, list[list[float]]] = {name: [] for name in ("warm", "cold", *methods)}
    for _ in range(runs):
        clear_engine_caches(engine)
        timed["warm"].append(time_once(match, questions))
        timed["cold"].append(time_once(match, questions, before=lambda: clear_engine_caches(engine)))
        for name, baseline in methods.items():
            timed[name].append(time_once(baseline, [questions[i] for i in subset]))
    cold = timed["cold"]
    start, per_kind = 0, {}
    for kind, group in kinds.items():
        if group:
            per_kind[kind] = summarise(select(cold, list(range(start, start + len(group)))))
        start += len(group)
    compared = {"engine": summarise(select(cold, subset))}  # the engine's times on the same questions
    compared |= {name: summarise(timed[name]) for name in methods}
    warm = summarise(timed["warm"])
    return BaseTimings(len(questions), summarise(cold), warm, len(subset), compared, per_kind)


# --- Accuracy ---------------------------------------------------------------------------------------


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


def engine_accuracy(engine: AnswerEngine, items: list[LabelledQuestion]) -> Accuracy:
    """As ``wbv-bot eval`` judges it: a fact answer about the expected entry counts as right."""
    replies = [(item, engine.answer(item.question)) for item in items]
    inside = [item.is_right(reply) for item, reply in replies if item.in_scope]
    outside = [not reply.matched for item, reply in replies if not item.in_scope]
    return Accuracy(sum(inside) / len(inside), sum(outside) / len(outside), "built in (see engine.py)")


# --- Everything -------------------------------------------------------------------------------------


@dataclass
class MatchingResults:
    bases: dict[str, BaseTimings]  # knowledge base -> timings
    accuracy: dict[str, Accuracy]
    labelled: int  # questions in the accuracy set
    build_seconds: dict[str, float]


def _engines(
    shipped: KnowledgeBase, sizes: tuple[int, ...], per_kind: int, build_seconds: dict[str, float]
) -> Iterator[tuple[str, AnswerEngine, list[str]]]:
    """(name, engine with the reply cache off, its real questions), one knowledge base at a time, so
    that only one is in memory while it is timed. Generated ones are built here, their time noted."""
    yield f"shipped ({len(shipped.entries)} entries)", AnswerEngine(shipped, cache_size=0), real_questions()
    with tempfile.TemporaryDirectory() as workdir:
        for size in sizes:
            directory = write_knowledge_base(Path(workdir) / str(size), size)
            started = time.perf_counter()
            engine = AnswerEngine(load_knowledge_base(directory), cache_size=0)
            build_seconds[f"{size:,} entries"] = time.perf_counter() - started
            sampled = sample_questions(generate_entries(size), 2 * per_kind)
            yield f"generated ({size:,} entries)", engine, list(dict.fromkeys(q for q, _ in sampled))
            del engine


def run(
    sizes: tuple[int, ...] = (1000, 10000),
    shares: dict[str, float] | None = None,
    runs: int = RUNS,
    per_kind: int = 200,
    labelled_step: int = 1,
) -> MatchingResults:
    """Time and judge all three methods. ``shares``: the part of the questions the baselines get per
    knowledge base (``"shipped"`` or the entry count), as they are far too slow for all of them;
    ``labelled_step``: judge every n-th labelled question only (for a quick smoke test)."""
    shares = {"shipped": 0.1, "1000": 0.02, "10000": 0.003} | (shares or {})
    shipped = load_knowledge_base(SHIPPED_KNOWLEDGE_DIR)
    build_seconds: dict[str, float] = {}
    timings = {}
    for name, engine, real in _engines(shipped, sizes, per_kind, build_seconds):
        kinds = question_set(real, per_kind=per_kind, noise_count=max(1, per_kind // 2))
        share = shares.get("shipped" if name.startswith("shipped") else str(engine.entry_count), 0.02)
        timings[name] = time_base(engine, kinds, share, runs)
    items = [item for item in load_labelled(LABELLED) if isinstance(item, LabelledQuestion)][::labelled_step]
    grid = [float(t) for t in range(0, 101, 5)]
    results = {
        "engine": engine_accuracy(AnswerEngine(shipped, cache_size=0), items),
        "rapidfuzz WRatio": tuned_accuracy(rapidfuzz_matcher(shipped), items, grid),
        "difflib": tuned_accuracy(difflib_matcher(shipped, cutoff=0.0), items, grid),
    }
    return MatchingResults(timings, results, len(items), build_seconds)
