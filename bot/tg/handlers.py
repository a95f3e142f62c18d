"""The conversation: python-telegram-bot handlers over the answer engine.

Each handler reads the current engine once, so an update is answered entirely from one knowledge
base even if a reload swaps it meanwhile.
"""

from __future__ import annotations

import logging
import re
from html import escape
from uuid import uuid4

from telegram import InlineQueryResultArticle, InputTextMessageContent, Message, MessageEntity, Update
from telegram.constants import ParseMode
from telegram.error import TimedOut
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.core.engine import AnswerEngine
from bot.core.required_ids import MAIN_MENU
from bot.tg.callback_data import Action, Press, decode
from bot.tg.commands import COMMANDS, cmd_unknown
from bot.tg.context import BotServices, is_group, is_private, services_of, ui_language, user_language
from bot.tg.inbox import PREFIX as INBOX_PREFIX
from bot.tg.inbox import on_inbox_button
from bot.tg.keyboards import back_keyboard, reply_keyboard
from bot.tg.render import reply_paragraphs, split_messages
from bot.tg.replies import as_edit, as_edited_reply, as_menu_in_place, as_reply
from bot.tg.throttle import Verdict
from bot.tg.updatelog import Handled, logged

log = logging.getLogger(__name__)

INLINE_RESULTS = 8


# --- flood protection -----------------------------------------------------------------------------------


async def throttle_gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every other handler: stops what a user sends beyond the per-user rate."""
    if await slow_down(update, context) is not None:
        raise ApplicationHandlerStop


@logged("throttled")
async def slow_down(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled | None:
    """Private messages and button presses over the rate are dropped.

    A button press gets a toast once per window. A message gets nothing: the throttle lets through more
    than a chat's outbox holds in its window, so a user over the rate has already been told by the
    outbox that the rest will not be answered (see :mod:`bot.tg.throttle`).
    """
    services = services_of(context)
    user, chat, query = update.effective_user, update.effective_chat, update.callback_query
    counted = query is not None or (is_private(chat) and update.effective_message is not None)
    if user is None or not counted:
        return None
    verdict = services.throttle.check(user.id)
    if verdict is Verdict.ALLOW:
        return None
    if query is not None:  # answered also when there is nothing to say: it stops the button's spinner
        told = verdict is Verdict.NOTIFY
        await query.answer(services.text("slow_down", ui_language(update, services)) if told else None)
    return Handled(str(verdict))


# --- messages -------------------------------------------------------------------------------------------


@logged("message")
async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled | None:
    """A question: in private chats always; in groups only when it mentions or replies to the bot.

    It is answered in the chat's conversation, so a follow-up can refer to the last answer; in a group
    that is the group's last answer, whoever asked (see :class:`BotServices`).
    """
    message = update.effective_message
    if message is None or message.text is None:
        return None
    question = message.text
    in_group = is_group(message.chat)
    if in_group:
        question = addressed_text(message, context.bot.username, context.bot.id)
        if question is None:
            return None
    services = services_of(context)
    conversations, chat_id = services.conversations, message.chat.id
    language = user_language(update, services)
    if not services.outbox.admit(chat_id, services.notices(language or "de")):  # full: spare the work
        return Handled("queue_full")
    reply = services.engine.answer(question, language, conversations.get(chat_id))
    conversations.remember(chat_id, reply)
    services.send(message, as_reply(message, reply, services.engine, quote=in_group), reply.lang)
    services.record_question(reply)  # off the event loop: storage never costs an answer
    return Handled.of(reply)


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a group message addressed to the bot (mention removed), else None."""
    body = message.text or ""
    mention = f"@{bot_username}".lower()
    # Telegram's offsets count UTF-16 code units; parse_entities cuts the text by them correctly
    # (slicing the str by them would miss a mention after an emoji)
    mentioned = any(
        text.lower() == mention for text in message.parse_entities([MessageEntity.MENTION]).values()
    )
    original = message.reply_to_message
    replied = original is not None and original.from_user is not None and original.from_user.id == bot_id
    if not (mentioned or replied):
        return None
    return re.sub(re.escape(mention), " ", body, flags=re.IGNORECASE).strip()


@logged("other_content")
async def on_other_content(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled | None:
    """Stickers, photos, voice, locations, documents …: a hint that the bot understands text."""
    message = update.effective_message
    if message is None:
        return None
    services = services_of(context)
    lang = ui_language(update, services)
    services.say(message, services.text("only_text", lang), lang)
    return Handled("only_text_hint")


# --- buttons ----------------------------------------------------------------------------------------------


@logged("callback")
async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """Every callback query is answered, also for stale or unknown data, so the spinner stops.

    A button that shows an entry also makes it the chat's context: the user then asks about what they
    see ("und wo kommt er her?" after picking a suggestion). Menus and the language choice do not.
    """
    query = update.callback_query
    services = services_of(context)
    lang = ui_language(update, services)
    engine = services.engine
    action = decode(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if action is None or message is None or not _target_exists(engine, action):
        await query.answer(engine.text("stale_button", lang))
        return Handled("stale_button")
    await query.answer()
    if action.kind is Press.LANGUAGE:
        services.preferences.set(query.from_user.id, action.target)
        confirmation = engine.text("language_set", action.target)
        services.send(message, as_edit(message, confirmation, None), action.target)
        return Handled("language_set")
    if action.kind is Press.MENU:
        services.send(message, as_menu_in_place(message, engine, engine.menu(action.target), lang), lang)
        return Handled("menu", action.target)
    reply = engine.entry_reply(action.target, lang)
    services.usage.count_entry_shown(action.target)
    services.conversations.remember(message.chat.id, reply)
    if action.kind is Press.FOLLOW_UP:
        sends = as_reply(message, reply, engine)
    elif action.kind is Press.MENU_ENTRY:
        sends = as_edited_reply(message, reply, back_keyboard(engine, action.menu, lang))
    else:
        sends = as_edited_reply(message, reply, reply_keyboard(reply, engine))
    services.send(message, sends, lang)
    return Handled("button_answer", action.target)


def _target_exists(engine: AnswerEngine, action: Action) -> bool:
    """Buttons of old messages may point to entries or menus a reload has removed."""
    if action.kind is Press.LANGUAGE:
        return True
    if action.kind is Press.MENU:
        return engine.menu(action.target) is not None
    if action.kind is Press.MENU_ENTRY and engine.menu(action.menu) is None:
        return False
    return engine.has_entry(action.target)


# --- inline mode -------------------------------------------------------------------------------------------


@logged("inline_query")
async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """``@bot frage`` in any chat: the best entries as articles; an empty query lists the main topics.

    Inline queries neither use nor change any conversation: they come from no particular chat.
    """
    query = update.inline_query
    services = services_of(context)
    engine = services.engine
    lang = ui_language(update, services)
    if query.query.strip():
        entry_ids = [m.entry_id for m in engine.search(query.query, limit=INLINE_RESULTS)]
    else:
        main = engine.menu(MAIN_MENU)
        entry_ids = [item for item in (main.items if main else []) if engine.has_entry(item)]
    services.usage.count_inline_query(lang)
    results = []
    for entry_id in entry_ids:
        reply = engine.entry_reply(entry_id, lang)
        results.append(
            InlineQueryResultArticle(
                id=uuid4().hex,
                title=reply.title or entry_id,
                description=_one_line(reply.body),
                input_message_content=InputTextMessageContent(
                    split_messages(reply_paragraphs(reply))[0], parse_mode=ParseMode.HTML
                ),
            )
        )
    # personal: the results are in the user's language, so Telegram must not serve them to anyone else
    await query.answer(results, cache_time=60, is_personal=True)
    return Handled("inline_results", entry_ids[0] if entry_ids else None)


def _one_line(body: str, limit: int = 120) -> str:
    line = " ".join(body.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


# --- errors -------------------------------------------------------------------------------------------------


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error (never the message text) and, where a user waits, apologise briefly."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("Error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except Exception:  # the query may already be answered or too old
            log.debug("Could not answer the callback query after an error", exc_info=True)
    if isinstance(context.error, TimedOut):
        return  # the answer may well have arrived; an apology after it would only confuse
    chat = update.effective_chat
    if is_private(chat):
        services = services_of(context)
        lang = ui_language(update, services)
        services.outbox.post_html(chat.id, [escape(services.text("error", lang))], services.notices(lang))


# --- registration -------------------------------------------------------------------------------------------

NON_TEXT = (
    filters.Sticker.ALL
    | filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
    | filters.Document.ALL
    | filters.ANIMATION
    | filters.POLL
    | filters.Dice.ALL
)


def register_handlers(application: Application, services: BotServices) -> None:
    application.bot_data["services"] = services
    application.add_handler(TypeHandler(Update, throttle_gate), group=-1)
    for command in COMMANDS:
        application.add_handler(
            CommandHandler(command.all_names, command.callback, filters=filters.UpdateType.MESSAGES)
        )
    application.add_handler(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGES, cmd_unknown))
    application.add_handler(MessageHandler(filters.TEXT & filters.UpdateType.MESSAGES, on_text))
    application.add_handler(MessageHandler(NON_TEXT & filters.ChatType.PRIVATE, on_other_content))
    application.add_handler(CallbackQueryHandler(on_inbox_button, pattern=f"^{INBOX_PREFIX}"))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(InlineQueryHandler(on_inline_query))
    application.add_error_handler(on_error)
