"""End to end: the outbox under Telegram's limits, enforced by the fake Bot API.

A group flood does not hold up other chats, one user's batch is answered completely and in order at one
message a second, a full queue is announced once, a burst at 300 ms round trip keeps every limit, and a
button press is acknowledged at once even while its chat's answers wait.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from fakes.telegram import FakeBotAPI, make_group, make_user
from helpers import BOT_USERNAME, TOKEN, running_bot, shipped_text

from bot.core.engine import AnswerEngine
from bot.tg.context import BotServices
from bot.tg.outbox import Outbox
from bot.tg.throttle import UserThrottle

pytestmark = pytest.mark.usefixtures("telegrams_own_clock")

FULL_DE = shipped_text("queue_full", "de")


def refusals(api: FakeBotAPI) -> list[str]:
    """Each send the fake refused with 429, and which of Telegram's limits it would have broken."""
    described = []
    for call in (c for c in api.calls if c.status == 429):
        chat = int(call.params["chat_id"])
        in_chat = [t for t in api.send_times(chat) if call.time - 1.0 < t <= call.time + 0.5]
        overall = [t for t in api.send_times() if call.time - 1.0 < t <= call.time + 0.5]
        described.append(f"chat {chat}: {len(in_chat)} in the chat, {len(overall)} overall around it")
    return described


def first_lines(api: FakeBotAPI, chat_id: int) -> list[str]:
    return [m.plain_text.split("\n")[0] for m in api.sent_messages if m.chat_id == chat_id]


async def test_a_group_flood_does_not_hold_up_a_private_answer(services: BotServices, tmp_path: Path) -> None:
    services = replace(services, outbox=Outbox())
    flo, anna = make_user("Flo", language_code="de"), make_user("Anna", language_code="de")
    group = make_group()
    async with (
        FakeBotAPI(token=TOKEN, bot_username=BOT_USERNAME, enforce_flood_limits=True) as api,
        running_bot(api, services, tmp_path, wbv_stop_drain_seconds=0),
    ):
        for _ in range(100):
            api.send_text(flo, group, f"@{BOT_USERNAME} Wer ist Marc Brandt?")
        await api.wait_for_messages(1, chat_id=group.id, timeout=10)
        api.send_text(anna, None, "Wer ist Monika Luger?")
        [answer] = await api.wait_for_messages(1, chat_id=anna.id, timeout=10)
        to_group = [m for m in api.sent_messages if m.chat_id == group.id and m.time <= answer.time]
        assert refusals(api) == []
    # the group's answers leave one a second: Anna was answered before its third
    assert len(to_group) <= 2
    assert answer.plain_text.startswith("Monika Luger")
    told = [m for m in api.sent_messages if m.chat_id == group.id and m.plain_text == FULL_DE]
    assert len(told) == 1  # the group heard once that the rest of the flood goes unanswered


async def test_one_users_twenty_messages_are_all_answered_once_in_order_one_a_second(
    services: BotServices, shipped_engine: AnswerEngine, tmp_path: Path
) -> None:
    services = replace(services, outbox=Outbox(), throttle=UserThrottle())  # as in production
    anna = make_user("Anna", language_code="de")
    entry_ids = list(shipped_engine.kb.entries)[:20]
    async with (
        FakeBotAPI(token=TOKEN, bot_username=BOT_USERNAME, enforce_flood_limits=True) as api,
        running_bot(api, services, tmp_path),
    ):
        for entry_id in entry_ids:  # a pasted batch of deep links, as fast as Telegram delivers them
            api.send_text(anna, None, f"/start {entry_id}")
        await api.wait_for_messages(20, chat_id=anna.id, timeout=60)
    expected = [shipped_engine.entry_reply(entry_id, "de").title for entry_id in entry_ids]
    assert first_lines(api, anna.id) == expected  # each once, in the order asked
    assert api.flood_violations() == [] and api.max_in_window(1.0, per_chat=anna.id) == 1
    assert refusals(api) == []


async def test_beyond_a_full_queue_the_user_is_told_once_and_the_rest_is_not_answered(
    services: BotServices, tmp_path: Path
) -> None:
    services = replace(services, outbox=Outbox(max_queued=5))
    anna = make_user("Anna", language_code="de")
    questions = ["Wer ist Marc Brandt?", "Wer ist Monika Luger?", "Wer ist Frank Schmidt?"] * 4
    async with (
        FakeBotAPI(token=TOKEN, bot_username=BOT_USERNAME, enforce_flood_limits=True) as api,
        running_bot(api, services, tmp_path),
    ):
        for question in questions:
            api.send_text(anna, None, question)
        await api.wait_until(lambda: len(api.sent_messages) >= 6, timeout=20)  # five answers, one notice
        await api.wait_until(lambda: services.outbox.idle(), timeout=20)
    texts = [m.plain_text for m in api.sent_messages]
    answers = [text.split(" (")[0] for text in texts if text != FULL_DE]
    assert texts.count(FULL_DE) == 1
    # five queued, perhaps one more that had already left when the queue filled: the first ones, in order
    assert 5 <= len(answers) <= 6
    assert answers == [q.removeprefix("Wer ist ").removesuffix("?") for q in questions[: len(answers)]]


async def test_a_burst_at_300_ms_round_trip_keeps_every_limit_and_loses_nothing(
    services: BotServices, tmp_path: Path
) -> None:
    services = replace(services, outbox=Outbox())
    users = [make_user(f"User{n}", language_code="de") for n in range(60)]
    questions = ["Wer ist Marc Brandt?", "Was war der Pop-up-Store?"]
    network = {"round_trip": 0.3, "jitter": 0.03, "seed": 11}
    async with (
        FakeBotAPI(token=TOKEN, bot_username=BOT_USERNAME, enforce_flood_limits=True, **network) as api,
        running_bot(api, services, tmp_path),
    ):
        for question in questions:
            for user in users:
                api.send_text(user, None, question)
        await api.wait_for_messages(120, timeout=60)
        await api.wait_until(lambda: services.outbox.idle(), timeout=10)
    per_chat_and_answer = Counter((m.chat_id, m.plain_text.split("\n")[0]) for m in api.sent_messages)
    assert len(api.sent_messages) == 120 and set(per_chat_and_answer.values()) == {1}
    assert {chat for chat, _ in per_chat_and_answer} == {user.id for user in users}
    assert api.flood_violations() == []
    assert refusals(api) == []


async def test_a_button_press_is_acknowledged_while_the_chats_answers_wait(
    services: BotServices, tmp_path: Path
) -> None:
    services = replace(services, outbox=Outbox())
    anna = make_user("Anna", language_code="de")
    async with (
        FakeBotAPI(token=TOKEN, bot_username=BOT_USERNAME, enforce_flood_limits=True) as api,
        running_bot(api, services, tmp_path),
    ):
        for question in ["Wer ist Marc Brandt?"] + ["Wer ist Monika Luger?"] * 5:
            api.send_text(anna, None, question)
        [first] = await api.wait_for_messages(1, chat_id=anna.id)
        api.send_callback(anna, "a:workshop_1", first)
        await api.wait_until(lambda: len(api.callback_answers) == 1)
        [pressed] = api.callback_answers.values()
        await api.wait_for_messages(7, chat_id=anna.id, timeout=20)
    # the spinner stopped before the answers queued ahead of the button's own were sent
    assert pressed.time < api.sent_messages[-2].time
    assert first_lines(api, anna.id)[-1].startswith("Workshop 1")
