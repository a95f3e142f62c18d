"""Shared fixtures: the shipped engine, and the real bot running against the fake Bot API."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_bot_api import FakeBotAPI
from telegram.ext import Application, BaseRateLimiter

from bot.config import Settings
from bot.engine import AnswerEngine
from bot.gaps import GapLog
from bot.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge_base
from bot.storage import Database, LanguagePreferences
from bot.telegram.app import serve
from bot.telegram.flood import FloodLimiter
from bot.telegram.services import BotServices
from bot.usage import UsageStats

TOKEN = "123456789:AAHfakefakefakefakefakefakefakefake12"
BOT_USERNAME = "wbv_test_bot"

os.environ.setdefault("PTB_TIMEDELTA", "true")  # python-telegram-bot's forward-compatible retry_after


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def shipped_engine() -> AnswerEngine:
    return AnswerEngine(load_knowledge_base(DEFAULT_KNOWLEDGE_DIR))


ADMIN_ID = 4242


def make_services(engine: AnswerEngine, data_dir: Path) -> BotServices:
    database = Database(data_dir)
    return BotServices(
        engine, LanguagePreferences(database), frozenset({ADMIN_ID}), GapLog(database), UsageStats(database)
    )


@pytest.fixture
def services(tmp_path: Path, shipped_engine: AnswerEngine) -> BotServices:
    return make_services(shipped_engine, tmp_path / "data")


def relaxed_limiter() -> FloodLimiter:
    """Retries as in production, but no pacing, so functional tests run fast."""
    return FloodLimiter(pacing=False, backoff=0.05)


def settings_for(api: FakeBotAPI, data_dir: Path, **overrides: object) -> Settings:
    return Settings(_env_file=None, telegram_api_base_url=api.base_url, wbv_data_dir=data_dir, **overrides)


@contextlib.asynccontextmanager
async def running_bot(
    api: FakeBotAPI,
    services: BotServices,
    data_dir: Path,
    *,
    webhook: bool = False,
    rate_limiter: BaseRateLimiter | None = None,
    knowledge_dir: Path | None = None,
    **settings: object,
) -> AsyncIterator[Application]:
    """The real application, polling (or on a webhook) against ``api``, stopped cleanly afterwards."""
    stop = asyncio.Event()
    ready: asyncio.Future[Application] = asyncio.get_running_loop().create_future()

    async def on_ready(application: Application) -> None:
        ready.set_result(application)

    task = asyncio.create_task(
        serve(
            settings_for(api, data_dir, **settings),
            services,
            TOKEN,
            webhook,
            stop=stop,
            on_ready=on_ready,
            handle_signals=False,
            rate_limiter=rate_limiter or relaxed_limiter(),
            knowledge_dir=knowledge_dir,
        )
    )
    done, _ = await asyncio.wait({task, ready}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()  # raises what went wrong during start-up
    if ready not in done:
        task.cancel()
        raise TimeoutError("the bot did not start")
    try:
        yield ready.result()
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=20)


@contextlib.asynccontextmanager
async def running_webhook_bot(
    api: FakeBotAPI, services: BotServices, data_dir: Path, **settings: object
) -> AsyncIterator[int]:
    """The bot in webhook mode on a free local port (yielded), registered with ``api``."""
    port = free_port()
    async with running_bot(
        api, services, data_dir, webhook=True, wbv_webhook_port=port,
        wbv_webhook_url=f"http://127.0.0.1:{port}/", **settings,
    ):  # fmt: skip
        yield port


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN, bot_username=BOT_USERNAME) as fake:
        yield fake
