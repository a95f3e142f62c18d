"""What the handlers share: the live knowledge base, the stores, the throttle, the conversations, and the
user's language."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from telegram import Chat, Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.core.conversation import ConversationMemory
from bot.core.engine import AnswerEngine, Outcome, Reply
from bot.core.language import language_from_code
from bot.core.models import Lang
from bot.curation.gaps import GapLog, engine_words
from bot.curation.reload import LiveKnowledge
from bot.curation.storage import Database, LanguagePreferences
from bot.curation.usage import UsageStats
from bot.tg.health import Health
from bot.tg.outbox import Outbox
from bot.tg.replies import as_plain
from bot.tg.schedule import TELEGRAM_LIMITS, Notices, Send
from bot.tg.throttle import UserThrottle

log = logging.getLogger(__name__)
T = TypeVar("T")


def _storage_thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="wbv-storage")


@dataclass(frozen=True)
class BotServices:
    """What the handlers need; built once per running bot by :meth:`create`.

    ``conversations`` holds, in memory only, what the last answer in each chat was about, keyed by chat
    id: in a group the whole group shares one context, because its members read the same answers and
    a follow-up ("und wo kommt sie her?") refers to the answer above it, whoever asked.
    """

    knowledge: LiveKnowledge
    preferences: LanguagePreferences
    gaps: GapLog
    usage: UsageStats
    throttle: UserThrottle
    health: Health
    admin_ids: frozenset[int]
    conversations: ConversationMemory
    outbox: Outbox
    # database writes run here, one after another, never on the event loop
    storage_thread: ThreadPoolExecutor = field(default_factory=_storage_thread, compare=False, repr=False)

    @classmethod
    def create(cls, knowledge: LiveKnowledge, database: Database, settings: Settings) -> BotServices:
        """The services of a running bot, with its stores in ``database``."""
        return cls(
            knowledge,
            LanguagePreferences(database),
            # names the current knowledge base uses are kept when a question is masked
            GapLog(database, settings.wbv_retention_days, known_words=lambda: engine_words(knowledge.engine)),
            UsageStats(database),
            UserThrottle(),
            Health(settings.wbv_health_max_silence, storage=database.health),
            settings.admin_ids,
            ConversationMemory(),
            Outbox(TELEGRAM_LIMITS if settings.wbv_flood_limits else None),
        )

    @property
    def engine(self) -> AnswerEngine:
        """The current engine; a reload may replace it at any time, so a handler reads it once."""
        return self.knowledge.engine

    def is_admin(self, update: Update) -> bool:
        """An admin writing in a private chat: elsewhere the reply (usage figures) would reach everyone in
        the chat, so an admin command there is treated as an unknown command, as for anyone else."""
        user, chat = update.effective_user, update.effective_chat
        return is_private(chat) and user is not None and user.id in self.admin_ids

    def text(self, key: str, lang: Lang) -> str:
        """One of the bot's own texts, from the current knowledge base."""
        return self.engine.text(key, lang)

    def notices(self, lang: Lang) -> Notices:
        """What the outbox tells a chat in ``lang`` when its queue is full or an answer fails."""
        return Notices(self.text("queue_full", lang), self.text("error", lang))

    def send(self, message: Message, sends: list[Send], lang: Lang) -> None:
        """Hand one answer in ``message``'s chat to the outbox, with the chat's notices in ``lang``."""
        self.outbox.post(message.chat_id, sends, self.notices(lang))

    def say(self, message: Message, text: str, lang: Lang) -> None:
        """Hand one of the bot's own texts (escaped, split when long) to the outbox."""
        self.send(message, as_plain(message, text), lang)

    def record_question(self, reply: Reply) -> None:
        """Count a free-text question and keep it for curators if it was not answered confidently.

        Called once the answer is queued. The question is stored in the storage thread, so a slow or
        locked database never holds up the event loop; a failure is logged (and counted in the storage
        health), never raised.
        """
        self.usage.count_question(reply)
        if reply.outcome is not Outcome.ANSWER:
            self.storage_thread.submit(self.gaps.record, reply).add_done_callback(_log_failed_record)

    def in_storage_thread(self, action: Callable[[], T]) -> asyncio.Future[T]:
        """Run ``action`` in the storage thread, after the writes queued before it; await the result."""
        return asyncio.wrap_future(self.storage_thread.submit(action))


def _log_failed_record(future: Future[None]) -> None:
    error = future.exception()
    if error is not None:
        log.warning("Could not store an unanswered question (the answer was sent): %s", error)


def services_of(context: ContextTypes.DEFAULT_TYPE) -> BotServices:
    return context.application.bot_data["services"]


def user_language(update: Update, services: BotServices) -> Lang | None:
    """The user's choice from /sprache, else Telegram's language; None lets the engine detect it."""
    user = update.effective_user
    if user is None:
        return None
    try:
        chosen = services.preferences.get(user.id)
    except sqlite3.Error as exc:  # a storage fault must never stop an answer
        log.warning("Could not read the language choice, using Telegram's language: %s", exc)
        chosen = None
    return chosen or language_from_code(user.language_code)


def ui_language(update: Update, services: BotServices) -> Lang:
    """The language of the bot's own texts (menus, notices), where there is no question to detect it from."""
    return user_language(update, services) or "de"


def is_group(chat: Chat) -> bool:
    return chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def is_private(chat: Chat | None) -> bool:
    return chat is not None and chat.type == ChatType.PRIVATE
