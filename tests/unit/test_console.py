"""The console chat: one conversation across lines, numbers still pick a suggestion."""

from __future__ import annotations

from bot.console import chat
from bot.core.engine import AnswerEngine


def conversation(engine: AnswerEngine, *lines: str) -> list[str]:
    """What the console chat writes for ``lines``, the welcome left out."""
    written: list[str] = []
    chat(engine, lines, written.append)
    return [text.strip() for text in written[1:]]


def test_a_follow_up_refers_to_the_previous_answer(shipped_engine: AnswerEngine) -> None:
    first, follow_up = conversation(shipped_engine, "Wer ist Monika Luger?", "und wo kommt sie her?")
    assert first.startswith("Monika Luger (ZUKUNFTmobil)")
    assert follow_up.startswith("Monika Luger") and "Bayern" in follow_up


def test_a_follow_up_refers_to_a_suggestion_picked_by_number(shipped_engine: AnswerEngine) -> None:
    suggestion, picked, follow_up = conversation(
        shipped_engine, "Helmut Schmidt", "1", "und wo kommt er her?"
    )
    assert suggestion.startswith("Meinten Sie …?\n  1) Frank Schmidt (WBV Mittelhessen)")
    assert picked.startswith("Frank Schmidt (WBV Mittelhessen)")
    assert follow_up.startswith("Frank Schmidt") and "Mittelhessen" in follow_up
