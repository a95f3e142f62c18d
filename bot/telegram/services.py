"""What the handlers share: the current engine and stores, the user's language, per-update logging."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.engine import AnswerEngine, Reply
from bot.gaps import GapLog
from bot.language import language_from_code
from bot.models import Lang
from bot.reload import KnowledgeReloader
from bot.storage import Database, LanguagePreferences
from bot.telegram.throttle import UserThrottle
from bot.usage import UsageStats

log = logging.getLogger("bot.updates")


@dataclass
class BotServices:
    """What the handlers need. ``engine`` is replaced by a reload at any time; handlers read it once."""

    engine: AnswerEngine
    preferences: LanguagePreferences
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    gaps: GapLog | None = None
    usage: UsageStats | None = None
    reloader: KnowledgeReloader | None = None
    throttle: UserThrottle | None = None

    @classmethod
    def create(cls, engine: AnswerEngine, database: Database, settings: Settings) -> BotServices:
        """The services of a running bot, with its stores in ``database``."""
        return cls(
            engine,
            LanguagePreferences(database),
            settings.admin_ids,
            GapLog(database, settings.wbv_retention_days),
            UsageStats(database),
            throttle=UserThrottle(),
        )

    def is_admin(self, update: Update) -> bool:
        return update.effective_user is not None and update.effective_user.id in self.admin_ids

    def record_question(self, reply: Reply) -> None:
        """Count a free-text question and keep it for curators if it was not answered confidently."""
        if self.usage is not None:
            self.usage.count_question(reply)
        if self.gaps is not None:
            self.gaps.record(reply)


def services_of(context: ContextTypes.DEFAULT_TYPE) -> BotServices:
    return context.application.bot_data["services"]


def user_language(update: Update, services: BotServices) -> Lang | None:
    """The user's choice from /sprache, else Telegram's language; None lets the engine detect it."""
    user = update.effective_user
    if user is None:
        return None
    return services.preferences.get(user.id) or language_from_code(user.language_code)


def fixed_language(update: Update, services: BotServices) -> Lang:
    return user_language(update, services) or "de"


@dataclass(frozen=True)
class Handled:
    """How an update ended, for the log line: no message text, no user."""

    outcome: str
    entry_id: str | None = None
    score: float | None = None

    @classmethod
    def of(cls, reply: Reply) -> Handled:
        return cls(str(reply.outcome), reply.entry_id, round(reply.score, 1))


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[Handled | None]]


def logged(kind: str) -> Callable[[Handler], Handler]:
    """One INFO line per handled update: id, kind, outcome, entry, score, latency (text only at DEBUG)."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled | None:
            started = time.perf_counter()
            handled = await handler(update, context)
            if handled is None:
                return None
            latency = round((time.perf_counter() - started) * 1000, 1)
            fields = {
                "update_id": update.update_id,
                "kind": kind,
                "outcome": handled.outcome,
                "entry_id": handled.entry_id,
                "score": handled.score,
                "latency_ms": latency,
            }
            log.info(" ".join(f"{key}={value}" for key, value in fields.items()), extra=fields)
            if log.isEnabledFor(logging.DEBUG) and update.effective_message is not None:
                log.debug("update_id=%s text=%r", update.update_id, update.effective_message.text)
            return handled

        return run

    return decorate
