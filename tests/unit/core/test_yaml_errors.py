"""YAML syntax errors in plain words, at the line of the mistake, alike from libyaml and pure-Python."""

from __future__ import annotations

import pytest
import yaml

from bot.core.yaml_errors import Explanation, explain_yaml_error, text_read_as_field

LOADERS = [
    yaml.SafeLoader,
    pytest.param(
        getattr(yaml, "CSafeLoader", None),
        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml"),
    ),
]


def explain(text: str, loader: type) -> Explanation:
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.load(text, Loader=loader)
    return explain_yaml_error(caught.value, text, loader)


ENTRY = "entries:\n  - id: wbv\n    title: {de: WBV, en: WBV}\n"

# (the text, the line to report, the start of the message, a part of the hint)
CASES = {
    "a field indented less than its neighbours": (
        ENTRY + "    answer:\n      de: Ja.\n     en: Yes.\n",
        6,
        "wrong indentation: this line does not line up with the lines above it",
        "must start in the same column",
    ),
    "a field indented further than the line above": (
        ENTRY + "    source: Doku\n      questions: [x]\n",
        5,
        "wrong indentation:",
        "same column",
    ),
    "a field at the level of the entries' '-'": (
        ENTRY + "  source: Doku\n",
        4,
        "wrong indentation:",
        "same column",
    ),
    "a list item indented less than the items above": (
        ENTRY + "    questions:\n      - Was ist ein WBV?\n     - Was heißt WBV?\n",
        6,
        "list item at the wrong indentation:",
        "exactly below the '-' of the other items",
    ),
    "an entry's '-' indented further than the first entry's": (
        ENTRY + "   - id: zwei\n",
        4,
        "list item at the wrong indentation:",
        "below the '-'",
    ),
    "a tab used for indentation": (
        ENTRY + "\tsource: Doku\n",
        4,
        "tab character: YAML allows only spaces here",
        "replace the tab with spaces",
    ),
    "a tab after spaces": (
        ENTRY + "    questions:\n    \t- Was ist ein WBV?\n",
        5,
        "tab character:",
        "spaces",
    ),
    "an unclosed quote at the end of the file": (
        ENTRY + '    source: "Workshop 1\n    keywords: [WBV]\n',
        4,
        'unclosed quote: the text that starts with " on this line is not closed on it',
        'add " at the end of the text',
    ),
    "an unclosed quote that the next quote closes": (
        ENTRY + "    source: 'Workshop 1\n    questions: ['Was ist ein WBV?']\n    keywords: [WBV]\n",
        4,
        "unclosed quote: the text that starts with ' on this line",
        "(YAML reads on to the next ', or to the end of the file)",
    ),
    "a question with ': ' in a title": (
        ENTRY.replace("{de: WBV, en: WBV}", "{de: WBV, en: WBV}\n    source: Doku: Satz 1"),
        4,
        "': ' inside a text: YAML reads 'name: value' as a field, so put the text in quotes: "
        'source: "Doku: Satz 1"',
        "",
    ),
    "a question with two ': '": (
        ENTRY + "    questions:\n      - Was heißt: WBV? Und: RLP?\n",
        5,
        "': ' inside a text:",
        '- "Was heißt: WBV? Und: RLP?"',
    ),
    "a quote inside a text in quotes": (
        ENTRY + '    source: "Der "Pop-up-Store" in Mainz"\n',
        4,
        'text after a closing quote: the text in quotes ends at the second ", but the line goes on',
        "put the whole text in quotes: source: 'Der \"Pop-up-Store\" in Mainz'",
    ),
    "an apostrophe inside a text in single quotes": (
        ENTRY + "    source: 'Marc's Vortrag'\n",
        4,
        "text after a closing quote:",
        'source: "Marc\'s Vortrag"',
    ),
    "a text starting with a bracket": (
        ENTRY + "    source: [Workshop 1] Satz 2\n",
        4,
        "text after ']': YAML reads a text that starts with '[' only up to ']'",
        'source: "[Workshop 1] Satz 2"',
    ),
    "an unclosed list": (
        ENTRY + "    questions: [Was ist ein WBV?\n    source: Doku\n",
        4,
        "unclosed '[': the list that opens here is not closed",
        "end it with ']'",
    ),
    "an unclosed group": (
        ENTRY + "    answer: {de: Ja., en: Yes.\n    source: Doku\n",
        4,
        "unclosed '{': the group that opens here is not closed",
        "end it with '}'",
    ),
    "a text starting with @": (
        ENTRY + "    source: @wbv_rlp\n",
        4,
        "'@' at the start of a text: YAML gives it a special meaning",
        'source: "@wbv_rlp"',
    ),
    "a text starting with !": (
        ENTRY + "    source: !wichtig\n",
        4,
        "'!' at the start of a text:",
        'source: "!wichtig"',
    ),
    "a text starting with >": (
        ENTRY + "    source: > 5 Jahre\n",
        4,
        "'>' at the start of a text:",
        'source: "> 5 Jahre"',
    ),
    "a backslash in double quotes": (
        ENTRY + '    source: "C:\\Doku"\n',
        4,
        'backslash in a text in "…":',
        "write \\\\ for a backslash",
    ),
    "a continuation line at the level of its field": (
        ENTRY + "    answer:\n      de: Das ist\n      ein Satz.\n      en: x\n",
        6,
        "missing ':': YAML expected 'name: value' here",
        "indent it further than the name above",
    ),
    "a list on the line of its name": (
        ENTRY + "    questions: - Was ist ein WBV?\n",
        4,
        "list on the line of its name:",
        "one '- item' per line",
    ),
}


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(("text", "line", "message", "hint"), CASES.values(), ids=CASES.keys())
def test_a_mistake_is_explained_at_its_line(
    text: str, line: int, message: str, hint: str, loader: type
) -> None:
    explanation = explain(text, loader)
    assert explanation.line == line
    assert explanation.message.startswith(message)
    assert hint in explanation.message


@pytest.mark.parametrize("loader", LOADERS)
def test_an_invisible_control_character_is_found_by_its_line(loader: type) -> None:
    """The C reader counts the position in bytes, so the umlauts before it must not shift the line."""
    text = "# Grüße aus Mainz\nentries: []\n# \x07\n"
    assert explain(text, loader) == (
        "invisible control character (U+0007) in the text: delete it (it often comes along when text is "
        "copied from another program)",
        3,
    )


@pytest.mark.parametrize("loader", LOADERS)
def test_any_other_error_keeps_the_line_and_pyyamls_words(loader: type) -> None:
    message, line = explain("entries: []\n---\nsynonyms: []\n", loader)
    assert line == 2
    assert message.startswith("YAML syntax error: check the indentation, the quotes and the ':' of this line")
    assert message.endswith(
        "(YAML says: expected a single document in the stream; but found another document)"
    )


def test_an_error_without_a_mark_is_still_told() -> None:
    assert explain_yaml_error(yaml.YAMLError("something odd"), "") == (
        "YAML syntax error: something odd",
        None,
    )


def test_the_two_parsers_explain_alike() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    for text, *_ in CASES.values():
        assert explain(text, yaml.CSafeLoader) == explain(text, yaml.SafeLoader)


def test_a_text_read_as_a_field_gets_the_quoting_hint() -> None:
    """``- Was heißt: WBV?`` is valid YAML (a one-field mapping); the schema refuses it, with this hint."""
    assert text_read_as_field({"Was heißt": "WBV?"}) == (
        "': ' inside a text: YAML reads 'name: value' as a field, so put the text in quotes: "
        '"Was heißt: WBV?"'
    )
    assert text_read_as_field({"Wer kommt": None}) is not None
    assert text_read_as_field({"de": "Ja", "en": "Yes"}) is None
    assert text_read_as_field({"de": {"x": "y"}}) is None
    assert text_read_as_field("text") is None
