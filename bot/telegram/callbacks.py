"""Callback data of inline buttons: short, typed, and safe to decode from stale messages.

Formats (all well under Telegram's 64 bytes; entry ids have at most 40 characters, menu ids 20):

* ``a:<entry>``: answer an entry in a new message (follow-up buttons)
* ``s:<entry>``: replace a "did you mean" message with the chosen entry's answer
* ``v:<menu>:<entry>``: show an entry inside a menu, in place, with a back button
* ``m:<menu>``: show a menu in place
* ``l:<lang>``: choose the reply language
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["a", "s", "v", "m", "l"]
MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True)
class Action:
    kind: Kind
    target: str
    menu: str | None = None

    def encode(self) -> str:
        data = f"{self.kind}:{self.menu}:{self.target}" if self.kind == "v" else f"{self.kind}:{self.target}"
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data too long: {data!r}")
        return data


def decode(data: str | None) -> Action | None:
    """The action in ``data``, or None for anything malformed or unknown (old bot versions, tampering)."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    kind, _, rest = data.partition(":")
    if not rest:
        return None
    if kind == "v":
        menu, _, target = rest.partition(":")
        return Action("v", target, menu) if menu and target else None
    if kind in ("a", "s", "m"):
        return Action(kind, rest)
    if kind == "l" and rest in ("de", "en"):
        return Action("l", rest)
    return None
