"""PyYAML's syntax errors, told in plain words for the curators who edit the knowledge files.

PyYAML names the parser's state ("expected <block end>, but found '<block sequence start>'"), and often
at a line after the mistake: an unclosed quote is noticed at the next quote or the end of the file. Each
rule below recognises one common mistake from the error and the file's text, and says where it is and
how to fix it. libyaml's C parser words its errors differently (and sometimes more vaguely) than the
pure-Python one, so the rules read the marks and the text rather than rely on the wording alone.

A question with ': ' in a list (``- Was heißt: WBV?``) is no syntax error but a one-field mapping, which
the schema refuses; :func:`text_read_as_field` gives that the same hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import yaml


class Explanation(NamedTuple):
    """What went wrong, for a curator, and the 1-based line to look at (None when unknown)."""

    message: str
    line: int | None


def explain_yaml_error(error: yaml.YAMLError, raw: str, loader: type = yaml.SafeLoader) -> Explanation:
    """Explain ``error``, raised while ``loader`` read ``raw``, in plain words with a hint.

    ``loader`` is used again to scan the text up to the error (to find, say, where a quote opened).
    """
    if isinstance(error, yaml.reader.ReaderError):
        return _control_character(error, raw)
    if not isinstance(error, yaml.MarkedYAMLError) or (error.problem_mark or error.context_mark) is None:
        return _unexplained(error)
    failure = _Failure(error, raw, loader)
    for rule in _RULES:
        explanation = rule(failure)
        if explanation is not None:
            return explanation
    return Explanation(
        "YAML syntax error: check the indentation, the quotes and the ':' of this line and the line above "
        f"(YAML says: {failure.words})",
        failure.line + 1,
    )


def text_read_as_field(value: object) -> str | None:
    """The message for a text that YAML read as a field because of its ': ' (``- Was heißt: WBV?`` is
    valid YAML, a one-field mapping, so it is refused by the schema, not by the parser); else None."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    [(name, rest)] = value.items()
    if not isinstance(name, str) or not isinstance(rest, str | None):
        return None
    return _colon_message(_quoted(f"{name}: {rest}" if rest is not None else f"{name}:"))


@dataclass(frozen=True)
class _Failure:
    """A marked PyYAML error with the text it was raised on, and what the rules ask about it."""

    error: yaml.MarkedYAMLError
    raw: str
    loader: type

    @property
    def problem(self) -> str:
        return self.error.problem or ""

    @property
    def context(self) -> str:
        return self.error.context or ""

    @property
    def words(self) -> str:
        """PyYAML's own message, without the marks' excerpts of the text."""
        return "; ".join(part for part in (self.context, self.problem) if part)

    @property
    def mark(self) -> yaml.Mark:
        return self.error.problem_mark or self.error.context_mark

    @property
    def opened(self) -> yaml.Mark:
        """Where what failed began: the opening quote, bracket or name (the mark when not given)."""
        return self.error.context_mark or self.mark

    @property
    def line(self) -> int:
        """The 0-based line of the mark."""
        return self.mark.line

    @cached_property
    def lines(self) -> list[str]:
        return self.raw.splitlines()

    def text(self, line: int) -> str:
        """The 0-based ``line`` of the file ('' past its end)."""
        return self.lines[line] if line < len(self.lines) else ""

    def char(self, mark: yaml.Mark) -> str:
        """The character at ``mark`` ('' past the end of its line)."""
        return self.text(mark.line)[mark.column : mark.column + 1]

    def token_before(self) -> yaml.Token | None:
        """The last token that starts before the mark, or None (the text is scanned up to the mark)."""
        last = None
        where = (self.mark.line, self.mark.column)
        try:
            for token in yaml.scan(self.raw, Loader=self.loader):
                if (token.start_mark.line, token.start_mark.column) >= where:
                    break
                last = token
        except yaml.YAMLError:  # the scanner's own error at the mark: what was read before it is enough
            pass
        return last


def _unexplained(error: yaml.YAMLError) -> Explanation:
    return Explanation(f"YAML syntax error: {error}", None)


def _control_character(error: yaml.reader.ReaderError, raw: str) -> Explanation:
    if not isinstance(error.character, int):  # bytes that are no text: not for a str, which is all we read
        return _unexplained(error)
    # the C reader counts the position in bytes, the Python one in characters: find the character instead
    position = raw.find(chr(error.character))
    return Explanation(
        f"invisible control character (U+{error.character:04X}) in the text: delete it (it often comes "
        "along when text is copied from another program)",
        raw.count("\n", 0, position) + 1 if position >= 0 else None,
    )


def _tab(failure: _Failure) -> Explanation | None:
    if (
        failure.char(failure.mark) != "\t"
        and "tab character" not in failure.problem
        and "'\\t'" not in failure.problem
    ):
        return None
    return Explanation(
        "tab character: YAML allows only spaces here; replace the tab with spaces", failure.line + 1
    )


def _quote_or_bracket_before(failure: _Failure) -> Explanation | None:
    """An unclosed quote, a text going on after its closing quote, or a text that starts with [ or {.

    The scanner ends a quoted text at the next quote, however many lines later, so the parser stumbles
    on the line of that next quote; the quote that was not closed opened on the line where that text
    started. A text that starts with a quote or a bracket ends at the closing one, and YAML then refuses
    the rest of the line.
    """
    if "quoted scalar" in failure.context and "end of stream" in failure.problem:
        return _unclosed_quote(failure.char(failure.opened), failure.opened.line)
    token = failure.token_before()
    if token is None or token.end_mark.line != failure.line:
        return None
    if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
        if token.start_mark.line < failure.line:
            return _unclosed_quote(token.style, token.start_mark.line)
        return Explanation(
            f"text after a closing quote: the text in quotes ends at the second {token.style}, but the line "
            f"goes on; put the whole text in quotes: {_quoted_example(failure.text(failure.line))}",
            failure.line + 1,
        )
    if isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken):
        opening, closing = ("[", "]") if isinstance(token, yaml.FlowSequenceEndToken) else ("{", "}")
        return Explanation(
            f"text after '{closing}': YAML reads a text that starts with '{opening}' only up to '{closing}'; "
            f"put the whole text in quotes: {_quoted_example(failure.text(failure.line))}",
            failure.line + 1,
        )
    return None


def _unclosed_quote(quote: str, line: int) -> Explanation:
    return Explanation(
        f"unclosed quote: the text that starts with {quote} on this line is not closed on it (YAML reads on "
        f"to the next {quote}, or to the end of the file); add {quote} at the end of the text",
        line + 1,
    )


def _unclosed_bracket(failure: _Failure) -> Explanation | None:
    if failure.context not in ("while parsing a flow sequence", "while parsing a flow mapping"):
        return None
    opened = failure.opened
    what, parts, closing = (
        ("list", "items", "]") if "sequence" in failure.context else ("group", "fields", "}")
    )
    return Explanation(
        f"unclosed '{failure.char(opened)}': the {what} that opens here is not closed, or two of its {parts} "
        f"have no ',' between them; end it with '{closing}' and separate its {parts} with ', '",
        opened.line + 1,
    )


def _colon_in_text(failure: _Failure) -> Explanation | None:
    """``title: Was heißt: WBV?``: the second ': ' would start a field inside a value."""
    if "mapping values are not allowed" not in failure.problem:
        return None
    if ": " not in failure.text(failure.line)[: failure.mark.column]:
        return None  # the line's own field name: the line is indented into the value above (see _indentation)
    return Explanation(_colon_message(_quoted_example(failure.text(failure.line))), failure.line + 1)


def _colon_message(example: str) -> str:
    return f"': ' inside a text: YAML reads 'name: value' as a field, so put the text in quotes: {example}"


_SPECIAL_START = (
    "cannot start any token",  # @ ` %
    "constructor for the tag",  # !
    "mapping keys are not allowed",  # ?
)


def _special_first_character(failure: _Failure) -> Explanation | None:
    """A text that starts with a character YAML reserves: @, `, %, !, ?, | or >."""
    mark = failure.mark
    if "while scanning a block scalar" in failure.context:  # | or > followed by text on the same line
        mark = failure.opened
    elif not any(words in failure.problem for words in _SPECIAL_START):
        return None
    return Explanation(
        f"'{failure.char(mark)}' at the start of a text: YAML gives it a special meaning; put the text in "
        f"quotes: {_quoted_example(failure.text(mark.line), mark.column)}",
        mark.line + 1,
    )


def _backslash(failure: _Failure) -> Explanation | None:
    if "unknown escape character" not in failure.problem:
        return None
    return Explanation(
        'backslash in a text in "…": YAML reads \\ and the letter after it as one special character; '
        "write \\\\ for a backslash, or put the text in single quotes",
        failure.line + 1,
    )


def _missing_colon(failure: _Failure) -> Explanation | None:
    if "could not find expected ':'" not in failure.problem:
        return None
    return Explanation(
        "missing ':': YAML expected 'name: value' here; if this line goes on with the text of the line "
        "above, indent it further than the name above, otherwise add ':' after the name",
        failure.opened.line + 1,
    )


def _list_on_the_name_line(failure: _Failure) -> Explanation | None:
    if "sequence entries are not allowed" not in failure.problem:
        return None
    return Explanation(
        "list on the line of its name: start the list on the next line, one '- item' per line, indented "
        "further than the name",
        failure.line + 1,
    )


_INDENTATION = (
    "expected <block end>",  # the pure-Python parser
    "did not find expected key",  # libyaml
    "did not find expected '-' indicator",  # libyaml
    "mapping values are not allowed",  # a 'name:' indented into the value of the line above
)


def _indentation(failure: _Failure) -> Explanation | None:
    if not any(words in failure.problem for words in _INDENTATION):
        return None
    if re.match(r"\s*-(\s|$)", failure.text(failure.line)):
        return Explanation(
            "list item at the wrong indentation: put its '-' exactly below the '-' of the other items of "
            "the same list",
            failure.line + 1,
        )
    return Explanation(
        "wrong indentation: this line does not line up with the lines above it; fields that belong together "
        "must start in the same column (count the spaces)",
        failure.line + 1,
    )


_RULES: tuple[Callable[[_Failure], Explanation | None], ...] = (
    _tab,
    _quote_or_bracket_before,
    _unclosed_bracket,
    _colon_in_text,
    _special_first_character,
    _backslash,
    _missing_colon,
    _list_on_the_name_line,
    _indentation,  # last: its words also come with the mistakes above
)

_PREFIX = re.compile(r"\s*(?:-\s+)*(?:[A-Za-z_][A-Za-z0-9_]*:\s+)?")  # '- ' and 'name: ', both optional
_COMMENT = re.compile(r"\s+#.*")


def _quoted_example(line: str, column: int | None = None) -> str:
    """``line`` with its value in quotes: from ``column``, or after its '- ' and 'name: '."""
    if column is None:
        column = _PREFIX.match(line).end()
    value = _COMMENT.sub("", line[column:]).strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]  # the curator's own quotes, ended too early inside
    prefix = line[:column].strip()
    return (prefix + " " if prefix else "") + _quoted(value)


def _quoted(text: str) -> str:
    """``text`` as a YAML string in quotes: double unless it holds a " or a backslash."""
    if '"' in text or "\\" in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'
