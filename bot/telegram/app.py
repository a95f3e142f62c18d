"""Building and running the Telegram bot: long polling or webhook, with graceful shutdown."""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
import signal
from collections.abc import Awaitable, Callable

from aiohttp import web
from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application, BaseRateLimiter

from bot.config import Settings
from bot.telegram.flood import FloodLimiter
from bot.telegram.handlers import BotServices, register_handlers
from bot.texts import text

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CONCURRENT_UPDATES = 64

COMMANDS = {
    "de": [
        ("start", "Begrüßung und Hauptmenü"),
        ("hilfe", "Was ich beantworten kann"),
        ("programm", "Wie der Tag ablief"),
        ("workshops", "Die drei Workshops"),
        ("kontakte", "Ansprechpartner nach Region und Thema"),
        ("sprache", "Sprache wählen (Deutsch/English)"),
        ("about", "Woher die Informationen stammen"),
    ],
    "en": [
        ("start", "Welcome and main menu"),
        ("help", "What I can answer"),
        ("programme", "How the day ran"),
        ("workshops", "The three workshops"),
        ("contacts", "Contacts by region and topic"),
        ("language", "Choose the language (Deutsch/English)"),
        ("about", "Where the information comes from"),
    ],
}


def build_application(
    settings: Settings, services: BotServices, token: str, rate_limiter: BaseRateLimiter | None = None
) -> Application:
    application = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        .rate_limiter(rate_limiter or FloodLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        .build()
    )
    register_handlers(application, services)
    return application


def file_base_url(base_url: str) -> str:
    """Telegram serves files at ``…/file/bot<token>`` beside ``…/bot<token>``."""
    return base_url[: -len("/bot")] + "/file/bot" if base_url.endswith("/bot") else base_url + "file/"


async def setup_bot_profile(application: Application) -> None:
    """Commands, description and short description in German and English (English is the default).

    A failure is logged, not fatal: the bot answers questions without them.
    """
    bot = application.bot
    try:
        for lang, commands in COMMANDS.items():
            code = None if lang == "en" else lang
            await bot.set_my_commands([BotCommand(c, d) for c, d in commands], language_code=code)
            await bot.set_my_description(text("description", lang), language_code=code)
            await bot.set_my_short_description(text("short_description", lang), language_code=code)
    except TelegramError:
        log.warning("Could not set the bot's commands and descriptions", exc_info=True)


class WebhookServer:
    """Receives updates from Telegram over HTTPS (behind a reverse proxy), checking the secret token."""

    def __init__(self, application: Application, settings: Settings, secret: str) -> None:
        self.application = application
        self.settings = settings
        self.secret = secret
        self.web_app = web.Application()
        self.web_app.router.add_post(settings.wbv_webhook_path, self._receive)
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        self._runner = web.AppRunner(self.web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.wbv_webhook_listen, self.settings.wbv_webhook_port)
        await site.start()
        log.info(
            "Webhook server listening on %s:%s%s",
            self.settings.wbv_webhook_listen,
            self.settings.wbv_webhook_port,
            self.settings.wbv_webhook_path,
        )

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("Refused a webhook request with a wrong or missing secret token")
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="bad update")
        await self.application.update_queue.put(update)
        return web.Response(text="ok")


async def serve(
    settings: Settings,
    services: BotServices,
    token: str,
    webhook: bool,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[Application], Awaitable[None]] | None = None,
    handle_signals: bool = True,
    rate_limiter: BaseRateLimiter | None = None,
) -> None:
    """Run until SIGINT/SIGTERM (or ``stop``); in-flight answers are sent before returning."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM) if handle_signals else ()
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    application = build_application(settings, services, token, rate_limiter)
    server: WebhookServer | None = None
    async with application:
        await setup_bot_profile(application)
        await application.start()
        if webhook:
            secret = (
                settings.wbv_webhook_secret.get_secret_value()
                if settings.wbv_webhook_secret
                else secrets.token_urlsafe(32)
            )
            server = WebhookServer(application, settings, secret)
            await server.start()
            url = (settings.wbv_webhook_url or "").rstrip("/") + settings.wbv_webhook_path
            await application.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        else:
            await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        log.info(
            "WBV-Bot is running (%s) as @%s", "webhook" if webhook else "polling", application.bot.username
        )
        if on_ready is not None:
            await on_ready(application)
        await stop.wait()
        log.info("Stopping: finishing the answers in progress")
        if server is not None:
            await server.stop()
        else:
            await application.updater.stop()
        await application.stop()
    for signum in signals:
        loop.remove_signal_handler(signum)
    log.info("Stopped")
