"""The callback data of inline buttons: short, typed, and safe to decode from stale messages.

Formats (all well under Telegram's 64 bytes; entry ids have at most 40 characters, menu ids 20):

* ``a:<entry>``: answer an entry in a new message (follow-up buttons)
* ``s:<entry>``: replace a "did you mean" message with the chosen entry's answer
* ``v:<menu>:<entry>``: show an entry inside a menu, in place, with a back button
* ``m:<menu>``: show a menu in place
* ``l:<lang>``: choose the reply language
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telegram.constants import InlineKeyboardButtonLimit

MAX_CALLBACK_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA


class Press(StrEnum):
    """What pressing a button does; the value is its one-letter code in the callback data."""

    FOLLOW_UP = "a"
    SUGGESTION = "s"
    MENU_ENTRY = "v"
    MENU = "m"
    LANGUAGE = "l"


_CODES = frozenset(Press)


@dataclass(frozen=True)
class Action:
    kind: Press
    target: str
    menu: str | None = None

    def encode(self) -> str:
        if self.kind is Press.MENU_ENTRY:
            data = f"{self.kind}:{self.menu}:{self.target}"
        else:
            data = f"{self.kind}:{self.target}"
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data too long: {data!r}")
        return data


def decode(data: str | None) -> Action | None:
    """The action in ``data``, or None for anything malformed or unknown (old bot versions, tampering)."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    code, _, rest = data.partition(":")
    if not rest or code not in _CODES:
        return None
    kind = Press(code)
    if kind is Press.MENU_ENTRY:
        menu, _, target = rest.partition(":")
        return Action(kind, target, menu) if menu and target else None
    if kind is Press.LANGUAGE and rest not in ("de", "en"):
        return None
    return Action(kind, rest)
