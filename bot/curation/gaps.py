"""What users asked that the bot could not answer: recorded without identity, grouped for curators.

A question that ended in suggestions or the fallback is stored as normalised text (lowercase words,
markup dropped; names, e-mail addresses, phone numbers, addresses, dates and links masked, see
:mod:`bot.curation.masking`), with the time to the minute, the language, and the best candidate entry and
score. No user id, chat id, name or username is ever passed in, so none can be stored. Rows older than
the retention period are deleted automatically.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from rapidfuzz import fuzz

from bot.core.engine import AnswerEngine, Outcome, Reply
from bot.core.normalize import INTENT_TERMS
from bot.curation.masking import knowledge_words, masked_question
from bot.curation.storage import Database

# Two questions are "the same gap" when their content terms are alike. token_set_ratio is right here
# (unlike in matching): "wetter" and "wetter morgen" should land in one group for the curator.
GROUP_SIMILARITY = 85.0
PURGE_EVERY = timedelta(hours=1)

_engine_words: weakref.WeakKeyDictionary[AnswerEngine, frozenset[str]] = weakref.WeakKeyDictionary()


def engine_words(engine: AnswerEngine) -> frozenset[str]:
    """The words of ``engine``'s knowledge base, which masking keeps (computed once per engine)."""
    words = _engine_words.get(engine)
    if words is None:
        kb = engine.kb
        texts = [group.canonical for group in kb.synonyms] + [v for g in kb.synonyms for v in g.variants]
        for entry in kb.entries.values():
            texts += [entry.title.de, entry.title.en, entry.answer.de, entry.answer.en]
            texts += [*entry.questions, *entry.keywords]
        words = _engine_words[engine] = knowledge_words(texts)
    return words


@dataclass(frozen=True)
class Gap:
    question: str
    lang: str
    outcome: str
    candidate: str | None
    score: float
    asked_at: str


@dataclass
class GapGroup:
    """Similar questions, most frequent first; ``representative`` is the most frequent one."""

    representative: str
    questions: dict[str, int] = field(default_factory=dict)
    candidates: dict[str, int] = field(default_factory=dict)
    best_score: float = 0.0
    last_asked: str = ""

    @property
    def count(self) -> int:
        return sum(self.questions.values())

    @property
    def candidate(self) -> str | None:
        return max(self.candidates, key=self.candidates.__getitem__) if self.candidates else None


class GapLog:
    def __init__(
        self,
        database: Database,
        retention_days: int,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        known_words: Callable[[], Set[str]] = frozenset,
    ) -> None:
        """``known_words`` gives the current knowledge base's words (:func:`engine_words`): names in it
        are kept when a question is masked; without it every name the masking recognises is masked."""
        self._database = database
        self.retention = timedelta(days=retention_days)
        self._now = now
        self._known_words = known_words
        self._last_purge: datetime | None = None

    def record(self, reply: Reply) -> None:
        """Store ``reply``'s question if the bot could not answer it confidently."""
        if reply.outcome is Outcome.ANSWER:
            return
        question = masked_question(reply.question, self._known_words())
        if not question:
            return
        now = self._now()
        self._database.execute(
            "INSERT INTO unanswered (asked_at, question, lang, outcome, candidate, score) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (_minute(now), question, reply.lang, str(reply.outcome), reply.candidate, round(reply.score, 1)),
        )
        if self._last_purge is None or now - self._last_purge >= PURGE_EVERY:
            self.purge()

    def purge(self) -> int:
        """Delete rows older than the retention period; returns how many."""
        now = self._now()
        self._last_purge = now
        cutoff = _minute(now - self.retention)
        before = self._database.execute("SELECT COUNT(*) FROM unanswered WHERE asked_at < ?", (cutoff,))[0][0]
        self._database.execute("DELETE FROM unanswered WHERE asked_at < ?", (cutoff,))
        return before

    def forget(self, questions: Iterable[str]) -> int:
        """Delete every stored occurrence of ``questions`` (a curator ignored them); returns how many."""
        wanted = list(questions)
        if not wanted:
            return 0
        where = f"WHERE question IN ({', '.join('?' * len(wanted))})"
        deleted = self._database.execute(f"SELECT COUNT(*) FROM unanswered {where}", tuple(wanted))[0][0]
        self._database.execute(f"DELETE FROM unanswered {where}", tuple(wanted))
        return deleted

    def gaps(self, since: datetime | None = None) -> list[Gap]:
        rows = self._database.execute(
            "SELECT question, lang, outcome, candidate, score, asked_at FROM unanswered "
            "WHERE asked_at >= ? ORDER BY asked_at",
            (_minute(since) if since else "",),
        )
        return [Gap(*row) for row in rows]


def group_gaps(gaps: list[Gap], engine: AnswerEngine) -> list[GapGroup]:
    """Group questions whose content terms are alike ("wer ist helmut schmidt" ~ "Helmut Schmitt")."""
    counts: dict[str, list[Gap]] = {}
    for gap in gaps:
        counts.setdefault(gap.question, []).append(gap)
    groups: list[tuple[str, GapGroup]] = []
    for question, asked in sorted(counts.items(), key=lambda item: (-len(item[1]), item[0])):
        content = [t for t in engine.terms(question) if t not in INTENT_TERMS]
        terms = " ".join(content) or question
        group = next(
            (g for key, g in groups if fuzz.token_set_ratio(terms, key, processor=None) >= GROUP_SIMILARITY),
            None,
        )
        if group is None:
            group = GapGroup(question)
            groups.append((terms, group))
        group.questions[question] = len(asked)
        for gap in asked:
            if gap.candidate:
                group.candidates[gap.candidate] = group.candidates.get(gap.candidate, 0) + 1
            group.best_score = max(group.best_score, gap.score)
            group.last_asked = max(group.last_asked, gap.asked_at)
    return sorted((g for _, g in groups), key=lambda g: (-g.count, g.representative))


def _minute(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
