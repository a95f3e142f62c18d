"""Building and running the Telegram bot: long polling or webhook, reloads, health, graceful shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import secrets
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.error import TelegramError
from telegram.ext import Application, BaseRateLimiter, Defaults

from bot.config import Settings
from bot.engine import AnswerEngine
from bot.health import Health, TrackingRequest
from bot.loader import load_knowledge_base, resolve_knowledge_dir
from bot.logs import configure_logging
from bot.reload import KnowledgeReloader
from bot.storage import Database
from bot.telegram.flood import FloodLimiter
from bot.telegram.handlers import register_handlers
from bot.telegram.services import BotServices
from bot.texts import text

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CONCURRENT_UPDATES = 64
HEALTH_PATH = "/healthz"

COMMANDS = {
    "de": [
        ("start", "Begrüßung und Hauptmenü"),
        ("hilfe", "Was ich beantworten kann"),
        ("programm", "Wie der Tag ablief"),
        ("workshops", "Die drei Workshops"),
        ("kontakte", "Ansprechpartner nach Region und Thema"),
        ("sprache", "Sprache wählen (Deutsch/English)"),
        ("about", "Woher die Informationen stammen"),
        ("datenschutz", "Was gespeichert wird"),
        ("vergessen", "Meine gespeicherten Daten löschen"),
    ],
    "en": [
        ("start", "Welcome and main menu"),
        ("help", "What I can answer"),
        ("programme", "How the day ran"),
        ("workshops", "The three workshops"),
        ("contacts", "Contacts by region and topic"),
        ("language", "Choose the language (Deutsch/English)"),
        ("about", "Where the information comes from"),
        ("privacy", "What is stored"),
        ("forget", "Delete my stored data"),
    ],
}


def run_bot(settings: Settings, token: str, webhook: bool, knowledge: str | None = None) -> None:
    """Everything ``wbv-bot run`` does: logging, knowledge base, database, then serve until stopped."""
    secret_values = [token] + (
        [settings.wbv_webhook_secret.get_secret_value()] if settings.wbv_webhook_secret else []
    )
    configure_logging(secret_values, settings.wbv_log_level, as_json=settings.wbv_log_format == "json")
    directory = resolve_knowledge_dir(knowledge or settings.wbv_knowledge_dir)
    engine = AnswerEngine(load_knowledge_base(directory))
    database = Database(settings.wbv_data_dir)
    services = BotServices.create(engine, database, settings)
    try:
        asyncio.run(serve(settings, services, token, webhook, knowledge_dir=directory))
    finally:
        database.close()


def build_application(
    settings: Settings,
    services: BotServices,
    token: str,
    rate_limiter: BaseRateLimiter | None = None,
    health: Health | None = None,
) -> Application:
    health = health or Health(settings.wbv_health_max_silence)
    application = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        .request(
            TrackingRequest(
                health,
                connection_pool_size=CONCURRENT_UPDATES * 2,
                read_timeout=settings.wbv_api_timeout,
                write_timeout=settings.wbv_api_timeout,
                connect_timeout=settings.wbv_api_timeout,
            )
        )
        .get_updates_request(TrackingRequest(health))
        .rate_limiter(rate_limiter or FloodLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        # answers cite no web pages worth a preview, and a preview would push the answer off a phone screen
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
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


class HttpServer:
    """The bot's own HTTP server: ``/healthz`` always, the webhook when a secret is given."""

    def __init__(
        self,
        listen: str,
        port: int,
        health: Health,
        services: BotServices,
        application: Application,
        webhook_path: str | None = None,
        webhook_secret: str = "",
    ) -> None:
        self.listen, self.port = listen, port
        self.health, self.services, self.application = health, services, application
        self.webhook_secret = webhook_secret
        self.web_app = web.Application()
        self.web_app.router.add_get(HEALTH_PATH, self._health)
        if webhook_path is not None:
            self.web_app.router.add_post(webhook_path, self._receive)
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        self._runner = web.AppRunner(self.web_app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.listen, self.port).start()
        log.info("HTTP server listening on %s:%s", self.listen, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _health(self, request: web.Request) -> web.Response:
        ok, report = self.health.report(self.services.engine)
        return web.json_response(report, status=200 if ok else 503)

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.webhook_secret.encode()):
            log.warning("Refused a webhook request with a wrong or missing secret token")
            return web.Response(status=403, text="forbidden")
        try:
            update = Update.de_json(await request.json(), self.application.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="bad update")
        self.health.api_reached()  # Telegram reached us, so the connection works
        await self.application.update_queue.put(update)
        return web.Response(text="ok")


async def notify_admins(application: Application, admin_ids: frozenset[int], message: str) -> None:
    """Send ``message`` to every admin; an admin who never started the bot is skipped with a warning."""
    for admin_id in sorted(admin_ids):
        try:
            await application.bot.send_message(admin_id, message[:4000])
        except TelegramError as exc:
            log.warning("Could not notify admin %s: %s", admin_id, exc)


async def keep_in_touch(application: Application, health: Health, stop: asyncio.Event) -> None:
    """Ask the Bot API for getMe when nothing else reached it lately, so /healthz tells the truth."""
    interval = max(health.max_silence / 4, 1.0)
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
        if not stop.is_set() and health.silence() > health.max_silence / 2:
            try:
                await application.bot.get_me()
            except TelegramError as exc:
                log.warning("The Bot API is not reachable: %s", exc)


async def flush_usage_regularly(services: BotServices, stop: asyncio.Event, interval: float = 5.0) -> None:
    """Write the in-memory usage counts every ``interval`` seconds and once more when stopping."""
    if services.usage is None:
        return
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
        services.usage.flush()


async def serve(
    settings: Settings,
    services: BotServices,
    token: str,
    webhook: bool,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[Application], Awaitable[None]] | None = None,
    handle_signals: bool = True,
    rate_limiter: BaseRateLimiter | None = None,
    knowledge_dir: Path | None = None,
) -> None:
    """Run until SIGINT/SIGTERM (or ``stop``); in-flight answers are sent before returning.

    SIGHUP, a change of the knowledge files and /reload reload the knowledge base.
    """
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    health = Health(settings.wbv_health_max_silence)
    application = build_application(settings, services, token, rate_limiter, health)
    if knowledge_dir is not None:
        services.reloader = KnowledgeReloader(
            services, knowledge_dir, lambda message: notify_admins(application, services.admin_ids, message)
        )
    handled_signals = []
    if handle_signals:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
            handled_signals.append(signum)
        if services.reloader is not None:
            reloader = services.reloader
            loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(reloader.reload("SIGHUP")))
            handled_signals.append(signal.SIGHUP)

    server: HttpServer | None = None
    async with application:
        await setup_bot_profile(application)
        await application.start()
        if webhook:
            secret = (
                settings.wbv_webhook_secret.get_secret_value()
                if settings.wbv_webhook_secret
                else secrets.token_urlsafe(32)
            )
            server = HttpServer(settings.wbv_webhook_listen, settings.wbv_webhook_port, health, services,
                                application, settings.wbv_webhook_path, secret)  # fmt: skip
            await server.start()
            url = (settings.wbv_webhook_url or "").rstrip("/") + settings.wbv_webhook_path
            await application.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        else:
            if settings.wbv_health_port:
                server = HttpServer(settings.wbv_health_listen, settings.wbv_health_port, health, services,
                                    application)  # fmt: skip
                await server.start()
            await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        background = [
            asyncio.create_task(keep_in_touch(application, health, stop)),
            asyncio.create_task(flush_usage_regularly(services, stop)),
        ]
        if services.reloader is not None:
            background.append(
                asyncio.create_task(services.reloader.watch(stop, settings.wbv_reload_interval))
            )
        log.info(
            "WBV-Bot is running (%s) as @%s", "webhook" if webhook else "polling", application.bot.username
        )
        if on_ready is not None:
            await on_ready(application)
        await stop.wait()
        log.info("Stopping: finishing the answers in progress")
        await asyncio.gather(*background, return_exceptions=True)
        if server is not None:
            await server.stop()
        if not webhook:
            await application.updater.stop()
        await application.stop()
        if services.usage is not None:
            services.usage.flush()  # counts of the answers finished during the stop
    for signum in handled_signals:
        loop.remove_signal_handler(signum)
    log.info("Stopped")
