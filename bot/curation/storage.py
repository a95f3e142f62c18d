"""The bot's small SQLite database (``WBV_DATA_DIR/wbv-bot.sqlite3``).

It holds only what the bot needs:

* ``language_choice``: the reply language a user chose with /sprache, keyed by the Telegram user id
  (deleted with /vergessen);
* ``unanswered``: questions the bot could not answer confidently, for curators — the normalised text,
  time, language and best candidate, and nothing that identifies a person (see :mod:`bot.curation.gaps`);
* ``usage_daily``: counters per day (see :mod:`bot.curation.usage`).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from bot.core.models import Lang

DATABASE_NAME = "wbv-bot.sqlite3"
LOCK_NAME = "wbv-bot.lock"  # held by the running bot: a second one on its data directory refuses to start
BUSY_TIMEOUT_S = 0.2  # how long a write waits for a lock held by another process before it fails
SETUP_TIMEOUT_S = 5.0  # opening and creating the schema may wait longer: nobody waits for an answer yet

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


class StorageError(Exception):
    """The data directory or its database cannot be used; the message names the path, in one line."""


class StorageHealth:
    """Storage errors since start, and whether reading and writing work now (for ``/healthz``).

    Reads and writes are judged apart: on a full disk, or while another process holds the write lock,
    reads still work, and a successful read must not hide that nothing can be written. A fault lasts
    until an operation of the same kind succeeds.
    """

    def __init__(self) -> None:
        self.errors = 0
        self._faulty: set[str] = set()
        self._lock = threading.Lock()

    def failed(self, kind: str) -> None:
        with self._lock:
            self.errors += 1
            self._faulty.add(kind)

    def succeeded(self, kind: str) -> None:
        if kind in self._faulty:
            with self._lock:
                self._faulty.discard(kind)

    @property
    def ok(self) -> bool:
        return not self._faulty


class Database:
    """SQLite, created with its schema on first use; safe to call from any thread.

    Writes go through one connection, reads (``SELECT``) through another, so that in WAL mode a read on
    the event loop never waits for a write in progress. Every failure is counted in ``health`` and
    raised as the :class:`sqlite3.Error` it is. ``create=False`` (the curator's commands) refuses a data
    directory or database that does not exist instead of creating an empty one.
    """

    def __init__(self, data_dir: Path, *, create: bool = True, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        self.path = data_dir / DATABASE_NAME
        self.health = StorageHealth()
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()
        if not create and not data_dir.is_dir():
            raise StorageError(f"the data directory {data_dir} does not exist (`wbv-bot run` creates it)")
        if not create and not self.path.is_file():
            raise StorageError(f"there is no database {self.path} (`wbv-bot run` creates it)")
        connections: list[sqlite3.Connection] = []
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            connections.append(_connect(self.path))
            connections[0].execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL never corrupts the database; a power cut may lose the last few counter
            # updates, which is acceptable and spares an fsync per question.
            connections[0].execute("PRAGMA synchronous=NORMAL")
            connections[0].executescript(_SCHEMA)
            if create:
                _check_writable(connections[0])
            connections.append(_connect(self.path))
            connections[1].execute("SELECT COUNT(*) FROM sqlite_master").fetchall()
        except (sqlite3.Error, OSError) as exc:
            for connection in connections:
                connection.close()
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise StorageError(f"cannot use the database {self.path}: {reason}") from None
        for connection in connections:
            connection.execute(f"PRAGMA busy_timeout = {round(busy_timeout * 1000)}")
        self._connection, self._reader = connections

    def execute(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        reading = sql.lstrip()[:6].upper() == "SELECT"
        kind = "read" if reading else "write"
        connection, lock = (self._reader, self._read_lock) if reading else (self._connection, self._lock)
        with lock:
            try:
                rows = connection.execute(sql, parameters).fetchall()
            except sqlite3.Error:
                self.health.failed(kind)
                raise
        self.health.succeeded(kind)
        return rows

    def execute_many(self, sql: str, rows: Iterable[tuple]) -> None:
        """One write statement for each of ``rows``, in one transaction: all are written or none."""
        connection = self._connection
        with self._lock:
            try:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    connection.executemany(sql, rows)
                    connection.execute("COMMIT")
                except BaseException:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
            except sqlite3.Error:
                self.health.failed("write")
                raise
        self.health.succeeded("write")

    def close(self) -> None:
        with self._lock, self._read_lock:
            for connection in (self._connection, self._reader):
                connection.close()


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=SETUP_TIMEOUT_S, check_same_thread=False, isolation_level=None)


def _check_writable(connection: sqlite3.Connection) -> None:
    """A write that is rolled back: a read-only file or file system fails here, not at the first question."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("INSERT INTO usage_daily (day, metric, count) VALUES ('', 'write check', 0)")
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")


class InstanceLock:
    """``DATA_DIR/wbv-bot.lock``, locked (``flock``) by the running bot and holding its pid, so that a
    second bot on the same data directory refuses to start; the operating system releases it when the
    process ends, however it ends."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`StorageError` naming the running bot's pid."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StorageError(f"cannot create the lock file {self.path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise StorageError(
                f"another WBV-Bot (pid {holder}) is already running on {self.path.parent} "
                f"(it holds {self.path}); stop it first"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def open_exclusively(data_dir: Path) -> tuple[InstanceLock, Database]:
    """The running bot's lock on ``data_dir``, then its database (the lock is released if that fails)."""
    instance = InstanceLock(data_dir)
    instance.acquire()
    try:
        return instance, Database(data_dir)
    except BaseException:
        instance.release()
        raise


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
