"""Typo lookups leave out only words that could never reach the cutoff."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz, process

from bot.core.fuzzy import FuzzyVocabulary

WORDS = [
    "werkstattgesprach", "verstetigung", "weiterbildungsverbund", "luger", "rust", "rudolph", "sauer",
    "brandt", "schmidt", "popup", "store", "landkarte", "integrale", "arbeitsagentur", "transformation",
    "transferkonzept", "mittelhessen", "saarland", "ludwigshafen", "galerie", "workshop", "workshops",
]  # fmt: skip


def _typos(rng: random.Random) -> list[str]:
    words = []
    for word in WORDS * 5:
        letters = list(word)
        position = rng.randrange(len(letters))
        choice = rng.choice(("drop", "double", "swap"))
        if choice == "drop":
            del letters[position]
        elif choice == "double":
            letters.insert(position, letters[position])
        else:
            letters[position] = rng.choice("aeiouxyz")
        words.append("".join(letters))
    return words


@pytest.mark.parametrize("cutoff", [80.0, 85.0])
def test_near_finds_what_a_search_of_every_word_finds(cutoff: float) -> None:
    vocabulary = FuzzyVocabulary(WORDS)
    for word in [*_typos(random.Random(7)), "ws", "a" * 40, "stor", "werkstatgesprach"]:
        expected = [
            (match, similarity)
            for match, similarity, _ in process.extract(
                word, WORDS, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=3
            )
        ]
        assert vocabulary.near(word, cutoff, limit=3) == expected, word
