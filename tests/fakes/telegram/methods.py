"""The Bot API methods through which WBV-Bot talks to its users, as the fake implements them.

sendMessage, editMessageText, answerCallbackQuery, answerInlineQuery, setMyCommands, setMyDescription
and setMyShortDescription, validated as Telegram does (text length, Telegram-HTML, inline keyboards,
reply targets, answerable-once queries, command lists) and answered with Telegram's error wording.
The update-delivery methods (getMe, getUpdates, setWebhook, deleteWebhook) live in ``server.py``.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from .html import HtmlParseError, parse_html, utf16_len
from .params import BotAPIError, Params, bad_request
from .records import (
    JSON,
    ApiCall,
    CallbackAnswer,
    EditRecord,
    FakeChat,
    InlineAnswer,
    SentMessage,
    StoredMessage,
)

__all__ = ["BotMethods"]

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

BUTTON_ACTIONS = (
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


class BotMethods:
    """The handlers ``_m_<method>`` of :class:`~fakes.telegram.server.FakeBotAPI` (a mixin).

    The state is set up by ``FakeBotAPI.__init__``; ``FakeBotAPI`` dispatches each call to
    ``_m_<method>`` with the call's :class:`~fakes.telegram.params.Params`.
    """

    METHODS = (
        "sendMessage editMessageText answerCallbackQuery answerInlineQuery setMyCommands setMyDescription "
        "setMyShortDescription"
    )

    chats: dict[int, FakeChat]
    blocked_user_ids: set[int]
    strict_chats: bool
    strict_html_ampersand: bool
    enforce_flood_limits: bool
    callback_query_ttl: float | None
    sent_messages: list[SentMessage]
    edits: list[EditRecord]
    callback_answers: dict[str, CallbackAnswer]
    inline_answers: dict[str, InlineAnswer]
    commands: dict[tuple[str, str], list[JSON]]
    descriptions: dict[str, str]
    short_descriptions: dict[str, str]
    _open_callback_queries: dict[str, float]
    _open_inline_queries: dict[str, float]
    _send_log: list[tuple[float, int]]

    if TYPE_CHECKING:

        @property
        def bot_user(self) -> JSON: ...
        def message(self, chat_id: int, message_id: int) -> StoredMessage | None: ...
        def _notify(self) -> None: ...
        def _new_message_id(self, chat_id: int) -> int: ...
        def _store(self, chat_id: int, message_id: int, from_bot: bool, data: JSON) -> StoredMessage: ...
        def _chat_for(self, chat_id: int) -> FakeChat: ...
        def _flood_retry_after(self, chat_id: int, now: float) -> int | None: ...

    def _resolve_chat(self, p: Params) -> int:
        value = p.get_str("chat_id")
        if not value:
            raise bad_request("chat_id is empty")
        if value.startswith("@"):
            for chat in self.chats.values():
                if chat.username and chat.username.lower() == value[1:].lower():
                    return chat.id
            raise bad_request("chat not found")
        try:
            chat_id = int(value)
        except ValueError:
            raise bad_request("chat not found") from None
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
            raise bad_request(
                f"the fake Bot API does not implement parse_mode {parse_mode}; WBV-Bot uses HTML"
            )
        elif mode:
            raise bad_request("unsupported parse_mode")
        else:
            plain, found = text, list(entities or [])
            for entity in found:
                if entity.get("offset", 0) + entity.get("length", 0) > utf16_len(plain):
                    raise bad_request("entity beyond the end of the text")
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
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            if inline_only or not {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
                raise bad_request("can't parse reply keyboard markup JSON object")
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'Field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
            )
        if sum(len(row) for row in rows) > MAX_KEYBOARD_BUTTONS:
            raise bad_request("REPLY_MARKUP_TOO_LONG")
        for row in rows:
            for button in row:
                if not isinstance(button, dict):
                    raise bad_request(
                        "can't parse inline keyboard button: InlineKeyboardButton should be an Object"
                    )
                text = button.get("text")
                if not isinstance(text, str):
                    raise bad_request(
                        'can\'t parse inline keyboard button: Field "text" must be of type String'
                    )
                actions = [key for key in BUTTON_ACTIONS if button.get(key) not in (None, "")]
                if not actions:
                    raise BotAPIError(400, ERR_TEXT_BUTTONS)
                if len(actions) > 1:
                    raise bad_request(
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

    async def _m_sendMessage(self, p: Params, call: ApiCall) -> Any:
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

    def _editable(self, p: Params) -> StoredMessage | None:
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

    async def _m_editMessageText(self, p: Params, call: ApiCall) -> Any:
        stored = self._editable(p)
        text, parse_mode = p.get_str("text"), p.get_str("parse_mode")
        plain, entities = self._prepare_text(text, parse_mode, p.get_json("entities"))
        markup = self._validate_markup(p.get_json("reply_markup", "reply keyboard markup"), inline_only=True)
        result: Any = True
        if stored is not None:
            if stored.text is None:
                raise bad_request("there is no text in the message to edit")
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

    def _take_query(self, queries: dict[str, float], query_id: str | None) -> None:
        opened = queries.pop(query_id or "", None)
        if opened is None:
            raise BotAPIError(400, ERR_QUERY_INVALID)
        if self.callback_query_ttl is not None and time.monotonic() - opened > self.callback_query_ttl:
            raise BotAPIError(400, ERR_QUERY_INVALID)

    async def _m_answerCallbackQuery(self, p: Params, call: ApiCall) -> Any:
        query_id = p.get_str("callback_query_id")
        text = p.get_str("text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_TEXT:
            raise bad_request("MESSAGE_TOO_LONG")
        self._take_query(self._open_callback_queries, query_id)
        assert query_id is not None
        self.callback_answers[query_id] = CallbackAnswer(
            query_id, text, p.get_bool("show_alert"), p.get_str("url"), time.monotonic()
        )
        self._notify()
        return True

    async def _m_answerInlineQuery(self, p: Params, call: ApiCall) -> Any:
        query_id = p.get_str("inline_query_id")
        results = p.get_json("results", "inline query results")
        if not isinstance(results, list):
            raise bad_request("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            result_id = str(result.get("id", ""))
            if not 1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES:
                raise bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise bad_request("RESULT_ID_DUPLICATE")
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
                raise bad_request(
                    'can\'t parse InlineQueryResultArticle: Field "title" must be of type String'
                )
            if not isinstance(result.get("input_message_content"), dict):
                raise bad_request(
                    "can't parse InlineQueryResultArticle: "
                    'Field "input_message_content" must be of type Object'
                )
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            self._prepare_text(
                content.get("message_text"), content.get("parse_mode"), content.get("entities")
            )
        self._validate_markup(result.get("reply_markup"), inline_only=True)

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

    def _command_key(self, p: Params) -> tuple[str, str]:
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
            raise bad_request("unsupported bot command scope type")
        return self.scope_key(scope), self._language(p)

    @staticmethod
    def _language(p: Params) -> str:
        language = p.get_str("language_code", "") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        return language

    def commands_for(self, scope: JSON | str | None = "default", language_code: str = "") -> list[JSON]:
        """The command list stored for (scope, language); [] when none was set."""
        return list(self.commands.get((self.scope_key(scope), language_code), []))

    async def _m_setMyCommands(self, p: Params, call: ApiCall) -> Any:
        key = self._command_key(p)
        commands = p.get_json("commands", "commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > MAX_COMMANDS:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not re.fullmatch(
                r"[a-z0-9_]{1,32}", str(command.get("command"))
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            description = command.get("description")
            if (
                not isinstance(description, str)
                or not 1 <= len(description.strip()) <= 256
                or len(description) > 256
            ):
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        if commands:
            self.commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.commands.pop(key, None)
        self._notify()
        return True

    async def _m_setMyDescription(self, p: Params, call: ApiCall) -> Any:
        language = self._language(p)
        description = p.get_str("description", "") or ""
        if len(description) > MAX_DESCRIPTION:
            raise bad_request("description is too long")
        self._set_text(self.descriptions, language, description)
        return True

    async def _m_setMyShortDescription(self, p: Params, call: ApiCall) -> Any:
        language = self._language(p)
        description = p.get_str("short_description", "") or ""
        if len(description) > MAX_SHORT_DESCRIPTION:
            raise bad_request("short description is too long")
        self._set_text(self.short_descriptions, language, description)
        return True

    def _set_text(self, store: dict[str, str], language: str, text: str) -> None:
        if text:
            store[language] = text
        else:
            store.pop(language, None)
        self._notify()
