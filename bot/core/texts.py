"""The bot's own texts (``knowledge/texts.yaml``): what every knowledge base must provide, and the lookup.

Curators edit the wording like the rest of the knowledge base; the code only names the texts it uses
and the placeholders it fills in (:data:`REQUIRED_TEXTS`). The loader checks a knowledge base's texts
against this list: every key, both languages, every placeholder exactly as listed, so that a text can
never fail while a user waits for it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from rapidfuzz import process

from bot.core.models import Lang, Localized
from bot.core.problems import Problem

_NONE: frozenset[str] = frozenset()

# Every text the bot uses, with the placeholders the bot fills in.
REQUIRED_TEXTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ["did_you_mean", "fallback", "empty", "welcome", "slow_down", "only_text", "stale_button",
         "queue_full", "error", "choose_language", "language_set", "source_note", "unknown_command",
         "commands_heading", "back", "menu", "description", "short_description",
         "inbox_empty", "inbox_recent", "inbox_older", "inbox_also", "inbox_no_candidate", "inbox_other",
         "inbox_ignore", "inbox_undo", "inbox_not_added", "inbox_gone"],
        _NONE,
    ),
    # the command menu: one description per command (bot/tg/commands.py), keyed by its English name
    **dict.fromkeys(
        [f"command_{name}" for name in ("start", "help", "programme", "workshops", "contacts", "language",
                                        "about", "privacy", "forget", "gaps", "stats", "reload")],
        _NONE,
    ),
    **dict.fromkeys(["privacy", "forgotten", "context_forgotten", "nothing_to_forget"], frozenset({"days"})),
    "inbox_heading": frozenset({"count", "shown"}),
    "inbox_group": frozenset({"count", "period"}),
    "inbox_closest": frozenset({"title"}),
    "inbox_pick": frozenset({"question"}),
    "inbox_added": frozenset({"question", "title"}),
    "inbox_undone": frozenset({"question", "title"}),
    "inbox_ignored": frozenset({"count", "question"}),
}  # fmt: skip


class Texts:
    """The texts of one knowledge base, by key and language."""

    def __init__(self, table: Mapping[str, Localized]) -> None:
        self._table = dict(table)

    def __call__(self, key: str, lang: Lang) -> str:
        """The text ``key`` in ``lang``."""
        return self._table[key].get(lang)


def text_problems(
    table: Mapping[str, Localized], required: Mapping[str, frozenset[str]], file: str
) -> list[Problem]:
    """What keeps ``table`` from serving the bot: missing or unknown keys, placeholders changed."""
    problems = [
        Problem(file, f"the text '{key}' is missing (both languages)", field=f"texts.{key}")
        for key in required
        if key not in table
    ]
    for key, text in table.items():
        if key not in required:
            close = process.extractOne(key, list(required), score_cutoff=75)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(Problem(file, f"unknown text '{key}'{hint}", field=f"texts.{key}"))
            continue
        for lang in ("de", "en"):
            found = placeholders(text.get(lang))
            if found != required[key]:
                message = _placeholder_message(required[key], found)
                problems.append(Problem(file, message, field=f"texts.{key}.{lang}"))
    return problems


def placeholders(text: str) -> frozenset[str] | None:
    """The ``{names}`` in ``text``; None when its braces are broken (an unclosed ``{``)."""
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return None


def _placeholder_message(wanted: frozenset[str], found: frozenset[str] | None) -> str:
    if found is None:
        return "a { or } is not closed; write placeholders as {name} and keep the others out"
    expected = ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "no placeholder"
    changed = sorted(found ^ wanted)
    return f"must contain {expected} exactly (differs in: {', '.join(f'{{{n}}}' for n in changed)})"
