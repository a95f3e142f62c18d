"""Wiring and lifecycle of the Telegram bot: long polling or webhook, background loops, graceful stop."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import secrets
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING

import httpx
from telegram import LinkPreviewOptions, Update
from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, BaseRateLimiter, Defaults

from bot.config import ConfigError, Settings
from bot.curation.overlay import OverlayFile
from bot.curation.reload import LiveKnowledge
from bot.curation.storage import open_exclusively
from bot.logs import CountedReport, configure_logging
from bot.tg.admin import reload_and_report, reload_if_changed
from bot.tg.context import BotServices
from bot.tg.handlers import register_handlers
from bot.tg.health import Health, TrackingRequest
from bot.tg.profile import setup_bot_profile
from bot.tg.retries import RetryingLimiter
from bot.tg.schedule import MAX_IN_FLIGHT
from bot.tg.transport import WriteReportingTransport

if TYPE_CHECKING:  # aiohttp is imported only when a server runs (webhook, or WBV_HEALTH_PORT)
    from bot.tg.server import HttpServer

log = logging.getLogger(__name__)

CONCURRENT_UPDATES = 64
IDLE_CONNECTIONS = 16  # see send_transport
USAGE_FLUSH_SECONDS = 5.0  # usage counts are kept in memory and written this often
CONFLICT_LOG_SECONDS = 60.0  # a 409 Conflict from getUpdates is logged at most this often
STOP_GRACE_SECONDS = 5.0  # while stopping, failed Bot API calls are retried this long (systemd waits 30 s)


def run_bot(settings: Settings, token: str, webhook: bool) -> None:
    """Everything ``wbv-bot run`` does: logging, knowledge base, database, then serve until stopped."""
    # SIGHUP means "reload"; until serve() handles it (once the knowledge base is loaded, which takes
    # seconds for a large one) it must not kill the bot, which systemd would not restart
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    secret_values = [token, token.partition(":")[2]] + (
        [settings.wbv_webhook_secret.reveal()] if settings.wbv_webhook_secret else []
    )
    configure_logging(secret_values, settings.wbv_log_level, as_json=settings.wbv_log_format == "json")
    knowledge = LiveKnowledge.load(settings.wbv_knowledge_dir, OverlayFile(settings.wbv_data_dir))
    # a second bot on the same data directory stops here (exit 2, naming the first)
    instance, database = open_exclusively(settings.wbv_data_dir)
    services = BotServices.create(knowledge, database, settings)
    try:
        application = build_application(settings, services, token, RetryingLimiter())
        asyncio.run(serve(settings, services, application, webhook))
    except InvalidToken:  # its message quotes the token: never shown
        raise ConfigError(
            "Telegram rejected the token (401/404 at start-up): TELEGRAM_BOT_TOKEN revoked or wrong, "
            "or TELEGRAM_API_BASE_URL wrong"
        ) from None
    except BadRequest as exc:  # e.g. setWebhook refused: a setting is wrong, and retrying will not help
        raise ConfigError(
            f"Telegram refused a start-up request ({exc.message}): "
            "check WBV_WEBHOOK_URL and WBV_WEBHOOK_SECRET"
        ) from None
    except NetworkError as exc:  # start-up gave up on the Bot API: one line, exit code 1
        reason = str(exc).replace(token, "[REDACTED]")
        raise ConnectionError(f"the Bot API could not be reached at start-up: {reason}") from None
    finally:
        services.storage_thread.shutdown()
        database.close()
        instance.release()


def build_application(
    settings: Settings, services: BotServices, token: str, rate_limiter: BaseRateLimiter
) -> Application:
    application = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        .request(
            TrackingRequest(
                services.health,
                read_timeout=settings.wbv_api_timeout,
                write_timeout=settings.wbv_api_timeout,
                connect_timeout=settings.wbv_api_timeout,
                httpx_kwargs={"transport": send_transport()},
            )
        )
        .get_updates_request(TrackingRequest(services.health))
        .rate_limiter(rate_limiter)
        .concurrent_updates(CONCURRENT_UPDATES)
        # answers cite no web pages worth a preview, and a preview would push the answer off a phone screen
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .build()
    )
    register_handlers(application, services)
    return application


def send_transport() -> WriteReportingTransport:
    """The connections for the handlers' calls and the outbox's sends; the outbox learns from it when
    each message really left.

    At most :data:`IDLE_CONNECTIONS` are kept open while idle: httpcore's pool looks at every connection
    for each idle one whenever a request comes or goes (encode/httpcore#1035), which cost 3/4 of the
    bot's CPU with 64 requests in flight. More in flight than that opens connections anew: cheap to a
    local Bot API server, and Telegram's 30 a second need about a dozen at a 300 ms round trip."""
    connections = CONCURRENT_UPDATES + MAX_IN_FLIGHT
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=IDLE_CONNECTIONS)
    return WriteReportingTransport(limits=limits)


def file_base_url(base_url: str) -> str:
    """Telegram serves files at ``…/file/bot<token>`` beside ``…/bot<token>``."""
    return base_url[: -len("/bot")] + "/file/bot" if base_url.endswith("/bot") else base_url + "file/"


async def serve(settings: Settings, services: BotServices, application: Application, webhook: bool) -> None:
    """Run until SIGINT or SIGTERM; SIGHUP reloads the knowledge base.

    The signals are handled from the start: SIGINT or SIGTERM during start-up (which waits for the Bot
    API, perhaps unreachable) cancels it, and the bot ends at once.
    """
    stop = asyncio.Event()
    with _signals_handled(stop, lambda: reload_and_report(services, "SIGHUP")):
        async with contextlib.AsyncExitStack() as running:
            if await _start_unless_stopped(running, started(settings, services, application, webhook), stop):
                await stop.wait()


async def _start_unless_stopped(
    running: contextlib.AsyncExitStack, bot: contextlib.AbstractAsyncContextManager[None], stop: asyncio.Event
) -> bool:
    """Enter ``bot`` into ``running``, unless ``stop`` is set first: then start-up is cancelled."""
    starting = asyncio.ensure_future(running.enter_async_context(bot))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if starting.done():
        starting.result()  # a failed start-up raises here
        return True
    starting.cancel()
    try:
        await starting
    except asyncio.CancelledError:
        pass
    except Exception as exc:  # undoing half a start-up: nothing left to do about it
        log.warning("Start-up did not end cleanly: %s", exc)
    log.info("Stopped during start-up")
    return False


@contextlib.contextmanager
def _signals_handled(stop: asyncio.Event, reload: Callable[[], Awaitable[object]]) -> Iterator[None]:
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(reload()))
    try:
        yield
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(signum)


@contextlib.asynccontextmanager
async def started(
    settings: Settings, services: BotServices, application: Application, webhook: bool
) -> AsyncIterator[None]:
    """The bot running inside the block; leaving it finishes the updates in progress, sends the queued
    answers for at most WBV_STOP_DRAIN_SECONDS, then stops.

    Knowledge files are watched and reloaded, usage counts written regularly, and the Bot API asked
    for getMe when nothing else reached it lately, so that ``/healthz`` tells the truth.
    """
    server: HttpServer | None = None
    stop = asyncio.Event()
    async with application:
        await setup_bot_profile(application, services.engine, services.admin_ids)
        await application.start()
        services.outbox.start(application.bot)
        try:
            secret = ""
            if webhook:
                secret = (
                    settings.wbv_webhook_secret.reveal()
                    if settings.wbv_webhook_secret
                    else secrets.token_urlsafe(32)
                )
            server = http_server(settings, services, application, webhook, secret)
            if server is not None:
                await server.start()
            if webhook:
                url = (settings.wbv_webhook_url or "").rstrip("/") + settings.wbv_webhook_path
                await application.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
            else:
                await application.updater.start_polling(
                    allowed_updates=Update.ALL_TYPES, error_callback=polling_error_callback(services.health)
                )
        except BaseException:  # start-up failed or was cancelled by a stop signal: undo what runs
            await _undo_start(application, services, server)
            raise
        touch_interval = max(services.health.max_silence / 4, 1.0)
        background = [
            run_every(touch_interval, stop, lambda: _keep_in_touch(application, services)),
            run_every(USAGE_FLUSH_SECONDS, stop, lambda: services.in_storage_thread(services.usage.flush)),
            run_every(settings.wbv_reload_interval, stop, lambda: reload_if_changed(services)),
        ]
        tasks = [asyncio.create_task(loop) for loop in background]
        log.info(
            "WBV-Bot is running (%s) as @%s", "webhook" if webhook else "polling", application.bot.username
        )
        try:
            yield
        finally:
            log.info("Stopping: finishing the answers in progress")
            if isinstance(application.bot.rate_limiter, RetryingLimiter):  # an outage must not hold the stop
                application.bot.rate_limiter.stop_retrying_after(STOP_GRACE_SECONDS)
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            if server is not None:
                await server.stop()
            if not webhook:
                await application.updater.stop()
            await application.stop()  # the updates in progress end, their answers queued
            await services.outbox.stop(settings.wbv_stop_drain_seconds)
            try:  # counts of the answers finished during the stop, after the questions still queued
                await services.in_storage_thread(services.usage.flush)
            except Exception as exc:
                log.error("Could not write the last usage counts: %s", exc)
    log.info("Stopped")


def http_server(
    settings: Settings, services: BotServices, application: Application, webhook: bool, secret: str
) -> HttpServer | None:
    """The bot's HTTP server, not started: the webhook and /healthz, or /healthz alone on WBV_HEALTH_PORT,
    or none. aiohttp (a tenth of a second of start-up) is imported only when there is one."""
    if not webhook and not settings.wbv_health_port:
        return None
    from bot.tg.server import HttpServer

    if webhook:
        return HttpServer(settings.wbv_webhook_listen, settings.wbv_webhook_port, services,
                          application, settings.wbv_webhook_path, secret)  # fmt: skip
    return HttpServer(settings.wbv_health_listen, settings.wbv_health_port, services,
                      application)  # fmt: skip


async def _undo_start(application: Application, services: BotServices, server: HttpServer | None) -> None:
    """Stop what a start-up cut short had started, so that the application can shut down."""
    await services.outbox.stop(0.0)
    if server is not None:
        await server.stop()
    if application.updater is not None and application.updater.running:
        await application.updater.stop()  # PTB counts polling as running even if cancelled while starting
    if application.running:
        await application.stop()


async def run_every(seconds: float, stop: asyncio.Event, action: Callable[[], object]) -> None:
    """Call ``action`` (plain or async) every ``seconds`` until ``stop`` is set.

    A failing call is logged and the loop goes on: one bad moment never ends a background job.
    """
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=seconds)
        if stop.is_set():
            return
        try:
            result = action()
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception("A background job failed; it will run again in %.0f s", seconds)


def polling_error_callback(
    health: Health, clock: Callable[[], float] = time.monotonic
) -> Callable[[TelegramError], None]:
    """PTB's error callback for getUpdates, which PTB retries by itself (backing off up to 30 s).

    409 Conflict means that another process polls with the same token (or a webhook is set): health
    fails, and it is logged once a minute with how often it happened, not once per attempt. Other
    errors are logged in one line each.
    """
    conflicts = CountedReport(CONFLICT_LOG_SECONDS, clock)

    def on_error(error: TelegramError) -> None:  # must never raise: PTB would stop polling
        try:
            if not isinstance(error, Conflict):
                log.error("Polling for updates failed, retrying: %s", error)
                return
            health.polling_conflict()
            count = conflicts.count()
            if count is not None:
                log.error(
                    "Telegram refuses getUpdates with 409 Conflict (%d time(s) since the last report): "
                    "another process polls with this token, or a webhook is set; only one may run. %s",
                    count,
                    error,
                )
        except Exception:  # pragma: no cover - logging itself failed
            pass

    return on_error


async def _keep_in_touch(application: Application, services: BotServices) -> None:
    """getMe when the Bot API has been silent for half the allowed silence."""
    health = services.health
    if health.silence() > health.max_silence / 2:
        try:
            await application.bot.get_me()
        except TelegramError as exc:
            log.warning("The Bot API is not reachable: %s", exc)
