"""The structured layer of the knowledge base: entities, their documented facts, and how people ask.

Collected from every knowledge file (``entities:``, ``attributes:``, ``kinds:``, ``type_cues:``,
``card_answers:``, ``cues:``, ``phrases:``) and checked as a whole: ids are unique, every reference
points to something that exists, every fact is about a known attribute, and an attribute the
documentation never gives for a type is not also given as a fact of an entity of that type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from bot.core.models import Attribute, Cues, Entity, EntityType, Kind, KnowledgeFile, Phrases, Words
from bot.core.problems import Problem


@dataclass(frozen=True)
class Facts:
    """Entities and the vocabulary to ask about them; empty when a knowledge base has none."""

    entities: dict[str, Entity] = field(default_factory=dict)
    attributes: dict[str, Attribute] = field(default_factory=dict)
    kinds: dict[str, Kind] = field(default_factory=dict)
    type_cues: dict[EntityType, Words] = field(default_factory=dict)
    card_answers: dict[EntityType, list[str]] = field(default_factory=dict)
    question_words: dict[str, list[str]] = field(default_factory=dict)
    contact_attributes: frozenset[str] = frozenset()  # what "whom can I contact" may still ask for
    contact_menu: str | None = None  # the menu whose cards answer "whom can I contact"
    overview_cards: dict[str, list[str]] = field(default_factory=dict)  # card -> the entities it lists
    cues: Cues | None = None
    phrases: Phrases | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.entities) and self.cues is not None and self.phrases is not None

    def answered_by_card(self, entry_id: str) -> tuple[str, ...]:
        """``entity.attribute`` for what a card answers: an attribute of the event it says is not
        documented (unbekannt_datum answers werkstattgespraech.date), a fact told by it (``card:``)."""
        return self._answered_by_card.get(entry_id, ())

    def of_entry(self, entry_id: str) -> Entity | None:
        """The entity whose card ``entry_id`` is."""
        return self._entity_of_entry.get(entry_id)

    # Both are asked on every answer: worked out once per knowledge base, not by a scan each time.

    @cached_property
    def _answered_by_card(self) -> dict[str, tuple[str, ...]]:
        events = [e.id for e in self.entities.values() if e.type == "event"]
        answered: dict[str, tuple[str, ...]] = {}
        for attribute in self.attributes.values():
            if attribute.card:
                found = tuple(f"{event}.{attribute.id}" for event in events)
                answered[attribute.card] = answered.get(attribute.card, ()) + found
        for entity in self.entities.values():  # a fact told by a card: the card answers it
            for attribute_id, fact in entity.facts.items():
                if fact.card:
                    answered[fact.card] = (*answered.get(fact.card, ()), f"{entity.id}.{attribute_id}")
        return answered

    @cached_property
    def _entity_of_entry(self) -> dict[str, Entity]:
        entities: dict[str, Entity] = {}
        for entity in self.entities.values():
            if entity.entry:
                entities.setdefault(entity.entry, entity)  # the first, as the documentation lists them
        return entities


class FactsCollector:
    """Gathers the structured parts of each file, then checks and freezes them (see :meth:`build`)."""

    def __init__(self) -> None:
        self._entities: dict[str, tuple[Entity, str]] = {}
        self._attributes: dict[str, tuple[Attribute, str]] = {}
        self._kinds: dict[str, tuple[Kind, str]] = {}
        self._type_cues: dict[EntityType, Words] = {}
        self._card_answers: dict[EntityType, list[str]] = {}
        self._question_words: dict[str, list[str]] = {}
        self._contact_attributes: set[str] = set()
        self._overview_cards: dict[str, list[str]] = {}
        self._contact_menu: tuple[str, str] | None = None
        self._cues: tuple[Cues, str] | None = None
        self._phrases: tuple[Phrases, str] | None = None

    def add(self, file: str, top: KnowledgeFile, problems: list[Problem]) -> None:
        for kind, items, store in (
            ("entity", top.entities, self._entities),
            ("attribute", top.attributes, self._attributes),
            ("kind", top.kinds, self._kinds),
        ):
            for item in items:
                if item.id in store:
                    problems.append(
                        Problem(file, f"duplicate {kind} id: already defined in {store[item.id][1]}", None,
                                item.id, "id")
                    )  # fmt: skip
                store[item.id] = (item, file)
        self._type_cues.update(top.type_cues)
        self._card_answers.update(top.card_answers)
        self._question_words.update(top.question_words)
        self._contact_attributes.update(top.contact_attributes)
        self._overview_cards.update(top.overview_cards)
        if top.contact_menu is not None:
            if self._contact_menu is not None:
                problems.append(Problem(file, f"'contact_menu:' is already given in {self._contact_menu[1]}",
                                        field="contact_menu"))  # fmt: skip
            self._contact_menu = (top.contact_menu, file)
        for name, value in (("cues", top.cues), ("phrases", top.phrases)):
            if value is None:
                continue
            previous = getattr(self, f"_{name}")
            if previous is not None:
                problems.append(Problem(file, f"'{name}:' is already given in {previous[1]}", field=name))
            setattr(self, f"_{name}", (value, file))

    def build(self, entry_ids: set[str], problems: list[Problem], menu_ids: set[str]) -> Facts:
        """Check references across files; append problems and return what was collected."""
        entities = {key: entity for key, (entity, _) in self._entities.items()}
        attributes = {key: attribute for key, (attribute, _) in self._attributes.items()}
        kinds = {key: kind for key, (kind, _) in self._kinds.items()}
        for entity_id, (entity, file) in self._entities.items():
            if entity.entry is not None and entity.entry not in entry_ids:
                problems.append(
                    Problem(file, f"entry '{entity.entry}' does not exist", None, entity_id, "entry")
                )
            for kind in entity.kinds:
                if kind not in kinds:
                    problems.append(Problem(file, f"kind '{kind}' does not exist", None, entity_id, "kinds"))
            if entity.gender is not None and entity.type != "person":
                problems.append(Problem(file, "only a person has a gender", None, entity_id, "gender"))
            for attribute_id, fact in entity.facts.items():
                where = f"facts.{attribute_id}"
                attribute = attributes.get(attribute_id)
                if attribute is None:
                    problems.append(Problem(file, f"attribute '{attribute_id}' does not exist", None,
                                            entity_id, where))  # fmt: skip
                elif entity.type in attribute.undocumented_for:
                    problems.append(Problem(file, f"'{attribute_id}' is declared never documented for "
                                            f"{entity.type}", None, entity_id, where))  # fmt: skip
                if fact.card is not None and fact.card not in entry_ids:
                    problems.append(Problem(file, f"entry '{fact.card}' does not exist", None, entity_id,
                                            f"{where}.card"))  # fmt: skip
                for ref in fact.refs:
                    if ref not in entities:
                        problems.append(Problem(file, f"entity '{ref}' does not exist", None, entity_id,
                                                f"{where}.refs"))  # fmt: skip
        for attribute_id, (attribute, file) in self._attributes.items():
            if attribute.card is not None and attribute.card not in entry_ids:
                problems.append(
                    Problem(file, f"entry '{attribute.card}' does not exist", None, attribute_id, "card")
                )
        for card, listed in self._overview_cards.items():
            missing = [e for e in listed if e not in entities] + ([card] if card not in entry_ids else [])
            for entity_id in missing:
                problems.append(Problem("(knowledge base)", f"overview_cards: '{entity_id}' does not exist",
                                        field=f"overview_cards.{card}"))  # fmt: skip
        for attribute_ids in [*self._card_answers.values(), *self._question_words.values(),
                              sorted(self._contact_attributes),
                              [s for a, _ in self._attributes.values() for s in (*a.same_as, *a.otherwise)],
                              [s for a, _ in self._attributes.values() for ids in a.instead_after.values()
                               for s in ids]]:  # fmt: skip
            for attribute_id in attribute_ids:
                if attribute_id not in attributes:
                    problems.append(Problem("(knowledge base)", f"attribute '{attribute_id}' does not exist",
                                            field="card_answers / question_words"))  # fmt: skip
        if self._contact_menu is not None and self._contact_menu[0] not in menu_ids:
            menu, file = self._contact_menu
            message = f"contact_menu: menu '{menu}' does not exist"
            problems.append(Problem(file, message, field="contact_menu"))
        if entities and (self._cues is None or self._phrases is None):
            problems.append(
                Problem("(knowledge base)", "entities need 'cues:' and 'phrases:' (see attributes.yaml)")
            )
        return Facts(
            entities,
            attributes,
            kinds,
            dict(self._type_cues),
            dict(self._card_answers),
            dict(self._question_words),
            frozenset(self._contact_attributes),
            self._contact_menu[0] if self._contact_menu else None,
            dict(self._overview_cards),
            self._cues[0] if self._cues else None,
            self._phrases[0] if self._phrases else None,
        )
