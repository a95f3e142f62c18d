"""Conversation context: per key, in memory, forgotten after ten minutes of silence or on request."""

from __future__ import annotations

from helpers import Clock

from bot.core.conversation import CONTEXT_SECONDS, Conversation, ConversationMemory
from bot.core.engine import AnswerEngine


def test_context_is_kept_per_key_and_expires_after_silence(shipped_engine: AnswerEngine) -> None:
    clock = Clock()
    memory = ConversationMemory(clock=clock)
    memory.remember(1, shipped_engine.answer("Wer ist Monika Luger?"))
    assert memory.get(1) == Conversation(("monika_luger",))
    assert memory.get(2) is None
    clock.now += CONTEXT_SECONDS - 1
    assert memory.get(1) is not None
    clock.now += 2
    assert memory.get(1) is None


def test_forget_and_what_a_reply_leaves(shipped_engine: AnswerEngine) -> None:
    memory = ConversationMemory(clock=Clock())
    memory.remember(1, shipped_engine.answer("Aus welchem Bundesland kommt Marc Brandt?"))
    assert memory.get(1) == Conversation(("marc_brandt", "rheinland_pfalz"), "region")
    memory.remember(1, shipped_engine.answer("Wie wird das Wetter?"))  # no answer: the context stays
    assert memory.get(1) is not None
    memory.remember(1, shipped_engine.answer("Wer ist Monika Luger?"))  # the answer before is kept too
    assert memory.get(1) == Conversation(("monika_luger",), None, ("marc_brandt", "rheinland_pfalz"))
    assert memory.forget(1) and memory.get(1) is None and not memory.forget(1)
