"""What the admins are told: broken knowledge-base edits, once per broken version."""

from __future__ import annotations

from bot.curation.reload import ReloadResult
from bot.tg.context import BotServices
from bot.tg.render import plain_messages


def notify_admins(services: BotServices, message: str) -> None:
    """Send ``message`` to every admin through the outbox, in several parts when it is long; an admin
    who never started the bot cannot be written to, which the outbox logs."""
    chunks = plain_messages(message)
    for admin_id in sorted(services.admin_ids):
        services.outbox.post_html(admin_id, chunks)


async def reload_and_report(services: BotServices, reason: str) -> ReloadResult:
    """Reload the knowledge base; the admins hear of a broken edit the first time it is seen."""
    return _reported(services, await services.knowledge.reload(reason))


async def reload_if_changed(services: BotServices) -> None:
    """Reload when the knowledge files changed (the periodic watch)."""
    result = await services.knowledge.reload_if_changed()
    if result is not None:
        _reported(services, result)


def _reported(services: BotServices, result: ReloadResult) -> ReloadResult:
    if result.newly_broken:
        notify_admins(services, result.message)
    return result
