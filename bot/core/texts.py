"""Fixed texts in both languages: the lookup type every adapter uses, and what the answering core says.

Entry answers live in ``knowledge/``; the Telegram adapter's own texts live in :mod:`bot.tg.texts`.
"""

from __future__ import annotations

from typing import get_args

from bot.core.models import Lang


class Texts:
    """A table of fixed texts, each written in every language; checked when the table is made."""

    def __init__(self, table: dict[str, dict[Lang, str]]) -> None:
        languages = set(get_args(Lang))
        for key, versions in table.items():
            if set(versions) != languages:
                raise ValueError(f"text {key!r} must be written in {sorted(languages)}")
        self._table = table

    def __call__(self, key: str, lang: Lang) -> str:
        """The text ``key`` in ``lang``."""
        return self._table[key][lang]


answer_text = Texts({
    "did_you_mean": {"de": "Meinten Sie …?", "en": "Did you mean …?"},
    "fallback": {
        "de": (
            "Dazu finde ich leider nichts in der Dokumentation des Werkstattgesprächs.\n"
            "Ich kann Ihnen Auskunft geben über den Ablauf, die Eröffnungsrunde, die drei Workshops, "
            "die Best-Practice-Beispiele, die beteiligten Personen und Organisationen und darüber, "
            "an wen Sie sich wenden können.\n"
            "Fragen Sie zum Beispiel: „Wer hat Workshop 2 geleitet?“"
        ),
        "en": (
            "I'm sorry, I can't find anything about that in the documentation of the Werkstattgespräch.\n"
            "I can tell you about how the day ran, the opening panel, the three workshops, the "
            "best-practice examples, the people and organisations involved, and whom to contact.\n"
            "For example, ask: “Who ran workshop 2?”"
        ),
    },
    "empty": {
        "de": (
            "Schreiben Sie mir Ihre Frage einfach als Text, zum Beispiel: "
            "„Wann endete das Werkstattgespräch?“"
        ),
        "en": "Just send me your question as text, for example: “When did the Werkstattgespräch end?”",
    },
})
