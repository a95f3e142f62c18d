"""The database under faults: health per kind of operation, short lock waits, one-line start-up errors,
the lock that keeps a second bot off a data directory, and the curator's commands on a wrong --data."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from pathlib import Path

import pytest
from helpers import TOKEN

from bot.cli import main
from bot.core.engine import AnswerEngine
from bot.curation.storage import (
    DATABASE_NAME,
    LOCK_NAME,
    Database,
    InstanceLock,
    LanguagePreferences,
    StorageError,
    open_exclusively,
)
from bot.curation.usage import UsageStats
from bot.tg.app import run_every

QUESTIONS = "SELECT COALESCE(SUM(count), 0) FROM usage_daily WHERE metric = 'questions'"


def other_connection(data_dir: Path) -> sqlite3.Connection:
    """Another process's connection to the bot's database."""
    return sqlite3.connect(data_dir / DATABASE_NAME, isolation_level=None)


def test_a_failed_read_is_a_fault_until_a_read_succeeds(tmp_path: Path) -> None:
    database = Database(tmp_path)
    preferences = LanguagePreferences(database)
    preferences.set(7, "en")
    assert database.health.ok and database.health.errors == 0
    other = other_connection(tmp_path)
    other.execute("ALTER TABLE language_choice RENAME TO gone")  # the table is unreadable now
    with pytest.raises(sqlite3.OperationalError):
        preferences.get(7)
    assert not database.health.ok and database.health.errors == 1
    other.execute("ALTER TABLE gone RENAME TO language_choice")
    assert preferences.get(7) == "en"
    assert database.health.ok and database.health.errors == 1


def test_a_failed_write_is_a_fault_until_a_write_succeeds_reads_do_not_hide_it(tmp_path: Path) -> None:
    database = Database(tmp_path)
    preferences = LanguagePreferences(database)
    other = other_connection(tmp_path)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        preferences.set(7, "en")
    assert preferences.get(7) is None  # reading still works (WAL) ...
    assert not database.health.ok  # ... and does not make the failed write look fine
    other.execute("ROLLBACK")
    preferences.set(7, "en")
    assert database.health.ok and database.health.errors == 1


def test_writes_wait_only_briefly_for_a_lock_held_elsewhere(tmp_path: Path) -> None:
    database = Database(tmp_path)
    assert database.execute("PRAGMA busy_timeout") == [(200,)]


async def test_a_failed_usage_flush_is_logged_keeps_the_counts_and_the_next_flush_works(
    tmp_path: Path, shipped_engine: AnswerEngine, caplog: pytest.LogCaptureFixture
) -> None:
    usage = UsageStats(Database(tmp_path))
    stored = Database(tmp_path)
    other = other_connection(tmp_path)
    other.execute("BEGIN IMMEDIATE")  # every flush fails while another process holds the write lock
    usage.count_question(shipped_engine.answer("Wer ist Marc Brandt?"))
    stop = asyncio.Event()
    flushing = asyncio.create_task(run_every(0.05, stop, usage.flush))
    try:
        for _ in range(500):
            if "A background job failed" in caplog.text:
                break
            await asyncio.sleep(0.01)
        failures = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
        assert failures and "locked" in str(failures[0].exc_info[1])
        other.execute("ROLLBACK")
        for _ in range(500):
            if stored.execute(QUESTIONS) == [(1,)]:
                break
            await asyncio.sleep(0.01)
        assert stored.execute(QUESTIONS) == [(1,)]  # the count of the failed flush was not lost
        assert not flushing.done()
    finally:
        stop.set()
        await asyncio.wait_for(flushing, timeout=5)


def test_a_corrupt_database_is_one_line_naming_its_path(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / DATABASE_NAME).write_bytes(b"this is no SQLite file " * 100)
    with pytest.raises(StorageError, match="file is not a database") as caught:
        Database(data)
    assert str(data / DATABASE_NAME) in str(caught.value)
    for command in (["gaps", "--data", str(data)], ["stats", "--data", str(data)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(data / DATABASE_NAME) in err and "not a database" in err


def test_run_on_a_corrupt_database_is_one_line_and_exit_2(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / DATABASE_NAME).write_bytes(b"this is no SQLite file " * 100)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/bot")  # never reached
    monkeypatch.setenv("WBV_DATA_DIR", str(data))
    try:
        assert main(["run"]) == 2
    finally:
        logging.getLogger().handlers.clear()  # run configured logging
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot use the database {data / DATABASE_NAME}" in err
    InstanceLock(data).acquire()  # the failed start released its lock


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only files")
def test_a_read_only_database_is_refused_at_start(tmp_path: Path) -> None:
    Database(tmp_path).close()
    (tmp_path / DATABASE_NAME).chmod(0o444)
    with pytest.raises(StorageError, match="attempt to write a readonly database"):
        Database(tmp_path)


@pytest.mark.parametrize("command", ["gaps", "stats"])
def test_curator_commands_refuse_a_missing_data_directory_or_database(
    command: str, tmp_path: Path, capsys
) -> None:
    typo = tmp_path / "dtaa"
    assert main([command, "--data", str(typo)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"the data directory {typo} does not exist" in err
    assert not typo.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([command, "--data", str(empty)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"there is no database {empty / DATABASE_NAME}" in err
    assert list(empty.iterdir()) == []


def test_a_second_bot_on_the_same_data_directory_is_refused_naming_the_first(tmp_path: Path) -> None:
    first, database = open_exclusively(tmp_path)
    assert (tmp_path / LOCK_NAME).read_text().strip() == str(os.getpid())
    with pytest.raises(StorageError) as refused:
        open_exclusively(tmp_path)  # a lock is per open file, so this conflicts even in one process
    message = str(refused.value)
    assert f"pid {os.getpid()}" in message and str(tmp_path / LOCK_NAME) in message and "\n" not in message
    database.close()
    first.release()
    second, database = open_exclusively(tmp_path)  # released at exit: the next start works
    database.close()
    second.release()
