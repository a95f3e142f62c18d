"""The overlay of accepted phrasings: applied with the schema's validation, written atomically,
never able to take the bot down, live at once and after a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import ROOT

from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.loader import load_knowledge_base
from bot.curation.overlay import OVERLAY_NAME, Overlay, OverlayFile
from bot.curation.reload import LiveKnowledge

UNANSWERED = "wie lautet das wlan passwort im tagungshaus"


def test_phrasings_are_added_to_their_entries_and_what_does_not_fit_is_left_out() -> None:
    kb = load_knowledge_base(SHIPPED_KNOWLEDGE_DIR)
    overlay = Overlay().with_phrasing("popup_store", " laden zum mitnehmen ")  # stored stripped
    overlay = overlay.with_phrasing("no_such_entry", "x")
    overlay = overlay.with_phrasing("marc_brandt", " ")  # blank: the schema refuses it
    applied, problems = overlay.applied_to(kb)
    assert applied.entries["popup_store"].questions[-1] == "laden zum mitnehmen"
    assert applied.entries["marc_brandt"].questions == kb.entries["marc_brandt"].questions
    assert sorted((problem.entry_id, problem.message) for problem in problems) == [
        ("marc_brandt", "invalid question: must not be empty"),
        ("no_such_entry", "no such entry in the knowledge base"),
    ]
    assert applied.version != kb.version  # a changed overlay is a new version
    assert Overlay().applied_to(kb) == (kb, [])


def test_adding_twice_and_taking_back() -> None:
    overlay = Overlay().with_phrasing("popup_store", "a").with_phrasing("popup_store", "a")
    assert overlay.phrasings == {"popup_store": ("a",)}
    assert not overlay.without_phrasing("popup_store", "a")
    assert overlay.without_phrasing("popup_store", "b") == overlay


def test_the_file_round_trips_and_a_broken_or_missing_one_is_an_empty_overlay(tmp_path: Path) -> None:
    file = OverlayFile(tmp_path)
    assert file.read() == (Overlay(), [])
    overlay = Overlay().with_phrasing("popup_store", 'Was heißt: "Pop-up"?').with_phrasing("workshop_1", "ü")
    file.write(overlay)
    assert file.read() == (overlay, [])
    assert "never who asked" in (tmp_path / OVERLAY_NAME).read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [OVERLAY_NAME]  # no temporary file left behind
    (tmp_path / OVERLAY_NAME).write_text("phrasings:\n  popup_store: [unclosed\n", encoding="utf-8")
    broken, problems = file.read()
    assert broken == Overlay() and problems and problems[0].file == OVERLAY_NAME


async def test_an_added_phrasing_is_answered_at_once_and_after_a_restart(tmp_path: Path) -> None:
    knowledge = LiveKnowledge.load(SHIPPED_KNOWLEDGE_DIR, OverlayFile(tmp_path))
    assert not knowledge.engine.answer(UNANSWERED).matched
    assert await knowledge.add_phrasing("ablauf", UNANSWERED)
    assert knowledge.engine.answer(UNANSWERED).entry_id == "ablauf"
    restarted = LiveKnowledge.load(SHIPPED_KNOWLEDGE_DIR, OverlayFile(tmp_path))
    assert restarted.engine.answer(UNANSWERED).entry_id == "ablauf"
    assert restarted.added_phrasing("ablauf", lambda q: q.startswith("wie lautet")) == UNANSWERED
    assert await restarted.remove_phrasing("ablauf", UNANSWERED)
    assert not restarted.engine.answer(UNANSWERED).matched
    assert not await restarted.add_phrasing("no_such_entry", UNANSWERED)
    assert await restarted.reload_if_changed() is None  # the bot's own writes are no edit to reload


async def test_a_broken_overlay_keeps_the_bot_answering_and_is_reported(tmp_path: Path) -> None:
    (tmp_path / OVERLAY_NAME).write_text("phrasings:\n\t- tab\n", encoding="utf-8")
    knowledge = LiveKnowledge.load(SHIPPED_KNOWLEDGE_DIR, OverlayFile(tmp_path))
    assert knowledge.engine.answer("Wer ist Marc Brandt?").entry_id == "marc_brandt"
    assert knowledge.overlay_problems


async def test_a_hand_edit_of_the_overlay_is_picked_up_by_the_watch(tmp_path: Path) -> None:
    directory = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", directory)
    data = tmp_path / "data"
    knowledge = LiveKnowledge.load(directory, OverlayFile(data))
    OverlayFile(data).write(Overlay().with_phrasing("ablauf", UNANSWERED))
    result = await knowledge.reload_if_changed()
    assert result is not None and result.ok
    assert knowledge.engine.answer(UNANSWERED).entry_id == "ablauf"
