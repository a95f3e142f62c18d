"""An attribute of an entity answered from its facts ("Aus welchem Bundesland kommt Herr Schmidt?").

:class:`AttributeAnswers` picks, of the entities and attributes a question is about, the pair the facts
speak to — the documented fact, the card that answers it, or "the documentation does not give it" — and
also answers what is asked of a thing through another: the workshop of a person ("Was war das Ziel vom
Workshop mit Frank Schmidt?"), the session a person spoke in ("Was hat Michael Rudolph gesagt?"), the
thing at a place ("das Motto in Ludwigshafen").
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from bot.core.fact_queries import DEFINITION, FactQueries, called
from bot.core.fact_replies import FACT_SCORE, FactReplies
from bot.core.lexicon import CONJUNCTIONS
from bot.core.models import Attribute, Entity, Lang
from bot.core.relations import names, naming, related
from bot.core.reply import Outcome, Reply
from bot.core.understand import Reading, Understander

MAX_LINKS = 4  # follow-up buttons under a fact: the entity's card and the cards of what the fact names


class AttributeAnswers:
    """Answers an attribute asked of an entity; built once per knowledge base."""

    def __init__(self, query: FactQueries, replies: FactReplies, understander: Understander) -> None:
        self.facts = query.facts
        self._query = query
        self._replies = replies
        self._understander = understander

    def of_related_thing(
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
            things = called(things, words)
        if len(things) != 1:
            return None
        thing = things[0]
        query = self._query
        only_question_word = query.by_question_word_only(reading, attributes[0])
        if only_question_word and not query.answerable(thing, attributes[:1]):
            # "Wo ist der Verbund von Frank Schmidt?": of what "wo" asks, what the thing has (its region)
            attributes = [a for a in query.by_question_word(reading) if query.answerable(thing, [a])]
        # what is asked first must be the thing's: "Der Workshop von Frank Schmidt war doch Nummer 1?" asks
        # for his session, not the workshop's phone number
        if not attributes or not query.answerable(thing, attributes[:1]):
            return None
        return self.answer(question, lang, [thing.id], attributes, reading)

    def of_their_part(
        self, question: str, lang: Lang, entity_id: str, attributes: list[str], reading: Reading
    ) -> Reply | None:
        """A person asked for what only a session or an example has (what was said or stressed): the
        one thing of the types the attribute names as ``via`` (attributes.yaml) that their facts name;
        its fact says what was said there, and where the documentation does not say who said what, so."""
        entity = self.facts.entities[entity_id]
        if entity.type != "person" or self._query.answerable(entity, attributes):
            return None
        refs = [self.facts.entities[ref] for fact in entity.facts.values() for ref in fact.refs]
        for attribute_id in attributes:
            for via in self.facts.attributes[attribute_id].via:
                things = list({e.id: e for e in refs if e.type == via}.values())
                if len(things) == 1 and self._query.answerable(things[0], [attribute_id]):
                    reply = self.answer(question, lang, [things[0].id], [attribute_id], reading)
                    # "und welche Funktion hat er?" still asks about the person
                    return reply and replace(reply, subjects=(entity.id, *reply.subjects))
        return None

    def of_thing_there(
        self, question: str, lang: Lang, entity_id: str, attributes: list[str], reading: Reading
    ) -> Reply | None:
        """A place or region asked for what only a thing there has ("das Motto in Ludwigshafen"): the
        one thing whose facts name the place and answer it; an organisation asked for what only a session
        or an example has ("Was haben die über die Arbeitsagentur gesagt?"): the one such fact that
        says its name."""
        entity = self.facts.entities[entity_id]
        if self._query.answerable(entity, attributes[:1]):  # what is asked first: "warum … zusammen arbeiten"
            return None  # asks why, not with whom
        of_people = "person" in self.facts.attributes[attributes[0]].applies_to
        if entity.type in ("place", "region"):
            things = [
                e
                for e in naming(self.facts, {entity_id})
                if self._query.answerable(e, attributes) and e.id not in reading.namesakes
            ]  # "den Pop-up-Store 2024 in der Rhein Galerie"
        elif entity.type == "organisation" and not of_people:
            things = [e for e in self.facts.entities.values() if self._query.says(e, entity, attributes[0])]
        else:
            return None
        if len(things) != 1:
            return None
        if entity.type in ("place", "region") and not self._query.speaks_to_any(things[0].id, attributes[:1]):
            # "Das Motto war „Das Saarland qualifiziert“, oder?": the one thing that has one corrects it
            holder = self._query.sole_holder.get(attributes[0])
            things = [self.facts.entities[holder]] if holder else things
        return self.answer(question, lang, [things[0].id], attributes, reading)

    def answer(
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
        direct = [(e, a) for e, a in asked if self._query.applies(e, a)]
        # only then what another fact answers as well ("Who presented in workshop 2?": its speakers)
        pairs = list(direct)
        for pair in (self._query.standing_for(e, a) for e, a in asked):
            if self._query.applies(*pair) and pair not in pairs:
                pairs.append(pair)
        informative = [(e, a) for e, a in pairs if self._query.speaks_to(e, a)]
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
                return self._replies.own_card(question, lang, person)
            also = self._other_contact_details(attribute, attribute_ids, reading)
            reply = self.about(question, lang, entity, attribute, vague=bool(reading.unexplained), also=also)
            if reply is not None and (entity, attribute) in corrective:
                return self._with_their_own(question, lang, reply, entity, attribute, named)
            if reply is not None:
                return reply
        return None

    def _other_contact_details(
        self, attribute: Attribute, attribute_ids: list[str], reading: Reading
    ) -> tuple[Attribute, ...]:
        """The other contact details asked with a contact detail ("Kontaktdaten": e-mail and phone; not
        the address in "email address")."""
        if attribute.id not in self.facts.contact_attributes:
            return ()
        its_cues = [m for m in reading.attributes if m.payload == attribute.id]

        def within_its_cue(other: str) -> bool:
            cues = [m for m in reading.attributes if m.payload == other]
            return bool(cues) and all(any(m.within(c) for c in its_cues) for m in cues)

        return tuple(
            self.facts.attributes[a] for a in dict.fromkeys(attribute_ids)
            if a != attribute.id and a in self.facts.contact_attributes and not within_its_cue(a)
        )  # fmt: skip

    def _with_their_own(
        self, question: str, lang: Lang, reply: Reply, entity: Entity, attribute: Attribute, named: set[str]
    ) -> Reply:
        """ "Hat Frank Schmidt Workshop 2 geleitet?": who did lead it corrects half of it; what the one
        person named did instead (his fact naming a thing of that type: Workshop 3) the other half."""
        fact = entity.facts[attribute.id]
        people = [self.facts.entities[n] for n in sorted(named - {entity.id} - set(fact.refs))]
        people = [p for p in people if p.type == "person"]
        if len(people) != 1:
            return reply  # none (a true premise) or several: who did it says it
        person = people[0]
        own = [
            a for a, f in person.facts.items()
            if f.card is None and any(self.facts.entities[r].type == entity.type for r in f.refs)
        ]  # fmt: skip
        if not own:
            return reply
        chosen = attribute.id if attribute.id in own else own[0]
        theirs = self.about(question, lang, person, self.facts.attributes[chosen], vague=False)
        if theirs is None or theirs.outcome is not Outcome.ANSWER:
            return reply
        return replace(
            reply, body=f"{reply.body}\n\n{theirs.body}", about=(*reply.about, *theirs.about),
            subjects=(person.id, *reply.subjects),
            related=tuple(dict.fromkeys((*reply.related, *theirs.related)))[:MAX_LINKS],
        )  # fmt: skip

    def for_each_named(self, question: str, lang: Lang, reply: Reply, reading: Reading) -> Reply | None:
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
            related=tuple(self._replies.link(e, lang) for e in things if e.entry)[:MAX_LINKS],
        )  # fmt: skip

    def _names_people(self, entity: Entity, attribute: Attribute) -> bool:
        fact = entity.facts.get(attribute.id)
        return fact is not None and bool(self._query.people_named(fact))

    def _narrowed(self, entity: Entity, attribute_id: str, others: set[str]) -> Entity | None:
        """The one person of a fact's people that the question's other entities single out."""
        fact = entity.facts.get(attribute_id)
        if fact is None or not others or len(fact.refs) < 2:
            return None
        people = [self.facts.entities[ref] for ref in fact.refs]
        fitting = [p for p in people if p.type == "person" and related(self.facts, p, others, set())]
        return fitting[0] if len(fitting) == 1 else None

    def about(
        self, question: str, lang: Lang, entity: Entity, attribute: Attribute, vague: bool,
        also: tuple[Attribute, ...] = (),
    ) -> Reply | None:  # fmt: skip
        """The fact, or what stands for it; ``vague`` when the question says more than its entities
        and cues, so the entity's card can only be offered, not given as the answer."""
        fact = entity.facts.get(attribute.id)
        key = f"{entity.id}.{attribute.id}"
        subjects = (entity.id, *(fact.refs if fact else ()))
        if fact is not None:
            refs = [self.facts.entities[ref] for ref in fact.refs]
            named = [e for e in refs if e.type in ("person", "organisation")]  # whose cards say the same
            if fact.card is not None:
                return self._replies.card(question, lang, entity, (key, fact.card), attribute.id, fact.card)
            same = (f"{entity.id}.{other}" for other in attribute.same_as)  # "who led it": the speakers
            about = (key, *same, *(e.entry for e in (entity, *named) if e.entry))
            body = fact.get(lang)
            listed = tuple(fact.refs)
            links = tuple(self._replies.link(e, lang) for e in (entity, *refs) if e.entry)[:MAX_LINKS]
        elif entity.entry and attribute.id in self.facts.card_answers.get(entity.type, ()):
            return self._replies.card(question, lang, entity, (key, entity.entry), attribute.id)
        elif entity.type == "event" and attribute.card is not None:
            card = attribute.card
            return self._replies.card(question, lang, entity, (key, card), attribute.id, card)
        elif entity.type not in attribute.undocumented_for:
            # not declared undocumented, only not given for this one: what stands in for it, else its
            # card says what is known
            instead = next((a for a in attribute.otherwise if a in entity.facts), None)
            if instead is not None:
                return self.about(question, lang, entity, self.facts.attributes[instead], vague)
            if attribute.id == DEFINITION and not entity.entry and not vague:  # "what is the Rhein
                about, body = (key, entity.id), entity.summary.get(lang)  # Galerie?": what is known of it
                listed, links, subjects = (), (), (entity.id,)
            elif not entity.entry:
                return None
            elif vague:  # "Wo kann ich eine Landkarte von Bayern kaufen?"
                return self._replies.unknown_aspect(question, lang, entity.id, FACT_SCORE)
            elif attribute.id == DEFINITION:  # what it is: what its card says
                return self._replies.card(question, lang, entity, (entity.entry,), attribute.id)
            else:  # "Was war das Motto im Saarland?": not given for its example, said so, not its card
                return replace(self._replies.not_documented(question, lang, entity, attribute),
                               about=(key, entity.entry))  # fmt: skip
        else:  # and of the other details asked with it (``also``), those it does not give either
            missing = [a for a in also if a.id not in entity.facts and entity.type in a.undocumented_for]
            return self._replies.not_documented(question, lang, entity, attribute, *missing)
        return Reply(
            question, lang, Outcome.ANSWER, body, candidate=entity.entry,
            title=self._replies.title(entity, lang), score=FACT_SCORE, related=links, about=about,
            subjects=subjects, attribute=attribute.id, listed=listed,
        )  # fmt: skip
