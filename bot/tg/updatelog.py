"""One log line per handled update: what happened, never what was written or by whom."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.engine import Reply

log = logging.getLogger("bot.updates")


@dataclass(frozen=True)
class Handled:
    """How an update ended, for the log line: no message text, no user."""

    outcome: str
    entry_id: str | None = None
    score: float | None = None

    @classmethod
    def of(cls, reply: Reply) -> Handled:
        return cls(str(reply.outcome), reply.candidate, round(reply.score, 1))


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[Handled | None]]


def logged(kind: str) -> Callable[[Handler], Handler]:
    """One INFO line per handled update: id, kind, outcome, entry, score, latency (text only at DEBUG)."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Handled | None:
            started = time.perf_counter()
            handled = await handler(update, context)
            if handled is None:
                return None
            latency = round((time.perf_counter() - started) * 1000, 1)
            fields = {
                "update_id": update.update_id,
                "kind": kind,
                "outcome": handled.outcome,
                "entry_id": handled.entry_id,
                "score": handled.score,
                "latency_ms": latency,
            }
            log.info(" ".join(f"{key}={value}" for key, value in fields.items()), extra=fields)
            if log.isEnabledFor(logging.DEBUG) and update.effective_message is not None:
                log.debug("update_id=%s text=%r", update.update_id, update.effective_message.text)
            return handled

        return run

    return decorate
