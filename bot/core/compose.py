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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from bot.core.conversation import Conversation
from bot.core.facts import Facts
from bot.core.lexicon import (
    BELIEF_WORDS,
    CHECKING_VERBS,
    CONJUNCTIONS,
    COUNT_WORDS,
    SINGULAR_PRONOUNS,
    TAG_QUESTIONS,
    WHICH_WORDS,
    WHO_WORDS,
)
from bot.core.models import Attribute, Entity, Fact, Lang, Localized, LocalizedTitle
from bot.core.normalize import INTENT_OF_WORD, STOPWORDS, tokenize
from bot.core.relations import (
    RELATIONS,
    holders,
    joint_example,
    names,
    naming,
    near,
    overview_listing,
    overview_of_type,
    people_related,
    related,
)
from bot.core.reply import MAX_SUGGESTIONS, Link, Outcome, Reply
from bot.core.understand import (
    ARTICLES,
    EXISTENTIAL_VERBS,
    GENERIC_WORDS,
    IDENTITY_WORDS,
    Reading,
    Understander,
)

NAMING_WORDS = frozenset(tokenize("heißt hieß heißen called"))  # the name, not a title, of a person
STRONG_CUE_WEIGHT = 13.0  # a cue this specific ("Öffnungszeiten") is not overruled by a question word
MAX_LINKS = 4  # follow-up buttons under a fact: the entity's card and the cards of what the fact names
FACT_SCORE = 100.0  # composed answers are certain of what they say; the score is for logs and eval
MAX_ELLIPSIS_TOKENS = 5  # "und Workshop 2?", "und wann?": a follow-up, not a question of its own
ELSEWHERE_ANSWERED = ("person", "organisation", "example")  # their facts may correct a wrong place
ROLE = "role"  # the attribute that says what a person is called by their post
SESSION = "session"  # the attribute that says in which session a person spoke
DEFINITION = "definition"  # the attribute that says what a thing is
MANY_UNEXPLAINED = 2  # unknown names in a question about a person: more than a typo
QUESTION_WORD_WEIGHT = 1.0  # the weight of a cue that is a question word alone ("wo", "wann")
MAX_SAYING_TERMS = 2  # a term said by more things ("Verstetigung") describes nobody in particular
MIN_ASKING_WEIGHT = 4.0  # a cue this long asks for something ("Motto"); shorter ones may be filler ("hieß")
RELATION_CUE_WEIGHT = 6.0  # a cue this specific names the relation asked about ("vorgestellt", not "from")


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
        self._titles = titles
        self._understander = understander
        self._card_reply = card_reply
        ellipsis = facts.cues.ellipsis.all() if facts.cues else []
        self._ellipsis = {tuple(tokenize(words)) for words in ellipsis}
        events = [e.id for e in facts.entities.values() if e.type == "event"]
        self._event = events[0] if len(events) == 1 else None  # what a question naming nothing is about
        posts = facts.cues.posts.all() if facts.cues and facts.cues.posts else []
        self._post_words = frozenset(token for words in posts for token in tokenize(words))
        # the attributes whose facts name people somewhere: "Wer hat in den Workshops referiert?"
        self._about_people = {
            a for e in facts.entities.values() for a, fact in e.facts.items()
            if any(facts.entities[ref].type == "person" for ref in fact.refs)
        }  # fmt: skip
        # the numbers that each numbered name comes with ("workshop #": 1, 2, 3): "Workshop 4" is none
        self._numbers: dict[tuple[str, ...], set[int]] = {}
        for entity in facts.entities.values():
            pattern = _numbered(entity.name.de, None)
            if pattern is not None:
                number = next(int(t) for t in tokenize(entity.name.de) if t.isdecimal())
                self._numbers.setdefault(pattern, set()).add(number)
        # where a thing is or is from: what a place the documentation never mentions may still correct
        self._placed = sorted(
            a.id for a in facts.attributes.values() if {"place", "region"} & set(a.implied_by)
        )
        self._people = [e for e in facts.entities.values() if e.type == "person"]
        # the one entity with a fact of an attribute, where only one has: "Was war das Motto?"
        holders_of: dict[str, list[str]] = {}
        for entity in facts.entities.values():
            for attribute_id in entity.facts:
                holders_of.setdefault(attribute_id, []).append(entity.id)
        self._sole_holder = {a: ids[0] for a, ids in holders_of.items() if len(ids) == 1}
        # the words of every name and every fact, folded once here: what a fact says (see _says)
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

    def answer(
        self, question: str, lang: Lang, reading: Reading, conversation: Conversation | None
    ) -> Reply | None:
        if not self.facts.enabled:
            return None
        if any(self.facts.entities[n].type == "person" for n in reading.namesakes):
            return None  # "Thomas Rudolph vom DGB, was hat der gesagt?": somebody the facts do not know
        entities = reading.entity_ids
        if reading.namesakes and not set(entities) - {self._event}:
            return None  # "Wer ist Vorsitzender des DGB Bayern (bei der Tagung)?": of another branch
        if self._more_than_known_of_a_person(reading):
            return None
        if reading.unmodelled:  # "Wo kann ich parken?": no fact speaks to it (see not_covered)
            return None
        if self._numbered_none(reading):  # "Und wer leitet Workshop 4?": there is no fourth one
            return None
        of_gender = self._of_gender(question, lang, reading, self._subjects(conversation))
        if of_gender is not None:  # "Welche Frauen haben gesprochen?"
            return of_gender
        person_referred = conversation is not None and reading.refers_back == "person"
        if person_referred and (not reading.named_things or self._only_the_event(reading)):
            # "von welchem WBV ist der nochmal?": "WBV" names the kind asked for, not a thing; "welche
            # Rolle hatte er beim Werkstattgespräch?": the event is where, he is who
            entities = []
        attributes = self._asked(reading)
        thing_referred = conversation is not None and reading.refers_back == "thing"
        if thing_referred and self._only_an_event(entities, attributes):
            entities = []  # "What did it present at the event?": the event is where, "it" is what
        if reading.elsewhere:  # "Kommt Marc Brandt aus NRW?", "War der Pop-up-Store in Mainz?": where they
            # are from or were corrects it; anything else of a place the documentation never mentions is
            # not known ("Ergebnisse des Pop-up-Stores in Kaiserslautern"), nor lists or people described
            if reading.ordinal or (reading.also and not self._the_example_named(reading)):
                return None  # "Gibt es auch einen Pop-up-Store in Mannheim?": another one, not documented
            entities = [e for e in entities if self.facts.entities[e].type in ELSEWHERE_ANSWERED]
            placed = [a for a in attributes if a in self._placed]
            if attributes and not placed and _checks_a_belief(reading):
                placed = self._placed  # "Der Pop-up-Store war doch 2021 in Mainz, oder?": where it was
            attributes = placed if attributes else self._placed
            if not entities or not attributes:
                return None
        context = self._subjects(conversation)
        context_people = [self.facts.entities[s] for s in context if self.facts.entities[s].type == "person"]
        at_the_event = self._only_the_event(reading) and set(entities) <= set(reading.placed)
        if thing_referred and entities and at_the_event and set(context) - {self._event}:
            entities = []  # "Who represented it at the event?" after the DGB: "it" is the DGB
        if not entities and len(context) > 1 and _only_counts(reading):  # "wie viele?" after the workshops
            overview = overview_listing(self.facts, set(context))
            if overview is not None:
                return self._card_reply(overview, lang, question)
            listed = [self.facts.entities[s] for s in context]
            if all(e.type == "person" for e in listed):  # "Wie viele sind das?" after three people
                heading = self.facts.phrases.counted.get(lang).format(count=len(listed))
                return self._listing(question, lang, heading, listed)
        said = self._saying(question, lang, reading, context) if not entities else None
        if said is not None:  # "in welchem Workshop ging es darum?" after Verstetigung: Workshop 3
            return said
        chosen = self._chosen_from_list(question, lang, reading, _both(conversation), attributes)
        if chosen is not None:  # "welcher davon kam aus dem Saarland?" after a list of WBV
            return chosen
        one_person = person_referred and len(context_people) == 1
        if (
            not entities
            and context
            and reading.refers_back
            and reading.wants_list
            and reading.types
            and not one_person  # "Und für welche Organisation war er da?" after the one who presented
        ):
            theirs = self._typed_list(question, lang, reading, context)
            if theirs is not None:  # "Which organisations did they come from?" after the panel
                return theirs
        if (
            not entities
            and reading.kinds
            and context
            and self.is_ellipsis(reading)
            and all(self.facts.entities[s].type == "person" for s in context)
        ):  # "Who represented the trade unions?" – "and the employment agency?": its person
            described = self._described_person(question, lang, reading)
            if described is not None:
                return described
        rest = self._the_others(question, lang, reading, context)
        if rest is not None:  # "und die anderen beiden Workshops?" after Workshop 1
            return rest
        referred = self._referred_person(context) if person_referred else None
        if referred is not None and not entities and _asks_name(reading):  # "Wie heißt er nochmal?"
            person = self.facts.entities[referred]
            return self._card(question, lang, person, (person.entry or person.id,), None)
        named = [self.facts.entities[e] for e in entities]
        theirs = (
            not attributes
            or reading.names_within(attributes[0])
            or not any(self.answerable(e, attributes[:1]) for e in named)
        )
        if referred is not None and reading.named_things and referred not in entities and theirs:
            # "der war doch in der Eröffnungsrunde, oder?", "was he on the panel or in a workshop?": his
            entities = [referred, *entities]
        people = [e for e in entities if self.facts.entities[e].type == "person"]
        if self._asks_post(reading, entities, attributes):  # "Was ist Viktor Sauer für ein Geschäftsführer?"
            attributes = [ROLE, *attributes]
        joint = (joint_example(self.facts, entities)
                 if len(entities) > 1 and not people and not reading.wants_contact else None)  # fmt: skip
        if joint is not None and not attributes and joint.entry:
            # "Was hatte die BA mit dem WBV Saarland zu tun?": the example that names them both
            return self._card(question, lang, joint, (joint.entry,), None)
        if (
            joint is not None
            and attributes
            and self._speaks_to_any(joint.id, attributes[:1])
            and not any(self._speaks_to_any(e, attributes[:1]) for e in entities)
        ):  # "Partner IG Metall, IHK und …?", "Wo wurde die Zusammenarbeit vom WBV Saarland mit der BA
            # vorgestellt?": what none of them says, the example naming them all does
            entities = [joint.id]
        placed_only = all(self.facts.entities[e].type in ("region", "place") for e in entities)
        if (
            not attributes
            and entities
            and placed_only
            and context
            and reading.refers_back
            and not reading.unexplained
        ):
            # "Is that in Bavaria?" after ZUKUNFTmobil: where it is confirms or corrects it
            entities = [*self._referred_to(context, reading.refers_back)[0][:1], *entities]
        place = self._only_a_place(reading, entities) if not attributes else None
        if place is not None:  # "Ludwigshafen?", "Rhein Galerie – was war da?": what was there
            there = [e for e in naming(self.facts, {place}) if e.entry and e.type != "person"]
            if len(there) == 1:
                return self._card(question, lang, there[0], (there[0].entry or "", place), None)
            entities, attributes = [place], [DEFINITION]
        elif not attributes and len(entities) > 1 and (people or not reading.wants_person):
            attributes = self._implied(entities)  # "Viktor Sauer ist vom DGB, oder?": his organisation
        elif not attributes and people and reading.namesakes:  # "Ist Frank Schmidt von der Agentur für
            # Arbeit Hessen?": another branch of something that is not his: where he is, corrects it
            attributes = self._implied([*people, *reading.namesakes])
        if reading.wants_contact:  # whom to turn to: the contact cards, or the contact details not given
            attributes = [a for a in attributes if a in self.facts.contact_attributes]
        group_person = (
            bool(reading.kinds)
            and reading.wants_person
            and not reading.wants_list
            and self._only_the_event(reading)
        )  # "Who represented the trade unions (at the event)?": the unions' person
        described = (reading.describes_person or reading.person_kinds or group_person) and not (
            reading.wants_contact
        )
        if (
            described
            and not reading.describes_person
            and entities
            and attributes
            and (self._asked_of_them(reading, entities, attributes[0]) and not self._only_the_event(reading))
        ):  # "wofür steht DGB, Deutscher Gewerkschafts…?": a word of a group does not make it its person
            # ("who spoke for the unions at the event?" asks for the union's person all the same)
            described = False
        if described and not people and not reading.wants_list and (entities or reading.person_kinds):
            # "die Frau mit der Landkarte aus Bayern, wie heißt die?": the person, then what is asked of
            # her; "and which one was from the employment agency?": the person, not the last answer's
            reply = self._described_person(question, lang, reading, context)
            if reply is not None:
                return reply
        member = self._member_there(reading, entities) if not (reading.wants_list or described) else None
        if member is not None:  # "Wie hieß der Verbund aus Mittelhessen?": the one WBV there
            return self._card(question, lang, member, (member.entry or member.id,), None)
        if entities and reading.wants_list and reading.kinds and self._only_the_event(reading):
            listed = self._list_answer(question, lang, reading)  # "Welche WBV waren beim Werkstattgespräch?"
            if listed is not None:
                return listed
        beside = self._beside(attributes, reading) if reading.related_things else []
        if beside:  # "der Verbund von Frank Schmidt": "Verbund" names a thing, not the attribute asked,
            # when something else is asked of it or of him ("Aus welcher Region stammt …?"); not when
            # that is only its name ("What's Frank Schmidt's organisation called?")
            owners = entities or ([referred] if referred is not None else [])  # "seine Organisation"
            related = self._of_related_thing(question, lang, owners[0], beside, reading) if (
                len(owners) == 1) else None  # fmt: skip
            if related is not None:
                return related
            if entities and self.answerable(self.facts.entities[entities[0]], beside):
                attributes = beside
        focus = self._beside_kind_words(entities, reading)
        if (
            len(focus) == 1
            and attributes
            and not (reading.elsewhere or reading.unexplained or reading.describes_person)
        ):  # "der vom Ludwigshafener Store" is somebody there, not a thing
            there = self._of_thing_there(question, lang, focus[0], attributes, reading)
            if there is not None:  # "Was war das Motto in Ludwigshafen?": the pop-up store's; "warum
                return there  # sollten die WBV mit der Agentur für Arbeit zusammenarbeiten?": the panel's
        if (
            len(entities) == 1
            and attributes
            and not (reading.elsewhere or reading.unexplained or reading.describes_person)
        ):
            part = self._of_their_part(question, lang, entities[0], attributes, reading)
            if part is not None:  # "Was hat Michael Rudolph gesagt?": what the opening panel stressed
                return part
        if not entities and context and self.is_ellipsis(reading):  # "und wann?": all a "wann" asks
            attributes = list(dict.fromkeys([*attributes, *self._by_question_word(reading)]))
        tiers = [entities]
        counted = self._counted(context, reading) if not entities and context else None
        if counted is None and not entities:
            counted = self._nth_of_kind(reading)  # "Was war der erste Programmpunkt?"
        if counted is not None:  # "und den dritten?": the third of a list, or Workshop 3 after Workshop 1
            attributes = attributes or self._kindred(conversation.attribute if conversation else None)
            tiers = [[counted.id]]
        elif (
            not entities
            and context
            and (attributes or reading.refers_back)
            and not (_stands_alone(reading) or self._kind_after_the_event(reading, context))
        ):
            if len(context_people) > 1 and SINGULAR_PRONOUNS.intersection(reading.tokens):
                return self._which_person(question, lang, context_people)  # "und welche Position hat der?"
            tiers = self._referred_to(context, reading.refers_back)  # "und wo kommt sie her?"
            kinds = {m.payload for m in reading.kinds}
            of_kind = [e for tier in tiers for e in tier if kinds & set(self.facts.entities[e].kinds)]
            if of_kind and reading.refers_back == "thing":  # "Wie lautete der Titel dieses Workshops?"
                tiers = [of_kind, *tiers]
            weak = not any(m.weight >= RELATION_CUE_WEIGHT for m in reading.attributes)  # not "from"
            if weak and reading.wants_person and reading.refers_back == "thing":
                attributes = self._by_question_word(reading)  # "Wer kam von dort?": its people
            elif (
                weak and attributes and all(self._by_question_word_only(reading, a) for a in attributes)
                and not (reading.loose or reading.kinds)
                and not any(self._speaks_to_any(e, attributes) for e in tiers[0])
            ):
                # "Wo ist das?" after ZUKUNFTmobil: what "wo" asks of it (its region), not of what it names
                own = [a for a in self._by_question_word(reading)
                       if any(self._speaks_to_any(e, [a]) for e in tiers[0])]  # fmt: skip
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
            if attributes and self._event_only(attributes[0]) and self._event not in tiers[0]:
                tiers = [[self._event], *tiers]  # "and when did it end?" after the programme: the event
        elif not entities and not context and attributes and self._of_the_event(
            reading, attributes[0], first=conversation is None
        ):
            attributes = attributes[:1]  # "wann gings los?": the event's start, said to be undocumented
            tiers = [[self._event]]
        elif not entities and conversation is None and attributes and (
            holder := self._only_holder(reading, attributes[0])
        ):
            tiers = [[holder]]  # "was war das Motto?": the pop-up store's, the only one there was
        elif (
            entities
            and not attributes
            and context
            and self.is_ellipsis(reading)
            and not self._what_it_is(reading)
        ):
            if self._people_by_place(context, entities) and not conversation.contact:  # "und aus Bayern?":
                return self._described_person(question, lang, reading)  # its people
            attributes = self._kindred(conversation.attribute)  # "und Workshop 2?"
            if reading.also:  # "und die IG Metall auch?": the last fact, if it names the IG Metall
                tiers = [self._naming(context, attributes, set(entities)), entities]
        for tier in self._first_that_answers(tiers, attributes, reading):
            reply = (
                self._attribute_answer(question, lang, tier, attributes, reading)
                if tier and attributes else None
            )  # fmt: skip
            if reply is not None:
                return self._for_each_named(question, lang, reply, reading) or reply
        if reading.elsewhere:
            return None
        if counted is not None and counted.entry:  # "und der zweite?" after the panel: his card
            return self._card(question, lang, counted, (counted.entry,), None)
        return self._lists_and_people(question, lang, reading, asked=self._beyond_group(attributes, reading))

    def _of_gender(
        self, question: str, lang: Lang, reading: Reading, context: tuple[str, ...]
    ) -> Reply | None:
        """ "Welche Frauen haben gesprochen?", "the woman from the workshops": the people of the gender
        asked for among those the question describes (everybody, when it names nothing but the event),
        when that narrows them; asked more than who she is ("Woher kam die Frau?"), that of her."""
        if reading.gender is None or reading.unexplained:
            return None
        named = [self.facts.entities[e] for e in reading.entity_ids if e != self._event]
        if any(e.type == "person" for e in named):
            return None
        targets = {e.id for e in named}
        if not targets and reading.refers_back == "thing":  # "die Frau von denen" after ZUKUNFTmobil
            targets = {s for s in context[:1] if self.facts.entities[s].type != "person"}
        kinds = {m.payload for m in [*reading.person_kinds, *reading.kinds]}
        people = people_related(self.facts, targets, kinds) if targets or kinds else self._people
        of_gender = [p for p in people if p.gender == reading.gender]
        if not of_gender or len(of_gender) == len(people):
            return None  # "der Mann vom DGB": the one described anyway, as any other question
        if len(of_gender) > 1:
            return self._listing(question, lang, self.facts.phrases.people_of.get(lang), of_gender)
        person = of_gender[0]
        # what describes her ("die Frau aus Bayern") is not asked; "Woher kam die Frau?" asks her region
        described_by = targets | {e.id for e in self._members(kinds)}
        describing = {a for a, fact in person.facts.items() if described_by & set(fact.refs)}
        asked = [a for a in self._asked(reading) if a not in describing and self._applies(
            person, self.facts.attributes[a])]  # fmt: skip
        if asked and not WHO_WORDS.intersection(reading.tokens):  # "Woher kam die Frau …?": her region
            reply = self._attribute_answer(question, lang, [person.id], asked, reading)
            if reply is not None:
                return reply
        return self._card(question, lang, person, (person.entry or person.id,), None)

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
        return self._sole_holder.get(attribute_id)

    def _member_there(self, reading: Reading, entities: list[str]) -> Entity | None:
        """The one member of the group asked about whose facts name the one place or region named, when
        nothing else is asked of it than what it is called."""
        places = [e for e in entities if self.facts.entities[e].type in ("region", "place")]
        if len(reading.kinds) != 1 or places != entities or len(places) != 1 or reading.refers_back:
            return None
        asked = [m for m in reading.attributes if m.weight >= MIN_ASKING_WEIGHT and m.payload not in RELATIONS
                 and not set(reading.tokens[m.start : m.end]) <= NAMING_WORDS]  # fmt: skip
        if reading.wants_person or reading.loose or reading.posts or asked:
            return None  # "Who chairs the union district …?", "Lief der Saarland-Verbund unter dem Motto …?"
        there = [m for m in self._members({reading.kinds[0].payload})
                 if any(places[0] in fact.refs for fact in m.facts.values())]  # fmt: skip
        return there[0] if len(there) == 1 and there[0].entry else None

    def _kind_after_the_event(self, reading: Reading, context: tuple[str, ...]) -> bool:
        """ "Und welche Themen hatten die Workshops?" after the event's end: a kind named with no word
        referring back asks about its members, not the event."""
        return bool(reading.kinds) and not reading.refers_back and set(context) == {self._event}

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
        things = [self.facts.entities[e] for e in entities if e != self._event]
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
        members = {e.type for e in self._members({m.payload for m in reading.kinds})}
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

    def _lists_and_people(
        self, question: str, lang: Lang, reading: Reading, asked: list[str]
    ) -> Reply | None:
        """What a question no fact answered may still ask for: a list of a kind or a type, whoever holds a
        post, or a person described by a relation; ``asked``: the attributes it asks for."""
        named = reading.named_things
        if not named and reading.wants_list and reading.kinds:
            return self._list_answer(question, lang, reading)
        one_type = len({m.payload for m in reading.types}) == 1
        asked_more = [m for m in reading.attributes if not any(m.overlaps(t) for t in reading.types)]
        if not named and reading.wants_list and one_type and not (asked_more or reading.wants_contact):
            overview = overview_of_type(self.facts, reading.types[0].payload)  # "zähl alle Referenten auf"
            if overview is not None:
                return self._card_reply(overview, lang, question)
        if named and reading.wants_list and (reading.types or reading.kinds) and not asked:
            typed = self._typed_list(question, lang, reading)  # "Welche Organisationen waren im Podium?"
            if typed is not None:
                return typed
        asks_person = reading.wants_person or any(m.payload == "person" for m in reading.types)
        if not named and asks_person and not reading.wants_contact:
            holding = self._holding(question, lang, reading)  # "Which speaker is a managing director?"
            if holding is not None:
                return holding
            doing = self._people_who(question, lang, reading)  # "Wer hat einen Workshop geleitet?"
            if doing is not None:
                return doing
        # "Wem sollten die Ergebnisse der Workshops nützen?" asks what they were for, not for people
        of_people = not asked or any(
            "person" in self.facts.attributes[a].applies_to or a in self._about_people for a in asked
        )
        if (asks_person or reading.person_kinds) and of_people and not reading.wants_contact:
            return self._described_person(question, lang, reading)  # "Which speakers came from Hesse?"
        return None

    def _post_holders(self, reading: Reading) -> list[Entity]:
        """The people whose role says the post asked about ("Vorsitzender"); asked for the head of
        something ("Chef", "head"), whoever's role says any post."""
        posts = [m for m in reading.posts if m.payload == "post"]
        if posts:
            words = tuple(t for m in posts for t in reading.tokens[m.start : m.end] if t not in GENERIC_WORDS)
            return holders(self.facts, ROLE, words)
        found = {p.id: p for word in self._post_words for p in holders(self.facts, ROLE, (word,))}
        return list(found.values())

    def _holding(self, question: str, lang: Lang, reading: Reading) -> Reply | None:
        """The people whose documented role says what the question calls them ("Wer war der
        Vorsitzende?"); none when the question names an organisation or a group as well, or says
        more than the facts explain ("Wer ist der Geschäftsführer von Siemens?")."""
        if reading.entity_ids or reading.kinds or reading.person_kinds or reading.unexplained:
            return None
        cues = [m for m in reading.attributes if m.payload == ROLE and m.weight >= RELATION_CUE_WEIGHT]
        people = holders(self.facts, ROLE, reading.tokens[cues[0].start : cues[0].end]) if cues else []
        if len(people) == 1:
            return self._card(question, lang, people[0], (people[0].entry or people[0].id,), None)
        heading = self.facts.phrases.people_of.get(lang)
        return self._listing(question, lang, heading, people) if people else None

    def _people_who(self, question: str, lang: Lang, reading: Reading) -> Reply | None:
        """The people with a fact of what a question naming nothing asks them to have done, when only
        some have one ("Wer hat etwas vorgestellt?"); not what everybody has (a session, an
        organisation), nor when a group is named too (see :meth:`_described_person`)."""
        if reading.kinds or reading.person_kinds or reading.types or reading.unexplained:
            return None
        cued = [m.payload for m in reading.attributes if m.weight >= RELATION_CUE_WEIGHT]
        for attribute in dict.fromkeys(cued):
            people = [p for p in self._people if attribute in p.facts]
            # what their fact names, if the attribute implies it: "vorgestellt" an example, not a debate
            implied = set(self.facts.attributes[attribute].implied_by)
            people = [p for p in people if implied & self._types_named(p, attribute)] or people
            if 0 < len(people) < len(self._people):
                if len(people) == 1:
                    return self._card(question, lang, people[0], (people[0].entry or people[0].id,), None)
                return self._listing(question, lang, self.facts.phrases.people_of.get(lang), people)
        return None

    def _types_named(self, entity: Entity, attribute_id: str) -> set[str]:
        return {self.facts.entities[ref].type for ref in entity.facts[attribute_id].refs}

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
        return (
            self._event is not None
            and self.facts.attributes[attribute_id].card is not None
            and (cue.weight >= RELATION_CUE_WEIGHT or cue.size == len(reading.tokens))  # "fee?" alone
            and (reading.refers_back is None or (first and reading.refers_back == "thing"
                                                 and not EXISTENTIAL_VERBS.intersection(reading.tokens)))
            and not (reading.unexplained or reading.kinds or reading.types)
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

    def _of_related_thing(
        self, question: str, lang: Lang, entity_id: str, attributes: list[str], reading: Reading
    ) -> Reply | None:
        """ "Was war das Ziel vom Workshop mit Frank Schmidt?", "Hat die Organisation von Frank Schmidt
        eine Website?": asked of the one workshop or organisation his facts name, not of him."""
        if attributes[0] == DEFINITION:  # "What is her organisation?" asks which it is: hers
            return None
        entity = self.facts.entities[entity_id]
        types = {m.payload for m in reading.related_things} - {entity.type}
        refs = dict.fromkeys(ref for fact in entity.facts.values() for ref in fact.refs)
        things = [self.facts.entities[ref] for ref in refs if self.facts.entities[ref].type in types]
        if len(things) > 1:  # "vom Workshop mit der Landkarte": of its sessions, the one called a workshop
            words = {t for m in reading.related_things for t in reading.tokens[m.start : m.end]}
            things = _called(things, words)
        if len(things) != 1:
            return None
        thing = things[0]
        if not self.answerable(thing, attributes[:1]) and self._by_question_word_only(reading, attributes[0]):
            # "Wo ist der Verbund von Frank Schmidt?": of what "wo" asks, what the thing has (its region)
            attributes = [a for a in self._by_question_word(reading) if self.answerable(thing, [a])]
        # what is asked first must be the thing's: "Der Workshop von Frank Schmidt war doch Nummer 1?" asks
        # for his session, not the workshop's phone number
        if not attributes or not self.answerable(thing, attributes[:1]):
            return None
        return self._attribute_answer(question, lang, [thing.id], attributes, reading)

    @staticmethod
    def _by_question_word_only(reading: Reading, attribute_id: str) -> bool:
        """Whether the attribute is cued by a question word alone ("wo"), not by a word of its own."""
        cues = [m for m in reading.attributes if m.payload == attribute_id]
        return bool(cues) and all(m.weight <= QUESTION_WORD_WEIGHT for m in cues)

    def _of_their_part(
        self, question: str, lang: Lang, entity_id: str, attributes: list[str], reading: Reading
    ) -> Reply | None:
        """A person asked for what only a session or an example has (what was said or stressed): the
        one thing of the types the attribute names as ``via`` (attributes.yaml) that their facts name;
        its fact says what was said there, and where the documentation does not say who said what, so."""
        entity = self.facts.entities[entity_id]
        if entity.type != "person" or self.answerable(entity, attributes):
            return None
        refs = [self.facts.entities[ref] for fact in entity.facts.values() for ref in fact.refs]
        for attribute_id in attributes:
            for via in self.facts.attributes[attribute_id].via:
                things = list({e.id: e for e in refs if e.type == via}.values())
                if len(things) == 1 and self.answerable(things[0], [attribute_id]):
                    reply = self._attribute_answer(question, lang, [things[0].id], [attribute_id], reading)
                    # "und welche Funktion hat er?" still asks about the person
                    return reply and replace(reply, subjects=(entity.id, *reply.subjects))
        return None

    def _of_thing_there(
        self, question: str, lang: Lang, entity_id: str, attributes: list[str], reading: Reading
    ) -> Reply | None:
        """A place or region asked for what only a thing there has ("das Motto in Ludwigshafen"): the
        one thing whose facts name the place and answer it; an organisation asked for what only a session
        or an example has ("Was haben die über die Arbeitsagentur gesagt?"): the one such fact that
        says its name."""
        entity = self.facts.entities[entity_id]
        if self.answerable(entity, attributes[:1]):  # what is asked first: "warum … zusammen arbeiten"
            return None  # asks why, not with whom
        of_people = "person" in self.facts.attributes[attributes[0]].applies_to
        if entity.type in ("place", "region"):
            things = [
                e
                for e in naming(self.facts, {entity_id})
                if self.answerable(e, attributes) and e.id not in reading.namesakes
            ]  # "den Pop-up-Store 2024 in der Rhein Galerie"
        elif entity.type == "organisation" and not of_people:
            things = [e for e in self.facts.entities.values() if self._says(e, entity, attributes[0])]
        else:
            return None
        if len(things) != 1:
            return None
        if entity.type in ("place", "region") and not self._speaks_to_any(things[0].id, attributes[:1]):
            # "Das Motto war „Das Saarland qualifiziert“, oder?": the one thing that has one corrects it
            holder = self._sole_holder.get(attributes[0])
            things = [self.facts.entities[holder]] if holder else things
        return self._attribute_answer(question, lang, [things[0].id], attributes, reading)

    def _people_by_place(self, context: tuple[str, ...], entities: list[str]) -> bool:
        """Whether the last answer listed people and the follow-up names only places or regions."""
        types = {self.facts.entities[e].type for e in entities}
        listed = bool(context) and all(self.facts.entities[s].type == "person" for s in context)
        return listed and types <= {"region", "place"}

    def _event_only(self, attribute_id: str) -> bool:
        """Whether only the event has this attribute (its end): asked of "it", "it" is the event."""
        return self._event is not None and self.facts.attributes[attribute_id].applies_to == ["event"]

    def _only_the_event(self, reading: Reading) -> bool:
        """Whether the question names nothing but the event (which is what everything belongs to) and
        the kinds it asks about."""
        named = reading.named_things
        return all(self.facts.entities[m.payload].type == "event" for m in named)

    def _numbered_none(self, reading: Reading) -> bool:
        """Whether the question names a numbered thing ("Workshop 4") of which no such number exists."""
        number = reading.ordinal
        if number is None or reading.entity_ids:
            return False
        named = [p for p in self._numbers if set(p) - {"#"} <= set(reading.tokens)]
        return bool(named) and not any(number in self._numbers[p] for p in named)

    def _counted(self, context: tuple[str, ...], reading: Reading) -> Entity | None:
        """The entity a lone number refers to: after a list (several entities of one type), its entry
        at that place; after one entity whose name carries a number, its namesake with the new number."""
        number = reading.ordinal
        if number is None or (not self.is_ellipsis(reading) and len(reading.loose) > 1):
            return None  # "erzähl mehr über das dritte" and "und nr 3?" count; a new question does not
        subjects = [self.facts.entities[s] for s in context]
        listed = [s for s in subjects if s.type == subjects[-1].type]  # the people a fact names, say
        if len(listed) > 1:
            return listed[number - 1] if 0 < number <= len(listed) else None
        pattern = _numbered(subjects[0].name.de, None)
        if pattern is None:
            return None
        siblings = [e for e in self.facts.entities.values() if _numbered(e.name.de, number) == pattern]
        return siblings[0] if len(siblings) == 1 else None

    def _nth_of_kind(self, reading: Reading) -> Entity | None:
        """ "Was war der erste Programmpunkt?": the member at that place of the one group the question
        names, in the order the documentation gives them (the order of ``entities.yaml``)."""
        kinds = {m.payload for m in reading.kinds}
        if reading.ordinal is None or len(kinds) != 1:
            return None
        members = self._members(kinds)
        return members[reading.ordinal - 1] if 0 < reading.ordinal <= len(members) else None

    def _naming(self, subjects: tuple[str, ...], attributes: list[str], named: set[str]) -> list[str]:
        """The subjects with a fact of these attributes that names every one of ``named``."""
        return [s for s in subjects if any(names(self.facts.entities[s], a, named) for a in attributes)]

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

    def _by_question_word(self, reading: Reading) -> list[str]:
        """The attributes a question word alone asks for ("wann": date, start, end, year)."""
        words = self.facts.question_words
        return next((list(words[token]) for token in reading.tokens if token in words), [])

    def _kindred(self, attribute: str | None) -> list[str]:
        """The attribute a follow-up repeats, then those asked by the same question word: after "In
        welchem Jahr war der Pop-up-Store?", "und das Werkstattgespräch?" asks for its date."""
        if attribute is None:
            return []
        # the narrowest question word's: after "Woher kommt er?", "und Workshop 3?" is not about its venue
        family = min((f for f in self.facts.question_words.values() if attribute in f), key=len, default=[])
        return list(dict.fromkeys([attribute, *family]))

    def _asked(self, reading: Reading) -> list[str]:
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
            if family and following and not following & set(family):
                continue  # "Which partner …": the question word asks for what its next word cues
            # a broad question word ("wo") does not narrow to what it alone cues: "wo finde ich die Folien?"
            alone = {m.payload for m in reading.attributes if reading.tokens[m.start : m.end] == (word,)}
            narrowed = [a for a in cued if family and a in family and (len(family) == 1 or a not in alone)]
            if narrowed and (cued[0] in narrowed or strongest < STRONG_CUE_WEIGHT):
                return narrowed + [a for a in cued if a not in narrowed]
        return cued  # "Wann hatte er geöffnet, also Öffnungszeiten?": a long, specific cue beats "wann"

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
            fitting = [e for e in listed if self._says(e, self.facts.entities[named])]
        else:
            fitting = [e for e in listed if any(named in fact.refs for fact in e.facts.values())]
        if len(fitting) != 1:
            return None
        chosen = fitting[0]
        asked = [a for a in attributes if not names(chosen, a, {named})]  # not how it was picked
        if not asked and reading.tokens[0] in CHECKING_VERBS:  # "ist das die aus Bayern?": what says so
            asked = [a for a, fact in chosen.facts.items() if named in fact.refs][:1]
        reply = self._attribute_answer(question, lang, [chosen.id], asked, reading) if asked else None
        if reply is None and chosen.entry:
            reply = self._card(question, lang, chosen, (chosen.entry,), None)
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
        if attributes and (reply := self._attribute_answer(question, lang, [chosen.id], attributes, reading)):
            return reply
        return self._card(question, lang, chosen, (chosen.entry,), None) if chosen.entry else None

    def _saying(self, question: str, lang: Lang, reading: Reading, context: tuple[str, ...]) -> Reply | None:
        """After a term, "welcher Workshop …" that refers back asks for the one thing of that type whose
        facts say the term: its card."""
        terms = [self.facts.entities[s] for s in context if self.facts.entities[s].type == "term"]
        if len(terms) != 1 or not reading.refers_back or not reading.one_of_types:
            return None
        said = [e for e in self.facts.entities.values()
                if e.type in reading.one_of_types and e.entry and self._says(e, terms[0])]  # fmt: skip
        if len(said) > 1:  # "welcher Workshop": of the sessions, the one called a workshop
            said = _called(said, set(reading.tokens))
        return self._card(question, lang, said[0], (said[0].entry,), None) if len(said) == 1 else None

    def _which_person(self, question: str, lang: Lang, people: list[Entity]) -> Reply:
        """Asked about "him" after an answer that named several people: which one is open, so the bot
        asks back and offers them."""
        return Reply(
            question, lang, Outcome.SUGGEST, self.facts.phrases.which_person.get(lang), score=FACT_SCORE,
            suggestions=tuple(self._link(p, lang) for p in people if p.entry)[:MAX_SUGGESTIONS],
        )  # fmt: skip

    def _says(self, entity: Entity, term: Entity, attribute_id: str | None = None) -> bool:
        """Whether one of the entity's facts (of that attribute, if one is given) says the term's name
        or one of its aliases."""
        names = self._name_words[term.id]
        for attribute, (said, starts) in self._fact_words[entity.id].items():
            if attribute_id in (None, attribute) and any(
                said[i : i + len(n)] == n for n in names for i in starts.get(n[0], ())
            ):
                return True
        return False

    def _the_others(
        self, question: str, lang: Lang, reading: Reading, subjects: tuple[str, ...]
    ) -> Reply | None:
        """ "und die anderen beiden Workshops?" after one of them: the rest of the group named; "and the
        other two?" after a panellist, the rest of those a fact names with him."""
        if not (reading.others and subjects):
            return None
        if not reading.kinds and len(reading.entity_ids) == 1:  # "Who else was on that panel?" after one
            rest = self._others_there(reading.entity_ids[0], subjects, self._asked(reading))
            if rest:
                return self._listing(question, lang, self.facts.phrases.related_of.get(lang), rest)
        if not reading.kinds:
            if reading.entity_ids or reading.loose:  # "den anderen, den mit den Unternehmen": not only others
                return None
            if reading.wants_person and self.facts.entities[subjects[0]].type != "person":
                return None  # "and who else?" after the pop-up store: its people, not other examples
            fellows = self._fellows(subjects[0])
            return self._listing(question, lang, self.facts.phrases.related_of.get(lang), fellows) if (
                fellows) else None  # fmt: skip
        group = self._members({m.payload for m in reading.kinds})
        rest = [e for e in group if e.id not in subjects]
        if len(rest) == len(group) or not rest:
            return None  # the last answer was not one of the group
        return self._listing(question, lang, self._kind_heading(reading.kinds[0].payload, lang), rest)

    def _others_there(self, named: str, subjects: tuple[str, ...], asked: list[str]) -> list[Entity]:
        """The people a fact of ``named`` (of what is asked, first) names besides the last answer's."""
        said = {s for s in subjects if self.facts.entities[s].type == "person"}
        entity = self.facts.entities[named]
        for attribute in sorted(entity.facts, key=lambda a: a not in asked):
            people = self._people_named(entity.facts[attribute])
            if said and said < set(people):
                return [self.facts.entities[p] for p in people if p not in said]
        return []

    def _fellows(self, subject: str) -> list[Entity]:
        """The others of the narrowest fact that names ``subject`` among several of its type (the
        panel's speakers for one of them, not everybody at the event)."""
        kind = self.facts.entities[subject].type
        facts = [fact for entity in self.facts.entities.values() for fact in entity.facts.values()]
        groups = [
            [self.facts.entities[r] for r in fact.refs if self.facts.entities[r].type == kind]
            for fact in facts if subject in fact.refs
        ]  # fmt: skip
        group = min((g for g in groups if len(g) > 1), key=len, default=[])
        return [e for e in group if e.id != subject]

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

    def person_behind(
        self, question: str, lang: Lang, entry_id: str, reading: Reading, conversation: Conversation | None
    ) -> Reply | None:
        """A person described by something only the ranked entries found ("und der von der Wirtschaft?"
        finds the Bildungswerk der Hessischen Wirtschaft): its one person, among the last answer's first."""
        entity = self.facts.of_entry(entry_id)
        if entity is None or entity.type == "person" or not reading.describes_person:
            return None
        people = [p for p in self.facts.entities.values()
                  if p.type == "person" and related(self.facts, p, {entity.id}, set())]  # fmt: skip
        context = set(conversation.subjects) if conversation is not None else set()
        chosen = [p for p in people if p.id in context] or people
        if len(chosen) != 1:
            return None
        return self._card(question, lang, chosen[0], (chosen[0].entry or chosen[0].id,), None)

    def unknown_aspect(self, question: str, lang: Lang, entity_id: str, score: float) -> Reply:
        """Not confident: the question asks something of a known entity that the facts do not model
        ("Wie alt ist Monika Luger?"); it says so and offers the entity's card, or for one without a
        card the cards of what names it ("Wo kann ich an der Rhein Galerie parken?": the pop-up store)."""
        entity = self.facts.entities[entity_id]
        body = self.facts.phrases.unknown_aspect.get(lang).format(name=_accusative(entity.name, lang))
        offered = [entity] if entity.entry else [e for e in naming(self.facts, {entity.id}) if e.entry]
        return Reply(
            question, lang, Outcome.SUGGEST, _capitalised(body), candidate=entity.entry, score=score,
            suggestions=tuple(self._link(e, lang) for e in offered[:MAX_SUGGESTIONS]),
            # it spoke of her: "was hat sie denn vorgestellt?" goes on about her
            subjects=(entity.id,) if entity.type == "person" else (),
        )  # fmt: skip

    def not_covered(self, question: str, lang: Lang, reading: Reading) -> Reply | None:
        """ "Wo kann ich bei der Veranstaltung parken?": what the documentation never covers, said
        plainly for the thing named (or the event), offering its card; no card is the candidate a
        curator would add the question to."""
        about = reading.entity_ids[0] if reading.entity_ids else self._event
        if about is None:
            return None
        return replace(self.unknown_aspect(question, lang, about, FACT_SCORE), candidate=None)

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
        return self._card(question, lang, entity, (entity.entry,), None) if entity.entry else None

    # --- an attribute of an entity --------------------------------------------------------------

    def _attribute_answer(
        self, question: str, lang: Lang, entity_ids: list[str], attribute_ids: list[str], reading: Reading
    ) -> Reply | None:
        """The best (entity, attribute) pair. First the pairs the facts can speak to (a documented
        fact, a card that answers it, or an attribute never documented for that type), the most
        specific cue first; only then an attribute that is merely not given for that entity.

        The entities the question itself names (not those taken from the conversation) may single out
        one person of a fact's people."""
        named = set(reading.entity_ids)
        # whose contact details are meant, of several: the types in the order the attribute lists them
        contact = bool(attribute_ids) and attribute_ids[0] in self.facts.contact_attributes
        first = self.facts.attributes[attribute_ids[0]].applies_to if contact else ()
        ranked = sorted(entity_ids, key=lambda e: (
            first.index(t) if (t := self.facts.entities[e].type) in first else len(first),
            self._understander.best_entity_type(e),
        ))  # fmt: skip
        asked = [(self.facts.entities[e], self.facts.attributes[a]) for a in attribute_ids for e in ranked]
        direct = [(e, a) for e, a in asked if self._applies(e, a)]
        # only then what another fact answers as well ("Who presented in workshop 2?": its speakers)
        pairs = list(direct)
        for pair in (self._standing_for(e, a) for e, a in asked):
            if self._applies(*pair) and pair not in pairs:
                pairs.append(pair)
        informative = [(e, a) for e, a in pairs if self._speaks_to(e, a)]
        # a fact that names another entity of the question first: "Hat Monika Luger den Pop-up-Store
        # vorgestellt?" is answered by who did present the pop-up store
        corrective = [(e, a) for e, a in informative if (e, a) in direct and self._names_people(e, a)
                      and e.type != "person"
                      and any(self.facts.entities[n].type == "person" for n in named - {e.id})]  # fmt: skip
        # a fact naming another entity of the question is preferred only for what is asked first
        leading = attribute_ids[:1] if reading.attributes else attribute_ids
        linked = [(e, a) for e, a in informative if (e, a) in direct and a.id in leading
                  and names(e, a.id, named - {e.id})]  # fmt: skip
        # an attribute merely not given for an entity: only for the entity the question is mainly about
        first = [(e, a) for e, a in pairs if e.id == ranked[0]]
        for entity, attribute in [*linked, *corrective, *informative, *first]:
            person = self._narrowed(entity, attribute.id, named - {entity.id})
            if person is not None:  # "der Mann von der Arbeitsagentur in der Eröffnungsrunde"
                return self._card(question, lang, person, (person.entry or person.id,), None)
            reply = self._about(question, lang, entity, attribute, vague=bool(reading.unexplained))
            if reply is not None:
                return reply
        return None

    def _for_each_named(self, question: str, lang: Lang, reply: Reply, reading: Reading) -> Reply | None:
        """ "Wer hat Workshop 1 und Workshop 2 gemacht?", "Woher kommen Marc Brandt und Monika Luger?":
        the fact answered for the first of things of one type named side by side, for each of them,
        when each has that fact documented."""
        things = [self.facts.entities[m.payload] for m in reading.named_things]
        joined = all(
            set(reading.tokens[before.end : after.start]) <= CONJUNCTIONS and before.payload != after.payload
            for before, after in pairwise(reading.named_things)
        )  # fmt: skip
        if len(things) < 2 or not joined or len({e.type for e in things}) > 1 or reply.attribute is None:
            return None
        facts = [fact for e in things if (fact := e.facts.get(reply.attribute)) and fact.card is None]
        if len(facts) < len(things) or reply.about[:1] != (f"{things[0].id}.{reply.attribute}",):
            return None
        refs = tuple(dict.fromkeys(ref for fact in facts for ref in fact.refs))
        return replace(
            reply, title=None, body="\n".join(f"• {fact.get(lang)}" for fact in facts),
            about=tuple(f"{e.id}.{reply.attribute}" for e in things), listed=refs,
            subjects=(*(e.id for e in things), *refs),
            related=tuple(self._link(e, lang) for e in things if e.entry)[:MAX_LINKS],
        )  # fmt: skip

    def _names_people(self, entity: Entity, attribute: Attribute) -> bool:
        fact = entity.facts.get(attribute.id)
        return fact is not None and bool(self._people_named(fact))

    def _standing_for(self, entity: Entity, attribute: Attribute) -> tuple[Entity, Attribute]:
        """The entity's fact that answers ``attribute`` as well: "Who presented in workshop 2?" asks
        for the workshop's speakers (``same_as`` in attributes.yaml)."""
        if attribute.id in entity.facts:
            return entity, attribute
        standing = (self.facts.attributes[a] for a in entity.facts)
        return entity, next((a for a in standing if attribute.id in a.same_as), attribute)

    def _only_an_event(self, entities: list[str], attributes: list[str]) -> bool:
        """Whether the one thing named is an event that nothing asked applies to."""
        named = [self.facts.entities[e] for e in entities]
        return (
            len(named) == 1
            and named[0].type == "event"
            and bool(attributes)
            and not self.answerable(named[0], attributes)
        )

    def _asked_of_them(self, reading: Reading, entities: list[str], attribute_id: str) -> bool:
        """Whether a specific cue asks something the named entities themselves can answer."""
        cue = max((m.weight for m in reading.attributes if m.payload == attribute_id), default=0.0)
        return cue >= RELATION_CUE_WEIGHT and all(
            self.answerable(self.facts.entities[e], [attribute_id]) for e in entities
        )

    def _only_repeats(self, entity_id: str, attribute_id: str, said: tuple[str, ...]) -> bool:
        """Whether the entity's fact of this attribute names people, and none the last answer did not."""
        fact = self.facts.entities[entity_id].facts.get(attribute_id)
        if fact is None or not fact.refs or not set(fact.refs) <= set(said):
            return False
        return all(self.facts.entities[ref].type == "person" for ref in fact.refs)

    def _speaks_to_any(self, entity_id: str, attribute_ids: list[str]) -> bool:
        """Whether the facts of the entity speak to any of these attributes, or what stands in for one
        (not merely could: the attribute applies to its type)."""
        entity = self.facts.entities[entity_id]
        attributes = [self.facts.attributes[a] for a in attribute_ids]
        return any(self._speaks_to(*self._standing_for(entity, attribute)) for attribute in attributes)

    def answerable(self, entity: Entity, attribute_ids: list[str]) -> bool:
        """Whether the facts can speak to any of these attributes of ``entity`` (or its card can)."""
        attributes = (self.facts.attributes[a] for a in attribute_ids)
        return any(self._applies(*self._standing_for(entity, attribute)) for attribute in attributes)

    @staticmethod
    def _applies(entity: Entity, attribute: Attribute) -> bool:
        return entity.type in attribute.applies_to or entity.type in attribute.undocumented_for

    def _speaks_to(self, entity: Entity, attribute: Attribute) -> bool:
        """Whether the facts say it: a fact of it, or of what stands in for it ("Wer stand hinter dem
        Pop-up-Store?": its organisation and partners), a card that answers it, or "not documented"."""
        return (
            attribute.id in entity.facts
            or any(instead in entity.facts for instead in attribute.otherwise)
            or entity.type in attribute.undocumented_for
            or attribute.id in self.facts.card_answers.get(entity.type, ())
        )

    def _narrowed(self, entity: Entity, attribute_id: str, others: set[str]) -> Entity | None:
        """The one person of a fact's people that the question's other entities single out."""
        fact = entity.facts.get(attribute_id)
        if fact is None or not others or len(fact.refs) < 2:
            return None
        people = [self.facts.entities[ref] for ref in fact.refs]
        fitting = [p for p in people if p.type == "person" and related(self.facts, p, others, set())]
        return fitting[0] if len(fitting) == 1 else None

    def _about(
        self, question: str, lang: Lang, entity: Entity, attribute: Attribute, vague: bool
    ) -> Reply | None:
        """The fact, or what stands for it; ``vague`` when the question says more than its entities
        and cues, so the entity's card can only be offered, not given as the answer."""
        fact = entity.facts.get(attribute.id)
        key = f"{entity.id}.{attribute.id}"
        subjects = (entity.id, *(fact.refs if fact else ()))
        if fact is not None:
            refs = [self.facts.entities[ref] for ref in fact.refs]
            named = [e for e in refs if e.type in ("person", "organisation")]  # whose cards say the same
            if fact.card is not None:
                return self._card(question, lang, entity, (key, fact.card), attribute.id, fact.card)
            same = (f"{entity.id}.{other}" for other in attribute.same_as)  # "who led it": the speakers
            about = (key, *same, *(e.entry for e in (entity, *named) if e.entry))
            body = fact.get(lang)
            listed = tuple(fact.refs)
            links = tuple(self._link(e, lang) for e in (entity, *refs) if e.entry)[:MAX_LINKS]
        elif entity.entry and attribute.id in self.facts.card_answers.get(entity.type, ()):
            return self._card(question, lang, entity, (key, entity.entry), attribute.id)
        elif entity.type == "event" and attribute.card is not None:
            return self._card(question, lang, entity, (key, attribute.card), attribute.id, attribute.card)
        elif entity.type not in attribute.undocumented_for:
            # not declared undocumented, only not given for this one: what stands in for it, else its
            # card says what is known
            instead = next((a for a in attribute.otherwise if a in entity.facts), None)
            if instead is not None:
                return self._about(question, lang, entity, self.facts.attributes[instead], vague)
            if attribute.id == DEFINITION and not entity.entry and not vague:  # "what is the Rhein
                about, body = (key, entity.id), entity.summary.get(lang)  # Galerie?": what is known of it
                listed, links, subjects = (), (), (entity.id,)
            elif not entity.entry:
                return None
            elif vague:  # "Wo kann ich eine Landkarte von Bayern kaufen?"
                return self.unknown_aspect(question, lang, entity.id, FACT_SCORE)
            elif attribute.id == DEFINITION:  # what it is: what its card says
                return self._card(question, lang, entity, (entity.entry,), attribute.id)
            else:  # "Was war das Motto im Saarland?": not given for its example, said so, not its card
                return replace(self._not_documented(question, lang, entity, attribute),
                               about=(key, entity.entry))  # fmt: skip
        else:
            return self._not_documented(question, lang, entity, attribute)
        return Reply(
            question, lang, Outcome.ANSWER, body, candidate=entity.entry, title=self._title(entity, lang),
            score=FACT_SCORE, related=links, about=about, subjects=subjects,
            attribute=attribute.id, listed=listed,
        )  # fmt: skip

    def _not_documented(self, question: str, lang: Lang, entity: Entity, attribute: Attribute) -> Reply:
        """ "Eine Telefonnummer nennt die Dokumentation für Workshop 3 nicht. Bekannt ist: …" """
        key = f"{entity.id}.{attribute.id}"
        about = (key, attribute.card) if attribute.card else (key,)
        phrases = self.facts.phrases
        missing = phrases.not_documented.get(lang).format(
            attribute=attribute.label.get(lang), name=_accusative(entity.name, lang)
        )
        known = phrases.known.get(lang).format(summary=entity.summary.get(lang))
        body = f"{_capitalised(missing)}\n\n{known}"
        links = (self._link(entity, lang),) if entity.entry else ()
        return Reply(
            question, lang, Outcome.ANSWER, body, candidate=entity.entry, title=self._title(entity, lang),
            score=FACT_SCORE, related=links, about=about, subjects=(entity.id,), attribute=attribute.id,
        )  # fmt: skip

    def _card(
        self, question: str, lang: Lang, entity: Entity, about: tuple[str, ...], attribute: str | None,
        card: str | None = None,
    ) -> Reply:  # fmt: skip
        """The answer is a card of the knowledge base, about ``entity``."""
        reply = self._card_reply(card or entity.entry or "", lang, question)
        return replace(reply, about=about, subjects=(entity.id,), attribute=attribute)

    # --- people described by a relation -----------------------------------------------------------

    def _described_person(
        self, question: str, lang: Lang, reading: Reading, said: tuple[str, ...] = ()
    ) -> Reply | None:
        """ "der von der Arbeitsagentur": the people related to what the question names instead; asked of
        the person just ``said`` ("ist das die aus Bayern?"), the fact that relates them confirms it."""
        if any(self.facts.entities[e].type == "person" for e in reading.entity_ids):
            return None
        targets = set(reading.entity_ids) - {self._event}  # everybody was at the event
        kinds = {m.payload for m in reading.person_kinds} or (
            {m.payload for m in reading.kinds} if not targets else set()
        )
        if not targets and not kinds:
            return None
        if reading.asks_identity:
            return None  # "Wer ist der DGB?" asks what the DGB is: its card, not the person behind it
        if targets and reading.unexplained:
            return None  # "Wer hat die Integrale Landkarte erfunden?": not a relation the facts know
        # "Who presented the Saarland example?" asks who presented, not who is from the Saarland
        specific = {m.payload for m in reading.attributes if m.weight >= RELATION_CUE_WEIGHT}  # not "from"
        if (
            specific
            and not specific & set(RELATIONS)
            and any(
                self._applies(self.facts.entities[t], self.facts.attributes[a])
                for t in targets
                for a in specific
            )
        ):  # "Hat jemand die Gesprächsrunde moderiert?" asks for its moderation, not for its people
            return None
        relations = tuple(r for r in RELATIONS if r in specific) or RELATIONS
        if kinds and relations != RELATIONS:  # "Wer hat in den Workshops präsentiert?": who was in one
            relations = (*relations, SESSION)
        # "Wer ist Chef der IG Metall?", "… der Arbeitsagentur in Bayern?": a post nobody known holds
        by_role = any(m.payload == ROLE for m in reading.attributes)
        people = people_related(self.facts, targets, kinds, relations, any_target=not by_role)
        if not people and targets and not kinds:  # "wer war der mit dem Transferkonzept?"
            people = people_related(self.facts, self._saying_terms(targets), set(), relations)
        if reading.posts:  # "Who is the head of ZUKUNFTmobil?": only whose role says so, if anybody's
            holding = {p.id for p in self._post_holders(reading)}
            people = [p for p in people if p.id in holding]
        if not people and relations != RELATIONS and (reading.describes_person or reading.person_kinds):
            # "die Frau aus Bayern, was hat die …?", "Welche Gewerkschaftsvertreter haben gesprochen?"
            people = people_related(self.facts, targets, kinds)
        if not people and by_role and targets:
            holder = min(targets, key=lambda t: self.facts.entities[t].type != "organisation")
            if self.facts.entities[holder].type != "organisation":
                return None  # "Wer ist in der Pfalz zuständig?": whom to contact there, if a card says
            return self.unknown_aspect(question, lang, holder, FACT_SCORE)
        referred = [s for s in said if self.facts.entities[s].type == "person"][:1]
        yes_or_no = bool(reading.tokens) and reading.tokens[0] in CHECKING_VERBS  # "Ist der aus Hessen?"
        about_them = reading.refers_back == "person" or yes_or_no
        if people and referred and about_them and referred[0] not in {p.id for p in people}:
            # "Ist der aus Hessen?" after Marc Brandt: not him; what his facts say of it corrects it
            asked = self._correcting(self.facts.entities[referred[0]], targets, kinds)
            return self._attribute_answer(question, lang, referred, asked, reading)
        if not people:
            return None
        if len(people) == 1:
            person = people[0]
            # "die Frau aus Bayern, was hat die präsentiert?": what is asked of her, not how she was described
            describing = {a for a, fact in person.facts.items() if targets & set(fact.refs)}
            if person.id in said and reading.refers_back and describing:
                confirming = [a for a in person.facts if a in describing][:1]
                return self._attribute_answer(question, lang, [person.id], confirming, reading)
            description = [*reading.person_words, *reading.person_kinds]  # "the guy from …": no region asked
            outside = {m.payload for m in reading.attributes if not any(m.overlaps(d) for d in description)}
            asked = [a for a in self._asked(reading) if a not in describing and a in outside]
            reply = (
                self._attribute_answer(question, lang, [person.id], asked, reading)
                or self._of_their_part(question, lang, person.id, asked, reading)
            ) if asked else None  # fmt: skip
            return reply or self._card(question, lang, person, (person.entry or person.id,), None)
        exact = self._fact_naming_exactly(targets, people)
        if exact is not None:  # "Wer nahm an der Gesprächsrunde teil?": the panel's speakers, as its fact
            return self._about(question, lang, *exact, vague=False)
        return self._listing(question, lang, self.facts.phrases.people_of.get(lang), people)

    def _saying_terms(self, targets: set[str]) -> set[str]:
        """The things besides the event whose facts say the terms named, when only one or two do: the
        people described by a term are theirs (Workshop 3 says "Transferkonzept")."""
        terms = [self.facts.entities[t] for t in targets]
        if any(term.type != "term" for term in terms):
            return set()
        saying = {
            e.id for e in self.facts.entities.values()
            if e.type not in ("person", "term", "event") and all(self._says(e, t) for t in terms)
        }  # fmt: skip
        return saying if len(saying) <= MAX_SAYING_TERMS else set()

    def _correcting(self, person: Entity, targets: set[str], kinds: set[str]) -> list[str]:
        """The person's facts that say what the description got wrong: their region for a region,
        their organisation for a group of organisations ("Is he from the employment agency too?")."""
        types = {self.facts.entities[t].type for t in targets} | {m.type for m in self._members(kinds)}
        return [
            r for r in RELATIONS if r in person.facts
            and any(self.facts.entities[ref].type in types for ref in person.facts[r].refs)
        ]  # fmt: skip

    def _people_named(self, fact: Fact) -> list[str]:
        """The people among the entities a fact names, in its order."""
        return [ref for ref in fact.refs if self.facts.entities[ref].type == "person"]

    def _fact_naming_exactly(
        self, targets: set[str], people: list[Entity]
    ) -> tuple[Entity, Attribute] | None:
        """The fact of one of the targets whose people are exactly these (the panel's speakers)."""
        wanted = {p.id for p in people}
        for target in (self.facts.entities[t] for t in targets):
            for attribute_id, fact in target.facts.items():
                if set(self._people_named(fact)) == wanted:
                    return target, self.facts.attributes[attribute_id]
        return None

    # --- lists ------------------------------------------------------------------------------------

    def _list_answer(self, question: str, lang: Lang, reading: Reading) -> Reply | None:
        """Every entity of the kind asked about ("Welche Gewerkschaften …?"), or its people."""
        kind = self.facts.kinds[reading.kinds[0].payload]
        members = self._members({kind.id})
        asked_types = {m.payload for m in reading.types if not any(m.same_span(k) for k in reading.kinds)}
        if asked_types and not asked_types & {e.type for e in members} and "person" not in asked_types:
            return None  # "Welche Beispiele aus den WBV …?" asks for examples, not for the WBV
        if reading.wants_person or reading.person_kinds or "person" in asked_types:
            people = [e for e in self.facts.entities.values()
                      if e.type == "person" and related(self.facts, e, set(), {kind.id})]  # fmt: skip
            if people:
                return self._listing(question, lang, self.facts.phrases.people_of.get(lang), people)
        members = self._narrowed_members(members, reading)
        overview = overview_listing(self.facts, {m.id for m in members})
        if overview is not None:  # "Welche Workshops gab es?": the card that lists them all
            return self._card_reply(overview, lang, question)
        heading = self._kind_heading(kind.id, lang)
        return self._listing(question, lang, heading, members) if members else None

    def _narrowed_members(self, members: list[Entity], reading: Reading) -> list[Entity]:
        """The members a list question names another group for: "Welche WBV waren in den Workshops?"
        those whose facts lead to a workshop; all of them when that would leave none. (What they did,
        "vorgestellt", does not narrow: "Welche WBV haben sich vorgestellt?" asks for all of them.)"""
        others = {e.id for e in self._members({m.payload for m in reading.kinds[1:]})}
        kept = [m for m in members if others & {e.id for e in near(self.facts, [m])}] if others else []
        return kept or members

    def _typed_list(
        self, question: str, lang: Lang, reading: Reading, named: tuple[str, ...] = ()
    ) -> Reply | None:
        """The entities of the type or kind asked for that the named ones (or ``named``: the last
        answer's) bring up within two steps of their facts: the panel's speakers, then their
        organisations ("Welche Gewerkschaft war auf dem Podium?": the DGB)."""
        targets = [self.facts.entities[e] for e in (named or reading.entity_ids)]
        asked = {m.payload for m in reading.types} - {e.type for e in targets}
        kinds = {m.payload for m in reading.kinds} - {k for e in targets for k in e.kinds}
        members = [e for e in near(self.facts, targets) if e.type in asked or kinds & set(e.kinds)]
        several = "person" in asked and len(members) > 1  # one person: their card instead
        exact = self._fact_naming_exactly({t.id for t in targets}, members) if several else None
        if exact is not None:  # "Welche Personen saßen in der Eröffnungsrunde?": its speakers, as its fact
            return self._about(question, lang, *exact, vague=False)
        if len(members) == 1 and members[0].entry:
            return self._card(question, lang, members[0], (members[0].entry,), None)
        heading = self.facts.phrases.related_of.get(lang)
        return self._listing(question, lang, heading, members) if members else None

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
        says = [i for i, tier in enumerate(tiers) if any(self._speaks_to_any(e, leading) for e in tier)]
        fits = says or [
            i for i, tier in enumerate(tiers)
            if any(self.answerable(self.facts.entities[e], leading) for e in tier)
        ]  # fmt: skip
        if not fits or fits[0] == 0:
            return tiers
        return [tiers[fits[0]], *(tier for i, tier in enumerate(tiers) if i != fits[0])]

    def _members(self, kinds: set[str]) -> list[Entity]:
        """The entities of these kinds (groups such as the trade unions or the workshops)."""
        return [e for e in self.facts.entities.values() if kinds & set(e.kinds)]

    def _kind_heading(self, kind_id: str, lang: Lang) -> str:
        """ "Gewerkschaften in der Dokumentation:": the heading of a list of a kind."""
        return self.facts.phrases.list.get(lang).format(label=self.facts.kinds[kind_id].label.get(lang))

    def _listing(self, question: str, lang: Lang, heading: str, members: list[Entity]) -> Reply:
        lines = [f"• {self._title(e, lang)}: {e.summary.get(lang)}" for e in members]
        ids = tuple(e.id for e in members)
        return Reply(
            question, lang, Outcome.ANSWER, "\n".join([_capitalised(heading), *lines]), score=FACT_SCORE,
            about=ids, subjects=ids, listed=ids,
            related=tuple(self._link(e, lang) for e in members if e.entry)[:8],
        )  # fmt: skip

    # --- helpers ----------------------------------------------------------------------------------

    def _title(self, entity: Entity, lang: Lang) -> str:
        if entity.entry:
            return self._titles[entity.entry].get(lang)
        return _capitalised(entity.name.get(lang))

    def _link(self, entity: Entity, lang: Lang) -> Link:
        """A button to the card of ``entity`` (which has one)."""
        return Link(entity.entry or "", self._titles[entity.entry or ""].get(lang))

    def _what_it_is(self, reading: Reading) -> bool:
        """ "Und was war Workshop 3?": after the opening "und", only the name and "was war": what the
        thing is (its card), not the last answer's question asked again (as "und Workshop 3?" is)."""
        skip = 1 if reading.tokens[:1] in self._ellipsis else 0
        named = {i for m in reading.entities for i in range(m.start, m.end)}
        rest = [t for i, t in enumerate(reading.tokens) if i >= skip and i not in named]
        asked = [t for t in rest if t not in ARTICLES]  # "und der Sauer?" asks the last question again
        return bool(asked) and all(t in IDENTITY_WORDS for t in asked)

    def is_ellipsis(self, reading: Reading) -> bool:
        """A short follow-up that begins like "und …?" / "what about …?"."""
        if len(reading.tokens) > MAX_ELLIPSIS_TOKENS:
            return False
        return any(reading.tokens[: len(start)] == start for start in self._ellipsis)


def _numbered(name: str, number: int | None) -> tuple[str, ...] | None:
    """A name with its one number taken out ("Workshop 3" -> ("workshop", "#")), None without one;
    with ``number`` given, only a name carrying that number counts."""
    tokens = tokenize(name)
    numbers = [t for t in tokens if t.isdecimal()]
    if len(numbers) != 1 or (number is not None and int(numbers[0]) != number):
        return None
    return tuple("#" if t.isdecimal() else t for t in tokens)


def _accusative(name: Localized, lang: Lang) -> str:
    """A name as it stands after "für" or "über" in the phrases: "für den Pop-up-Store". Names are
    written in the nominative; only a masculine article changes (die, das and plural die stay)."""
    text = name.get(lang)
    return f"den {text[4:]}" if lang == "de" and text.startswith("der ") else text


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


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


def _called(entities: list[Entity], words: set[str]) -> list[Entity]:
    """Those whose (German, canonical) name has one of these words: of the sessions, "Workshop 3" is
    called a workshop, the Workshopphase ("the workshop phase" in English) is not."""
    return [e for e in entities if words & set(tokenize(e.name.de))]


def _with_positions(words: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, list[int]]]:
    """The words and where each stands, to look for a name only where its first word is."""
    found: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        found.setdefault(word, []).append(i)
    return words, found


def _checks_a_belief(reading: Reading) -> bool:
    """ "… war doch 2021 in Mainz, oder?": a statement the asker wants confirmed or corrected."""
    return bool(BELIEF_WORDS.intersection(reading.tokens) or TAG_QUESTIONS.intersection(reading.tokens[-1:]))
