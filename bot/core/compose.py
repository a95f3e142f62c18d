"""Answers composed from the structured facts: an attribute of an entity, a role description, a list.

Given what :class:`~bot.core.understand.Understander` read in a question (and the conversation so
far), :meth:`FactAnswers.answer` decides whether the facts answer it:

* an entity and an attribute asked about it: the documented fact, the entity's card where the card is
  the answer (a term's meaning), or — when the documentation does not give it — a plain "the
  documentation does not give {attribute} for {name}" followed by what is known about that entity;
* a person described by a relation instead of a name ("der von der Arbeitsagentur", "die Frau aus
  Bayern", "der Gewerkschafter"): that person's card, or the list when several fit;
* a list question about a kind or a type ("Welche Gewerkschaften …?"): every entity that fits;
* a follow-up that names no entity ("und wo kommt sie her?") is about the last answer's entities, and
  one that names only a new entity ("und Workshop 2?") asks the last attribute about it.

Anything else returns None and the ranked entries decide, as before.

This module decides which of these a question is, and what it refers to; the answers themselves are
built by :mod:`bot.core.attribute_answers` (an attribute of an entity) and :mod:`bot.core.people_answers`
(people described, lists), over the lookups of :mod:`bot.core.fact_queries`, and written out by
:mod:`bot.core.fact_replies`; :mod:`bot.core.counting` says which thing a number stands for, and
:mod:`bot.core.beliefs` which fact confirms or corrects what the asker believes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from bot.core.attribute_answers import AttributeAnswers
from bot.core.beliefs import Beliefs, checks_a_belief
from bot.core.conversation import Conversation
from bot.core.counting import Counting
from bot.core.fact_queries import (
    DATE,
    DEFINITION,
    PURPOSE,
    QUESTION_WORD_WEIGHT,
    RELATION_CUE_WEIGHT,
    ROLE,
    FactQueries,
    called,
)
from bot.core.fact_replies import FACT_SCORE, FactReplies
from bot.core.facts import Facts
from bot.core.lexicon import (
    CHECKING_VERBS,
    COUNT_WORDS,
    MORE_WORDS,
    NOT_ONE_MAN,
    PAST_TENSE_VERBS,
    SINGULAR_PRONOUNS,
    WHICH_WORDS,
)
from bot.core.models import Entity, Lang, LocalizedTitle
from bot.core.normalize import INTENT_OF_WORD, STOPWORDS, tokenize
from bot.core.people_answers import PeopleAnswers
from bot.core.relations import (
    RELATIONS,
    joint_example,
    names,
    naming,
    overview_listing,
)
from bot.core.reply import Reply
from bot.core.understand import (
    ARTICLES,
    EXISTENTIAL_VERBS,
    GENERIC_WORDS,
    PLACE_PREPOSITIONS,
    YEAR,
    YEAR_ATTRIBUTE,
    Match,
    Reading,
    Understander,
)

CHOICE_WORDS = frozenset(("oder", "or"))  # "saarland oder hessen?": one of them
NAMING_WORDS = frozenset(tokenize("heißt hieß heißen called"))  # the name, not a title, of a person
ELSEWHERE_ANSWERED = ("person", "organisation", "example")  # their facts may correct a wrong place
MANY_UNEXPLAINED = 2  # unknown names in a question about a person: more than a typo
MIN_ASKING_WEIGHT = 4.0  # a cue this long asks for something ("Motto"); shorter ones may be filler ("hieß")


@dataclass
class _Asked:
    """A question as :meth:`FactAnswers.answer` works it out, stage by stage: the entities it is about
    and the attributes asked of them change as references, places and relations are resolved."""

    question: str
    lang: Lang
    reading: Reading
    conversation: Conversation | None
    entities: list[str]
    attributes: list[str]
    context: tuple[str, ...]  # the last answer's subjects
    context_people: list[Entity]
    person_referred: bool  # "er", "sie", "der" with a last answer to refer to
    referred: str | None = None  # the person "er" or "seine Organisation" stands for
    people: list[str] = field(default_factory=list)  # the people among the entities
    tiers: list[list[str]] = field(default_factory=list)  # whose facts may answer, tried in order
    counted: Entity | None = None  # what a number in the question stands for
    decided: bool = False  # the reply is settled: no later stage is tried (None: the entries decide)


class FactAnswers:
    """Composes replies from a knowledge base's facts; built once per knowledge base."""

    def __init__(
        self,
        facts: Facts,
        titles: dict[str, LocalizedTitle],
        understander: Understander,
        card_reply: Callable[[str, Lang, str], Reply],
    ) -> None:
        """``card_reply(entry_id, lang, question)`` is the engine's reply with an entry's card."""
        self.facts = facts
        self._understander = understander
        self._query = FactQueries(facts)
        self._replies = FactReplies(facts, titles, card_reply)
        self._attributes = AttributeAnswers(self._query, self._replies, understander)
        self._people = PeopleAnswers(self._query, self._replies, self._attributes)
        self._counting = Counting(facts, self._query)
        self._beliefs = Beliefs(facts, self._query)
        # how a person is reached, asked as whom to contact ("Wie kann ich Viktor Sauer kontaktieren?"):
        # the contact details people have (none documented: the reply says so for that person)
        self._people_contact_details = [
            a.id for a in facts.attributes.values()
            if a.id in facts.contact_attributes and "person" in a.applies_to
        ]  # fmt: skip
        # where a thing is or is from: what a place the documentation never mentions may still correct
        self._placed = sorted(
            a.id for a in facts.attributes.values() if {"place", "region"} & set(a.implied_by)
        )

    def answer(
        self, question: str, lang: Lang, reading: Reading, conversation: Conversation | None
    ) -> Reply | None:
        """The reply the facts give, or None when the ranked entries are to decide. The question is
        worked out in stages (:class:`_Asked`); the first stage with a reply, or one that settles the
        question without one, ends it."""
        if not self.facts.enabled:
            return None
        if any(self.facts.entities[n].type == "person" for n in reading.namesakes):
            return None  # "Thomas Rudolph vom DGB, was hat der gesagt?": somebody the facts do not know
        if self._query.event in reading.namesakes and not reading.entity_ids and self._when_it_was(reading):
            # "Fand das Werkstattgespräch 2024 statt?": whether that was this one, its date (which the
            # documentation does not give) would tell; what another one was about is not documented
            return self._attributes.answer(question, lang, [self._query.event], [DATE], reading)
        if self._beyond_the_facts(reading):
            return None
        context = self._subjects(conversation)
        term = self._term_asked_what_for(reading, context)
        if term is not None:  # "Wozu braucht man ein Transferkonzept?": what it is says what it is for
            return self._replies.own_card(question, lang, term)
        of_gender = self._people.of_gender(question, lang, reading, context)
        if of_gender is not None:  # "Welche Frauen haben gesprochen?"
            return of_gender
        asked = self._asked(question, lang, reading, conversation)
        stages = (
            self._from_context,
            self._resolve_references,
            self._at_places,
            self._described,
            self._of_related_things,
            self._choose_tiers,
        )
        for stage in stages:
            if asked.decided:
                return None
            reply = stage(asked)
            if reply is not None or asked.decided:
                return reply
        return self._from_tiers(asked)

    def _beyond_the_facts(self, reading: Reading) -> bool:
        """Questions no fact speaks to: of another branch, more than is known of a person, something never
        covered, a numbered thing that does not exist."""
        if reading.namesakes and not set(reading.entity_ids) - {self._query.event}:
            return True  # "Wer ist Vorsitzender des DGB Bayern (bei der Tagung)?": of another branch
        if self._more_than_known_of_a_person(reading):
            return True
        if reading.unmodelled:  # "Wo kann ich parken?": no fact speaks to it (see not_covered)
            return True
        return self._counting.numbered_none(reading)  # "Und wer leitet Workshop 4?": there is no fourth one

    def _asked(
        self, question: str, lang: Lang, reading: Reading, conversation: Conversation | None
    ) -> _Asked:
        """The entities named and the attributes asked, as the question says them (a place the
        documentation never mentions declines it, unless where a thing is corrects it)."""
        entities = reading.entity_ids
        person_referred = conversation is not None and reading.refers_back == "person"
        if person_referred and (not reading.named_things or self._query.only_the_event(reading)):
            # "von welchem WBV ist der nochmal?": "WBV" names the kind asked for, not a thing; "welche
            # Rolle hatte er beim Werkstattgespräch?": the event is where, he is who
            entities = []
        which_kind = (
            conversation is not None and not reading.named_things and _asks_which_of_kind(reading)
            and self._referred_person(conversation.subjects[:1]) is not None
        )  # fmt: skip
        if which_kind:  # "bei welchem Bildungswerk?" after Matthias Rust: the kind asked for, of him (not
            entities = []  # "und welche IHK genau?" after the pop-up store's partners: which one that is)
        attributes = self._query.asked(reading) or (self._of_kind_asked(reading) if which_kind else [])
        if not attributes and len(entities) == 1:  # "wer Workshop 1": its speakers
            who = self._query.who_of_it(reading)
            attributes = [a for a in who if self._query.speaks_to_any(entities[0], [a])]
        subjects = self._subjects(conversation)
        one_person = sum(self.facts.entities[s].type == "person" for s in subjects) == 1
        owner = len(entities) == 1 or (not entities and (len(subjects) == 1 or one_person))
        if not attributes and owner and reading.related_things:  # "der Workshop von Marc Brandt", "luger
            # workshop", "sein Workshop?": the attribute that names a thing of that type, his session
            attributes = self._naming_a({m.payload for m in reading.related_things})
        if entities and not conversation:  # "Was ist die Rhein Galerie?": no role of a place
            attributes = self._without_people_only(reading, entities, attributes)
        thing_referred = conversation is not None and reading.refers_back == "thing"
        if thing_referred and self._only_a_backdrop(entities, attributes):
            # "What did it present at the event?": the event is where, "it" is what; "Wie hilft das den
            # KMU?" after the map: its purpose
            entities = []
        if not attributes and len(entities) == 1 and reading.loose and checks_a_belief(reading):
            # "Workshop 2 war doch zu Netzwerkpartnern, oder?": its topic, which corrects it
            attributes = self._beliefs.attributes_of(entities[0], reading.loose)
        elif not attributes and self._beliefs.one_taken_for_another(reading, entities):
            # "Workshop 2 war zur Zusammenarbeit mit Netzwerkpartnern, oder?" (Workshop 1's title): what
            # of the first the second's name says, its topic, corrects it
            second = next(m for m in reading.entities if m.payload == entities[1])
            attributes = self._beliefs.attributes_of(entities[0], reading.tokens[second.start : second.end])
            entities = entities[:1] if attributes else entities
        elif (in_session := self._beliefs.thing_said_to_be_in_session(reading)) is not None:
            # "Ging es in Workshop 1 um die Landkarte?": the session it was in says so
            attributes = self._implied(in_session)
        stated_year = any(m.payload == YEAR_ATTRIBUTE and YEAR.fullmatch(reading.tokens[m.start])
                          for m in reading.attributes)  # fmt: skip
        if stated_year and (checks_a_belief(reading) or _asks_whether_it_was(reading)):
            # "Wurde der Pop-up-Store 2022 betrieben?": the year stated is what is checked, not the verb
            attributes = [YEAR_ATTRIBUTE, *(a for a in attributes if a != YEAR_ATTRIBUTE)]
        wrongly_placed = self._beliefs.placed_wrongly(entities) if checks_a_belief(reading) else None
        if wrongly_placed is not None:  # "Sauer war doch Geschäftsführer bei der Agentur in
            # Rheinland-Pfalz, oder?": where he is from corrects it, before what else is asked
            attributes = list(dict.fromkeys([*self._implied(wrongly_placed), *attributes]))
        context = self._subjects(conversation)
        asked = _Asked(
            question, lang, reading, conversation, entities, attributes, context,
            [self.facts.entities[s] for s in context if self.facts.entities[s].type == "person"],
            person_referred,
        )  # fmt: skip
        if reading.elsewhere:  # "Kommt Marc Brandt aus NRW?", "War der Pop-up-Store in Mainz?": where they
            # are from or were corrects it; anything else of a place the documentation never mentions is
            # not known ("Ergebnisse des Pop-up-Stores in Kaiserslautern"), nor lists or people described
            if reading.ordinal or (reading.also and not self._the_example_named(reading)):
                asked.decided = True  # "Gibt es auch einen Pop-up-Store in Mannheim?": another one
                return asked
            asked.entities = [e for e in entities if self.facts.entities[e].type in ELSEWHERE_ANSWERED]
            if self._the_event_elsewhere(reading, entities, attributes, conversation):
                asked.entities = [self._query.event]  # "Das war doch in Berlin, oder?": its venue, not given
            placed = [a for a in attributes if a in self._placed]
            if attributes and not placed and checks_a_belief(reading):
                placed = self._placed  # "Der Pop-up-Store war doch 2021 in Mainz, oder?": where it was
            asked.attributes = placed if attributes else self._placed
            asked.decided = not asked.entities or not asked.attributes
        at_the_event = self._query.only_the_event(reading) and set(asked.entities) <= set(reading.placed)
        if thing_referred and asked.entities and at_the_event and set(context) - {self._query.event}:
            asked.entities = []  # "Who represented it at the event?" after the DGB: "it" is the DGB
        return asked

    def _from_context(self, asked: _Asked) -> Reply | None:
        """Follow-ups the last answers decide: more of it, how many, which of a list, the others."""
        question, lang, reading, context = asked.question, asked.lang, asked.reading, asked.context
        entities, attributes = asked.entities, asked.attributes
        more = self._more_of(context, entities, attributes, reading)
        if more is not None:  # "mehr dazu", "tell me more": all the documentation says of it, its card
            return self._replies.own_card(question, lang, more)
        if not entities and len(context) > 1 and _only_counts(reading):  # "wie viele?" after the workshops
            overview = overview_listing(self.facts, set(context))
            if overview is not None:
                return self._replies.entry_card(overview, lang, question)
            listed = [self.facts.entities[s] for s in context]
            if all(e.type == "person" for e in listed):  # "Wie viele sind das?" after three people
                heading = self.facts.phrases.counted.get(lang).format(count=len(listed))
                return self._replies.listing(question, lang, heading, listed)
        said = self._saying(question, lang, reading, context) if not entities else None
        if said is not None:  # "in welchem Workshop ging es darum?" after Verstetigung: Workshop 3
            return said
        chosen = self._chosen_from_list(question, lang, reading, _both(asked.conversation), attributes)
        if chosen is not None:  # "welcher davon kam aus dem Saarland?" after a list of WBV
            return chosen
        one_person = asked.person_referred and len(asked.context_people) == 1
        if (
            not entities
            and context
            and reading.refers_back
            and reading.wants_list
            and (_types_beside(reading, attributes[0]) if attributes else reading.types)  # not "how many
            # people were there?": the number asked
            and not one_person  # "Und für welche Organisation war er da?" after the one who presented
        ):
            theirs = self._people.typed_list(question, lang, reading, context)
            if theirs is not None:  # "Which organisations did they come from?" after the panel
                return theirs
        if (
            not entities
            and reading.kinds
            and context
            and self._query.is_ellipsis(reading)
            and self.facts.entities[context[0]].type == "person"
        ):  # "Who represented the trade unions?" – "and the employment agency?": its person
            described = self._people.described_person(question, lang, reading)
            if described is not None:
                return described
        earlier = asked.conversation.earlier if asked.conversation is not None else ()
        rest = self._people.the_others(question, lang, reading, context, earlier)
        if rest is not None:  # "und die anderen beiden Workshops?" after Workshop 1
            return rest
        # "seine Organisation", and "die Firma" after a person: the person's
        theirs = asked.person_referred or (bool(context) and bool(reading.related_things) and not entities)
        asked.referred = self._referred_person(context) if theirs else None
        if asked.referred is not None and not entities and _asks_name(reading):  # "Wie heißt er nochmal?"
            return self._replies.own_card(question, lang, self.facts.entities[asked.referred])
        return None

    def _resolve_references(self, asked: _Asked) -> Reply | None:
        """Whom a pronoun beside a named thing means, and what a question naming only people and
        organisations asks of them; the example that names several things asked about together."""
        question, lang, reading = asked.question, asked.lang, asked.reading
        last_person = self._referred_person(asked.context)
        if (
            last_person is not None and asked.attributes[:1] == [ROLE] and asked.entities
            and set(asked.entities) <= set(reading.placed) and self._his_own(last_person, asked.entities)
        ):  # "und was ist der genau beim DGB?" after Michael Rudolph: his post there, not what the DGB is
            asked.entities = [last_person]
        named = [self.facts.entities[e] for e in asked.entities]
        theirs = (
            not asked.attributes
            or reading.names_within(asked.attributes[0])
            or not any(self._query.answerable(e, asked.attributes[:1]) for e in named)
        )
        referred = asked.referred
        if referred is not None and reading.named_things and referred not in asked.entities and theirs:
            # "der war doch in der Eröffnungsrunde, oder?", "was he on the panel or in a workshop?": his
            asked.entities = [referred, *asked.entities]
        asked.people = [e for e in asked.entities if self.facts.entities[e].type == "person"]
        if asked.people and asked.attributes and self._from_an_organisation(reading):
            asked.attributes = []  # "Is Matthias Rust from the DGB?": his organisation (implied below)
        if self._asks_post(reading, asked.entities, asked.attributes):
            asked.attributes = [ROLE, *asked.attributes]  # "Was ist Viktor Sauer für ein Geschäftsführer?"
        entities, attributes = asked.entities, asked.attributes
        several_things = len(entities) > 1 and not asked.people and not reading.wants_contact
        joint = joint_example(self.facts, entities) if several_things else None
        if joint is not None and not attributes and joint.entry:
            # "Was hatte die BA mit dem WBV Saarland zu tun?": the example that names them both
            return self._replies.own_card(question, lang, joint)
        if (
            joint is not None
            and attributes
            and self._query.speaks_to_any(joint.id, attributes[:1])
            and not any(self._query.speaks_to_any(e, attributes[:1]) for e in entities)
        ):  # "Partner IG Metall, IHK und …?", "Wo wurde die Zusammenarbeit vom WBV Saarland mit der BA
            # vorgestellt?": what none of them says, the example naming them all does
            asked.entities = [joint.id]
        return None

    def _at_places(self, asked: _Asked) -> Reply | None:
        """A place named alone or beside the last answer's subject, what several things named together
        ask of each other, and the contact details asked for."""
        question, lang, reading, people = asked.question, asked.lang, asked.reading, asked.people
        entities, attributes = asked.entities, asked.attributes
        placed_only = all(self.facts.entities[e].type in ("region", "place") for e in entities)
        if (
            not attributes
            and entities
            and placed_only
            and asked.context
            and (reading.refers_back or _a_choice(reading))
            and not reading.unexplained
        ):
            # "Is that in Bavaria?" after ZUKUNFTmobil, "saarland oder hessen" after Viktor Sauer: where
            # it is (or he is from) confirms or corrects it
            entities = [*self._referred_to(asked.context, reading.refers_back)[0][:1], *entities]
        place = self._only_a_place(reading, entities) if not attributes else None
        if place is not None:  # "Ludwigshafen?", "Rhein Galerie – was war da?": what was there
            there = [e for e in naming(self.facts, {place}) if e.entry and e.type != "person"]
            if len(there) == 1:
                return self._replies.card(question, lang, there[0], (there[0].entry or "", place), None)
            entities, attributes = [place], [DEFINITION]
        elif not attributes and len(entities) > 1 and (people or not reading.wants_person):
            # "Viktor Sauer ist vom DGB, oder?": his organisation
            attributes = self._implied(self._beliefs.without_their_origin(reading, entities))
        elif not attributes and people and reading.namesakes:  # "Ist Frank Schmidt von der Agentur für
            # Arbeit Hessen?": another branch of something that is not his: where he is, corrects it
            attributes = self._implied([*people, *reading.namesakes])
        if reading.wants_contact:  # whom to turn to: the contact cards, or the contact details not given
            attributes = [a for a in attributes if a in self.facts.contact_attributes]
            asks_who = reading.wants_person or reading.kinds or reading.types  # "Wer ist zuständig …?"
            if not attributes and people and len(entities) == 1 and not asks_who:
                attributes = list(self._people_contact_details)  # "Kontakt zu Viktor Sauer?"
        asked.entities, asked.attributes = entities, attributes
        return None

    def _described(self, asked: _Asked) -> Reply | None:
        """A person described rather than named, the one member of a kind somewhere, the members of a
        kind at the event."""
        question, lang, reading = asked.question, asked.lang, asked.reading
        entities, attributes = asked.entities, asked.attributes
        group_person = (
            bool(reading.kinds)
            and reading.wants_person
            and not reading.wants_list
            and (self._query.only_the_event(reading) or set(reading.entity_ids) <= set(reading.placed))
        )  # "Who represented the trade unions (at the event)?", "… auf dem Podium die Arbeitgeber?": theirs
        described = (reading.describes_person or reading.person_kinds or group_person) and not (
            reading.wants_contact
        )
        if (
            described
            and not reading.describes_person
            and entities
            and attributes
            and self._asked_of_them(reading, entities, attributes[0])
            and not self._query.only_the_event(reading)
        ):  # "wofür steht DGB, Deutscher Gewerkschafts…?": a word of a group does not make it its person
            # ("who spoke for the unions at the event?" asks for the union's person all the same)
            described = False
        if described and not asked.people and not reading.wants_list and (entities or reading.person_kinds):
            # "die Frau mit der Landkarte aus Bayern, wie heißt die?": the person, then what is asked of
            # her; "and which one was from the employment agency?": the person, not the last answer's
            reply = self._people.described_person(question, lang, reading, asked.context)
            if reply is not None:
                return reply
        there = self._member_there(reading, entities) if not (reading.wants_list or described) else None
        if there is not None:  # "Wie hieß der Verbund aus Mittelhessen?": the one WBV there
            member, of_member = there
            if not of_member:
                return self._replies.own_card(question, lang, member)
            reply = self._attributes.answer(question, lang, [member.id], of_member, reading)
            if reply is not None:  # "Welches Beispiel aus Bayern hatte welches Ziel?": its purpose
                return reply
        if entities and reading.wants_list and reading.kinds and self._query.only_the_event(reading):
            # "Welche WBV waren beim Werkstattgespräch?"
            listed = self._people.list_answer(question, lang, reading)
            if listed is not None:
                return listed
        return None

    def _of_related_things(self, asked: _Asked) -> Reply | None:
        """What is asked of a thing related to the one named ("der Verbund von Frank Schmidt"), of the
        one thing at a place named, or of a person's part at the event."""
        question, lang, reading = asked.question, asked.lang, asked.reading
        entities, attributes = asked.entities, asked.attributes
        beside = self._beside(attributes, reading) if reading.related_things else []
        if beside:  # "der Verbund von Frank Schmidt": "Verbund" names a thing, not the attribute asked,
            # when something else is asked of it or of him ("Aus welcher Region stammt …?"); not when
            # that is only its name ("What's Frank Schmidt's organisation called?")
            owners = entities or ([asked.referred] if asked.referred is not None else [])  # "seine …"
            related = self._attributes.of_related_thing(question, lang, owners[0], beside, reading) if (
                len(owners) == 1) else None  # fmt: skip
            if related is not None:
                return related
            if entities and self._query.answerable(self.facts.entities[entities[0]], beside):
                asked.attributes = attributes = beside
        focus = self._beside_kind_words(entities, reading)
        plain = not (reading.elsewhere or reading.unexplained or reading.describes_person)
        if len(focus) == 1 and attributes and plain:  # "der vom Ludwigshafener Store" is somebody there
            there = self._attributes.of_thing_there(question, lang, focus[0], attributes, reading)
            if there is not None:  # "Was war das Motto in Ludwigshafen?": the pop-up store's; "warum
                return there  # sollten die WBV mit der Agentur für Arbeit zusammenarbeiten?": the panel's
        if len(entities) == 1 and attributes and plain:
            part = self._attributes.of_their_part(question, lang, entities[0], attributes, reading)
            if part is not None:  # "Was hat Michael Rudolph gesagt?": what the opening panel stressed
                return part
        return None

    def _choose_tiers(self, asked: _Asked) -> Reply | None:
        """What the attributes are asked of, in tiers tried in order: the things named; what a number
        counts; the last answer's subjects; the event; the one thing that has the attribute."""
        reading, conversation, context = asked.reading, asked.conversation, asked.context
        entities, attributes = asked.entities, asked.attributes
        if not entities and context and self._query.is_ellipsis(reading):  # "und wann?": all a "wann" asks
            attributes = list(dict.fromkeys([*attributes, *self._query.by_question_word(reading)]))
        asked.tiers = [entities]
        if len(entities) > 1 and self._query.event in reading.placed:  # "Welche Organisation vertrat die
            # Referentin aus Bayern beim Werkstattgespräch?": the event is where, the others what is asked of
            asked.tiers = [[e for e in entities if e != self._query.event]]
        if not entities and conversation is not None and context:
            asked.counted = self._counting.counted(conversation, reading)
        if asked.counted is None and not entities:
            asked.counted = self._counting.nth_of_kind(reading)  # "Was war der erste Programmpunkt?"
        if asked.counted is not None:  # "und den dritten?": the third of a list, Workshop 3 after Workshop 1
            attributes = attributes or self._kindred(conversation.attribute if conversation else None)
            asked.tiers = [[asked.counted.id]]
        elif (
            not entities
            and context
            and (attributes or reading.refers_back)
            and not (_stands_alone(reading) or self._kind_after_the_event(reading, context)
                     or self._another_of_its_type(reading, context))
        ):
            asked.attributes = attributes
            return self._referred_tiers(asked)
        elif not entities and not context and attributes and self._of_the_event(
            reading, attributes[0], first=conversation is None
        ):
            attributes = attributes[:1]  # "wann gings los?": the event's start, said to be undocumented
            asked.tiers = [[self._query.event]]
        elif not entities and conversation is None and attributes and (
            holder := self._only_holder(reading, attributes[0])
        ):
            asked.tiers = [[holder]]  # "was war das Motto?": the pop-up store's, the only one there was
        elif attributes and checks_a_belief(reading) and (
            holder := self._beliefs.holder(entities, attributes[0])
        ):
            asked.tiers = [[holder]]  # "Das Motto war doch 'Die Pfalz packt an', oder?": the pop-up store's
        elif (
            entities
            and not attributes
            and context
            and self._query.is_ellipsis(reading)
            and not self._query.what_it_is(reading)
        ):
            if self._people_by_place(context, entities) and not conversation.contact:  # "und aus Bayern?":
                asked.decided = True  # its people, or nobody
                return self._people.described_person(asked.question, asked.lang, reading)
            attributes = self._kindred(conversation.attribute)  # "und Workshop 2?"
            if reading.also:  # "und die IG Metall auch?": the last fact, if it names the IG Metall
                asked.tiers = [self._naming(context, attributes, set(entities)), entities]
        asked.attributes = attributes
        return None

    def _referred_tiers(self, asked: _Asked) -> Reply | None:
        """A follow-up that names nothing: the last answer's subjects, people or things first as the
        pronoun says ("und wo kommt sie her?"), and what the question word asks of them."""
        reading, context, attributes = asked.reading, asked.context, asked.attributes
        context_people = asked.context_people
        if len(context_people) > 1 and SINGULAR_PRONOUNS.intersection(reading.tokens):
            # "und welche Position hat der?" after several people: which of them is open, unless
            # only one of them is a man ("what did he present?" after Monika Luger and Marc Brandt)
            men = [p for p in context_people if p.gender == "male"]
            if len(men) != 1:
                return self._replies.which_person(asked.question, asked.lang, context_people)
            others = {p.id for p in context_people} - {men[0].id}
            context = tuple(s for s in context if s not in others)
        tiers = self._referred_to(context, reading.refers_back)  # "und wo kommt sie her?"
        if self._not_the_one_man(reading, context_people):  # "they" after Marc Brandt: his organisation
            tiers = [*self._organisations_first(self._referred_to(context, "thing")), *tiers]
        kinds = {m.payload for m in reading.kinds}
        of_kind = [e for tier in tiers for e in tier if kinds & set(self.facts.entities[e].kinds)]
        if of_kind and reading.refers_back == "thing":  # "Wie lautete der Titel dieses Workshops?"
            tiers = [of_kind, *tiers]
        weak = not any(m.weight >= RELATION_CUE_WEIGHT for m in reading.attributes)  # not "from"
        cued_itself = bool(attributes) and not self._query.by_question_word_only(reading, attributes[0])
        speaks = cued_itself and any(self._query.speaks_to_any(e, attributes[:1]) for e in tiers[0])
        if weak and reading.wants_person and reading.refers_back == "thing" and not speaks:
            attributes = self._query.by_question_word(reading)  # "Wer kam von dort?": its people
            # ("Für wen ist das?" after the map asks whom it is for, which its facts say)
        elif (
            weak and attributes and all(self._query.by_question_word_only(reading, a) for a in attributes)
            and not (reading.loose or reading.kinds)
            and not any(self._query.speaks_to_any(e, attributes) for e in tiers[0])
        ):
            # "Wo ist das?" after ZUKUNFTmobil: what "wo" asks of it (its region), not of what it names
            own = [a for a in self._query.by_question_word(reading)
                   if any(self._query.speaks_to_any(e, [a]) for e in tiers[0])]  # fmt: skip
            attributes = list(dict.fromkeys([*own, *attributes]))
        if attributes:  # "und wer war noch dabei?" after his organisation: not him again
            tiers = [t for t in ([e for e in tier if not self._only_repeats(e, attributes[0], context)]
                                 for tier in tiers) if t]  # fmt: skip
        if (
            reading.refers_back == "person"
            and set(attributes) & set(self.facts.contact_attributes)
            and not (self._sooner_than_a_person(tiers[0], attributes[0])
                     and not SINGULAR_PRONOUNS.intersection(reading.tokens))
        ):  # "hat der ne Website?" after a workshop: its presenter's, whom one reaches, not its own
            # ("Haben die eine Website?" after InSkills2Go: theirs, a website is an organisation's)
            people = [e for tier in tiers for e in tier if self.facts.entities[e].type == "person"]
            tiers = [people[:1], *tiers] if people else tiers
        if attributes and self._event_only(attributes[0]) and self._query.event not in tiers[0]:
            tiers = [[self._query.event], *tiers]  # "and when did it end?" after the programme: the event
        asked.tiers, asked.attributes = tiers, attributes
        return None

    def _from_tiers(self, asked: _Asked) -> Reply | None:
        """The first tier whose facts answer the attributes; else a counted thing's card, or the lists
        and people the question asks for."""
        question, lang, reading, attributes = asked.question, asked.lang, asked.reading, asked.attributes
        for tier in self._first_that_answers(asked.tiers, attributes, reading):
            reply = (
                self._attributes.answer(question, lang, tier, attributes, reading)
                if tier and attributes else None
            )  # fmt: skip
            if reply is not None:
                return self._attributes.for_each_named(question, lang, reply, reading) or reply
        if reading.elsewhere:
            return None
        if asked.counted is not None and asked.counted.entry:  # "und der zweite?" after the panel: his card
            return self._replies.own_card(question, lang, asked.counted)
        beyond = self._beyond_group(attributes, reading)
        return self._people.lists_and_people(question, lang, reading, asked=beyond)

    def _sooner_than_a_person(self, entity_ids: list[str], attribute_id: str) -> bool:
        """Whether one of these is of a type whose contact detail is meant before a person's (the order
        of the attribute's ``for``)."""
        order = self.facts.attributes[attribute_id].applies_to
        rank = {entity_type: i for i, entity_type in enumerate(order)}
        person = rank.get("person", len(order))
        return any(rank.get(self.facts.entities[e].type, len(order)) < person for e in entity_ids)

    def _only_holder(self, reading: Reading, attribute_id: str) -> str | None:
        """The one entity with a fact of an attribute the event cannot have, asked first thing with a
        cue and nothing else said ("Was war das Motto?": only the pop-up store had one)."""
        cued = {attribute_id, *(m.payload for m in reading.attributes)}  # "Datum?" cues the year too
        of_events = [a for a in cued if "event" in (*self.facts.attributes[a].applies_to,
                                                     *self.facts.attributes[a].undocumented_for)]  # fmt: skip
        if of_events or reading.unexplained or reading.loose or reading.kinds or reading.types:
            return None
        return self._query.sole_holder.get(attribute_id)

    def _more_of(
        self, context: tuple[str, ...], entities: list[str], attributes: list[str], reading: Reading
    ) -> Entity | None:
        """The thing of the last answer asked about with nothing but "more" ("mehr dazu", "tell me more
        about him"), when it has a card."""
        if not context or entities or attributes or reading.loose or reading.ordinal is not None:
            return None  # "erzähl mehr über das dritte" counts (see counting)
        if not MORE_WORDS & set(reading.tokens):
            return None
        person = self._referred_person(context) if reading.refers_back == "person" else None
        first = self.facts.entities[person or context[0]]
        return first if first.entry else None

    def _without_people_only(
        self, reading: Reading, entity_ids: list[str], attributes: list[str]
    ) -> list[str]:
        """Without the attributes only people have when only places are named and no post (whose holder
        is asked: "der Geschäftsführer aus dem Saarland, wie heißt der?"), if others are asked too."""
        if reading.posts or any(self.facts.entities[e].type not in ("place", "region") for e in entity_ids):
            return attributes
        kept = [a for a in attributes if self.facts.attributes[a].applies_to != ["person"]]
        return kept or attributes

    def _term_asked_what_for(self, reading: Reading, context: tuple[str, ...]) -> Entity | None:
        """The one term a question asks nothing but what it is for, with nothing else said (not even a
        group, nor what the last answer's facts say of it: "wie hilft die den KMU?" after the map)."""
        entities = [self.facts.entities[e] for e in reading.entity_ids]
        cued = {m.payload for m in reading.attributes}
        if len(entities) != 1 or entities[0].type != "term" or not entities[0].entry or cued != {PURPOSE}:
            return None
        term = entities[0]
        if reading.loose or reading.unexplained or reading.refers_back or reading.kinds:
            return None
        return None if any(self._query.says(self.facts.entities[s], term) for s in context) else term

    def _member_there(self, reading: Reading, entities: list[str]) -> tuple[Entity, list[str]] | None:
        """The one member of the group asked about ("der Verbund aus Mittelhessen") or the one thing of
        the type asked for ("Welches Beispiel war in Bayern?") whose facts name the one place or region
        named, and what else is asked of it (nothing, when only what it is called)."""
        places = [e for e in entities if self.facts.entities[e].type in ("region", "place")]
        if places != entities or len(places) != 1 or reading.refers_back:
            return None
        if len(reading.kinds) == 1:
            group = self._query.members({reading.kinds[0].payload})
        elif reading.one_of_types and not reading.kinds:
            group = [e for e in self.facts.entities.values() if e.type in reading.one_of_types]
        else:
            return None
        if reading.wants_person or reading.loose or reading.posts:
            return None  # "Who chairs the union district …?"
        # what names the type asked for ("welches Best-Practice-Beispiel") is not asked of it
        of_type = [m for m in reading.attributes
                   if reading.one_of_types & set(self.facts.attributes[m.payload].implied_by)]  # fmt: skip
        cued = {m.payload for m in reading.attributes
                if m.weight >= MIN_ASKING_WEIGHT and m.payload not in RELATIONS
                and not set(reading.tokens[m.start : m.end]) <= NAMING_WORDS
                and not any(m.within(t) for t in of_type)}  # fmt: skip
        there = [m for m in group if any(places[0] in fact.refs for fact in m.facts.values())]
        if len(there) != 1 or not there[0].entry:
            return None
        return there[0], [a for a in self._query.asked(reading) if a in cued]

    def _of_kind_asked(self, reading: Reading) -> list[str]:
        """The attributes that name a thing of the type of the kind asked for ("welches Bildungswerk?":
        an organisation, so the organisation)."""
        return self._naming_a({e.type for e in self._query.members({m.payload for m in reading.kinds})})

    def _naming_a(self, types: set[str]) -> list[str]:
        """The attributes that name a thing of one of these types (a session: the session)."""
        return [a.id for a in self.facts.attributes.values() if types & set(a.implied_by)]

    def _his_own(self, person_id: str, entities: list[str]) -> bool:
        """Whether the things named are all ones the person's facts name (his organisation)."""
        refs = {ref for fact in self.facts.entities[person_id].facts.values() for ref in fact.refs}
        return bool(entities) and set(entities) <= refs

    def _kind_after_the_event(self, reading: Reading, context: tuple[str, ...]) -> bool:
        """ "Und welche Themen hatten die Workshops?" after the event's end: a kind named with no word
        referring back asks about its members, not the event."""
        return bool(reading.kinds) and not reading.refers_back and set(context) == {self._query.event}

    def _another_of_its_type(self, reading: Reading, context: tuple[str, ...]) -> bool:
        """ "welcher Workshop ging um Netzwerkpartner?" after Workshop 3: asked which one of the type the
        last answer was about, by words its facts do not say, with no word referring back, the question
        looks among all of them (not "Which district?" after the DGB)."""
        if not (context and reading.one_of_types and reading.loose) or reading.refers_back:
            return False
        last = self.facts.entities[context[0]]
        return last.type in reading.one_of_types and not set(reading.loose) & _words_said(last)

    def _the_example_named(self, reading: Reading) -> bool:
        """ "Gab es den Pop-up-Store auch in Mannheim?" asks about the documented example, which its
        place corrects; "so einen Store" or "auch einen Pop-up-Store" would be another one."""
        return bool(reading.entities) and all(
            self.facts.entities[m.payload].type == "example"
            and m.start > 0 and reading.tokens[m.start - 1] in ARTICLES
            for m in reading.entities
        )  # fmt: skip

    def _only_a_place(self, reading: Reading, entities: list[str]) -> str | None:
        """The one place without a card that a question names (besides the event) and asks nothing else
        of: the answer is what the documentation says happened there."""
        things = [self.facts.entities[e] for e in entities if e != self._query.event]
        if len(things) != 1 or things[0].type != "place" or things[0].entry:
            return None
        asks_more = (reading.refers_back or reading.wants_person or reading.wants_list or reading.kinds
                     or reading.types or reading.unexplained or reading.elsewhere)  # fmt: skip
        return None if asks_more else things[0].id

    def _beside_kind_words(self, entities: list[str], reading: Reading) -> list[str]:
        """The entities named, without terms that are only a kind's word ("die WBV") beside another."""
        kind_spans = {(m.start, m.end) for m in reading.kinds}
        terms = {m.payload for m in reading.entities if (m.start, m.end) in kind_spans
                 and self.facts.entities[m.payload].type == "term"}  # fmt: skip
        rest = [e for e in entities if e not in terms]
        return rest if rest else entities

    def _asks_post(self, reading: Reading, entities: list[str], attributes: list[str]) -> bool:
        """Whether a question names one person and a post, and asks nothing else a person has: then it
        asks for the person's post (a question that says more, "DGB-Vorsitzender auf Bundesebene",
        is about somebody else)."""
        people = [e for e in entities if self.facts.entities[e].type == "person"]
        beside_post = {  # "Mr Rust is Leiter of what?": "Leiter" names his post, it asks for no workshop
            m.payload for m in reading.attributes if not any(m.overlaps(p) for p in reading.posts)
        } & set(attributes)
        return (
            len(people) == 1 and people == entities and bool(reading.posts) and not reading.unexplained
            and not any("person" in self.facts.attributes[a].applies_to for a in beside_post)
        )  # fmt: skip

    def _beyond_group(self, attributes: list[str], reading: Reading) -> list[str]:
        """The attributes asked beyond what the group asked for already says: "Welche Gewerkschaft war
        in der Eröffnungsrunde vertreten?" asks which organisation, as "Gewerkschaft" does."""
        members = {e.type for e in self._query.members({m.payload for m in reading.kinds})}
        group_types = members | {m.payload for m in reading.types}
        return [a for a in attributes if self._of_group(a, group_types)]

    def _of_group(self, attribute_id: str, group_types: set[str]) -> bool:
        """Whether an attribute asks something of a group's members beyond what the group says: not
        what the group itself names, nor what its members cannot have ("Welche Regionen waren
        vertreten?": regions are represented, they have no organisation)."""
        attribute = self.facts.attributes[attribute_id]
        if group_types & set(attribute.implied_by):
            return False
        return not group_types or bool(group_types & {*attribute.applies_to, *attribute.undocumented_for})

    def _more_than_known_of_a_person(self, reading: Reading) -> bool:
        """ "Is the Frank Schmidt from the workshop the football coach of 1. FC Heidenheim?": several
        words the knowledge base does not know, one of them a name (not merely the first word), and no
        cue specific enough to say which of the person's facts is asked: the question is about something
        the facts do not hold (the engine says so)."""
        names = [t for t in reading.unexplained_names if t != reading.tokens[0]]  # not "Since …"
        if len(reading.unexplained) < MANY_UNEXPLAINED or not names:
            return False  # "is Marc Brandt the actor from the TV?": two unknown words, one a name
        if any(m.weight >= RELATION_CUE_WEIGHT for m in reading.attributes):
            return False
        return any(self.facts.entities[e].type == "person" for e in reading.entity_ids)

    def _of_the_event(self, reading: Reading, attribute_id: str, first: bool) -> bool:
        """Whether a question that names nothing asks for an attribute of the (one) event: a specific
        cue of an attribute with an event-wide card ("wann gings los?"), and nothing else said. Asked
        ``first`` thing in a conversation, "das" or "es" can only be the event: "wann hat das angefangen?"
        (not the "es" of "there is": "wie viele gab es denn?" after a question left unanswered)."""
        cue = reading.attributes[0]
        # "wann wars aus?": a question word that asks for it, and nothing else said
        words = self.facts.question_words
        asked = not reading.loose and any(attribute_id in words.get(t, ()) for t in reading.tokens)
        return (
            self._query.event is not None
            and self.facts.attributes[attribute_id].card is not None
            and (cue.weight >= RELATION_CUE_WEIGHT or cue.size == len(reading.tokens) or asked)  # "fee?"
            and (reading.refers_back is None or (first and reading.refers_back == "thing"
                                                 and not EXISTENTIAL_VERBS.intersection(reading.tokens)))
            and not (reading.unexplained or reading.kinds or _types_beside(reading, attribute_id))
        )

    @staticmethod
    def _beside(attributes: list[str], reading: Reading) -> list[str]:
        """The attributes cued by something other than the words that name a related thing."""
        return [
            a for a in attributes
            if any(m.payload == a and not any(m.overlaps(t) for t in reading.related_things)
                   for m in reading.attributes)
            or not any(m.payload == a for m in reading.attributes)  # implied or carried over, not cued
        ]  # fmt: skip

    def _people_by_place(self, context: tuple[str, ...], entities: list[str]) -> bool:
        """Whether the last answer listed people and the follow-up names only places or regions."""
        types = {self.facts.entities[e].type for e in entities}
        listed = bool(context) and all(self.facts.entities[s].type == "person" for s in context)
        return listed and types <= {"region", "place"}

    def _event_only(self, attribute_id: str) -> bool:
        """Whether only the event has this attribute (its end): asked of "it", "it" is the event."""
        return self._query.event is not None and self.facts.attributes[attribute_id].applies_to == ["event"]

    def _naming(self, subjects: tuple[str, ...], attributes: list[str], named: set[str]) -> list[str]:
        """The subjects with a fact of these attributes that names every one of ``named``."""
        return [s for s in subjects if any(names(self.facts.entities[s], a, named) for a in attributes)]

    def _when_it_was(self, reading: Reading) -> bool:
        """Whether nothing but when something was is asked (no place, nothing else cued; a year alone
        says which one, it does not ask: "Was war beim Werkstattgespräch 2019?")."""
        # "Fand das Werkstattgespräch 2024 statt?", "… war doch 2023, oder?": the year asks
        whether = _asks_whether_it_was(reading) or checks_a_belief(reading)
        cued = {m.payload for m in reading.attributes if whether or not reading.tokens[m.start].isdecimal()}
        return bool(cued) and cued <= {DATE, YEAR_ATTRIBUTE} and not reading.elsewhere

    def _organisations_first(self, tiers: list[list[str]]) -> list[list[str]]:
        """The organisations of these tiers as a tier of their own before the rest."""
        referred = [e for tier in tiers for e in tier]
        organisations = [e for e in referred if self.facts.entities[e].type == "organisation"]
        return [t for t in (organisations, [e for e in referred if e not in organisations]) if t]

    @staticmethod
    def _not_the_one_man(reading: Reading, context_people: list[Entity]) -> bool:
        """Whether "sie", "ihre" or "they" after one man refers to what else the last answer named ("Bei
        welcher Organisation ist Marc Brandt?" – "In which Bundesland are they?": InSkills2Go's)."""
        one_man = len(context_people) == 1 and context_people[0].gender == "male"
        return (
            one_man and reading.refers_back == "person" and not (reading.kinds or reading.one_of_types)
            and bool(NOT_ONE_MAN.intersection(reading.tokens))
            and not SINGULAR_PRONOUNS.intersection(reading.tokens)
        )

    def _from_an_organisation(self, reading: Reading) -> bool:
        """Whether every cue is a bare "from" and names an organisation next ("from the DGB"): the
        question is about the organisation, not the region."""
        entities = self.facts.entities
        organisations = [m.start for m in reading.entities if entities[m.payload].type == "organisation"]
        return bool(reading.attributes) and all(
            reading.tokens[m.start : m.end] == ("from",)
            and any(m.end <= start <= m.end + 1 for start in organisations)
            for m in reading.attributes
        )

    def _implied(self, entity_ids: list[str]) -> list[str]:
        """The documented attributes a second named entity implies for the first: a fact of the first
        that names it ("Was hatte die IG Metall mit dem Pop-up-Store zu tun?": its partners), else by its
        type: an organisation its organisation, a region its region, a session its session."""
        first, *others = sorted(entity_ids, key=self._understander.best_entity_type)
        types = {self.facts.entities[other].type for other in others}
        entity = self.facts.entities[first]
        naming = [a for a in entity.facts if names(entity, a, set(others))]
        by_type = [
            a.id for a in self.facts.attributes.values()
            if types & set(a.implied_by) and a.id not in naming
            and (a.id in entity.facts or entity.type in a.undocumented_for)
        ]  # fmt: skip
        return naming + by_type

    def _kindred(self, attribute: str | None) -> list[str]:
        """The attribute a follow-up repeats, then those asked by the same question word: after "In
        welchem Jahr war der Pop-up-Store?", "und das Werkstattgespräch?" asks for its date."""
        if attribute is None:
            return []
        # the narrowest question word's: after "Woher kommt er?", "und Workshop 3?" is not about its venue
        family = min((f for f in self.facts.question_words.values() if attribute in f), key=len, default=[])
        return list(dict.fromkeys([attribute, *family]))

    @staticmethod
    def _subjects(conversation: Conversation | None) -> tuple[str, ...]:
        return conversation.subjects if conversation is not None else ()

    def _chosen_from_list(
        self, question: str, lang: Lang, reading: Reading, subjects: tuple[str, ...], attributes: list[str]
    ) -> Reply | None:
        """After a list, "welcher davon …" with a place named picks the one listed entity whose facts
        name it ("welcher davon kam aus dem Saarland?" after the WBV: the WBV Saarland), with a term the
        one whose facts say it ("welcher davon ging um Verstetigung?" after the workshops), and answers
        what else is asked of it ("… mit wem war das?": its partners), else gives its card."""
        # a bare "welcher" ("und welcher war zur Verstetigung?") refers to the list as "davon" does
        bare_which = bool(WHICH_WORDS.intersection(reading.tokens)) and not (reading.kinds or reading.types)
        if len(subjects) < 2 or not (reading.refers_back or bare_which):
            return None
        if not reading.entity_ids and reading.loose and not reading.related_things:  # "welcher davon ging
            # um Unternehmen?" (not "sein Workshop": his, not one listed)
            return self._chosen_by_words(question, lang, reading, subjects, attributes)
        if len(reading.entity_ids) != 1:
            return None
        named = reading.entity_ids[0]
        kind = self.facts.entities[named].type
        which = bool(WHICH_WORDS.intersection(reading.tokens))  # "welcher davon kommt von der Agentur?"
        if kind not in ("region", "place", "term") and not (kind == "organisation" and which):
            return None  # "und was macht das Bildungswerk?" after the panel asks about the Bildungswerk
        listed = [self.facts.entities[s] for s in subjects]
        if kind == "term":  # "welcher davon ging um Verstetigung?" after the workshops: the one saying it
            fitting = [e for e in listed if self._query.says(e, self.facts.entities[named])]
        else:
            fitting = [e for e in listed if any(named in fact.refs for fact in e.facts.values())]
        if len(fitting) != 1:
            return None
        chosen = fitting[0]
        asked = [a for a in attributes if not names(chosen, a, {named})]  # not how it was picked
        if not asked and reading.tokens[0] in CHECKING_VERBS:  # "ist das die aus Bayern?": what says so
            asked = [a for a, fact in chosen.facts.items() if named in fact.refs][:1]
        reply = self._attributes.answer(question, lang, [chosen.id], asked, reading) if asked else None
        if reply is None and chosen.entry:
            reply = self._replies.own_card(question, lang, chosen)
        return reply

    def _chosen_by_words(
        self, question: str, lang: Lang, reading: Reading, subjects: tuple[str, ...], attributes: list[str]
    ) -> Reply | None:
        """The one listed entity whose facts say every word the question adds: "welcher davon ging um
        Unternehmen?" after the workshops picks Workshop 2 ("Zusammenarbeit mit Unternehmen")."""
        listed = [self.facts.entities[s] for s in subjects]
        fitting = [e for e in listed if set(reading.loose) <= _words_said(e)]
        if len(fitting) != 1:
            return None
        chosen = fitting[0]
        if attributes:
            reply = self._attributes.answer(question, lang, [chosen.id], attributes, reading)
            if reply is not None:
                return reply
        return self._replies.own_card(question, lang, chosen) if chosen.entry else None

    def _saying(self, question: str, lang: Lang, reading: Reading, context: tuple[str, ...]) -> Reply | None:
        """After a term, "welcher Workshop …" that refers back asks for the one thing of that type whose
        facts say the term: its card."""
        terms = [self.facts.entities[s] for s in context if self.facts.entities[s].type == "term"]
        if len(terms) != 1 or not reading.refers_back or not reading.one_of_types:
            return None
        said = [e for e in self.facts.entities.values()
                if e.type in reading.one_of_types and e.entry and self._query.says(e, terms[0])]  # fmt: skip
        if len(said) > 1:  # "welcher Workshop": of the sessions, the one called a workshop
            said = called(said, set(reading.tokens))
        return self._replies.own_card(question, lang, said[0]) if len(said) == 1 else None

    def _referred_person(self, subjects: tuple[str, ...]) -> str | None:
        """The person among the last answer's subjects that "er", "sie" or "der" stands for."""
        return next((s for s in subjects if self.facts.entities[s].type == "person"), None)

    def _referred_to(self, subjects: tuple[str, ...], pronoun: str | None) -> list[list[str]]:
        """The last answer's entities, people first after "er/sie", things first after "es/dort"; failing
        those, what their facts name (one step: "wer war noch dabei?" after a panellist)."""
        is_person = [self.facts.entities[s].type == "person" for s in subjects]
        ordered = [s for s, person in sorted(zip(subjects, is_person, strict=True),
                                             key=lambda pair: pair[1] != (pronoun != "thing"))]  # fmt: skip
        hop = [ref for s in ordered for fact in self.facts.entities[s].facts.values() for ref in fact.refs]
        hop = [ref for ref in dict.fromkeys(hop) if ref not in ordered]
        if pronoun == "thing":  # "Does it have a website?" after a person: what his facts name first
            people = [s for s in ordered if self.facts.entities[s].type == "person"]
            things = [s for s in ordered if s not in people]
            # and what names the last answer's things: "who presented that?" after the IHK, a partner
            # of the pop-up store
            named_by = [e.id for e in naming(self.facts, set(things)) if e.type != "person"]
            nearby = [r for r in dict.fromkeys([*hop, *named_by]) if self.facts.entities[r].type != "person"]
            return [things, [r for r in nearby if r not in ordered], people]
        return [ordered, hop]

    def not_covered(self, question: str, lang: Lang, reading: Reading) -> Reply | None:
        """ "Wo kann ich bei der Veranstaltung parken?": what the documentation never covers, said
        plainly for the thing named (or the event), offering its card; no card is the candidate a
        curator would add the question to."""
        about = reading.entity_ids[0] if reading.entity_ids else self._query.event
        if about is None:
            return None
        return replace(self._replies.unknown_aspect(question, lang, about, FACT_SCORE), candidate=None)

    def named_card(self, question: str, lang: Lang, reading: Reading) -> Reply | None:
        """The card of the one entity a question names in full and nothing else, such as an exact job
        title ("Leiter Koordination und Strategie"); for when the ranked entries found nothing sure."""
        names = [m for m in reading.entities if m.size > 1]  # in full, if with a typo ("für arbiet")
        if len(reading.entity_ids) != 1 or not names or reading.unexplained or reading.wants_contact:
            return None  # whom to contact about a workshop: the contact cards decide
        outside = [t for i, t in enumerate(reading.tokens) if not names[0].start <= i < names[0].end]
        if any(token not in GENERIC_WORDS for token in outside):
            return None  # the question says more than the name: the ranked entries decide
        entity = self.facts.entities[names[0].payload]
        return self._replies.own_card(question, lang, entity) if entity.entry else None

    def _the_event_elsewhere(
        self, reading: Reading, entities: list[str], attributes: list[str], conversation: Conversation | None
    ) -> bool:
        """ "War das Werkstattgespräch in Frankfurt?", "Das war doch in Berlin, oder?" (nothing before
        it to refer to): whether the event took place somewhere, asked with nothing but the place."""
        named = entities == [self._query.event] or (
            not entities and conversation is None and reading.refers_back == "thing"
        )
        loose = [i for i, token in enumerate(reading.tokens) if token in reading.loose]
        only_the_place = bool(loose) and all(
            i > 0 and reading.tokens[i - 1] in PLACE_PREPOSITIONS for i in loose
        )  # not "Wie ist das Wetter in Berlin?"
        nothing_else = not (
            reading.wants_list or reading.wants_person or reading.kinds or reading.types
            or EXISTENTIAL_VERBS.intersection(reading.tokens)  # "Gab es jemanden aus NRW?"
            or set(attributes) - set(self._placed)  # "Was war beim … in Österreich?"
        )  # fmt: skip
        whether = _asks_whether_it_was(reading) or (
            checks_a_belief(reading) and bool(PAST_TENSE_VERBS.intersection(reading.tokens))
        )  # fmt: skip
        return named and only_the_place and nothing_else and whether

    def _only_a_backdrop(self, entities: list[str], attributes: list[str]) -> bool:
        """Whether the one thing named is an event (where) or a term (what about) that nothing asked
        applies to."""
        named = [self.facts.entities[e] for e in entities]
        return (
            len(named) == 1
            and named[0].type in ("event", "term")
            and bool(attributes)
            and not self._query.answerable(named[0], attributes)
        )

    def _asked_of_them(self, reading: Reading, entities: list[str], attribute_id: str) -> bool:
        """Whether a specific cue asks something the named entities themselves can answer."""
        cue = max((m.weight for m in reading.attributes if m.payload == attribute_id), default=0.0)
        return cue >= RELATION_CUE_WEIGHT and all(
            self._query.answerable(self.facts.entities[e], [attribute_id]) for e in entities
        )

    def _only_repeats(self, entity_id: str, attribute_id: str, said: tuple[str, ...]) -> bool:
        """Whether the entity's fact of this attribute names people, and none the last answer did not."""
        fact = self.facts.entities[entity_id].facts.get(attribute_id)
        if fact is None or not fact.refs or not set(fact.refs) <= set(said):
            return False
        return all(self.facts.entities[ref].type == "person" for ref in fact.refs)

    def _first_that_answers(
        self, tiers: list[list[str]], attributes: list[str], reading: Reading
    ) -> list[list[str]]:
        """The tiers of candidates, the first that can answer what is specifically asked first moved to
        the front: "Which partners did they run it with?" after Marc Brandt asks the pop-up store his
        facts name, not for something else of his (a question word alone decides nothing here). What
        the first cue's words may ask all counts as asked first: "wie kann ich den erreichen?" after a
        person asks how to reach him (his phone), not what his session wanted to achieve."""
        spans = {(m.start, m.end) for m in reading.attributes if m.payload in attributes[:1]}
        leading = [a for a in attributes if any(
            m.payload == a and (m.start, m.end) in spans for m in reading.attributes
        )] or attributes[:1]  # fmt: skip
        cue = max((m.weight for m in reading.attributes if m.payload in leading), default=0.0)
        if len(tiers) < 2 or cue < RELATION_CUE_WEIGHT:
            return tiers
        # a tier whose facts say it comes before one where it merely applies: "who presented that?"
        # after the IHK's card asks who presented the pop-up store the IHK was a partner of
        says = [i for i, tier in enumerate(tiers) if any(self._query.speaks_to_any(e, leading) for e in tier)]
        fits = says or [
            i for i, tier in enumerate(tiers)
            if any(self._query.answerable(self.facts.entities[e], leading) for e in tier)
        ]  # fmt: skip
        if not fits or fits[0] == 0:
            return tiers
        return [tiers[fits[0]], *(tier for i, tier in enumerate(tiers) if i != fits[0])]

    # --- for the engine -------------------------------------------------------------------------

    def card_of_fact_asked(self, entry_id: str, reading: Reading) -> bool:
        """Whether the entry is the card of a fact of an attribute the question cues that says every
        thing the question names ("Warum sollten WBV mit der Agentur zusammenarbeiten?": what the opening
        panel stressed says "Weiterbildungsverbünde"): the facts back the entry the words found."""
        named = [self.facts.entities[e] for e in reading.entity_ids]
        if not named or not reading.attributes:
            return False
        cued = {m.payload for m in reading.attributes}
        return any(
            fact.card == entry_id and attribute_id in cued and all(self._query.says(entity, n) for n in named)
            for entity in self.facts.entities.values() for attribute_id, fact in entity.facts.items()
        )  # fmt: skip

    def answerable(self, entity: Entity, attribute_ids: list[str]) -> bool:
        """Whether the facts can speak to any of these attributes of ``entity`` (or its card can)."""
        return self._query.answerable(entity, attribute_ids)

    def is_ellipsis(self, reading: Reading) -> bool:
        """A short follow-up that begins like "und …?" / "what about …?"."""
        return self._query.is_ellipsis(reading)

    def unknown_aspect(self, question: str, lang: Lang, entity_id: str, score: float) -> Reply:
        """Not confident: the question asks something of a known entity that the facts do not model."""
        return self._replies.unknown_aspect(question, lang, entity_id, score)

    def person_behind(
        self, question: str, lang: Lang, entry_id: str, reading: Reading, conversation: Conversation | None
    ) -> Reply | None:
        """A person described by something only the ranked entries found ("und der von der Wirtschaft?")."""
        return self._people.person_behind(question, lang, entry_id, reading, conversation)


def _stands_alone(reading: Reading) -> bool:
    """ "Which workshop dealt with cooperation with companies?": one thing of a type asked for by what it
    is about, with no word referring back, is no follow-up (unlike "Aus welchem Bundesland?"); nor is a
    question asking, by a question word alone, about words the knowledge base does not know ("wo kann ich
    mich beschweren?")."""
    if reading.refers_back:
        return False
    if reading.unexplained and all(m.weight <= QUESTION_WORD_WEIGHT for m in reading.attributes):
        return True
    if not reading.one_of_types:
        return False
    cued = {i for m in reading.attributes for i in range(m.start, m.end)}
    said = [t for i, t in enumerate(reading.tokens) if i not in cued and t not in GENERIC_WORDS]
    return len(said) >= 2


def _both(conversation: Conversation | None) -> tuple[str, ...]:
    """What "welcher davon" may choose from: the last answer's subjects; after two answers about one
    thing each ("Wer ist Marc Brandt?" – "Und Monika Luger?"), both."""
    if conversation is None:
        return ()
    if len(conversation.subjects) == 1 and len(conversation.earlier) == 1:
        return (*conversation.subjects, *conversation.earlier)
    return conversation.subjects


def _words_said(entity: Entity) -> set[str]:
    """The words of an entity's facts and summary, in both languages."""
    facts = (f"{fact.de} {fact.en}" for fact in entity.facts.values())
    texts = [entity.summary.de, entity.summary.en, *facts]
    return {token for text in texts for token in tokenize(text)}


def _asks_name(reading: Reading) -> bool:
    """ "Wie heißt er nochmal?", "what was she called?": only a naming word is cued, which asks for the
    name of the one referred to, not for a title."""
    cued = [t for m in reading.attributes for t in reading.tokens[m.start : m.end]]
    said_more = reading.related_things or reading.kinds or reading.types or reading.loose  # "ihr Workshop"
    return bool(cued) and NAMING_WORDS.issuperset(cued) and not said_more


def _only_counts(reading: Reading) -> bool:
    """ "wie viele?", "how many were there?": a question for a number and nothing else."""
    tokens = reading.tokens
    return any(t in COUNT_WORDS for t in tokens) and all(
        t in COUNT_WORDS or t in STOPWORDS or t in INTENT_OF_WORD for t in tokens
    )


def _asks_whether_it_was(reading: Reading) -> bool:
    """ "War das …?", "Fand … statt?", "Was it …?": a question that opens with a verb in the past tense
    (not "Was war beim …?", where "was" asks what)."""
    first, second = (*reading.tokens, "")[:2]
    return first in PAST_TENSE_VERBS and second not in PAST_TENSE_VERBS


def _asks_which_of_kind(reading: Reading) -> bool:
    """ "bei welchem Bildungswerk?": a kind's word right after a question word asks which one."""
    return any(m.start > 0 and reading.tokens[m.start - 1] in WHICH_WORDS for m in reading.kinds)


def _a_choice(reading: Reading) -> bool:
    """ "saarland oder hessen": two things named with "oder"/"or" between them."""
    return any(
        set(reading.tokens[before.end : after.start]) & CHOICE_WORDS
        for before, after in pairwise(reading.entities)
    )


def _types_beside(reading: Reading, attribute_id: str) -> list[Match]:
    """The types named outside the cues of the attribute asked ("how many people": its cue says the
    people; "How many best practice examples …?" names what is counted)."""
    cues = [m for m in reading.attributes if m.payload == attribute_id]
    return [t for t in reading.types if not any(t.start >= m.start and t.end <= m.end for m in cues)]
