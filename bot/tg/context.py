"""What the handlers share: the live knowledge base, the stores, the throttle, the conversations, and the
user's language."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Chat, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.core.conversation import ConversationMemory
from bot.core.engine import AnswerEngine, Reply
from bot.core.language import language_from_code
from bot.core.models import Lang
from bot.curation.gaps import GapLog
from bot.curation.reload import LiveKnowledge
from bot.curation.storage import Database, LanguagePreferences
from bot.curation.usage import UsageStats
from bot.tg.health import Health
from bot.tg.throttle import UserThrottle


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

    @classmethod
    def create(cls, knowledge: LiveKnowledge, database: Database, settings: Settings) -> BotServices:
        """The services of a running bot, with its stores in ``database``."""
        return cls(
            knowledge,
            LanguagePreferences(database),
            GapLog(database, settings.wbv_retention_days),
            UsageStats(database),
            UserThrottle(),
            Health(settings.wbv_health_max_silence),
            settings.admin_ids,
            ConversationMemory(),
        )

    @property
    def engine(self) -> AnswerEngine:
        """The current engine; a reload may replace it at any time, so a handler reads it once."""
        return self.knowledge.engine

    def is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.admin_ids

    def record_question(self, reply: Reply) -> None:
        """Count a free-text question and keep it for curators if it was not answered confidently."""
        self.usage.count_question(reply)
        self.gaps.record(reply)


def services_of(context: ContextTypes.DEFAULT_TYPE) -> BotServices:
    return context.application.bot_data["services"]


def user_language(update: Update, services: BotServices) -> Lang | None:
    """The user's choice from /sprache, else Telegram's language; None lets the engine detect it."""
    user = update.effective_user
    if user is None:
        return None
    return services.preferences.get(user.id) or language_from_code(user.language_code)


def ui_language(update: Update, services: BotServices) -> Lang:
    """The language of the bot's own texts (menus, notices), where there is no question to detect it from."""
    return user_language(update, services) or "de"


def is_group(chat: Chat) -> bool:
    return chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
