"""Turning an engine :class:`~bot.core.engine.Reply` into Telegram HTML messages.

All text from the knowledge base and from users is escaped; the only markup we add is ``<b>`` around
the title. Text is split into messages at paragraph boundaries (then lines, then words) and never
inside a tag, because the bold title is always a paragraph of its own.
"""

from __future__ import annotations

import re
from html import escape, unescape

from telegram.constants import MessageLimit

from bot.core.engine import Reply

MAX_MESSAGE_LENGTH = MessageLimit.MAX_TEXT_LENGTH  # in UTF-16 code units of the parsed text


_TAG = re.compile(r"<[^<>]*>")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_length(html: str) -> int:
    """Length as Telegram counts it: UTF-16 code units of the text after tags and entities are parsed."""
    return utf16_length(unescape(_TAG.sub("", html)))


def reply_paragraphs(reply: Reply) -> list[str]:
    """The reply as HTML paragraphs: a bold title (if any), then the escaped body's paragraphs."""
    paragraphs = [f"<b>{escape(reply.title, quote=False)}</b>"] if reply.title else []
    paragraphs += [escape(part, quote=False) for part in reply.body.split("\n\n") if part.strip()]
    return paragraphs or [escape(reply.body, quote=False) or "…"]


def plain_messages(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """A plain text as escaped HTML messages under ``limit``, split at paragraphs, then lines, then words."""
    paragraphs = [escape(part, quote=False) for part in text.split("\n\n")]
    return split_messages(paragraphs, limit) or [escape(text, quote=False)]


def split_messages(paragraphs: list[str], limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Pack paragraphs into as few messages as fit under ``limit``, splitting oversized ones."""
    messages: list[str] = []
    current = ""
    for piece in _pieces(paragraphs, limit):
        candidate = f"{current}\n\n{piece}" if current else piece
        if visible_length(candidate) <= limit:
            current = candidate
        else:
            messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages


def _pieces(paragraphs: list[str], limit: int) -> list[str]:
    """Paragraphs, with any longer than ``limit`` cut at line breaks, then spaces, then anywhere."""
    pieces: list[str] = []
    for paragraph in paragraphs:
        pieces.extend(_cut(paragraph, limit, ("\n", " ", "")))
    return pieces


def _cut(text: str, limit: int, separators: tuple[str, ...]) -> list[str]:
    if visible_length(text) <= limit:
        return [text]
    separator, rest = separators[0], separators[1:]
    if not separator:
        return _cut_anywhere(text, limit)
    parts: list[str] = []
    current = ""
    for part in text.split(separator):
        candidate = f"{current}{separator}{part}" if current else part
        if visible_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        if visible_length(part) <= limit:
            current = part
        else:
            parts.extend(_cut(part, limit, rest))
            current = ""
    if current:
        parts.append(current)
    return parts


def _cut_anywhere(text: str, limit: int) -> list[str]:
    """Last resort for a word longer than a message; never cuts an HTML entity such as ``&amp;``."""
    parts: list[str] = []
    current, length = "", 0
    for char in _entity_aware_chars(text):
        size = visible_length(char)
        if length + size > limit:
            parts.append(current)
            current, length = "", 0
        current += char
        length += size
    return [*parts, current] if current else parts


def _entity_aware_chars(text: str) -> list[str]:
    chars: list[str] = []
    i = 0
    while i < len(text):
        end = text.find(";", i) if text[i] == "&" else -1
        step = end - i + 1 if 0 < end - i <= 8 else 1
        chars.append(text[i : i + step])
        i += step
    return chars
