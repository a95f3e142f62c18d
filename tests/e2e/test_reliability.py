"""End to end: webhook mode, Bot API failures, and a burst under Telegram's flood limits."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from fakes.telegram import FakeBotAPI, make_user
from helpers import TOKEN, running_bot, running_webhook_bot

from bot.config import Secret
from bot.tg.context import BotServices
from bot.tg.outbox import Outbox
from bot.tg.retries import RetryingLimiter


async def test_webhook_mode_with_secret_token(services, tmp_path: Path) -> None:
    anna = make_user("Anna", language_code="de")
    async with (
        FakeBotAPI(token=TOKEN, auto_deliver_webhook=False) as api,
        running_webhook_bot(api, services, tmp_path, wbv_webhook_secret=Secret("s3cret-token_ok")) as port,
    ):
        assert api.webhook_url == f"http://127.0.0.1:{port}/telegram"
        assert api.webhook_secret == "s3cret-token_ok"
        refused = api.send_text(anna, None, "Wer ist Marc Brandt?")
        assert await api.deliver_webhook(refused, secret_token="wrong") == 403
        assert await api.deliver_webhook(refused, secret_token=None) == 403
        accepted = api.send_text(anna, None, "Wer ist Monika Luger?")
        assert await api.deliver_webhook(accepted) == 200
        [answer] = await api.wait_for_messages(1)
        assert not api.calls_to("getUpdates")
    assert answer.plain_text.startswith("Monika Luger (ZUKUNFTmobil)")
    assert len(api.sent_messages) == 1  # the refused update got no answer


async def test_server_errors_and_429_are_retried_and_answered_exactly_once(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    users = [make_user(f"U{n}", language_code="de") for n in range(4)]
    async with running_bot(api, services, tmp_path):
        api.fail_next("sendMessage", times=3, status=500)
        api.send_text(users[0], None, "Wer ist Marc Brandt?")
        await api.wait_for_messages(1)
        api.fail_next("sendMessage", times=2, status=429, retry_after=1)
        api.send_text(users[1], None, "Wer ist Monika Luger?")
        await api.wait_for_messages(2, timeout=10)
        api.fail_next("getUpdates", times=2, status=502)
        api.send_text(users[2], None, "Wer ist Frank Schmidt?")
        await api.wait_for_messages(3, timeout=15)
        api.fail_next("*", times=1, status=500)
        api.send_text(users[3], None, "Wer ist Matthias Rust?")
        await api.wait_for_messages(4, timeout=15)
    per_chat = Counter(m.chat_id for m in api.sent_messages)
    assert per_chat == {user.id: 1 for user in users}
    assert len([f for f in api.faults if f.method == "sendMessage"]) == 5


@pytest.mark.usefixtures("telegrams_own_clock")
async def test_burst_of_300_messages_from_100_users_within_telegrams_limits(
    services: BotServices, tmp_path: Path
) -> None:
    services = replace(services, outbox=Outbox())  # Telegram's limits, which the fake enforces
    async with FakeBotAPI(token=TOKEN, enforce_flood_limits=True) as api:
        users = [make_user(f"User{n}", language_code="de") for n in range(100)]
        questions = [
            "Wer ist Marc Brandt?",
            "Was war der Pop-up-Store?",
            "Wann endete das Werkstattgespräch?",
        ]
        async with running_bot(api, services, tmp_path, rate_limiter=RetryingLimiter()):
            for question in questions:
                for user in users:
                    api.send_text(user, None, question)
            await api.wait_for_messages(300, timeout=60)
            drain = api.sent_messages[-1].time - api.sent_messages[0].time
        titles = Counter((m.chat_id, m.plain_text.split("\n")[0]) for m in api.sent_messages)
        assert len(api.sent_messages) == 300
        assert set(titles.values()) == {1}  # every question answered exactly once
        assert {chat for chat, _ in titles} == {user.id for user in users}
        assert api.flood_violations() == []
        assert api.max_in_window(1.0) <= 30
        assert not [c for c in api.calls if c.status == 429]
        assert drain < 300 / 30 * 1.2


async def test_a_refused_answer_is_not_retried_and_the_user_gets_an_apology(
    api: FakeBotAPI, services, tmp_path: Path, caplog
) -> None:
    anna = make_user("Anna", language_code="de")
    async with running_bot(api, services, tmp_path):
        api.fail_next("sendMessage", times=1, status=400)
        api.send_text(anna, None, "Wer ist Marc Brandt?")
        [apology] = await api.wait_for_messages(1)
        api.send_text(anna, None, "Wer ist Monika Luger?")  # the bot is still alive
        await api.wait_for_messages(2)
    assert (
        apology.plain_text
        == "Entschuldigung, da ist etwas schiefgelaufen. Bitte versuchen Sie es gleich noch einmal."
    )
    assert len(api.calls_to("sendMessage")) == 3  # the refused one was not retried
    assert "An answer to a private chat could not be sent" in caplog.text
    assert "Wer ist Marc Brandt" not in caplog.text
