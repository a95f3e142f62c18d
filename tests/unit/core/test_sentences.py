"""A message that frames its question: the asking sentence is answered, unless the framing decides."""

from __future__ import annotations

import pytest

from bot.core.engine import AnswerEngine, Outcome
from bot.core.sentences import asking_sentence


@pytest.mark.parametrize(
    ("message", "asking"),
    [
        ("Guten Tag! Was stand zuerst auf dem Programm?", "Was stand zuerst auf dem Programm?"),
        ("Wo kommt sie her? Wir sitzen in Bayern.", "Wo kommt sie her?"),
        ("Danke. Und wer hat moderiert? 🙂", "Und wer hat moderiert?"),
        ("Wer ist Marc Brandt?", None),  # one sentence: nothing to single out
        ("Wer ist Marc Brandt? Und wo kommt er her?", None),  # two questions
        ("viktor sauer saarland? welche agentur genau", None),  # the second asks without "?"
        ("Ich habe eine Frage. Bitte um Antwort.", None),  # no question mark at all
        ("I'm a union rep from Bavaria, was anyone from Bavaria there?", "was anyone from Bavaria there?"),
        ("Ich bin bei einer Spedition – wen frage ich?", "wen frage ich?"),  # who asks, then the question
        ("Ich wollte fragen, wer auf dem Podium saß?", None),  # the question itself, worded indirectly
        ("Ich bin neu hier, danke.", None),  # no question after it
    ],
)
def test_the_asking_sentence_is_the_only_question_among_framing(message: str, asking: str | None) -> None:
    assert asking_sentence(message) == asking


def test_framing_that_only_dilutes_or_lures_is_left_aside(shipped_engine: AnswerEngine) -> None:
    message = (
        "Welche Position hat Viktor Sauer bei der Agentur für Arbeit? "
        "Ich würde gern wissen, ob er für Betriebsfragen der richtige Ansprechpartner ist."
    )
    whole = shipped_engine.answer(message.replace("? ", ", "))  # read as one sentence: a contact card
    assert whole.about[0] != "viktor_sauer.role"
    reply = shipped_engine.answer(message)
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "viktor_sauer.role"
    assert reply.question == message  # curators see what was written


def test_a_sentence_naming_nothing_keeps_the_framing_that_names_it(shipped_engine: AnswerEngine) -> None:
    reply = shipped_engine.answer("Ich interessiere mich für Marc Brandt. Woher kommt er?")
    assert reply.outcome is Outcome.ANSWER and reply.about[0] == "marc_brandt.region"


def test_whom_to_contact_is_decided_by_the_framing(shipped_engine: AnswerEngine) -> None:
    alone = shipped_engine.answer("Wen sollte ich kontaktieren?")
    framed = shipped_engine.answer("Ich koordiniere einen WBV in Hessen. Wen sollte ich kontaktieren?")
    assert framed.outcome is Outcome.ANSWER and framed.entry_id == "kontakt_hessen"
    assert alone.entry_id != "kontakt_hessen"
