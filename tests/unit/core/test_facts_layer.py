"""The loader checks the structured layer: references, attributes, sources, and what is never documented."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.loader import KnowledgeBaseError, load_knowledge_base


def copy_with(tmp_path: Path, old: str, new: str) -> Path:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    entities = kb / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    assert old in text
    entities.write_text(text.replace(old, new, 1), encoding="utf-8")
    return kb


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("refs: [inskills2go]", "refs: [gibt_es_nicht]", "entity 'gibt_es_nicht' does not exist"),
        ("      end_time:\n", "      endzeit:\n", "attribute 'endzeit' does not exist"),
        ("    entry: marc_brandt\n", "    entry: kein_eintrag\n", "entry 'kein_eintrag' does not exist"),
        ("    kinds: [gewerkschaft]\n", "    kinds: [verein]\n", "kind 'verein' does not exist"),
        ("    type: example\n", "    type: example\n    gender: female\n", "only a person has a gender"),
        ("        en: Marc Brandt is from Rheinland-Pfalz.\n", "", "facts.region.en': missing field"),
        ("        source: \"Schluss: „Um 16 Uhr endete das Werkstattgespräch.“\"\n", "", "missing field"),
    ],
)
def test_broken_references_and_missing_parts_are_located(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    with pytest.raises(KnowledgeBaseError) as error:
        load_knowledge_base(copy_with(tmp_path, old, new))
    assert problem in str(error.value)


def test_a_fact_for_an_attribute_declared_never_documented_is_refused(tmp_path: Path) -> None:
    kb = copy_with(tmp_path, "      organisation:\n        de: Marc Brandt ist von InSkills2Go.",
                   "      email:\n        de: Marc Brandt ist von InSkills2Go.")  # fmt: skip
    with pytest.raises(KnowledgeBaseError, match="'email' is declared never documented for person"):
        load_knowledge_base(kb)


def test_a_contact_menu_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    attributes = kb / "attributes.yaml"
    text = attributes.read_text(encoding="utf-8")
    attributes.write_text(text.replace("contact_menu: kontakte", "contact_menu: kontakt"), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="contact_menu: menu 'kontakt' does not exist"):
        load_knowledge_base(kb)


def test_an_attribute_standing_in_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    attributes = kb / "attributes.yaml"
    text = attributes.read_text(encoding="utf-8")
    assert "otherwise: [session]" in text
    attributes.write_text(text.replace("otherwise: [session]", "otherwise: [sitzung]"), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="attribute 'sitzung' does not exist"):
        load_knowledge_base(kb)
