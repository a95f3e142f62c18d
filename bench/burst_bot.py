"""A bot process for the burst benchmark: ours (``wbv``), a bare python-telegram-bot echo bot (``echo``),
the echo bot sending through our RetryingLimiter with flood control off (``echo-limiter``: the same cap on
requests in flight as ours), or that one sending our kind of message, HTML with buttons and no link
preview, without any work (``rich-echo``).

All use the same framework settings: long polling, 64 concurrent updates, a pool of 128 connections.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bot.config import SHIPPED_KNOWLEDGE_DIR, Settings
from bot.core.engine import AnswerEngine
from bot.curation.reload import LiveKnowledge
from bot.curation.storage import Database
from bot.logs import configure_logging
from bot.tg.app import CONCURRENT_UPDATES, build_application, serve
from bot.tg.context import BotServices
from bot.tg.keyboards import reply_keyboard
from bot.tg.render import reply_paragraphs, split_messages
from bot.tg.retries import RetryingLimiter

KINDS = ("wbv", "echo", "echo-limiter", "rich-echo")
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # as our bot sends its answers


def run_ours(base_url: str, token: str, limits: bool) -> None:
    configure_logging([token])  # our bot logs one line per update in production too
    data = Path(tempfile.mkdtemp())
    settings = Settings(_env_file=None, telegram_api_base_url=base_url, wbv_data_dir=data)
    knowledge = LiveKnowledge.load(SHIPPED_KNOWLEDGE_DIR)
    services = BotServices.create(knowledge, Database(data), settings)
    application = build_application(settings, services, token, RetryingLimiter(pacing=limits))
    asyncio.run(serve(settings, services, application, webhook=False))


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


def rich_echo_handler() -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]:
    """Replies with one fixed answer as our bot sends it (HTML and follow-up buttons), doing no work."""
    reply = AnswerEngine.from_directory(SHIPPED_KNOWLEDGE_DIR).answer("Wer ist Marc Brandt?")
    html, keyboard = split_messages(reply_paragraphs(reply))[0], reply_keyboard(reply)

    async def rich_echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(
            html, parse_mode=ParseMode.HTML, reply_markup=keyboard, link_preview_options=NO_PREVIEW
        )

    return rich_echo


def run_echo(base_url: str, token: str, kind: str) -> None:
    builder = (
        Application.builder()
        .token(token)
        .base_url(base_url)
        .request(HTTPXRequest(connection_pool_size=CONCURRENT_UPDATES * 2))
        .concurrent_updates(CONCURRENT_UPDATES)
    )
    if kind != "echo":
        builder = builder.rate_limiter(RetryingLimiter(pacing=False))
    application = builder.build()
    handler = rich_echo_handler() if kind == "rich-echo" else echo
    application.add_handler(MessageHandler(filters.TEXT, handler))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=KINDS, required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--limits", action="store_true", help="Telegram's flood limits on (ours only)")
    args = parser.parse_args()
    if args.kind == "wbv":
        run_ours(args.base_url, args.token, args.limits)
    else:
        run_echo(args.base_url, args.token, args.kind)


if __name__ == "__main__":
    main()
