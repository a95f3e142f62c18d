"""What the bot says, independent of how it is shown: an outcome, a text, and what it is about."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.models import Lang

MAX_SUGGESTIONS = 3  # entries a "did you mean" offers


class Outcome(StrEnum):
    ANSWER = "answer"
    SUGGEST = "suggest"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class Link:
    """A pointer to an entry, shown as a button or a numbered choice."""

    id: str
    title: str


@dataclass(frozen=True)
class Reply:
    """What the bot says, independent of how it is shown.

    ``entry_id`` is the entry that answers (only for :attr:`Outcome.ANSWER` with an entry's card);
    ``candidate`` is the entry that ranked first whatever the outcome, for curators and evaluation.
    ``about`` names what an answer answers: entry ids, ``entity.attribute`` for a fact (also one the
    documentation does not give), or the entities of a list. ``subjects`` are the entities a follow-up
    question may refer back to ("und wo kommt sie her?"), ``attribute`` what was asked about them,
    ``contact`` whether it said whom to turn to ("und mit Unternehmen?" then asks that again).
    """

    question: str
    lang: Lang
    outcome: Outcome
    body: str
    entry_id: str | None = None
    candidate: str | None = None
    title: str | None = None
    score: float = 0.0
    suggestions: tuple[Link, ...] = ()
    related: tuple[Link, ...] = ()
    about: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    attribute: str | None = None
    listed: tuple[str, ...] = ()
    contact: bool = False  # the answer says whom to turn to (a contact card)

    @property
    def matched(self) -> bool:
        return self.outcome is Outcome.ANSWER

    @property
    def choices(self) -> tuple[Link, ...]:
        """The entries a user can pick next: the suggestions, else the follow-ups."""
        return self.suggestions or self.related

    @property
    def text(self) -> str:
        """The reply as plain text: the title line, then the body."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body
