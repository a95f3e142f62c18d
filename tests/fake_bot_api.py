"""A fake Telegram Bot API server on 127.0.0.1 for tests of WBV-Bot.

The real PTB ``Bot``/``Application`` talk to it through PTB's own HTTP stack (httpx)::

    async with FakeBotAPI(token=TOKEN) as api:
        bot = telegram.Bot(TOKEN, base_url=api.base_url, base_file_url=api.file_base_url)
        anna = make_user("Anna")
        api.send_text(anna, None, "/start")          # queue an update for getUpdates
        ...                                           # run the bot
        [reply] = await api.wait_for_messages(1)     # what the bot sent
        assert reply.plain_text == "Hallo Anna!"

What it does, as the real Bot API does it:

* ``POST``/``GET`` ``/bot<token>/<method>``; method names are case-insensitive; parameters come as
  query string, ``application/x-www-form-urlencoded`` (what PTB sends: string values as they are,
  everything else JSON-encoded), ``multipart/form-data`` or a JSON body.
* Answers ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": ...,
  "parameters": {"retry_after": N}}``.  Wrong token: 401 ``Unauthorized`` (a token that does not even
  look like ``<digits>:<secret>``: 404 ``Not Found``); unknown method: 404 ``Not Found``.
* getUpdates long polling with offset confirmation, ``limit`` and ``allowed_updates``; a second
  getUpdates terminates a pending one with 409 (like Telegram); 409 while a webhook is set.
* Message stores per chat, so edits act on existing messages with Telegram's error wording.
* Telegram's HTML subset parser (the tdlib algorithm, with its error messages), length and
  keyboard validation.  One deliberate difference: a bare ``&`` that starts no entity is refused
  (Telegram keeps it literally, but documents that it must be escaped); pass
  ``strict_html_ampersand=False`` for Telegram's lenient behaviour.  MarkdownV2/Markdown are not
  implemented and refused with a 400 that says so.

Fault injection (scripted with ``fail_next``/``delay_next``/``drop_next`` or random with a seed):

* ``fail_next`` -- answered with the error *without* executing the method: a refused sendMessage is
  never recorded as sent.
* ``drop_next(when="before")`` -- connection closed before executing: nothing delivered.
* ``drop_next(when="after")`` -- executed (message recorded, ``response_lost=True``), then the
  connection is closed: the client sees a NetworkError although the message was delivered.
* ``delay_next(when="after")`` (default) -- executed, response held back ``seconds``; the message is
  recorded with ``response_delayed=True``.  ``when="before"`` waits first, then executes (also
  flagged); it executes even if the client has given up, as a real server would.

Exactly-once checks can therefore count ``sent_messages`` and look at those two flags.

Quick reference (see the docstrings):

* users/chats: ``make_user``, ``private_chat``, ``make_group``, ``make_supergroup``; ``api.add_chat``,
  ``api.block_user`` (403 "bot was blocked by the user").
* inject: ``send_text``, ``reply_to``, ``send_edited_text``, ``send_callback``, ``send_inline_query``,
  ``send_sticker/photo/voice/location/document``, ``inject_update``; ``pending_updates``.
* records: ``calls``/``calls_to``, ``sent_messages``, ``messages_in``/``message``, ``edits``,
  ``deleted``, ``callback_answers``, ``inline_answers``, ``chat_actions``, ``commands_for``,
  ``descriptions``, ``short_descriptions``, ``webhook_deliveries``, ``faults``.
* waiting: ``wait_for_messages``, ``wait_for_call``, ``wait_until`` (raise :class:`WaitTimeout`).
* webhook: ``webhook_url``/``webhook_secret`` (set by setWebhook), ``deliver_webhook``.
* flood: ``send_times``, ``max_in_window``, ``flood_violations``; ``enforce_flood_limits=True``.
* faults: ``fail_next``, ``delay_next``, ``drop_next``, ``random_faults``, ``clear_faults``.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import itertools
import json
import math
import random
import re
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import aiohttp
from aiohttp import web

__all__ = [
    "ApiCall",
    "BotAPIError",
    "CallbackAnswer",
    "FakeBotAPI",
    "FakeChat",
    "FakeUser",
    "FaultRecord",
    "FloodLimits",
    "FloodViolation",
    "HtmlParseError",
    "InlineAnswer",
    "SentMessage",
    "StoredMessage",
    "WaitTimeout",
    "WebhookDelivery",
    "detect_entities",
    "make_group",
    "make_supergroup",
    "make_user",
    "max_in_window",
    "parse_html",
    "private_chat",
    "utf16_len",
]

JSON = dict[str, Any]

MAX_MESSAGE_LENGTH = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_TEXT = 200
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64
MAX_COMMANDS = 100
MAX_DESCRIPTION = 512
MAX_SHORT_DESCRIPTION = 120
MAX_KEYBOARD_BUTTONS = 100

# Telegram's own wording (as the Bot API returns it in "description").
ERR_TEXT_EMPTY = "Bad Request: message text is empty"
ERR_TOO_LONG = "Bad Request: message is too long"
ERR_PARSE = "Bad Request: can't parse entities: "
ERR_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
ERR_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
ERR_CANT_EDIT = "Bad Request: message can't be edited"
ERR_DELETE_NOT_FOUND = "Bad Request: message to delete not found"
ERR_REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
ERR_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
ERR_BUTTON_DATA = "Bad Request: BUTTON_DATA_INVALID"
ERR_BUTTON_TEXT = "Bad Request: BUTTON_TEXT_INVALID"
ERR_BUTTON_URL = "Bad Request: BUTTON_URL_INVALID"
ERR_TEXT_BUTTONS = (
    "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
)
ERR_CHAT_NOT_FOUND = "Bad Request: chat not found"
ERR_BLOCKED = "Forbidden: bot was blocked by the user"
ERR_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)
ERR_OTHER_GETUPDATES = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)

_HTTP_PHRASES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

_CHAT_ACTIONS = frozenset(
    "typing upload_photo record_video upload_video record_voice upload_voice upload_document "
    "choose_sticker find_location record_video_note upload_video_note".split()
)
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "web_app",
    "login_url",
    "copy_text",
    "callback_game",
    "pay",
)
# Update types Telegram sends when allowed_updates is empty or was never set.
_DEFAULT_UPDATE_TYPES = frozenset(
    "message edited_message channel_post edited_channel_post business_connection business_message "
    "edited_business_message deleted_business_messages inline_query chosen_inline_result "
    "callback_query shipping_query pre_checkout_query purchased_paid_media poll poll_answer "
    "my_chat_member chat_join_request chat_boost removed_chat_boost".split()
)


class BotAPIError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def _bad_request(description: str) -> BotAPIError:
    """A 400 error; ``description`` without the "Bad Request: " prefix is completed."""
    if not description.startswith("Bad Request: "):
        description = "Bad Request: " + description
    return BotAPIError(400, description)


class WaitTimeout(AssertionError):
    """Raised by the ``wait_*`` helpers when the condition did not come true in time."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts offsets and lengths in."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


# --------------------------------------------------------------------------------------------
# Telegram's HTML subset (a port of tdlib's parse_html, td/telegram/MessageEntity.cpp)
# --------------------------------------------------------------------------------------------


class HtmlParseError(ValueError):
    """The HTML is not acceptable to Telegram; the message is tdlib's."""


_HTML_TAGS = frozenset(
    "a b strong i em s strike del u ins tg-spoiler tg-emoji span pre code blockquote".split()
)
_SIMPLE_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_SPACES = frozenset(" \t\r\n\v\f\0")  # tdlib's is_space, which includes the terminating NUL
_HEX = "0123456789abcdefABCDEF"


@dataclass
class _OpenTag:
    tag: str
    argument: str
    utf16_offset: int
    out_index: int
    expandable: bool


def _decode_html_entity(source: str, pos: int) -> tuple[str, int] | None:
    """Decode the entity at ``source[pos] == '&'``: (character, next position) or None if invalid."""
    n = len(source)

    def at(i: int) -> str:
        return source[i] if i < n else "\0"

    end = pos + 1
    code = 0
    if at(pos + 1) == "#":
        end += 1
        if at(pos + 2) == "x":
            end += 1
            while at(end) in _HEX and at(end) != "\0":
                code = code * 16 + int(at(end), 16)
                end += 1
        else:
            while at(end).isascii() and at(end).isdigit():
                code = code * 10 + int(at(end))
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
        char = chr(code)
    else:
        while at(end).isascii() and at(end).isalpha():
            end += 1
        named = _NAMED_ENTITIES.get(source[pos + 1 : end])
        if named is None:
            return None
        char = named
    if 0xD800 <= ord(char) <= 0xDFFF:
        raise HtmlParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched "
            "surrogate code units"
        )
    if at(end) == ";":
        end += 1
    return char, end


def _checked_link(url: str) -> str:
    """Telegram's normalisation of an ``<a href>``: '' when it is not a usable link."""
    url = url.strip()
    match = re.fullmatch(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\s]+)([^\s]*)", url)
    if match is None:
        if re.fullmatch(r"[\w-]+(\.[\w-]+)+(:\d+)?([/?#]\S*)?", url):
            return _checked_link("http://" + url)
        return ""
    scheme, host, rest = match.group(1).lower(), match.group(2), match.group(3)
    if scheme in ("http", "https"):
        if not rest.startswith("/"):
            rest = "/" + rest
        return f"{scheme}://{host}{rest}"
    if scheme in ("tg", "ton", "ftp"):
        return url
    return ""


def parse_html(source: str, *, strict_ampersand: bool = True) -> tuple[str, list[JSON]]:
    """Parse Telegram-HTML into (plain text, entities) or raise :class:`HtmlParseError`.

    Follows tdlib's parser: same tags, attributes, entity decoding and error messages with UTF-8
    byte offsets.  ``strict_ampersand`` additionally refuses a bare ``&`` (see module docstring).
    """
    n = len(source)

    def at(i: int) -> str:
        return source[i] if i < n else "\0"

    def byte_offset(i: int) -> int:
        return len(source[:i].encode("utf-8", "surrogatepass"))

    out: list[str] = []
    utf16 = 0
    entities: list[JSON] = []
    stack: list[_OpenTag] = []
    i = 0
    while i < n:
        c = source[i]
        if c == "&":
            decoded = _decode_html_entity(source, i)
            if decoded is not None:
                char, i = decoded
                out.append(char)
                utf16 += utf16_len(char)
                continue
            if strict_ampersand:
                raise HtmlParseError(
                    f'Character "&" at byte offset {byte_offset(i)} starts no HTML entity; escape it as '
                    "&amp; (the fake Bot API is stricter than Telegram here)"
                )
        if c != "<":
            out.append(c)
            utf16 += utf16_len(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != "/":
            while at(i) not in _HTML_SPACES and at(i) != ">":
                i += 1
            if i >= n:
                raise HtmlParseError(f"Unclosed start tag at byte offset {byte_offset(begin)}")
            tag = source[begin + 1 : i].lower()
            if tag not in _HTML_TAGS:
                raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {byte_offset(begin)}')
            argument, expandable, i = _parse_attributes(source, i, tag, byte_offset(begin), byte_offset)
            if tag == "span" and argument != "spoiler":
                raise HtmlParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}'
                )
            stack.append(_OpenTag(tag, argument, utf16, len(out), expandable))
            i += 1  # skip '>'
            continue

        # an end tag
        if not stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {byte_offset(begin)}")
        while at(i) not in _HTML_SPACES and at(i) != ">":
            i += 1
        end_tag = source[begin + 2 : i].lower()
        while i < n and at(i) in _HTML_SPACES:
            i += 1
        if at(i) != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {byte_offset(begin)}")
        opened = stack[-1]
        if end_tag and end_tag != opened.tag:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {byte_offset(begin)}, expected "</{opened.tag}>", '
                f'found "</{end_tag}>"'
            )
        if utf16 > opened.utf16_offset:
            _add_html_entity(entities, opened, utf16 - opened.utf16_offset, "".join(out[opened.out_index :]))
        stack.pop()
        i += 1
    if stack:
        raise HtmlParseError(f"Can't find end tag corresponding to start tag {stack[-1].tag}")
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _parse_attributes(
    source: str, i: int, tag: str, tag_offset: int, byte_offset: Callable[[int], int]
) -> tuple[str, bool, int]:
    """Parse the attributes of a start tag from ``i`` up to its '>': (argument, expandable, pos)."""
    n = len(source)

    def at(j: int) -> str:
        return source[j] if j < n else "\0"

    argument = ""
    expandable = False
    while at(i) != ">":
        while i < n and at(i) in _HTML_SPACES:
            i += 1
        if at(i) == ">":
            break
        name_begin = i
        while at(i) not in _HTML_SPACES and at(i) not in "=>":
            i += 1
        name = source[name_begin:i]
        if not name:
            raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {tag_offset}')
        while i < n and at(i) in _HTML_SPACES:
            i += 1
        if at(i) != "=":
            if tag == "blockquote" and name.lower() == "expandable":
                expandable = True
                continue
            raise HtmlParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" at byte offset '
                f"{tag_offset}"
            )
        i += 1
        while i < n and at(i) in _HTML_SPACES:
            i += 1
        if i >= n:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {tag_offset}')
        if at(i) not in "'\"":
            token_begin = i
            while at(i).isascii() and (at(i).isalnum() or at(i) in ".-"):
                i += 1
            value = source[token_begin:i].lower()
            if at(i) not in _HTML_SPACES and at(i) != ">":
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {byte_offset(token_begin)}"
                )
        else:
            quote = source[i]
            i += 1
            chars: list[str] = []
            while i < n and source[i] != quote:
                if source[i] == "&":
                    decoded = _decode_html_entity(source, i)
                    if decoded is not None:
                        chars.append(decoded[0])
                        i = decoded[1]
                        continue
                chars.append(source[i])
                i += 1
            if i < n:
                i += 1
            value = "".join(chars)
        if i >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {tag_offset}")
        if tag == "a" and name == "href":
            argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif tag == "tg-emoji" and name == "emoji-id":
            argument = value
    return argument, expandable, i


def _add_html_entity(entities: list[JSON], opened: _OpenTag, length: int, inner_text: str) -> None:
    """Append the entity for a closed tag, merging <pre><code class=...> like tdlib."""
    tag, offset = opened.tag, opened.utf16_offset
    last = entities[-1] if entities else None
    same_range = last is not None and last["offset"] == offset and last["length"] == length
    if tag in _SIMPLE_TAG_TYPES:
        entities.append({"type": _SIMPLE_TAG_TYPES[tag], "offset": offset, "length": length})
    elif tag == "tg-emoji":
        if not opened.argument.isdigit() or int(opened.argument) == 0:
            raise HtmlParseError("Invalid custom emoji identifier specified")
        entities.append(
            {"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": opened.argument}
        )
    elif tag == "a":
        url = opened.argument or inner_text
        user = re.fullmatch(r"tg://user\?id=(\d+)", url.strip())
        if user:
            mentioned = {"id": int(user.group(1)), "is_bot": False, "first_name": ""}
            entities.append({"type": "text_mention", "offset": offset, "length": length, "user": mentioned})
        elif checked := _checked_link(url):
            entities.append({"type": "text_link", "offset": offset, "length": length, "url": checked})
    elif tag == "pre":
        if last is not None and same_range and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "code":
        if last is not None and same_range and last["type"] == "pre" and opened.argument:
            last["language"] = opened.argument
        else:
            entity = {"type": "code", "offset": offset, "length": length}
            if opened.argument:
                entity["language"] = opened.argument  # dropped again unless a <pre> wraps it
            entities.append(entity)
    elif tag == "blockquote":
        kind = "expandable_blockquote" if opened.expandable else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})


_AUTO_ENTITY_RE = re.compile(
    r"(?P<bot_command>(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w@]))"
    r"|(?P<mention>(?<![\w@])@[A-Za-z0-9_]{5,32}(?!\w))"
    r"|(?P<url>\bhttps?://[^\s<>\"]+)"
    r"|(?P<hashtag>(?<![\w#])#\w*[^\W\d]\w*)"
)


def detect_entities(text: str) -> list[JSON]:
    """Entities Telegram attaches to a user's text: bot_command, mention, url and hashtag."""
    entities: list[JSON] = []
    for match in _AUTO_ENTITY_RE.finditer(text):
        kind = match.lastgroup or ""
        entities.append(
            {"type": kind, "offset": utf16_len(text[: match.start()]), "length": utf16_len(match.group())}
        )
    return entities


# --------------------------------------------------------------------------------------------
# users, chats and records
# --------------------------------------------------------------------------------------------

_user_ids = itertools.count(100_001)
_group_ids = itertools.count(1)


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user that writes to the bot."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "de"
    is_bot: bool = False

    def to_dict(self) -> JSON:
        """The User object as the Bot API sends it."""
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


@dataclass(frozen=True)
class FakeChat:
    """A chat: ``type`` is "private", "group", "supergroup" or "channel"."""

    id: int
    type: Literal["private", "group", "supergroup", "channel"] = "private"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    is_forum: bool = False

    def to_dict(self) -> JSON:
        """The Chat object as the Bot API sends it."""
        data: JSON = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.is_forum:
            data["is_forum"] = True
        return data

    @property
    def is_private(self) -> bool:
        """Whether this is a one-to-one chat with a user."""
        return self.type == "private"


def make_user(
    first_name: str = "Anna",
    *,
    id: int | None = None,
    language_code: str | None = "de",
    username: str | None = None,
    last_name: str | None = None,
) -> FakeUser:
    """A user with a fresh id unless one is given."""
    return FakeUser(
        id=next(_user_ids) if id is None else id,
        first_name=first_name,
        last_name=last_name,
        username=username,
        language_code=language_code,
    )


def private_chat(user: FakeUser) -> FakeChat:
    """The private chat between ``user`` and the bot (its id is the user's id, as in Telegram)."""
    return FakeChat(
        id=user.id,
        type="private",
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
    )


def make_group(title: str = "Werkstattgespräch", *, id: int | None = None) -> FakeChat:
    """A basic group (negative id)."""
    return FakeChat(id=-(4_000_000_000 + next(_group_ids)) if id is None else id, type="group", title=title)


def make_supergroup(
    title: str = "WBV Austausch",
    *,
    id: int | None = None,
    username: str | None = None,
    is_forum: bool = False,
) -> FakeChat:
    """A supergroup (id -100…)."""
    chat_id = -(1_000_000_000_000 + next(_group_ids)) if id is None else id
    return FakeChat(id=chat_id, type="supergroup", title=title, username=username, is_forum=is_forum)


@dataclass
class ApiCall:
    """One HTTP request to the Bot API as the fake saw it.

    ``params`` are typed best-effort (JSON fields decoded, ids as int), ``raw_params`` as received.
    ``status`` is None while the call is in flight and 0 when the connection was dropped.
    """

    method: str
    params: JSON
    time: float
    http_method: str = "POST"
    content_type: str = ""
    raw_params: JSON = field(default_factory=dict)
    status: int | None = None
    description: str | None = None
    fault: str | None = None
    finished: float | None = None
    messages: list[SentMessage] = field(default_factory=list)


@dataclass
class SentMessage:
    """A message the bot sent with sendMessage (``text`` as sent, ``plain_text`` after parsing)."""

    chat_id: int
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: JSON | None
    time: float
    date: int
    plain_text: str
    entities: list[JSON]
    reply_to_message_id: int | None = None
    response_delayed: bool = False
    response_lost: bool = False


@dataclass
class StoredMessage:
    """The current state of a message in a chat (``data`` is the Message object as returned)."""

    chat_id: int
    message_id: int
    from_bot: bool
    data: JSON

    @property
    def text(self) -> str | None:
        """The plain text (None for media without text)."""
        return self.data.get("text")

    @property
    def entities(self) -> list[JSON]:
        """The text's entities."""
        return list(self.data.get("entities", []))

    @property
    def reply_markup(self) -> JSON | None:
        """The attached inline keyboard, if any."""
        return self.data.get("reply_markup")


@dataclass
class EditRecord:
    """One successful edit (editMessageText / editMessageReplyMarkup)."""

    method: str
    chat_id: int | None
    message_id: int | None
    inline_message_id: str | None
    text: str | None
    parse_mode: str | None
    reply_markup: JSON | None
    time: float


@dataclass
class CallbackAnswer:
    """An answerCallbackQuery."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    time: float


@dataclass
class InlineAnswer:
    """An answerInlineQuery."""

    inline_query_id: str
    results: list[JSON]
    cache_time: int | None
    is_personal: bool
    next_offset: str | None
    time: float


@dataclass
class WebhookDelivery:
    """One POST of an update to the webhook (status 0: no HTTP answer)."""

    update_id: int | None
    url: str
    status: int
    secret_sent: str | None
    time: float
    error: str | None = None


@dataclass
class FaultRecord:
    """A fault the fake applied to a request."""

    time: float
    method: str
    kind: str
    detail: str


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's documented broadcast limits."""

    global_per_second: int = 30
    private_per_second: int = 1
    group_per_minute: int = 20


@dataclass(frozen=True)
class FloodViolation:
    """The worst window in which a limit was exceeded (``chat_id`` None: the global limit)."""

    chat_id: int | None
    limit: int
    window: float
    count: int
    window_start: float


@dataclass
class _Fault:
    kind: Literal["error", "delay", "drop"]
    status: int = 500
    retry_after: int | None = None
    description: str | None = None
    seconds: float = 0.0
    when: Literal["before", "after"] = "after"

    def label(self) -> str:
        if self.kind == "error":
            return f"error {self.status}" + (f" retry_after={self.retry_after}" if self.retry_after else "")
        if self.kind == "delay":
            return f"delay {self.seconds}s {self.when}"
        return f"drop {self.when}"


@dataclass
class _RandomFaults:
    rng: random.Random
    methods: frozenset[str] | None
    rates: list[tuple[float, _Fault]]

    def draw(self, method: str) -> _Fault | None:
        if self.methods is not None and method.lower() not in self.methods:
            return None
        roll = self.rng.random()
        for rate, fault in self.rates:
            if roll < rate:
                return fault
            roll -= rate
        return None


def max_in_window(timestamps: Iterable[float], window: float) -> int:
    """Most events in any half-open window ``[t, t + window)``."""
    times = sorted(timestamps)
    best = 0
    start = 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def _worst_window(times: Sequence[float], window: float) -> tuple[int, float]:
    """(count, start) of the fullest window ``[t, t + window)`` in sorted ``times``."""
    best, best_start, start = 0, 0.0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        if end - start + 1 > best:
            best, best_start = end - start + 1, times[start]
    return best, best_start


class _Params:
    """Typed access to request parameters that arrive as strings (form) or JSON values."""

    def __init__(self, raw: JSON) -> None:
        self.raw = raw

    def has(self, name: str) -> bool:
        return self.raw.get(name) not in (None, "")

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise _bad_request(f'field "{name}" must be of type Integer') from None

    def get_float(self, name: str, default: float = 0.0) -> float:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _bad_request(f'field "{name}" must be of type Number') from None

    def get_bool(self, name: str) -> bool:
        value = self.raw.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def get_json(self, name: str, what: str | None = None) -> Any:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise _bad_request(f"can't parse {what or name} JSON object") from None


_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "results",
        "commands",
        "scope",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "button",
    }
)
_INT_PARAMS = frozenset(
    {"message_id", "offset", "limit", "timeout", "cache_time", "message_thread_id", "reply_to_message_id"}
)


def _decoded_params(raw: JSON) -> JSON:
    """Best-effort typed copy of the raw parameters, for ``api.calls``."""
    decoded: JSON = {}
    for key, value in raw.items():
        if isinstance(value, str) and key in _JSON_PARAMS:
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        elif isinstance(value, str) and (key in _INT_PARAMS or key == "chat_id"):
            with contextlib.suppress(ValueError):
                value = int(value)
        decoded[key] = value
    return decoded


class _UseConfigured(enum.Enum):
    SECRET = enum.auto()


USE_CONFIGURED_SECRET = _UseConfigured.SECRET
Handler = Callable[[_Params, ApiCall], Awaitable[Any]]


# --------------------------------------------------------------------------------------------
# the server
# --------------------------------------------------------------------------------------------


class FakeBotAPI:
    """Fake Telegram Bot API server; use as ``async with FakeBotAPI(token=...) as api``."""

    DEFAULT_TOKEN: ClassVar[str] = "123456789:AAFakeTokenForWbvBotTests_0123456789"

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "wbv_test_bot",
        bot_first_name: str = "WBV Testbot",
        strict_html_ampersand: bool = True,
        strict_chats: bool = True,
        enforce_flood_limits: bool = False,
        flood_limits: FloodLimits | None = None,
        auto_deliver_webhook: bool = True,
        webhook_retry_delay: float = 0.2,
        webhook_timeout: float = 5.0,
        callback_query_ttl: float | None = None,
        first_update_id: int = 1000,
    ) -> None:
        """Configure the fake; nothing listens before ``start()``/``async with``.

        ``strict_chats``: sending to a chat the fake never saw (no update from it, no ``add_chat``)
        fails with "chat not found", as Telegram does for chats the bot has no access to.
        """
        self.token = token
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.strict_html_ampersand = strict_html_ampersand
        self.strict_chats = strict_chats
        self.enforce_flood_limits = enforce_flood_limits
        self.flood_limits = flood_limits or FloodLimits()
        self.auto_deliver_webhook = auto_deliver_webhook
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_timeout = webhook_timeout
        self.callback_query_ttl = callback_query_ttl
        head = token.split(":", 1)[0]
        self.bot_id = int(head) if head.isdigit() else 1

        # records
        self.calls: list[ApiCall] = []
        self.sent_messages: list[SentMessage] = []
        self.edits: list[EditRecord] = []
        self.deleted: list[tuple[int, int]] = []
        self.callback_answers: dict[str, CallbackAnswer] = {}
        self.inline_answers: dict[str, InlineAnswer] = {}
        self.chat_actions: list[tuple[int, str, float]] = []
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.faults: list[FaultRecord] = []
        self.delivered_update_ids: list[list[int]] = []

        # state
        self.chats: dict[int, FakeChat] = {}
        self.users: dict[int, FakeUser] = {}
        self.blocked_user_ids: set[int] = set()
        self.webhook_url: str = ""
        self.webhook_secret: str | None = None
        self.webhook_max_connections: int = 40
        self.webhook_last_error: tuple[int, str] | None = None
        self.allowed_updates: list[str] | None = None
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self._messages: dict[int, dict[int, StoredMessage]] = {}
        self._next_message_id: dict[int, int] = {}
        self._updates: list[JSON] = []
        self._next_update_id = first_update_id
        self._open_callback_queries: dict[str, float] = {}
        self._open_inline_queries: dict[str, float] = {}
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._files: dict[str, tuple[str, bytes]] = {}
        self._file_ids = itertools.count(1)
        self._send_log: list[tuple[float, int]] = []
        self._scripted: dict[str, deque[_Fault]] = {}
        self._random: _RandomFaults | None = None
        self._poll_generation = 0
        self._changed = asyncio.Event()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._handlers: dict[str, tuple[str, Handler]] = {}
        methods = (
            "getMe logOut close getUpdates setWebhook deleteWebhook getWebhookInfo sendMessage "
            "editMessageText editMessageReplyMarkup deleteMessage answerCallbackQuery answerInlineQuery "
            "sendChatAction setMyCommands getMyCommands deleteMyCommands setMyDescription "
            "getMyDescription setMyShortDescription getMyShortDescription getFile"
        )
        for name in methods.split():
            self._handlers[name.lower()] = (name, getattr(self, f"_m_{name}"))

    # ---- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> FakeBotAPI:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        """Wake every waiting request, stop webhook delivery and close the server."""
        self._closing.set()
        self._notify()
        tasks = [self._webhook_task] if self._webhook_task else []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port the fake listens on."""
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """For PTB's ``base_url`` (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_base_url(self) -> str:
        """For PTB's ``base_file_url``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    @property
    def bot_user(self) -> JSON:
        """The bot's User object (getMe)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # ---- waiting ------------------------------------------------------------------------------

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), max(0.0, timeout))

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but end early when the server stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    async def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
    ) -> None:
        """Wait until ``predicate()`` is true; raise :class:`WaitTimeout` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WaitTimeout(f"{what} not reached within {timeout}s")
            await self._wait_change(min(remaining, 0.05))

    async def wait_for_messages(
        self, n: int, timeout: float = 5.0, chat_id: int | None = None
    ) -> list[SentMessage]:
        """Wait until at least ``n`` messages were sent (to ``chat_id`` if given); return them all."""

        def matching() -> list[SentMessage]:
            return [m for m in self.sent_messages if chat_id is None or m.chat_id == chat_id]

        await self.wait_until(lambda: len(matching()) >= n, timeout, f"{n} sent message(s)")
        return matching()

    async def wait_for_call(self, method: str, n: int = 1, timeout: float = 5.0) -> list[ApiCall]:
        """Wait until ``method`` was answered ``n`` times; return those calls."""
        await self.wait_until(
            lambda: len(self.calls_to(method, finished=True)) >= n, timeout, f"{n} answered {method} call(s)"
        )
        return self.calls_to(method, finished=True)

    def calls_to(self, method: str, *, finished: bool = False) -> list[ApiCall]:
        """Recorded calls of one method (case-insensitive)."""
        return [
            c
            for c in self.calls
            if c.method.lower() == method.lower() and (not finished or c.status is not None)
        ]

    # ---- chats and stored messages ------------------------------------------------------------

    def add_chat(self, chat: FakeChat, user: FakeUser | None = None) -> FakeChat:
        """Make a chat known (as if its user had started the bot); returns it."""
        self.chats[chat.id] = chat
        if user is not None:
            self.users[user.id] = user
        self._messages.setdefault(chat.id, {})
        return chat

    def block_user(self, user_id: int) -> None:
        """The user blocked the bot: sending to them fails with 403 like Telegram."""
        self.blocked_user_ids.add(user_id)

    def messages_in(self, chat_id: int) -> list[StoredMessage]:
        """Current state of all messages (user's and bot's) in a chat, by message_id."""
        return sorted(self._messages.get(chat_id, {}).values(), key=lambda m: m.message_id)

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        """The current state of one message."""
        return self._messages.get(chat_id, {}).get(message_id)

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _store(self, chat_id: int, message_id: int, from_bot: bool, data: JSON) -> StoredMessage:
        stored = StoredMessage(chat_id, message_id, from_bot, data)
        self._messages.setdefault(chat_id, {})[message_id] = stored
        return stored

    def _chat_for(self, chat_id: int) -> FakeChat:
        chat = self.chats.get(chat_id)
        if chat is not None:
            return chat
        if chat_id > 0:
            return FakeChat(id=chat_id, type="private", first_name=f"User {chat_id}")
        chat_type: Literal["group", "supergroup"] = (
            "supergroup" if str(chat_id).startswith("-100") else "group"
        )
        return FakeChat(id=chat_id, type=chat_type, title=f"Chat {chat_id}")

    # ---- injecting updates --------------------------------------------------------------------

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed (polling) or delivered (webhook)."""
        return list(self._updates)

    def inject_update(self, payload: JSON) -> JSON:
        """Queue an update (``update_id`` is assigned unless present) and return it."""
        update = dict(payload)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, update["update_id"]) + 1
        self._updates.append(update)
        self._notify()
        if self.webhook_url and self.auto_deliver_webhook:
            self._kick_webhook()
        return update

    def _register(self, user: FakeUser, chat: FakeChat | None) -> FakeChat:
        chat = chat or private_chat(user)
        self.users[user.id] = user
        self.chats[chat.id] = chat
        self._messages.setdefault(chat.id, {})
        return chat

    def _user_message(
        self, user: FakeUser, chat: FakeChat | None, content: JSON, reply_to: StoredMessage | None = None
    ) -> JSON:
        chat = self._register(user, chat)
        message_id = self._new_message_id(chat.id)
        message: JSON = {
            "message_id": message_id,
            "from": user.to_dict(),
            "chat": chat.to_dict(),
            "date": int(time.time()),
            **content,
        }
        if reply_to is not None:
            message["reply_to_message"] = dict(reply_to.data)
        self._store(chat.id, message_id, False, message)
        return self.inject_update({"message": message})

    def send_text(
        self,
        user: FakeUser,
        chat: FakeChat | None,
        text: str,
        *,
        entities: list[JSON] | None = None,
        reply_to: SentMessage | StoredMessage | None = None,
    ) -> JSON:
        """A user writes ``text`` (chat None: the private chat); commands/mentions get entities."""
        content: JSON = {"text": text}
        found = detect_entities(text) if entities is None else entities
        if found:
            content["entities"] = found
        return self._user_message(user, chat, content, self._lookup(reply_to) if reply_to else None)

    def reply_to(
        self, bot_message: SentMessage | StoredMessage, text: str, user: FakeUser | None = None
    ) -> JSON:
        """A user replies to a bot message (in a private chat the user is found from the chat)."""
        stored = self._lookup(bot_message)
        if user is None:
            user = self.users.get(stored.chat_id)
            if user is None:
                raise ValueError("reply_to in a group needs the replying user")
        return self.send_text(user, self.chats.get(stored.chat_id), text, reply_to=stored)

    def send_edited_text(self, original: JSON, new_text: str) -> JSON:
        """The user edits an earlier message (pass the update or message returned by send_text)."""
        message = original.get("message", original)
        stored = self.message(message["chat"]["id"], message["message_id"])
        edited = dict(stored.data if stored else message)
        edited["text"] = new_text
        edited.pop("entities", None)
        if found := detect_entities(new_text):
            edited["entities"] = found
        edited["edit_date"] = int(time.time())
        self._store(edited["chat"]["id"], edited["message_id"], False, edited)
        return self.inject_update({"edited_message": edited})

    def _file(self, prefix: str, content: bytes, extension: str) -> tuple[str, str]:
        number = next(self._file_ids)
        file_id = f"{prefix}{number:06d}fake"
        self._files[file_id] = (f"{prefix.lower()}s/file_{number}.{extension}", content)
        return file_id, f"U{prefix}{number}"

    def send_photo(
        self,
        user: FakeUser,
        chat: FakeChat | None = None,
        *,
        caption: str | None = None,
        content: bytes = b"JPG",
    ) -> JSON:
        """A user sends a photo (two sizes, as Telegram does)."""
        small_id, small_uid = self._file("Photo", content, "jpg")
        big_id, big_uid = self._file("Photo", content, "jpg")
        photo = [
            {
                "file_id": small_id,
                "file_unique_id": small_uid,
                "width": 90,
                "height": 67,
                "file_size": len(content),
            },
            {
                "file_id": big_id,
                "file_unique_id": big_uid,
                "width": 1280,
                "height": 960,
                "file_size": len(content),
            },
        ]
        data: JSON = {"photo": photo}
        if caption:
            data["caption"] = caption
        return self._user_message(user, chat, data)

    def send_sticker(self, user: FakeUser, chat: FakeChat | None = None, *, emoji: str = "👍") -> JSON:
        """A user sends a sticker."""
        file_id, unique_id = self._file("Sticker", b"WEBP", "webp")
        sticker = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_message(user, chat, {"sticker": sticker})

    def send_voice(
        self, user: FakeUser, chat: FakeChat | None = None, *, duration: int = 3, content: bytes = b"OggS"
    ) -> JSON:
        """A user sends a voice message."""
        file_id, unique_id = self._file("Voice", content, "oga")
        voice = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(content),
        }
        return self._user_message(user, chat, {"voice": voice})

    def send_location(
        self,
        user: FakeUser,
        chat: FakeChat | None = None,
        *,
        latitude: float = 52.52,
        longitude: float = 13.405,
    ) -> JSON:
        """A user shares a location."""
        return self._user_message(user, chat, {"location": {"latitude": latitude, "longitude": longitude}})

    def send_document(
        self,
        user: FakeUser,
        chat: FakeChat | None = None,
        *,
        file_name: str = "programm.pdf",
        mime_type: str = "application/pdf",
        content: bytes = b"%PDF-1.4",
        caption: str | None = None,
    ) -> JSON:
        """A user sends a file."""
        file_id, unique_id = self._file("Document", content, file_name.rsplit(".", 1)[-1])
        document = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        data: JSON = {"document": document}
        if caption:
            data["caption"] = caption
        return self._user_message(user, chat, data)

    def _lookup(self, message: SentMessage | StoredMessage) -> StoredMessage:
        stored = self.message(message.chat_id, message.message_id)
        if stored is None:
            raise ValueError(f"no message {message.message_id} in chat {message.chat_id}")
        return stored

    def send_callback(
        self,
        user: FakeUser,
        data: str,
        message: SentMessage | StoredMessage,
        *,
        check_button: bool = True,
    ) -> JSON:
        """The user presses the inline button with ``data`` under a message the bot sent.

        With ``check_button`` the message's *current* keyboard must have such a button (a user
        cannot press anything else); the query id becomes answerable once.
        """
        stored = self._lookup(message)
        if check_button:
            rows = (stored.reply_markup or {}).get("inline_keyboard", [])
            if not any(button.get("callback_data") == data for row in rows for button in row):
                raise ValueError(f"message {stored.message_id} has no button with callback_data {data!r}")
        query_id = str(next(self._query_ids))
        self._open_callback_queries[query_id] = time.monotonic()
        self.users.setdefault(user.id, user)
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": dict(stored.data),
            "chat_instance": str(abs(stored.chat_id) * 7919 % 10**12),
            "data": data,
        }
        return self.inject_update({"callback_query": query})

    def send_inline_query(
        self, user: FakeUser, query: str, *, offset: str = "", chat_type: str | None = "sender"
    ) -> JSON:
        """The user types ``@bot query`` somewhere; the query id becomes answerable once."""
        query_id = str(next(self._query_ids))
        self._open_inline_queries[query_id] = time.monotonic()
        self.users.setdefault(user.id, user)
        inline: JSON = {"id": query_id, "from": user.to_dict(), "query": query, "offset": offset}
        if chat_type is not None:
            inline["chat_type"] = chat_type
        return self.inject_update({"inline_query": inline})

    # ---- faults -------------------------------------------------------------------------------

    def _script(self, method: str, fault: _Fault, times: int) -> None:
        queue = self._scripted.setdefault(method.lower(), deque())
        queue.extend(fault for _ in range(times))

    def fail_next(
        self,
        method: str,
        times: int = 1,
        status: int = 500,
        *,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` ("*": any) with an error, not executing them.

        ``status=429`` answers "Too Many Requests: retry after N" with ``parameters.retry_after``.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        self._script(
            method, _Fault("error", status=status, retry_after=retry_after, description=description), times
        )

    def delay_next(
        self, method: str, seconds: float, times: int = 1, *, when: Literal["before", "after"] = "after"
    ) -> None:
        """Hold back the next ``times`` calls: "after" executes first, "before" executes after waiting."""
        self._script(method, _Fault("delay", seconds=seconds, when=when), times)

    def drop_next(self, method: str, times: int = 1, *, when: Literal["before", "after"] = "before") -> None:
        """Close the connection without any answer, before or after executing the call."""
        self._script(method, _Fault("drop", when=when), times)

    def clear_faults(self) -> None:
        """Forget scripted and random faults."""
        self._scripted.clear()
        self._random = None

    def random_faults(
        self,
        seed: int | None,
        *,
        methods: Sequence[str] | None = ("sendMessage",),
        error_500: float = 0.0,
        error_429: float = 0.0,
        drop_before: float = 0.0,
        drop_after: float = 0.0,
        delay: float = 0.0,
        delay_seconds: float = 1.0,
        retry_after: int = 1,
    ) -> None:
        """Reproducible random faults per call (probabilities per kind); ``seed=None`` switches off.

        ``methods=None`` applies them to every method, getUpdates included.
        """
        if seed is None:
            self._random = None
            return
        rates = [
            (error_500, _Fault("error", status=500)),
            (error_429, _Fault("error", status=429, retry_after=retry_after)),
            (drop_before, _Fault("drop", when="before")),
            (drop_after, _Fault("drop", when="after")),
            (delay, _Fault("delay", seconds=delay_seconds, when="after")),
        ]
        if sum(rate for rate, _ in rates) > 1:
            raise ValueError("fault probabilities add up to more than 1")
        chosen = None if methods is None else frozenset(m.lower() for m in methods)
        self._random = _RandomFaults(random.Random(seed), chosen, [r for r in rates if r[0] > 0])

    def _take_fault(self, method: str) -> _Fault | None:
        for key in (method.lower(), "*"):
            queue = self._scripted.get(key)
            if queue:
                return queue.popleft()
        return self._random.draw(method) if self._random else None

    # ---- flood measurement --------------------------------------------------------------------

    def send_times(self, chat_id: int | None = None) -> list[float]:
        """Monotonic times of accepted sends, overall or to one chat."""
        return [t for t, c in self._send_log if chat_id is None or c == chat_id]

    def max_in_window(self, window_s: float, per_chat: int | None = None) -> int:
        """Most sends in any ``window_s`` window, overall or to chat ``per_chat``."""
        return max_in_window(self.send_times(per_chat), window_s)

    def _limits_for(self, chat_id: int) -> tuple[int, float]:
        if self._chat_for(chat_id).is_private:
            return self.flood_limits.private_per_second, 1.0
        return self.flood_limits.group_per_minute, 60.0

    def flood_violations(self, limits: FloodLimits | None = None) -> list[FloodViolation]:
        """The worst window per exceeded limit (global, and per chat); empty when all were kept."""
        saved, self.flood_limits = self.flood_limits, limits or self.flood_limits
        try:
            checks: list[tuple[int | None, int, float]] = [(None, self.flood_limits.global_per_second, 1.0)]
            checks += [
                (chat_id, *self._limits_for(chat_id)) for chat_id in sorted({c for _, c in self._send_log})
            ]
            violations = []
            for chat_id, limit, window in checks:
                count, start = _worst_window(sorted(self.send_times(chat_id)), window)
                if count > limit:
                    violations.append(FloodViolation(chat_id, limit, window, count, start))
            return violations
        finally:
            self.flood_limits = saved

    def _flood_retry_after(self, chat_id: int, now: float) -> int | None:
        checks = [(self.send_times(), self.flood_limits.global_per_second, 1.0)]
        checks.append((self.send_times(chat_id), *self._limits_for(chat_id)))
        wait = 0.0
        for times, limit, window in checks:
            recent = [t for t in times if t > now - window]
            if len(recent) >= limit:
                wait = max(wait, recent[-limit] + window - now)
        return max(1, math.ceil(wait)) if wait > 0 else None

    # ---- HTTP ---------------------------------------------------------------------------------

    @staticmethod
    def _error_response(status: int, description: str, retry_after: int | None = None) -> web.Response:
        body: JSON = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    @staticmethod
    async def _read_params(request: web.Request) -> JSON:
        params: JSON = dict(request.query)
        if request.method != "POST" or not request.can_read_body:
            return params
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise _bad_request("can't parse JSON encoded request") from None
            if isinstance(body, dict):
                params.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params[key] = {"filename": value.filename, "size": len(value.file.read())}
                else:
                    params[key] = value
        return params

    def _token_error(self, token: str) -> web.Response | None:
        if token == self.token:
            return None
        if re.fullmatch(r"\d+:[\w-]+", token):
            return self._error_response(401, "Unauthorized")
        return self._error_response(404, "Not Found")

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        file_match = re.fullmatch(r"/file/bot([^/]*)/(.+)", path)
        if file_match:
            return self._serve_file(file_match.group(1), file_match.group(2))
        match = re.fullmatch(r"/bot([^/]*)/([^/]*)/?", path)
        if match is None:
            return self._error_response(404, "Not Found")
        entry = self._handlers.get(match.group(2).lower())
        call = ApiCall(
            method=entry[0] if entry else match.group(2),
            params={},
            time=time.monotonic(),
            http_method=request.method,
            content_type=request.content_type,
        )
        self.calls.append(call)
        try:
            call.raw_params = await self._read_params(request)
        except BotAPIError as error:
            return self._finish(call, self._error_response(400, error.description), 400, error.description)
        call.params = _decoded_params(call.raw_params)
        token_error = self._token_error(match.group(1))
        if token_error is not None:
            status = token_error.status
            return self._finish(call, token_error, status, _HTTP_PHRASES[status])
        if entry is None:
            return self._finish(call, self._error_response(404, "Not Found"), 404, "Not Found")
        return await self._execute(request, call, entry[1], _Params(call.raw_params))

    def _finish(
        self, call: ApiCall, response: web.StreamResponse, status: int, description: str | None = None
    ) -> web.StreamResponse:
        call.status, call.description, call.finished = status, description, time.monotonic()
        self._notify()
        return response

    def _drop(self, request: web.Request, call: ApiCall) -> web.StreamResponse:
        if request.transport is not None:
            request.transport.close()
        return self._finish(call, web.Response(status=500), 0, "connection dropped")

    async def _execute(
        self, request: web.Request, call: ApiCall, handler: Handler, params: _Params
    ) -> web.StreamResponse:
        fault = self._take_fault(call.method)
        if fault is not None:
            call.fault = fault.label()
            self.faults.append(FaultRecord(time.monotonic(), call.method, fault.kind, fault.label()))
            if fault.kind == "error":
                phrase = _HTTP_PHRASES.get(fault.status, "Error")
                description = fault.description or (
                    f"Too Many Requests: retry after {fault.retry_after}" if fault.status == 429 else phrase
                )
                response = self._error_response(fault.status, description, fault.retry_after)
                return self._finish(call, response, fault.status, description)
            if fault.kind == "drop" and fault.when == "before":
                return self._drop(request, call)
            if fault.kind == "delay" and fault.when == "before":
                await self._sleep(fault.seconds)
                if call.method == "getUpdates" and (
                    request.transport is None or request.transport.is_closing()
                ):
                    # the poller gave up; running it now would only end its newer poll with a 409
                    return self._finish(
                        call, web.Response(status=499), 0, "client went away during the delay"
                    )
        try:
            result = await handler(params, call)
        except BotAPIError as error:
            response = self._error_response(error.status, error.description, error.retry_after)
            return self._finish(call, response, error.status, error.description)
        if fault is not None:
            for sent in call.messages:
                if fault.kind == "drop":
                    sent.response_lost = True
                elif fault.kind == "delay":
                    sent.response_delayed = True
            if fault.kind == "drop":
                return self._drop(request, call)
            if fault.kind == "delay" and fault.when == "after":
                await self._sleep(fault.seconds)
        return self._finish(call, web.json_response({"ok": True, "result": result}), 200)

    def _serve_file(self, token: str, file_path: str) -> web.Response:
        token_error = self._token_error(token)
        if token_error is not None:
            return token_error
        for path, content in self._files.values():
            if path == file_path:
                return web.Response(body=content, content_type="application/octet-stream")
        return self._error_response(404, "Not Found")

    # ---- webhook delivery ---------------------------------------------------------------------

    def _kick_webhook(self) -> None:
        if self._closing.is_set() or (self._webhook_task is not None and not self._webhook_task.done()):
            return
        try:
            self._webhook_task = asyncio.get_running_loop().create_task(self._webhook_worker())
        except RuntimeError:  # no running loop: deliver later with deliver_webhook()
            self._webhook_task = None

    async def _webhook_worker(self) -> None:
        while self.webhook_url and not self._closing.is_set():
            batch = self._deliverable(1)
            if not batch:
                return
            update = batch[0]
            status = await self._post_webhook(update, self.webhook_secret)
            if 200 <= status < 300:
                self._updates = [u for u in self._updates if u["update_id"] != update["update_id"]]
                self._notify()
            else:
                await self._sleep(self.webhook_retry_delay)

    async def _post_webhook(self, update: JSON, secret: str | None) -> int:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        url = self.webhook_url
        record = WebhookDelivery(update.get("update_id"), url, 0, secret, time.monotonic())
        try:
            async with self._session.post(
                url,
                data=json.dumps(update).encode(),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
            ) as response:
                await response.read()
                record.status = response.status
                if not 200 <= response.status < 300:
                    record.error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            record.error = f"Connection failed: {exc!r}"
        if record.error:
            self.webhook_last_error = (int(time.time()), record.error)
        self.webhook_deliveries.append(record)
        self._notify()
        return record.status

    async def deliver_webhook(
        self,
        update: JSON | None = None,
        *,
        secret_token: str | _UseConfigured | None = USE_CONFIGURED_SECRET,
    ) -> int:
        """POST one update to the webhook now and return the HTTP status (0: no answer).

        Without ``update`` the oldest pending update is delivered (and removed on a 2xx answer).
        ``secret_token`` overrides the header: a wrong string, or None to leave it out.
        """
        if not self.webhook_url:
            raise RuntimeError("no webhook is set")
        secret = self.webhook_secret if secret_token is USE_CONFIGURED_SECRET else secret_token
        assert not isinstance(secret, _UseConfigured)
        from_queue = update is None
        if update is None:
            batch = self._deliverable(1)
            if not batch:
                raise RuntimeError("no pending update to deliver")
            update = batch[0]
        status = await self._post_webhook(update, secret)
        if from_queue and 200 <= status < 300:
            self._updates = [u for u in self._updates if u["update_id"] != update["update_id"]]
            self._notify()
        return status

    # ---- update queue -------------------------------------------------------------------------

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _deliverable(self, limit: int) -> list[JSON]:
        allowed = set(self.allowed_updates) if self.allowed_updates else _DEFAULT_UPDATE_TYPES
        kept = [u for u in self._updates if any(k in allowed for k in u if k != "update_id")]
        self._updates = kept  # Telegram does not keep updates of types the bot did not ask for
        return kept[:limit]

    # ---- Bot API methods ----------------------------------------------------------------------

    async def _m_getMe(self, p: _Params, call: ApiCall) -> Any:
        return self.bot_user

    async def _m_logOut(self, p: _Params, call: ApiCall) -> Any:
        return True

    async def _m_close(self, p: _Params, call: ApiCall) -> Any:
        return True

    async def _m_getUpdates(self, p: _Params, call: ApiCall) -> Any:
        if self.webhook_url:
            raise BotAPIError(409, ERR_WEBHOOK_ACTIVE)
        offset = p.get_int("offset", 0) or 0
        limit = min(100, max(1, p.get_int("limit", 100) or 100))
        timeout = max(0.0, p.get_float("timeout", 0.0))
        allowed = p.get_json("allowed_updates")
        if allowed is not None:
            self.allowed_updates = list(allowed)
        self._confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        deadline = time.monotonic() + timeout
        while True:
            batch = self._deliverable(limit)
            if batch or self._closing.is_set() or time.monotonic() >= deadline:
                break
            await self._wait_change(deadline - time.monotonic())
            if self.webhook_url:
                raise BotAPIError(409, ERR_WEBHOOK_ACTIVE)
            if generation != self._poll_generation:
                raise BotAPIError(409, ERR_OTHER_GETUPDATES)
        if batch:
            self.delivered_update_ids.append([u["update_id"] for u in batch])
        return batch

    async def _m_setWebhook(self, p: _Params, call: ApiCall) -> Any:
        url = p.get_str("url", "") or ""
        secret = p.get_str("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise _bad_request("secret token contains unallowed characters")
        if url and not re.fullmatch(r"https?://\S+", url):
            raise _bad_request("bad webhook: invalid webhook URL specified")
        if p.get_bool("drop_pending_updates"):
            self._updates.clear()
        allowed = p.get_json("allowed_updates")
        if allowed is not None:
            self.allowed_updates = list(allowed)
        self.webhook_url = url
        self.webhook_secret = secret or None
        self.webhook_max_connections = p.get_int("max_connections", 40) or 40
        self.webhook_last_error = None
        self._poll_generation += 1  # a waiting getUpdates is ended
        self._notify()
        if url and self.auto_deliver_webhook:
            self._kick_webhook()
        return True

    async def _m_deleteWebhook(self, p: _Params, call: ApiCall) -> Any:
        if p.get_bool("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url = ""
        self.webhook_secret = None
        self._notify()
        return True

    async def _m_getWebhookInfo(self, p: _Params, call: ApiCall) -> Any:
        info: JSON = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook_url:
            info["max_connections"] = self.webhook_max_connections
            if self.allowed_updates:
                info["allowed_updates"] = self.allowed_updates
        if self.webhook_last_error:
            info["last_error_date"], info["last_error_message"] = self.webhook_last_error
        return info

    def _resolve_chat(self, p: _Params) -> int:
        value = p.get_str("chat_id")
        if not value:
            raise _bad_request("chat_id is empty")
        if value.startswith("@"):
            for chat in self.chats.values():
                if chat.username and chat.username.lower() == value[1:].lower():
                    return chat.id
            raise _bad_request("chat not found")
        try:
            chat_id = int(value)
        except ValueError:
            raise _bad_request("chat not found") from None
        if chat_id in self.blocked_user_ids:
            raise BotAPIError(403, ERR_BLOCKED)
        if self.strict_chats and chat_id not in self.chats:
            raise BotAPIError(400, ERR_CHAT_NOT_FOUND)
        return chat_id

    def _prepare_text(
        self, text: str | None, parse_mode: str | None, entities: Any
    ) -> tuple[str, list[JSON]]:
        """Validate a message text as Telegram does: (plain text, entities) or BotAPIError."""
        if not text:
            raise BotAPIError(400, ERR_TEXT_EMPTY)
        mode = (parse_mode or "").lower()
        if mode == "html":
            try:
                plain, found = parse_html(text, strict_ampersand=self.strict_html_ampersand)
            except HtmlParseError as error:
                raise BotAPIError(400, ERR_PARSE + str(error)) from None
        elif mode in ("markdownv2", "markdown"):
            raise _bad_request(
                f"the fake Bot API does not implement parse_mode {parse_mode}; WBV-Bot uses HTML"
            )
        elif mode:
            raise _bad_request("unsupported parse_mode")
        else:
            plain, found = text, list(entities or [])
            for entity in found:
                if entity.get("offset", 0) + entity.get("length", 0) > utf16_len(plain):
                    raise _bad_request("entity beyond the end of the text")
        if not plain.strip():
            raise BotAPIError(400, ERR_TEXT_EMPTY)
        if utf16_len(plain) > MAX_MESSAGE_LENGTH:
            raise BotAPIError(400, ERR_TOO_LONG)
        return plain, found

    @staticmethod
    def _validate_markup(markup: Any, *, inline_only: bool = False) -> JSON | None:
        """Check a reply_markup; returns the inline keyboard to store (None for other kinds)."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            if inline_only or not {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
                raise _bad_request("can't parse reply keyboard markup JSON object")
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request(
                'Field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
            )
        if sum(len(row) for row in rows) > MAX_KEYBOARD_BUTTONS:
            raise _bad_request("REPLY_MARKUP_TOO_LONG")
        for row in rows:
            for button in row:
                if not isinstance(button, dict):
                    raise _bad_request(
                        "can't parse inline keyboard button: InlineKeyboardButton should be an Object"
                    )
                text = button.get("text")
                if not isinstance(text, str):
                    raise _bad_request(
                        'can\'t parse inline keyboard button: Field "text" must be of type String'
                    )
                actions = [key for key in _BUTTON_ACTIONS if button.get(key) not in (None, "")]
                if not actions:
                    raise BotAPIError(400, ERR_TEXT_BUTTONS)
                if len(actions) > 1:
                    raise _bad_request(
                        "can't parse inline keyboard button: exactly one action field must be used"
                    )
                if not text.strip():
                    raise BotAPIError(400, ERR_BUTTON_TEXT)
                data = button.get("callback_data")
                if data is not None and len(str(data).encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
                    raise BotAPIError(400, ERR_BUTTON_DATA)
                url = button.get("url")
                if url is not None and not re.fullmatch(r"(https?|tg)://\S+", str(url)):
                    raise BotAPIError(400, ERR_BUTTON_URL)
        return markup

    def _bot_message(
        self, chat_id: int, message_id: int, plain: str, entities: list[JSON], markup: JSON | None
    ) -> JSON:
        message: JSON = {
            "message_id": message_id,
            "from": {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")},
            "chat": self._chat_for(chat_id).to_dict(),
            "date": int(time.time()),
            "text": plain,
        }
        if entities:
            message["entities"] = entities
        if markup is not None:
            message["reply_markup"] = markup
        return message

    async def _m_sendMessage(self, p: _Params, call: ApiCall) -> Any:
        chat_id = self._resolve_chat(p)
        text, parse_mode = p.get_str("text"), p.get_str("parse_mode")
        plain, entities = self._prepare_text(text, parse_mode, p.get_json("entities"))
        markup = self._validate_markup(p.get_json("reply_markup", "reply keyboard markup"))
        reply = p.get_json("reply_parameters") or {}
        reply_to_id = reply.get("message_id", p.get_int("reply_to_message_id"))
        replied = self.message(int(reply.get("chat_id", chat_id)), int(reply_to_id)) if reply_to_id else None
        if reply_to_id and replied is None and not reply.get("allow_sending_without_reply"):
            raise BotAPIError(400, ERR_REPLY_NOT_FOUND)
        now = time.monotonic()
        if self.enforce_flood_limits:
            retry_after = self._flood_retry_after(chat_id, now)
            if retry_after is not None:
                raise BotAPIError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        message_id = self._new_message_id(chat_id)
        message = self._bot_message(chat_id, message_id, plain, entities, markup)
        if replied is not None:
            message["reply_to_message"] = dict(replied.data)
        self._store(chat_id, message_id, True, message)
        sent = SentMessage(
            chat_id=chat_id,
            message_id=message_id,
            text=text or "",
            parse_mode=parse_mode,
            reply_markup=markup,
            time=now,
            date=message["date"],
            plain_text=plain,
            entities=entities,
            reply_to_message_id=replied.message_id if replied else None,
        )
        self.sent_messages.append(sent)
        call.messages.append(sent)
        self._send_log.append((now, chat_id))
        self._notify()
        return message

    def _editable(self, p: _Params) -> StoredMessage | None:
        """The bot message to edit, or None for an inline message; raises like Telegram."""
        if p.has("inline_message_id"):
            return None
        chat_id = self._resolve_chat(p)
        stored = self.message(chat_id, p.get_int("message_id", 0) or 0)
        if stored is None:
            raise BotAPIError(400, ERR_EDIT_NOT_FOUND)
        if not stored.from_bot:
            raise BotAPIError(400, ERR_CANT_EDIT)
        return stored

    def _apply_edit(self, stored: StoredMessage, changes: JSON) -> JSON:
        data = {**stored.data, **changes}
        for key, value in changes.items():
            if value is None or value == []:
                data.pop(key)
        if {k: v for k, v in data.items() if k != "edit_date"} == {
            k: v for k, v in stored.data.items() if k != "edit_date"
        }:
            raise BotAPIError(400, ERR_NOT_MODIFIED)
        data["edit_date"] = int(time.time())
        stored.data = data
        return data

    async def _m_editMessageText(self, p: _Params, call: ApiCall) -> Any:
        stored = self._editable(p)
        text, parse_mode = p.get_str("text"), p.get_str("parse_mode")
        plain, entities = self._prepare_text(text, parse_mode, p.get_json("entities"))
        markup = self._validate_markup(p.get_json("reply_markup", "reply keyboard markup"), inline_only=True)
        result: Any = True
        if stored is not None:
            if stored.text is None:
                raise _bad_request("there is no text in the message to edit")
            result = self._apply_edit(stored, {"text": plain, "entities": entities, "reply_markup": markup})
        self.edits.append(
            EditRecord(
                "editMessageText",
                stored.chat_id if stored else None,
                stored.message_id if stored else None,
                p.get_str("inline_message_id"),
                text,
                parse_mode,
                markup,
                time.monotonic(),
            )
        )
        self._notify()
        return result

    async def _m_editMessageReplyMarkup(self, p: _Params, call: ApiCall) -> Any:
        stored = self._editable(p)
        markup = self._validate_markup(p.get_json("reply_markup", "reply keyboard markup"), inline_only=True)
        result: Any = True
        if stored is not None:
            result = self._apply_edit(stored, {"reply_markup": markup})
        self.edits.append(
            EditRecord(
                "editMessageReplyMarkup",
                stored.chat_id if stored else None,
                stored.message_id if stored else None,
                p.get_str("inline_message_id"),
                None,
                None,
                markup,
                time.monotonic(),
            )
        )
        self._notify()
        return result

    async def _m_deleteMessage(self, p: _Params, call: ApiCall) -> Any:
        chat_id = self._resolve_chat(p)
        message_id = p.get_int("message_id", 0) or 0
        if self._messages.get(chat_id, {}).pop(message_id, None) is None:
            raise BotAPIError(400, ERR_DELETE_NOT_FOUND)
        self.deleted.append((chat_id, message_id))
        self._notify()
        return True

    def _take_query(self, queries: dict[str, float], query_id: str | None) -> None:
        opened = queries.pop(query_id or "", None)
        if opened is None:
            raise BotAPIError(400, ERR_QUERY_INVALID)
        if self.callback_query_ttl is not None and time.monotonic() - opened > self.callback_query_ttl:
            raise BotAPIError(400, ERR_QUERY_INVALID)

    async def _m_answerCallbackQuery(self, p: _Params, call: ApiCall) -> Any:
        query_id = p.get_str("callback_query_id")
        text = p.get_str("text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_TEXT:
            raise _bad_request("MESSAGE_TOO_LONG")
        self._take_query(self._open_callback_queries, query_id)
        assert query_id is not None
        self.callback_answers[query_id] = CallbackAnswer(
            query_id, text, p.get_bool("show_alert"), p.get_str("url"), time.monotonic()
        )
        self._notify()
        return True

    async def _m_answerInlineQuery(self, p: _Params, call: ApiCall) -> Any:
        query_id = p.get_str("inline_query_id")
        results = p.get_json("results", "inline query results")
        if not isinstance(results, list):
            raise _bad_request("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            result_id = str(result.get("id", ""))
            if not 1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES:
                raise _bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise _bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            self._validate_inline_result(result)
        self._take_query(self._open_inline_queries, query_id)
        assert query_id is not None
        self.inline_answers[query_id] = InlineAnswer(
            query_id,
            results,
            p.get_int("cache_time"),
            p.get_bool("is_personal"),
            p.get_str("next_offset"),
            time.monotonic(),
        )
        self._notify()
        return True

    def _validate_inline_result(self, result: JSON) -> None:
        kind = result.get("type")
        if kind == "article":
            if not result.get("title"):
                raise _bad_request(
                    'can\'t parse InlineQueryResultArticle: Field "title" must be of type String'
                )
            if not isinstance(result.get("input_message_content"), dict):
                raise _bad_request(
                    "can't parse InlineQueryResultArticle: "
                    'Field "input_message_content" must be of type Object'
                )
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            self._prepare_text(
                content.get("message_text"), content.get("parse_mode"), content.get("entities")
            )
        self._validate_markup(result.get("reply_markup"), inline_only=True)

    async def _m_sendChatAction(self, p: _Params, call: ApiCall) -> Any:
        chat_id = self._resolve_chat(p)
        action = p.get_str("action") or ""
        if action not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        self.chat_actions.append((chat_id, action, time.monotonic()))
        self._notify()
        return True

    @staticmethod
    def scope_key(scope: JSON | str | None) -> str:
        """Key of a BotCommandScope: "default", "all_private_chats", "chat:<id>", "chat_member:<id>:<uid>"."""
        if scope is None:
            return "default"
        if isinstance(scope, str):
            return scope
        parts = [str(scope.get("type", "default"))]
        parts += [str(scope[key]) for key in ("chat_id", "user_id") if key in scope]
        return ":".join(parts)

    def _command_key(self, p: _Params) -> tuple[str, str]:
        scope = p.get_json("scope", "BotCommandScope")
        if scope is not None and (
            not isinstance(scope, dict)
            or scope.get("type")
            not in (
                "default",
                "all_private_chats",
                "all_group_chats",
                "all_chat_administrators",
                "chat",
                "chat_administrators",
                "chat_member",
            )
        ):
            raise _bad_request("unsupported bot command scope type")
        return self.scope_key(scope), self._language(p)

    @staticmethod
    def _language(p: _Params) -> str:
        language = p.get_str("language_code", "") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise _bad_request("invalid language code specified")
        return language

    def commands_for(self, scope: JSON | str | None = "default", language_code: str = "") -> list[JSON]:
        """The command list stored for (scope, language); [] when none was set."""
        return list(self.commands.get((self.scope_key(scope), language_code), []))

    async def _m_setMyCommands(self, p: _Params, call: ApiCall) -> Any:
        key = self._command_key(p)
        commands = p.get_json("commands", "commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > MAX_COMMANDS:
            raise _bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not re.fullmatch(
                r"[a-z0-9_]{1,32}", str(command.get("command"))
            ):
                raise _bad_request("BOT_COMMAND_INVALID")
            description = command.get("description")
            if (
                not isinstance(description, str)
                or not 1 <= len(description.strip()) <= 256
                or len(description) > 256
            ):
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        if commands:
            self.commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.commands.pop(key, None)
        self._notify()
        return True

    async def _m_getMyCommands(self, p: _Params, call: ApiCall) -> Any:
        return self.commands.get(self._command_key(p), [])

    async def _m_deleteMyCommands(self, p: _Params, call: ApiCall) -> Any:
        self.commands.pop(self._command_key(p), None)
        self._notify()
        return True

    async def _m_setMyDescription(self, p: _Params, call: ApiCall) -> Any:
        language = self._language(p)
        description = p.get_str("description", "") or ""
        if len(description) > MAX_DESCRIPTION:
            raise _bad_request("description is too long")
        self._set_text(self.descriptions, language, description)
        return True

    async def _m_getMyDescription(self, p: _Params, call: ApiCall) -> Any:
        return {"description": self.descriptions.get(self._language(p), "")}

    async def _m_setMyShortDescription(self, p: _Params, call: ApiCall) -> Any:
        language = self._language(p)
        description = p.get_str("short_description", "") or ""
        if len(description) > MAX_SHORT_DESCRIPTION:
            raise _bad_request("short description is too long")
        self._set_text(self.short_descriptions, language, description)
        return True

    async def _m_getMyShortDescription(self, p: _Params, call: ApiCall) -> Any:
        return {"short_description": self.short_descriptions.get(self._language(p), "")}

    def _set_text(self, store: dict[str, str], language: str, text: str) -> None:
        if text:
            store[language] = text
        else:
            store.pop(language, None)
        self._notify()

    async def _m_getFile(self, p: _Params, call: ApiCall) -> Any:
        file_id = p.get_str("file_id") or ""
        if file_id not in self._files:
            raise _bad_request("invalid file_id")
        path, content = self._files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": "U" + file_id,
            "file_size": len(content),
            "file_path": path,
        }
