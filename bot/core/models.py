"""The schema of the knowledge base: what a curator may write in `knowledge/*.yaml`.

Unknown fields are rejected (``forbid_unknown_fields``) so that a typo such as ``anwser:`` is reported
instead of silently ignored. :func:`bot.core.validation.convert` reads data into these types; it strips
every text first, so a text of only spaces is empty. An empty list or dict as a default is copied for
each instance (msgspec does that), never shared.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Lang = Literal["de", "en"]

NON_EMPTY = msgspec.Meta(min_length=1)  # a text, or a list that needs one item at least
NonEmptyText = Annotated[str, NON_EMPTY]
# Entry ids travel in Telegram callback data (64 bytes at most) and deep links (64 characters of
# A-Z, a-z, 0-9, _ and -), so they are short, lowercase and ASCII.
EntryId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9_]{1,40}$")]
MenuId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9_]{1,20}$")]
MENU_PREFIX = "menu:"
ButtonTitle = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Refuses unknown fields and cannot be changed; subclasses inherit both. ``kw_only=True``, which lets
    required fields follow optional ones, holds only for the fields of the class that says it."""


class Localized(_Strict):
    """A text in German and English; both are required."""

    de: NonEmptyText
    en: NonEmptyText

    def get(self, lang: Lang) -> str:
        return self.de if lang == "de" else self.en


class LocalizedTitle(Localized):
    """A title short enough for a Telegram button."""

    de: ButtonTitle
    en: ButtonTitle


class Entry(_Strict, kw_only=True):
    """One answerable topic."""

    id: EntryId
    title: LocalizedTitle
    questions: Annotated[list[NonEmptyText], NON_EMPTY]
    keywords: list[NonEmptyText] = []
    answer: Localized
    related: list[EntryId] = []
    source: NonEmptyText


class Menu(_Strict):
    """A screen of buttons in Telegram; items are entry ids or ``menu:<id>`` for a sub-menu."""

    id: MenuId
    title: LocalizedTitle
    text: Localized
    items: Annotated[list[NonEmptyText], NON_EMPTY]


class SynonymGroup(_Strict):
    """Words and phrases that mean the same as ``canonical`` for matching purposes."""

    canonical: NonEmptyText
    variants: Annotated[list[NonEmptyText], NON_EMPTY]


EntityType = Literal["event", "session", "example", "person", "organisation", "place", "region", "term"]
Gender = Literal["female", "male"]
AttributeId = Annotated[str, msgspec.Meta(pattern=r"^[a-z_]{1,30}$")]
KindId = Annotated[str, msgspec.Meta(pattern=r"^[a-z_]{1,30}$")]


class Words(_Strict):
    """Words and phrases in both languages (cues that ask for something)."""

    de: Annotated[list[NonEmptyText], NON_EMPTY]
    en: Annotated[list[NonEmptyText], NON_EMPTY]

    def all(self) -> list[str]:
        return [*self.de, *self.en]


class Fact(Localized, kw_only=True):
    """What the documentation says about one attribute of an entity: a sentence in both languages, the
    entities it names (``refs``), and where the documentation says it."""

    refs: list[EntryId] = []
    card: EntryId | None = None  # an answer card that says the same, shown instead of the sentence
    source: NonEmptyText


class Entity(_Strict, kw_only=True):
    """Something the documentation talks about: the event, a session, an example, a person, …"""

    id: EntryId
    type: EntityType
    entry: EntryId | None = None  # its answer card
    kinds: list[KindId] = []
    name: Localized
    aliases: list[NonEmptyText] = []
    summary: Localized
    source: NonEmptyText
    facts: dict[AttributeId, Fact] = {}
    # a person's, only to tell whom "die Frau" or "the man" means; never said as a fact
    gender: Gender | None = None


class Attribute(_Strict, kw_only=True):
    """Something people ask about entities, how they ask it, and for which types it is never documented."""

    id: AttributeId
    label: Localized
    applies_to: Annotated[list[EntityType], NON_EMPTY] = msgspec.field(name="for")
    undocumented_for: list[EntityType] = []
    card: EntryId | None = None  # the card that says it is not documented for the event as a whole
    same_as: list[AttributeId] = []  # attributes its fact answers as well
    implied_by: list[EntityType] = []  # "Ist Sauer vom DGB?": an organisation
    # after one of these question words, these attributes' cues ask for this one: "Wo wurde es
    # vorgestellt?" asks in which session, not who presented it
    instead_after: dict[NonEmptyText, list[AttributeId]] = {}
    # not given for an entity, these facts of it answer instead: "Hat Matthias Rust einen Workshop
    # geleitet?" is answered by where he did speak
    otherwise: list[AttributeId] = []
    # asked of a person, whom it does not apply to, the one thing of these types their facts name answers
    # instead, the first type that has one: "Was hat Michael Rudolph gesagt?", what his session stressed
    via: list[EntityType] = []
    cues: Words


class Kind(_Strict):
    """A group of entities for role descriptions and lists: "die Gewerkschaften", "der Gewerkschafter"."""

    id: KindId
    label: Localized
    cues: Words
    person_cues: Words | None = None  # "der Gewerkschafter": a person of the group (none for programme parts)


class Cues(_Strict, kw_only=True):
    """Words that ask for a list, stand for a person, or refer back to the last answer."""

    list: Words
    list_of: Words | None = None  # "welche", "which": a list only right before a kind ("welche WBV")
    person: Words
    back_reference: Words  # to a person: "er", "ihr", "his"
    back_reference_thing: Words  # to anything else: "es", "dort", "it"
    other_occasion: Words  # "das nächste Werkstattgespräch": another occasion than the one documented
    elsewhere: Words | None = None  # places the documentation never mentions: "… aus Baden-Württemberg?"
    new_topic: Words | None = None  # "ganz was anderes: …": a question that ignores the conversation
    # what the documentation never covers for anything and no attribute models: "Wo kann ich parken?"
    unmodelled: Words | None = None
    # posts ("Vorsitzender", "managing director"): asked who holds one, only people whose role says it
    posts: Words | None = None
    heads: Words | None = None  # "Chef", "head": asked who is it, people whose role says any post
    contact: Words  # whom to turn to: the contact cards answer that, not the people of the event
    ellipsis: Words  # how a follow-up that names only the new thing begins: "und Workshop 2?"
    ordinals: dict[int, Words] = {}  # "und den dritten?": 3 (digits need none)
    also: Words | None = None  # "und die IG Metall auch?": does the last answer hold for it too?
    others: Words | None = None  # "und die anderen beiden Workshops?": the rest of a group after one of it
    # "der Workshop von Frank Schmidt", "Marc Brandts Organisation": a thing of this type that a named
    # entity's facts name
    related_thing: dict[EntityType, Words] = {}
    genders: dict[Gender, Words] = {}  # "Welche Frau hat …?", "the man from …": people of that gender


class Phrases(_Strict):
    """The sentence patterns of composed answers."""

    not_documented: Localized
    known: Localized
    list: Localized
    people_of: Localized
    related_of: Localized  # "Welche Organisationen waren in der Eröffnungsrunde?": the heading of the list
    unknown_aspect: Localized  # something of a known entity that the facts do not model
    which_person: Localized  # "und welche Position hat der?" after several people: asked back
    counted: Localized  # "Wie viele sind das?" after several people: {count} of them, listed again
    either: Localized  # "{first} oder {last}": several details the documentation does not give


class KnowledgeFile(_Strict):
    """The top level of one YAML file; every part is optional, and the parts may be spread over files."""

    entries: list[dict] = []
    synonyms: list[SynonymGroup] = []
    menus: list[Menu] = []
    texts: dict[str, Localized] = {}  # the bot's own texts (texts.yaml)
    entities: list[Entity] = []
    attributes: list[Attribute] = []
    card_answers: dict[EntityType, list[AttributeId]] = {}
    kinds: list[Kind] = []
    type_cues: dict[EntityType, Words] = {}
    question_words: dict[NonEmptyText, list[AttributeId]] = {}
    contact_attributes: list[AttributeId] = []
    contact_menu: MenuId | None = None  # its cards (and its submenus') answer "whom can I contact …"
    overview_cards: dict[EntryId, list[EntryId]] = {}  # card -> entities it lists
    cues: Cues | None = None
    phrases: Phrases | None = None
