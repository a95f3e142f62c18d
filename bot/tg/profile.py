"""The bot's profile in Telegram: command menu, description and short description, per language."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application

from bot.core.engine import AnswerEngine
from bot.core.models import Lang
from bot.tg.commands import command_menu

log = logging.getLogger(__name__)


async def setup_bot_profile(
    application: Application, engine: AnswerEngine, admin_ids: frozenset[int]
) -> None:
    """Commands, description and short description in German and English (English is the default),
    and for each admin a command menu of their own chat that adds the admin commands.

    A failure is logged, not fatal: the bot answers questions without them.
    """
    bot = application.bot
    try:
        for lang in ("de", "en"):
            code = None if lang == "en" else lang
            await bot.set_my_commands(_commands(engine, lang), language_code=code)
            await bot.set_my_description(engine.text("description", lang), language_code=code)
            await bot.set_my_short_description(engine.text("short_description", lang), language_code=code)
    except TelegramError:
        log.warning("Could not set the bot's commands and descriptions", exc_info=True)
    for admin_id in sorted(admin_ids):
        try:
            for lang in ("de", "en"):
                code = None if lang == "en" else lang
                commands = _commands(engine, lang, admin=True)
                await bot.set_my_commands(commands, scope=BotCommandScopeChat(admin_id), language_code=code)
        except TelegramError as exc:  # e.g. an admin who never wrote to the bot: no chat yet
            log.warning("Could not set the admin command menu for admin %s: %s", admin_id, exc)


def _commands(engine: AnswerEngine, lang: Lang, admin: bool = False) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in command_menu(engine, lang, admin)]
