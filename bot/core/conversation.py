"""Conversation context: what the last answer was about, so that "und wo kommt sie her?" can be answered.

Kept in memory only, per conversation (a Telegram chat, the console, one ``--conversation`` of
``wbv-bot ask``), and forgotten after :data:`CONTEXT_SECONDS` of silence. Nothing here is ever written
to disk.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from bot.core.models import Lang
from bot.core.reply import Reply

CONTEXT_SECONDS = 600.0  # ten minutes of silence end a conversation
MAX_CONVERSATIONS = 10_000  # beyond this, the oldest are forgotten first


@dataclass(frozen=True)
class Conversation:
    """The entities of the last answer and the attribute asked about them, and those of the answer
    before ("Wer ist Marc Brandt?" – "Und Monika Luger?" – "Wer von beiden kommt aus Bayern?"), or the
    list that the last answer picked one of ("und zum zweiten" – "und der letzte?"); whether
    the last answer said whom to turn to ("An wen wende ich mich …?" – "und mit Unternehmen?"), and in
    which language it was given."""

    subjects: tuple[str, ...] = ()
    attribute: str | None = None
    earlier: tuple[str, ...] = ()
    contact: bool = False  # the last answer said whom to turn to
    lang: Lang = "de"  # the language of the last answer: a bare "website?" goes on in it

    @classmethod
    def after(cls, reply: Reply, previous: Conversation | None = None) -> Conversation | None:
        """The context a reply leaves: its subjects, or the previous context when it had none."""
        if reply.subjects or reply.contact:
            earlier = previous.subjects if previous is not None else ()
            if previous is not None and len(reply.subjects) == 1 and reply.subjects[0] in previous.earlier:
                earlier = previous.earlier  # one picked from a list after another: the list stays
            return cls(reply.subjects, reply.attribute, earlier, reply.contact, reply.lang)
        return previous if not reply.matched else None


class ConversationMemory:
    """Conversations by key (a chat id), each forgotten :data:`CONTEXT_SECONDS` after its last answer."""

    def __init__(self, seconds: float = CONTEXT_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self._seconds = seconds
        self._clock = clock
        self._conversations: dict[Hashable, tuple[float, Conversation]] = {}

    def get(self, key: Hashable) -> Conversation | None:
        entry = self._conversations.get(key)
        if entry is None:
            return None
        if self._clock() - entry[0] > self._seconds:
            del self._conversations[key]
            return None
        return entry[1]

    def remember(self, key: Hashable, reply: Reply) -> None:
        """Keep what ``reply`` was about as the context of the next question in ``key``."""
        conversation = Conversation.after(reply, self.get(key))
        self._conversations.pop(key, None)  # re-inserted last: dict order is the order of use
        if conversation is None:
            return
        self._conversations[key] = (self._clock(), conversation)
        while len(self._conversations) > MAX_CONVERSATIONS:
            del self._conversations[next(iter(self._conversations))]

    def forget(self, key: Hashable) -> bool:
        """Drop the context of ``key`` (/vergessen); True if there was one."""
        return self._conversations.pop(key, None) is not None
