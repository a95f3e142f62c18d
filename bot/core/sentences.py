"""The one sentence of a message that asks.

People frame a question with sentences that only set the scene: "Guten Tag! Was stand zuerst auf dem
Programm?", "Aus welchem Bundesland kommt Frau Luger? Wir sitzen in Niederbayern …". Read as a whole,
the framing dilutes the question below the confident score or lures it to another entry (the word
"Ansprechpartner" in "… ob er der richtige Ansprechpartner ist" asks for no contact card). The engine
first answers the asking sentence alone and keeps that answer if it is confident.
"""

from __future__ import annotations

import re

from bot.core.lexicon import INTENT_WORDS, WHICH_WORDS
from bot.core.normalize import tokenize

_QUESTION_WORDS = frozenset(w for words in INTENT_WORDS.values() for w in words.split()) | WHICH_WORDS | {
    "was", "what", "wozu", "worum",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ASKING = re.compile(r"\?\W*$")  # ends with a question mark, perhaps followed by emoji or quotes


def asking_sentence(message: str) -> str | None:
    """The only sentence that ends with a question mark, when the message has other sentences too;
    ``None`` when there is nothing to single out: one sentence, several questions, or another sentence
    that asks without a question mark ("viktor sauer saarland? welche agentur genau")."""
    sentences = [s for s in _SENTENCE_END.split(message.strip()) if s]
    if len(sentences) < 2:
        return None
    asking = [s for s in sentences if _ASKING.search(s)]
    if len(asking) != 1 or any(_starts_asking(s) for s in sentences if s is not asking[0]):
        return None
    return asking[0]


def _starts_asking(sentence: str) -> bool:
    words = tokenize(sentence)
    return bool(words) and words[0] in _QUESTION_WORDS
