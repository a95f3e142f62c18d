"""The running bot when its database fails, and when another process polls with its token.

Users still get their answers (a storage fault never replaces or delays one), the event loop never
waits for a write, and ``/healthz`` tells the truth: 503 while storage fails or Telegram answers 409
Conflict, 200 again once storage works.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from fakes.telegram import FakeBotAPI, make_user
from helpers import free_port, running_bot

from bot.core.engine import Reply
from bot.curation.storage import DATABASE_NAME
from bot.tg.context import BotServices

APOLOGY_DE = "Entschuldigung, da ist etwas schiefgelaufen."
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"


def other_connection(services: BotServices, tmp_path: Path) -> sqlite3.Connection:
    """Another process's connection to the running bot's database."""
    return sqlite3.connect(tmp_path / "data" / DATABASE_NAME, isolation_level=None)


async def health(http: aiohttp.ClientSession, port: int) -> tuple[int, dict[str, Any]]:
    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
        return response.status, await response.json()


async def test_answers_go_out_while_the_database_cannot_be_written_and_health_says_so(
    api: FakeBotAPI, services: BotServices, tmp_path: Path
) -> None:
    port = free_port()
    other = other_connection(services, tmp_path)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock: every write fails
    users = [make_user(f"User{i}", id=880_000 + i, language_code="de") for i in range(40)]
    async with running_bot(api, services, tmp_path, wbv_health_port=port), aiohttp.ClientSession() as http:
        for number, user in enumerate(users):
            api.send_text(user, None, f"Wie wird das Wetter morgen in Ort {number}?")  # fallbacks: stored
        await api.wait_for_messages(40, timeout=30)
        await api.wait_until(lambda: services.health.storage.errors > 0, timeout=10, what="a failed write")
        faulty = await health(http, port)
        other.execute("ROLLBACK")
        api.send_text(users[0], None, "Wer ist Olaf Scholz?")
        await api.wait_for_messages(41, timeout=10)
        await api.wait_until(lambda: services.health.storage.ok, timeout=30, what="a successful write")
        healthy = await health(http, port)
    for user in users:
        [first, *_] = [m for m in api.sent_messages if m.chat_id == user.id]
        assert first.plain_text.startswith(("Dazu finde ich leider nichts", "Meinten Sie")), first.plain_text
    assert not any(APOLOGY_DE in m.plain_text for m in api.sent_messages)
    assert faulty[0] == 503 and faulty[1]["status"] == "unhealthy"
    assert faulty[1]["storage"] == "fault" and faulty[1]["storage_errors"] >= 1
    assert healthy[0] == 200 and healthy[1]["storage"] == "ok"
    assert "wer ist olaf scholz" in [gap.question for gap in services.gaps.gaps()]


async def test_a_write_that_hangs_holds_up_no_answer(
    api: FakeBotAPI, services: BotServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    release = threading.Event()
    record = services.gaps.record

    def hanging_record(reply: Reply) -> None:
        events.append("write started")
        release.wait(timeout=10)
        events.append("write finished")
        record(reply)

    monkeypatch.setattr(services.gaps, "record", hanging_record)
    anna = make_user("Anna", id=990_001, language_code="de")
    ben = make_user("Ben", id=990_002, language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "Wie wird das Wetter morgen?")
        [answer] = await api.wait_for_messages(1, chat_id=anna.id)
        await api.wait_until(lambda: "write started" in events, what="the write of Anna's question")
        api.send_text(ben, None, "Wer ist Marc Brandt?")
        await api.wait_for_messages(1, chat_id=ben.id)
        events.append("Ben answered")
        release.set()
        await api.wait_until(lambda: "write finished" in events, what="the write to end")
    assert events == ["write started", "Ben answered", "write finished"]
    assert answer.plain_text.startswith("Dazu finde ich leider nichts")
    assert [gap.question for gap in services.gaps.gaps()] == ["wie wird das wetter morgen"]


async def test_a_read_fault_answers_in_telegrams_language_and_the_apology_needs_no_database(
    api: FakeBotAPI, services: BotServices, tmp_path: Path
) -> None:
    port = free_port()
    other = other_connection(services, tmp_path)
    anna = make_user("Anna", id=990_003, language_code="de")
    async with running_bot(api, services, tmp_path, wbv_health_port=port), aiohttp.ClientSession() as http:
        api.send_text(anna, None, "/sprache en")
        await api.wait_for_messages(1)
        other.execute("ALTER TABLE language_choice RENAME TO unreadable")  # reading the choice fails now
        api.send_text(anna, None, "Wer ist Marc Brandt?")
        await api.wait_for_messages(2)
        faulty = await health(http, port)
        api.send_text(anna, None, "/sprache en")  # storing the choice fails: an apology, in German
        await api.wait_for_messages(3)
        other.execute("ALTER TABLE unreadable RENAME TO language_choice")
        api.send_text(anna, None, "/sprache en")
        api.send_text(anna, None, "Wer ist Marc Brandt?")
        await api.wait_for_messages(5)
        healthy = await health(http, port)
    texts = [m.plain_text for m in api.sent_messages]
    assert "Marc Brandt kommt laut Dokumentation" in texts[1]  # Telegram's language, not the stored one
    assert texts[2].startswith(APOLOGY_DE)
    assert texts[3] == "I will answer you in English from now on."
    assert "According to the documentation, Marc Brandt" in texts[4]
    assert faulty[0] == 503 and faulty[1]["storage"] == "fault"
    assert healthy[0] == 200 and healthy[1]["storage"] == "ok"


async def test_a_409_conflict_is_logged_once_fails_health_and_polling_goes_on(
    api: FakeBotAPI, services: BotServices, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    anna = make_user("Anna", id=990_004, language_code="de")
    caplog.set_level(logging.INFO, logger="bot.tg.app")
    async with running_bot(api, services, tmp_path, wbv_health_port=port), aiohttp.ClientSession() as http:
        healthy = await health(http, port)
        api.fail_next("getUpdates", times=3, status=409, description=CONFLICT)
        api.send_text(anna, None, "Wer ist Marc Brandt?")  # ends the pending poll; the next three get 409
        await api.wait_for_messages(1)
        conflicts = lambda: [f for f in api.faults if f.method.lower() == "getupdates"]  # noqa: E731
        await api.wait_until(lambda: len(conflicts()) == 3, timeout=15, what="three 409 answers")
        in_conflict = await health(http, port)
        api.send_text(anna, None, "Wer ist Monika Luger?")
        await api.wait_for_messages(2, timeout=15)
    lines = [r for r in caplog.records if "409 Conflict" in r.getMessage()]
    assert len(lines) == 1 and lines[0].exc_info is None
    assert "another process polls with this token" in lines[0].getMessage()
    assert healthy[0] == 200 and healthy[1]["polling_conflict"] is False
    assert in_conflict[0] == 503 and in_conflict[1]["polling_conflict"] is True
