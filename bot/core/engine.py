"""The answer engine: text in, a :class:`Reply` out. It knows nothing about Telegram.

First the structured facts are asked (:mod:`bot.core.compose`): an attribute of a named entity, a
person described by a relation, a list, or a follow-up to the conversation so far. Otherwise the
ranked entries decide, with three outcomes:

* ``answer``: one entry is clearly the best: its score reaches :data:`CONFIDENT_SCORE` and beats the
  runner-up by :data:`CONFIDENT_MARGIN` (no margin is needed for the card of the one thing the question
  names), or it reaches :data:`CLEAR_SCORE` — unless the question names
  somebody else with one of our people's names, or says "er/sie" with nobody to refer to.
* ``suggest``: "did you mean" with up to three entries, when the best is middling
  (:data:`SUGGEST_SCORE` or more) or two entries are too close to choose between.
* ``fallback``: nothing fits; the reply says honestly what the bot can answer.

The thresholds are chosen by cross-validation on the tuning questions (``python -m bench.calibrate``),
never on the held-out ones; see the README for the figures.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.core.compose import FactAnswers
from bot.core.conversation import Conversation
from bot.core.fact_replies import FACT_SCORE
from bot.core.index import Match, SearchIndex
from bot.core.language import detect_language
from bot.core.loader import KnowledgeBase, load_knowledge_base
from bot.core.models import MENU_PREFIX, Lang, Menu
from bot.core.normalize import INTENT_OF_WORD, tokenize, within_limit
from bot.core.relations import naming
from bot.core.reply import MAX_SUGGESTIONS, Link, Outcome, Reply
from bot.core.sentences import asking_sentence
from bot.core.understand import GENERIC_WORDS, Reading, Understander

CONFIDENT_SCORE = 75.0
CONFIDENT_MARGIN = 6.0
CLEAR_SCORE = 85.0
SUGGEST_SCORE = 45.0
SUGGEST_WINDOW = 25.0  # suggestions are at most this far below the best
CONTACT_SCORE = 60.0  # asked whom to contact, a contact card this good that leads the others answers
CONTACT_LEEWAY = 10.0  # … even this far below an entry that is no contact card
CONTACT_CANDIDATES = 12
ONE_OF_TYPE_SCORE = 60.0  # "Welcher Workshop …?": the workshop the words fit best, clearly, this well
CACHE_SIZE = 4096  # popular questions repeat; replies are immutable and tied to this engine's knowledge
MAX_CACHED_QUESTION_CHARS = 200  # popular questions are short; longer ones are answered afresh


class AnswerEngine:
    """Answers questions from one knowledge base. Build it once; :meth:`answer` is cheap.

    Its public surface is what adapters and curation use: :meth:`answer`, :meth:`entry_reply`,
    :meth:`link`, :meth:`has_entry`, :meth:`menu`, :meth:`parent_menu`, :meth:`search`, :meth:`terms`,
    ``version`` and ``entry_count``;
    ``kb`` is the validated knowledge base it answers from (read-only).
    """

    def __init__(self, kb: KnowledgeBase, cache_size: int = CACHE_SIZE) -> None:
        self.kb = kb
        self._index = SearchIndex(kb)
        normalizer = self._index.normalizer
        self._understander = Understander(
            kb.facts, normalizer.vocabulary, normalizer.one_word_synonyms, normalizer.phrase_synonyms
        )
        titles = {entry_id: entry.title for entry_id, entry in kb.entries.items()}
        self._facts = FactAnswers(kb.facts, titles, self._understander, self.entry_reply)
        self._cache_size = cache_size  # 0 turns the cache off (benchmarks measure the matching itself)
        self._cache: dict[tuple[str, Lang | None, Conversation | None], Reply] = {}
        self._contact_cards = _cards_under(kb.menus, kb.facts.contact_menu)

    @classmethod
    def from_directory(cls, directory: Path) -> AnswerEngine:
        """Load and index a knowledge base; raises :class:`KnowledgeBaseError` when it cannot be used."""
        return cls(load_knowledge_base(directory))

    def text(self, key: str, lang: Lang) -> str:
        """One of the bot's own texts (``knowledge/texts.yaml``) in ``lang``."""
        return self.kb.texts(key, lang)

    def answer(
        self, question: str, lang: Lang | None = None, conversation: Conversation | None = None
    ) -> Reply:
        """Answer a free-text question; ``lang`` is the user's language if known, ``conversation`` what
        the previous answers in this conversation were about (see :mod:`bot.core.conversation`)."""
        question = within_limit(question)
        if not self._cache_size or len(question) > MAX_CACHED_QUESTION_CHARS:
            return self._answer(question, lang, conversation)  # long messages are one-offs: not kept
        key = (question, lang, conversation)
        reply = self._cache.get(key)
        if reply is None:
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            reply = self._cache[key] = self._answer(question, lang, conversation)
        return reply

    def _answer(self, question: str, lang: Lang | None, conversation: Conversation | None) -> Reply:
        lang = lang or detect_language(question, conversation.lang if conversation else "de")
        asking = asking_sentence(question)  # the framing around it may only dilute or lure …
        if asking is not None:
            reading = self._understander.read(asking)
            if self._stands_alone(reading, question):
                reply = self._answer_sentence(asking, lang, conversation, reading)
                if reply.outcome is Outcome.ANSWER:
                    return replace(reply, question=question)
        return self._answer_sentence(question, lang, conversation)

    def _stands_alone(self, sentence: Reading, message: str) -> bool:
        """… unless it names nothing and the framing does ("… hat Frank Schmidt die Landkarte vorgestellt.
        Wie funktioniert die?"), or it asks whom to contact, which the framing decides ("Wir sind ein
        Betrieb in Oberbayern. An wen aus der Veranstaltung sollte ich mich wenden?")."""
        if sentence.wants_contact:
            return False
        return bool(sentence.entities) or not self._understander.read(message).entities

    def _answer_sentence(
        self, question: str, lang: Lang, conversation: Conversation | None, reading: Reading | None = None
    ) -> Reply:
        """The reply to one question (``reading``: how it reads, if that is known already)."""
        if not tokenize(question):
            return Reply(question, lang, Outcome.FALLBACK, self.text("empty", lang))
        reading = reading or self._understander.read(question)
        if reading.new_topic:  # "ganz was anderes: wann war eigentlich Schluss?"
            conversation = None
        elif conversation is not None and conversation.contact and self._facts.is_ellipsis(reading) and not (
            reading.attributes or reading.refers_back
        ):
            reading = replace(reading, wants_contact=True)  # "und mit Unternehmen?" after a contact card
        composed = self._facts.answer(question, lang, reading, conversation)
        if composed is None:
            composed = self._facts.named_card(question, lang, reading)
        if composed is not None:
            return composed  # an attribute of a named entity, a person described by a relation, a list
        # "Welcher Workshop ging um Verstetigung?": a term named is what the one asked for is about
        things = [e for e in reading.entity_ids if self.kb.facts.entities[e].type != "term"]
        one_of_type = bool(reading.one_of_types) and not (things or reading.wants_list)
        # contact cards, or the things of the type asked for, may rank lower
        wanted = CONTACT_CANDIDATES if reading.wants_contact or one_of_type else MAX_SUGGESTIONS + 1
        found = self._index.search(question, limit=wanted)
        ranked = found[: MAX_SUGGESTIONS + 1]
        best = ranked[0] if ranked else Match("", 0.0)
        contact = (self._contact_about(reading.entity_ids, found) or self._contact_card(found)
                   if reading.wants_contact else None)  # fmt: skip
        if contact is not None:
            return self.entry_reply(contact.entry_id, lang, question, contact.score)
        # "und wo kommt sie her?", "von welcher Organisation ist er?" with nobody to refer to: a guess
        context = conversation is not None and bool(conversation.subjects)
        dangling = reading.refers_back == "person" and not reading.entities and not context
        one = self._one_of_type(reading, found) if one_of_type and not dangling else None
        if one is not None:
            return self.entry_reply(one.entry_id, lang, question, one.score)
        # unless a curator has added such a phrasing to the entry: a card ranks high by a name alone
        # ("Was verdient Viktor Sauer?")
        if reading.unmodelled and not self._curated_for(best.entry_id, reading):
            uncovered = self._facts.not_covered(question, lang, reading)
            if uncovered is not None:
                return uncovered
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        best_entity = self.kb.facts.of_entry(best.entry_id)  # whose card the best entry is, if anybody's
        # the one thing the question names, when its card ranks first, needs no margin over the next
        the_named = (
            best_entity is not None and reading.entity_ids == [best_entity.id] and not reading.unexplained
        )
        clear_lead = best.score - runner_up >= CONFIDENT_MARGIN or best.score >= CLEAR_SCORE or the_named
        # "Frank Schmidt vom BVB", "Welche WBV gibt es in NRW?": not a question about what is documented
        somebody_else = bool(reading.namesakes) or reading.elsewhere
        confident = best.score >= CONFIDENT_SCORE and clear_lead and best.score > runner_up
        # "Wie alt ist Monika Luger?": a person's card is no answer to what the facts do not know of her
        person = best_entity if best_entity is not None and best_entity.type == "person" else None
        aspect = person is not None and person.id in reading.entity_ids
        # "Seit wann ist Sauer …?": no fact says it ("Wer war der Geschäftsführer …?" asks who he is)
        cued = [m.payload for m in reading.attributes if not _who_is(reading.tokens[m.start : m.end])]
        unanswerable = bool(cued) and person is not None and not self._facts.answerable(person, cued)
        aspect = aspect and (bool(reading.unexplained) or unanswerable)
        if confident and not (somebody_else or dangling or aspect):
            behind = None if reading.wants_contact else self._facts.person_behind(
                question, lang, best.entry_id, reading, conversation
            )  # fmt: skip
            return behind or self.entry_reply(best.entry_id, lang, question, best.score)
        if aspect and person is not None and best.score >= SUGGEST_SCORE:
            return self._facts.unknown_aspect(question, lang, person.id, best.score)
        backed = best.score >= SUGGEST_SCORE and not (somebody_else or dangling or aspect)
        if backed and best.score > runner_up and self._facts.card_of_fact_asked(best.entry_id, reading):
            return self.entry_reply(best.entry_id, lang, question, best.score)
        if best.score >= SUGGEST_SCORE:
            close = [m for m in ranked if m.score >= max(SUGGEST_SCORE, best.score - SUGGEST_WINDOW)][
                :MAX_SUGGESTIONS
            ]
            return Reply(
                question,
                lang,
                Outcome.SUGGEST,
                self.text("did_you_mean", lang),
                candidate=best.entry_id,
                score=best.score,
                suggestions=tuple(self.link(m.entry_id, lang) for m in close),
            )
        return Reply(
            question,
            lang,
            Outcome.FALLBACK,
            self.text("fallback", lang),
            candidate=best.entry_id or None,
            score=best.score,
        )

    def _contact_about(self, entity_ids: list[str], ranked: list[Match]) -> Match | None:
        """Asked whom to contact about something named ("wen sprech ich beim DGB an?"): the contact
        card whose related entries include its card; of several, the one ranked best. When no contact
        card lists it, the card for what is documented around it (see :meth:`_contact_near`)."""
        named = {self.kb.facts.entities[e].entry for e in entity_ids} - {None}
        fitting = [c for c in sorted(self._contact_cards) if named & set(self.kb.entries[c].related)]
        things = [self.kb.facts.entities[e] for e in entity_ids]
        if not fitting and things and all(thing.type == "term" and thing.entry for thing in things):
            # only terms named: a term's card may name the contact card itself ("KMU": working with
            # companies)
            pointed = {r for thing in things for r in self.kb.entries[thing.entry or ""].related}
            fitting = sorted(self._contact_cards & pointed)
        if not fitting and entity_ids:  # "Wen spreche ich in Bayern an?": a region has no card
            return self._contact_near(set(entity_ids), ranked)
        if len(fitting) > 1:  # the one the question's words fit clearly better, if any
            leader = _clear_leader([m for m in ranked if m.entry_id in fitting])
            fitting = [leader.entry_id] if leader is not None else []
        return Match(fitting[0], FACT_SCORE) if len(fitting) == 1 else None  # the facts decided

    def _one_of_type(self, reading: Reading, ranked: list[Match]) -> Match | None:
        """ "Welcher Workshop hat sich mit Verstetigung beschäftigt?" asks for one workshop: the one the
        words fit best, when it leads the other workshops clearly, even a little below the confident
        score; never when it asks what is not documented of them ("… die meisten Teilnehmer?")."""
        facts, types = self.kb.facts, reading.one_of_types
        if any(types & set(facts.attributes[m.payload].undocumented_for) for m in reading.attributes):
            return None
        of_type = [m for m in ranked if (found := facts.of_entry(m.entry_id)) and found.type in types]
        leader = _clear_leader(of_type)
        return leader if leader is not None and leader.score >= ONE_OF_TYPE_SCORE else None

    def _contact_near(self, entity_ids: set[str], ranked: list[Match]) -> Match | None:
        """The contact card for a region or place: the one related to most of what is documented
        there (its people, organisations and examples); of several, the one the words rank first."""
        near = {e.entry for e in naming(self.kb.facts, entity_ids) if e.entry}
        cover = {c: len(near & set(self.kb.entries[c].related)) for c in self._contact_cards}
        most = max(cover.values(), default=0)
        fitting = [m for m in ranked if most and cover.get(m.entry_id) == most]
        return Match(fitting[0].entry_id, FACT_SCORE) if fitting else None

    def _contact_card(self, ranked: list[Match]) -> Match | None:
        """Asked whom to contact ("wen frag ich zu Unternehmen?"): the contact card that fits clearly
        better than the other contact cards, even a little below an entry about the topic itself."""
        cards = [m for m in ranked if m.entry_id in self._contact_cards]
        if not cards or cards[0].score < max(CONTACT_SCORE, ranked[0].score - CONTACT_LEEWAY):
            return None
        return _clear_leader(cards)

    def entry_reply(self, entry_id: str, lang: Lang, question: str = "", score: float = 100.0) -> Reply:
        """The answer of one entry (for a confident match, a button or a deep link)."""
        entry = self.kb.entries[entry_id]
        entity = self.kb.facts.of_entry(entry_id)
        listed = tuple(self.kb.facts.overview_cards.get(entry.id, ()))
        return Reply(
            question,
            lang,
            Outcome.ANSWER,
            entry.answer.get(lang),
            entry_id=entry.id,
            candidate=entry.id,
            title=entry.title.get(lang),
            score=score,
            related=tuple(self.link(related, lang) for related in entry.related),
            about=(entry.id, *self.kb.facts.answered_by_card(entry.id)),
            listed=listed,
            subjects=(entity.id,) if entity else listed,  # after an overview: "und das dritte?"
            contact=entry.id in self._contact_cards,
        )

    def link(self, entry_id: str, lang: Lang) -> Link:
        return Link(entry_id, self.kb.entries[entry_id].title.get(lang))

    @property
    def version(self) -> str:
        """The content hash of the knowledge base this engine answers from."""
        return self.kb.version

    @property
    def entry_count(self) -> int:
        return len(self.kb.entries)

    def has_entry(self, entry_id: str) -> bool:
        return entry_id in self.kb.entries

    def menu(self, menu_id: str) -> Menu | None:
        return self.kb.menus.get(menu_id)

    def parent_menu(self, menu_id: str) -> str | None:
        """The first menu that links to ``menu_id``, for its back button."""
        for menu in self.kb.menus.values():
            if MENU_PREFIX + menu_id in menu.items:
                return menu.id
        return None

    def search(self, text: str, limit: int) -> list[Match]:
        """The best entries for ``text`` without the answer policy: for lists the user picks from."""
        return self._index.search(text, limit)

    def _curated_for(self, entry_id: str, reading: Reading) -> bool:
        """Whether the entry's phrasings and keywords say one of the words the facts never cover and
        every other word the question leaves unexplained: "Bist du eine KI?" is the bot's own card,
        "Gab es einen Workshop zu KI?" is not."""
        entry = self.kb.entries.get(entry_id)
        if entry is None:
            return False
        said = {token for text in (*entry.questions, *entry.keywords) for token in tokenize(text)}
        return bool(said.intersection(reading.unmodelled)) and said.issuperset(reading.loose)

    def terms(self, text: str) -> list[str]:
        """The terms matching works on (synonyms applied, compounds split, stop words dropped)."""
        return self._index.normalizer.terms(text)


def _who_is(words: tuple[str, ...]) -> bool:
    """Whether a cue is only "wer war", "who is": a question word for a person and function words."""
    return GENERIC_WORDS.issuperset(words) and any(INTENT_OF_WORD.get(word) == "@who" for word in words)


def _clear_leader(ranked: list[Match]) -> Match | None:
    """The first of matches ranked best first, if it leads the next by the confident margin."""
    if not ranked:
        return None
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    return ranked[0] if ranked[0].score - runner_up >= CONFIDENT_MARGIN else None


def _cards_under(menus: dict[str, Menu], menu_id: str | None) -> frozenset[str]:
    """The entries of a menu and of the menus below it."""
    cards: set[str] = set()
    seen: set[str] = set()
    waiting = [menu_id] if menu_id else []
    while waiting:
        menu = menus.get(waiting.pop())
        if menu is None or menu.id in seen:
            continue
        seen.add(menu.id)
        for item in menu.items:
            if item.startswith(MENU_PREFIX):
                waiting.append(item.removeprefix(MENU_PREFIX))
            else:
                cards.add(item)
    return frozenset(cards)
