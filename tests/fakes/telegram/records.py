"""Users, chats and the records the fake Bot API keeps of what happened.

``make_user``/``private_chat``/``make_group``/``make_supergroup`` build the users and chats tests write
from; ``ApiCall``, ``SentMessage``, ``StoredMessage``, ``EditRecord``, ``CallbackAnswer``,
``InlineAnswer`` and ``WebhookDelivery`` are what ``FakeBotAPI`` records for tests to inspect.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "JSON",
    "ApiCall",
    "CallbackAnswer",
    "EditRecord",
    "FakeChat",
    "FakeUser",
    "InlineAnswer",
    "SentMessage",
    "StoredMessage",
    "WebhookDelivery",
    "make_group",
    "make_supergroup",
    "make_user",
    "private_chat",
]

JSON = dict[str, Any]

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
    """One successful editMessageText."""

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
