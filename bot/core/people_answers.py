"""People described instead of named, and lists: "der von der Arbeitsagentur", "Welche WBV waren dabei?".

:class:`PeopleAnswers` finds the people a question describes by a relation (an organisation, a region,
a session, a post, a gender), the members of a group or type a list question asks for, and the rest of
a group after one of them ("und die anderen beiden Workshops?"); one person found gets their card or what
is asked of them, several a list.
"""

from __future__ import annotations

from bot.core.attribute_answers import AttributeAnswers
from bot.core.conversation import Conversation
from bot.core.fact_queries import RELATION_CUE_WEIGHT, ROLE, SESSION, FactQueries
from bot.core.fact_replies import FACT_SCORE, FactReplies
from bot.core.lexicon import CHECKING_VERBS, WHICH_WORDS, WHO_WORDS
from bot.core.models import Attribute, Entity, Lang
from bot.core.normalize import tokenize
from bot.core.relations import (
    RELATIONS,
    holders,
    near,
    overview_listing,
    overview_of_type,
    people_related,
    related,
)
from bot.core.reply import Reply
from bot.core.understand import GENERIC_WORDS, Reading

MAX_SAYING_TERMS = 2  # a term said by more things ("Verstetigung") describes nobody in particular


class PeopleAnswers:
    """Answers questions about people described by a relation, and list questions; built once per
    knowledge base."""

    def __init__(self, query: FactQueries, replies: FactReplies, attributes: AttributeAnswers) -> None:
        facts = query.facts
        self.facts = facts
        self._query = query
        self._replies = replies
        self._attributes = attributes
        self._all_people = [e for e in facts.entities.values() if e.type == "person"]
        posts = facts.cues.posts.all() if facts.cues and facts.cues.posts else []
        self._post_words = frozenset(token for words in posts for token in tokenize(words))
        # the attributes whose facts name people somewhere: "Wer hat in den Workshops referiert?"
        self._about_people = {
            a for e in facts.entities.values() for a, fact in e.facts.items()
            if any(facts.entities[ref].type == "person" for ref in fact.refs)
        }  # fmt: skip

    def of_gender(
        self, question: str, lang: Lang, reading: Reading, context: tuple[str, ...]
    ) -> Reply | None:
        """ "Welche Frauen haben gesprochen?", "the woman from the workshops": the people of the gender
        asked for among those the question describes (everybody, when it names nothing but the event),
        when that narrows them; asked more than who she is ("Woher kam die Frau?"), that of her."""
        if reading.gender is None or reading.unexplained:
            return None
        named = [self.facts.entities[e] for e in reading.entity_ids if e != self._query.event]
        if any(e.type == "person" for e in named):
            return None
        targets = {e.id for e in named}
        if not targets and reading.refers_back == "thing":  # "die Frau von denen" after ZUKUNFTmobil
            targets = {s for s in context[:1] if self.facts.entities[s].type != "person"}
        kinds = {m.payload for m in [*reading.person_kinds, *reading.kinds]}
        people = people_related(self.facts, targets, kinds) if targets or kinds else self._all_people
        of_gender = [p for p in people if p.gender == reading.gender]
        if not of_gender or len(of_gender) == len(people):
            return None  # "der Mann vom DGB": the one described anyway, as any other question
        if len(of_gender) > 1:
            return self._replies.listing(question, lang, self.facts.phrases.people_of.get(lang), of_gender)
        person = of_gender[0]
        # what describes her ("die Frau aus Bayern") is not asked; "Woher kam die Frau?" asks her region
        described_by = targets | {e.id for e in self._query.members(kinds)}
        describing = {a for a, fact in person.facts.items() if described_by & set(fact.refs)}
        asked = [a for a in self._query.asked(reading) if a not in describing and self._query.applies(
            person, self.facts.attributes[a])]  # fmt: skip
        if asked and not WHO_WORDS.intersection(reading.tokens):  # "Woher kam die Frau …?": her region
            reply = self._attributes.answer(question, lang, [person.id], asked, reading)
            if reply is not None:
                return reply
        return self._replies.own_card(question, lang, person)

    def lists_and_people(
        self, question: str, lang: Lang, reading: Reading, asked: list[str]
    ) -> Reply | None:
        """What a question no fact answered may still ask for: a list of a kind or a type, whoever holds a
        post, or a person described by a relation; ``asked``: the attributes it asks for."""
        named = reading.named_things
        if not named and reading.wants_list and reading.kinds:
            return self.list_answer(question, lang, reading)
        one_type = len({m.payload for m in reading.types}) == 1
        asked_more = [m for m in reading.attributes if not any(m.overlaps(t) for t in reading.types)]
        if not named and reading.wants_list and one_type and not (asked_more or reading.wants_contact):
            overview = overview_of_type(self.facts, reading.types[0].payload)  # "zähl alle Referenten auf"
            if overview is not None:
                return self._replies.entry_card(overview, lang, question)
        if named and reading.wants_list and (reading.types or reading.kinds) and not asked:
            typed = self.typed_list(question, lang, reading)  # "Welche Organisationen waren im Podium?"
            if typed is not None:
                return typed
        # a post asks for whoever holds it: "Wie heißt der DGB-Chef?"
        asks_person = (reading.wants_person or bool(reading.posts)
                       or any(m.payload == "person" for m in reading.types))  # fmt: skip
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
            return self.described_person(question, lang, reading)  # "Which speakers came from Hesse?"
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
            return self._replies.own_card(question, lang, people[0])
        heading = self.facts.phrases.people_of.get(lang)
        return self._replies.listing(question, lang, heading, people) if people else None

    def _people_who(self, question: str, lang: Lang, reading: Reading) -> Reply | None:
        """The people with a fact of what a question naming nothing asks them to have done, when only
        some have one ("Wer hat etwas vorgestellt?"); not what everybody has (a session, an
        organisation), nor when a group is named too (see :meth:`_described_person`)."""
        if reading.kinds or reading.person_kinds or reading.types or reading.unexplained:
            return None
        cued = [m.payload for m in reading.attributes if m.weight >= RELATION_CUE_WEIGHT]
        for attribute in dict.fromkeys(cued):
            people = [p for p in self._all_people if attribute in p.facts]
            # what their fact names, if the attribute implies it: "vorgestellt" an example, not a debate
            implied = set(self.facts.attributes[attribute].implied_by)
            people = [p for p in people if implied & self._types_named(p, attribute)] or people
            if 0 < len(people) < len(self._all_people):
                if len(people) == 1:
                    return self._replies.own_card(question, lang, people[0])
                return self._replies.listing(question, lang, self.facts.phrases.people_of.get(lang), people)
        return None

    def _types_named(self, entity: Entity, attribute_id: str) -> set[str]:
        return {self.facts.entities[ref].type for ref in entity.facts[attribute_id].refs}

    def the_others(
        self, question: str, lang: Lang, reading: Reading, subjects: tuple[str, ...], earlier: tuple[str, ...]
    ) -> Reply | None:
        """ "und die anderen beiden Workshops?" after one of them: the rest of the group named; "and the
        other two?" after a panellist, the rest of those a fact names with him (who may have been the
        answer ``earlier``: "Wer ist Viktor Sauer?" – "Was war Thema der Runde?" – "Wer war noch dabei?")."""
        if not (reading.others and subjects):
            return None
        said = (*subjects, *earlier)
        if not reading.kinds and len(reading.entity_ids) == 1:  # "Who else was on that panel?" after one
            rest = self._others_there(reading.entity_ids[0], said, self._query.asked(reading))
            if rest:
                return self._replies.listing(question, lang, self.facts.phrases.related_of.get(lang), rest)
        if not reading.kinds:
            if reading.entity_ids or reading.loose:  # "den anderen, den mit den Unternehmen": not only others
                return None
            rest = self._others_there(subjects[0], said, self._query.asked(reading)) if (
                self.facts.entities[subjects[0]].type != "person") else []  # fmt: skip
            if rest:  # "Wer war noch dabei?" after the panel he was in
                return self._replies.listing(question, lang, self.facts.phrases.related_of.get(lang), rest)
            if reading.wants_person and self.facts.entities[subjects[0]].type != "person":
                return None  # "and who else?" after the pop-up store: its people, not other examples
            fellows = self._fellows(subjects[0])
            heading = self.facts.phrases.related_of.get(lang)
            return self._replies.listing(question, lang, heading, fellows) if fellows else None
        group = self._query.members({m.payload for m in reading.kinds})
        rest = [e for e in group if e.id not in subjects]
        if len(rest) == len(group) or not rest:
            return None  # the last answer was not one of the group
        heading = self._replies.kind_heading(reading.kinds[0].payload, lang)
        return self._replies.listing(question, lang, heading, rest)

    def _others_there(self, named: str, subjects: tuple[str, ...], asked: list[str]) -> list[Entity]:
        """The people a fact of ``named`` (of what is asked, first) names besides the last answer's."""
        said = {s for s in subjects if self.facts.entities[s].type == "person"}
        entity = self.facts.entities[named]
        for attribute in sorted(entity.facts, key=lambda a: a not in asked):
            people = self._query.people_named(entity.facts[attribute])
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
        return self._replies.own_card(question, lang, chosen[0])

    def described_person(
        self, question: str, lang: Lang, reading: Reading, said: tuple[str, ...] = ()
    ) -> Reply | None:
        """ "der von der Arbeitsagentur": the people related to what the question names instead; asked of
        the person just ``said`` ("ist das die aus Bayern?"), the fact that relates them confirms it."""
        if any(self.facts.entities[e].type == "person" for e in reading.entity_ids):
            return None
        targets = set(reading.entity_ids) - {self._query.event}  # everybody was at the event
        where = bool(targets) and targets <= set(reading.placed)  # "auf dem Podium": where, not whom
        kinds = {m.payload for m in reading.person_kinds} or (
            {m.payload for m in reading.kinds} if not targets or where else set()
        )
        if not targets and not kinds:
            return None
        if reading.asks_identity:
            return None  # "Wer ist der DGB?" asks what the DGB is: its card, not the person behind it
        if targets and reading.unexplained:
            return None  # "Wer hat die Integrale Landkarte erfunden?": not a relation the facts know
        # "Who presented the Saarland example?" asks who presented, not who is from the Saarland
        specific = {m.payload for m in reading.attributes if m.weight >= RELATION_CUE_WEIGHT}  # not "from"
        # what is asked beyond the words that describe the person ("Was hat der DGB-Vertreter betont?")
        beyond = {m.payload for m in reading.attributes if m.weight >= RELATION_CUE_WEIGHT
                  and not any(m.overlaps(w) for w in reading.person_words)} or specific  # fmt: skip
        if (
            beyond
            and not beyond & set(RELATIONS)
            and any(
                self._query.applies(self.facts.entities[t], self.facts.attributes[a])
                for t in targets
                for a in beyond
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
            return self._replies.unknown_aspect(question, lang, holder, FACT_SCORE)
        referred = [s for s in said if self.facts.entities[s].type == "person"][:1]
        yes_or_no = bool(reading.tokens) and reading.tokens[0] in CHECKING_VERBS  # "Ist der aus Hessen?"
        about_them = reading.refers_back == "person" or yes_or_no
        if people and referred and about_them and referred[0] not in {p.id for p in people}:
            # "Ist der aus Hessen?" after Marc Brandt: not him; what his facts say of it corrects it
            asked = self._correcting(self.facts.entities[referred[0]], targets, kinds)
            return self._attributes.answer(question, lang, referred, asked, reading)
        if not people:
            return None
        if len(people) == 1:
            person = people[0]
            # "die Frau aus Bayern, was hat die präsentiert?": what is asked of her, not how she was described
            describing = {a for a, fact in person.facts.items() if targets & set(fact.refs)}
            if person.id in said and reading.refers_back and describing:
                confirming = [a for a in person.facts if a in describing][:1]
                return self._attributes.answer(question, lang, [person.id], confirming, reading)
            description = [*reading.person_words, *reading.person_kinds]  # "the guy from …": no region asked
            outside = {m.payload for m in reading.attributes if not any(m.overlaps(d) for d in description)}
            asked = [a for a in self._query.asked(reading) if a not in describing and a in outside]
            reply = (
                self._attributes.answer(question, lang, [person.id], asked, reading)
                or self._attributes.of_their_part(question, lang, person.id, asked, reading)
            ) if asked else None  # fmt: skip
            return reply or self._replies.own_card(question, lang, person)
        exact = self._fact_naming_exactly(targets, people)
        if exact is not None:  # "Wer nahm an der Gesprächsrunde teil?": the panel's speakers, as its fact
            return self._attributes.about(question, lang, *exact, vague=False)
        return self._replies.listing(question, lang, self.facts.phrases.people_of.get(lang), people)

    def _saying_terms(self, targets: set[str]) -> set[str]:
        """The things besides the event whose facts say the terms named, when only one or two do: the
        people described by a term are theirs (Workshop 3 says "Transferkonzept")."""
        terms = [self.facts.entities[t] for t in targets]
        if any(term.type != "term" for term in terms):
            return set()
        saying = {
            e.id for e in self.facts.entities.values()
            if e.type not in ("person", "term", "event") and all(self._query.says(e, t) for t in terms)
        }  # fmt: skip
        return saying if len(saying) <= MAX_SAYING_TERMS else set()

    def _correcting(self, person: Entity, targets: set[str], kinds: set[str]) -> list[str]:
        """The person's facts that say what the description got wrong: their region for a region,
        their organisation for a group of organisations ("Is he from the employment agency too?")."""
        types = {self.facts.entities[t].type for t in targets} | {m.type for m in self._query.members(kinds)}
        return [
            r for r in RELATIONS if r in person.facts
            and any(self.facts.entities[ref].type in types for ref in person.facts[r].refs)
        ]  # fmt: skip

    def _fact_naming_exactly(
        self, targets: set[str], people: list[Entity]
    ) -> tuple[Entity, Attribute] | None:
        """The fact of one of the targets whose people are exactly these (the panel's speakers)."""
        wanted = {p.id for p in people}
        for target in (self.facts.entities[t] for t in targets):
            for attribute_id, fact in target.facts.items():
                if set(self._query.people_named(fact)) == wanted:
                    return target, self.facts.attributes[attribute_id]
        return None

    def list_answer(self, question: str, lang: Lang, reading: Reading) -> Reply | None:
        """Every entity of the kind asked about ("Welche Gewerkschaften …?"), or its people."""
        of_group = self._of_a_later_group(question, lang, reading)
        if of_group is not None:  # "Which Bundesländer were represented by the speakers?"
            return of_group
        kind = self.facts.kinds[reading.kinds[0].payload]
        members = self._query.members({kind.id})
        asked_types = {m.payload for m in reading.types if not any(m.same_span(k) for k in reading.kinds)}
        if asked_types and not asked_types & {e.type for e in members} and "person" not in asked_types:
            return None  # "Welche Beispiele aus den WBV …?" asks for examples, not for the WBV
        if reading.wants_person or reading.person_kinds or "person" in asked_types:
            people = [e for e in self.facts.entities.values()
                      if e.type == "person" and related(self.facts, e, set(), {kind.id})]  # fmt: skip
            if people:
                return self._replies.listing(question, lang, self.facts.phrases.people_of.get(lang), people)
        members = self._narrowed_members(members, reading)
        overview = overview_listing(self.facts, {m.id for m in members})
        if overview is not None:  # "Welche Workshops gab es?": the card that lists them all
            return self._replies.entry_card(overview, lang, question)
        heading = self._replies.kind_heading(kind.id, lang)
        return self._replies.listing(question, lang, heading, members) if members else None

    def _of_a_later_group(self, question: str, lang: Lang, reading: Reading) -> Reply | None:
        """The members of the kind asked for right after "which" that the facts of a group named later
        lead to: "Which Bundesländer were represented by the speakers?" the speakers' states, "Aus welchen
        Bundesländern kamen die vorgestellten Verbünde?" the WBV's."""
        asked = reading.kinds[0]
        if asked.start == 0 or reading.tokens[asked.start - 1] not in WHICH_WORDS:
            return None
        later_kinds = {m.payload for m in reading.kinds[1:] if m.start >= asked.end}
        later_person_kinds = {m.payload for m in reading.person_kinds if m.start >= asked.end}
        if later_person_kinds:
            group = people_related(self.facts, set(), later_person_kinds)
        elif later_kinds:
            group = self._query.members(later_kinds)
        elif any(m.payload == "person" and m.start >= asked.end for m in reading.types):
            group = self._all_people
        else:
            return None
        found = [e for e in near(self.facts, group) if asked.payload in e.kinds]
        heading = self._replies.kind_heading(asked.payload, lang)
        return self._replies.listing(question, lang, heading, found) if found else None

    def _narrowed_members(self, members: list[Entity], reading: Reading) -> list[Entity]:
        """The members a list question names another group for: "Welche WBV waren in den Workshops?"
        those whose facts lead to a workshop; all of them when that would leave none. (What they did,
        "vorgestellt", does not narrow: "Welche WBV haben sich vorgestellt?" asks for all of them.)"""
        others = {e.id for e in self._query.members({m.payload for m in reading.kinds[1:]})}
        kept = [m for m in members if others & {e.id for e in near(self.facts, [m])}] if others else []
        return kept or members

    def typed_list(
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
            return self._attributes.about(question, lang, *exact, vague=False)
        if len(members) == 1 and members[0].entry:
            return self._replies.own_card(question, lang, members[0])
        heading = self.facts.phrases.related_of.get(lang)
        return self._replies.listing(question, lang, heading, members) if members else None
