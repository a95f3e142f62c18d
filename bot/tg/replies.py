"""Sending and editing the bot's messages."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.core.engine import AnswerEngine, Reply
from bot.core.models import Lang, Menu
from bot.tg.keyboards import menu_keyboard, reply_keyboard
from bot.tg.render import plain_messages, reply_paragraphs, split_messages


async def send_reply(message: Message, reply: Reply, quote: bool = False) -> None:
    """Send ``reply`` as one or more HTML messages; the keyboard goes under the last one."""
    chunks = split_messages(reply_paragraphs(reply))
    for number, chunk in enumerate(chunks, 1):
        await message.reply_text(
            chunk,
            parse_mode=ParseMode.HTML,
            reply_markup=reply_keyboard(reply) if number == len(chunks) else None,
            do_quote=quote and number == 1,
        )


async def edit_in_place(message: Message, html: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Replace a message's text and buttons; "message is not modified" is not an error."""
    try:
        await message.edit_text(html, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def edit_into_reply(message: Message, reply: Reply, keyboard: InlineKeyboardMarkup | None) -> None:
    """Turn ``message`` into ``reply`` (long replies continue in new messages)."""
    chunks = split_messages(reply_paragraphs(reply))
    await edit_in_place(message, chunks[0], keyboard if len(chunks) == 1 else None)
    for number, chunk in enumerate(chunks[1:], 2):
        await message.reply_text(
            chunk, parse_mode=ParseMode.HTML, reply_markup=keyboard if number == len(chunks) else None
        )


async def send_plain(message: Message, text: str) -> None:
    """A text of the bot (escaped like everything else); a long one is sent in several messages."""
    for chunk in plain_messages(text):
        await message.reply_text(chunk, parse_mode=ParseMode.HTML)


async def send_menu(message: Message, engine: AnswerEngine, menu: Menu, lang: Lang, intro: str = "") -> None:
    """Send a menu as a new message, below an optional ``intro``."""
    body = f"{intro}\n\n{menu.text.get(lang)}" if intro else menu.text.get(lang)
    await message.reply_text(
        escape(body, quote=False), parse_mode=ParseMode.HTML, reply_markup=menu_keyboard(engine, menu, lang)
    )


async def show_menu_in_place(message: Message, engine: AnswerEngine, menu: Menu, lang: Lang) -> None:
    await edit_in_place(message, escape(menu.text.get(lang), quote=False), menu_keyboard(engine, menu, lang))
