"""Fixed texts: every text is written in both languages, checked when a table is made."""

from __future__ import annotations

import pytest

from bot.core.texts import Texts, answer_text


def test_a_text_missing_a_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'welcome' must be written in"):
        Texts({"welcome": {"de": "Willkommen"}})


def test_lookup_by_key_and_language() -> None:
    assert answer_text("did_you_mean", "de") == "Meinten Sie …?"
    assert answer_text("did_you_mean", "en") == "Did you mean …?"
