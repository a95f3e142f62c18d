"""The knowledge-base ids the bot itself relies on, declared once and checked by ``wbv-bot check``.

The commands and the inline mode show these entries and menus; a knowledge base without one still
loads (the console chat needs none of them), but ``check`` reports it as an error so that a curator
never removes one by accident.
"""

from __future__ import annotations

from bot.core.loader import KnowledgeBase, Problem

HELP_ENTRY = "hilfe"
PROGRAMME_ENTRY = "ablauf"
ABOUT_ENTRY = "ueber_den_bot"
MAIN_MENU = "main"
WORKSHOPS_MENU = "workshops"
CONTACTS_MENU = "kontakte"

REQUIRED_ENTRIES = {
    HELP_ENTRY: "/hilfe (/help) shows it",
    PROGRAMME_ENTRY: "/programm (/programme) shows it",
    ABOUT_ENTRY: "/about shows it",
}
REQUIRED_MENUS = {
    MAIN_MENU: "/start, /hilfe, fallback answers and the empty inline query show it",
    WORKSHOPS_MENU: "/workshops shows it",
    CONTACTS_MENU: "/kontakte (/contacts) shows it",
}


def missing_required_ids(kb: KnowledgeBase) -> list[Problem]:
    """One problem for every required entry or menu that ``kb`` lacks."""
    problems = [
        Problem("(knowledge base)", f"required entry '{entry_id}' is missing: {used_by}")
        for entry_id, used_by in REQUIRED_ENTRIES.items()
        if entry_id not in kb.entries
    ]
    problems += [
        Problem("(knowledge base)", f"required menu '{menu_id}' is missing: {used_by}")
        for menu_id, used_by in REQUIRED_MENUS.items()
        if menu_id not in kb.menus
    ]
    return problems
