"""The replies composed from facts: a card, a list, "the documentation does not give …".

:class:`FactReplies` turns what the composers decided (this entity's card, these entities listed, this
attribute not documented for that one) into a :class:`~bot.core.reply.Reply` in the user's language,
with its title, its buttons and what it was about (for follow-ups and for the evaluation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.core.facts import Facts
from bot.core.models import Attribute, Entity, Lang, Localized, LocalizedTitle
from bot.core.relations import naming
from bot.core.reply import MAX_SUGGESTIONS, Link, Outcome, Reply

FACT_SCORE = 100.0  # composed answers are certain of what they say; the score is for logs and eval
MAX_LISTED_LINKS = 8  # buttons under a list: one per member, as many as fit on a phone


class FactReplies:
    """Builds the replies of composed answers; built once per knowledge base."""

    def __init__(
        self, facts: Facts, titles: dict[str, LocalizedTitle], card_reply: Callable[[str, Lang, str], Reply]
    ) -> None:
        """``card_reply(entry_id, lang, question)`` is the engine's reply with an entry's card."""
        self.facts = facts
        self._titles = titles
        self.entry_card = card_reply

    def which_person(self, question: str, lang: Lang, people: list[Entity]) -> Reply:
        """Asked about "him" after an answer that named several people: which one is open, so the bot
        asks back and offers them."""
        return Reply(
            question, lang, Outcome.SUGGEST, self.facts.phrases.which_person.get(lang), score=FACT_SCORE,
            suggestions=tuple(self.link(p, lang) for p in people if p.entry)[:MAX_SUGGESTIONS],
        )  # fmt: skip

    def unknown_aspect(self, question: str, lang: Lang, entity_id: str, score: float) -> Reply:
        """Not confident: the question asks something of a known entity that the facts do not model
        ("Wie alt ist Monika Luger?"); it says so and offers the entity's card, or for one without a
        card the cards of what names it ("Wo kann ich an der Rhein Galerie parken?": the pop-up store)."""
        entity = self.facts.entities[entity_id]
        body = self.facts.phrases.unknown_aspect.get(lang).format(name=_accusative(entity.name, lang))
        offered = [entity] if entity.entry else [e for e in naming(self.facts, {entity.id}) if e.entry]
        return Reply(
            question, lang, Outcome.SUGGEST, _capitalised(body), candidate=entity.entry, score=score,
            suggestions=tuple(self.link(e, lang) for e in offered[:MAX_SUGGESTIONS]),
            # it spoke of her: "was hat sie denn vorgestellt?" goes on about her
            subjects=(entity.id,) if entity.type == "person" else (),
        )  # fmt: skip

    def not_documented(
        self, question: str, lang: Lang, entity: Entity, attribute: Attribute, *also: Attribute
    ) -> Reply:
        """ "Eine Telefonnummer nennt die Dokumentation für Workshop 3 nicht. Bekannt ist: …"; with
        ``also``, the other details asked that it does not give either ("eine E-Mail-Adresse oder eine
        Telefonnummer")."""
        keys = tuple(f"{entity.id}.{a.id}" for a in (attribute, *also))
        about = (*keys, attribute.card) if attribute.card else keys
        phrases = self.facts.phrases
        labels = [a.label.get(lang) for a in (attribute, *also)]
        label = labels[0] if not also else phrases.either.get(lang).format(
            first=", ".join(labels[:-1]), last=labels[-1]
        )  # fmt: skip
        name = _accusative(entity.name, lang)
        missing = phrases.not_documented.get(lang).format(attribute=label, name=name)
        known = phrases.known.get(lang).format(summary=entity.summary.get(lang))
        body = f"{_capitalised(missing)}\n\n{known}"
        links = (self.link(entity, lang),) if entity.entry else ()
        return Reply(
            question, lang, Outcome.ANSWER, body, candidate=entity.entry, title=self.title(entity, lang),
            score=FACT_SCORE, related=links, about=about, subjects=(entity.id,), attribute=attribute.id,
        )  # fmt: skip

    def card(
        self, question: str, lang: Lang, entity: Entity, about: tuple[str, ...], attribute: str | None,
        card: str | None = None,
    ) -> Reply:  # fmt: skip
        """The answer is a card of the knowledge base, about ``entity``."""
        reply = self.entry_card(card or entity.entry or "", lang, question)
        return replace(reply, about=about, subjects=(entity.id,), attribute=attribute)

    def own_card(self, question: str, lang: Lang, entity: Entity) -> Reply:
        """The entity's own card as the answer, about the entity itself."""
        return self.card(question, lang, entity, (entity.entry or entity.id,), None)

    def kind_heading(self, kind_id: str, lang: Lang) -> str:
        """ "Gewerkschaften in der Dokumentation:": the heading of a list of a kind."""
        return self.facts.phrases.list.get(lang).format(label=self.facts.kinds[kind_id].label.get(lang))

    def listing(self, question: str, lang: Lang, heading: str, members: list[Entity]) -> Reply:
        lines = [f"• {self.title(e, lang)}: {e.summary.get(lang)}" for e in members]
        ids = tuple(e.id for e in members)
        return Reply(
            question, lang, Outcome.ANSWER, "\n".join([_capitalised(heading), *lines]), score=FACT_SCORE,
            about=ids, subjects=ids, listed=ids,
            related=tuple(self.link(e, lang) for e in members if e.entry)[:MAX_LISTED_LINKS],
        )  # fmt: skip

    def title(self, entity: Entity, lang: Lang) -> str:
        if entity.entry:
            return self._titles[entity.entry].get(lang)
        return _capitalised(entity.name.get(lang))

    def link(self, entity: Entity, lang: Lang) -> Link:
        """A button to the card of ``entity`` (which has one)."""
        return Link(entity.entry or "", self._titles[entity.entry or ""].get(lang))


def _accusative(name: Localized, lang: Lang) -> str:
    """A name as it stands after "für" or "über" in the phrases: "für den Pop-up-Store". Names are
    written in the nominative; only a masculine article changes (die, das and plural die stay)."""
    text = name.get(lang)
    return f"den {text[4:]}" if lang == "de" and text.startswith("der ") else text


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
