"""Health: is the bot up, which knowledge base does it serve, has it reached the Bot API lately, does its
storage work, and is it the only one polling with its token?"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from telegram.request import HTTPXRequest

from bot.core.engine import AnswerEngine
from bot.curation.storage import StorageHealth

CONFLICT_HOLD_S = 60.0  # unhealthy this long after a 409 Conflict (PTB retries at least every 30 s)


class Health:
    """Tracks contact with the Bot API; unhealthy when there was none for ``max_silence`` seconds, while
    ``storage`` (if given) has a fault, and for a minute after Telegram answered 409 Conflict (another
    process polls with the same token)."""

    def __init__(
        self,
        max_silence: float,
        clock: Callable[[], float] = time.monotonic,
        storage: StorageHealth | None = None,
    ) -> None:
        self.max_silence = max_silence
        self._clock = clock
        self.started = clock()
        self.last_contact: float | None = None
        self.storage = storage
        self.last_conflict: float | None = None

    def polling_conflict(self) -> None:
        self.last_conflict = self._clock()

    def in_conflict(self) -> bool:
        return self.last_conflict is not None and self._clock() - self.last_conflict < CONFLICT_HOLD_S

    def api_reached(self) -> None:
        self.last_contact = self._clock()

    def silence(self) -> float:
        """Seconds since the Bot API last answered (since start if it never did)."""
        return self._clock() - (self.last_contact if self.last_contact is not None else self.started)

    def report(self, engine: AnswerEngine) -> tuple[bool, dict[str, Any]]:
        silence = self.silence()
        storage_ok = self.storage is None or self.storage.ok
        conflict = self.in_conflict()
        ok = silence <= self.max_silence and storage_ok and not conflict
        report = {
            "status": "ok" if ok else "unhealthy",
            "knowledge_version": engine.version,
            "entries": engine.entry_count,
            "uptime_s": round(self._clock() - self.started, 1),
            "last_api_contact_s": None if self.last_contact is None else round(silence, 1),
            "polling_conflict": conflict,
        }
        if self.storage is not None:
            report["storage"] = "ok" if storage_ok else "fault"
            report["storage_errors"] = self.storage.errors
        return ok, report


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
