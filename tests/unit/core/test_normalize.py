"""Normalisation that fits German: folding, tokens, synonyms, compounds, stop and question words."""

from __future__ import annotations

import pytest

from bot.core.models import SynonymGroup
from bot.core.normalize import (
    MAX_QUESTION_CHARS,
    MAX_TOKENS,
    Normalizer,
    acronyms,
    fold,
    lowercase_words,
    rejoin,
    tokenize,
    within_limit,
)


@pytest.mark.parametrize(
    "variants",
    [
        ("Thüringen", "Thueringen", "Thuringen", "THÜRINGEN"),
        ("Gespräch", "Gespraech", "Gesprach"),
        ("Größe", "Groesse", "Grosse", "Grose"),
        ("Straße", "Strasse", "STRASSE"),
        ("Café", "Cafe"),
    ],
)
def test_umlaut_spellings_fold_to_one_form(variants: tuple[str, ...]) -> None:
    assert len({fold(v) for v in variants}) == 1


def test_tokens_drop_markup_punctuation_and_emoji_and_split_trailing_numbers() -> None:
    assert tokenize("Wer leitete WS2?! 🙂 <b>Pop-up-Store</b> **InSkills2Go** <a href='x'>a < b</a>") == [
        "wer",
        "leitete",
        "ws",
        "2",
        "pop",
        "up",
        "store",
        "inskills2go",
        "a",
        "b",
    ]


def test_other_scripts_are_kept_as_words() -> None:
    assert tokenize("Привет, مرحبا 你好") == ["привет", "مرحبا", "你好"]


def test_chat_and_dialect_spellings_become_the_standard_words() -> None:
    assert tokenize("Wat isser? Gabs dat?") == ["was", "ist", "er", "gab", "es", "das"]
    assert tokenize("isn't it") == ["isn", "t", "it"]  # English contractions are left alone
    assert tokenize("Wat kost dat? Was isch a KMU?") == ["was", "kostet", "das", "was", "ist", "a", "kmu"]
    assert tokenize("In welchem Johr?") == ["in", "welchem", "jahr"]
    assert tokenize("is it over, do I") == ["is", "it", "over", "do", "i"]  # no regional word is English


def test_a_dictated_year_becomes_its_digits() -> None:
    assert tokenize("Pop-up-Store zweitausendvierundzwanzig") == ["pop", "up", "store", "2024"]
    assert tokenize("zweitausenddreiundzwanzig zweitausendelf zweitausend") == ["2023", "2011", "2000"]
    assert tokenize("zweitausendmal") == ["zweitausendmal"]  # no year: left as written


def test_token_count_is_bounded() -> None:
    assert len(tokenize("wort " * 5000)) == MAX_TOKENS


def test_synonym_phrases_are_replaced_longest_first() -> None:
    normalizer = Normalizer.from_synonyms(
        [
            SynonymGroup(canonical="Arbeitsagentur", variants=["Agentur für Arbeit", "BA", "Agentur"]),
        ]
    )
    assert normalizer.words("Die Agentur fuer Arbeit und die BA") == [
        "die",
        "arbeitsagentur",
        "und",
        "die",
        "arbeitsagentur",
    ]
    assert normalizer.words("Agentur") == ["arbeitsagentur"]


def test_unknown_compounds_split_into_known_words() -> None:
    base = Normalizer.from_synonyms([SynonymGroup(canonical="Arbeitsagentur", variants=["BA"])])
    normalizer = base.with_vocabulary(
        [
            "pop",
            "store",
            "arbeits",
            "agentur",
            "werkstatt",
            "gesprach",
            "ab",
            "out",
            "land",
            "karte",
            "landkarte",
        ]
    )
    assert normalizer.words("Werkstattgespräch") == ["werkstatt", "gesprach"]
    assert normalizer.words("Popstore") == ["pop", "store"]
    assert normalizer.words("Arbeitsagentur") == ["arbeitsagentur"]  # a synonym target stays whole
    assert normalizer.words("Landkarte") == ["landkarte"]  # a known word stays whole
    assert normalizer.words("about") == ["about"]  # a stop word is never split
    assert normalizer.words("Ludwigshafen") == ["ludwigshafen"]


def test_words_split_apart_are_joined_when_the_whole_is_known() -> None:
    known = {"gesprachsrunde", "runde", "mittelhesen", "pop", "up", "store", "popup", "wbv", "ihk", "was"}
    assert rejoin(tokenize("die Gesprächs Runde"), known) == ["die", "gesprachsrunde"]
    assert rejoin(tokenize("aus Mittel Hessen"), known) == ["aus", "mittelhesen"]
    assert rejoin(tokenize("Pop up Store"), known) == ["pop", "up", "store"]  # every part known: kept
    assert rejoin(tokenize("was heißt we be vau"), known) == ["was", "heist", "wbv"]  # spelled letters
    assert rejoin(tokenize("die i h k"), known) == ["die", "ihk"]
    assert rejoin(tokenize("we be here"), known) == ["we", "be", "here"]  # letters that spell nothing known
    normalizer = Normalizer({}, known)
    assert normalizer.words("Gesprächs Runde") == ["gesprachsrunde"]  # matching sees the joined word too


def test_question_words_become_intents_and_stop_words_vanish() -> None:
    normalizer = Normalizer.from_synonyms([])
    assert normalizer.terms("Wer hat denn bitte den Store gemacht, und wann? Who did it, where?") == [
        "@who",
        "store",
        "gemacht",
        "@when",
        "@who",
        "@where",
    ]


def test_lowercase_words_only_signal_in_mixed_case_text() -> None:
    assert lowercase_words("Was macht die BA?") == frozenset({"macht", "die"})
    assert lowercase_words("was macht die ba") is None
    assert lowercase_words("WAS MACHT DIE BA") is None


def test_long_texts_are_not_cached_so_distinct_long_messages_cannot_fill_the_memory() -> None:
    from bot.core import normalize

    long_text = "Frage " * 100
    normalize.clear_caches()
    fold(long_text)
    fold(long_text)
    assert normalize._fold_cached.cache_info().currsize == 0  # folded afresh, never kept
    fold("Werkstattgespräch")
    fold("Werkstattgespräch")
    assert normalize._fold_cached.cache_info().hits == 1


def test_the_engine_cuts_long_questions_before_any_work(shipped_engine) -> None:
    asked_first = shipped_engine.answer("x" * 10 + " Wer ist Marc Brandt?" + " bla" * 2000)
    assert asked_first.question == "x" * 10 + " Wer ist Marc Brandt?"  # up to its question mark
    noise = shipped_engine.answer("bla " * 2000)
    assert len(noise.question) == MAX_QUESTION_CHARS


def test_of_a_long_message_the_question_at_its_end_is_read() -> None:
    story = "Wir sind ein Betrieb mit 40 Leuten und wollen mehr für Weiterbildung tun. " * 10
    message = f"{story}Wer hat Workshop 2 geleitet? Danke!"
    read = within_limit(message)
    assert len(message) > MAX_QUESTION_CHARS >= len(read) and read.endswith("Wer hat Workshop 2 geleitet?")
    assert within_limit("Wer ist Marc Brandt?") == "Wer ist Marc Brandt?"
    assert within_limit("a" * 600) == "a" * MAX_QUESTION_CHARS  # no question mark: its beginning


def test_long_questions_are_answered_afresh_and_never_kept(shipped_engine) -> None:
    from bot.core.engine import MAX_CACHED_QUESTION_CHARS

    long_question = "bla " * MAX_CACHED_QUESTION_CHARS + "Wer ist Marc Brandt?"
    first, again = shipped_engine.answer(long_question), shipped_engine.answer(long_question)
    assert first == again and first is not again  # the same answer, computed twice
    short = shipped_engine.answer("Wer ist Monika Luger?")
    assert shipped_engine.answer("Wer ist Monika Luger?") is short  # popular short questions are kept


def test_acronyms_are_words_of_three_or_more_capitals_in_mixed_case_text() -> None:
    assert acronyms("Was sagt das BIBB über WBV und ZDF-Berichte?") == {"bibb", "wbv", "zdf"}
    assert acronyms("WAS SAGT DAS BIBB?") == frozenset()  # all capitals: no signal
    assert acronyms("Was ist die BA?") == frozenset()  # two letters are too short to tell
