"""Unanswered questions and usage figures: no identity stored, retention, grouping, recheck, CLI."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.engine import AnswerEngine, Outcome, Reply
from bot.curation.gaps import GapLog, engine_words, group_gaps, masked_question
from bot.curation.storage import DATABASE_NAME, Database
from bot.curation.usage import UsageStats
from bot.tg.app import run_every

RETENTION_DAYS = 90


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def reply(
    question: str, outcome: Outcome = Outcome.FALLBACK, entry: str | None = None, score: float = 30
) -> Reply:
    answered = entry if outcome is Outcome.ANSWER else None
    return Reply(question, "de", outcome, "…", entry_id=answered, candidate=entry, score=score)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("Wer ist <b>Helmut</b> Schmidt??", "wer ist helmut schmidt"),
        ("Meine Mail: anna.berg@example.org, Tel. +49 171 2345678", "meine mail ‹E-Mail› tel ‹Telefon›"),
        ("siehe https://example.org/x?y=1 und www.test.de", "siehe ‹Link› und ‹Link›"),
        ("Workshop 2 im Jahr 2023", "workshop 2 im jahr 2023"),
        ("Größe Ü", "größe ü"),
        # phone numbers in every common format, and other long numbers
        ("Ruf an: (0171) 123-4567", "ruf an ‹Telefon›"),
        ("Nummer 0171.1234567 bitte", "nummer ‹Telefon› bitte"),
        ("Tel +49 171 1234567", "tel ‹Telefon›"),
        ("meine nummer ist 0171 1234567", "meine nummer ist ‹Telefon›"),
        ("0171/1234567 oder +49 (0)171 1234567 oder 01711234567", "‹Telefon› oder ‹Telefon› oder ‹Telefon›"),
        ("Kundennummer 123 456 789", "kundennummer ‹Nummer›"),
        # e-mail addresses, also spelled out, and Telegram usernames
        ("schreib an erika at example dot org", "schreib an ‹E-Mail›"),
        ("erika(at)example.org", "‹E-Mail›"),
        ("erika [at] example [dot] org bitte", "‹E-Mail› bitte"),
        ("Erika.M @ example.de", "‹E-Mail›"),
        ("Kontakt: @erika_m", "kontakt ‹Name›"),
        ("we meet at noon at the station", "we meet at noon at the station"),
        # street addresses and postcodes
        ("ich wohne in der musterstraße 12 10115 berlin", "ich wohne in der ‹Adresse›"),
        ("Berliner Str. 5a, 60311 Frankfurt am Main", "‹Adresse›"),
        ("221b Baker Street", "‹Adresse›"),
        # dates
        ("geboren am 12 03 1985", "geboren am ‹Datum›"),
        ("Geburtsdatum: 12.03.1985", "geburtsdatum ‹Datum›"),
        ("am 12. März 1985 geboren", "am ‹Datum› geboren"),
        ("born on March 12, 1985", "born on ‹Datum›"),
        ("Jahrgang 1985", "jahrgang ‹Datum›"),
        # names: rare capitalised words, after an introduction or a title, and their neighbours
        ("ich bin erika mustermann", "ich bin ‹Name›"),
        ("Mein Name ist Erika Mustermann, wo ist Workshop 2?", "mein name ist ‹Name› wo ist workshop 2"),
        ("ich heiße peter müller und habe eine frage", "ich heiße ‹Name› und habe eine frage"),
        ("my name is anna", "my name is ‹Name›"),
        ("I'm Erika", "i m ‹Name›"),
        ("Wer ist Erika Mustermann?", "wer ist ‹Name›"),
        ("Frau Müller hat angerufen", "frau ‹Name› hat angerufen"),
        ("Herr Dr. Kowalski", "herr dr ‹Name›"),
        # ... but not common words, compounds or acronyms
        ("ich bin neu hier und interessiert", "ich bin neu hier und interessiert"),
        ("I am interested in the workshop", "i am interested in the workshop"),
        ("Wie hoch ist das Bürgergeld?", "wie hoch ist das bürgergeld"),
        ("Gibt es eine Abendveranstaltung?", "gibt es eine abendveranstaltung"),
        ("Frage an den DGB", "frage an den dgb"),
    ],
)
def test_questions_are_normalised_and_personal_data_masked(raw: str, stored: str) -> None:
    assert masked_question(raw) == stored


def test_names_the_knowledge_base_uses_are_kept(tmp_path: Path, shipped_engine: AnswerEngine) -> None:
    question = "Ist Frau Luger mit Erika Mustermann verwandt?"
    assert masked_question(question) == "ist frau ‹Name› mit ‹Name› verwandt"
    known = engine_words(shipped_engine)
    assert masked_question(question, known) == "ist frau luger mit ‹Name› verwandt"
    log = GapLog(Database(tmp_path), RETENTION_DAYS, known_words=lambda: known)
    log.record(reply(question, Outcome.SUGGEST, "monika_luger", 60))
    assert [g.question for g in log.gaps()] == ["ist frau luger mit ‹Name› verwandt"]


@pytest.mark.parametrize(
    ("adversarial", "stored"),
    [
        ("a@" * 4000, " ".join(["a"] * 150)),  # at most MAX_STORED_CHARS, whole words
        ("0" * 8000, "‹Nummer›"),
        ("1 " * 4000, " ".join(["1"] * 150)),
        ("x" * 8000 + "@example.org", "‹E-Mail›"),
        ("Tel. " + "0171 1234567, " * 600, "tel ‹Telefon›"),
        ("Herr " * 2000, " ".join(["herr"] * 60)),
    ],
)
def test_long_adversarial_input_is_masked_correctly(adversarial: str, stored: str) -> None:
    """Every pattern is bounded, so 8 KB of text that defeats an unbounded pattern are masked at once
    (``\\S+@\\S+`` took quadratic time on "a@" * 4000); here only the result is checked."""
    assert len(adversarial) >= 8000
    assert masked_question(adversarial) == stored


def test_only_unanswered_questions_are_recorded_and_the_schema_has_no_identity(tmp_path: Path) -> None:
    database = Database(tmp_path)
    log = GapLog(database, RETENTION_DAYS)
    log.record(reply("Wer ist Olaf Scholz?"))
    log.record(reply("Helmut Schmidt", Outcome.SUGGEST, "frank_schmidt", 57.7))
    log.record(reply("Wer ist Frank Schmidt?", Outcome.ANSWER, "frank_schmidt", 100))
    log.record(reply("🙂🙂"))  # nothing left after normalising
    gaps = log.gaps()
    assert [(g.question, g.outcome, g.candidate, g.score) for g in gaps] == [
        ("wer ist olaf scholz", "fallback", None, 30.0),
        ("helmut schmidt", "suggest", "frank_schmidt", 57.7),
    ]
    columns = {row[1] for row in database.execute("PRAGMA table_info(unanswered)")}
    assert columns == {"id", "asked_at", "question", "lang", "outcome", "candidate", "score"}


def test_rows_older_than_the_retention_period_are_purged(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 1, 1, 12, 0, tzinfo=UTC))
    log = GapLog(Database(tmp_path), retention_days=90, now=clock)
    log.record(reply("alte frage"))
    clock.now += timedelta(days=60)
    log.record(reply("mittlere frage"))
    clock.now += timedelta(days=31)  # the first is now 91 days old; the purge runs with the next record
    log.record(reply("neue frage"))
    assert [g.question for g in log.gaps()] == ["mittlere frage", "neue frage"]
    clock.now += timedelta(days=100)
    assert log.purge() == 2
    assert log.gaps() == []


def test_similar_questions_are_grouped_most_frequent_first(
    tmp_path: Path, shipped_engine: AnswerEngine
) -> None:
    log = GapLog(Database(tmp_path), RETENTION_DAYS)
    questions = [
        "Wer ist Helmut Schmidt?", "wer ist helmut schmidt", "Helmut Schmidt?", "Helmut Schmitt",
        "Wie wird das Wetter?", "Wer gewinnt die Bundesliga?", "wie wird das wetter morgen",
    ]  # fmt: skip
    for question in questions:
        log.record(shipped_engine.answer(question))
    groups = group_gaps(log.gaps(), shipped_engine)
    assert [(g.representative, g.count) for g in groups] == [
        ("wer ist helmut schmidt", 2 + 1 + 1),
        ("wie wird das wetter", 2),
        ("wer gewinnt die bundesliga", 1),
    ]
    assert groups[0].candidate == "frank_schmidt"
    assert groups[0].questions == {"wer ist helmut schmidt": 2, "helmut schmidt": 1, "helmut schmitt": 1}


def prepared_data_dir(tmp_path: Path, engine: AnswerEngine) -> Path:
    data = tmp_path / "data"
    log = GapLog(Database(data), RETENTION_DAYS)
    for question in ["Wann ist das Sommerfest?", "Wann ist das Sommerfest", "Wer ist Olaf Scholz?"]:
        log.record(engine.answer(question))
    return data


def test_gaps_command_lists_groups_and_csv(tmp_path: Path, shipped_engine, capsys) -> None:
    data = prepared_data_dir(tmp_path, shipped_engine)
    assert main(["gaps", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("   2x  wann ist das sommerfest")
    assert "   1x  wer ist olaf scholz" in out
    assert main(["gaps", "--data", str(data), "--csv", "--days", "1"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["count"], r["question"]) for r in rows] == [
        ("2", "wann ist das sommerfest"),
        ("1", "wer ist olaf scholz"),
    ]
    assert main(["gaps", "--data", str(data), "--since", "2999-01-01"]) == 0
    assert "No unanswered questions" in capsys.readouterr().out


def test_gaps_recheck_shows_what_an_edited_knowledge_base_now_answers(
    tmp_path: Path, shipped_engine, capsys
) -> None:
    data = prepared_data_dir(tmp_path, shipped_engine)
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "fest.yaml").write_text(
        "entries:\n  - id: sommerfest\n    title: {de: Sommerfest, en: Summer party}\n"
        '    questions: ["Wann ist das Sommerfest?"]\n    answer: {de: Steht nicht fest., en: Not known.}\n'
        "    source: Test\n",
        encoding="utf-8",
    )
    assert main(["gaps", "--data", str(data), "--knowledge", str(kb), "--recheck"]) == 0
    out = capsys.readouterr().out
    assert "now: answered by sommerfest" in out
    assert "now: still not answered" in out
    assert "now answers 1 of 2 group(s)" in out


def test_usage_figures_per_day(tmp_path: Path, shipped_engine: AnswerEngine, capsys) -> None:
    days = iter([date(2026, 11, 23)] * 4 + [date(2026, 11, 24)] * 10)
    stats = UsageStats(Database(tmp_path), today=lambda: next(days))
    stats.count_question(shipped_engine.answer("Wer ist Marc Brandt?"))
    stats.count_question(shipped_engine.answer("Wer ist Olaf Scholz?"))
    stats.count_inline_query("en")
    stats.count_entry_shown("marc_brandt")
    stats.count_question(shipped_engine.answer("Helmut Schmidt"))
    stats.count_question(shipped_engine.answer("Who is Marc Brandt?"))
    figures = stats.figures(days=30)
    assert [f.day for f in figures] == ["2026-11-24", "2026-11-23"]
    latest, first = figures
    assert (first.questions, first.answers, first.fallbacks, first.inline_queries) == (2, 1, 1, 1)
    assert first.entries == {"marc_brandt": 2}
    assert (latest.questions, latest.suggestions, latest.answers) == (2, 1, 1)
    assert latest.languages == {"de": 1, "en": 1}
    assert main(["stats", "--data", str(tmp_path), "--days", "3650"]) == 0
    out = capsys.readouterr().out
    assert "2026-11-23: 2 questions (answered 1, suggestions 0, fallback 1), inline 1" in out
    assert "top entries: marc_brandt 2" in out


def test_usage_counts_are_written_only_when_flushed(tmp_path: Path, shipped_engine: AnswerEngine) -> None:
    stats = UsageStats(Database(tmp_path))
    stats.count_question(shipped_engine.answer("Wer ist Marc Brandt?"))
    stats.count_question(shipped_engine.answer("Wer ist Marc Brandt?"))
    stored = Database(tmp_path)  # a second connection sees only what was written
    total = "SELECT COALESCE(SUM(count), 0) FROM usage_daily WHERE metric = 'questions'"
    assert stored.execute(total) == [(0,)]
    stats.flush()
    assert stored.execute(total) == [(2,)]
    stats.count_question(shipped_engine.answer("Wer ist Marc Brandt?"))
    stats.flush()
    stats.flush()  # nothing pending: nothing added twice
    assert stored.execute(total) == [(3,)]


async def test_usage_counts_are_flushed_regularly_and_a_failed_flush_ends_nothing(
    tmp_path: Path, shipped_engine: AnswerEngine
) -> None:
    usage = UsageStats(Database(tmp_path))
    stored = Database(tmp_path)
    total = "SELECT COALESCE(SUM(count), 0) FROM usage_daily WHERE metric = 'questions'"
    failures = [OSError("disk full")]

    def flush() -> None:
        if failures:
            raise failures.pop()
        usage.flush()

    stop = asyncio.Event()
    flushing = asyncio.create_task(run_every(0.05, stop, flush))
    usage.count_question(shipped_engine.answer("Wer ist Marc Brandt?"))
    for _ in range(200):
        if stored.execute(total) == [(1,)]:
            break
        await asyncio.sleep(0.01)
    assert not failures and stored.execute(total) == [(1,)]
    stop.set()
    await asyncio.wait_for(flushing, timeout=5)


def test_database_file_location(tmp_path: Path) -> None:
    Database(tmp_path / "nested" / "dir").close()
    assert sqlite3.connect(tmp_path / "nested" / "dir" / DATABASE_NAME).execute("SELECT 1").fetchone() == (1,)
