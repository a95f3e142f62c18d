"""Turning German and English text into comparable terms.

The same pipeline runs over the knowledge base's questions and over user messages, so whatever it
does (even lossy folding such as "michael" → "michal") is consistent on both sides:

1. :func:`fold`: casefold; ä/ae/a, ö/oe/o, ü/ue/u and ß/ss/s all become one form; other accents dropped.
2. :func:`tokenize`: words of letters and digits (hyphens, punctuation and emoji separate or vanish);
   "ws2" becomes "ws 2".
3. :class:`Normalizer`: words split apart are joined when the whole is known (:func:`rejoin`: "Gesprächs
   Runde", "we be vau"); curated synonym phrases become their canonical words ("agentur für arbeit" →
   "arbeitsagentur"); compounds are split into words the index knows ("popupstore" → "pop up store",
   matching "Pop-up-Store"); question words become intent terms; stop words are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Sequence
from functools import lru_cache

from bot.core.lexicon import (
    COLLOQUIAL_SPELLINGS,
    ENGLISH_STOPWORDS,
    GERMAN_STOPWORDS,
    INTENT_WORDS,
    SOFT_WORDS,
)
from bot.core.models import SynonymGroup

_LETTER_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "æ": "ae", "œ": "oe", "ø": "o"})
_TRANSLITERATIONS = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("ss", "s"))
WORD = re.compile(r"[^\W_]+")  # letters and digits; hyphens, punctuation and emoji separate words
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_ACRONYM = re.compile(r"[A-ZÄÖÜ]{3,}")
_TRAILING_NUMBER = re.compile(r"^([^\W\d_]{2,})(\d{1,2})$")
MAX_CACHED_CHARS = 120  # longer texts are folded afresh each time (see fold)
MAX_QUESTION_CHARS = 500  # the engine cuts questions to this before any work: no question needs more
MAX_TOKENS = 40  # the longest of 8,421 labelled questions has 33; bounds the work for 500 characters of noise
MAX_COMPOUND_LENGTH = 40  # longer "words" are noise, not compounds


def fold(text: str) -> str:
    """Casefold and fold German spelling variants to one form.

    Short texts (words, phrases, typical questions) are cached; longer ones are not, so that a stream of
    distinct long messages cannot fill the memory with cached copies of themselves.
    """
    return _fold_cached(text) if len(text) <= MAX_CACHED_CHARS else _fold(text)


@lru_cache(maxsize=16384)
def _fold_cached(text: str) -> str:
    return _fold(text)


def clear_caches() -> None:
    """Forget every cached fold and compound split (benchmarks measure with cold caches)."""
    _fold_cached.cache_clear()
    _cached_tokens.cache_clear()
    _split_compound.cache_clear()
    _cached_lowercase_words.cache_clear()


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LETTER_FOLD)
    if not text.isascii():  # accents left ("é"); most texts have none once umlauts and ß are folded
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    for written, folded in _TRANSLITERATIONS:
        text = text.replace(written, folded)
    return text


def within_limit(message: str) -> str:
    """The part of a message the engine reads: all of it, up to :data:`MAX_QUESTION_CHARS`; of a longer
    one, the characters up to its last question mark (people tell their story first and ask at the
    end), else its beginning."""
    if len(message) <= MAX_QUESTION_CHARS:
        return message
    end = message.rfind("?") + 1 or MAX_QUESTION_CHARS
    return message[max(end - MAX_QUESTION_CHARS, 0) : end]


def tokenize(text: str) -> list[str]:
    """Folded word tokens, at most :data:`MAX_TOKENS` of them.

    One answer tokenizes its question several times (language, reading, matching), so the last few
    results are cached; only the first words of a long text are folded at all.
    """
    if len(text) > MAX_QUESTION_CHARS:
        return list(_tokens(text))
    return list(_cached_tokens(text))


@lru_cache(maxsize=256)
def _cached_tokens(text: str) -> tuple[str, ...]:
    return _tokens(text)


def _tokens(text: str) -> tuple[str, ...]:
    words = WORD.findall(HTML_TAG.sub(" ", text))[: 2 * MAX_TOKENS]  # folding never joins words
    return tuple(_folded_tokens(" ".join(words))[:MAX_TOKENS])


def _folded_tokens(text: str) -> list[str]:
    """The folded words of ``text``, "ws2" split into "ws 2", "wat" read as "was"."""
    tokens: list[str] = []
    for word in WORD.findall(fold(text)):
        split = _TRAILING_NUMBER.match(word)
        year = _dictated_year(word) if word.startswith(_YEAR_PREFIX) else None
        tokens.extend(split.groups() if split else (year,) if year else _COLLOQUIAL.get(word, (word,)))
    return tokens


# A year as dictation writes it ("zweitausenddreiundzwanzig"): read as its digits, "2023"
_YEAR_PREFIX = "zweitausend"
_UNITS = {"ein": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "sieben": 7,
          "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12, "dreizehn": 13, "vierzehn": 14,
          "funfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}  # fmt: skip
_TENS = {"zwanzig": 20, "dreisig": 30, "vierzig": 40, "funfzig": 50, "sechzig": 60, "siebzig": 70,
         "achtzig": 80, "neunzig": 90}  # fmt: skip


def _dictated_year(word: str) -> str | None:
    """ "zweitausendvierundzwanzig" → "2024" (folded German, 2000–2099); anything else None."""
    rest = word[len(_YEAR_PREFIX) :]
    unit, _, tens = rest.rpartition("und") if "und" in rest else ("", "", rest)
    if not rest:
        value = 0
    elif not unit and (tens in _UNITS or tens in _TENS):
        value = _UNITS.get(tens) or _TENS[tens]
    elif unit in _UNITS and _UNITS[unit] < 10 and tens in _TENS:
        value = _UNITS[unit] + _TENS[tens]
    else:
        return None
    return str(2000 + value)


_COLLOQUIAL = {fold(written): tuple(fold(meant).split()) for written, meant in COLLOQUIAL_SPELLINGS.items()}


# German and English names of letters as a speech recogniser writes them ("we be vau" = WBV), folded
_LETTER_NAMES = {
    "a": "a", "be": "b", "bee": "b", "ce": "c", "ze": "c", "de": "d", "dee": "d", "e": "e", "ef": "f",
    "ge": "g", "gee": "g", "ha": "h", "i": "i", "jot": "j", "jay": "j", "ka": "k", "kay": "k", "el": "l",
    "em": "m", "en": "n", "o": "o", "pe": "p", "pee": "p", "ku": "q", "er": "r", "es": "s", "te": "t",
    "tee": "t", "u": "u", "vau": "v", "we": "w", "ix": "x", "zet": "z",
}  # fmt: skip
MAX_JOINED_PARTS = 3
MAX_LETTER_NAME = max(map(len, _LETTER_NAMES))
MAX_JOIN_ANCHORS = 6  # words tried for joining: a message of noise would otherwise cost a try per word


def rejoin(tokens: Sequence[str], known: Container[str]) -> list[str]:
    """Words that dictation or a phone keyboard split apart, joined again when the joined word is
    ``known``: "Gesprächs Runde", "Mittel Hessen", "weiter bildungs verbünde" (some part must be
    unknown, so "Pop up Store" stays three words), and spelled letters ("we be vau", "i h k" = WBV, IHK).
    Only joins around the first few unknown words or letter names are tried, as typos are looked for.
    """
    anchors = [i for i, t in enumerate(tokens) if t not in known or t in _LETTER_NAMES][:MAX_JOIN_ANCHORS]
    starts = {start for i in anchors for start in range(i - MAX_JOINED_PARTS + 1, i + 1)}
    joined: list[str] = []
    i = 0
    while i < len(tokens):
        sizes = range(min(MAX_JOINED_PARTS, len(tokens) - i), 1, -1) if i in starts else ()
        for size in sizes:
            parts = tokens[i : i + size]
            plain = "".join(parts)
            word = (_spelled(parts) if len(plain) <= MAX_LETTER_NAME * size else "") or plain
            if word in known and (word != plain or not all(part in known for part in parts)):
                joined.append(word)
                i += size
                break
        else:
            joined.append(tokens[i])
            i += 1
    return joined


def _spelled(parts: Sequence[str]) -> str:
    """The word that names of letters spell ("ka em u" = "kmu"), else ""."""
    letters = [_LETTER_NAMES.get(part, part if len(part) == 1 and part.isalpha() else "") for part in parts]
    return "" if "" in letters else "".join(letters)


def lowercase_words(text: str) -> frozenset[str] | None:
    """Folded words written in lowercase; None when ``text`` is not in mixed case (no signal then).

    Reading a question and matching it both ask, so the last few results are cached as tokens are.
    """
    if text.islower() or text.isupper() or not any(c.isupper() for c in text):
        return None
    return _cached_lowercase_words(text) if len(text) <= MAX_QUESTION_CHARS else _lowercase_words(text)


@lru_cache(maxsize=256)
def _cached_lowercase_words(text: str) -> frozenset[str]:
    return _lowercase_words(text)


def _lowercase_words(text: str) -> frozenset[str]:
    lowercase = [word for word in WORD.findall(text[:2000])[: 2 * MAX_TOKENS] if word.islower()]
    return frozenset(_folded_tokens(" ".join(lowercase)))


def acronyms(text: str) -> frozenset[str]:
    """Folded words of three or more letters written all in capitals ("ZDF", "BIBB") in a text that is
    not all capitals: they name organisations and things."""
    if text.isupper():
        return frozenset()
    written = [word for word in WORD.findall(text[:2000])[: 2 * MAX_TOKENS] if _ACRONYM.fullmatch(word)]
    return frozenset(_folded_tokens(" ".join(written)))


def _folded_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(token for word in words for token in tokenize(word))


STOPWORDS = _folded_words(GERMAN_STOPWORDS) | _folded_words(ENGLISH_STOPWORDS)
SOFT_TERMS = _folded_words(SOFT_WORDS)
INTENT_OF_WORD = {token: intent for intent, words in INTENT_WORDS.items() for token in tokenize(words)}
INTENT_TERMS = frozenset(INTENT_OF_WORD.values())


class Normalizer:
    """Synonym- and compound-aware conversion of text to terms.

    ``vocabulary`` holds every folded word of the knowledge base (before stop-word removal); it lets a
    compound typed as one word be split into the words the knowledge base writes separately.
    """

    def __init__(
        self, phrases: dict[tuple[str, ...], tuple[str, ...]], vocabulary: Iterable[str] = ()
    ) -> None:
        self.phrases = phrases
        self.vocabulary = frozenset(vocabulary)
        self._longest_phrase = max((len(key) for key in phrases), default=1)
        self._phrase_starts = frozenset(key[0] for key in phrases)  # most words start no phrase: skip them
        # Synonym targets are never split, so "arbeitsagentur" stays one term.
        self._protected = frozenset(word for canonical in phrases.values() for word in canonical)

    @classmethod
    def from_synonyms(cls, groups: Iterable[SynonymGroup]) -> Normalizer:
        phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for group in groups:
            canonical = tuple(tokenize(group.canonical))
            for variant in group.variants:
                key = tuple(tokenize(variant))
                if key and key != canonical:
                    phrases[key] = canonical
        return cls(phrases)

    @property
    def one_word_synonyms(self) -> frozenset[str]:
        """The synonyms of one word ("Firmen" for "Unternehmen")."""
        return frozenset(key[0] for key in self.phrases if len(key) == 1)

    @property
    def phrase_synonyms(self) -> frozenset[tuple[str, ...]]:
        """The synonyms of several words ("take place" for "stattfinden")."""
        return frozenset(key for key in self.phrases if len(key) > 1)

    def with_vocabulary(self, vocabulary: Iterable[str]) -> Normalizer:
        return Normalizer(self.phrases, vocabulary)

    def words(self, text: str) -> list[str]:
        """Folded words with synonyms applied and compounds split; stop words still present."""
        tokens = rejoin(tokenize(text), self.vocabulary) if self.vocabulary else tokenize(text)
        words: list[str] = []
        i = 0
        while i < len(tokens):
            starts = tokens[i] in self._phrase_starts
            sizes = range(min(self._longest_phrase, len(tokens) - i), 0, -1) if starts else ()
            for size in sizes:
                canonical = self.phrases.get(tuple(tokens[i : i + size]))
                if canonical is not None:
                    words.extend(canonical)
                    i += size
                    break
            else:
                words.extend(_split_compound(tokens[i], self.vocabulary, self._protected))
                i += 1
        return words

    def terms(self, text: str) -> list[str]:
        """The terms that matching works on: content words, soft words and intent terms, in order."""
        terms: list[str] = []
        for word in self.words(text):
            if word in INTENT_OF_WORD:
                terms.append(INTENT_OF_WORD[word])
            elif word not in STOPWORDS:
                terms.append(word)
        return terms


@lru_cache(maxsize=16384)
def _split_compound(word: str, vocabulary: frozenset[str], protected: frozenset[str]) -> tuple[str, ...]:
    """Split an unknown ``word`` into two or three known words, else keep it.

    "Werkstattgespräch" becomes "werkstatt gesprach" when the knowledge base writes it apart. Words the
    knowledge base knows, stop words, synonym targets and numbers are never split, and every part must
    be a known content word of three letters or more, so "about" does not become "ab out".
    """
    if (
        not 6 <= len(word) <= MAX_COMPOUND_LENGTH
        or word in vocabulary
        or word in protected
        or word in STOPWORDS
        or not word.isalpha()
    ):
        return (word,)

    def known(part: str) -> bool:
        return part in vocabulary and part not in STOPWORDS

    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if known(head) and known(tail):
            return head, tail
    for first in range(3, len(word) - 5):
        if not known(word[:first]):
            continue  # the same splits as trying every pair of cuts, without the hopeless ones
        for second in range(first + 3, len(word) - 2):
            if known(word[first:second]) and known(word[second:]):
                return word[:first], word[first:second], word[second:]
    return (word,)
