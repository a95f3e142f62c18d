"""Reliability under Bot API faults, and knowledge-base faults that a running bot must survive."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from fakes.telegram import FakeBotAPI, make_user
from helpers import ADMIN_ID, make_services, running_bot

from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.engine import AnswerEngine
from bot.curation.reload import LiveKnowledge

QUESTIONS = {
    "Wer ist Marc Brandt?": "Marc Brandt (InSkills2Go)",
    "Wer ist Monika Luger?": "Monika Luger (ZUKUNFTmobil)",
    "Wer ist Frank Schmidt?": "Frank Schmidt (WBV Mittelhessen)",
    "Wer ist Matthias Rust?": "Matthias Rust (Bildungswerk)",
    "Wer ist Viktor Sauer?": "Viktor Sauer (Agentur für Arbeit)",
    "Wer ist Michael Rudolph?": "Michael Rudolph (DGB)",
    "Was war der Pop-up-Store?": "Pop-up-Store „Die Pfalz qualifiziert“",
    "Was ist die Integrale Landkarte?": "Integrale Landkarte",
    "Wann endete das Werkstattgespräch?": "Ende um 16 Uhr",
    "Was bedeutet KMU?": "Was bedeutet KMU?",
}


async def test_500_questions_under_random_api_faults_are_all_answered(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    users = [make_user(f"User{n}", language_code="de") for n in range(50)]
    api.random_faults(
        seed=7,
        methods=("sendMessage", "getUpdates"),
        error_500=0.08,  # bursts of server errors
        error_429=0.04,  # flood-control answers with retry_after
        drop_before=0.04,  # connection reset before the API accepted the request
        drop_after=0.03,  # connection reset after the message was delivered
        delay=0.03,  # a response slower than the client's time-out
        delay_seconds=1.0,
    )
    # connection resets and errors while polling, on top of the random ones
    api.fail_next("getUpdates", times=1, status=502)
    api.drop_next("getUpdates", when="before")
    api.drop_next("getUpdates", when="after")  # updates sent, response lost: they come again, once
    async with running_bot(api, services, tmp_path, wbv_api_timeout=0.5):
        for question in QUESTIONS:  # ten waves of 50 questions
            for user in users:
                api.send_text(user, None, question)
            await asyncio.sleep(0.2)
        expected = {(user.id, title) for user in users for title in QUESTIONS.values()}
        await api.wait_until(
            lambda: expected <= {(m.chat_id, m.plain_text.split("\n")[0]) for m in api.sent_messages},
            timeout=120,
        )
        api.random_faults(seed=None)
        survivor = make_user("Survivor", language_code="de")
        api.send_text(survivor, None, "Wer ist Marc Brandt?")
        await api.wait_until(lambda: any(m.chat_id == survivor.id for m in api.sent_messages), timeout=15)

    delivered: dict[tuple[int, str], list] = defaultdict(list)
    for message in api.sent_messages:
        delivered[(message.chat_id, message.plain_text.split("\n")[0])].append(message)
    assert expected <= set(delivered)  # every question answered
    for key, copies in delivered.items():
        if not any(copy.response_lost for copy in copies):
            assert len(copies) == 1, key  # exactly once wherever the API refused before accepting
    faults = Counter((f.method, f.kind) for f in api.faults)
    assert faults[("sendMessage", "error")] > 20 and faults[("sendMessage", "drop")] > 10
    assert faults[("getUpdates", "error")] >= 1 and faults[("getUpdates", "drop")] >= 2
    assert not [m for m in api.sent_messages if "schiefgelaufen" in m.plain_text]


def break_knowledge(kb: Path, kind: str) -> str:
    """Damage a copy of the knowledge base; returns a phrase the error message must contain."""
    people = kb / "people.yaml"
    if kind == "malformed_yaml":
        people.write_text(people.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
        return "people.yaml:"
    if kind == "wrong_type":
        brandts_keywords = r"keywords: \[Brandt, [^\]]*\]"  # whatever they are
        text, found = re.subn(brandts_keywords, "keywords: 7", people.read_text(encoding="utf-8"))
        assert found == 1
        people.write_text(text, encoding="utf-8")
        return "entry 'marc_brandt', field 'keywords'"
    if kind == "huge_file":
        (kb / "huge.yaml").write_bytes(b"# " + b"x" * (10 * 1024 * 1024))
        return "huge.yaml: file too large"
    if kind == "not_utf8":
        (kb / "latin1.yaml").write_bytes("entries: []\n# Grüße\n".encode("latin-1"))
        return "latin1.yaml:2: file is not UTF-8"
    if kind == "symlink_loop":
        os.symlink(kb / "loop.yaml", kb / "loop.yaml")
        return "loop.yaml: cannot read file"
    if kind == "fifo":
        os.mkfifo(kb / "pipe.yaml")
        return "pipe.yaml: not a regular file"
    if kind == "yaml_aliases":
        aliases = "synonyms:\n  - &s [Werkstatt, Workshop]\n  - *s\n"
        (kb / "aliases.yaml").write_text(aliases, encoding="utf-8")
        return "aliases.yaml:2: YAML anchors and aliases are not allowed"
    if kind == "directory_deleted":
        shutil.rmtree(kb)
        return f"{kb}: knowledge directory not found"
    if kind == "directory_loop":
        shutil.rmtree(kb)
        kb.symlink_to(kb)
        return f"{kb}: cannot read the knowledge directory"
    raise ValueError(kind)


def unblock_fifos(kb: Path) -> None:
    """Let a reader blocked on a FIFO go (only a load that opens FIFOs blocks; the test then fails)."""
    for fifo in kb.glob("*.yaml") if kb.is_dir() else []:
        with contextlib.suppress(OSError):  # ENXIO: nobody is reading it, as it should be
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


KINDS = ["malformed_yaml", "wrong_type", "huge_file", "not_utf8", "symlink_loop", "fifo", "yaml_aliases",
         "directory_deleted", "directory_loop"]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
async def test_a_running_bot_keeps_its_last_good_knowledge_base(kind: str, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    knowledge = LiveKnowledge.load(kb)
    good = knowledge.engine
    expected = break_knowledge(kb, kind)
    try:
        result = await asyncio.wait_for(knowledge.reload("test"), timeout=30)
    finally:
        unblock_fifos(kb)
    assert not result.ok and result.newly_broken
    assert knowledge.engine is good
    assert expected in result.message
    again = await knowledge.reload("test again")
    assert not again.ok and not again.newly_broken  # admins are told once per broken version
    assert await knowledge.reload_if_changed() is None  # the watch sees no change either
    assert knowledge.engine.answer("Wer ist Marc Brandt?").entry_id == "marc_brandt"


async def test_a_bot_with_a_broken_reload_still_answers(api: FakeBotAPI, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    services = make_services(AnswerEngine.from_directory(kb), tmp_path / "data", kb)
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path, wbv_reload_interval=0.1):
        break_knowledge(kb, "symlink_loop")
        break_knowledge(kb, "malformed_yaml")
        assert not (await services.knowledge.reload("test")).ok
        api.send_text(anna, None, "Wer ist Monika Luger?")
        [answer] = await api.wait_for_messages(1)
    assert answer.plain_text.startswith("Monika Luger (ZUKUNFTmobil)")


@pytest.mark.parametrize("kind", ["directory_deleted", "directory_loop"])
async def test_a_vanished_knowledge_directory_is_told_to_the_admins_once(
    kind: str, api: FakeBotAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KNOWLEDGE_DIR, kb)
    services = make_services(AnswerEngine.from_directory(kb), tmp_path / "data", kb)
    admin = make_user("Admin", id=ADMIN_ID, language_code="de")
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path, wbv_reload_interval=0.1):
        api.send_text(admin, None, "/start")  # the admin's chat exists, so notices can be sent
        await api.wait_for_messages(1, chat_id=admin.id)
        expected = break_knowledge(kb, kind)
        [notice] = (await api.wait_for_messages(2, chat_id=admin.id, timeout=10))[1:]
        await asyncio.sleep(0.5)  # several more looks at the same broken directory: no second notice
        api.send_text(admin, None, "/reload")
        await api.wait_for_messages(3, chat_id=admin.id, timeout=10)
        api.send_text(anna, None, "Wer ist Monika Luger?")
        [answer] = await api.wait_for_messages(1, chat_id=anna.id)
    admin_messages = [m.plain_text for m in api.sent_messages if m.chat_id == admin.id]
    assert len(admin_messages) == 3  # the greeting, one notice, the answer to /reload
    assert "the bot keeps answering from version" in notice.plain_text and expected in notice.plain_text
    assert expected in admin_messages[2]  # /reload explains, it does not apologise
    assert answer.plain_text.startswith("Monika Luger (ZUKUNFTmobil)")
    assert not [r for r in caplog.records if r.exc_info]  # a broken edit's error, no traceback
