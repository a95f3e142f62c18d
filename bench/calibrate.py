"""Choosing the engine's thresholds by cross-validation on the tuning questions (never the held-out ones).

``python -m bench.calibrate`` scores every combination of the thresholds on every tuning item once, then
runs a 5-fold cross-validation: each fold picks the best combination on the other four folds and is
scored with it. It prints the cross-validated figures (what to expect on unseen questions) and the
combination that is best on all tuning items, to be written into bot/core/engine.py and index.py.

The objective counts a right answer as +1 and an over-confident miss (a confident answer with the wrong
content, or any confident answer to an out-of-scope question) as -3: those matter most.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import bot.core.engine as engine_module
import bot.core.index as index_module
from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.engine import AnswerEngine
from bot.core.loader import load_knowledge_base
from bot.curation.evaluation import Dialogue, EvalResult, LabelledQuestion, evaluate, load_labelled

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
# The files are found by name, as `make eval` finds them: tuning*.yaml and dialogues_tuning*.yaml are
# for tuning, heldout*.yaml are never looked at while tuning (only their figures are printed).
TUNING = [DATA / "labelled_questions.yaml", *sorted((DATA / "understanding").glob("*tuning*.yaml"))]
HELD_OUT = sorted((DATA / "understanding").glob("heldout*.yaml"))
GRID = {
    "CONFIDENT_SCORE": (60.0, 65.0, 70.0, 75.0, 80.0),
    "CONFIDENT_MARGIN": (2.0, 4.0, 6.0),
    "ANSWER_TEXT_FACTOR": (0.6, 0.7, 0.8),
}
OVER_CONFIDENT_COST = 3
FOLDS = 5

Item = LabelledQuestion | Dialogue
Params = tuple[float, float, float]


@dataclass(frozen=True)
class Score:
    right: int
    over_confident: int

    @property
    def value(self) -> int:
        return self.right - OVER_CONFIDENT_COST * self.over_confident


def combinations() -> Iterator[Params]:
    yield from itertools.product(*GRID.values())


def score_items(items: list[Item]) -> dict[Params, list[Score]]:
    """Each combination's score on each item (a dialogue is one item)."""
    scores: dict[Params, list[Score]] = {}
    for factor in GRID["ANSWER_TEXT_FACTOR"]:
        index_module.ANSWER_TEXT_FACTOR = factor  # read when the index is built
        engine = AnswerEngine(load_knowledge_base(SHIPPED_KNOWLEDGE_DIR), cache_size=0)
        for confident, margin in itertools.product(GRID["CONFIDENT_SCORE"], GRID["CONFIDENT_MARGIN"]):
            engine_module.CONFIDENT_SCORE, engine_module.CONFIDENT_MARGIN = confident, margin
            scores[(confident, margin, factor)] = [_score(evaluate(engine, [item])) for item in items]
    return scores


def _score(result: EvalResult) -> Score:
    right = result.answered_right + result.rejected
    return Score(right, result.over_confident)


def questions(items: list[Item], indices: list[int]) -> int:
    """How many questions the items hold (a dialogue holds one per turn)."""
    return sum(len(items[i].turns) if isinstance(items[i], Dialogue) else 1 for i in indices)


def total(scores: list[Score], indices: list[int]) -> Score:
    return Score(sum(scores[i].right for i in indices), sum(scores[i].over_confident for i in indices))


def best(scores: dict[Params, list[Score]], indices: list[int]) -> Params:
    return max(scores, key=lambda params: (total(scores[params], indices).value, params == current()))


def current() -> Params:
    return (engine_module.CONFIDENT_SCORE, engine_module.CONFIDENT_MARGIN, index_module.ANSWER_TEXT_FACTOR)


def main() -> None:
    items: list[Item] = [item for path in TUNING for item in load_labelled(path)]
    chosen_now = current()
    scores = score_items(items)
    order = list(range(len(items)))
    random.Random(20261201).shuffle(order)
    folds = [order[i::FOLDS] for i in range(FOLDS)]
    validated = Score(0, 0)
    print(f"{len(items)} tuning items ({questions(items, order)} questions), {FOLDS}-fold cross-validation "
          f"over {len(scores)} combinations")  # fmt: skip
    for number, fold in enumerate(folds, 1):
        rest = [i for i in order if i not in set(fold)]
        params = best(scores, rest)
        fold_score = total(scores[params], fold)
        validated = Score(
            validated.right + fold_score.right, validated.over_confident + fold_score.over_confident
        )
        print(f"  fold {number}: chose {params}: {fold_score.right}/{questions(items, fold)} right, "
              f"{fold_score.over_confident} over-confident")  # fmt: skip
    count = questions(items, order)
    print(f"cross-validated: {validated.right}/{count} right, {validated.over_confident} over-confident")
    final = best(scores, order)
    whole = total(scores[final], order)
    print(f"best on all tuning items: {dict(zip(GRID, final, strict=True))} "
          f"({whole.right}/{count} right, {whole.over_confident} over-confident)")  # fmt: skip
    mine = total(scores[chosen_now], order)
    print(f"in the code now: {dict(zip(GRID, chosen_now, strict=True))} "
          f"({mine.right}/{count} right, {mine.over_confident} over-confident)")  # fmt: skip


if __name__ == "__main__":
    main()
