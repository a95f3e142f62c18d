"""The bot's commands: one table drives the handlers, Telegram's command menu per language and /hilfe.

Admin commands (/luecken, /stats, /reload) are only in the admins' own command menus and look like unknown
commands to everyone else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.engine import AnswerEngine
from bot.core.models import Lang
from bot.core.required_ids import (
    ABOUT_ENTRY,
    CONTACTS_MENU,
    HELP_ENTRY,
    MAIN_MENU,
    PROGRAMME_ENTRY,
    WORKSHOPS_MENU,
)
from bot.curation.usage import format_figures
from bot.tg.admin import reload_and_report
from bot.tg.context import BotServices, is_group, services_of, ui_language
from bot.tg.inbox import cmd_gaps
from bot.tg.keyboards import language_keyboard
from bot.tg.replies import as_menu, as_reply
from bot.tg.updatelog import Handled, Handler, logged

STATS_DAYS = 7


async def _entry(update: Update, services: BotServices, entry_id: str, lang: Lang) -> Handled:
    engine = services.engine
    reply = engine.entry_reply(entry_id, lang) if engine.has_entry(entry_id) else engine.answer("", lang)
    if reply.matched:
        services.usage.count_entry_shown(entry_id)
    services.send(update.effective_message, as_reply(update.effective_message, reply, engine), lang)
    return Handled("command", reply.entry_id)


async def _menu(update: Update, services: BotServices, menu_id: str, lang: Lang, intro: str = "") -> Handled:
    engine = services.engine
    menu, message = engine.menu(menu_id), update.effective_message
    if menu is None:
        services.send(message, as_reply(message, engine.answer("", lang), engine), lang)
    else:
        services.send(message, as_menu(message, engine, menu, lang, intro), lang)
    return Handled("menu", menu_id)


@logged("command")
async def cmd_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """/start, also with a deep-link payload: ``/start workshop_2`` opens that entry."""
    services = services_of(context)
    lang = ui_language(update, services)
    payload = context.args[0] if context.args else ""
    if services.engine.has_entry(payload):
        return await _entry(update, services, payload, lang)
    return await _menu(update, services, MAIN_MENU, lang, intro=services.text("welcome", lang))


@logged("command")
async def cmd_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """The help entry, then the commands and the main menu."""
    services = services_of(context)
    lang = ui_language(update, services)
    await _entry(update, services, HELP_ENTRY, lang)
    return await _menu(update, services, MAIN_MENU, lang, intro=command_list(services.engine, lang))


Show = Callable[[Update, BotServices, str, Lang], Awaitable[Handled]]


def showing(show: Show, target: str) -> Handler:
    """A command that shows one entry (``show=_entry``) or one menu (``show=_menu``) of the knowledge base."""

    @logged("command")
    async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
        services = services_of(context)
        return await show(update, services, target, ui_language(update, services))

    return command


@logged("command")
async def cmd_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    services = services_of(context)
    lang = ui_language(update, services)
    handled = await _entry(update, services, ABOUT_ENTRY, lang)
    services.say(update.effective_message, services.text("source_note", lang), lang)
    return handled


@logged("command")
async def cmd_privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    services = services_of(context)
    lang, message = ui_language(update, services), update.effective_message
    services.say(message, services.text("privacy", lang).format(days=services.gaps.retention.days), lang)
    return Handled("privacy")


@logged("command")
async def cmd_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """/vergessen: delete what is kept about the user: the language choice and the conversation context."""
    services = services_of(context)
    lang = ui_language(update, services)  # before the choice is deleted: the reply is still in it
    user = update.effective_user
    language = user is not None and services.preferences.forget(user.id)
    topic = _forget_conversations(update, services)
    days = services.gaps.retention.days  # the replies say when the unlinked unanswered questions go
    if language or topic:
        text = "forgotten" if language else "context_forgotten"
        services.say(update.effective_message, services.text(text, lang).format(days=days), lang)
        return Handled(text)
    services.say(update.effective_message, services.text("nothing_to_forget", lang).format(days=days), lang)
    return Handled("nothing_stored")


def _forget_conversations(update: Update, services: BotServices) -> bool:
    """Forget the context of this chat (in a group: the group's) and of the user's private chat, whose id
    is the user's id, so that "the topics of the last answers are forgotten" holds wherever /vergessen was
    sent."""
    keys = {party.id for party in (update.effective_chat, update.effective_user) if party is not None}
    forgotten = [services.conversations.forget(key) for key in keys]
    return any(forgotten)


@logged("command")
async def cmd_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """/sprache shows the choice; ``/sprache en`` sets it directly."""
    services = services_of(context)
    choice = (context.args[0].lower() if context.args else "")[:2]
    if choice in ("de", "en") and update.effective_user is not None:
        services.preferences.set(update.effective_user.id, choice)
        services.say(update.effective_message, services.text("language_set", choice), choice)
        return Handled("language_set")
    message, lang = update.effective_message, ui_language(update, services)
    choose = partial(
        message.reply_text, services.text("choose_language", lang), reply_markup=language_keyboard()
    )
    services.send(message, [choose], lang)
    return Handled("language_choice")


@logged("command")
async def cmd_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """Usage figures of the last days (an admin command)."""
    services = services_of(context)
    figures = format_figures(services.usage.figures(STATS_DAYS))
    services.say(update.effective_message, figures, ui_language(update, services))
    return Handled("stats")


@logged("command")
async def cmd_reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """Reload the knowledge base now (an admin command)."""
    services = services_of(context)
    result = await reload_and_report(services, "/reload")
    services.say(update.effective_message, result.message, ui_language(update, services))
    return Handled("reloaded" if result.ok else "reload_refused")


@logged("command")
async def cmd_unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled | None:
    """An unknown command: explained in private chats and when addressed by name in groups."""
    message = update.effective_message
    if message is None or message.text is None:
        return None
    command = message.text.split()[0]
    if is_group(message.chat) and not command.lower().endswith(f"@{context.bot.username}".lower()):
        return None
    services = services_of(context)
    lang = ui_language(update, services)
    services.say(message, services.text("unknown_command", lang), lang)
    return Handled("unknown_command")


def admin_only(handler: Handler) -> Handler:
    """``handler`` for admins in their private chat; for everyone else the command does not exist (an
    admin command elsewhere would show usage figures or gaps to a whole group)."""

    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled | None:
        if not services_of(context).is_admin(update):
            return await cmd_unknown(update, context)
        return await handler(update, context)

    return guarded


@dataclass(frozen=True)
class Command:
    """A command: its name per language (the German one first), further aliases, and what it does.

    Its description in the command menu is the text ``command_<English name>`` of the knowledge base.
    Admin commands appear only in the admins' own command menus, never in the users' or in /hilfe.
    ``profile`` commands are the ones Telegram's profile buttons send by their English names (/help,
    /privacy), so those names are in every language's menu.
    """

    names: dict[Lang, str]
    handler: Handler
    aliases: tuple[str, ...] = ()
    admin: bool = False
    profile: bool = False

    @property
    def all_names(self) -> list[str]:
        return list(dict.fromkeys([*self.names.values(), *self.aliases]))

    @property
    def callback(self) -> Handler:
        return admin_only(self.handler) if self.admin else self.handler

    @property
    def text_key(self) -> str:
        return f"command_{self.names['en']}"


def _both(name: str) -> dict[Lang, str]:
    return {"de": name, "en": name}


COMMANDS: tuple[Command, ...] = (
    Command(_both("start"), cmd_start),
    Command({"de": "hilfe", "en": "help"}, cmd_help, profile=True),
    Command({"de": "programm", "en": "programme"}, showing(_entry, PROGRAMME_ENTRY), aliases=("program",)),
    Command(_both("workshops"), showing(_menu, WORKSHOPS_MENU)),
    Command({"de": "kontakte", "en": "contacts"}, showing(_menu, CONTACTS_MENU)),
    Command({"de": "sprache", "en": "language"}, cmd_language),
    Command(_both("about"), cmd_about, aliases=("info",)),
    Command({"de": "datenschutz", "en": "privacy"}, cmd_privacy, profile=True),
    Command({"de": "vergessen", "en": "forget"}, cmd_forget),
    Command({"de": "luecken", "en": "gaps"}, cmd_gaps, admin=True),
    Command(_both("stats"), cmd_stats, admin=True),
    Command(_both("reload"), cmd_reload, admin=True),
)


def command_menu(engine: AnswerEngine, lang: Lang, admin: bool = False) -> list[tuple[str, str]]:
    """The commands Telegram shows in ``lang``'s command menu, (name, description) pairs: the users'
    commands, the English names of the profile buttons' commands, and for an admin the admin commands."""
    menu = [(c.names[lang], engine.text(c.text_key, lang)) for c in COMMANDS if not c.admin]
    menu += [(c.names["en"], engine.text(c.text_key, lang))
             for c in COMMANDS if c.profile and c.names[lang] != c.names["en"]]  # fmt: skip
    admins = [(c.names[lang], engine.text(c.text_key, lang)) for c in COMMANDS if c.admin and admin]
    return menu + admins


def command_list(engine: AnswerEngine, lang: Lang) -> str:
    """The users' commands as /hilfe lists them."""
    lines = [f"/{c.names[lang]} – {engine.text(c.text_key, lang)}" for c in COMMANDS if not c.admin]
    return "\n".join([engine.text("commands_heading", lang), *lines])
