"""The bot's own HTTP server (aiohttp): ``/healthz`` always, the webhook in webhook mode."""

from __future__ import annotations

import hmac
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.logs import CountedReport
from bot.tg.context import BotServices

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
REFUSED_WARNING_INTERVAL = 60.0  # at most one warning this often about requests with a wrong secret


class HttpServer:
    """Serves ``/healthz``, and Telegram's webhook posts when ``webhook_path`` is given."""

    def __init__(
        self,
        listen: str,
        port: int,
        services: BotServices,
        application: Application,
        webhook_path: str | None = None,
        webhook_secret: str = "",
    ) -> None:
        self.listen, self.port = listen, port
        self.services, self.application = services, application
        self.webhook_secret = webhook_secret
        self.web_app = web.Application()
        self.web_app.router.add_get(HEALTH_PATH, self._health)
        if webhook_path is not None:
            self.web_app.router.add_post(webhook_path, self._receive)
        self._runner: web.AppRunner | None = None
        self._refused = CountedReport(REFUSED_WARNING_INTERVAL)  # requests with a wrong secret

    async def start(self) -> None:
        self._runner = web.AppRunner(self.web_app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.listen, self.port).start()
        log.info("HTTP server listening on %s:%s", self.listen, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._refused.unreported:
            unreported = self._refused.unreported
            log.warning("Refused %d more webhook request(s) with a wrong secret token", unreported)

    async def _health(self, request: web.Request) -> web.Response:
        ok, report = self.services.health.report(self.services.engine)
        report["answers_waiting"] = self.services.outbox.waiting()  # a growing backlog: a stuck outbox
        return web.json_response(report, status=200 if ok else 503)

    async def _receive(self, request: web.Request) -> web.Response:
        if not self._secret_matches(request.headers.get(SECRET_HEADER, "")):
            self._count_refused()
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
            if not (isinstance(data, dict) and type(data.get("update_id")) is int):
                raise ValueError("not an Update object")
            update = Update.de_json(data, self.application.bot)
        except Exception as exc:  # whatever the body is, it is the sender's fault: 400, never a 500
            log.warning("Refused a webhook request that is not a Telegram update: %s", type(exc).__name__)
            return web.Response(status=400, text="bad update")
        self.services.health.api_reached()  # Telegram reached us, so the connection works
        await self.application.update_queue.put(update)
        return web.Response(text="ok")

    def _secret_matches(self, given: str) -> bool:
        try:
            given_bytes = given.encode()
        except UnicodeEncodeError:  # aiohttp keeps undecodable header bytes as lone surrogates
            return False
        return hmac.compare_digest(given_bytes, self.webhook_secret.encode())

    def _count_refused(self) -> None:
        """Log requests with a wrong secret at most once a minute, with their number: anyone can send
        them, and one line each would let a stranger fill the log."""
        count = self._refused.count()
        if count is not None:
            log.warning(
                "Refused %d webhook request(s) with a wrong or missing secret token (logged once a minute)",
                count,
            )
