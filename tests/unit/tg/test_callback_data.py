"""Button data: every kind of press survives a round trip, and anything else decodes to nothing."""

from __future__ import annotations

import pytest

from bot.tg.callback_data import MAX_CALLBACK_BYTES, Action, Press, decode


@pytest.mark.parametrize(
    ("action", "data"),
    [
        (Action(Press.FOLLOW_UP, "workshop_1"), "a:workshop_1"),
        (Action(Press.SUGGESTION, "marc_brandt"), "s:marc_brandt"),
        (Action(Press.MENU_ENTRY, "ablauf", "main"), "v:main:ablauf"),
        (Action(Press.MENU, "kontakte"), "m:kontakte"),
        (Action(Press.LANGUAGE, "en"), "l:en"),
    ],
)
def test_round_trip(action: Action, data: str) -> None:
    assert action.encode() == data
    assert decode(data) == action


@pytest.mark.parametrize(
    "data",
    [None, "", "a", "a:", "x:workshop_1", "v:main", "v::ablauf", "l:fr", "m:" + "x" * MAX_CALLBACK_BYTES],
)
def test_malformed_or_unknown_data_decodes_to_nothing(data: str | None) -> None:
    assert decode(data) is None


def test_data_longer_than_telegram_allows_is_refused_when_encoding() -> None:
    with pytest.raises(ValueError, match="too long"):
        Action(Press.FOLLOW_UP, "x" * MAX_CALLBACK_BYTES).encode()
