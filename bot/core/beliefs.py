"""What a statement checked with the asker is about: "Workshop 2 war doch zu Netzwerkpartnern, oder?".

People often ask by saying what they believe and wait to be confirmed or corrected. The fact that does
either is the one their belief is about: the attribute whose fact says the believed words (of the thing
named, or of another of its type, which then shows the mix-up), the one thing that has such a fact at
all, where a person is from when they are placed in a region none of their facts names, the session a
thing was in when a session is said to be about it. :class:`~bot.core.compose.FactAnswers` asks these
questions; the answers are the facts, written as any other.
"""

from __future__ import annotations

from itertools import pairwise

from bot.core.fact_queries import FactQueries
from bot.core.facts import Facts
from bot.core.lexicon import ABOUT_WORDS, BELIEF_OPENINGS, BELIEF_WORDS, TAG_QUESTIONS
from bot.core.relations import names
from bot.core.understand import ARTICLES, Reading, said_to_be_from


def checks_a_belief(reading: Reading) -> bool:
    """ "… war doch 2021 in Mainz, oder?": a statement the asker wants confirmed or corrected."""
    return bool(
        BELIEF_WORDS.intersection(reading.tokens)
        or TAG_QUESTIONS.intersection(reading.tokens[-1:])
        or any(reading.tokens[: len(opening)] == opening for opening in BELIEF_OPENINGS)
    )


class Beliefs:
    """Which facts confirm or correct a belief; built once per knowledge base."""

    def __init__(self, facts: Facts, query: FactQueries) -> None:
        self.facts = facts
        self._query = query

    def holder(self, entities: list[str], attribute_id: str) -> str | None:
        """The one entity with a fact of this attribute, when a belief about it names at most places
        (words of the believed value: "die Pfalz" of a motto); its fact confirms or corrects it."""
        if any(self.facts.entities[e].type not in ("region", "place") for e in entities):
            return None
        return self._query.sole_holder.get(attribute_id)

    def attributes_of(self, entity_id: str, words: tuple[str, ...]) -> list[str]:
        """The one attribute whose fact says these words, of the entity or of another of its type: what a
        belief about it is about ("Workshop 2 war doch zu Netzwerkpartnern, oder?": the topic, which
        Workshop 1 has); its own fact confirms or corrects the belief."""
        entity = self.facts.entities[entity_id]
        kin = [e for e in self.facts.entities.values() if e.type == entity.type]
        found = {a for e in kin for a in self._query.attributes_saying(e, words) if a in entity.facts}
        return sorted(found) if len(found) == 1 else []

    def one_taken_for_another(self, reading: Reading, entities: list[str]) -> bool:
        """Whether a belief is checked that names two things of one type (not people): one said to be
        what the other is."""
        types = {self.facts.entities[e].type for e in entities}
        return len(entities) == 2 and len(types) == 1 and "person" not in types and checks_a_belief(reading)

    def placed_wrongly(self, entities: list[str]) -> list[str] | None:
        """The one person named and a region or place named that none of their facts names."""
        named = [self.facts.entities[e] for e in entities]
        people = [e for e in named if e.type == "person"]
        places = [e for e in named if e.type in ("region", "place")]
        if len(people) != 1 or len(places) != 1:
            return None
        person, place = people[0], places[0]
        if any(names(person, a, {place.id}) for a in person.facts):
            return None
        return [person.id, place.id]

    def thing_said_to_be_in_session(self, reading: Reading) -> list[str] | None:
        """A session and a thing named after "um"/"about" with what the session was about asked
        ("Im Workshop 3 ging es doch um den Pop-up-Store, oder?"): the thing, then the session, when one
        of the thing's facts names a session."""
        if len(reading.entities) != 2 or not reading.attributes:
            return None
        session, thing = reading.entities
        about = [t for t in reading.tokens[max(thing.start - 2, 0) : thing.start] if t not in ARTICLES]
        of_session = self.facts.entities[session.payload].type == "session"
        if not (of_session and about[-1:] and about[-1] in ABOUT_WORDS):
            return None
        facts = self.facts.entities[thing.payload].facts
        sessions = {r for f in facts.values() for r in f.refs if self.facts.entities[r].type == "session"}
        return [thing.payload, session.payload] if sessions else None

    def without_their_origin(self, reading: Reading, entities: list[str]) -> list[str]:
        """ "Mark Brand aus RLP hat doch den Store gemacht, oder?": a region or place right after a
        person's name says who is meant, not what is asked, when something else is named as well."""
        kind = {m.payload: self.facts.entities[m.payload].type for m in reading.entities}
        origins = {
            after.payload for before, after in pairwise(reading.entities)
            if kind[before.payload] == "person" and kind[after.payload] in ("region", "place")
            and said_to_be_from(before, after, reading.tokens)
        }  # fmt: skip
        rest = [e for e in entities if e not in origins]
        return rest if len(rest) > 1 else entities
