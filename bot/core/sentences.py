"""The one sentence of a message that asks.

People frame a question with sentences that only set the scene: "Guten Tag! Was stand zuerst auf dem
Programm?", "Aus welchem Bundesland kommt Frau Luger? Wir sitzen in Niederbayern …". Read as a whole,
the framing dilutes the question below the confident score or lures it to another entry (the word
"Ansprechpartner" in "… ob er der richtige Ansprechpartner ist" asks for no contact card). A first
clause in which people say who they are frames the question after it the same way ("I'm a union rep
from Bavaria, was anyone from Bavaria there?"). The engine first answers the asking sentence alone and
keeps that answer if it is confident.
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
_ASKS = re.compile(r"\b(?:frag|wiss|weiß|weis|ask|know|wonder)", re.IGNORECASE)
# a first clause about the asker ("ich bin …", "wir sind …", "I'm …", "we run …"), then the question
_INTRODUCTION = re.compile(
    r"(?:ich|wir|i|i'm|i’m|we|we're|we’re)\s[^,;:–—?]{3,80}\s*[,;:–—]\s*(\S.*)", re.IGNORECASE
)


def asking_sentence(message: str) -> str | None:
    """The only sentence that ends with a question mark, when the message has other sentences too;
    ``None`` when there is nothing to single out: one sentence, several questions, or another sentence
    that asks without a question mark ("viktor sauer saarland? welche agentur genau")."""
    sentences = [s for s in _SENTENCE_END.split(message.strip()) if s]
    if len(sentences) < 2:
        return _after_introduction(message)
    asking = [s for s in sentences if _ASKING.search(s)]
    if len(asking) != 1 or any(_starts_asking(s) for s in sentences if s is not asking[0]):
        return None
    return asking[0]


def _after_introduction(sentence: str) -> str | None:
    """The question after a clause in which people say who they are: "I'm a union rep from Bavaria,
    was anyone from Bavaria there?", "Ich bin bei einer Spedition in Hessen – wen kann ich fragen?"."""
    found = _INTRODUCTION.match(sentence.strip())
    if found is None or _ASKS.search(sentence[: found.start(1)]):  # "ich wollte fragen, wer …" is the
        return None  # question itself, worded indirectly
    return found.group(1) if _ASKING.search(found.group(1)) else None


def _starts_asking(sentence: str) -> bool:
    words = tokenize(sentence)
    return bool(words) and words[0] in _QUESTION_WORDS
