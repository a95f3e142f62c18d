"""The gaps inbox's choices: open groups only, the last week first, ignoring deletes, masks are dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.engine import AnswerEngine
from bot.curation.gaps import GapLog
from bot.curation.inbox import find_item, ignore, open_items, phrasing_of, short_key
from bot.curation.storage import Database

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def log_with(tmp_path: Path, engine: AnswerEngine, asked: list[tuple[str, timedelta]]) -> GapLog:
    clock = {"now": NOW}
    log = GapLog(Database(tmp_path), retention_days=90, now=lambda: clock["now"])
    for question, ago in asked:
        clock["now"] = NOW - ago
        log.record(engine.answer(question))
    return log


def test_open_groups_come_last_week_first_and_answered_ones_leave(
    tmp_path: Path, shipped_engine: AnswerEngine
) -> None:
    asked = [
        ("Wie ist das WLAN-Passwort?", timedelta(days=20)),
        ("Wie ist das WLAN-Passwort?", timedelta(days=21)),
        ("Gibt es vegetarisches Essen?", timedelta(days=1)),
        ("Wer ist Marc Brandt?", timedelta(days=1)),  # answered: never stored
    ]
    log = log_with(tmp_path, shipped_engine, asked)
    items = open_items(log, shipped_engine, NOW)
    assert [(item.group.representative, item.recent, item.group.count) for item in items] == [
        ("gibt es vegetarisches essen", True, 1),
        ("wie ist das wlan passwort", False, 2),
    ]
    assert find_item(log, shipped_engine, NOW, short_key("wie ist das wlan passwort")) == items[1]
    assert ignore(log, items[1]) == 2
    assert [item.group.representative for item in open_items(log, shipped_engine, NOW)] == [
        "gibt es vegetarisches essen"
    ]


def test_a_phrasing_drops_what_masking_replaced() -> None:
    assert phrasing_of("wann ist am ‹Datum› das treffen in ‹Ort›") == "wann ist am das treffen in"
    assert phrasing_of("‹E-Mail›") == ""
    assert short_key("a") == short_key("a") != short_key("b") and len(short_key("a")) == 10
