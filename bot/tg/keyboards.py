"""Inline keyboards: follow-ups, suggestions, menus and the language choice."""

from __future__ import annotations

from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.engine import AnswerEngine, Link, Outcome, Reply
from bot.core.models import MENU_PREFIX, Lang, Menu
from bot.core.required_ids import MAIN_MENU
from bot.tg.callback_data import Action, Press


def _column(buttons: list[InlineKeyboardButton]) -> InlineKeyboardMarkup | None:
    """One button per row: titles are up to 60 characters and phones are narrow."""
    return InlineKeyboardMarkup([[button] for button in buttons]) if buttons else None


def _button(title: str, action: Action) -> InlineKeyboardButton:
    return InlineKeyboardButton(title, callback_data=action.encode())


def reply_keyboard(reply: Reply, engine: AnswerEngine) -> InlineKeyboardMarkup | None:
    """Suggestions replace the message they sit under; follow-ups answer in a new message."""
    return _reply_keyboard(reply.outcome, reply.choices, engine.text("menu", reply.lang))


@lru_cache(maxsize=1024)
def _reply_keyboard(outcome: Outcome, links: tuple[Link, ...], menu: str) -> InlineKeyboardMarkup | None:
    """Keyboards are immutable, so one object serves every reply with the same buttons."""
    if outcome is Outcome.SUGGEST:
        return _column([_button(link.title, Action(Press.SUGGESTION, link.id)) for link in links])
    if outcome is Outcome.FALLBACK:
        return _column([_button(menu, Action(Press.MENU, MAIN_MENU))])
    return _column([_button(link.title, Action(Press.FOLLOW_UP, link.id)) for link in links])


def menu_keyboard(engine: AnswerEngine, menu: Menu, lang: Lang) -> InlineKeyboardMarkup | None:
    buttons = []
    for item in menu.items:
        if item.startswith(MENU_PREFIX):
            submenu = engine.menu(item.removeprefix(MENU_PREFIX))
            if submenu is not None:  # always: the loader checks every menu item
                buttons.append(_button(submenu.title.get(lang), Action(Press.MENU, submenu.id)))
        else:
            link = engine.link(item, lang)
            buttons.append(_button(link.title, Action(Press.MENU_ENTRY, link.id, menu.id)))
    parent = engine.parent_menu(menu.id)
    if parent:
        buttons.append(_button(engine.text("back", lang), Action(Press.MENU, parent)))
    return _column(buttons)


def back_keyboard(engine: AnswerEngine, menu_id: str, lang: Lang) -> InlineKeyboardMarkup | None:
    return _column([_button(engine.text("back", lang), Action(Press.MENU, menu_id))])


def language_keyboard() -> InlineKeyboardMarkup | None:
    return _column(
        [_button("Deutsch", Action(Press.LANGUAGE, "de")), _button("English", Action(Press.LANGUAGE, "en"))]
    )
