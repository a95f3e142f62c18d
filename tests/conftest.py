"""Fixtures: the shipped engine, services of a running bot, and the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.telegram import FakeBotAPI
from helpers import BOT_USERNAME, TOKEN, make_services

from bot.config import SHIPPED_KNOWLEDGE_DIR
from bot.core.engine import AnswerEngine
from bot.tg.context import BotServices


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
