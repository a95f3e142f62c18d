"""Updates from users: what tests make users do (write, reply, edit, send media, press buttons).

Each helper builds the Update object as Telegram sends it, stores a user's message in the chat's
message store and queues the update for getUpdates or the webhook.
"""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING

from .html import detect_entities
from .records import JSON, FakeChat, FakeUser, SentMessage, StoredMessage, private_chat

__all__ = ["UpdateInjection"]


class UpdateInjection:
    """The update helpers of :class:`~fakes.telegram.server.FakeBotAPI` (a mixin).

    The state is set up by ``FakeBotAPI.__init__``; a callback or inline query id becomes answerable
    once (``_open_callback_queries``/``_open_inline_queries``, consumed by the answer methods).
    """

    users: dict[int, FakeUser]
    _query_ids: itertools.count[int]
    _file_ids: itertools.count[int]
    _open_callback_queries: dict[str, float]
    _open_inline_queries: dict[str, float]

    if TYPE_CHECKING:

        def add_chat(self, chat: FakeChat, user: FakeUser | None = None) -> FakeChat: ...
        def message(self, chat_id: int, message_id: int) -> StoredMessage | None: ...
        def inject_update(self, payload: JSON) -> JSON: ...
        def _new_message_id(self, chat_id: int) -> int: ...
        def _store(self, chat_id: int, message_id: int, from_bot: bool, data: JSON) -> StoredMessage: ...

    def _user_message(
        self, user: FakeUser, chat: FakeChat | None, content: JSON, reply_to: StoredMessage | None = None
    ) -> JSON:
        chat = self.add_chat(chat or private_chat(user), user)
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

    def _file(self, prefix: str) -> tuple[str, str]:
        """A fresh (file_id, file_unique_id); the fake keeps no file contents (no getFile)."""
        number = next(self._file_ids)
        return f"{prefix}{number:06d}fake", f"U{prefix}{number}"

    def send_photo(
        self,
        user: FakeUser,
        chat: FakeChat | None = None,
        *,
        caption: str | None = None,
        content: bytes = b"JPG",
    ) -> JSON:
        """A user sends a photo (two sizes, as Telegram does)."""
        small_id, small_uid = self._file("Photo")
        big_id, big_uid = self._file("Photo")
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
        file_id, unique_id = self._file("Sticker")
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
        file_id, unique_id = self._file("Voice")
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
        file_id, unique_id = self._file("Document")
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
