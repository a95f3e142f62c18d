"""How the facts connect entities: who is related to what, what a group or a type lists, which example
joins several things. Queries over :class:`~bot.core.facts.Facts` only; the replies are composed in
:mod:`bot.core.compose`."""

from __future__ import annotations

from bot.core.facts import Facts
from bot.core.models import Entity
from bot.core.normalize import tokenize

RELATIONS = ("organisation", "region", "session", "presented", "led")  # how a person is described
MIN_STEM = 6  # "Vorsitzende" is "Vorsitzender": words this long may differ in their ending


def names(entity: Entity, attribute_id: str, named: set[str]) -> bool:
    """Whether the entity's fact of this attribute names every one of ``named`` (and there are some)."""
    fact = entity.facts.get(attribute_id)
    return fact is not None and bool(named) and named <= set(fact.refs)


def related(
    facts: Facts, person: Entity, targets: set[str], kinds: set[str], relations: tuple[str, ...] = RELATIONS
) -> bool:
    """Whether these relations of a person name all targets and an entity of one of the kinds (of
    those given: "wer war von der Arbeitgeberseite auf dem Podium?" asks for both)."""
    refs = {ref for relation in relations if relation in person.facts for ref in person.facts[relation].refs}
    linked = [facts.entities[ref] for ref in refs if ref in facts.entities]
    of_kind = any(kinds & set(entity.kinds) for entity in linked)
    return bool(targets or kinds) and (not targets or targets <= refs) and (not kinds or of_kind)


def people_related(
    facts: Facts, targets: set[str], kinds: set[str], relations: tuple[str, ...] = RELATIONS,
    any_target: bool = True,
) -> list[Entity]:  # fmt: skip
    """The people related to all targets (or kinds); failing that, when ``any_target``, to any one of
    several targets ("Wer hat den Pop-up-Store in Ludwigshafen gemacht?")."""
    people = [p for p in facts.entities.values() if p.type == "person"]
    found = [p for p in people if related(facts, p, targets, kinds, relations)]
    if found or len(targets) < 2 or not any_target:
        return found
    return [p for p in people if any(related(facts, p, {t}, set(), relations) for t in targets)]


def naming(facts: Facts, entity_ids: set[str]) -> list[Entity]:
    """The entities with a fact that names one of these: the pop-up store for the Rhein Galerie, Monika
    Luger and ZUKUNFTmobil for Bayern."""
    return [e for e in facts.entities.values() if any(entity_ids & set(f.refs) for f in e.facts.values())]


def joint_example(facts: Facts, entity_ids: list[str]) -> Entity | None:
    """The one example, not named itself, whose facts name all these entities ("Was hatte die BA mit
    dem WBV Saarland zu tun?"); none when a place is named with a thing whose own facts name it
    ("zukunftmobil bayern" is about ZUKUNFTmobil)."""
    named = set(entity_ids)
    places = {e for e in named if facts.entities[e].type in ("region", "place")}
    things = [facts.entities[e] for e in named - places]
    if places and any(names(thing, a, places) for thing in things for a in thing.facts):
        return None
    joint = [e for e in facts.entities.values() if e.type == "example" and e.id not in named
             and named <= {ref for fact in e.facts.values() for ref in fact.refs}]  # fmt: skip
    return joint[0] if len(joint) == 1 else None


def overview_listing(facts: Facts, entity_ids: set[str]) -> str | None:
    """The overview card that lists exactly these entities ("Welche Workshops gab es?")."""
    return next((card for card, listed in facts.overview_cards.items() if set(listed) == entity_ids), None)


def overview_of_type(facts: Facts, entity_type: str) -> str | None:
    """The overview card that lists every entity of a type ("Liste aller Personen")."""
    return overview_listing(facts, {e.id for e in facts.entities.values() if e.type == entity_type})


def near(facts: Facts, targets: list[Entity]) -> list[Entity]:
    """The entities that the targets' facts bring up within two steps: the panel's speakers, then their
    organisations."""
    found = [facts.entities[ref] for t in targets for fact in t.facts.values() for ref in fact.refs]
    found += [facts.entities[ref] for e in found for fact in e.facts.values() for ref in fact.refs]
    return list({e.id: e for e in found}.values())


def holders(facts: Facts, attribute_id: str, words: tuple[str, ...]) -> list[Entity]:
    """The people whose fact of this attribute says all these words, in either language: "managing
    director" and "Vorsitzende" name Viktor Sauer's and Michael Rudolph's roles."""
    found = []
    for person in (e for e in facts.entities.values() if e.type == "person" and attribute_id in e.facts):
        fact = person.facts[attribute_id]
        said = tokenize(f"{fact.de} {fact.en}")
        if all(any(_same_word(word, token) for token in said) for word in words):
            found.append(person)
    return found


def _same_word(word: str, token: str) -> bool:
    shorter, longer = sorted((word, token), key=len)
    return word == token or (len(shorter) >= MIN_STEM and longer.startswith(shorter))
