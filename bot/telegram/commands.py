"""The bot's commands. Admin commands (/stats, /reload) look like unknown commands to everyone else."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.engine import AnswerEngine
from bot.gaps import DEFAULT_RETENTION_DAYS
from bot.models import Lang
from bot.telegram.keyboards import MAIN_MENU, language_keyboard
from bot.telegram.replies import send_menu, send_plain, send_reply
from bot.telegram.services import BotServices, Handled, fixed_language, logged, services_of
from bot.texts import text
from bot.usage import format_figures

# What the fixed commands show: entries and menus of the knowledge base.
HELP_ENTRY, PROGRAMME_ENTRY, ABOUT_ENTRY = "hilfe", "ablauf", "ueber_den_bot"
WORKSHOPS_MENU, CONTACTS_MENU = "workshops", "kontakte"
STATS_DAYS = 7


async def _entry(update: Update, services: BotServices, entry_id: str, lang: Lang) -> Handled:
    engine = services.engine
    reply = engine.entry_reply(entry_id, lang) if entry_id in engine.kb.entries else engine.answer("", lang)
    if reply.matched and services.usage is not None:
        services.usage.count_entry_shown(entry_id)
    await send_reply(update.effective_message, reply)
    return Handled("command", reply.entry_id)


async def _menu(update: Update, engine: AnswerEngine, menu_id: str, lang: Lang, intro: str = "") -> Handled:
    if not await send_menu(update.effective_message, engine, menu_id, lang, intro):
        await send_reply(update.effective_message, engine.answer("", lang))
    return Handled("menu", menu_id)


@logged("command")
async def cmd_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """/start, also with a deep-link payload: ``/start workshop_2`` opens that entry."""
    services = services_of(context)
    lang = fixed_language(update, services)
    payload = context.args[0] if context.args else ""
    if payload in services.engine.kb.entries:
        return await _entry(update, services, payload, lang)
    return await _menu(update, services.engine, MAIN_MENU, lang, intro=text("welcome", lang))


@logged("command")
async def cmd_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    services = services_of(context)
    lang = fixed_language(update, services)
    await _entry(update, services, HELP_ENTRY, lang)
    return await _menu(update, services.engine, MAIN_MENU, lang)


@logged("command")
async def cmd_programme(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    services = services_of(context)
    return await _entry(update, services, PROGRAMME_ENTRY, fixed_language(update, services))


@logged("command")
async def cmd_workshops(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    services = services_of(context)
    return await _menu(update, services.engine, WORKSHOPS_MENU, fixed_language(update, services))


@logged("command")
async def cmd_contacts(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    services = services_of(context)
    return await _menu(update, services.engine, CONTACTS_MENU, fixed_language(update, services))


@logged("command")
async def cmd_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    services = services_of(context)
    lang = fixed_language(update, services)
    handled = await _entry(update, services, ABOUT_ENTRY, lang)
    await send_plain(update.effective_message, text("source_note", lang))
    return handled


@logged("command")
async def cmd_privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    services = services_of(context)
    days = services.gaps.retention.days if services.gaps is not None else DEFAULT_RETENTION_DAYS
    await send_plain(
        update.effective_message, text("privacy", fixed_language(update, services)).format(days=days)
    )
    return Handled("privacy")


@logged("command")
async def cmd_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """/vergessen: delete what is stored about the user (the language choice)."""
    services = services_of(context)
    lang = fixed_language(update, services)
    user = update.effective_user
    deleted = user is not None and services.preferences.forget(user.id)
    await send_plain(update.effective_message, text("forgotten" if deleted else "nothing_to_forget", lang))
    return Handled("forgotten" if deleted else "nothing_stored")


@logged("command")
async def cmd_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """/sprache shows the choice; ``/sprache en`` sets it directly."""
    services = services_of(context)
    choice = (context.args[0].lower() if context.args else "")[:2]
    if choice in ("de", "en") and update.effective_user is not None:
        services.preferences.set(update.effective_user.id, choice)
        await send_plain(update.effective_message, text("language_set", choice))
        return Handled("language_set")
    await update.effective_message.reply_text(
        text("choose_language", fixed_language(update, services)), reply_markup=language_keyboard()
    )
    return Handled("language_choice")


@logged("command")
async def cmd_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """Usage figures of the last days, for admins only."""
    services = services_of(context)
    if not services.is_admin(update):
        return await _unknown(update, context)
    figures = services.usage.figures(STATS_DAYS) if services.usage is not None else []
    await send_plain(update.effective_message, format_figures(figures))
    return Handled("stats")


@logged("command")
async def cmd_reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """Reload the knowledge base now, for admins only."""
    services = services_of(context)
    if not services.is_admin(update) or services.reloader is None:
        return await _unknown(update, context)
    result = await services.reloader.reload("/reload")
    await send_plain(update.effective_message, result.message)
    return Handled("reloaded" if result.ok else "reload_refused")


@logged("command")
async def cmd_unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled | None:
    return await _unknown(update, context)


async def _unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled | None:
    """An unknown command: explained in private chats and when addressed by name in groups."""
    message = update.effective_message
    if message is None or message.text is None:
        return None
    command = message.text.split()[0]
    in_group = message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    if in_group and not command.lower().endswith(f"@{context.bot.username}".lower()):
        return None
    await send_plain(message, text("unknown_command", fixed_language(update, services_of(context))))
    return Handled("unknown_command")


COMMANDS = {
    ("start",): cmd_start,
    ("hilfe", "help"): cmd_help,
    ("programm", "programme", "program"): cmd_programme,
    ("workshops",): cmd_workshops,
    ("kontakte", "contacts"): cmd_contacts,
    ("sprache", "language"): cmd_language,
    ("about", "info"): cmd_about,
    ("datenschutz", "privacy"): cmd_privacy,
    ("vergessen", "forget"): cmd_forget,
    ("stats",): cmd_stats,
    ("reload",): cmd_reload,
}
