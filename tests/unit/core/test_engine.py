"""The engine's mechanics on a small fixture: outcomes, matching pitfalls, language, bad input."""

from __future__ import annotations

import pytest
from helpers import TESTS

from bot.core.conversation import Conversation
from bot.core.engine import CONFIDENT_SCORE, AnswerEngine, Outcome
from bot.core.loader import load_knowledge_base

FIXTURE = TESTS / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def engine() -> AnswerEngine:
    return AnswerEngine(load_knowledge_base(FIXTURE))


@pytest.mark.parametrize(
    "question",
    [
        "Pop-up-Store",
        "Popup Store",
        "Popupstore",
        "pop up store?",
        "Was war der Popupstore",
        "Was war der Pop-up-Stor",
        "what was the popup store",
    ],
)
def test_compound_hyphen_and_typo_variants_find_the_same_entry(engine: AnswerEngine, question: str) -> None:
    reply = engine.answer(question)
    assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "popup_store")


@pytest.mark.parametrize(
    "question",
    ["Agentur für Arbeit", "Agentur fuer Arbeit", "Welche Rolle hatte die BA?", "employment agency"],
)
def test_synonyms_lead_to_the_entry(engine: AnswerEngine, question: str) -> None:
    assert engine.answer(question).entry_id == "arbeitsagentur"
    assert engine.answer(question).matched


def test_question_words_separate_when_from_where(engine: AnswerEngine) -> None:
    assert engine.answer("Wo fand das Werkstatt Gespräch statt?").entry_id == "ort"
    assert engine.answer("Wann endete das Werkstattgesprach?").entry_id == "ende"


@pytest.mark.parametrize("question", ["Wer ist das?", "Wann?", "Who is it?", "Wer ist denn das eigentlich"])
def test_stop_and_question_words_alone_never_match(engine: AnswerEngine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.outcome is Outcome.FALLBACK
    assert reply.score == 0


@pytest.mark.parametrize(
    "question",
    [
        "Wer ist Frank-Walter Steinmeier?",
        "Wer ist Olaf Scholz?",
        "Helmut Schmidt",
        "Frank Müller",
        "Wie wird das Wetter morgen?",
        "Rezept für Apfelkuchen",
    ],
)
def test_strangers_and_other_topics_are_not_answered(engine: AnswerEngine, question: str) -> None:
    assert not engine.answer(question).matched


def test_a_shared_surname_gives_a_suggestion_not_an_answer(engine: AnswerEngine) -> None:
    reply = engine.answer("Helmut Schmidt")
    assert reply.outcome is Outcome.SUGGEST
    assert [link.id for link in reply.suggestions] == ["frank_schmidt"]
    assert reply.text == "Meinten Sie …?"


def test_confident_answer_carries_title_body_and_related(engine: AnswerEngine) -> None:
    reply = engine.answer("Wer ist Frank Schmidt?")
    assert reply.outcome is Outcome.ANSWER and reply.score >= CONFIDENT_SCORE
    assert reply.text == "Frank Schmidt\n\nEr leitete Workshop 3."
    assert [(link.id, link.title) for link in reply.related] == [("popup_store", "Der Pop-up-Store")]


def test_greeting_alone_and_before_a_question(engine: AnswerEngine) -> None:
    assert engine.answer("Hallo!").entry_id == "hallo"
    assert engine.answer("Hallo, wer ist Frank Schmidt?").entry_id == "frank_schmidt"


def test_close_candidates_give_suggestions(engine: AnswerEngine) -> None:
    # "Werkstattgespräch" alone fits "ende" and "ort" equally well: the bot must not pick one.
    reply = engine.answer("Werkstattgespräch")
    assert reply.outcome is Outcome.SUGGEST
    assert {link.id for link in reply.suggestions} == {"ende", "ort"}


def test_language_is_detected_or_taken_from_the_caller(engine: AnswerEngine) -> None:
    assert engine.answer("Who is Frank Schmidt?").lang == "en"
    assert engine.answer("Who is Frank Schmidt?").body == "He ran workshop 3."
    assert engine.answer("Wer ist Frank Schmidt?").lang == "de"
    assert engine.answer("Schmidt").lang == "de"  # German is the default
    # the event's German name in an English question does not make it German; German words with it do
    assert engine.answer("Who organised the Werkstattgespräch?").lang == "en"
    assert engine.answer("Wer hat das Werkstattgespräch organisiert?").lang == "de"
    assert engine.answer("Gab es drei Workshops?").lang == "de"  # one English-looking word among German
    assert engine.answer("Wer ist Frank Schmidt?", "en").body == "He ran workshop 3."
    assert engine.answer("Olaf Scholz?", "en").body == engine.text("fallback", "en")


def test_a_question_nothing_marks_goes_on_in_the_last_answers_language(shipped_engine: AnswerEngine) -> None:
    english = Conversation.after(shipped_engine.answer("Who ran workshop 3?"))
    assert english is not None and english.lang == "en"
    assert shipped_engine.answer("website?", None, english).lang == "en"
    assert shipped_engine.answer("und die Webseite?", None, english).lang == "de"  # German words mark it
    assert shipped_engine.answer("website?").lang == "de"  # German is the default


@pytest.mark.parametrize(
    "question",
    ["", "   ", "\n\t", "🙂🙂🙂", "?!…", "<b></b>", "**__**"],
)
def test_empty_or_wordless_input_asks_for_a_question(engine: AnswerEngine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.outcome is Outcome.FALLBACK
    assert reply.body == engine.text("empty", "de")


@pytest.mark.parametrize(
    "question",
    [
        "x" * 4000,
        "Frank " * 800,
        "ยินดีต้อนรับ 欢迎 مرحبا",
        "<script>alert(1)</script>",
        "\x00\x1b[31m",
        "Wer ist <b>Frank Schmidt</b>?",
        "Wer ist **Frank Schmidt**?",
    ],
)
def test_noise_never_crashes(engine: AnswerEngine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.outcome in set(Outcome)
    assert reply.body


def test_markup_around_a_real_question_is_ignored(engine: AnswerEngine) -> None:
    assert engine.answer("Wer ist <b>Frank Schmidt</b>?").entry_id == "frank_schmidt"
    assert engine.answer("Wer ist **Frank Schmidt**?").matched


def test_entry_reply_for_buttons_and_deep_links(engine: AnswerEngine) -> None:
    reply = engine.entry_reply("ende", "en")
    assert (reply.outcome, reply.title, reply.body) == (Outcome.ANSWER, "End", "At 4 pm.")


def test_reply_cache_returns_the_same_reply_and_stays_bounded() -> None:
    kb = load_knowledge_base(FIXTURE)
    cached = AnswerEngine(kb, cache_size=2)
    first = cached.answer("Pop-up-Store")
    assert cached.answer("Pop-up-Store") is first
    cached.answer("Agentur für Arbeit")
    cached.answer("employment agency")  # the third distinct question empties the full cache
    assert cached.answer("Pop-up-Store") is not first
    assert cached.answer("Pop-up-Store").entry_id == first.entry_id


def test_without_a_cache_every_question_is_matched_afresh() -> None:
    uncached = AnswerEngine(load_knowledge_base(FIXTURE), cache_size=0)
    first = uncached.answer("Pop-up-Store")
    again = uncached.answer("Pop-up-Store")
    assert again is not first and again == first
