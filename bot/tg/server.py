"""The bot's own HTTP server (aiohttp): ``/healthz`` always, the webhook in webhook mode."""

from __future__ import annotations

import hmac
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.tg.context import BotServices
from bot.tg.health import Health

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"


class HttpServer:
    """Serves ``/healthz``, and Telegram's webhook posts when ``webhook_path`` is given."""

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
