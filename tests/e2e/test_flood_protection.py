"""Per-user flood protection: one user sending a flood is told once and cannot hold up the others."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

from fakes.telegram import FakeBotAPI, make_group, make_user
from helpers import running_bot

from bot.tg.context import BotServices
from bot.tg.flood import FloodLimiter
from bot.tg.throttle import UserThrottle

NOTICE_DE = "Das waren sehr viele Nachrichten auf einmal."
NOTICE_EN = (
    "That was a lot of messages at once. I'll answer the first ones; please send the rest again in a few "
    "seconds."
)


async def test_a_flooding_user_gets_one_notice_and_others_are_answered_promptly(
    api: FakeBotAPI, services: BotServices, tmp_path: Path
) -> None:
    services = replace(services, throttle=UserThrottle(limit=4))
    flooder, anna = make_user("Flo", language_code="de"), make_user("Anna", language_code="de")
    # Telegram's pacing on: without the throttle, the flood's answers would wait for the flooder's chat
    # (one message per second) in all of the bot's concurrent-update slots, and Anna behind them.
    async with running_bot(api, services, tmp_path, rate_limiter=FloodLimiter()):
        for _ in range(100):
            api.send_text(flooder, None, "Wer ist Marc Brandt?")
        await asyncio.sleep(0.3)
        asked = time.monotonic()
        api.send_text(anna, None, "Wer ist Monika Luger?")
        await api.wait_until(lambda: any(m.chat_id == anna.id for m in api.sent_messages), timeout=10)
        [answer] = [m for m in api.sent_messages if m.chat_id == anna.id]
        await api.wait_until(
            lambda: len([m for m in api.sent_messages if m.chat_id == flooder.id]) == 5, timeout=15
        )
        await asyncio.sleep(0.3)  # anything more would arrive now
    to_flooder = [m.plain_text for m in api.sent_messages if m.chat_id == flooder.id]
    assert answer.time - asked < 2
    assert sum(text.startswith("Marc Brandt") for text in to_flooder) == 4
    assert sum(text.startswith(NOTICE_DE) for text in to_flooder) == 1


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
