"""Health beyond Bot API contact: storage faults and a 409 Conflict from another poller."""

from __future__ import annotations

import logging

import pytest
from helpers import Clock
from telegram.error import Conflict, NetworkError

from bot.core.engine import AnswerEngine
from bot.curation.storage import StorageHealth
from bot.tg.app import CONFLICT_LOG_SECONDS, polling_error_callback
from bot.tg.health import CONFLICT_HOLD_S, Health

CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"


def test_a_storage_fault_fails_health_until_storage_works_again(shipped_engine: AnswerEngine) -> None:
    clock, storage = Clock(), StorageHealth()
    health = Health(60, clock, storage=storage)
    health.api_reached()
    assert health.report(shipped_engine)[0]
    storage.failed("write")
    ok, report = health.report(shipped_engine)
    assert not ok and report["status"] == "unhealthy"
    assert (report["storage"], report["storage_errors"]) == ("fault", 1)
    storage.succeeded("read")  # a read says nothing about writing
    assert not health.report(shipped_engine)[0]
    storage.succeeded("write")
    ok, report = health.report(shipped_engine)
    assert ok and (report["storage"], report["storage_errors"]) == ("ok", 1)


def test_conflicts_fail_health_and_are_logged_once_a_minute(
    shipped_engine: AnswerEngine, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    health = Health(60, clock)
    health.api_reached()
    on_error = polling_error_callback(health, clock)
    with caplog.at_level(logging.INFO, logger="bot.tg.app"):
        for _ in range(30):  # PTB retries at least every 30 s: at most 2 a minute, here far more
            on_error(Conflict(CONFLICT))
            clock.now += 1.0
            health.api_reached()  # a 409 is an answer from the Bot API, but not a healthy one
        ok, report = health.report(shipped_engine)
        assert not ok and report["polling_conflict"] is True
        clock.now += CONFLICT_LOG_SECONDS - 30
        on_error(Conflict(CONFLICT))
    lines = [r.getMessage() for r in caplog.records if "409 Conflict" in r.getMessage()]
    assert len(lines) == 2
    assert "(1 time(s) since the last report)" in lines[0] and "(30 time(s)" in lines[1]
    assert "another process polls with this token" in lines[0]
    clock.now += CONFLICT_HOLD_S
    health.api_reached()
    ok, report = health.report(shipped_engine)
    assert ok and report["polling_conflict"] is False


def test_other_polling_errors_are_one_line_each_and_leave_health_alone(
    shipped_engine: AnswerEngine, caplog: pytest.LogCaptureFixture
) -> None:
    health = Health(60, Clock())
    health.api_reached()
    on_error = polling_error_callback(health)
    with caplog.at_level(logging.INFO, logger="bot.tg.app"):
        on_error(NetworkError("connection reset"))
    [record] = caplog.records
    assert "connection reset" in record.getMessage() and record.exc_info is None
    assert health.report(shipped_engine)[0]
