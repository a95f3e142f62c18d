"""What the admins are told: broken knowledge-base edits, once per broken version."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.curation.reload import ReloadResult
from bot.tg.context import BotServices
from bot.tg.render import plain_messages

log = logging.getLogger(__name__)


async def notify_admins(bot: Bot, admin_ids: frozenset[int], message: str) -> None:
    """Send ``message`` to every admin, in several parts when it is long; an admin who never started
    the bot is skipped with a warning."""
    chunks = plain_messages(message)
    for admin_id in sorted(admin_ids):
        try:
            for chunk in chunks:
                await bot.send_message(admin_id, chunk, parse_mode=ParseMode.HTML)
        except TelegramError as exc:
            log.warning("Could not notify admin %s: %s", admin_id, exc)


async def reload_and_report(bot: Bot, services: BotServices, reason: str) -> ReloadResult:
    """Reload the knowledge base; the admins hear of a broken edit the first time it is seen."""
    return await _reported(bot, services, await services.knowledge.reload(reason))


async def reload_if_changed(bot: Bot, services: BotServices) -> None:
    """Reload when the knowledge files changed (the periodic watch)."""
    result = await services.knowledge.reload_if_changed()
    if result is not None:
        await _reported(bot, services, result)


async def _reported(bot: Bot, services: BotServices, result: ReloadResult) -> ReloadResult:
    if result.newly_broken:
        await notify_admins(bot, services.admin_ids, result.message)
    return result
