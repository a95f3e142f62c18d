"""Reading a question against the structured layer: which entities it names, what it asks about them.

A question is folded into tokens (:func:`~bot.core.normalize.tokenize`), and every phrase the knowledge
base declares is looked for in them: entity names and aliases, attribute cues, kinds, types, and the
small words that ask for a list, stand for a person or refer back to the last answer. Each question
token may stand for a few phrase tokens (exactly, or by a typo within :func:`fuzzy_cutoff`), so
"Handynumer von Frau Lugr" still finds ``phone`` and ``monika_luger``. Longer phrases win over shorter
ones that overlap them, so "Leiter Koordination und Strategie" is Matthias Rust and not the cue "Leiter".

Namesakes are not linked: a person found only by a surname right after an unknown capitalised word
("Helmut Schmidt") or another person's first name ("Frank Brandt"), or a person followed by
"von/vom/aus" and an unknown word ("Frank Schmidt vom BVB"), is somebody else.

The rapidfuzz lookups are cached per token; the matching itself is a dictionary walk, so reading costs
well under a millisecond (``make bench`` measures it with the rest of the engine).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from bot.core.facts import Facts
from bot.core.fuzzy import FuzzyVocabulary
from bot.core.index import MAX_FUZZY_TERMS, MAX_FUZZY_UNKNOWN, fuzzy_cutoff
from bot.core.lexicon import COUNTING_WORDS, PAST_TENSE_VERBS, POSSESSIVE_PRONOUNS, WHICH_WORDS
from bot.core.models import EntityType, Words
from bot.core.normalize import INTENT_OF_WORD, STOPWORDS, acronyms, lowercase_words, rejoin, tokenize

GENERIC_WORDS = STOPWORDS | frozenset(INTENT_OF_WORD)
SURNAME_ONLY_MIN_STRENGTH = 0.9
YEAR = re.compile(r"(19|20)\d\d")
YEAR_ATTRIBUTE = "year"  # a year written in the question asks for this attribute
MIN_FUZZY_CUE_LENGTH = 8
MAX_READ_TOKENS = 32  # the facts are looked for in the first words; longer messages are matched as text
POLITE_PRONOUNS = frozenset({"sie", "ihr", "ihre", "ihren", "ihrer", "ihrem", "ihnen"})
MIN_FUZZY_CUE_SIMILARITY = 0.85  # a surname alone must be written (nearly) right
MIN_MENTION_STRENGTH = 0.8
# a typo in a word this short keeps its first letter and is one edit (or two letters swapped) away
SHORT_TYPO_LENGTH = 5
INFLECTIONS = ("e", "en", "er", "es", "em", "n", "s")  # German endings that leave a word what it is
MIN_INFLECTED_LENGTH = 6  # shorter words change meaning with an ending ("Rat", "Rate")
DEMONSTRATIVES = frozenset({"der", "die", "den", "dem"})
DEMONSTRATIVE_FOLLOWERS = frozenset(
    {"nochmal", "nochmals", "denn", "eigentlich", "doch", "her", "hin", "so", "jetzt", "wieder", "gleich",
     "nicht", "auch", "wirklich", "etwa", "schon",  # "war der nicht auch im Workshop 1?"
     "da", "im", "beim", "vom", "zum", "zur", "am",  # "was hat der im Workshop gemacht?"
     "ne", "nen", "ein", "eine", "einen", "kein", "keine", "keinen"}  # "hat der ne Website?"
)
FINAL_VERBS = frozenset(
    {"erreichen", "anrufen", "kontaktieren", "anschreiben", "ansprechen", "fragen", "sprechen", "treffen",
     "kennen", "finden", "mailen", "schreiben"}
)  # "wie kann ich den erreichen?": an article before a closing verb stands for someone
SENTENCE_START_VERBS = frozenset(
    {"war", "ist", "hat", "hatte", "kam", "kommt", "macht", "machte", "arbeitet", "sitzt", "stammt"}
)  # "der war doch in der Eröffnungsrunde?": an article opening a sentence before a verb stands for someone
NO_CONTENT = STOPWORDS | WHICH_WORDS | COUNTING_WORDS | frozenset(INTENT_OF_WORD)  # never a content word
MODIFYING_PREPOSITIONS = frozenset({"in", "at", "during", "bei", "auf", "an"})
PLACING_PREPOSITIONS = MODIFYING_PREPOSITIONS | {"beim", "im", "am", "aufm"}
OWNER_WORDS = frozenset(
    {"her", "his", "their", "the", "ihrem", "ihrer", "seinem", "seiner", "dem", "der", "den"}
)
PLACE_PREPOSITIONS = frozenset({"in", "aus", "nach", "from"})  # "… in Mainz?", "… aus Nordhessen?"
# endings of German abstract nouns, which name no place: "nach Auffassung der Gesprächspartner"
ABSTRACT_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "tat", "nis", "ismus")
PLACE_CHECKS = frozenset({"war", "ist", "kommt", "stammt", "is", "was", "comes"})  # "Ist X aus Y?"
ARTICLES = frozenset({"der", "die", "das", "den", "dem", "des", "the"})
TITLES = frozenset(tokenize("Frau Herr Herrn Mr Mrs Ms Dr"))  # before a surname only
# words that may stand inside a cue without changing it: "was *genau* macht er", "wo *denn* genau"
CUE_FILLERS = frozenset(
    tokenize("genau eigentlich denn so nochmal mal überhaupt jetzt bitte nun exactly actually")
)
MISSPELT_SIMILARITY = 0.9  # "arbetsagentur" is "arbeitsagentur"; "fotograf" (0.84 to "fotografien") no typo
EXISTENTIAL_VERBS = frozenset({"gibt", "gab", "geben"})  # "gibt es …?": there is
IDENTITY_WORDS = ARTICLES | {"wer", "ist", "war", "who", "is", "was"}  # "Wer ist der DGB?"
NAMESAKE_LINKS = frozenset({"von", "vom", "aus", "bei", "from", "of"})
OWNER_LINKS = frozenset({"von", "vom", "mit", "bei", "beim", "of", "with", "by"})  # "der Workshop von …"
OWNER_FILLERS = ARTICLES | {"herr", "herrn", "frau"}
TYPE_PREFERENCE: tuple[EntityType, ...] = (
    "person", "example", "session", "organisation", "event", "term", "place", "region",
)  # fmt: skip


@dataclass(frozen=True)
class Match:
    """A phrase found in the question: what it stands for, where, and how well it was written."""

    payload: str
    start: int
    end: int  # exclusive
    strength: float
    weight: float = 0.0  # for cues: how specific (see _weight)

    @property
    def size(self) -> int:
        return self.end - self.start

    def same_span(self, other: Match) -> bool:
        return (self.start, self.end) == (other.start, other.end)

    def overlaps(self, other: Match) -> bool:
        return self.start < other.end and other.start < self.end

    def within(self, other: Match) -> bool:
        """Whether its words are all among ``other``'s."""
        return other.start <= self.start and self.end <= other.end


@dataclass(frozen=True)
class Reading:
    """What a question names and asks, as far as the structured layer can tell."""

    tokens: tuple[str, ...]
    entities: tuple[Match, ...] = ()
    attributes: tuple[Match, ...] = ()  # longest cue first
    kinds: tuple[Match, ...] = ()
    person_kinds: tuple[Match, ...] = ()
    types: tuple[Match, ...] = ()
    wants_list: bool = False
    wants_person: bool = False
    person_words: tuple[Match, ...] = ()  # a person described by more than "wer": "der von …", "Vertreter"
    wants_contact: bool = False
    refers_back: str | None = None  # "person" ("er", "ihr"), "thing" ("es", "dort") or None
    namesakes: tuple[str, ...] = ()  # people whose name was used for somebody else
    elsewhere: bool = False  # a place the documentation never mentions: "Hat jemand aus NRW …?"
    unmodelled: tuple[str, ...] = ()  # the words asking what the documentation never covers: "parken"
    new_topic: bool = False  # "ganz was anderes: …": the conversation so far does not apply
    ordinal: int | None = None  # "und 3?", "und den dritten?": a number standing alone
    also: bool = False  # "und die IG Metall auch?"
    others: bool = False  # "und die anderen beiden Workshops?"
    related_things: tuple[Match, ...] = ()  # "der Workshop von Frank Schmidt": payload the type
    one_of_types: frozenset[str] = frozenset()  # "Welcher Workshop …?": the types of the one thing asked
    asks_identity: bool = False  # "Wer ist der DGB?": only the names, articles and "wer ist"
    placed: tuple[str, ...] = ()  # entities named as where, after "at", "beim", "auf dem": "at the event"
    posts: tuple[Match, ...] = ()  # a post asked about: "Vorsitzender" (payload "post"), "Chef" ("head")
    unexplained: tuple[str, ...] = field(default=())  # content tokens no phrase explains
    loose: tuple[str, ...] = field(default=())  # content tokens no phrase or cue takes, known or not
    # of those, the ones not written in lowercase (names, most likely); all of them without case information
    unexplained_names: tuple[str, ...] = field(default=())
    gender: str | None = None  # people of one gender asked about: "Welche Frauen haben gesprochen?"

    @property
    def describes_person(self) -> bool:
        return bool(self.person_words)

    @property
    def named_things(self) -> list[Match]:
        """The entities named other than by a kind's word ("WBV" is a term and a kind)."""
        return [m for m in self.entities if not any(m.same_span(k) for k in self.kinds)]

    @property
    def entity_ids(self) -> list[str]:
        return list(dict.fromkeys(m.payload for m in self.entities))

    def names_within(self, attribute_id: str) -> bool:
        """Whether a cue of the attribute is written around a name: "which DGB district" asks for a
        district of the DGB's, of whomever the question is about."""
        return any(
            m.payload == attribute_id and m.start < e.start and e.end < m.end
            for m in self.attributes for e in self.entities
        )  # fmt: skip


class _Phrases:
    """Token sequences of one category, looked up by their first token."""

    def __init__(self) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)

    def add(self, text: str, payload: str) -> tuple[str, ...]:
        tokens = tuple(tokenize(text))
        if tokens and (tokens, payload) not in self.by_first[tokens[0]]:
            self.by_first[tokens[0]].append((tokens, payload))
        return tokens

    def tokens(self) -> set[str]:
        return {token for entries in self.by_first.values() for tokens, _ in entries for token in tokens}

    @cached_property
    def firsts(self) -> frozenset[str]:
        """The tokens a phrase starts with (read once all phrases are added): most questions have none
        of a category's, and then it need not be searched word by word."""
        return frozenset(self.by_first)


class Understander:
    """Built once per knowledge base from its facts; :meth:`read` is read-only and cheap."""

    def __init__(
        self,
        facts: Facts,
        known_words: frozenset[str],
        synonyms: frozenset[str] = frozenset(),
        phrase_synonyms: Iterable[tuple[str, ...]] = (),
    ) -> None:
        """``known_words``: the words matching knows; ``synonyms``: one-word synonyms of those ("Firmen"),
        which are never the name of a place the documentation does not mention; ``phrase_synonyms``:
        synonyms of several words, whose words matching never sees ("take place"), which explain
        those words where they stand together."""
        self.facts = facts
        self._synonyms = synonyms
        self._phrase_synonyms = _Phrases()
        for phrase in phrase_synonyms:
            self._phrase_synonyms.add(" ".join(phrase), "synonym")
        self._entities = _Phrases()
        for entity in facts.entities.values():
            for text in (entity.name.de, entity.name.en, *entity.aliases):
                self._entities.add(_without_article(text), entity.id)
                if entity.type == "person" and not text.endswith(("s", "ß", "x", "z")):
                    self._entities.add(f"{text}s", entity.id)  # "Monika Lugers Vortrag", "Brandts Laden"
        self._attributes = _phrases({a.id: a.cues for a in facts.attributes.values()})
        self._kinds = _phrases({k.id: k.cues for k in facts.kinds.values()})
        self._person_kinds = _phrases({k.id: k.person_cues for k in facts.kinds.values() if k.person_cues})
        self._types = _phrases(dict(facts.type_cues))
        cues = facts.cues
        self._list = _phrases({"list": cues.list} if cues else {})
        self._list_of = _phrases({"list": cues.list_of} if cues and cues.list_of else {})
        self._person = _phrases({"person": cues.person} if cues else {})
        self._back = _phrases(
            {"person": cues.back_reference, "thing": cues.back_reference_thing} if cues else {}
        )
        self._contact = _phrases({"contact": cues.contact} if cues else {})
        posts = {"post": cues.posts, "head": cues.heads} if cues else {}
        self._posts = _phrases({kind: words for kind, words in posts.items() if words})
        self._other_occasion = _phrases({"other": cues.other_occasion} if cues else {})
        self._elsewhere = _phrases({"elsewhere": cues.elsewhere} if cues and cues.elsewhere else {})
        self._unmodelled = _phrases({"unmodelled": cues.unmodelled} if cues and cues.unmodelled else {})
        self._new_topic = _phrases({"new": cues.new_topic} if cues and cues.new_topic else {})
        self._also = _phrases({"also": cues.also} if cues and cues.also else {})
        self._others = _phrases({"others": cues.others} if cues and cues.others else {})
        self._related_things = _phrases(dict(cues.related_thing) if cues else {})
        self._genders = _phrases(dict(cues.genders) if cues else {})
        self._ordinals = {
            word: number for number, words in (cues.ordinals.items() if cues else ())
            for text in words.all() for word in tokenize(text)
        }  # fmt: skip
        vocabulary: set[str] = set()
        for phrases in (self._entities, self._attributes, self._kinds, self._person_kinds, self._types,
                        self._contact, self._person, self._list, self._list_of, self._elsewhere,
                        self._related_things, self._unmodelled, self._genders):  # fmt: skip
            vocabulary |= phrases.tokens()
        self._vocabulary = frozenset(vocabulary)
        self._fuzzy_vocabulary = FuzzyVocabulary(sorted(w for w in vocabulary if fuzzy_cutoff(w) is not None))
        self._known = known_words | self._vocabulary | STOPWORDS
        # the known words with an ending taken off as well: a word is an inflection of a known one when
        # it, or it without an ending, is one of these (see _knows)
        self._known_bases = self._known | {
            word[: -len(ending)] for word in self._known for ending in INFLECTIONS if word.endswith(ending)
        }
        self._documented_years = {
            found.group() for e in facts.entities.values() for fact in e.facts.values()
            for found in YEAR.finditer(f"{fact.de} {fact.en}")
        }  # fmt: skip
        self._variants = lru_cache(maxsize=8192)(self._variants_uncached)
        self._region_words = {
            e.id: frozenset(tokenize(f"{e.name.de} {' '.join(e.aliases)}")) - STOPWORDS
            for e in facts.entities.values() if e.type == "region"
        }  # fmt: skip
        full_names = {e.id: tokenize(e.name.de) for e in facts.entities.values() if e.type == "person"}
        self._first_names = {person: name[0] for person, name in full_names.items() if len(name) > 1}
        self._surnames_after: dict[str, list[str]] = defaultdict(list)  # first name -> the surnames
        for name in full_names.values():
            if len(name) == 2:
                self._surnames_after[name[0]].append(name[1])
                for title in TITLES:  # "Frau Lugner", "Herrn Schmitt"
                    self._surnames_after[title].append(name[1])
        for person in (e for e in facts.entities.values() if e.type == "person"):  # "Victor Saur"
            for first, surname in (alias for alias in map(tokenize, person.aliases) if len(alias) == 2):
                first_name_of_theirs = first not in TITLES and surname in full_names[person.id]
                if first_name_of_theirs and surname not in self._surnames_after[first]:
                    self._surnames_after[first].append(surname)
        self._any_first_name = frozenset(self._first_names.values())
        self._people_named: dict[str, list[str]] = defaultdict(list)  # by first name
        for person, first in self._first_names.items():
            self._people_named[first].append(person)
        # the region words of the members of a kind that is also a term ("WBV"): where one of them is from
        self._kind_regions = {
            kind: {word for e in facts.entities.values() if kind in e.kinds for fact in e.facts.values()
                   for ref in fact.refs if ref in self._region_words for word in self._region_words[ref]}
            for kind in facts.kinds if kind in facts.entities
        }  # fmt: skip
        self._implied_by = {a.id: frozenset(a.implied_by) for a in facts.attributes.values()}  # by its type
        # the regions an organisation's own name names ("Bildungswerk der Hessischen Wirtschaft"), as words
        self._name_regions = {
            e.id: {word for m in self._regions_in(e.name.de) for word in self._region_words[m]}
            for e in facts.entities.values() if e.type == "organisation"
        }  # fmt: skip

    def read(self, text: str) -> Reading:
        tokens = tuple(rejoin(tokenize(text), self._known))[:MAX_READ_TOKENS]
        if not tokens or not self.facts.enabled:
            return Reading(tokens)
        unknown = set(itertools.islice((t for t in tokens if t not in self._known), MAX_FUZZY_UNKNOWN))
        variants = [
            self._variants(token) if position < MAX_FUZZY_TERMS and (token in unknown or token in self._known)
            else {token: 1.0}
            for position, token in enumerate(tokens)
        ]  # fmt: skip
        for position, token in enumerate(tokens[1:], start=1):
            for before in variants[position - 1]:  # after "Victor" as after "Viktor"
                variants[position] = self._with_surnames(before, token, variants[position])
        cue_variants = [_cue_variants(token, found) for token, found in zip(tokens, variants, strict=True)]
        all_cues = self._find(self._attributes, tokens, cue_variants)
        exact = [{token: 1.0} for token in tokens]
        elsewhere = self._find(self._elsewhere, tokens, exact)
        found = [
            m for m in _best_cover(self._find(self._entities, tokens, variants))
            if not _within_longer(m, all_cues)
            and not any(m.within(p) for p in elsewhere)
        ]  # "opening hours" is a cue, not the opening panel; "Baden" in "Baden-Württemberg" no typo
        if any(m.strength < 1.0 for m in found):  # "Arbeitgeberseite" names a group, no "Arbeitgeberservice"
            groups = [*self._find(self._kinds, tokens, exact), *self._find(self._person_kinds, tokens, exact)]
            found = [
                m for m in found
                if m.strength >= 1.0 or not any(m.within(g) for g in groups)
            ]  # fmt: skip
        lowercase = lowercase_words(text)
        namesakes = [
            m for m in found
            if self._namesake(m, tokens, lowercase) or self._elsewhen(m, tokens, exact)
            or self._one_named(m, tokens, lowercase)
        ]  # fmt: skip
        for match in found:  # "DGB Bezirk Bayern": neither the DGB district documented nor about Bayern
            regions = self._other_branch(match, found) or self._no_member_there(match, found, tokens)
            if regions or self._branch_elsewhere(match, elsewhere, tokens, lowercase):
                # and "Michael Rudolph vom DGB Niedersachsen" is somebody else too (one not of that
                # organisation at all is the documented person, wrongly placed: "Frank Schmidt von der
                # Agentur für Arbeit Hessen?")
                people = [p for p in found if said_to_be_from(p, match, tokens) and self._belongs(p, match)]
                namesakes += [match, *regions, *people]
        entities = [m for m in found if m not in namesakes]
        taken = {i for m in entities for i in range(m.start, m.end)}

        def beside(matches: list[Match], overlapping: bool = False) -> list[Match]:
            return [m for m in matches if overlapping or not taken.intersection(range(m.start, m.end))]

        def cues(phrases: _Phrases, fuzzy: bool = True, overlapping: bool = False) -> list[Match]:
            found = _best_cover(self._find(phrases, tokens, cue_variants if fuzzy else exact))
            return beside(found, overlapping)

        # cues of different attributes may overlap ("in welchem" / "welchem Workshop"): all are kept
        weighed = [replace(m, weight=_weight(m, tokens)) for m in beside(all_cues)]
        weighed += self._around(entities, tokens, cue_variants)
        weighed += beside(self._across_fillers(tokens, cue_variants))
        if YEAR_ATTRIBUTE in self.facts.attributes:  # "War der Pop-up-Store 2022?" asks for its year
            weighed += [Match(YEAR_ATTRIBUTE, i, i + 1, 1.0, len(t)) for i, t in enumerate(tokens)
                        if i not in taken and YEAR.fullmatch(t)]  # fmt: skip
        asked = (m for m in weighed if not _modifies(m, tokens))  # "in her session" says where, not what
        attributes = sorted(asked, key=lambda m: (-m.weight, m.start))
        new_topic = self._find(self._new_topic, tokens, exact)  # "ganz was anderes: …" explains itself
        synonyms = self._find(self._phrase_synonyms, tokens, exact)  # "did it take place?"
        explained = taken | {i for m in [*attributes, *new_topic, *synonyms] for i in range(m.start, m.end)}
        unexplained = tuple(
            token for i, token in enumerate(tokens)
            if i not in explained and not self._knows(token)
        )  # fmt: skip
        capitals = acronyms(text) if unexplained else frozenset()  # "BIBB", "ZDF": never documented
        back = self._find(self._back, tokens, exact)
        person = cues(self._person, fuzzy=False)
        kinds = cues(self._kinds, fuzzy=False, overlapping=True)  # "WBV" is a term and a kind
        person_kinds = cues(self._person_kinds)
        types = cues(self._types)
        groups = [*kinds, *person_kinds, *types]
        # "Welche Organisation vertrat …?": a type's word that is its attribute's own cue asks which one
        its_own = [
            t for t in types
            if any(t.same_span(m) and t.payload in self._implied_by[m.payload] for m in all_cues)
        ]  # fmt: skip
        list_of = [c for c in cues(self._list_of, fuzzy=False)
                   if _before(c, groups, tokens) and not _before(c, its_own, tokens)]  # fmt: skip
        # "wie viele Beispiele": the list's cue, not the question for a number of participants (which
        # "wie viele Personen" is)
        # "wie viele Referenten": a group some attribute names ("Referenten": the speakers) is counted too
        named_group = [t for t in types if any(t.within(m) and m.within(t) for m in all_cues)]
        not_people = [*kinds, *(t for t in types if t.payload != "person" or t in named_group)]
        counted = [(c.start, c.end) for c in list_of if _before(c, not_people, tokens)]
        attributes = [m for m in attributes if (m.start, m.end) not in counted]
        contact = cues(self._contact)  # "reach out to" asks whom to contact, not for a phone number
        attributes = [
            m for m in attributes
            if not _within_longer(m, contact)
        ]  # fmt: skip
        others = self._find(self._others, tokens, exact)
        said = explained | {
            i for m in [*back, *others, *kinds, *person_kinds, *types] for i in range(m.start, m.end)
        }  # fmt: skip
        loose = tuple(
            token for i, token in enumerate(tokens)
            if i not in said and token not in NO_CONTENT and token not in self._ordinals
            and not token.isdecimal()
        )  # fmt: skip
        return Reading(
            tokens,
            tuple(entities),
            tuple(attributes),
            tuple(kinds),
            tuple(person_kinds),
            tuple(types),
            wants_list=bool(cues(self._list, fuzzy=False)) or bool(list_of),
            wants_person=bool(person),
            person_words=tuple(m for m in person if set(tokens[m.start : m.end]) - INTENT_OF_WORD.keys()),
            wants_contact=bool(contact),
            posts=tuple(cues(self._posts, overlapping=True)),
            refers_back=next((m.payload for m in sorted(back, key=lambda m: _existential(m, tokens))
                              if not _polite(m, tokens, lowercase) and not _idiom(m, attributes)), None)
            or _demonstrative(tokens),
            unexplained=unexplained,
            loose=loose,
            unexplained_names=tuple(t for t in unexplained if _not_lowercase(t, lowercase)),
            namesakes=tuple(m.payload for m in namesakes) + self._other_surnames(tokens, found, lowercase),
            elsewhere=bool(elsewhere) or self._unknown_place(tokens, lowercase),
            unmodelled=tuple(
                token for m in self._find(self._unmodelled, tokens, exact)
                for token in tokens[m.start : m.end]
            ) + tuple(t for t in unexplained if t in capitals),
            new_topic=bool(new_topic),
            ordinal=self._ordinal(tokens, taken),
            also=bool(self._find(self._also, tokens, exact)),
            others=bool(others),
            related_things=tuple(
                m for m in cues(self._related_things, fuzzy=False)
                if (any(_tied(m, e, tokens) for e in entities)
                    or (m.start > 0 and tokens[m.start - 1] in POSSESSIVE_PRONOUNS)  # "seine Organisation"
                    or (not entities and m.start > 0 and tokens[m.start - 1] in ARTICLES)  # "die Firma"
                    or (not entities and m.size == len(tokens)))  # "Workshop?" alone
                and not _within_longer(m, attributes)  # "Schmidt Workshop Nummer?" asks which one he had
            ),
            one_of_types=frozenset(
                entity_type
                for m in attributes
                if WHICH_WORDS.intersection(tokens[m.start : m.end])
                for entity_type in self.facts.attributes[m.payload].implied_by
            ),
            placed=tuple(m.payload for m in entities if _after_preposition(m, tokens)),
            asks_identity=bool(entities) and all(
                i in taken or token in IDENTITY_WORDS for i, token in enumerate(tokens)
            ),
            gender=_one_payload(cues(self._genders, fuzzy=False)),  # "Damen und Herren": neither
        )

    def _around(
        self, entities: list[Match], tokens: tuple[str, ...], variants: list[dict[str, float]]
    ) -> list[Match]:
        """Cues written around a name: "What does BA mean?" is the cue "what does mean" with "BA" in
        between. Each name (with its article) is taken out in turn and the cues that then span the gap
        are kept."""
        found = []
        for entity in entities:
            start = entity.start - (entity.start > 0 and tokens[entity.start - 1] in ARTICLES)
            spanning = self._cues_without(tokens, variants, set(range(start, entity.end)))
            found += [m for m in spanning if m.start < entity.start and m.end > entity.end]
        return found

    def _across_fillers(self, tokens: tuple[str, ...], variants: list[dict[str, float]]) -> list[Match]:
        """Cues with a filler word inside: "was genau macht …", "was hat der so erzählt". The fillers
        are taken out and the cues that then span where one was are kept."""
        fillers = {i for i, token in enumerate(tokens) if token in CUE_FILLERS}
        if not fillers:
            return []
        spanning = self._cues_without(tokens, variants, fillers)
        return [m for m in spanning if fillers.intersection(range(m.start, m.end))]

    def _cues_without(
        self, tokens: tuple[str, ...], variants: list[dict[str, float]], left_out: set[int]
    ) -> list[Match]:
        """The cues found once the tokens at ``left_out`` are taken out, placed back in ``tokens``."""
        kept = [i for i in range(len(tokens)) if i not in left_out]
        inner = tuple(tokens[i] for i in kept)
        return [
            replace(m, start=kept[m.start], end=kept[m.end - 1] + 1, weight=_weight(m, inner))
            for m in self._find(self._attributes, inner, [variants[i] for i in kept])
        ]

    def _ordinal(self, tokens: tuple[str, ...], taken: set[int]) -> int | None:
        """The one number the question says outside any name ("und nr 3?", "the second one")."""
        numbers = {
            int(token) if token.isdecimal() else self._ordinals[token]
            for i, token in enumerate(tokens)
            if i not in taken and ((token.isdecimal() and len(token) <= 2) or token in self._ordinals)
        }  # fmt: skip
        return numbers.pop() if len(numbers) == 1 else None

    def best_entity_type(self, entity_id: str) -> int:
        """Rank for choosing among several named entities: people first, regions last."""
        return TYPE_PREFERENCE.index(self.facts.entities[entity_id].type)

    def _with_surnames(self, before: str, token: str, found: dict[str, float]) -> dict[str, float]:
        """After a known first name (or "Frau", "Herr"), the surnames it goes with that ``token`` may be a
        typo of, even when the token is a word of the knowledge base: a curated typo ("monika lugner")
        is no name."""
        cutoff = fuzzy_cutoff(token)
        if cutoff is None or before not in self._surnames_after:
            return found
        close = {
            surname: similarity / 100
            for surname in self._surnames_after[before]
            if surname not in found and (similarity := fuzz.ratio(token, surname)) >= cutoff
        }  # fmt: skip
        if before not in TITLES:  # after the person's own first name two slips are still that surname:
            close |= {  # "Monika Luga", not after "Herr" alone ("Herr Rost" is somebody else)
                surname: max(fuzz.ratio(token, surname) / 100, MIN_MENTION_STRENGTH)
                for surname in self._surnames_after[before]
                if surname not in found and surname not in close
                and surname[0] == token[0] and OSA.distance(token, surname) <= 2
            }  # fmt: skip
        return {**found, **close} if close else found

    def _variants_uncached(self, token: str) -> dict[str, float]:
        """Phrase tokens that ``token`` may stand for, with a strength in (0, 1]."""
        found = {token: 1.0}
        cutoff = fuzzy_cutoff(token)
        if cutoff is not None and token not in self._known:  # a word of the knowledge base is no typo
            for word, similarity in self._fuzzy_vocabulary.near(token, cutoff, limit=3):
                if len(token) > SHORT_TYPO_LENGTH or (word[0] == token[0] and OSA.distance(token, word) <= 1):
                    found[word] = similarity / 100  # "Frnak" is "Frank"; "Tore" and "stres(s)" are no "Store"
        return found

    @staticmethod
    def _find(phrases: _Phrases, tokens: tuple[str, ...], variants: list[dict[str, float]]) -> list[Match]:
        if phrases.firsts.isdisjoint(itertools.chain.from_iterable(variants)):
            return []
        found = []
        for start in range(len(tokens)):
            for first, first_strength in variants[start].items():
                for sequence, payload in phrases.by_first.get(first, ()):
                    end = start + len(sequence)
                    if end > len(tokens):
                        continue
                    strengths = [first_strength]
                    for offset in range(1, len(sequence)):
                        strength = variants[start + offset].get(sequence[offset])
                        if strength is None:
                            break
                        strengths.append(strength)
                    else:
                        found.append(Match(payload, start, end, min(strengths)))
        return found

    def _namesake(self, match: Match, tokens: tuple[str, ...], lowercase: frozenset[str] | None) -> bool:
        """A person's name used for somebody else, or a surname too far from the written one."""
        entity = self.facts.entities.get(match.payload)
        if entity is None or entity.type != "person":
            return False
        surname_only = match.size == 1
        if surname_only and match.strength < SURNAME_ONLY_MIN_STRENGTH:
            return True
        before = tokens[match.start - 1] if match.start > 0 else None
        if surname_only and before in self._any_first_name and before != self._first_names.get(entity.id):
            return True  # "Frank Brandt": another person's first name, so somebody else
        if surname_only and before is not None and self._unknown(before):
            # "Helmut Schmidt", and "helmut schmidt" too when the message has no case information
            return _not_lowercase(before, lowercase)
        if lowercase is None:
            return False  # after the name, only capitals tell a name from an ordinary word
        if tokens[match.end - 1][:-1] in self._surnames_after.get(self._first_names.get(entity.id, ""), ()):
            return False  # "Monika Lugers Vortrag": what follows a genitive is hers, not another name
        after = tokens[match.end : match.end + 3]
        if after and after[0] in PLACE_PREPOSITIONS and tokens[0] in PLACE_CHECKS:
            return False  # "War Frank Schmidt aus Nordhessen?" asks where he is from (_unknown_place)
        if after and after[0] in NAMESAKE_LINKS:  # "Frank Schmidt von der Uni Gießen"
            after = after[1:]
        if after and after[0] in ARTICLES:  # "Marc Brandt, der Fotograf"
            after = after[1:]
        return bool(after) and self._unknown(after[0]) and after[0] not in lowercase and not (
            self._misspelt(after[0])
        )  # "Viktor Saur bei der Arbetsagentur" is him, at a misspelt agency

    def _one_named(self, match: Match, tokens: tuple[str, ...], lowercase: frozenset[str] | None) -> bool:
        """ "der WBV Tirol", "Zukunftsfonds Transformation": a term beside a name the documentation
        never uses (capitalised, so not "WBV verstetigen") names one particular thing, not what the term
        means."""
        beside = [*tokens[max(match.start - 1, 0) : match.start], *tokens[match.end : match.end + 1]]
        return (
            self.facts.entities[match.payload].type == "term" and lowercase is not None
            and any(word not in lowercase and not self._knows(word) for word in beside)
        )  # fmt: skip

    def _misspelt(self, token: str) -> bool:
        """Whether a word the knowledge base does not know is a typo of one it does."""
        return any(word != token and s >= MISSPELT_SIMILARITY for word, s in self._variants(token).items())

    def _other_surnames(
        self, tokens: tuple[str, ...], found: list[Match], lowercase: frozenset[str] | None
    ) -> tuple[str, ...]:
        """The people whose first name is written with a surname the knowledge base does not know
        ("Frank Schneider von den Digitalen WBV"): somebody else of that first name."""
        if lowercase is None:
            return ()  # without case, "frank fragt" could be a first name and a verb
        named = {i for m in found for i in range(m.start, m.end)}
        return tuple(
            person for i, token in enumerate(tokens[:-1])
            if i not in named and i + 1 not in named and self._unknown(tokens[i + 1])
            and tokens[i + 1] not in lowercase
            for person in self._people_named.get(token, ())
        )  # fmt: skip

    def _regions_in(self, name: str) -> list[str]:
        tokens = tuple(tokenize(name))
        found = self._find(self._entities, tokens, [{token: 1.0} for token in tokens])
        return [m.payload for m in found if m.payload in self._region_words]

    def _other_branch(self, match: Match, found: list[Match]) -> list[Match]:
        """An organisation with a region in its name, named with another region right after or before
        it: "DGB Bezirk Bayern", "Bildungswerk der Bayerischen Wirtschaft", "die Regionaldirektion Hessen
        der Arbeitsagentur" are other branches, not the ones the documentation names (a region its own
        name's regions include, "DGB Hessen", is the same). The other regions, which are part of that
        name."""
        own = self._name_regions.get(match.payload)
        if not own:
            return []
        beside = [
            m for m in found
            if m.payload in self._region_words
            and (0 <= m.start - match.end <= 2 or 0 <= match.start - m.end <= 2)
        ]  # fmt: skip
        return [m for m in beside if not self._region_words[m.payload] & own]

    def _no_member_there(self, match: Match, found: list[Match], tokens: tuple[str, ...]) -> list[Match]:
        """A kind's word named with a region right after it where none of the kind is from: "der WBV
        Thüringen" is another network than those documented (not "WBV Hessen": Mittelhessen's is). The
        regions named so."""
        own = self._kind_regions.get(match.payload)
        if own is None:
            return []
        after = [m for m in found if m.payload in self._region_words and 0 <= m.start - match.end <= 1]
        return [
            m for m in after
            if not any(word in member for word in tokens[m.start : m.end] for member in own)
        ]  # fmt: skip

    def _branch_elsewhere(
        self, match: Match, elsewhere: list[Match], tokens: tuple[str, ...], lowercase: frozenset[str] | None
    ) -> bool:
        """An organisation named with a place the documentation never mentions right after it: "IG
        Metall Niedersachsen", "DGB NRW", or with a capitalised word it does not know: "die Agentur für
        Arbeit Kassel", "IHK Koblenz"."""
        entity = self.facts.entities.get(match.payload)
        if entity is None or entity.type != "organisation":
            return False
        after = tokens[match.end] if match.end < len(tokens) else ""
        named_after = lowercase is not None and self._unknown(after) and after not in lowercase
        named_after = named_after and after not in self._synonyms
        return named_after or any(0 <= place.start - match.end <= 2 for place in elsewhere)

    def _belongs(self, person: Match, organisation: Match) -> bool:
        """Whether the person's facts name the organisation."""
        entity = self.facts.entities.get(person.payload)
        return (
            entity is not None and entity.type == "person"
            and any(organisation.payload in fact.refs for fact in entity.facts.values())
        )  # fmt: skip

    def _elsewhen(self, match: Match, tokens: tuple[str, ...], exact: list[dict[str, float]]) -> bool:
        """The event or a session on another occasion: "das nächste Werkstattgespräch", "… 2022"; a
        person or an organisation in a year the documentation never mentions ("Was hat Monika Luger 2024
        vorgestellt?", "Was hat die IG Metall 2024 gemacht?")."""
        entity = self.facts.entities.get(match.payload)
        if entity is None or entity.type in ("term", "region", "place"):
            return False
        undocumented_year = any(YEAR.fullmatch(t) and t not in self._documented_years for t in tokens)
        if entity.type in ("person", "organisation") and undocumented_year:
            return True  # "Was hat die IG Metall 2024 gemacht?": the documentation knows it in one year only
        if any("date" in self.facts.question_words.get(token, ()) for token in tokens):
            return False  # "Wann ist das nächste …?": that the date is not documented is the answer
        if any(not m.within(match) for m in self._find(self._other_occasion, tokens, exact)):
            return True  # "Was macht Matthias Rust heute noch?", "die aktuelle Tarifrunde der IG Metall"
            # (but "der letzte Workshop" is a name of Workshop 3)
        if entity.type in ("person", "organisation"):
            return False  # in a year the documentation does mention, still the one documented
        years = [token for token in tokens if YEAR.fullmatch(token)]
        if not years:
            return False
        documented = " ".join(f"{fact.de} {fact.en}" for fact in entity.facts.values())
        if entity.type == "example":  # "War der Pop-up-Store 2022?" asks for its year; 2025 is later,
            # unless asked in the past tense: "Lief der Pop-up-Store auch 2024?" is answered by its year
            latest = max((found.group() for found in YEAR.finditer(documented)), default=None)
            later = latest is not None and any(year > latest for year in years)
            return later and not PAST_TENSE_VERBS.intersection(tokens)
        return any(year not in documented for year in years)

    def _unknown_place(self, tokens: tuple[str, ...], lowercase: frozenset[str] | None) -> bool:
        """A capitalised word the knowledge base does not know after "in" or "aus": "… in Mainz?"."""
        if lowercase is None:
            return False  # without case information a place cannot be told from any other word
        return any(
            before in PLACE_PREPOSITIONS and self._unknown(token) and token not in lowercase
            and token not in self._synonyms and not token.endswith(ABSTRACT_NOUN_ENDINGS)
            for before, token in itertools.pairwise(tokens)
        )

    def _unknown(self, token: str) -> bool:
        return not self._knows(token) and token.isalpha() and len(token) > 2

    def _knows(self, token: str) -> bool:
        """A word of the knowledge base, or an inflection of one: "erfolgreich" for "erfolgreichen"."""
        if token in self._known:
            return True
        if len(token) < MIN_INFLECTED_LENGTH:
            return False
        stems = [token, *(token[: -len(ending)] for ending in INFLECTIONS if token.endswith(ending))]
        return any(stem in self._known_bases for stem in stems)


def said_to_be_from(person: Match, origin: Match, tokens: tuple[str, ...]) -> bool:
    """ "Michael Rudolph vom DGB …", "Mark Brand aus RLP": the name, a word like "vom" or "aus" (and
    an article), then what the person is said to be from."""
    between = tokens[person.end : origin.start]
    return bool(between) and between[0] in NAMESAKE_LINKS and all(t in ARTICLES for t in between[1:])


def _demonstrative(tokens: tuple[str, ...]) -> str | None:
    """An article standing for the last answer's subject, as people say it (at the end, before a
    particle or a closing verb, never before a noun): a person ("von welchem WBV ist der nochmal?", "wo
    kommt die her?"), or, "die" after a plural verb, a group ("wo sitzen die?", "woher kommen die?")."""
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token in DEMONSTRATIVES and (
            (i > 0 and (following is None or following in DEMONSTRATIVE_FOLLOWERS))
            or (i > 0 and i + 2 == len(tokens) and following in FINAL_VERBS)
            or (i == 0 and following in SENTENCE_START_VERBS)
        ):
            verb = tokens[i - 1] if i > 0 else ""  # the verb before "die" ("wo sitzen die?")
            plural = token == "die" and verb.endswith("en") and verb not in STOPWORDS
            return "thing" if plural else "person"
    return None


def _idiom(match: Match, cues: list[Match]) -> bool:
    """ "Womit ging es los?": an "es" inside a cue is part of the phrase, not a thing referred back to
    (a person's "er" or "sie" in "was ist er" still refers back)."""
    return match.payload == "thing" and any(match.within(c) for c in cues)


def _after_preposition(match: Match, tokens: tuple[str, ...]) -> bool:
    """ "at the event", "beim Werkstattgespräch", "auf dem Podium": a name that says where."""
    before = [t for t in tokens[max(match.start - 2, 0) : match.start] if t not in ARTICLES]
    return bool(before) and before[-1] in PLACING_PREPOSITIONS


def _existential(match: Match, tokens: tuple[str, ...]) -> bool:
    """ "Gibt es Folien von ihm?": the "es" of "there is" refers back only when nothing else does
    ("wie viele gab es denn?" after the workshops)."""
    beside = tokens[max(match.start - 1, 0) : match.end + 1]
    return tokens[match.start : match.end] == ("es",) and bool(EXISTENTIAL_VERBS.intersection(beside))


def _polite(match: Match, tokens: tuple[str, ...], lowercase: frozenset[str] | None) -> bool:
    """ "Können Sie mir sagen …": a capitalised "Sie"/"Ihr" after the first word addresses the reader."""
    token = tokens[match.start]
    return token in POLITE_PRONOUNS and match.start > 0 and lowercase is not None and token not in lowercase


def _cue_variants(token: str, variants: dict[str, float]) -> dict[str, float]:
    """Cue words are short and alike ("gemacht", "gedacht"): only long ones may carry a typo."""
    if len(token) < MIN_FUZZY_CUE_LENGTH:
        return {token: 1.0}
    return {word: s for word, s in variants.items() if s >= MIN_FUZZY_CUE_SIMILARITY}


def _not_lowercase(token: str, lowercase: frozenset[str] | None) -> bool:
    return lowercase is None or token not in lowercase


def _phrases(cues: dict[str, Words]) -> _Phrases:
    phrases = _Phrases()
    for payload, words in cues.items():
        for text in words.all():
            phrases.add(text, payload)
    return phrases


def _before(cue: Match, groups: list[Match], tokens: tuple[str, ...]) -> bool:
    """Whether a group's name follows the cue, with only small words between: "Welche drei Beispiele"
    asks for a list, "Welche Rolle haben WBV für die Betriebe?" does not."""
    return any(
        cue.end <= group.start <= cue.end + 1  # one small word at most: not "welche Fragen kann ich stellen"
        and all(t in GENERIC_WORDS or t.isdecimal() for t in tokens[cue.end : group.start])
        for group in groups
    )


def _tied(thing: Match, entity: Match, tokens: tuple[str, ...]) -> bool:
    """Whether a word for a thing is tied to a name as its owner: "der Workshop von Frank Schmidt",
    "Marc Brandt's organisation"; not "In welchem Workshop war Frank Schmidt?"."""
    if entity.end <= thing.start:
        return tokens[entity.end : thing.start] in ((), ("s",))
    between = tokens[thing.end : entity.start]
    return (
        thing.end <= entity.start and bool(OWNER_LINKS.intersection(between))
        and all(t in OWNER_LINKS or t in OWNER_FILLERS for t in between)
    )  # fmt: skip


def _without_article(name: str) -> str:
    """ "der Pop-up-Store" is found as "Pop-up-Store"; the article is not part of the name."""
    first, _, rest = name.partition(" ")
    return rest if rest and first.lower() in ARTICLES else name


def _weight(match: Match, tokens: tuple[str, ...]) -> float:
    """How specific a cue is: longer words say more; function and question words ("wo", "when did")
    count as one letter each, so "Bundesland" outweighs "aus welchem" and "end" outweighs "when did"."""
    words = tokens[match.start : match.end]
    return sum(1 if word in GENERIC_WORDS else len(word) for word in words) * match.strength


def _modifies(match: Match, tokens: tuple[str, ...]) -> bool:
    """A cue after a preposition and a possessive or article says where or when, not what is asked:
    "What did Monika Luger show in her session?" asks what she showed, "Was she one of the panelists at
    the start?" whether she was on the panel."""
    before = tokens[max(0, match.start - 2) : match.start]
    return (len(before) == 2 and before[0] in MODIFYING_PREPOSITIONS and before[1] in OWNER_WORDS) or (
        before[-1:] == ("im",) or before[-1:] == ("beim",)
    )


def _one_payload(matches: list[Match]) -> str | None:
    """The payload all these matches share, if there are any and they agree."""
    payloads = {m.payload for m in matches}
    return payloads.pop() if len(payloads) == 1 else None


def _within_longer(match: Match, others: list[Match]) -> bool:
    """Whether one of ``others`` spans more words, ``match``'s among them."""
    return any(o.size > match.size and match.within(o) for o in others)


def _best_cover(matches: list[Match]) -> list[Match]:
    """Non-overlapping matches, longest and strongest first, in question order."""
    chosen: list[Match] = []
    used: set[int] = set()
    for match in sorted(matches, key=lambda m: (-m.size, -m.strength, m.start)):
        span = set(range(match.start, match.end))
        if used.isdisjoint(span):
            chosen.append(match)
            used |= span
        elif any(c.size == match.size and c.start == match.start and c.strength <= match.strength
                 for c in chosen):  # fmt: skip
            # the same words may name two things ("Workshops": a type and a session), unless one is only
            # a weaker guess ("Verstätigung" is Verstetigung, not the Werkstattgespräch)
            chosen.append(match)
    return sorted((m for m in chosen if m.strength >= MIN_MENTION_STRENGTH), key=lambda m: m.start)
