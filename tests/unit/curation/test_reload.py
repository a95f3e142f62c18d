"""The live knowledge base: what its watch sees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.engine import AnswerEngine
from bot.curation.reload import LiveKnowledge


async def test_an_edit_made_while_the_knowledge_base_loads_is_picked_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SIGHUP during start-up is ignored; the edit it announced must still go live."""
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    load = AnswerEngine.from_directory.__func__

    def load_then_edit(cls: type[AnswerEngine], directory: Path) -> AnswerEngine:
        engine = load(cls, directory)
        people = kb / "people.yaml"
        text = people.read_text(encoding="utf-8")
        people.write_text(text.replace("Monika Luger kommt laut", "Monika Luger (neu) kommt laut"), "utf-8")
        return engine

    monkeypatch.setattr(AnswerEngine, "from_directory", classmethod(load_then_edit))
    knowledge = LiveKnowledge.load(kb)
    monkeypatch.undo()
    assert "(neu)" not in knowledge.engine.answer("Wer ist Monika Luger?").text
    result = await knowledge.reload_if_changed()
    assert result is not None and result.ok
    assert "(neu)" in knowledge.engine.answer("Wer ist Monika Luger?").text


async def test_an_edited_text_goes_live_and_a_broken_one_is_refused(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    knowledge = LiveKnowledge.load(kb)
    texts = kb / "texts.yaml"
    original = texts.read_text(encoding="utf-8")
    texts.write_text(original.replace("Willkommen beim WBV-Bot!", "Hallo beim WBV-Bot!"), encoding="utf-8")
    assert (await knowledge.reload("test")).ok
    assert knowledge.engine.text("welcome", "de").startswith("Hallo beim WBV-Bot!")
    texts.write_text(original.replace("nach {days} Tagen", "nach {tage} Tagen"), encoding="utf-8")
    refused = await knowledge.reload("test")
    assert not refused.ok and "texts.privacy.de" in refused.message
    assert knowledge.engine.text("welcome", "de").startswith("Hallo beim WBV-Bot!")  # the last good texts
