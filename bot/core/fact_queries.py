"""What the structured facts say about an entity or a question, looked up for the composers.

:class:`FactQueries` answers the small questions the composers of :mod:`bot.core.compose` ask over and
over — which attributes a question asks for, whether an entity's facts speak to one, whether a fact
says a term, which entities belong to a group — without composing any reply itself. What these need
from the whole knowledge base (the words of every name and fact, the one event) is worked out once here.
"""

from __future__ import annotations

from bot.core.facts import Facts
from bot.core.lexicon import WHICH_WORDS
from bot.core.models import Attribute, Entity, Fact
from bot.core.normalize import tokenize
from bot.core.understand import ARTICLES, IDENTITY_WORDS, Reading

ROLE = "role"  # the attribute that says what a person is called by their post
SESSION = "session"  # the attribute that says in which session a person spoke
DEFINITION = "definition"  # the attribute that says what a thing is
PURPOSE = "purpose"  # the attribute that says what a thing is for: of a term, what it is says it
DATE = "date"  # the attribute that says when a thing was: without it, another occasion is not told apart
QUESTION_WORD_WEIGHT = 1.0  # the weight of a cue that is a question word alone ("wo", "wann")
RELATION_CUE_WEIGHT = 6.0  # a cue this specific names the relation asked about ("vorgestellt", not "from")
STRONG_CUE_WEIGHT = 13.0  # a cue this specific ("Öffnungszeiten") is not overruled by a question word
MAX_ELLIPSIS_TOKENS = 5  # "und Workshop 2?", "und wann?": a follow-up, not a question of its own


class FactQueries:
    """Lookups over a knowledge base's facts; built once per knowledge base."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        events = [e.id for e in facts.entities.values() if e.type == "event"]
        self.event = events[0] if len(events) == 1 else None  # what a question naming nothing is about
        ellipsis = facts.cues.ellipsis.all() if facts.cues else []
        self._ellipsis = {tuple(tokenize(words)) for words in ellipsis}
        # the one entity with a fact of an attribute, where only one has: "Was war das Motto?"
        holders_of: dict[str, list[str]] = {}
        for entity in facts.entities.values():
            for attribute_id in entity.facts:
                holders_of.setdefault(attribute_id, []).append(entity.id)
        self.sole_holder = {a: ids[0] for a, ids in holders_of.items() if len(ids) == 1}
        # the words of every name and every fact, folded once here: what a fact says (see says)
        self._name_words = {
            e.id: [n for n in (tuple(tokenize(name)) for name in (e.name.de, e.name.en, *e.aliases)) if n]
            for e in facts.entities.values()
        }  # fmt: skip
        self._fact_words = {
            e.id: {a: _with_positions(tuple(tokenize(f"{fact.de} {fact.en}"))) for a, fact in e.facts.items()}
            for e in facts.entities.values()
        }  # fmt: skip
        # (attribute, the words after which it is asked instead, what it replaces), folded once here
        self._instead_after = [
            (a.id, frozenset(tokenize(words)), frozenset(replaced))
            for a in facts.attributes.values() for words, replaced in a.instead_after.items()
        ]  # fmt: skip

    @staticmethod
    def by_question_word_only(reading: Reading, attribute_id: str) -> bool:
        """Whether the attribute is cued by a question word alone ("wo"), not by a word of its own."""
        cues = [m for m in reading.attributes if m.payload == attribute_id]
        return bool(cues) and all(m.weight <= QUESTION_WORD_WEIGHT for m in cues)

    def only_the_event(self, reading: Reading) -> bool:
        """Whether the question names nothing but the event (which is what everything belongs to) and
        the kinds it asks about."""
        named = reading.named_things
        return all(self.facts.entities[m.payload].type == "event" for m in named)

    def by_question_word(self, reading: Reading) -> list[str]:
        """The attributes a question word alone asks for ("wann": date, start, end, year)."""
        words = self.facts.question_words
        return next((list(words[token]) for token in reading.tokens if token in words), [])

    def asked(self, reading: Reading) -> list[str]:
        """The attributes asked for, most specific cue first; a question word narrows them ("Wann …?")."""
        cued = list(dict.fromkeys(m.payload for m in reading.attributes))
        # an attribute that another cued one stands in for is the more specific: "Welchen Workshop hat
        # er geleitet?" asks whom he led (``led``, otherwise ``session``), not only where he was
        specific = [a for a in cued if set(self.facts.attributes[a].otherwise) & set(cued)]
        cued = specific + [a for a in cued if a not in specific]
        tokens = set(reading.tokens)
        instead = list(dict.fromkeys(attribute for attribute, words, replaced in self._instead_after
                                     if words <= tokens and replaced.intersection(cued)))  # fmt: skip
        if instead:  # "Wo wurde es vorgestellt?": in which session
            return instead + cued
        strongest = reading.attributes[0].weight if reading.attributes else 0.0
        for position, word in enumerate(reading.tokens) if not specific else ():  # "wo sitzen sie, Adresse?"
            family = self.facts.question_words.get(word)
            following = {m.payload for m in reading.attributes
                         if m.start == position + 1 and m.weight >= RELATION_CUE_WEIGHT}  # fmt: skip
            if family and following and not following & set(family) and word in WHICH_WORDS:
                continue  # "Which partner …": the question word asks for what its next word cues
            # a broad question word ("wo") does not narrow to what it alone cues: "wo finde ich die Folien?"
            alone = {m.payload for m in reading.attributes if reading.tokens[m.start : m.end] == (word,)}
            narrowed = [a for a in cued if family and a in family and (len(family) == 1 or a not in alone)]
            if narrowed and (cued[0] in narrowed or strongest < STRONG_CUE_WEIGHT):
                return narrowed + [a for a in cued if a not in narrowed]
        return cued  # "Wann hatte er geöffnet, also Öffnungszeiten?": a long, specific cue beats "wann"

    def says(self, entity: Entity, term: Entity, attribute_id: str | None = None) -> bool:
        """Whether one of the entity's facts (of that attribute, if one is given) says the term's name
        or one of its aliases."""
        names = self._name_words[term.id]
        for attribute, (said, starts) in self._fact_words[entity.id].items():
            if attribute_id in (None, attribute) and any(
                said[i : i + len(n)] == n for n in names for i in starts.get(n[0], ())
            ):
                return True
        return False

    def attributes_saying(self, entity: Entity, words: tuple[str, ...]) -> list[str]:
        """The attributes whose fact of the entity says every one of these (folded) words."""
        facts = self._fact_words[entity.id].items()
        return [a for a, (_, starts) in facts if all(w in starts for w in words)]

    def standing_for(self, entity: Entity, attribute: Attribute) -> tuple[Entity, Attribute]:
        """The entity's fact that answers ``attribute`` as well: "Who presented in workshop 2?" asks
        for the workshop's speakers (``same_as`` in attributes.yaml)."""
        if attribute.id in entity.facts:
            return entity, attribute
        standing = (self.facts.attributes[a] for a in entity.facts)
        return entity, next((a for a in standing if attribute.id in a.same_as), attribute)

    def speaks_to_any(self, entity_id: str, attribute_ids: list[str]) -> bool:
        """Whether the facts of the entity speak to any of these attributes, or what stands in for one
        (not merely could: the attribute applies to its type)."""
        entity = self.facts.entities[entity_id]
        attributes = [self.facts.attributes[a] for a in attribute_ids]
        return any(self.speaks_to(*self.standing_for(entity, attribute)) for attribute in attributes)

    def answerable(self, entity: Entity, attribute_ids: list[str]) -> bool:
        """Whether the facts can speak to any of these attributes of ``entity`` (or its card can)."""
        attributes = (self.facts.attributes[a] for a in attribute_ids)
        return any(self.applies(*self.standing_for(entity, attribute)) for attribute in attributes)

    @staticmethod
    def applies(entity: Entity, attribute: Attribute) -> bool:
        return entity.type in attribute.applies_to or entity.type in attribute.undocumented_for

    def speaks_to(self, entity: Entity, attribute: Attribute) -> bool:
        """Whether the facts say it: a fact of it, or of what stands in for it ("Wer stand hinter dem
        Pop-up-Store?": its organisation and partners), a card that answers it, or "not documented"."""
        return (
            attribute.id in entity.facts
            or any(instead in entity.facts for instead in attribute.otherwise)
            or entity.type in attribute.undocumented_for
            or attribute.id in self.facts.card_answers.get(entity.type, ())
        )

    def people_named(self, fact: Fact) -> list[str]:
        """The people among the entities a fact names, in its order."""
        return [ref for ref in fact.refs if self.facts.entities[ref].type == "person"]

    def members(self, kinds: set[str]) -> list[Entity]:
        """The entities of these kinds (groups such as the trade unions or the workshops)."""
        return [e for e in self.facts.entities.values() if kinds & set(e.kinds)]

    def what_it_is(self, reading: Reading) -> bool:
        """ "Und was war Workshop 3?": after the opening "und", only the name and "was war": what the
        thing is (its card), not the last answer's question asked again (as "und Workshop 3?" is)."""
        asked = self._besides_names(reading)  # "und der Sauer?" asks the last question again
        return bool(asked) and all(t in IDENTITY_WORDS for t in asked)

    def who_of_it(self, reading: Reading) -> list[str]:
        """ "wer Workshop 1", "digitale wbv mittelhessen wer": a name and a person's question word alone
        ask who of it, the attributes that word asks for (its speakers, its presenter); with a verb ("Wer
        ist der DGB?") it asks what the thing is."""
        asked = self._besides_names(reading)
        return list(self.facts.question_words[asked[0]]) if asked in (["wer"], ["who"]) else []

    def _besides_names(self, reading: Reading) -> list[str]:
        """The words of the question besides the names, the articles and an opening "und"."""
        skip = 1 if reading.tokens[:1] in self._ellipsis else 0
        named = {i for m in reading.entities for i in range(m.start, m.end)}
        rest = [t for i, t in enumerate(reading.tokens) if i >= skip and i not in named]
        return [t for t in rest if t not in ARTICLES]

    def is_ellipsis(self, reading: Reading) -> bool:
        """A short follow-up that begins like "und …?" / "what about …?", or a question word alone
        ("wer?" after a workshop)."""
        if len(reading.tokens) > MAX_ELLIPSIS_TOKENS:
            return False
        alone = len(reading.tokens) == 1 and reading.tokens[0] in self.facts.question_words
        return alone or any(reading.tokens[: len(start)] == start for start in self._ellipsis)


def called(entities: list[Entity], words: set[str]) -> list[Entity]:
    """Those whose (German, canonical) name has one of these words: of the sessions, "Workshop 3" is
    called a workshop, the Workshopphase ("the workshop phase" in English) is not."""
    return [e for e in entities if words & set(tokenize(e.name.de))]


def _with_positions(words: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, list[int]]]:
    """The words and where each stands, to look for a name only where its first word is."""
    found: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        found.setdefault(word, []).append(i)
    return words, found
