"""Fixed texts of the bot in both languages (entry answers live in knowledge/)."""

from __future__ import annotations

from bot.models import Lang

_TEXTS: dict[str, dict[Lang, str]] = {
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
}


def text(key: str, lang: Lang) -> str:
    """The fixed text ``key`` in ``lang``."""
    return _TEXTS[key][lang]
