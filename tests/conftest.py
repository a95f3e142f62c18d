"""Fixtures: the shipped engine, services of a running bot, and the fake Bot API."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fakes.telegram import FakeBotAPI
from helpers import BOT_USERNAME, TOKEN, make_services

from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.engine import AnswerEngine
from bot.tg.context import BotServices


@pytest.fixture
def telegrams_own_clock() -> Iterator[None]:
    """For tests that hold the bot to Telegram's flood limits as the fake Bot API counts them.

    The fake runs in the bot's own process and event loop, so a garbage-collection pause (tens of
    milliseconds once the test session holds many objects) would stop the fake's clock together with the
    bot's and then let it count a backlog of sends within a few milliseconds, which Telegram, running
    elsewhere, never does. The collector is paused for the test.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.fixture(scope="session")
def shipped_engine() -> AnswerEngine:
    return AnswerEngine.from_directory(SHIPPED_KNOWLEDGE_DIR)


@pytest.fixture
def services(tmp_path: Path, shipped_engine: AnswerEngine) -> BotServices:
    return make_services(shipped_engine, tmp_path / "data")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN, bot_username=BOT_USERNAME) as fake:
        yield fake
