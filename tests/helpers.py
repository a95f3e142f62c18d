"""What the tests share besides fixtures: the real bot running against the fake Bot API, and its parts."""

from __future__ import annotations

import contextlib
import functools
import os
import socket
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import yaml
from fakes.telegram import FakeBotAPI
from telegram.ext import Application, BaseRateLimiter

from bot.config import SHIPPED_KNOWLEDGE_DIR, Settings
from bot.core.engine import AnswerEngine
from bot.curation.overlay import OverlayFile
from bot.curation.reload import LiveKnowledge
from bot.curation.storage import Database
from bot.tg.app import build_application, started
from bot.tg.context import BotServices
from bot.tg.retries import RetryingLimiter
from bot.tg.throttle import UserThrottle

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent  # the project's folder

TOKEN = "123456789:AAHfakefakefakefakefakefakefakefake12"
BOT_USERNAME = "wbv_test_bot"
ADMIN_ID = 4242

os.environ.setdefault("PTB_TIMEDELTA", "true")  # python-telegram-bot's forward-compatible retry_after


class Clock:
    """A monotonic clock that only moves when a test moves it (``clock.now += 10``)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@functools.cache
def _shipped_texts() -> dict[str, dict[str, str]]:
    return yaml.safe_load((SHIPPED_KNOWLEDGE_DIR / "texts.yaml").read_text(encoding="utf-8"))["texts"]


def shipped_text(key: str, lang: str = "de") -> str:
    """One of the bot's own texts as the shipped knowledge/texts.yaml has it."""
    return _shipped_texts()[key][lang]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_services(
    engine: AnswerEngine,
    data_dir: Path,
    knowledge_dir: Path = SHIPPED_KNOWLEDGE_DIR,
    throttle: UserThrottle | None = None,
) -> BotServices:
    """The services of a running bot, with ADMIN_ID as admin and, unless given, a throttle that never
    holds back; the outbox does not pace (functional tests send many messages quickly; the tests of
    flood control give the services an ``Outbox()`` with Telegram's limits)."""
    settings = Settings(wbv_admin_ids=str(ADMIN_ID), wbv_flood_limits=False)
    knowledge = LiveKnowledge(engine, knowledge_dir, overlay=OverlayFile(data_dir))
    services = BotServices.create(knowledge, Database(data_dir), settings)
    return replace(services, throttle=throttle or UserThrottle(limit=1_000_000))


def relaxed_limiter() -> RetryingLimiter:
    """Retries as in production, with short waits, so functional tests run fast."""
    return RetryingLimiter(backoff=0.05)


def settings_for(api: FakeBotAPI, data_dir: Path, **overrides: object) -> Settings:
    return Settings(telegram_api_base_url=api.base_url, wbv_data_dir=data_dir, **overrides)


@contextlib.asynccontextmanager
async def running_bot(
    api: FakeBotAPI,
    services: BotServices,
    data_dir: Path,
    *,
    webhook: bool = False,
    rate_limiter: BaseRateLimiter | None = None,
    **settings: object,
) -> AsyncIterator[Application]:
    """The real application, polling (or on a webhook) against ``api``, stopped cleanly afterwards."""
    config = settings_for(api, data_dir, **settings)
    application = build_application(config, services, TOKEN, rate_limiter or relaxed_limiter())
    async with started(config, services, application, webhook):
        yield application


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
