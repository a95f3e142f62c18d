"""The per-user throttle, the guard against extreme floods: messages over the rate are dropped, button
presses get one toast."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from fakes.telegram import FakeBotAPI, make_group, make_user
from helpers import running_bot, shipped_text

from bot.tg.context import BotServices
from bot.tg.throttle import UserThrottle

NOTICE_EN = shipped_text("slow_down", "en")


async def test_messages_over_the_users_rate_are_dropped_without_a_word(
    api: FakeBotAPI, services: BotServices, tmp_path: Path
) -> None:
    """The outbox has already told such a user that the rest goes unanswered (see bot/tg/throttle.py)."""
    services = replace(services, throttle=UserThrottle(limit=4))
    flooder = make_user("Flo", language_code="de")
    async with running_bot(api, services, tmp_path):
        for _ in range(30):
            api.send_text(flooder, None, "Wer ist Marc Brandt?")
        await api.wait_for_messages(4)
        await api.wait_until(lambda: services.outbox.idle())
        await asyncio.sleep(0.3)  # anything more would arrive now
    assert [m.plain_text.split(" (")[0] for m in api.sent_messages] == ["Marc Brandt"] * 4


async def test_button_mashing_is_answered_with_one_toast_and_then_silently(
    api: FakeBotAPI, services: BotServices, tmp_path: Path
) -> None:
    services = replace(services, throttle=UserThrottle(limit=2))
    anna = make_user("Anna", language_code="en")
    async with running_bot(api, services, tmp_path):
        api.send_text(anna, None, "Who is Marc Brandt?")
        [answer] = await api.wait_for_messages(1)
        for _ in range(5):
            api.send_callback(anna, "a:workshop_1", answer)
        await api.wait_until(lambda: len(api.callback_answers) == 5)  # every spinner stopped
        await asyncio.sleep(0.3)
    toasts = [answer.text for answer in api.callback_answers.values()]
    assert len(api.sent_messages) == 2  # the answer and one follow-up: the other presses were over the rate
    assert sorted(toasts, key=lambda toast: toast or "") == [None] * 4 + [NOTICE_EN]


async def test_group_chatter_not_addressed_to_the_bot_does_not_count(
    api: FakeBotAPI, services: BotServices, tmp_path: Path
) -> None:
    services = replace(services, throttle=UserThrottle(limit=2))
    anna = make_user("Anna", language_code="de")
    group = make_group("Team")
    async with running_bot(api, services, tmp_path):
        for number in range(10):
            api.send_text(anna, group, f"Hallo zusammen {number}")
        await asyncio.sleep(0.5)
        api.send_text(anna, None, "Wer ist Marc Brandt?")
        [answer] = await api.wait_for_messages(1)
    assert answer.plain_text.startswith("Marc Brandt")
    assert len(api.sent_messages) == 1  # nothing said in the group
