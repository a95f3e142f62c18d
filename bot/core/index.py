"""The search index: scores every knowledge-base entry against a question.

How matching works, and which rapidfuzz pitfalls it avoids:

* Every entry contributes several *documents*: each alternate question, each keyword, and its title in
  both languages. Documents and questions go through the same :class:`~bot.core.normalize.Normalizer`.
* A question term is resolved against the index vocabulary with ``rapidfuzz.fuzz.ratio`` (normalised
  Indel similarity) one word at a time. Since rapidfuzz 3 no processor runs unless one is passed; we
  pass ``processor=None`` on purpose because terms are already folded by our own normaliser, which
  knows German. Short words (three letters or fewer) and numbers must match exactly, so "Workshop 7"
  never becomes "Workshop 1" and "KMU" never becomes "IHK".
* We deliberately do not score whole strings with ``token_set_ratio`` (it gives 100 whenever one token
  set is a subset of the other, so "Wer ist Olaf Scholz?" would equal every "Wer ist …?"),
  ``partial_ratio`` (100 for any short substring) or ``WRatio`` (caps by length ratio, so one threshold
  would behave differently for short and long questions).
* Instead each document gets a weighted coverage score in both directions: how much of the question the
  document explains (*recall*) and how much of the document the question mentions (*precision*).
  Terms are weighted by inverse document frequency over entries, so "Frank" (shared by several entries)
  counts less than "Schmidt". A question word the index does not know at all ("Steinmeier", "Scholz")
  counts as an unexplained, heavy term: "Frank-Walter Steinmeier" explains only a small part of the
  question by "Frank Schmidt", so it cannot reach a confident score. In a message written in mixed
  case, an unknown word in lowercase is most likely a verb or filler ("Was *macht* die BA?"), not a
  name, so it weighs less (:data:`LOWERCASE_UNKNOWN_FACTOR`); capitalised unknown words keep full weight.
  Without case information (all lowercase) unknown words get :data:`CASELESS_UNKNOWN_FACTOR`.
* A question term the index knows but the document lacks counts less against the document
  (:data:`KNOWN_UNMATCHED_FACTOR`) than a term the index has never seen: "Welche E-Mail hat Frank
  Schmidt?" is still about e-mail addresses, while "Frank Müller" is somebody else.
* Question words ("wer", "wann", "where") are intent terms with a small weight: they separate "Wann
  fand es statt?" from "Wo fand es statt?" but never make a match on their own. Greetings and thanks are
  soft terms with a small weight, so "Hallo, wer ist …?" is about the person, not the greeting.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from bot.core.fuzzy import FuzzyVocabulary
from bot.core.loader import KnowledgeBase
from bot.core.models import Entry
from bot.core.normalize import INTENT_TERMS, MAX_COMPOUND_LENGTH, SOFT_TERMS, Normalizer, lowercase_words

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
INTENT_WEIGHT = 1.0
SOFT_FACTOR = 0.25
LOWERCASE_UNKNOWN_FACTOR = 0.4
CASELESS_UNKNOWN_FACTOR = 0.7
KNOWN_UNMATCHED_FACTOR = 0.6
RECALL_EXPONENT = 0.7  # precision gets the rest (0.3): covering the question matters more
MAX_LENGTH_DIFFERENCE = 3  # typos change a word's length a little: "Abendveranstaltung" is no "Veranstaltung"
FULL_STRENGTH_SIMILARITY = 90  # inflections ("workshops" ~ "workshop") count as exact
FUZZY_CACHE_SIZE = 4096
MAX_FUZZY_TERMS = 16  # question terms beyond these are matched exactly
MAX_FUZZY_UNKNOWN = 4  # and of the words the index does not know, only the first few are looked up
ANSWER_TEXT_FACTOR = 0.6  # an answer sentence that explains the whole question scores 60, a phrasing 100


@dataclass(frozen=True)
class Match:
    """An entry and how well it matches, 0–100."""

    entry_id: str
    score: float


def fuzzy_cutoff(term: str) -> float | None:
    """The least ``fuzz.ratio`` a term needs to another word, or None when only exact matches count."""
    if not 4 <= len(term) <= MAX_COMPOUND_LENGTH or not term.isalnum() or not term.isascii():
        return None
    if not term.isalpha():  # names with digits ("inskills2go") may have typos; "ws2" or "2023" not
        return 80.0 if len(term) >= 6 and sum(c.isalpha() for c in term) >= 4 else None
    if len(term) == 4:
        return 85.0  # one letter missing or added ("Rust" ~ "Rusts"), never one replaced ("Rost")
    return 80.0


class SearchIndex:
    """Built once per knowledge base; :meth:`search` is read-only and cheap."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.entry_ids = list(kb.entries)
        base = Normalizer.from_synonyms(kb.synonyms)
        texts_per_entry = [
            [*entry.questions, *entry.keywords, entry.title.de, entry.title.en]
            for entry in kb.entries.values()
        ]
        vocabulary = {word for texts in texts_per_entry for text in texts for word in base.words(text)}
        self.normalizer = base.with_vocabulary(vocabulary)

        term_lists = [
            [(index, self.normalizer.terms(text)) for text in texts]
            for index, texts in enumerate(texts_per_entry)
        ]
        answer_lists = [
            [(index, self.normalizer.terms(sentence)) for sentence in _sentences(entry)]
            for index, entry in enumerate(kb.entries.values())
        ]
        count = len(self.entry_ids)
        # curated words weigh as the curated documents say; words only the answers use, by the answers
        self.weights: dict[str, float] = {}
        for lists in (answer_lists, term_lists):  # the curated documents last: their weight wins
            self.weights.update(
                (term, self._weight(term, math.log(1 + count / len(entries))))
                for term, entries in _entries_with_term(lists).items()
            )
        self.unknown_weight = math.log(1 + count)

        doc_entries: list[int] = []
        doc_totals: list[float] = []
        doc_is_answer: list[bool] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for is_answer, lists in ((False, term_lists), (True, answer_lists)):
            for documents in lists:
                for index, terms in documents:
                    if not any(term not in INTENT_TERMS for term in terms):
                        continue  # a question of question words alone can never be matched
                    for term in set(terms):
                        postings[term].append(len(doc_entries))
                    doc_entries.append(index)
                    doc_totals.append(math.fsum(self.weights[term] for term in set(terms)))  # exact: no order
                    doc_is_answer.append(is_answer)
        self._doc_entry = np.array(doc_entries, dtype=np.int32)
        self._doc_total = np.array(doc_totals, dtype=np.float64)
        self._doc_is_answer = np.array(doc_is_answer, dtype=bool)
        self._postings = {term: np.array(docs, dtype=np.int32) for term, docs in postings.items()}
        self._fuzzy_vocabulary = FuzzyVocabulary(t for t in self.weights if fuzzy_cutoff(t) is not None)
        self._resolved: dict[str, dict[str, float]] = {}

    @staticmethod
    def _weight(term: str, idf: float) -> float:
        if term in INTENT_TERMS:
            return INTENT_WEIGHT
        if term in SOFT_TERMS:
            return idf * SOFT_FACTOR
        return idf

    def search(self, text: str, limit: int = 5) -> list[Match]:
        """The best entries for ``text``, best first, one match per entry."""
        terms = list(dict.fromkeys(self.normalizer.terms(text)))
        if not terms:
            return []
        # typos are looked up for the first words only, and for the first few unknown ones: no question
        # has more typos, while noise (every word unknown) would otherwise cost a lookup per word
        unknown = set(itertools.islice((t for t in terms if t not in self.weights), MAX_FUZZY_UNKNOWN))
        resolved = [
            self._resolve(term) if position < MAX_FUZZY_TERMS and (term in self.weights or term in unknown)
            else self._exactly(term)
            for position, term in enumerate(terms)
        ]  # fmt: skip
        lowercase = lowercase_words(text)
        question_weights = [
            self._question_weight(term, matches, lowercase)
            for term, matches in zip(terms, resolved, strict=True)
        ]
        # what a term costs a document that does not contain it
        missing_costs = [
            weight * (KNOWN_UNMATCHED_FACTOR if matches or term in INTENT_TERMS else 1.0)
            for term, weight, matches in zip(terms, question_weights, resolved, strict=True)
        ]
        missing_total = sum(missing_costs)

        # Vectorised over all documents: for each question term, the strength with which each document
        # contains it (0 if not). Intent terms may only add to documents some content term found.
        count = len(self._doc_entry)
        explained = np.zeros(count)
        recovered = np.zeros(count)  # the part of missing_total a document does contain
        mentioned = np.zeros(count)
        word_strength: dict[str, float] = {}
        intent_positions = []
        for position, matches in enumerate(resolved):
            if terms[position] in INTENT_TERMS:
                intent_positions.append(position)
                continue
            self._add_term(position, resolved, question_weights, missing_costs, explained, recovered)
            for word, strength in matches.items():
                word_strength[word] = max(word_strength.get(word, 0.0), strength)
        candidates = explained > 0
        if not candidates.any():
            return []
        for position in intent_positions:
            self._add_term(position, resolved, question_weights, missing_costs, explained, recovered)
            for word, strength in resolved[position].items():
                word_strength[word] = max(word_strength.get(word, 0.0), strength)
        for word, strength in word_strength.items():
            mentioned[self._postings[word]] += self.weights[word] * strength

        docs = np.flatnonzero(candidates)
        recall = explained[docs] / (explained[docs] + missing_total - recovered[docs])
        precision = np.minimum(mentioned[docs] / self._doc_total[docs], 1.0)
        curated = 100 * recall**RECALL_EXPONENT * precision ** (1 - RECALL_EXPONENT)
        # a sentence of an answer is weaker evidence: only how much of the question it explains counts
        scores = np.where(self._doc_is_answer[docs], 100 * ANSWER_TEXT_FACTOR * recall, curated)
        best = np.zeros(len(self.entry_ids))
        np.maximum.at(best, self._doc_entry[docs], scores)
        found = np.flatnonzero(best > 0)
        order = found[np.lexsort((found, -best[found]))][:limit]  # best first, ties by entry order
        return [Match(self.entry_ids[index], round(float(best[index]), 1)) for index in order]

    def _add_term(
        self,
        position: int,
        resolved: list[dict[str, float]],
        weights: list[float],
        missing_costs: list[float],
        explained: np.ndarray,
        recovered: np.ndarray,
    ) -> None:
        """Add one question term: each document counts the strongest word it contains for the term."""
        matches = resolved[position]
        if not matches:
            return
        strength = np.zeros(len(explained))
        for word, word_strength in matches.items():
            docs = self._postings.get(word)
            if docs is not None:
                strength[docs] = np.maximum(strength[docs], word_strength)
        explained += weights[position] * strength
        recovered += missing_costs[position] * strength

    def _question_weight(
        self, term: str, matches: dict[str, float], lowercase: frozenset[str] | None
    ) -> float:
        if term in INTENT_TERMS:
            return INTENT_WEIGHT
        if not matches:
            weight = self._weight(term, self.unknown_weight)
            if lowercase is None:
                return weight * CASELESS_UNKNOWN_FACTOR
            return weight * LOWERCASE_UNKNOWN_FACTOR if term in lowercase else weight
        best = max(matches, key=lambda word: (matches[word], self.weights[word]))
        return self.weights[best]

    def _exactly(self, term: str) -> dict[str, float]:
        return {term: 1.0} if term in self.weights else {}

    def _resolve(self, term: str) -> dict[str, float]:
        """Vocabulary words that ``term`` may stand for, each with a strength in (0, 1]."""
        cached = self._resolved.get(term)
        if cached is not None:
            return cached
        matches: dict[str, float] = {}
        if term in self.weights:
            matches[term] = 1.0
        cutoff = fuzzy_cutoff(term)
        if cutoff is not None:
            for word, similarity in self._fuzzy_vocabulary.near(term, cutoff, limit=8):
                if word != term and abs(len(word) - len(term)) <= MAX_LENGTH_DIFFERENCE:
                    matches[word] = _strength(similarity, cutoff)
        if len(self._resolved) >= FUZZY_CACHE_SIZE:
            self._resolved.clear()
        self._resolved[term] = matches
        return matches


def _sentences(entry: Entry) -> list[str]:
    """The sentences of an entry's answer in both languages (bullets and lines count as sentences)."""
    text = f"{entry.answer.de}\n{entry.answer.en}"
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


def _entries_with_term(lists: list[list[tuple[int, list[str]]]]) -> dict[str, set[int]]:
    entries: dict[str, set[int]] = defaultdict(set)
    for documents in lists:
        for index, terms in documents:
            for term in terms:
                entries[term].add(index)
    return entries


def _strength(similarity: float, cutoff: float) -> float:
    """Map a fuzzy similarity to a strength: 0.6 at the cutoff, 1.0 for inflection-level differences."""
    if similarity >= FULL_STRENGTH_SIMILARITY:
        return 1.0
    return 0.6 + 0.4 * (similarity - cutoff) / (FULL_STRENGTH_SIMILARITY - cutoff)
