"""The gaps inbox in Telegram (``/luecken``, ``/gaps``): curators decide on unanswered questions from
their phones.

Each open group (see :mod:`bot.curation.inbox`) is one message with its count, its representative
question and the closest entry, and three buttons: ``➕ <closest entry>`` adds the question as a phrasing
of that entry at once (the message then offers Undo), "Anderes Thema …" browses the topic menus to pick
another entry, "Ignorieren" deletes the group's stored questions. Only admins, in their private chat,
get the inbox and may press its buttons.

Callback data (at most 55 bytes: entry ids have at most 40 characters, menu ids 20, group keys 10):
``g:+:<entry>:<group>`` add, ``g:o:<group>`` pick another topic, ``g:m:<menu>:<group>`` a menu while
picking, ``g:b:<group>`` back to the group, ``g:x:<group>`` ignore, ``g:u:<entry>:<phrasing key>`` undo.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.core.engine import AnswerEngine
from bot.core.models import MENU_PREFIX, Lang
from bot.core.required_ids import MAIN_MENU
from bot.curation.inbox import InboxItem, find_item, ignore, open_items, short_key
from bot.tg.context import BotServices, services_of, ui_language
from bot.tg.replies import as_edit
from bot.tg.updatelog import Handled, logged

PREFIX = "g:"
SHOWN = 5  # groups per /luecken: more would be a wall of messages on a phone


@logged("command")
async def cmd_gaps(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """The most frequent open groups, the last week's first, one message each (admins only)."""
    services = services_of(context)
    message, lang = update.effective_message, ui_language(update, services)
    engine = services.engine
    items = await services.in_storage_thread(lambda: open_items(services.gaps, engine, datetime.now(UTC)))
    if not items:
        services.say(message, engine.text("inbox_empty", lang), lang)
        return Handled("inbox_empty")
    shown = items[:SHOWN]
    services.say(message, engine.text("inbox_heading", lang).format(count=len(items), shown=len(shown)), lang)
    for item in shown:
        html, keyboard = _group_view(item, engine, lang)
        services.send(message, [partial(message.reply_text, html, parse_mode=ParseMode.HTML,
                                        reply_markup=keyboard)], lang)  # fmt: skip
    return Handled("inbox", None)


@logged("callback")
async def on_inbox_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled:
    """A button of the inbox; from anyone but an admin in their private chat it is a stale button."""
    query = update.callback_query
    services = services_of(context)
    lang = ui_language(update, services)
    message = query.message if isinstance(query.message, Message) else None
    code, _, rest = (query.data or "").removeprefix(PREFIX).partition(":")
    if message is None or not services.is_admin(update) or code not in _ACTIONS:
        await query.answer(services.text("stale_button", lang))
        return Handled("stale_button")
    await query.answer()
    html, keyboard = await _ACTIONS[code](services, rest, lang)
    services.send(message, as_edit(message, html, keyboard), lang)
    return Handled(f"inbox_{code}")


View = tuple[str, InlineKeyboardMarkup | None]


async def _add(services: BotServices, rest: str, lang: Lang) -> View:
    entry_id, _, key = rest.partition(":")
    engine = services.engine
    item = await _find(services, key)
    if item is None or not item.phrasing or not engine.has_entry(entry_id):
        return _gone(services.engine, lang)
    if not await services.knowledge.add_phrasing(entry_id, item.phrasing):
        return escape(engine.text("inbox_not_added", lang)), _group_keyboard(item, engine, lang)
    title = engine.link(entry_id, lang).title
    html = escape(engine.text("inbox_added", lang).format(question=item.phrasing, title=title))
    undo = _button(engine.text("inbox_undo", lang), "u", entry_id, short_key(item.phrasing))
    return html, InlineKeyboardMarkup([[undo]])


async def _undo(services: BotServices, rest: str, lang: Lang) -> View:
    entry_id, _, phrasing_key = rest.partition(":")
    phrasing = services.knowledge.added_phrasing(entry_id, lambda q: short_key(q) == phrasing_key)
    if phrasing is None or not await services.knowledge.remove_phrasing(entry_id, phrasing):
        return _gone(services.engine, lang)
    engine = services.engine
    title = engine.link(entry_id, lang).title
    return escape(engine.text("inbox_undone", lang).format(question=phrasing, title=title)), None


async def _other(services: BotServices, rest: str, lang: Lang) -> View:
    return await _pick(services, f"{MAIN_MENU}:{rest}", lang)


async def _pick(services: BotServices, rest: str, lang: Lang) -> View:
    """A topic menu whose entries add the group's question to themselves."""
    menu_id, _, key = rest.partition(":")
    engine = services.engine
    item, menu = await _find(services, key), engine.menu(menu_id)
    if item is None or menu is None:
        return _gone(services.engine, lang)
    rows = []
    for target in menu.items:
        if target.startswith(MENU_PREFIX):
            submenu = engine.menu(target.removeprefix(MENU_PREFIX))
            if submenu is not None:
                rows.append([_button(submenu.title.get(lang) + " …", "m", submenu.id, key)])
        else:
            rows.append([_button(engine.link(target, lang).title, "+", target, key)])
    rows.append([_button(engine.text("back", lang), "b", key)])
    return escape(engine.text("inbox_pick", lang).format(question=item.phrasing)), InlineKeyboardMarkup(rows)


async def _back(services: BotServices, rest: str, lang: Lang) -> View:
    item = await _find(services, rest)
    return _gone(services.engine, lang) if item is None else _group_view(item, services.engine, lang)


async def _ignore(services: BotServices, rest: str, lang: Lang) -> View:
    item = await _find(services, rest)
    if item is None:
        return _gone(services.engine, lang)
    count = await services.in_storage_thread(lambda: ignore(services.gaps, item))
    text = services.text("inbox_ignored", lang).format(question=item.group.representative, count=count)
    return escape(text), None


_ACTIONS = {"+": _add, "u": _undo, "o": _other, "m": _pick, "b": _back, "x": _ignore}


async def _find(services: BotServices, key: str) -> InboxItem | None:
    engine = services.engine
    return await services.in_storage_thread(lambda: find_item(services.gaps, engine, datetime.now(UTC), key))


def _gone(engine: AnswerEngine, lang: Lang) -> View:
    return escape(engine.text("inbox_gone", lang)), None


def _group_view(item: InboxItem, engine: AnswerEngine, lang: Lang) -> View:
    group = item.group
    period = engine.text("inbox_recent" if item.recent else "inbox_older", lang)
    lines = [
        escape(engine.text("inbox_group", lang).format(count=group.count, period=period)),
        f"<b>„{escape(group.representative)}“</b>",
    ]
    others = [f"„{escape(q)}“ ({n}×)" for q, n in group.questions.items() if q != group.representative]
    if others:
        lines.append(escape(engine.text("inbox_also", lang)) + " " + ", ".join(others[:5]))
    candidate = _candidate(item, engine)
    if candidate is None:
        lines.append(escape(engine.text("inbox_no_candidate", lang)))
    else:
        title = engine.link(candidate, lang).title
        lines.append(escape(engine.text("inbox_closest", lang).format(title=title)))
    return "\n".join(lines), _group_keyboard(item, engine, lang)


def _group_keyboard(item: InboxItem, engine: AnswerEngine, lang: Lang) -> InlineKeyboardMarkup:
    rows = []
    candidate = _candidate(item, engine)
    if item.phrasing and candidate is not None:
        rows.append([_button("➕ " + engine.link(candidate, lang).title, "+", candidate, item.key)])
    if item.phrasing:
        rows.append([_button(engine.text("inbox_other", lang), "o", item.key)])
    rows.append([_button(engine.text("inbox_ignore", lang), "x", item.key)])
    return InlineKeyboardMarkup(rows)


def _candidate(item: InboxItem, engine: AnswerEngine) -> str | None:
    """The group's closest entry, if the current knowledge base still has it."""
    candidate = item.group.candidate
    return candidate if candidate is not None and engine.has_entry(candidate) else None


def _button(title: str, code: str, *parts: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(title, callback_data=_callback(code, *parts))


def _callback(code: str, *parts: str) -> str:
    return PREFIX + ":".join((code, *parts))
