"""The curators' gaps inbox: the open groups of unanswered questions, ready to be decided on.

A group is open while the current knowledge base still does not answer its representative question:
once a curator adds the question as a phrasing (or edits the knowledge base), the group leaves the
inbox by itself, and comes back if the phrasing is taken back. "Ignore" deletes the group's stored
questions. Groups of the last week come first, each period's most frequent first.

Groups are named by a short hash of their representative question, so a button can name its group in
Telegram's 64 bytes of callback data and still find it after a restart; a group that has changed or
gone since is simply not found.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.engine import AnswerEngine
from bot.curation.gaps import Gap, GapGroup, GapLog, group_gaps

RECENT = timedelta(days=7)
KEY_CHARS = 10
_MASK = re.compile(r"‹[^›]*›")  # what masking put in place of a name, an e-mail address, a date …


@dataclass(frozen=True)
class InboxItem:
    """One open group: its key for buttons, whether it was asked in the last week, and the phrasing a
    curator can add (the representative question without masked parts; empty if nothing is left)."""

    key: str
    group: GapGroup
    recent: bool
    phrasing: str


def short_key(text: str) -> str:
    """A short stable name of a text (a group's representative question, an added phrasing)."""
    return hashlib.sha256(text.encode()).hexdigest()[:KEY_CHARS]


def phrasing_of(question: str) -> str:
    """``question`` as a phrasing: masked parts dropped (they stand for what a user typed about
    themselves, and would match nothing)."""
    return " ".join(_MASK.sub(" ", question).split())


def open_items(log: GapLog, engine: AnswerEngine, now: datetime) -> list[InboxItem]:
    """Every open group, the last week's first, each period's most frequent first."""
    gaps = log.gaps()
    cutoff = (now - RECENT).strftime("%Y-%m-%dT%H:%MZ")
    recent = [gap for gap in gaps if gap.asked_at >= cutoff]
    older = [gap for gap in gaps if gap.asked_at < cutoff]
    return _items(recent, engine, True) + _items(older, engine, False)


def find_item(log: GapLog, engine: AnswerEngine, now: datetime, key: str) -> InboxItem | None:
    return next((item for item in open_items(log, engine, now) if item.key == key), None)


def ignore(log: GapLog, item: InboxItem) -> int:
    """Delete the group's stored questions, so it leaves the inbox; returns how many were deleted."""
    return log.forget(item.group.questions)


def _items(gaps: list[Gap], engine: AnswerEngine, recent: bool) -> list[InboxItem]:
    return [
        InboxItem(short_key(group.representative), group, recent, phrasing_of(group.representative))
        for group in group_gaps(gaps, engine)
        if not engine.answer(group.representative).matched
    ]
