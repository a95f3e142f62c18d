"""Inline keyboards: follow-ups, suggestions, menus and the language choice."""

from __future__ import annotations

from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine import AnswerEngine, Link, Outcome, Reply
from bot.models import MENU_PREFIX, Lang, Menu
from bot.telegram.callbacks import Action
from bot.texts import text

MAIN_MENU = "main"


def _column(buttons: list[InlineKeyboardButton]) -> InlineKeyboardMarkup | None:
    """One button per row: titles are up to 40 characters and phones are narrow."""
    return InlineKeyboardMarkup([[button] for button in buttons]) if buttons else None


def _button(title: str, action: Action) -> InlineKeyboardButton:
    return InlineKeyboardButton(title, callback_data=action.encode())


def reply_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """Suggestions replace the message they sit under; follow-ups answer in a new message."""
    links = reply.suggestions if reply.outcome is Outcome.SUGGEST else reply.related
    return _reply_keyboard(reply.outcome, links, reply.lang)


@lru_cache(maxsize=1024)
def _reply_keyboard(outcome: Outcome, links: tuple[Link, ...], lang: Lang) -> InlineKeyboardMarkup | None:
    """Keyboards are immutable, so one object serves every reply with the same buttons."""
    if outcome is Outcome.SUGGEST:
        return _column([_button(link.title, Action("s", link.id)) for link in links])
    if outcome is Outcome.FALLBACK:
        return _column([_button(text("menu", lang), Action("m", MAIN_MENU))])
    return _column([_button(link.title, Action("a", link.id)) for link in links])


def menu_keyboard(engine: AnswerEngine, menu: Menu, lang: Lang) -> InlineKeyboardMarkup | None:
    buttons = []
    for item in menu.items:
        if item.startswith(MENU_PREFIX):
            submenu = engine.kb.menus[item.removeprefix(MENU_PREFIX)]
            buttons.append(_button(submenu.title.get(lang), Action("m", submenu.id)))
        else:
            link: Link = engine.link(item, lang)
            buttons.append(_button(link.title, Action("v", link.id, menu.id)))
    parent = parent_menu(engine, menu.id)
    if parent:
        buttons.append(_button(text("back", lang), Action("m", parent)))
    return _column(buttons)


def back_keyboard(menu_id: str, lang: Lang) -> InlineKeyboardMarkup | None:
    return _column([_button(text("back", lang), Action("m", menu_id))])


def language_keyboard() -> InlineKeyboardMarkup | None:
    return _column([_button("Deutsch", Action("l", "de")), _button("English", Action("l", "en"))])


def parent_menu(engine: AnswerEngine, menu_id: str) -> str | None:
    """The first menu that links to ``menu_id``, for its back button."""
    for menu in engine.kb.menus.values():
        if MENU_PREFIX + menu_id in menu.items:
            return menu.id
    return None
