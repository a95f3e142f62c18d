"""Running labelled questions and dialogues against the engine (``wbv-bot eval`` and the test floors).

A labelled file is a YAML list of questions, ``{q: "…", expect: …}``, and dialogues,
``{dialogue: [{q: …, expect: …}, …]}`` whose turns are asked in one conversation. ``expect`` is an entry
id, ``entity.attribute`` for a fact (also one the documentation does not give: the answer must say so
for that entity), a list of such keys of which any is right, ``{list: [ids]}`` for a list answer naming
exactly these entities, or null for a question the bot must not answer confidently. A known entity
asked for something the documentation never gives (an attribute declared ``undocumented_for`` its type)
is labelled ``entity.attribute``, not null: saying plainly that it is not documented is the answer.

A miss is *over-confident* when the bot answered confidently with the wrong content (or answered an
out-of-scope question at all): these matter most. The other misses only offered suggestions or the
fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.core.conversation import Conversation
from bot.core.engine import AnswerEngine, Reply
from bot.core.loader import SAFE_LOADER, KnowledgeBase
from bot.core.normalize import tokenize


@dataclass(frozen=True)
class LabelledQuestion:
    """A question and what answers it; in scope unless nothing does."""

    question: str
    expected: frozenset[str] = frozenset()
    expected_list: frozenset[str] | None = None

    @property
    def in_scope(self) -> bool:
        return bool(self.expected) or self.expected_list is not None

    def is_right(self, reply: Reply) -> bool:
        if not reply.matched:
            return False
        if self.expected_list is not None:
            return set(reply.listed) == self.expected_list
        return bool(self.expected & set(reply.about or (reply.entry_id,)))


@dataclass(frozen=True)
class Dialogue:
    """Questions asked one after the other in one conversation."""

    turns: tuple[LabelledQuestion, ...]


@dataclass(frozen=True)
class Miss:
    item: LabelledQuestion
    reply: Reply

    @property
    def over_confident(self) -> bool:
        return self.reply.matched


@dataclass
class EvalResult:
    in_scope: int = 0
    answered_right: int = 0
    ranked_first: int = 0
    out_of_scope: int = 0
    rejected: int = 0
    turns: int = 0
    turns_right: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of in-scope questions answered confidently with the right content."""
        return self.answered_right / self.in_scope if self.in_scope else 1.0

    @property
    def rejection_rate(self) -> float:
        """Share of out-of-scope questions not answered confidently."""
        return self.rejected / self.out_of_scope if self.out_of_scope else 1.0

    @property
    def dialogue_accuracy(self) -> float:
        """Share of dialogue turns answered as labelled (in scope: right; out of scope: not answered)."""
        return self.turns_right / self.turns if self.turns else 1.0

    @property
    def over_confident(self) -> int:
        return sum(miss.over_confident for miss in self.misses)

    def add(self, item: LabelledQuestion, reply: Reply) -> bool:
        """Count one answer; True when it was what the label expects."""
        if item.in_scope:
            self.in_scope += 1
            self.ranked_first += reply.candidate in item.expected or item.is_right(reply)
            right = item.is_right(reply)
            self.answered_right += right
        else:
            self.out_of_scope += 1
            right = not reply.matched
            self.rejected += right
        if not right:
            self.misses.append(Miss(item, reply))
        return right


def load_labelled(path: str | Path) -> list[LabelledQuestion | Dialogue]:
    """Read a labelled file (see the module docstring); a malformed item is a ValueError naming it."""
    items = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []  # a safe loader
    loaded: list[LabelledQuestion | Dialogue] = []
    for number, item in enumerate(items, 1):
        if isinstance(item, dict) and isinstance(item.get("dialogue"), list):
            turns = tuple(_question(turn, f"{path}: item {number}") for turn in item["dialogue"])
            loaded.append(Dialogue(turns))
        else:
            loaded.append(_question(item, f"{path}: item {number}"))
    return loaded


def _question(item: object, where: str) -> LabelledQuestion:
    if not isinstance(item, dict) or not isinstance(item.get("q"), str) or "expect" not in item:
        raise ValueError(f"{where} needs 'q' (text) and 'expect' (id, list, {{list: [...]}} or null)")
    expect = item["expect"]
    if isinstance(expect, dict):
        if not isinstance(expect.get("list"), list):
            raise ValueError(f"{where}: 'expect' as a mapping must be {{list: [ids]}}")
        return LabelledQuestion(item["q"], expected_list=frozenset(expect["list"]))
    alternatives = [expect] if isinstance(expect, str) else (expect or [])
    if not isinstance(alternatives, list) or not all(isinstance(a, str) for a in alternatives):
        raise ValueError(f"{where}: 'expect' as a list names ids only ({{list: [...]}} stands alone)")
    return LabelledQuestion(item["q"], frozenset(alternatives))


def unseen(
    items: list[LabelledQuestion | Dialogue], tuning: list[LabelledQuestion | Dialogue]
) -> list[LabelledQuestion | Dialogue]:
    """The held-out items without the single questions that a tuning file also asks, as the bot reads
    them (same words, whatever the case, umlauts or punctuation): the engine was tuned on those, so
    they would flatter the held-out figures. Dialogues stay whole (a turn depends on the ones before)."""
    seen = {_as_read(turn.question) for item in tuning for turn in turns_of(item)}
    return [item for item in items if isinstance(item, Dialogue) or _as_read(item.question) not in seen]


def turns_of(item: LabelledQuestion | Dialogue) -> tuple[LabelledQuestion, ...]:
    """A dialogue's turns, or the one question."""
    return item.turns if isinstance(item, Dialogue) else (item,)


def _as_read(question: str) -> str:
    return " ".join(tokenize(question))


def unknown_labels(kb: KnowledgeBase, items: list[LabelledQuestion | Dialogue]) -> list[str]:
    """Labels that name nothing in the knowledge base, so the question could never count as right:
    an entry or entity id, or ``entity.attribute`` for a fact it has (or answers through ``same_as``)
    or an attribute the documentation never gives for its type."""
    facts = kb.facts

    def known(key: str) -> bool:
        if key in kb.entries or key in facts.entities:
            return True
        entity_id, _, attribute_id = key.partition(".")
        entity, attribute = facts.entities.get(entity_id), facts.attributes.get(attribute_id)
        if entity is None or attribute is None:
            return False
        given = set(entity.facts) | {same for a in entity.facts for same in facts.attributes[a].same_as}
        return attribute_id in given or entity.type in attribute.undocumented_for

    unknown = []
    for item in items:
        for turn in turns_of(item):
            keys = turn.expected | (turn.expected_list or frozenset())
            unknown += [f"{turn.question!r}: {key}" for key in sorted(keys) if not known(key)]
    return unknown


def evaluate(engine: AnswerEngine, items: list[LabelledQuestion | Dialogue]) -> EvalResult:
    result = EvalResult()
    for item in items:
        if isinstance(item, LabelledQuestion):
            result.add(item, engine.answer(item.question))
            continue
        conversation: Conversation | None = None
        for turn in item.turns:
            reply = engine.answer(turn.question, None, conversation)
            conversation = Conversation.after(reply, conversation)
            result.turns += 1
            result.turns_right += result.add(turn, reply)
    return result


def format_report(result: EvalResult, heading: str = "", questions: bool = True) -> str:
    """The figures, and with ``questions`` each miss (never for held-out files: reading their misses
    would be tuning on them)."""
    over_confident = [miss for miss in result.misses if miss.over_confident]
    tentative = [miss for miss in result.misses if not miss.over_confident]
    lines = [heading] if heading else []
    lines += [
        f"In-scope questions answered with the right content: {result.accuracy:.1%} "
        f"({result.answered_right}/{result.in_scope}); right entry ranked first: "
        f"{result.ranked_first}/{result.in_scope}",
        f"Out-of-scope questions not answered: {result.rejection_rate:.1%} "
        f"({result.rejected}/{result.out_of_scope})",
    ]
    if result.turns:
        accuracy = f"{result.dialogue_accuracy:.1%} ({result.turns_right}/{result.turns})"
        lines.append(f"Dialogue turns answered right: {accuracy}")
    lines.append(f"Over-confident misses (a confident answer with the wrong content): {len(over_confident)}")
    for title, misses in (("Over-confident", over_confident), ("Suggestion or fallback only", tentative)):
        if misses and questions:
            lines.append(f"{title} ({len(misses)}):")
            lines.extend(_describe(miss) for miss in misses)
        elif misses:
            lines.append(f"{title}: {len(misses)}")
    return "\n".join(lines)


def _describe(miss: Miss) -> str:
    item = miss.item
    if item.expected_list is not None:
        expected = "list of " + ", ".join(sorted(item.expected_list))
    else:
        expected = "/".join(sorted(item.expected)) or "(out of scope)"
    got = ", ".join(miss.reply.about) or miss.reply.candidate or "-"
    how = f"{miss.reply.outcome}, score {miss.reply.score:.0f}"
    return f"  {item.question!r}: expected {expected}, got {got} [{how}]"
