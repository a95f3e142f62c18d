"""Which thing a number in a question stands for: "und den dritten?", "der letzte", "Workshop 4".

After a list ("Welche Workshops gab es?"), a lone number is the entry at that place, and it keeps
counting in that list after one entry was picked ("Erzähl mehr zum ersten" – "und zum zweiten"); after
one thing whose name carries a number ("Workshop 1"), it is the namesake with the new number; a group
named with a number ("der erste Programmpunkt") is its member at that place. A numbered name that no
entity carries ("Workshop 4") is nothing the documentation knows.
"""

from __future__ import annotations

from bot.core.conversation import Conversation
from bot.core.fact_queries import FactQueries
from bot.core.facts import Facts
from bot.core.models import Entity
from bot.core.normalize import tokenize
from bot.core.understand import Reading

LAST = -1  # the ordinal of "der letzte", "the last one" (see ordinals in attributes.yaml)


class Counting:
    """The numbers each numbered name comes with, and what a number in a question refers to."""

    def __init__(self, facts: Facts, query: FactQueries) -> None:
        self.facts = facts
        self._query = query
        # the numbers that each numbered name comes with ("workshop #": 1, 2, 3): "Workshop 4" is none
        self._numbers: dict[tuple[str, ...], set[int]] = {}
        for entity in facts.entities.values():
            pattern = _numbered(entity.name.de, None)
            if pattern is not None:
                number = next(int(t) for t in tokenize(entity.name.de) if t.isdecimal())
                self._numbers.setdefault(pattern, set()).add(number)

    def numbered_none(self, reading: Reading) -> bool:
        """Whether the question names a numbered thing ("Workshop 4") of which no such number exists."""
        number = reading.ordinal
        if number is None or number == LAST or reading.entity_ids:
            return False
        named = [p for p in self._numbers if set(p) - {"#"} <= set(reading.tokens)]
        return bool(named) and not any(number in self._numbers[p] for p in named)

    def counted(self, conversation: Conversation, reading: Reading) -> Entity | None:
        """The entity a lone number refers to: after a list (several entities of one type), its entry
        at that place, also after one of the list was picked ("Erzähl mehr zum ersten" – "und zum
        zweiten"); after one entity whose name carries a number, its namesake with the new number."""
        number = reading.ordinal
        if number is None or (not self._query.is_ellipsis(reading) and len(reading.loose) > 1):
            return None  # "erzähl mehr über das dritte" and "und nr 3?" count; a new question does not
        listed = self._listed(conversation.subjects)
        earlier = self._listed(conversation.earlier)
        if len(listed) < 2 and set(conversation.subjects) & {e.id for e in earlier}:
            listed = earlier  # one of the earlier list was picked ("wer hat den ersten geleitet?")
        if len(listed) > 1:
            return _at(listed, number)
        pattern = _numbered(self.facts.entities[conversation.subjects[0]].name.de, None)
        if pattern is None:
            return None
        if number == LAST:  # "und der letzte" after Workshop 1: the one with the highest number
            number = max(self._numbers[pattern])
        siblings = [e for e in self.facts.entities.values() if _numbered(e.name.de, number) == pattern]
        return siblings[0] if len(siblings) == 1 else None

    def nth_of_kind(self, reading: Reading) -> Entity | None:
        """ "Was war der erste Programmpunkt?": the member at that place of the one group the question
        names, in the order the documentation gives them (the order of ``entities.yaml``)."""
        kinds = {m.payload for m in reading.kinds}
        if reading.ordinal is None or len(kinds) != 1:
            return None
        return _at(self._query.members(kinds), reading.ordinal)

    def _listed(self, subjects: tuple[str, ...]) -> list[Entity]:
        """The subjects of the type of the last one: the entries of a list (the people a fact names,
        say, without the thing it is about)."""
        entities = [self.facts.entities[s] for s in subjects]
        return [e for e in entities if e.type == entities[-1].type] if entities else []


def _numbered(name: str, number: int | None) -> tuple[str, ...] | None:
    """A name with its one number taken out ("Workshop 3" -> ("workshop", "#")), None without one;
    with ``number`` given, only a name carrying that number counts."""
    tokens = tokenize(name)
    numbers = [t for t in tokens if t.isdecimal()]
    if len(numbers) != 1 or (number is not None and int(numbers[0]) != number):
        return None
    return tuple("#" if t.isdecimal() else t for t in tokens)


def _at(members: list[Entity], number: int) -> Entity | None:
    """The member at a place counted from 1, or the last one (:data:`LAST`); None past the end."""
    if number == LAST:
        return members[-1] if members else None
    return members[number - 1] if 0 < number <= len(members) else None
