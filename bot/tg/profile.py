"""The bot's profile in Telegram: command menu, description and short description, per language."""

from __future__ import annotations

import logging

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import Application

from bot.tg.commands import command_menu
from bot.tg.texts import ui_text

log = logging.getLogger(__name__)


async def setup_bot_profile(application: Application) -> None:
    """Commands, description and short description in German and English (English is the default).

    A failure is logged, not fatal: the bot answers questions without them.
    """
    bot = application.bot
    try:
        for lang in ("de", "en"):
            code = None if lang == "en" else lang
            commands = [BotCommand(name, description) for name, description in command_menu(lang)]
            await bot.set_my_commands(commands, language_code=code)
            await bot.set_my_description(ui_text("description", lang), language_code=code)
            await bot.set_my_short_description(ui_text("short_description", lang), language_code=code)
    except TelegramError:
        log.warning("Could not set the bot's commands and descriptions", exc_info=True)
