"""Choosing the reply language."""

from __future__ import annotations

from bot.core.lexicon import ENGLISH_MARKERS, GERMAN_MARKERS
from bot.core.models import Lang
from bot.core.normalize import tokenize

_ENGLISH = frozenset(token for word in ENGLISH_MARKERS for token in tokenize(word))
_GERMAN = frozenset(token for word in GERMAN_MARKERS for token in tokenize(word))
_GERMAN_LETTERS = frozenset("äöüßÄÖÜ")


def detect_language(text: str, default: Lang = "de") -> Lang:
    """English when the text reads more English than German, German when it reads more German or as
    much; ``default`` when nothing marks either ("website?" in a conversation held in English)."""
    tokens = tokenize(text)
    english = sum(token in _ENGLISH for token in tokens)
    # an umlaut counts once: English questions name the event ("Werkstattgespräch") too
    german = sum(token in _GERMAN for token in tokens) + any(c in _GERMAN_LETTERS for c in text)
    if not english and not german:
        return default
    return "en" if english > german else "de"


def language_from_code(code: str | None) -> Lang | None:
    """Map a Telegram ``language_code`` ("de", "de-AT", "en-GB", …): de* is German, others English."""
    if not code:
        return None
    return "de" if code.lower().startswith("de") else "en"
