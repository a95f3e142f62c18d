"""Health: is the bot up, which knowledge base does it serve, and has it reached the Bot API lately?"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from telegram.request import HTTPXRequest

from bot.core.engine import AnswerEngine


class Health:
    """Tracks contact with the Bot API; unhealthy when there was none for ``max_silence`` seconds."""

    def __init__(self, max_silence: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_silence = max_silence
        self._clock = clock
        self.started = clock()
        self.last_contact: float | None = None

    def api_reached(self) -> None:
        self.last_contact = self._clock()

    def silence(self) -> float:
        """Seconds since the Bot API last answered (since start if it never did)."""
        return self._clock() - (self.last_contact if self.last_contact is not None else self.started)

    def report(self, engine: AnswerEngine) -> tuple[bool, dict[str, Any]]:
        silence = self.silence()
        ok = silence <= self.max_silence
        return ok, {
            "status": "ok" if ok else "unhealthy",
            "knowledge_version": engine.version,
            "entries": engine.entry_count,
            "uptime_s": round(self._clock() - self.started, 1),
            "last_api_contact_s": None if self.last_contact is None else round(silence, 1),
        }


class TrackingRequest(HTTPXRequest):
    """python-telegram-bot's HTTP client, noting every answer from the Bot API (below 500) in ``health``."""

    def __init__(self, health: Health, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._health = health

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        if code < 500:
            self._health.api_reached()
        return code, payload
