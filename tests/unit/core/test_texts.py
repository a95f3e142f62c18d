"""The bot's own texts come from knowledge/texts.yaml: every key, both languages, placeholders intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import TESTS

from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.engine import AnswerEngine
from bot.core.loader import load_knowledge_base
from bot.core.models import Localized
from bot.core.problems import KnowledgeBaseError
from bot.core.texts import REQUIRED_TEXTS, placeholders, text_problems


def test_the_shipped_texts_are_complete_and_fill_in(shipped_engine: AnswerEngine) -> None:
    for key, names in REQUIRED_TEXTS.items():
        for lang in ("de", "en"):
            text = shipped_engine.text(key, lang)
            assert text.strip() and placeholders(text) == names, key
            text.format(**dict.fromkeys(names, "x"))  # fills in without an error


def test_problems_name_missing_and_unknown_keys_and_changed_placeholders() -> None:
    required = {"welcome": frozenset(), "privacy": frozenset({"days"})}
    table = {
        "welcom": Localized(de="Hallo", en="Hello"),
        "privacy": Localized(de="nach {tagen} Tagen", en="after {days days"),
    }
    messages = [f"{p.field}: {p.message}" for p in text_problems(table, required, "texts.yaml")]
    assert messages == [
        "texts.welcome: the text 'welcome' is missing (both languages)",
        "texts.welcom: unknown text 'welcom'; did you mean 'welcome'?",
        "texts.privacy.de: must contain {days} exactly (differs in: {days}, {tagen})",
        "texts.privacy.en: a { or } is not closed; write placeholders as {name} and keep the others out",
    ]


def test_a_knowledge_base_without_texts_uses_the_shipped_ones() -> None:
    minimal = AnswerEngine(load_knowledge_base(TESTS / "fixtures" / "minimal"))
    shipped = AnswerEngine(load_knowledge_base(SHIPPED_KNOWLEDGE_DIR))
    assert minimal.text("welcome", "en") == shipped.text("welcome", "en")


def test_a_broken_texts_file_is_refused_with_the_key_and_the_line(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, tmp_path, dirs_exist_ok=True)
    texts = tmp_path / "texts.yaml"
    texts.write_text(texts.read_text("utf-8").replace("nach {days} Tagen", "nach {tage} Tagen"), "utf-8")
    with pytest.raises(KnowledgeBaseError) as refused:
        load_knowledge_base(tmp_path)
    problems = refused.value.problems
    assert any(p.file == "texts.yaml" and p.field == "texts.privacy.de" for p in problems)
