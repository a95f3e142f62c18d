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
