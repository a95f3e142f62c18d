"""The bot's small SQLite database (``WBV_DATA_DIR/wbv-bot.sqlite3``).

It holds only what the bot needs:

* ``language_choice``: the reply language a user chose with /sprache, keyed by the Telegram user id
  (deleted with /vergessen);
* ``unanswered``: questions the bot could not answer confidently, for curators — the normalised text,
  time, language and best candidate, and nothing that identifies a person (see :mod:`bot.curation.gaps`);
* ``usage_daily``: counters per day (see :mod:`bot.curation.usage`).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from bot.core.models import Lang

DATABASE_NAME = "wbv-bot.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS language_choice (
    user_id INTEGER PRIMARY KEY,
    lang TEXT NOT NULL CHECK (lang IN ('de', 'en'))
);
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL,
    lang TEXT NOT NULL,
    outcome TEXT NOT NULL,
    candidate TEXT,
    score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_asked_at ON unanswered (asked_at);
CREATE TABLE IF NOT EXISTS usage_daily (
    day TEXT NOT NULL,
    metric TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, metric)
);
"""


class Database:
    """One SQLite connection, created with its schema on first use; safe to call from any thread."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DATABASE_NAME
        self._connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._connection.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL never corrupts the database; a power cut may lose the last few counter
            # updates, which is acceptable and spares an fsync per question.
            self._connection.execute("PRAGMA synchronous=NORMAL")
            self._connection.executescript(_SCHEMA)

    def execute(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, parameters).fetchall()

    def close(self) -> None:
        with self._lock:
            self._connection.close()


class LanguagePreferences:
    """The language each user chose explicitly; absent means "follow Telegram's language"."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def get(self, user_id: int) -> Lang | None:
        rows = self._database.execute("SELECT lang FROM language_choice WHERE user_id = ?", (user_id,))
        return rows[0][0] if rows else None

    def set(self, user_id: int, lang: Lang) -> None:
        self._database.execute(
            "INSERT INTO language_choice (user_id, lang) VALUES (?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET lang = excluded.lang",
            (user_id, lang),
        )

    def forget(self, user_id: int) -> bool:
        """Delete what is stored for ``user_id``; True if there was anything."""
        existed = self.get(user_id) is not None
        self._database.execute("DELETE FROM language_choice WHERE user_id = ?", (user_id,))
        return existed
