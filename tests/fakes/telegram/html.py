"""Telegram's HTML subset: a port of tdlib's ``parse_html`` (td/telegram/MessageEntity.cpp).

:func:`parse_html` turns Telegram-HTML into plain text and MessageEntity dicts or raises
:class:`HtmlParseError` with tdlib's message (byte offsets in UTF-8).  One deliberate difference: a bare
``&`` that starts no HTML entity is refused (Telegram keeps it literally, but documents that it must be
escaped); ``strict_ampersand=False`` gives Telegram's lenient behaviour.

:func:`detect_entities` finds the entities Telegram attaches to a *user's* text (commands, mentions,
URLs, hashtags); :func:`utf16_len` counts as Telegram does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Entity", "HtmlParseError", "detect_entities", "parse_html", "utf16_len"]

Entity = dict[str, Any]  # a MessageEntity as the Bot API sends it


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts offsets and lengths in."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class HtmlParseError(ValueError):
    """The HTML is not acceptable to Telegram; the message is tdlib's."""


_HTML_TAGS = frozenset(
    "a b strong i em s strike del u ins tg-spoiler tg-emoji span pre code blockquote".split()
)
_SIMPLE_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_SPACES = frozenset(" \t\r\n\v\f\0")  # tdlib's is_space, which includes the terminating NUL
_HEX = "0123456789abcdefABCDEF"


@dataclass
class _OpenTag:
    tag: str
    argument: str
    utf16_offset: int
    out_index: int
    expandable: bool


def _decode_html_entity(source: str, pos: int) -> tuple[str, int] | None:
    """Decode the entity at ``source[pos] == '&'``: (character, next position) or None if invalid."""
    n = len(source)

    def at(i: int) -> str:
        return source[i] if i < n else "\0"

    end = pos + 1
    code = 0
    if at(pos + 1) == "#":
        end += 1
        if at(pos + 2) == "x":
            end += 1
            while at(end) in _HEX and at(end) != "\0":
                code = code * 16 + int(at(end), 16)
                end += 1
        else:
            while at(end).isascii() and at(end).isdigit():
                code = code * 10 + int(at(end))
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
        char = chr(code)
    else:
        while at(end).isascii() and at(end).isalpha():
            end += 1
        named = _NAMED_ENTITIES.get(source[pos + 1 : end])
        if named is None:
            return None
        char = named
    if 0xD800 <= ord(char) <= 0xDFFF:
        raise HtmlParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched "
            "surrogate code units"
        )
    if at(end) == ";":
        end += 1
    return char, end


def _checked_link(url: str) -> str:
    """Telegram's normalisation of an ``<a href>``: '' when it is not a usable link."""
    url = url.strip()
    match = re.fullmatch(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\s]+)([^\s]*)", url)
    if match is None:
        if re.fullmatch(r"[\w-]+(\.[\w-]+)+(:\d+)?([/?#]\S*)?", url):
            return _checked_link("http://" + url)
        return ""
    scheme, host, rest = match.group(1).lower(), match.group(2), match.group(3)
    if scheme in ("http", "https"):
        if not rest.startswith("/"):
            rest = "/" + rest
        return f"{scheme}://{host}{rest}"
    if scheme in ("tg", "ton", "ftp"):
        return url
    return ""


def parse_html(source: str, *, strict_ampersand: bool = True) -> tuple[str, list[Entity]]:
    """Parse Telegram-HTML into (plain text, entities) or raise :class:`HtmlParseError`.

    Follows tdlib's parser: same tags, attributes, entity decoding and error messages with UTF-8
    byte offsets.  ``strict_ampersand`` additionally refuses a bare ``&`` (see the module docstring).
    """
    n = len(source)

    def at(i: int) -> str:
        return source[i] if i < n else "\0"

    def byte_offset(i: int) -> int:
        return len(source[:i].encode("utf-8", "surrogatepass"))

    out: list[str] = []
    utf16 = 0
    entities: list[Entity] = []
    stack: list[_OpenTag] = []
    i = 0
    while i < n:
        c = source[i]
        if c == "&":
            decoded = _decode_html_entity(source, i)
            if decoded is not None:
                char, i = decoded
                out.append(char)
                utf16 += utf16_len(char)
                continue
            if strict_ampersand:
                raise HtmlParseError(
                    f'Character "&" at byte offset {byte_offset(i)} starts no HTML entity; escape it as '
                    "&amp; (the fake Bot API is stricter than Telegram here)"
                )
        if c != "<":
            out.append(c)
            utf16 += utf16_len(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != "/":
            while at(i) not in _HTML_SPACES and at(i) != ">":
                i += 1
            if i >= n:
                raise HtmlParseError(f"Unclosed start tag at byte offset {byte_offset(begin)}")
            tag = source[begin + 1 : i].lower()
            if tag not in _HTML_TAGS:
                raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {byte_offset(begin)}')
            argument, expandable, i = _parse_attributes(source, i, tag, byte_offset(begin), byte_offset)
            if tag == "span" and argument != "spoiler":
                raise HtmlParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}'
                )
            stack.append(_OpenTag(tag, argument, utf16, len(out), expandable))
            i += 1  # skip '>'
            continue

        # an end tag
        if not stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {byte_offset(begin)}")
        while at(i) not in _HTML_SPACES and at(i) != ">":
            i += 1
        end_tag = source[begin + 2 : i].lower()
        while i < n and at(i) in _HTML_SPACES:
            i += 1
        if at(i) != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {byte_offset(begin)}")
        opened = stack[-1]
        if end_tag and end_tag != opened.tag:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {byte_offset(begin)}, expected "</{opened.tag}>", '
                f'found "</{end_tag}>"'
            )
        if utf16 > opened.utf16_offset:
            _add_html_entity(entities, opened, utf16 - opened.utf16_offset, "".join(out[opened.out_index :]))
        stack.pop()
        i += 1
    if stack:
        raise HtmlParseError(f"Can't find end tag corresponding to start tag {stack[-1].tag}")
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _parse_attributes(
    source: str, i: int, tag: str, tag_offset: int, byte_offset: Callable[[int], int]
) -> tuple[str, bool, int]:
    """Parse the attributes of a start tag from ``i`` up to its '>': (argument, expandable, pos)."""
    n = len(source)

    def at(j: int) -> str:
        return source[j] if j < n else "\0"

    argument = ""
    expandable = False
    while at(i) != ">":
        while i < n and at(i) in _HTML_SPACES:
            i += 1
        if at(i) == ">":
            break
        name_begin = i
        while at(i) not in _HTML_SPACES and at(i) not in "=>":
            i += 1
        name = source[name_begin:i]
        if not name:
            raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {tag_offset}')
        while i < n and at(i) in _HTML_SPACES:
            i += 1
        if at(i) != "=":
            if tag == "blockquote" and name.lower() == "expandable":
                expandable = True
                continue
            raise HtmlParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" at byte offset '
                f"{tag_offset}"
            )
        i += 1
        while i < n and at(i) in _HTML_SPACES:
            i += 1
        if i >= n:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {tag_offset}')
        if at(i) not in "'\"":
            token_begin = i
            while at(i).isascii() and (at(i).isalnum() or at(i) in ".-"):
                i += 1
            value = source[token_begin:i].lower()
            if at(i) not in _HTML_SPACES and at(i) != ">":
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {byte_offset(token_begin)}"
                )
        else:
            quote = source[i]
            i += 1
            chars: list[str] = []
            while i < n and source[i] != quote:
                if source[i] == "&":
                    decoded = _decode_html_entity(source, i)
                    if decoded is not None:
                        chars.append(decoded[0])
                        i = decoded[1]
                        continue
                chars.append(source[i])
                i += 1
            if i < n:
                i += 1
            value = "".join(chars)
        if i >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {tag_offset}")
        if tag == "a" and name == "href":
            argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif tag == "tg-emoji" and name == "emoji-id":
            argument = value
    return argument, expandable, i


def _add_html_entity(entities: list[Entity], opened: _OpenTag, length: int, inner_text: str) -> None:
    """Append the entity for a closed tag, merging <pre><code class=...> like tdlib."""
    tag, offset = opened.tag, opened.utf16_offset
    last = entities[-1] if entities else None
    same_range = last is not None and last["offset"] == offset and last["length"] == length
    if tag in _SIMPLE_TAG_TYPES:
        entities.append({"type": _SIMPLE_TAG_TYPES[tag], "offset": offset, "length": length})
    elif tag == "tg-emoji":
        if not opened.argument.isdigit() or int(opened.argument) == 0:
            raise HtmlParseError("Invalid custom emoji identifier specified")
        entities.append(
            {"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": opened.argument}
        )
    elif tag == "a":
        url = opened.argument or inner_text
        user = re.fullmatch(r"tg://user\?id=(\d+)", url.strip())
        if user:
            mentioned = {"id": int(user.group(1)), "is_bot": False, "first_name": ""}
            entities.append({"type": "text_mention", "offset": offset, "length": length, "user": mentioned})
        elif checked := _checked_link(url):
            entities.append({"type": "text_link", "offset": offset, "length": length, "url": checked})
    elif tag == "pre":
        if last is not None and same_range and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "code":
        if last is not None and same_range and last["type"] == "pre" and opened.argument:
            last["language"] = opened.argument
        else:
            entity = {"type": "code", "offset": offset, "length": length}
            if opened.argument:
                entity["language"] = opened.argument  # dropped again unless a <pre> wraps it
            entities.append(entity)
    elif tag == "blockquote":
        kind = "expandable_blockquote" if opened.expandable else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})


_AUTO_ENTITY_RE = re.compile(
    r"(?P<bot_command>(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w@]))"
    r"|(?P<mention>(?<![\w@])@[A-Za-z0-9_]{5,32}(?!\w))"
    r"|(?P<url>\bhttps?://[^\s<>\"]+)"
    r"|(?P<hashtag>(?<![\w#])#\w*[^\W\d]\w*)"
)


def detect_entities(text: str) -> list[Entity]:
    """Entities Telegram attaches to a user's text: bot_command, mention, url and hashtag."""
    entities: list[Entity] = []
    for match in _AUTO_ENTITY_RE.finditer(text):
        kind = match.lastgroup or ""
        entities.append(
            {"type": kind, "offset": utf16_len(text[: match.start()]), "length": utf16_len(match.group())}
        )
    return entities
