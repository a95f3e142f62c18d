"""The schema of the knowledge base: what a curator may write in `knowledge/*.yaml`.

Unknown fields are rejected (``extra="forbid"``) so that a typo such as ``anwser:`` is reported
instead of silently ignored.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Lang = Literal["de", "en"]

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Entry ids travel in Telegram callback data (64 bytes at most) and deep links (64 characters of
# A-Z, a-z, 0-9, _ and -), so they are short, lowercase and ASCII.
EntryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
MenuId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,20}$")]
MENU_PREFIX = "menu:"
ButtonTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class Entry(_Strict):
    """One answerable topic."""

    id: EntryId
    title: LocalizedTitle
    questions: list[NonEmptyText] = Field(min_length=1)
    keywords: list[NonEmptyText] = Field(default_factory=list)
    answer: Localized
    related: list[EntryId] = Field(default_factory=list)
    source: NonEmptyText


class Menu(_Strict):
    """A screen of buttons in Telegram; items are entry ids or ``menu:<id>`` for a sub-menu."""

    id: MenuId
    title: LocalizedTitle
    text: Localized
    items: list[NonEmptyText] = Field(min_length=1)


class SynonymGroup(_Strict):
    """Words and phrases that mean the same as ``canonical`` for matching purposes."""

    canonical: NonEmptyText
    variants: list[NonEmptyText] = Field(min_length=1)


class KnowledgeFile(_Strict):
    """The top level of one YAML file: entries, synonyms and menus, each optional."""

    entries: list[dict] = Field(default_factory=list)
    synonyms: list[SynonymGroup] = Field(default_factory=list)
    menus: list[Menu] = Field(default_factory=list)
