"""`wbv-bot overlay export`: the phrasings go into the knowledge files, and nothing else changes."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from helpers import ROOT

from bot.core.loader import load_knowledge_base
from bot.curation.export import export_overlay
from bot.curation.overlay import Overlay


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    directory = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", directory)
    return directory


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [line for line in diff if line[:2] in ("+ ", "- ")]


def test_export_inserts_only_the_new_questions_and_keeps_every_comment(knowledge: Path) -> None:
    kb = load_knowledge_base(knowledge)
    people = (knowledge / kb.entry_files["marc_brandt"]).read_text(encoding="utf-8")
    overlay = (
        Overlay()
        .with_phrasing("marc_brandt", "wer ist der typ vom pop up laden")
        .with_phrasing("marc_brandt", "Was heißt: InSkills2Go?")  # needs quotes in YAML
        .with_phrasing("marc_brandt", kb.entries["marc_brandt"].questions[0])  # already there
        .with_phrasing("gone_entry", "x")
    )
    result = export_overlay(overlay, kb, knowledge)
    assert (result.added, result.skipped, result.missing) == (2, 1, ("gone_entry",))
    assert result.files == (kb.entry_files["marc_brandt"],)
    after = (knowledge / kb.entry_files["marc_brandt"]).read_text(encoding="utf-8")
    assert changed_lines(people, after) == [
        "+       - wer ist der typ vom pop up laden",
        '+       - "Was heißt: InSkills2Go?"',
    ]
    reloaded = load_knowledge_base(knowledge)  # what `check` does
    assert reloaded.entries["marc_brandt"].questions[-2:] == [
        "wer ist der typ vom pop up laden",
        "Was heißt: InSkills2Go?",
    ]
    others = [name for name in kb.entry_files.values() if name != kb.entry_files["marc_brandt"]]
    assert all((knowledge / name).read_bytes() == (ROOT / "knowledge" / name).read_bytes() for name in others)


def test_the_last_entry_of_a_file_without_a_final_line_break(tmp_path: Path) -> None:
    directory = tmp_path / "knowledge"
    directory.mkdir()
    (directory / "mini.yaml").write_text(
        "# kept\nentries:\n  - id: eins\n    title: {de: Eins, en: One}\n"
        "    answer: {de: Stimmt, en: Right}\n"
        "    source: Satz 1\n    questions:\n      - Frage eins\n      # kept too\n      - Frage zwei",
        encoding="utf-8",
    )
    kb = load_knowledge_base(directory)
    export_overlay(Overlay().with_phrasing("eins", "Frage drei"), kb, directory)
    text = (directory / "mini.yaml").read_text(encoding="utf-8")
    assert text.endswith("      - Frage zwei\n      - Frage drei\n") and "# kept too" in text
    questions = load_knowledge_base(directory).entries["eins"].questions
    assert questions == ["Frage eins", "Frage zwei", "Frage drei"]
