"""The bot without Telegram: plain-text rendering and an interactive console chat."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.core.conversation import ConversationMemory
from bot.core.engine import AnswerEngine, Link, Reply
from bot.core.models import Lang
from bot.core.texts import Texts

console_text = Texts({
    "choices_heading": {"de": "Mehr dazu:", "en": "More on this:"},
    "welcome": {
        "de": "WBV-Bot – Fragen zum Werkstattgespräch der Weiterbildungsverbünde.\n"
        "Antworten mit einer Zahl wählen einen Vorschlag; leere Zeile oder Strg-D beendet.",
        "en": "WBV-Bot – questions about the Werkstattgespräch of the Weiterbildungsverbünde.\n"
        "Answer with a number to pick a suggestion; an empty line or Ctrl-D ends the chat.",
    },
})


CONSOLE = "console"  # the one conversation of a console chat


def render_plain(reply: Reply) -> str:
    """The reply as the console shows it: the text, then numbered choices."""
    lines = [reply.text]
    if reply.choices:
        if not reply.suggestions:
            lines.append(console_text("choices_heading", reply.lang))
        lines.extend(f"  {number}) {link.title}" for number, link in enumerate(reply.choices, 1))
    return "\n".join(lines)


def chat(
    engine: AnswerEngine,
    lines: Iterable[str],
    write: Callable[[str], None],
    lang: Lang | None = None,
) -> None:
    """Converse over ``lines`` (for example standard input) until an empty line or their end.

    The lines are one conversation, kept as a Telegram private chat keeps it: a follow-up ("und wo kommt
    sie her?") refers to the last answer, also to an entry picked by number, for up to ten minutes.
    """
    write(console_text("welcome", lang or "de"))
    conversations = ConversationMemory()
    previous: tuple[Link, ...] = ()
    last_lang: Lang = lang or "de"
    for raw in lines:
        line = raw.strip()
        if not line or line.lower() in {"quit", "exit", "/quit", "/exit"}:
            break
        if line.isdigit() and 1 <= int(line) <= len(previous):
            reply = engine.entry_reply(previous[int(line) - 1].id, lang or last_lang)
        else:
            reply = engine.answer(line, lang, conversations.get(CONSOLE))
        conversations.remember(CONSOLE, reply)
        last_lang = reply.lang
        previous = reply.choices
        write("\n" + render_plain(reply) + "\n")
