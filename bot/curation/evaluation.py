"""Running a labelled question set against the engine (``wbv-bot eval`` and the test floors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.core.engine import AnswerEngine, Reply


@dataclass(frozen=True)
class LabelledQuestion:
    """A question and the entries that answer it; ``expected`` is empty for out-of-scope questions."""

    question: str
    expected: frozenset[str]

    @property
    def in_scope(self) -> bool:
        return bool(self.expected)


@dataclass(frozen=True)
class Miss:
    item: LabelledQuestion
    reply: Reply


@dataclass
class EvalResult:
    in_scope: int = 0
    answered_right: int = 0
    ranked_first: int = 0
    out_of_scope: int = 0
    rejected: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of in-scope questions answered confidently with a right entry."""
        return self.answered_right / self.in_scope if self.in_scope else 1.0

    @property
    def rejection_rate(self) -> float:
        """Share of out-of-scope questions not answered confidently."""
        return self.rejected / self.out_of_scope if self.out_of_scope else 1.0


def load_labelled(path: str | Path) -> list[LabelledQuestion]:
    """Read items of the form ``{q: "…", expect: id | [ids] | null}``."""
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    questions = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or "expect" not in item:
            raise ValueError(f"{path}: item {number} needs 'q' (text) and 'expect' (id, list or null)")
        expect = item["expect"]
        expected = frozenset([expect] if isinstance(expect, str) else (expect or []))
        questions.append(LabelledQuestion(item["q"], expected))
    return questions


def evaluate(engine: AnswerEngine, items: list[LabelledQuestion]) -> EvalResult:
    result = EvalResult()
    for item in items:
        reply = engine.answer(item.question)
        if item.in_scope:
            result.in_scope += 1
            result.ranked_first += reply.candidate in item.expected
            if reply.entry_id in item.expected:
                result.answered_right += 1
            else:
                result.misses.append(Miss(item, reply))
        else:
            result.out_of_scope += 1
            if reply.matched:
                result.misses.append(Miss(item, reply))
            else:
                result.rejected += 1
    return result


def format_report(result: EvalResult) -> str:
    lines = [
        f"In-scope questions answered with the right entry: {result.accuracy:.1%} "
        f"({result.answered_right}/{result.in_scope}); right entry ranked first: "
        f"{result.ranked_first}/{result.in_scope}",
        f"Out-of-scope questions not answered: {result.rejection_rate:.1%} "
        f"({result.rejected}/{result.out_of_scope})",
    ]
    if result.misses:
        lines.append(f"Misses ({len(result.misses)}):")
        for miss in result.misses:
            expected = "/".join(sorted(miss.item.expected)) or "(out of scope)"
            got = miss.reply.candidate or "-"
            lines.append(
                f"  {miss.item.question!r}: expected {expected}, got {got} "
                f"[{miss.reply.outcome}, score {miss.reply.score:.0f}]"
            )
    return "\n".join(lines)
