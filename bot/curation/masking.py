"""Personal data masked out of an unanswered question before it is stored for curators.

The curator log keeps questions for weeks, so what identifies a person is replaced by a placeholder
first, on the text as written (case matters for names), and only then lowercased:

* links, e-mail addresses (also spelled out: "erika at example dot org", "erika(at)example.org") and
  Telegram usernames ("@erika_m");
* dates ("12.03.1985", "12 03 1985", "12. März 1985", "March 12, 1985") and a year after "geboren";
* street addresses ("Musterstraße 12", "Berliner Str. 5", "221b Baker Street") and postcode plus town
  ("10115 Berlin");
* phone numbers ("(0171) 123-4567", "0171.1234567", "+49 171 1234567") and other numbers of six or
  more digits;
* names: a capitalised word that is neither in the knowledge base's vocabulary nor a common German or
  English word (wordfreq); any words after "mein Name ist", "ich heiße", "my name is" or "Frau",
  "Herr", "Dr."; after "ich bin", "I am" a word that may be a name; and a word next to a masked name
  that may be a name too ("Erika Mustermann"). A frequent name that is also a common word ("Peter
  Müller" in "Wer ist Peter Müller?") is not recognised: the masking is as good as a word list allows.

Every pattern is bounded (no two unbounded quantifiers in a row, none nested), so masking takes time in
proportion to the text, whatever the text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Set
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.core.index import fuzzy_cutoff
from bot.core.lexicon import ENGLISH_STOPWORDS, GERMAN_STOPWORDS, INTENT_WORDS
from bot.core.normalize import HTML_TAG, WORD, fold

MAX_STORED_CHARS = 300
MAX_TOKENS = 400  # a stored question has at most 150 words; names are looked for in these only

NAME, EMAIL, PHONE, ADDRESS, DATE, LINK, NUMBER, USERNAME = (
    "‹Name›", "‹E-Mail›", "‹Telefon›", "‹Adresse›", "‹Datum›", "‹Link›", "‹Nummer›", "‹Name›",
)  # fmt: skip

# A word is common when wordfreq's small lists (words of at least one in a million, Zipf 3) have it.
COMMON_ZIPF = 3.0
# First names read alike in German and English text ("erika" 3.9 / 3.2, "peter" 5.1 / 4.9), unlike the
# words that follow "ich bin" ("neu", "interessiert", "lehrerin") or "I am" ("interested", "happy").
NAME_LIKE_ZIPF_GAP = 1.3
NAME_LIKE_MAX_ZIPF = 5.3

_I = re.IGNORECASE
_LINK = re.compile(r"(?:https?://|www\.)\S+", _I)
# from the start of a word, possessive: each word is read once, whatever its length
_LOCAL = r"(?<![\w.%+-])[\w.%+-]++"
_LABEL = r"[\w-]{1,63}"
_EMAIL = re.compile(rf"{_LOCAL}@{_LABEL}(?:\.{_LABEL}){{1,6}}")
# "erika(at)example.org", "erika [at] example [dot] org", "erika @ example dot org"
_AT = r"(?:\s{0,2}[(\[{<]\s{0,2}(?:at|ät|@)\s{0,2}[)\]}>]\s{0,2}|\s{0,2}@\s{0,2})"
_DOT = r"(?:\s{0,2}[(\[{<]\s{0,2}(?:dot|punkt|\.)\s{0,2}[)\]}>]\s{0,2}|\s{1,2}(?:dot|punkt)\s{1,2}|\.)"
_OBFUSCATED_EMAIL = re.compile(rf"{_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL}){{1,6}}", _I)
# "erika at example dot org": "at" is an English word, so only with a known top-level domain
_TLD = r"(?:de|com|org|net|eu|info|io|at|ch|biz|edu|gov|uk|fr|nl|it|es|pl|be|dk|se|me|online|email)"
_SPOKEN_EMAIL = re.compile(
    rf"{_LOCAL}\s{{1,2}}(?:at|ät)\s{{1,2}}{_LABEL}(?:{_DOT}{_LABEL}){{0,4}}{_DOT}{_TLD}(?!\w)",
    _I,
)
_USERNAME = re.compile(r"(?<![\w.@])@[A-Za-z]\w{2,31}(?![\w@])")

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_MONTH_NAME = (
    r"(?:jan(?:uar|uary)?|feb(?:ruar|ruary)?|m(?:ä|ae)rz|mär|mar(?:ch)?|apr(?:il)?|mai|may|jun[ei]?"
    r"|jul[iy]?|aug(?:ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?)"
)
_DATES = [
    # 12.03.1985, 12.3.85, 12/03/1985, 12-03-1985, 12. 3. 1985
    rf"(?<![\d.]){_DAY}\s?[./-]\s?{_MONTH}\s?[./-]\s?(?:{_YEAR}|\d\d)(?!\d)",
    rf"(?<![\d.]){_DAY}\.\s?{_MONTH}\.(?!\d)",  # 12.03.
    rf"(?<![\d.]){_DAY}\s{_MONTH}\s{_YEAR}(?!\d)",  # 12 03 1985
    rf"(?<!\d){_YEAR}-{_MONTH}-{_DAY}(?!\d)",  # 1985-03-12
    # 12. März 1985, 12 märz, 12th of March 1985
    rf"(?<![\d.]){_DAY}(?:\.|st|nd|rd|th)?\s{{0,2}}(?:of\s)?{_MONTH_NAME}\.?(?:\s{{0,2}},?\s{{0,2}}{_YEAR})?(?!\w)",
    rf"(?<!\w){_MONTH_NAME}\.?\s{{1,2}}{_DAY}(?:st|nd|rd|th)?,?\s{{1,2}}{_YEAR}(?!\d)",  # March 12, 1985
]
_DATE = re.compile("|".join(_DATES), _I)
_BIRTH_YEAR = re.compile(
    rf"\b((?:geboren|geb\.|jahrgang|born)(?:\s{{1,2}}(?:am|im|in|on))?\s{{1,2}}){_YEAR}\b", _I
)

_STREET_SUFFIX = r"(?:stra(?:ß|ss)e|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|promenade)"
_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-z])?(?:\s?[-/]\s?\d{1,4})?(?!\w)"
_ADDRESSES = [
    rf"(?<![\w-])[\w-]{{1,40}}?{_STREET_SUFFIX}\s{{0,2}}{_HOUSE_NUMBER}",  # Musterstraße 12, Am Ring 3
    # Berliner Straße 5
    rf"(?<![\w-])(?:[^\W\d_]{{2,30}}\s{{1,2}})?(?:stra(?:ß|ss)e|str\.)\s{{0,2}}{_HOUSE_NUMBER}",
    r"(?<!\w)\d{1,5}[a-z]?\s{1,2}(?:[a-z]{2,20}\s{1,2}){1,3}(?:street|st\.|road|rd\.|avenue|ave\.|lane|drive)(?!\w)",
    # 10115 Berlin, D-60311 Frankfurt am Main
    r"(?<![\w.-])(?:d-?)?\d{5}\s{1,2}[^\W\d_][\w-]{1,30}(?:\s{1,2}(?:am|an\sder|im|in\sder)\s{1,2}[^\W\d_][\w-]{1,30})?",
]
_ADDRESS = re.compile("|".join(_ADDRESSES), _I)

_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?:(?:\+|00)[1-9]\d{0,2}+(?:\s?\(0\)\s?)?|\(0\d{1,5}+\)|0\d{1,5}+)"  # +49, 0049, +49 (0), (0171), 0171
    r"(?:(?:\s?[./-]\s?|\s)?\d{2,12}+){1,4}"  # 123-4567, .1234567, " 1234567"
    r"(?!\w)"
)
_DIGIT_GROUPS = re.compile(r"(?<![\w+])\+?\d{2,}+(?:[ /-]\d{2,6}+){0,8}(?!\w)")
_MIN_NUMBER_DIGITS = 6

# "‹Name›" as one token; otherwise words of letters and digits as in matching
_TOKEN = re.compile(r"‹[\w-]{1,10}›|" + WORD.pattern)
_STOPWORDS = frozenset(
    [*GERMAN_STOPWORDS, *ENGLISH_STOPWORDS, *" ".join(INTENT_WORDS.values()).split(), "und", "hallo"]
)
_TITLES = frozenset("herr herrn frau hr fr dr prof professor mr mrs ms miss sir madam".split())
# after these, the next words are a name whatever they are; after the weak ones only if they may be one
_INTRODUCTIONS = [("mein", "name", "ist"), ("mein", "name", "lautet"), ("ich", "heiße"), ("ich", "heisse"),
                  ("ich", "heiß"), ("ich", "heiss"), ("my", "name", "is"), ("my", "name", "s")]  # fmt: skip
_WEAK_INTRODUCTIONS = [("ich", "bin"), ("i", "am"), ("i", "m"), ("hier", "ist"), ("hier", "spricht"),
                       ("this", "is")]  # fmt: skip
_NAMES_AFTER_INTRODUCTION = 3
# Long rare words made of common ones are compounds, not names ("Bürgergeld"); "Mustermann",
# "Lichtenstein" are names, so a compound never ends in a surname ending.
MIN_COMPOUND_LENGTH = 10
MIN_COMPOUND_PART = 4
_SURNAME_ENDINGS = frozenset(
    "mann manns berg berger stein feld bach dorf hof hofer höfer meier mayer maier müller huber bauer "
    "hausen heim thal burg brink kamp beck haus".split()
)


def masked_question(text: str, known_words: Set[str] = frozenset()) -> str:
    """The question as stored for curators: words lowercased, personal data replaced by placeholders.

    ``known_words`` are the knowledge base's words (folded, see :func:`knowledge_words`): a name the
    knowledge base uses ("Monika Luger") is what curators need to see, so it is kept.
    """
    text = unicodedata.normalize("NFKC", text)
    text = HTML_TAG.sub(" ", text)
    text = _LINK.sub(f" {LINK} ", text)
    for pattern in (_EMAIL, _OBFUSCATED_EMAIL, _SPOKEN_EMAIL):
        text = pattern.sub(f" {EMAIL} ", text)
    text = _USERNAME.sub(f" {USERNAME} ", text)
    text = _DATE.sub(f" {DATE} ", text)
    text = _BIRTH_YEAR.sub(rf"\1 {DATE} ", text)
    text = _ADDRESS.sub(f" {ADDRESS} ", text)
    text = _PHONE.sub(f" {PHONE} ", text)
    text = _DIGIT_GROUPS.sub(_long_number, text)
    return _stored_words(text, known_words)


def _long_number(match: re.Match[str]) -> str:
    digits = sum(c.isdigit() for c in match.group())
    return f" {NUMBER} " if digits >= _MIN_NUMBER_DIGITS else match.group()


def _stored_words(text: str, known_words: Set[str]) -> str:
    tokens: list[str] = []
    spaced: list[bool] = []  # only white space between this token and the one before
    end = 0
    for match in _TOKEN.finditer(text):
        spaced.append(not text[end : match.start()].strip())
        tokens.append(match.group())
        end = match.end()
        if len(tokens) >= MAX_TOKENS:
            break
    names = _names(tokens, spaced, known_words)
    words: list[str] = []
    length = -1
    for token, is_name in zip(tokens, names, strict=True):
        word = NAME if is_name else token if token.startswith("‹") else token.lower()
        if word.startswith("‹") and words and words[-1] == word:
            continue  # "‹Name› ‹Name›" is one name
        length += len(word) + 1
        if length > MAX_STORED_CHARS:
            break
        words.append(word)
    return " ".join(words)


def _names(tokens: list[str], spaced: list[bool], known_words: Set[str]) -> list[bool]:
    """Which tokens are names (see the module's docstring for the rules)."""
    lower = [token.lower() for token in tokens]
    ordinary = [  # never a name: placeholders, numbers, the knowledge base's words, function words
        token.startswith("‹") or token.isdigit() or fold(token) in known_words or lower[i] in _STOPWORDS
        for i, token in enumerate(tokens)
    ]
    name = [
        not ordinary[i] and _capitalised(token) and _rare(lower[i]) and not _word_like(lower[i], known_words)
        for i, token in enumerate(tokens)
    ]

    def may_be_name(i: int) -> bool:
        return not ordinary[i] and _may_be_name(tokens[i], lower[i])

    for i in range(len(tokens)):
        if lower[i] in _TITLES and (i == 0 or lower[i - 1] not in _TITLES):
            j = i + 1
            while j < len(tokens) and lower[j] in _TITLES:
                j += 1  # "Herr Dr. Müller"
            if j < len(tokens) and (may_be_name(j) or (not ordinary[j] and _capitalised(tokens[j]))):
                name[j] = True
        for phrase in _INTRODUCTIONS + _WEAK_INTRODUCTIONS:
            if tuple(lower[i : i + len(phrase)]) != phrase:
                continue
            first = i + len(phrase)
            for j in range(first, min(first + _NAMES_AFTER_INTRODUCTION, len(tokens))):
                if j > first and not spaced[j]:
                    break
                if phrase in _INTRODUCTIONS:  # whatever follows "mein Name ist", up to a function word
                    name[j] = not tokens[j].startswith("‹") and lower[j] not in _STOPWORDS
                else:
                    name[j] = may_be_name(j)
                if not name[j]:
                    break
    # a name's neighbour that may be a name too ("Erika Mustermann", "ich bin erika mustermann")
    for i in range(1, len(tokens)):
        name[i] = name[i] or (name[i - 1] and spaced[i] and may_be_name(i))
    for i in range(len(tokens) - 2, -1, -1):
        name[i] = name[i] or (name[i + 1] and spaced[i + 1] and may_be_name(i))
    return name


def _word_like(word: str, known_words: Set[str]) -> bool:
    """A rare word that is still no name: a compound of common words ("Abendveranstaltung",
    "Präsentationsfolien") or a typo the matching takes for a knowledge-base word ("Wokshop")."""
    if _compound(word, depth=2):
        return True
    folded = fold(word)
    cutoff = fuzzy_cutoff(folded)
    if cutoff is None or not known_words:
        return False
    return process.extractOne(folded, known_words, scorer=fuzz.ratio, score_cutoff=cutoff) is not None


def _compound(word: str, depth: int) -> bool:
    """``word`` is common words joined (with a linking "s", "n" or "es"), ending in no surname ending."""
    if len(word) < MIN_COMPOUND_LENGTH or depth == 0:
        return False
    for cut in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        head, tail = word[:cut], word[cut:]
        stems = [head[: len(head) - len(link)] for link in ("", "s", "n", "es") if head.endswith(link)]
        if tail in _SURNAME_ENDINGS or not any(_common(stem) for stem in stems):
            continue
        if _common(tail) or _compound(tail, depth - 1):
            return True
    return False


def _common(word: str) -> bool:
    return len(word) >= MIN_COMPOUND_PART and _zipf(word, "de") >= COMMON_ZIPF


def _capitalised(token: str) -> bool:
    """Written with a capital first letter; acronyms ("DGB", "IHK") are organisations, not people."""
    return token[:1].isupper() and not (token.isupper() and len(token) <= 4)


def _rare(word: str) -> bool:
    return max(_zipf(word, "de"), _zipf(word, "en")) < COMMON_ZIPF


def _may_be_name(token: str, word: str) -> bool:
    """Rare, or as frequent in German as in English (first names), or a capitalised word English text
    uses too (surnames such as "Müller")."""
    german, english = _zipf(word, "de"), _zipf(word, "en")
    if max(german, english) < COMMON_ZIPF:
        return True
    if min(german, english) >= COMMON_ZIPF and abs(german - english) <= NAME_LIKE_ZIPF_GAP:
        return max(german, english) <= NAME_LIKE_MAX_ZIPF
    return _capitalised(token) and english >= COMMON_ZIPF


def _zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of ``word`` (0 below one in a million), from its small list."""
    frequency = _frequencies(lang).get(word.casefold(), 0.0)
    return math.log10(frequency) + 9 if frequency else 0.0


@lru_cache(maxsize=2)
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict  # loaded on first use: most commands never mask a question

    return get_frequency_dict(lang, wordlist="small")


def knowledge_words(texts: Iterable[str]) -> frozenset[str]:
    """The folded words of ``texts`` (a knowledge base's titles, questions, keywords and answers)."""
    return frozenset(word for text in texts for word in WORD.findall(fold(text)))
