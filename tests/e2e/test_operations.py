"""Operations end to end: privacy of the database, admin commands, live reload, health, logs."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import sqlite3
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from fakes.telegram import FakeBotAPI, make_group, make_user
from helpers import ADMIN_ID, BOT_USERNAME, TOKEN, free_port, make_services, running_bot, running_webhook_bot

from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.engine import AnswerEngine
from bot.curation.storage import DATABASE_NAME
from bot.logs import configure_logging
from bot.tg.health import Health
from bot.tg.retries import RetryingLimiter


def database_text(data_dir: Path) -> str:
    """Every value in every table, as text."""
    connection = sqlite3.connect(data_dir / DATABASE_NAME)
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    values = [str(v) for table in tables for row in connection.execute(f"SELECT * FROM {table}") for v in row]
    connection.close()
    return "\n".join(values)


async def test_the_database_never_holds_identity(api: FakeBotAPI, services, tmp_path: Path) -> None:
    anna = make_user("Annabella", id=777001, language_code="de", username="annabella_b")
    bob = make_user("Roberto", id=777002, language_code="en", username="roberto_r")
    async with running_bot(api, services, tmp_path):
        for user, question in [(anna, "Wer ist Olaf Scholz?"), (bob, "Who won the match yesterday?"),
                               (anna, "Helmut Schmidt"), (bob, "Wer ist Marc Brandt?")]:  # fmt: skip
            api.send_text(user, None, question)
        api.send_inline_query(bob, "popup")
        await api.wait_for_messages(4)
        await api.wait_until(lambda: len(api.inline_answers) == 1)
    stored = database_text(tmp_path / "data")
    assert "wer ist olaf scholz" in stored and "helmut schmidt" in stored
    for identity in ("777001", "777002", "Annabella", "Roberto", "annabella_b", "roberto_r", str(anna.id)):
        assert identity not in stored
    gaps = services.gaps.gaps()
    assert [g.question for g in gaps] == [
        "wer ist olaf scholz",
        "who won the match yesterday",
        "helmut schmidt",
    ]
    [today] = services.usage.figures(1)
    assert (today.questions, today.answers, today.inline_queries) == (4, 1, 1)


async def test_personal_data_in_questions_is_masked_but_known_names_kept(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "Ist Frau Luger mit Erika Mustermann verwandt?")
        api.send_text(anna, None, "Ich bin erika mustermann, geboren am 12.03.1985, und wohne in der "
                                  "Musterstraße 12, 10115 Berlin. Tel. (0171) 123-4567")  # fmt: skip
        await api.wait_for_messages(2)
    stored = database_text(tmp_path / "data")
    assert "ist frau luger mit ‹Name› verwandt" in stored  # Luger is in the knowledge base
    assert "ich bin ‹Name› geboren am ‹Datum› und wohne in der ‹Adresse› tel ‹Telefon›" in stored
    for personal in ("erika", "mustermann", "1985", "musterstr", "10115", "4567"):
        assert personal not in stored.lower()


async def test_forget_deletes_the_stored_language(api: FakeBotAPI, services, tmp_path: Path) -> None:
    """/vergessen says exactly what it deleted, and that unanswered questions stay, linked to no one."""
    services.gaps.retention = timedelta(days=30)  # as with WBV_RETENTION_DAYS=30
    anna = make_user("Anna", id=555, language_code="de")
    bob = make_user("Bob", id=556, language_code="en")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "/sprache en")
        await api.wait_for_messages(1)
        assert services.preferences.get(555) == "en"
        assert "555" in database_text(tmp_path / "data")
        for number, (user, command) in enumerate(
            [(anna, "/forget"), (anna, "/vergessen"), (anna, "/datenschutz"), (bob, "Who is Monika Luger?"),
             (bob, "/forget"), (bob, "/forget"), (bob, "/privacy")], start=2,
        ):  # fmt: skip
            api.send_text(user, None, command)
            await api.wait_for_messages(number)
    texts = [m.plain_text for m in api.sent_messages]
    kept_en = (
        "Questions I could not answer are stored with no link to you: they cannot be traced to you and so "
        "cannot be deleted for you, but they are deleted automatically after 30 days."
    )
    kept_de = (
        "Fragen, die ich nicht beantworten konnte, sind ohne Bezug zu Ihnen gespeichert: Sie lassen sich "
        "Ihnen nicht zuordnen und darum nicht für Sie löschen, werden aber nach 30 Tagen automatisch "
        "gelöscht."
    )
    assert texts[1] == (
        "Done: your language choice is deleted and the topics of the last answers are forgotten. " + kept_en
    )
    assert texts[2] == (
        "Für Sie sind weder eine Sprachwahl noch die Themen letzter Antworten gespeichert. " + kept_de
    )
    assert texts[3].startswith("Datenschutz – was dieser Bot speichert:") and "nach 30 Tagen" in texts[3]
    assert "Nutzer- oder Chat-Kennung, und Namen, E-Mail-Adressen, Telefonnummern, Anschriften" in texts[3]
    assert "nicht auf Ihren Wunsch löschen (auch nicht mit /vergessen)" in texts[3]
    assert "• Die Themen der letzten beiden Antworten in diesem Chat" in texts[3]
    assert "nur im Arbeitsspeicher, nie auf die Festplatte geschrieben" in texts[3]
    assert "nach zehn Minuten ohne neue Frage vergessen. /vergessen löscht sie sofort." in texts[3]
    forgotten = "Done: the topics of the last answers are forgotten. No language choice was stored. "
    assert texts[5] == forgotten + kept_en
    assert texts[6] == "Neither a language choice nor the topics of last answers are stored for you. " + (
        kept_en
    )
    assert texts[7].startswith("Privacy – what this bot stores:") and "after 30 days" in texts[7]
    assert "cannot be deleted at your request (not by /forget either)" in texts[7]
    assert "{days}" not in "".join(texts)
    assert "nichts mehr gespeichert" not in "".join(texts) and "Nothing about you" not in "".join(texts)
    assert services.preferences.get(555) is None
    assert "555" not in database_text(tmp_path / "data")


async def test_admin_commands_are_refused_for_others(api: FakeBotAPI, services, tmp_path: Path) -> None:
    admin = make_user("Admin", id=ADMIN_ID, language_code="de")
    visitor = make_user("Visitor", id=1234, language_code="de")
    async with running_bot(api, services, tmp_path):
        api.send_text(visitor, None, "Wer ist Olaf Scholz?")
        await api.wait_for_messages(1)
        for user in (visitor, admin):
            api.send_text(user, None, "/stats")
            api.send_text(user, None, "/reload")
        await api.wait_for_messages(5)
    replies = {(m.chat_id, m.plain_text.split("\n")[0]) for m in api.sent_messages[1:]}
    assert replies == {
        (visitor.id, "Diesen Befehl kenne ich nicht. /hilfe zeigt, was ich kann."),
        (admin.id, f"{time.strftime('%Y-%m-%d', time.gmtime())}: 1 questions (answered 0, suggestions 0, "
                   "fallback 1), inline 0, languages: de 1"),
        (admin.id, f"knowledge base unchanged (version {services.engine.kb.version})"),
    }  # fmt: skip


async def test_admin_commands_work_only_in_a_private_chat(api: FakeBotAPI, services, tmp_path: Path) -> None:
    """In a group the figures would reach every member: there an admin command is an unknown command."""
    admin = make_user("Admin", id=ADMIN_ID, language_code="de")
    group = make_group()
    async with running_bot(api, services, tmp_path):
        for command in ("/stats", "/reload", f"/stats@{BOT_USERNAME}", f"/reload@{BOT_USERNAME}"):
            api.send_text(admin, group, command)
        await api.wait_for_messages(2)
        api.send_text(admin, None, "/stats")
        await api.wait_for_messages(3)
    unknown = "Diesen Befehl kenne ich nicht. /hilfe zeigt, was ich kann."
    assert [(m.chat_id, m.plain_text) for m in api.sent_messages[:2]] == [(group.id, unknown)] * 2
    assert (api.sent_messages[2].chat_id, api.sent_messages[2].plain_text) == (
        admin.id,
        "No usage recorded in this period.",  # the figures; no one asked a question yet
    )


async def test_inline_results_are_personal_as_they_follow_the_users_language(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    anna, bob = make_user("Anna", language_code="de"), make_user("Bob", language_code="en")
    async with running_bot(api, services, tmp_path):
        api.send_inline_query(anna, "popup store")
        await api.wait_until(lambda: len(api.inline_answers) == 1)
        api.send_inline_query(bob, "popup store")
        await api.wait_until(lambda: len(api.inline_answers) == 2)
    german, english = api.inline_answers.values()
    assert german.results[0]["title"].startswith("Pop-up-Store")
    assert english.results[0]["title"].startswith("Pop-up store")
    assert german.is_personal and english.is_personal  # else Telegram may serve one to the other


def copy_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def test_live_reload_keeps_the_last_good_base_and_tells_admins_once(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    kb = copy_knowledge(tmp_path)
    services = make_services(AnswerEngine.from_directory(kb), tmp_path / "data", kb)
    admin = make_user("Admin", id=ADMIN_ID, language_code="de")
    anna = make_user("Anna", language_code="de")
    original_version = services.engine.kb.version
    async with running_bot(api, services, tmp_path, wbv_reload_interval=0.1):
        api.send_text(admin, None, "/start")  # the admin's chat exists, so notifications can be sent
        await api.wait_for_messages(1)

        # a broken edit: a dangling related id
        edit(kb / "people.yaml", "related: [workshop_1, popup_store, inskills2go, kontakt_netzwerkpartner]",
             "related: [workshop_1, gibt_es_nicht]")  # fmt: skip
        await api.wait_for_messages(2, chat_id=admin.id, timeout=10)
        warning = api.sent_messages[-1].plain_text
        assert "has 1 error(s); the bot keeps answering from version " + original_version in warning
        assert "people.yaml" in warning and "entry 'marc_brandt'" in warning and "gibt_es_nicht" in warning
        await asyncio.sleep(0.5)  # several more polls of the same broken version: no second message
        api.send_text(anna, None, "Wer ist Marc Brandt?")
        await api.wait_for_messages(3)
        assert services.engine.kb.version == original_version

        # a good edit is picked up without a restart
        edit(kb / "people.yaml", "related: [workshop_1, gibt_es_nicht]", "related: [workshop_1]")
        edit(kb / "people.yaml", "Marc Brandt kommt laut", "Marc Brandt (neu geladen) kommt laut")
        await api.wait_until(lambda: services.engine.kb.version != original_version, timeout=10)
        api.send_text(anna, None, "Wer ist Marc Brandt?")
        await api.wait_for_messages(4)
    admin_messages = [m for m in api.sent_messages if m.chat_id == admin.id]
    assert len(admin_messages) == 2  # the greeting and exactly one warning
    anna_answers = [m.plain_text for m in api.sent_messages if m.chat_id == anna.id]
    assert "(neu geladen)" not in anna_answers[0]
    assert "Marc Brandt (neu geladen) kommt" in anna_answers[1]


async def test_a_long_reload_report_reaches_the_admin_whole_in_several_messages(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    kb = copy_knowledge(tmp_path)
    services = make_services(AnswerEngine.from_directory(kb), tmp_path / "data", kb)
    broken = "entries:\n" + "".join(  # 200 entries without an answer: 200 problems, some 13,000 characters
        f"  - id: kaputt_{n:03}\n    title: {{de: Kaputt {n}, en: Broken {n}}}\n"
        f'    questions: ["Kaputt {n}?"]\n    source: Test\n'
        for n in range(200)
    )
    (kb / "broken.yaml").write_text(broken, encoding="utf-8")
    admin = make_user("Admin", id=ADMIN_ID, language_code="de")

    def admin_text() -> str:
        return "\n".join(m.plain_text for m in api.sent_messages if m.chat_id == admin.id)

    async with running_bot(api, services, tmp_path, wbv_reload_interval=3600):
        api.send_text(admin, None, "/reload")
        # the notice to the admins and the answer to /reload, each complete
        await api.wait_until(lambda: admin_text().count("entry 'kaputt_199'") == 2, timeout=20)
    messages = [m.plain_text for m in api.sent_messages if m.chat_id == admin.id]
    assert len(messages) >= 4  # several messages each, every one under Telegram's limit (the fake checks)
    assert not [m for m in messages if "schiefgelaufen" in m or "went wrong" in m]
    text = admin_text()
    assert "has 200 error(s)" in text and "more" not in text
    for n in range(200):
        assert f"broken.yaml:{4 * n + 2}, entry 'kaputt_{n:03}', field 'answer': missing field" in text


async def test_every_question_is_answered_from_one_whole_knowledge_base(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    kb = copy_knowledge(tmp_path)
    services = make_services(AnswerEngine.from_directory(kb), tmp_path / "data", kb)
    users = [make_user(f"U{n}", language_code="de") for n in range(40)]
    async with running_bot(api, services, tmp_path):
        for user in users:
            api.send_text(user, None, "Wer ist Marc Brandt?")
        # version B changes Marc Brandt's answer and the title of a follow-up shown under it
        edit(
            kb / "people.yaml",
            "Marc Brandt kommt laut Dokumentation",
            "Marc Brandt (B) kommt laut Dokumentation",
        )
        edit(
            kb / "workshops.yaml",
            'de: "Workshop 1: Netzwerkpartner"',
            'de: "Workshop 1 (B): Netzwerkpartner"',
        )
        reload_task = asyncio.create_task(services.knowledge.reload("test"))
        for user in users:
            api.send_text(user, None, "Wer ist Marc Brandt?")  # answered while the reload runs
        await reload_task
        for user in users:
            api.send_text(user, None, "Wer ist Marc Brandt?")  # answered from version B
        await api.wait_for_messages(120, timeout=20)
    versions = set()
    for message in api.sent_messages:
        body_is_new = "Marc Brandt (B) kommt" in message.plain_text
        button_is_new = "Workshop 1 (B): Netzwerkpartner" in str(message.reply_markup)
        assert body_is_new == button_is_new  # never a mix of two knowledge bases
        versions.add(body_is_new)
    assert versions == {True, False}


async def test_health_check_reports_and_fails_when_the_api_is_unreachable(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    port = free_port()
    services = replace(services, health=Health(max_silence=1.0))
    async with (
        running_bot(api, services, tmp_path, wbv_health_port=port),
        aiohttp.ClientSession() as http,
    ):
        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
            healthy = (response.status, await response.json())
        api.fail_next("*", times=10_000, status=500)  # the Bot API only answers with server errors now
        await asyncio.sleep(2.0)
        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
            unhealthy = (response.status, await response.json())
        api.clear_faults()
    assert healthy[0] == 200
    assert healthy[1]["status"] == "ok"
    assert healthy[1]["knowledge_version"] == services.engine.kb.version
    assert healthy[1]["entries"] == len(services.engine.kb.entries)
    assert healthy[1]["answers_waiting"] == 0
    assert healthy[1]["uptime_s"] >= 0
    assert unhealthy[0] == 503 and unhealthy[1]["status"] == "unhealthy"
    assert unhealthy[1]["last_api_contact_s"] > 1.0


async def test_webhook_server_also_serves_the_health_check(services, tmp_path: Path) -> None:
    async with (
        FakeBotAPI(token=TOKEN) as api,
        running_webhook_bot(api, services, tmp_path) as port,
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        assert response.status == 200
        assert (await response.json())["status"] == "ok"


@pytest.mark.parametrize("as_json", [False, True])
async def test_log_lines_carry_no_token_and_no_message_text_at_info(
    api: FakeBotAPI, services, tmp_path: Path, capfd, as_json: bool
) -> None:
    configure_logging([TOKEN], "INFO", as_json=as_json)
    try:
        anna = make_user("Anna", language_code="de")
        async with running_bot(api, services, tmp_path, rate_limiter=RetryingLimiter()):
            api.send_text(anna, None, "Wer ist Monika Luger?")
            api.send_text(anna, None, "Wie ist das Wetter in Berlin?")
            await api.wait_for_messages(2)
        logging.getLogger("bot.test").error("token inside a URL: %s/bot%s/sendMessage", api.base_url, TOKEN)
    finally:
        logging.getLogger().handlers.clear()
    err = capfd.readouterr().err
    assert TOKEN not in err and TOKEN.split(":")[1] not in err
    assert "[REDACTED]" in err
    assert "Monika" not in err and "Wetter" not in err
    lines = [line for line in err.splitlines() if "kind=message" in line or '"kind": "message"' in line]
    assert len(lines) == 2
    if as_json:
        records = [json.loads(line) for line in lines]
        assert [(r["outcome"], r["entry_id"]) for r in records] == [
            ("answer", "monika_luger"),
            ("fallback", None),
        ]
        assert all(r["latency_ms"] >= 0 and r["level"] == "INFO" for r in records)
    else:
        assert "outcome=answer entry_id=monika_luger score=100.0" in lines[0]
        assert "latency_ms=" in lines[1]


async def test_health_command_for_container_health_checks(
    api: FakeBotAPI, services, tmp_path: Path, monkeypatch
) -> None:
    port = free_port()
    monkeypatch.setenv("WBV_HEALTH_PORT", str(port))
    monkeypatch.chdir(tmp_path)
    async with running_bot(api, services, tmp_path, wbv_health_port=port):
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "health", stdout=asyncio.subprocess.PIPE, env={**os.environ}
        )
        stdout, _ = await process.communicate()
    assert process.returncode == 0
    assert json.loads(stdout)["status"] == "ok"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "health",
        "--timeout",
        "1",
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ},
    )
    _, stderr = await process.communicate()
    assert process.returncode == 1 and b"not reachable" in stderr
