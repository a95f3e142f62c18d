"""The conversation: python-telegram-bot handlers over the answer engine.

Each handler reads the current engine once, so an update is answered entirely from one knowledge
base even if a reload swaps it meanwhile.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html import escape
from uuid import uuid4

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.engine import AnswerEngine, Reply
from bot.language import language_from_code
from bot.models import Lang
from bot.storage import LanguagePreferences
from bot.telegram import callbacks
from bot.telegram.keyboards import (
    MAIN_MENU,
    back_keyboard,
    language_keyboard,
    menu_keyboard,
    reply_keyboard,
)
from bot.telegram.render import reply_paragraphs, split_messages
from bot.texts import text

log = logging.getLogger(__name__)

# What the fixed commands show: entries and menus of the knowledge base.
HELP_ENTRY, PROGRAMME_ENTRY, ABOUT_ENTRY = "hilfe", "ablauf", "ueber_den_bot"
WORKSHOPS_MENU, CONTACTS_MENU = "workshops", "kontakte"
INLINE_RESULTS = 8


@dataclass
class BotServices:
    """What the handlers need; ``engine`` may be replaced by a reload at any time."""

    engine: AnswerEngine
    preferences: LanguagePreferences
    admin_ids: frozenset[int] = field(default_factory=frozenset)


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


# --- sending ------------------------------------------------------------------------------------------


async def send_reply(message: Message, reply: Reply, quote: bool) -> None:
    """Send ``reply`` as one or more HTML messages; the keyboard goes under the last one."""
    chunks = split_messages(reply_paragraphs(reply))
    for number, chunk in enumerate(chunks, 1):
        await message.reply_text(
            chunk,
            parse_mode=ParseMode.HTML,
            reply_markup=reply_keyboard(reply) if number == len(chunks) else None,
            do_quote=quote and number == 1,
            disable_web_page_preview=True,
        )


async def edit_in_place(message: Message, html: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Replace a message's text and buttons; "message is not modified" is not an error."""
    try:
        await message.edit_text(
            html, parse_mode=ParseMode.HTML, reply_markup=keyboard, disable_web_page_preview=True
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


def menu_html(menu_text: str) -> str:
    return escape(menu_text, quote=False)


# --- messages -------------------------------------------------------------------------------------------


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A question: in private chats always; in groups only when it mentions or replies to the bot."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    question = message.text
    in_group = message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    if in_group:
        question = addressed_text(message, context.bot.username, context.bot.id)
        if question is None:
            return
    services = services_of(context)
    reply = services.engine.answer(question, user_language(update, services))
    await send_reply(message, reply, quote=in_group)


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a group message addressed to the bot (mention removed), else None."""
    text_ = message.text or ""
    mention = f"@{bot_username}".lower()
    mentioned = any(
        entity.type == MessageEntity.MENTION
        and text_[entity.offset : entity.offset + entity.length].lower() == mention
        for entity in message.entities
    )
    replied = (
        message.reply_to_message is not None
        and message.reply_to_message.from_user is not None
        and message.reply_to_message.from_user.id == bot_id
    )
    if not (mentioned or replied):
        return None
    return re.sub(re.escape(mention), " ", text_, flags=re.IGNORECASE).strip()


async def on_other_content(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice, locations, documents …: a hint that the bot understands text."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(text("only_text", fixed_language(update, services_of(context))))


# --- commands -------------------------------------------------------------------------------------------


async def cmd_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, also with a deep-link payload: ``/start workshop_2`` opens that entry."""
    services = services_of(context)
    lang = fixed_language(update, services)
    engine = services.engine
    payload = context.args[0] if context.args else ""
    if payload in engine.kb.entries:
        await send_reply(update.effective_message, engine.entry_reply(payload, lang), quote=False)
        return
    await show_menu(update, engine, MAIN_MENU, lang, intro=text("welcome", lang))


async def cmd_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    lang = fixed_language(update, services)
    await send_entry(update, services.engine, HELP_ENTRY, lang)
    await show_menu(update, services.engine, MAIN_MENU, lang)


async def cmd_programme(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await send_entry(update, services.engine, PROGRAMME_ENTRY, fixed_language(update, services))


async def cmd_workshops(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await show_menu(update, services.engine, WORKSHOPS_MENU, fixed_language(update, services))


async def cmd_contacts(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await show_menu(update, services.engine, CONTACTS_MENU, fixed_language(update, services))


async def cmd_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    lang = fixed_language(update, services)
    await send_entry(update, services.engine, ABOUT_ENTRY, lang)
    await update.effective_message.reply_text(text("source_note", lang))


async def cmd_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sprache shows the choice; ``/sprache en`` sets it directly."""
    services = services_of(context)
    choice = (context.args[0].lower() if context.args else "")[:2]
    if choice in ("de", "en") and update.effective_user is not None:
        services.preferences.set(update.effective_user.id, choice)
        await update.effective_message.reply_text(text("language_set", choice))
        return
    await update.effective_message.reply_text(
        text("choose_language", fixed_language(update, services)), reply_markup=language_keyboard()
    )


async def cmd_unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An unknown command: explained in private chats and when addressed by name in groups."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    command = message.text.split()[0]
    in_group = message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    if in_group and not command.lower().endswith(f"@{context.bot.username}".lower()):
        return
    await message.reply_text(text("unknown_command", fixed_language(update, services_of(context))))


async def send_entry(update: Update, engine: AnswerEngine, entry_id: str, lang: Lang) -> None:
    reply = engine.entry_reply(entry_id, lang) if entry_id in engine.kb.entries else engine.answer("", lang)
    await send_reply(update.effective_message, reply, quote=False)


async def show_menu(update: Update, engine: AnswerEngine, menu_id: str, lang: Lang, intro: str = "") -> None:
    menu = engine.kb.menus.get(menu_id)
    if menu is None:
        await send_reply(update.effective_message, engine.answer("", lang), quote=False)
        return
    body = f"{intro}\n\n{menu.text.get(lang)}" if intro else menu.text.get(lang)
    await update.effective_message.reply_text(
        menu_html(body), parse_mode=ParseMode.HTML, reply_markup=menu_keyboard(engine, menu, lang)
    )


# --- buttons ----------------------------------------------------------------------------------------------


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every callback query is answered, also for stale or unknown data, so the spinner stops."""
    query = update.callback_query
    services = services_of(context)
    lang = fixed_language(update, services)
    engine = services.engine
    action = callbacks.decode(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if action is None or message is None or not _target_exists(engine, action):
        await query.answer(text("stale_button", lang))
        return
    await query.answer()
    if action.kind == "l":
        services.preferences.set(query.from_user.id, action.target)
        await edit_in_place(message, text("language_set", action.target), None)
    elif action.kind == "m":
        menu = engine.kb.menus[action.target]
        await edit_in_place(message, menu_html(menu.text.get(lang)), menu_keyboard(engine, menu, lang))
    elif action.kind == "a":
        await send_reply(message, engine.entry_reply(action.target, lang), quote=False)
    else:
        reply = engine.entry_reply(action.target, lang)
        chunks = split_messages(reply_paragraphs(reply))
        keyboard = back_keyboard(action.menu, lang) if action.kind == "v" else reply_keyboard(reply)
        await edit_in_place(message, chunks[0], keyboard if len(chunks) == 1 else None)
        for number, chunk in enumerate(chunks[1:], 2):
            await message.reply_text(
                chunk, parse_mode=ParseMode.HTML, reply_markup=keyboard if number == len(chunks) else None
            )


def _target_exists(engine: AnswerEngine, action: callbacks.Action) -> bool:
    if action.kind == "l":
        return True
    if action.kind == "m":
        return action.target in engine.kb.menus
    if action.kind == "v" and action.menu not in engine.kb.menus:
        return False
    return action.target in engine.kb.entries


# --- inline mode -------------------------------------------------------------------------------------------


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``@bot frage`` in any chat: the best entries as articles; an empty query lists the main topics."""
    query = update.inline_query
    services = services_of(context)
    engine = services.engine
    lang = user_language(update, services) or "de"
    if query.query.strip():
        entry_ids = [m.entry_id for m in engine.index.search(query.query, limit=INLINE_RESULTS)]
    else:
        main = engine.kb.menus.get(MAIN_MENU)
        entry_ids = [item for item in (main.items if main else []) if item in engine.kb.entries]
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
    await query.answer(results, cache_time=60, is_personal=False)


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
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        try:
            await context.bot.send_message(
                chat.id, text("error", fixed_language(update, services_of(context)))
            )
        except Exception:  # the apology is best effort
            log.warning("Could not send the apology for update %s", update_id, exc_info=True)


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
    commands = {
        ("start",): cmd_start,
        ("hilfe", "help"): cmd_help,
        ("programm", "programme", "program"): cmd_programme,
        ("workshops",): cmd_workshops,
        ("kontakte", "contacts"): cmd_contacts,
        ("sprache", "language"): cmd_language,
        ("about", "info"): cmd_about,
    }
    for names, callback in commands.items():
        application.add_handler(CommandHandler(list(names), callback, filters=filters.UpdateType.MESSAGES))
    application.add_handler(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGES, cmd_unknown))
    application.add_handler(MessageHandler(filters.TEXT & filters.UpdateType.MESSAGES, on_text))
    application.add_handler(MessageHandler(NON_TEXT & filters.ChatType.PRIVATE, on_other_content))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(InlineQueryHandler(on_inline_query))
    application.add_error_handler(on_error)
