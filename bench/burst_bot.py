"""A bot process for the burst benchmarks (``bench/burst.py``), one of :data:`KINDS`:

* ``wbv``: our bot as ``wbv-bot run`` starts it (:func:`bot.tg.app.run_bot`);
* ``echo``: a bare python-telegram-bot echo bot: long polling, 64 concurrent updates, a pool of 128
  connections, ``reply_text`` of the message's text;
* ``echo-outbox``: the same echo sent through our :class:`~bot.tg.outbox.Outbox` without pacing, with our
  connection pool and :class:`~bot.tg.retries.RetryingLimiter`: our in-flight policy with Telegram's
  limits off (up to 64 sends in flight, one per chat), without any of our work.

Every kind takes its settings from the environment (``TELEGRAM_BOT_TOKEN``, ``TELEGRAM_API_BASE_URL``,
``WBV_FLOOD_LIMITS``, ``WBV_STOP_DRAIN_SECONDS`` …), as ``wbv-bot run`` does.
"""

from __future__ import annotations

import argparse
from functools import partial

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bot.config import Settings, load_settings
from bot.tg.app import CONCURRENT_UPDATES, run_bot, send_transport
from bot.tg.outbox import Outbox
from bot.tg.retries import RetryingLimiter

KINDS = ("wbv", "echo", "echo-outbox")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


def run_echo(settings: Settings) -> None:
    application = (
        Application.builder()
        .token(settings.token())
        .base_url(settings.telegram_api_base_url)
        .request(HTTPXRequest(connection_pool_size=CONCURRENT_UPDATES * 2))
        .concurrent_updates(CONCURRENT_UPDATES)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


def run_echo_through_outbox(settings: Settings) -> None:
    """The echo handed to an unpaced outbox, which runs from start-up until the application stops."""
    outbox = Outbox(limits=None)

    async def start(application: Application) -> None:
        outbox.start(application.bot)

    async def stop(application: Application) -> None:
        await outbox.stop(settings.wbv_stop_drain_seconds)

    async def echo_later(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        outbox.post(message.chat_id, [partial(message.reply_text, message.text)])

    application = (
        Application.builder()
        .token(settings.token())
        .base_url(settings.telegram_api_base_url)
        .request(HTTPXRequest(httpx_kwargs={"transport": send_transport()}))  # as ours
        .rate_limiter(RetryingLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(start)
        .post_stop(stop)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo_later))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=KINDS)
    kind = parser.parse_args().kind
    settings = load_settings(env_file=None)  # the benchmark passes everything in the environment
    if kind == "wbv":
        run_bot(settings, settings.token(), webhook=False)
    elif kind == "echo":
        run_echo(settings)
    else:
        run_echo_through_outbox(settings)


if __name__ == "__main__":
    main()
