"""The messages that make up the bot's replies, as sends for the outbox (nothing is sent here).

Each function returns the Bot API calls, in order, that show one reply; the handler hands them to
:class:`~bot.tg.outbox.Outbox`, which sends them when Telegram's limits allow.
"""

from __future__ import annotations

from functools import partial
from html import escape

from telegram import InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.core.engine import AnswerEngine, Reply
from bot.core.models import Lang, Menu
from bot.tg.keyboards import menu_keyboard, reply_keyboard
from bot.tg.render import plain_messages, reply_paragraphs, split_messages
from bot.tg.schedule import Send


def as_reply(message: Message, reply: Reply, engine: AnswerEngine, quote: bool = False) -> list[Send]:
    """``reply`` (from ``engine``) as one or more HTML messages; the keyboard goes under the last one."""
    chunks = split_messages(reply_paragraphs(reply))
    return [
        partial(
            message.reply_text,
            chunk,
            parse_mode=ParseMode.HTML,
            reply_markup=reply_keyboard(reply, engine) if number == len(chunks) else None,
            do_quote=quote and number == 1,
        )
        for number, chunk in enumerate(chunks, 1)
    ]


def as_edit(message: Message, html: str, keyboard: InlineKeyboardMarkup | None) -> list[Send]:
    """Replace a message's text and buttons; "message is not modified" is not an error."""

    async def edit() -> None:
        try:
            await message.edit_text(html, parse_mode=ParseMode.HTML, reply_markup=keyboard)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise

    return [edit]


def as_edited_reply(message: Message, reply: Reply, keyboard: InlineKeyboardMarkup | None) -> list[Send]:
    """Turn ``message`` into ``reply`` (long replies continue in new messages)."""
    chunks = split_messages(reply_paragraphs(reply))
    return as_edit(message, chunks[0], keyboard if len(chunks) == 1 else None) + [
        partial(
            message.reply_text,
            chunk,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard if number == len(chunks) else None,
        )
        for number, chunk in enumerate(chunks[1:], 2)
    ]


def as_plain(message: Message, text: str) -> list[Send]:
    """A text of the bot (escaped like everything else); a long one is sent in several messages."""
    return [partial(message.reply_text, chunk, parse_mode=ParseMode.HTML) for chunk in plain_messages(text)]


def as_menu(message: Message, engine: AnswerEngine, menu: Menu, lang: Lang, intro: str = "") -> list[Send]:
    """A menu as a new message, below an optional ``intro``."""
    body = f"{intro}\n\n{menu.text.get(lang)}" if intro else menu.text.get(lang)
    keyboard = menu_keyboard(engine, menu, lang)
    html = escape(body, quote=False)
    return [partial(message.reply_text, html, parse_mode=ParseMode.HTML, reply_markup=keyboard)]


def as_menu_in_place(message: Message, engine: AnswerEngine, menu: Menu, lang: Lang) -> list[Send]:
    return as_edit(message, escape(menu.text.get(lang), quote=False), menu_keyboard(engine, menu, lang))
