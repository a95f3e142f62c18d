"""Fixed texts of the Telegram adapter in both languages (menus, notices, privacy, the bot's profile)."""

from __future__ import annotations

from bot.core.texts import Texts

# What /vergessen cannot delete, and why ({days}: WBV_RETENTION_DAYS).
_KEPT_DE = (
    "Fragen, die ich nicht beantworten konnte, sind ohne Bezug zu Ihnen gespeichert: Sie lassen sich Ihnen "
    "nicht zuordnen und darum nicht für Sie löschen, werden aber nach {days} Tagen automatisch gelöscht."
)
_KEPT_EN = (
    "Questions I could not answer are stored with no link to you: they cannot be traced to you and so "
    "cannot be deleted for you, but they are deleted automatically after {days} days."
)

ui_text = Texts({
    "welcome": {
        "de": (
            "Willkommen beim WBV-Bot! Ich beantworte Fragen zum Werkstattgespräch der "
            "Weiterbildungsverbünde – stellen Sie Ihre Frage einfach als Nachricht oder wählen Sie unten."
        ),
        "en": (
            "Welcome to WBV-Bot! I answer questions about the Werkstattgespräch of the "
            "Weiterbildungsverbünde (further-education networks) – just send your question or pick below."
        ),
    },
    "slow_down": {
        "de": (
            "Das waren sehr viele Nachrichten auf einmal. Die ersten beantworte ich, die übrigen schicken "
            "Sie bitte in ein paar Sekunden noch einmal."
        ),
        "en": (
            "That was a lot of messages at once. I'll answer the first ones; please send the rest again in "
            "a few seconds."
        ),
    },
    "only_text": {
        "de": "Ich verstehe nur Textnachrichten. Schreiben Sie mir Ihre Frage bitte als Text.",
        "en": "I only understand text messages. Please send me your question as text.",
    },
    "unknown_command": {
        "de": "Diesen Befehl kenne ich nicht. /hilfe zeigt, was ich kann.",
        "en": "I don't know that command. /help shows what I can do.",
    },
    "stale_button": {
        "de": "Dieser Knopf ist nicht mehr aktuell. Bitte fragen Sie einfach neu.",
        "en": "This button is out of date. Please just ask again.",
    },
    # a chat's outbox is full (bot/tg/outbox.py): said once, then the chat's further messages go unanswered
    "queue_full": {
        "de": (
            "Das waren mehr Nachrichten, als ich auf einmal beantworten kann. Die ersten beantworte ich der "
            "Reihe nach, die übrigen nicht – bitte schicken Sie diese in einer Minute noch einmal."
        ),
        "en": (
            "That was more messages than I can answer at once. I'll answer the first ones in order but not "
            "the rest – please send those again in a minute."
        ),
    },
    "error": {
        "de": "Entschuldigung, da ist etwas schiefgelaufen. Bitte versuchen Sie es gleich noch einmal.",
        "en": "Sorry, something went wrong. Please try again in a moment.",
    },
    "choose_language": {"de": "Welche Sprache möchten Sie?", "en": "Which language would you like?"},
    "language_set": {
        "de": "Ich antworte Ihnen jetzt auf Deutsch.",
        "en": "I will answer you in English from now on.",
    },
    "commands_heading": {"de": "Befehle:", "en": "Commands:"},
    "back": {"de": "« Zurück", "en": "« Back"},
    "menu": {"de": "Menü", "en": "Menu"},
    "source_note": {
        "de": (
            "Quelle: die Dokumentation des Werkstattgesprächs der Weiterbildungsverbünde. "
            "Was der Bot speichert, steht unter /datenschutz."
        ),
        "en": (
            "Source: the documentation of the Werkstattgespräch of the Weiterbildungsverbünde. "
            "What the bot stores is explained under /privacy."
        ),
    },
    "privacy": {
        "de": (
            "Datenschutz – was dieser Bot speichert:\n"
            "• Ihre Sprachwahl aus /sprache, zusammen mit Ihrer Telegram-Nutzerkennung, bis Sie sie mit "
            "/vergessen löschen.\n"
            "• Fragen, die er nicht sicher beantworten konnte, damit das Team die Antworten verbessern "
            "kann – ohne Nutzer- oder Chat-Kennung, und Namen, E-Mail-Adressen, Telefonnummern, "
            "Anschriften, Daten und Links darin werden, soweit erkennbar, unkenntlich gemacht. Da nichts "
            "sie mit Ihnen verbindet, lassen sie sich Ihnen nicht zuordnen und darum auch nicht auf Ihren "
            "Wunsch löschen (auch nicht mit /vergessen); sie werden nach {days} Tagen automatisch gelöscht.\n"
            "• Zähler pro Tag (Zahl der Fragen, Antworten, Sprachen) ohne Bezug zu Personen.\n"
            "• Das Thema der letzten Antwort in diesem Chat (etwa welche Person), damit sich Anschlussfragen "
            "wie „und wo kommt sie her?“ darauf beziehen können – nur im Arbeitsspeicher, nie auf die "
            "Festplatte geschrieben, und nach zehn Minuten ohne neue Frage vergessen. /vergessen löscht es "
            "sofort.\n"
            "Nachrichtentexte werden nicht protokolliert. Telegram selbst verarbeitet Nachrichten nach "
            "seinen eigenen Bedingungen."
        ),
        "en": (
            "Privacy – what this bot stores:\n"
            "• Your language choice from /language, with your Telegram user id, until you delete it with "
            "/forget.\n"
            "• Questions it could not answer confidently, so the team can improve the answers – without user "
            "or chat id, and names, e-mail addresses, phone numbers, street addresses, dates and links in "
            "them are masked as far as they can be recognised. As nothing links them to you, they cannot be "
            "traced to you and so cannot be deleted at your request (not by /forget either); they are "
            "deleted automatically after {days} days.\n"
            "• Counters per day (number of questions, answers, languages), not linked to any person.\n"
            "• The topic of the last answer in this chat (such as which person), so that follow-up questions "
            "like “and where is she from?” can refer to it – in memory only, never written to disk, and "
            "forgotten after ten minutes without a new question. /forget clears it at once.\n"
            "Message texts are not logged. Telegram itself processes messages under its own terms."
        ),
    },
    # /vergessen deletes the language choice and the topic of the last answer; the unanswered questions
    # stay, unlinked to anyone (see "privacy"): each reply says so. {days} is WBV_RETENTION_DAYS.
    "forgotten": {
        "de": (
            "Erledigt: Ihre Sprachwahl ist gelöscht und das Thema der letzten Antwort vergessen. " + _KEPT_DE
        ),
        "en": "Done: your language choice is deleted and the topic of the last answer forgotten. " + _KEPT_EN,
    },
    "context_forgotten": {
        "de": (
            "Erledigt: Das Thema der letzten Antwort ist vergessen. Eine Sprachwahl war nicht gespeichert. "
            + _KEPT_DE
        ),
        "en": "Done: the topic of the last answer is forgotten. No language choice was stored. " + _KEPT_EN,
    },
    "nothing_to_forget": {
        "de": (
            "Für Sie ist weder eine Sprachwahl noch das Thema einer letzten Antwort gespeichert. " + _KEPT_DE
        ),
        "en": "Neither a language choice nor the topic of a last answer is stored for you. " + _KEPT_EN,
    },
    "description": {
        "de": (
            "Ich beantworte Fragen zum Werkstattgespräch der Weiterbildungsverbünde (WBV): Ablauf, "
            "Eröffnungsrunde, die drei Workshops, Best-Practice-Beispiele, Personen und Ansprechpartner. "
            "Alles stammt aus der Dokumentation der Veranstaltung."
        ),
        "en": (
            "I answer questions about the Werkstattgespräch of the Weiterbildungsverbünde (WBV): the "
            "programme, the opening panel, the three workshops, best-practice examples, people and "
            "contacts. Everything comes from the event's documentation."
        ),
    },
    "short_description": {
        "de": "Fragen und Antworten zum Werkstattgespräch der Weiterbildungsverbünde (WBV).",
        "en": "Questions and answers about the Werkstattgespräch of the WBV networks.",
    },
})
