"""Logging that never shows a secret: the token is redacted from every formatted line."""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from types import TracebackType

REDACTED = "[REDACTED]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then removes the secrets (also from tracebacks and URLs inside messages)."""

    def __init__(self, secrets: Iterable[str], fmt: str | None = None) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self.secrets:
            line = line.replace(secret, REDACTED)
        return line


# Fields a log call may attach with ``extra=`` (see bot.tg.updatelog.logged); JSON lines carry them.
EXTRA_FIELDS = ("update_id", "kind", "outcome", "entry_id", "score", "latency_ms")


class JsonFormatter(RedactingFormatter):
    """One JSON object per line: time, level, logger, message, the extra fields, and any traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__(secrets)

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update({key: getattr(record, key) for key in EXTRA_FIELDS if hasattr(record, key)})
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        line = json.dumps(data, ensure_ascii=False)
        for secret in self.secrets:
            line = line.replace(secret, REDACTED)
        return line


def configure_logging(secrets: Iterable[str], level: str = "INFO", as_json: bool = False) -> None:
    """Log to stderr with secrets redacted; httpx's request lines (URLs with the token) only as warnings."""
    secrets = list(secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(secrets) if as_json else RedactingFormatter(secrets, LOG_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level))
    for noisy in ("httpx", "httpcore", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # An uncaught error's traceback may quote the token (python-telegram-bot's InvalidToken does), so it
    # goes through the redacting handler too, never straight to stderr. asyncio's default exception
    # handler already logs (logger "asyncio"), so errors in tasks and callbacks are redacted as well.
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    sys.unraisablehook = _log_unraisable


_uncaught = logging.getLogger("bot.uncaught")


def _log_uncaught(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    _uncaught.critical("Uncaught error", exc_info=(exc_type, exc, tb))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread else "?"
    _uncaught.error(
        "Uncaught error in thread %s", name, exc_info=(args.exc_type, args.exc_value, args.exc_traceback)
    )


def _log_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    exc_info = (
        (unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback)
        if unraisable.exc_value is not None
        else None
    )
    try:
        culprit = repr(unraisable.object)
    except Exception:  # a broken __repr__ must not escape the redaction either
        culprit = f"<{type(unraisable.object).__name__}>"
    _uncaught.error("%s: %s", unraisable.err_msg or "Exception ignored in", culprit, exc_info=exc_info)


class CountedReport:
    """Counts an event and says when to log it: at most once per ``seconds``, with how often it happened
    since the last line. For events an outsider can repeat without end (409 Conflicts, webhook posts
    with a wrong secret), which one line each would let fill the log."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._seconds = seconds
        self._clock = clock
        self._reported_at: float | None = None
        self.unreported = 0

    def count(self) -> int | None:
        """Count one event; how many to report now, or None while the last report is recent."""
        self.unreported += 1
        now = self._clock()
        if self._reported_at is not None and now - self._reported_at < self._seconds:
            return None
        reported, self.unreported, self._reported_at = self.unreported, 0, now
        return reported
